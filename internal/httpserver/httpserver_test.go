package httpserver_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

func TestBadRequestsGetTypedErrors(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := srv.Client(t)
		signUp := `{"query":"mutation { signUp(input: {email: \"x@example.com\", acceptTerms: true}) { userErrors { code } } }"}`
		for _, tc := range []struct {
			name        string
			method      string
			contentType string
			body        []byte
			status      int
			code        string
		}{
			{"text/plain", "POST", "text/plain", []byte(signUp), http.StatusUnsupportedMediaType, "BAD_REQUEST"},
			{"form", "POST", "application/x-www-form-urlencoded", []byte("query=mutation{logOut{userErrors{code}}}"), http.StatusUnsupportedMediaType, "BAD_REQUEST"},
			{"multipart", "POST", "multipart/form-data; boundary=x", []byte("--x--"), http.StatusUnsupportedMediaType, "BAD_REQUEST"},
			{"no content type", "POST", "", []byte(signUp), http.StatusUnsupportedMediaType, "BAD_REQUEST"},
			{"malformed JSON", "POST", "application/json", []byte(`{"query": "mutation {`), http.StatusBadRequest, "BAD_REQUEST"},
			{"batch", "POST", "application/json", []byte("[" + signUp + "," + signUp + "]"), http.StatusBadRequest, "BAD_REQUEST"},
			{"over 1 MiB", "POST", "application/json", append([]byte(`{"query":"`), bytes.Repeat([]byte("a"), 1<<20)...), http.StatusRequestEntityTooLarge, "BAD_REQUEST"},
			{"NUL in a variable", "POST", "application/json", []byte(`{"query":"mutation($e: String!) { resendVerificationEmail(input: {email: $e}) { userErrors { code } } }","variables":{"e":"a\u0000b@x.com"}}`), http.StatusBadRequest, "BAD_REQUEST"},
			{"PUT", "PUT", "application/json", []byte(signUp), http.StatusMethodNotAllowed, "BAD_REQUEST"},
			{"syntax error", "POST", "application/json", []byte(`{"query":"mutation { signUp("}`), http.StatusOK, "GRAPHQL_PARSE_FAILED"},
			{"unknown field", "POST", "application/json", []byte(`{"query":"{ viewer { passwordHash } }"}`), http.StatusOK, "GRAPHQL_VALIDATION_FAILED"},
			{"wrong type", "POST", "application/json", []byte(`{"query":"mutation($e: String!) { resendVerificationEmail(input: {email: $e}) { userErrors { code } } }","variables":{"e":["a@x.com","b@x.com"]}}`), http.StatusOK, "GRAPHQL_VALIDATION_FAILED"},
		} {
			t.Run("case="+tc.name, func(t *testing.T) {
				req, err := http.NewRequest(tc.method, srv.URL+"/graphql", bytes.NewReader(tc.body))
				if err != nil {
					t.Fatal(err)
				}
				if tc.contentType != "" {
					req.Header.Set("Content-Type", tc.contentType)
				}
				resp := c.Send(req)
				if resp.Status != tc.status || resp.Code() != tc.code {
					t.Fatalf("got %d %q (%s), want %d %s", resp.Status, resp.Code(), clip(resp.Body), tc.status, tc.code)
				}
				if strings.Contains(string(resp.Body), ".go:") || strings.Contains(string(resp.Body), "goroutine") {
					t.Fatalf("internal detail leaked: %s", clip(resp.Body))
				}
			})
		}
		t.Run("case=GET runs queries, never mutations", func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/graphql?query="+
				"mutation%7BsignUp(input:%7Bemail:%22g@example.com%22,acceptTerms:true%7D)%7BuserErrors%7Bcode%7D%7D%7D", nil)
			if resp := c.Send(req); resp.Status != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" || resp.Code() != "BAD_REQUEST" {
				t.Fatalf("GET mutation: %d Allow %q %s", resp.Status, resp.Header.Get("Allow"), resp.Body)
			}
			req, _ = http.NewRequest(http.MethodGet, srv.URL+"/graphql?query=%7Bviewer%7Bid%7D%7D", nil)
			if resp := c.Send(req); resp.Status != http.StatusOK || string(resp.Data) != `{"viewer":null}` {
				t.Fatalf("GET query: %d %s", resp.Status, resp.Body)
			}
		})
		t.Run("case=a garbage bearer token", func(t *testing.T) {
			for _, h := range []string{"Bearer nope", "Basic dXNlcjpwYXNz", "Bearer", "Bearer acd_sess_" + strings.Repeat("A", 43)} {
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ viewer { id } }"}`))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", h)
				resp := c.Send(req)
				if resp.Status != http.StatusUnauthorized || resp.Code() != "UNAUTHENTICATED" || resp.Header.Get("WWW-Authenticate") == "" {
					t.Fatalf("%q: %d %s", h, resp.Status, resp.Body)
				}
			}
		})
		if n := srv.App.Store.Client.User.Query().CountX(t.Context()); n != 0 {
			t.Fatalf("refused requests created %d accounts", n)
		}
	})
}

func TestCrossSiteRequestsAreRefused(t *testing.T) {
	srv := sqliteServer(t)
	body := `{"query":"mutation { logOut { userErrors { code } } }"}`
	for _, tc := range []struct {
		name   string
		header map[string]string
		status int
	}{
		{"other site", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, http.StatusForbidden},
		{"other origin without fetch metadata", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"the app's origin", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "http://app.example.test"}, http.StatusOK},
		{"not a browser", map[string]string{}, http.StatusOK},
	} {
		t.Run("case="+tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			resp := srv.Client(t).Send(req)
			if resp.Status != tc.status {
				t.Fatalf("status %d (%s), want %d", resp.Status, resp.Body, tc.status)
			}
		})
	}
	t.Run("case=CORS preflight from the app", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
		req.Header.Set("Origin", "http://app.example.test")
		req.Header.Set("Access-Control-Request-Method", "POST")
		resp := srv.Client(t).Send(req)
		if resp.Header.Get("Access-Control-Allow-Origin") != "http://app.example.test" || resp.Header.Get("Access-Control-Allow-Credentials") != "true" {
			t.Fatalf("preflight headers: %v", resp.Header)
		}
	})
	t.Run("case=CORS preflight from elsewhere", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
		req.Header.Set("Origin", "https://evil.example")
		resp := srv.Client(t).Send(req)
		if resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("CORS allowed an unknown origin: %v", resp.Header)
		}
	})
}

func TestHealth(t *testing.T) {
	srv := sqliteServer(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s = %d", path, resp.StatusCode)
		}
	}
	resp, err := http.Get(srv.URL + "/playground")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("playground in dev: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}
