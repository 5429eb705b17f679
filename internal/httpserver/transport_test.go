package httpserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

// TestStatusAndMediaTypePerAccept pins GraphQL over HTTP (the draft spec; the full
// audit is contract/audit_test.go): request errors answer 200 under
// Accept: application/json (so Apollo Client shows graphQLErrors) and 400 without a
// data entry under application/graphql-response+json; accountd's own pre-execution
// refusals count as request errors; answers of the middleware are application/json
// whatever the Accept.
func TestStatusAndMediaTypePerAccept(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		roots := "{" + strings.Repeat(" viewer { id }", 11) + " }"
		twoLogIns := `mutation { a: logIn(input: {email: \"a@example.com\", password: \"x\"}) { userErrors { code } } b: logIn(input: {email: \"b@example.com\", password: \"x\"}) { userErrors { code } } }`
		cases := []struct {
			name   string
			method string
			header map[string]string
			body   string
			// status and media type under Accept: application/json, then under
			// application/graphql-response+json
			jsonStatus, gqlStatus int
			jsonMedia, gqlMedia   string
			code                  string
			data                  bool
		}{
			{"success", "POST", nil, `{"query":"{ viewer { id } }"}`, 200, 200, "application/json", "application/graphql-response+json", "", true},
			{"parse failure", "POST", nil, `{"query":"{"}`, 200, 400, "application/json", "application/graphql-response+json", "GRAPHQL_PARSE_FAILED", false},
			{"validation failure", "POST", nil, `{"query":"{ viewer { passwordHash } }"}`, 200, 400, "application/json", "application/graphql-response+json", "GRAPHQL_VALIDATION_FAILED", false},
			{"variable coercion failure", "POST", nil, `{"query":"query($n: Int) { viewer { fleets(first: $n) { totalCount } } }","variables":{"n":"ten"}}`, 200, 400, "application/json", "application/graphql-response+json", "GRAPHQL_VALIDATION_FAILED", false},
			{"11 root fields", "POST", nil, `{"query":"` + roots + `"}`, 200, 400, "application/json", "application/graphql-response+json", "QUERY_TOO_COMPLEX", false},
			{"two credential mutations", "POST", nil, `{"query":"` + twoLogIns + `"}`, 200, 400, "application/json", "application/graphql-response+json", "BAD_REQUEST", false},
			{"no query", "POST", nil, `{"variables":{}}`, 400, 400, "application/json", "application/graphql-response+json", "BAD_REQUEST", false},
			{"query not a string", "POST", nil, `{"query":{"a":1}}`, 400, 400, "application/json", "application/graphql-response+json", "BAD_REQUEST", false},
			{"variables not an object", "POST", nil, `{"query":"{ viewer { id } }","variables":"x"}`, 400, 400, "application/json", "application/graphql-response+json", "BAD_REQUEST", false},
			{"malformed JSON (middleware)", "POST", nil, `{"query":`, 400, 400, "application/json", "application/json", "BAD_REQUEST", false},
			{"bad bearer (middleware)", "POST", map[string]string{"Authorization": "Bearer nope"}, `{"query":"{ viewer { id } }"}`, 401, 401, "application/json", "application/json", "UNAUTHENTICATED", false},
			{"PUT (middleware)", "PUT", nil, `{"query":"{ viewer { id } }"}`, 405, 405, "application/json", "application/json", "BAD_REQUEST", false},
			{"text/plain (middleware)", "POST", map[string]string{"Content-Type": "text/plain"}, `{"query":"{ viewer { id } }"}`, 415, 415, "application/json", "application/json", "BAD_REQUEST", false},
			{"GET mutation", "GET", nil, "mutation { logOut { userErrors { code } } }", 405, 405, "application/json", "application/json", "BAD_REQUEST", false},
			{"GET parse failure", "GET", nil, "{", 200, 400, "application/json", "application/graphql-response+json", "GRAPHQL_PARSE_FAILED", false},
			{"GET of a field that takes a password", "GET", nil, `{ passwordStrength(password: "correct horse battery") { score } }`, 405, 405, "application/json", "application/json", "BAD_REQUEST", false},
			{"GET of a field that takes a password, in a fragment", "GET", nil, `query { ...F } fragment F on Query { passwordStrength(password: "x") { score } }`, 405, 405, "application/json", "application/json", "BAD_REQUEST", false},
			{"GET with blank variables", "GET", nil, "{ __typename }&variables=%20", 400, 400, "application/json", "application/graphql-response+json", "BAD_REQUEST", false},
		}
		for _, tc := range cases {
			for _, accept := range []string{"application/json", "application/graphql-response+json"} {
				t.Run("case="+tc.name+"/accept="+accept, func(t *testing.T) {
					var req *http.Request
					if tc.method == "GET" {
						// What follows an & is sent as it is (more parameters).
						query, rest, _ := strings.Cut(tc.body, "&")
						if rest != "" {
							rest = "&" + rest
						}
						req, _ = http.NewRequest(http.MethodGet, srv.URL+"/graphql?query="+url.QueryEscape(query)+rest, nil)
					} else {
						req, _ = http.NewRequest(tc.method, srv.URL+"/graphql", strings.NewReader(tc.body))
						req.Header.Set("Content-Type", "application/json")
					}
					req.Header.Set("Accept", accept)
					for k, v := range tc.header {
						req.Header.Set(k, v)
					}
					resp := srv.Client(t).Send(req)
					status, media := tc.jsonStatus, tc.jsonMedia
					if accept != "application/json" {
						status, media = tc.gqlStatus, tc.gqlMedia
					}
					if resp.Status != status || !strings.HasPrefix(resp.Header.Get("Content-Type"), media) {
						t.Fatalf("got %d %s, want %d %s: %s", resp.Status, resp.Header.Get("Content-Type"), status, media, clip(resp.Body))
					}
					if resp.Code() != tc.code {
						t.Fatalf("extensions.code %q, want %q: %s", resp.Code(), tc.code, clip(resp.Body))
					}
					if hasData := strings.Contains(string(resp.Body), `"data"`); hasData != tc.data {
						t.Fatalf("data entry present=%v, want %v: %s", hasData, tc.data, clip(resp.Body))
					}
					if tc.method == "GET" && resp.Status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") != "POST" {
						t.Fatalf("Allow %q, want POST", resp.Header.Get("Allow"))
					}
				})
			}
		}
	})
}

// TestAcceptNegotiation: clients that list both types get the one they prefer, and
// those that list neither (or */*) get application/json.
func TestAcceptNegotiation(t *testing.T) {
	srv := sqliteServer(t)
	for accept, want := range map[string]string{
		"":    "application/json",
		"*/*": "application/json",
		"application/graphql-response+json, application/json;q=0.9": "application/graphql-response+json",
		"application/json, application/graphql-response+json;q=0.5": "application/json",
		"application/graphql-response+json;q=0, application/json":   "application/json",
		"text/html": "application/json",
	} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ viewer { id } }"}`))
		req.Header.Set("Content-Type", "application/json")
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp := srv.Client(t).Send(req)
		if resp.Status != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), want) {
			t.Errorf("Accept %q: %d %s, want %s", accept, resp.Status, resp.Header.Get("Content-Type"), want)
		}
	}
}
