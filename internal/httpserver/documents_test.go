package httpserver_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/web"
)

// consoleDocument returns the id and text of the console's registered document whose
// text starts with prefix.
func consoleDocument(t *testing.T, prefix string) (id, text string) {
	t.Helper()
	var docs map[string]string
	if err := json.Unmarshal(web.TrustedDocuments(), &docs); err != nil {
		t.Fatal(err)
	}
	for id, text := range docs {
		if strings.HasPrefix(text, prefix) {
			return id, text
		}
	}
	t.Fatalf("the console registers no document starting with %q", prefix)
	return "", ""
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// post sends a raw GraphQL request body with the given headers.
func post(t *testing.T, c *testkit.Client, url, body string, header map[string]string) *testkit.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return c.Send(req)
}

// TestTrustedDocuments: registered operations (the console's, built into the binary,
// and an app's manifest from ACCOUNTD_TRUSTED_DOCUMENTS_MANIFESTS) run by id, in each
// of the forms clients send; under require, browsers run nothing else; under off, ids
// are refused.
func TestTrustedDocuments(t *testing.T) {
	t.Parallel()
	viewerID, viewerText := consoleDocument(t, "query Viewer")
	hexID := strings.TrimPrefix(viewerID, "sha256:")
	// An app's manifest in Apollo's format (Apollo Kotlin, generate-persisted-query-manifest).
	appDoc := "query AppViewerEmail { viewer { email } }"
	manifest, _ := json.Marshal(map[string]any{
		"format": "apollo-persisted-query-manifest", "version": 1,
		"operations": []map[string]any{{"id": sha256Hex(appDoc), "name": "AppViewerEmail", "type": "query", "body": appDoc}},
	})
	manifestPath := filepath.Join(t.TempDir(), "app-manifest.json")
	if err := os.WriteFile(manifestPath, manifest, 0o600); err != nil {
		t.Fatal(err)
	}
	browser := map[string]string{"Sec-Fetch-Site": "same-origin"}
	freeForm := `{"query":"{ viewer { id } }"}`

	testkit.ForEachStore(t, func(t *testing.T, store string) {
		for _, mode := range []string{"allow", "require", "off"} {
			t.Run("mode="+mode, func(t *testing.T) {
				srv := testkit.NewServer(t, store, func(c *config.Config) {
					c.TrustedDocuments = mode
					c.TrustedDocumentsManifests = []string{manifestPath}
				})
				c := srv.Client(t)
				for _, tc := range []struct {
					name   string
					body   string
					header map[string]string
					// code is the extensions.code expected under each mode, "" for a
					// run without errors.
					allow, require, off string
				}{
					{"documentId", `{"documentId":"` + viewerID + `"}`, browser, "", "", "PERSISTED_QUERY_NOT_SUPPORTED"},
					{"id without prefix", `{"id":"` + hexID + `"}`, browser, "", "", "PERSISTED_QUERY_NOT_SUPPORTED"},
					{"Apollo persistedQuery hash alone", `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + hexID + `"}}}`, browser, "", "", "PERSISTED_QUERY_NOT_FOUND"},
					{"an app's manifest", `{"documentId":"sha256:` + sha256Hex(appDoc) + `"}`, browser, "", "", "PERSISTED_QUERY_NOT_SUPPORTED"},
					{"unknown documentId", `{"documentId":"sha256:` + strings.Repeat("0", 64) + `"}`, browser, "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED"},
					{"registered text", `{"query":` + mustJSON(viewerText) + `}`, browser, "", "", ""},
					{"free-form query from a browser", freeForm, browser, "", "TRUSTED_DOCUMENT_REQUIRED", ""},
					{"free-form query from an Origin", freeForm, map[string]string{"Origin": "http://app.example.test"}, "", "TRUSTED_DOCUMENT_REQUIRED", ""},
					{"free-form query from a script", freeForm, nil, "", "", ""},
				} {
					want := map[string]string{"allow": tc.allow, "require": tc.require, "off": tc.off}[mode]
					resp := post(t, c, srv.URL, tc.body, tc.header)
					if resp.Status != http.StatusOK || resp.Code() != want {
						t.Errorf("%s: %d %s, want code %q", tc.name, resp.Status, clip(resp.Body), want)
					}
					if want == "" && !strings.Contains(string(resp.Body), `"viewer":null`) {
						t.Errorf("%s: did not run: %s", tc.name, clip(resp.Body))
					}
				}
				if mode == "allow" {
					req, _ := http.NewRequest(http.MethodGet, srv.URL+"/graphql?documentId="+viewerID, nil)
					if resp := c.Send(req); resp.Status != http.StatusOK || string(resp.Data) != `{"viewer":null}` {
						t.Errorf("GET documentId: %d %s", resp.Status, clip(resp.Body))
					}
				}
				if mode == "require" {
					// The refusal is a request error: 400 under graphql-response+json.
					resp := post(t, c, srv.URL, freeForm, map[string]string{"Sec-Fetch-Site": "same-origin", "Accept": "application/graphql-response+json"})
					if resp.Status != http.StatusBadRequest || resp.Code() != "TRUSTED_DOCUMENT_REQUIRED" {
						t.Errorf("require under graphql-response+json: %d %s", resp.Status, clip(resp.Body))
					}
				}
				malformed := []string{`{"documentId":7}`}
				if mode != "off" {
					malformed = append(malformed, `{"documentId":"md5:abc"}`, `{"documentId":"sha256:`+hexID+`","query":"{ viewer { id } }"}`)
				}
				for _, body := range malformed {
					if resp := post(t, c, srv.URL, body, nil); resp.Status != http.StatusBadRequest || resp.Code() != "BAD_REQUEST" {
						t.Errorf("%s: %d %s, want 400 BAD_REQUEST", body, resp.Status, clip(resp.Body))
					}
				}
			})
		}
	})
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
