package httpserver_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

// TestQueryShapeLimits sends operations whose shape is abusive: many root fields,
// many aliases, two credential mutations in one request (OWASP GraphQL Cheat Sheet,
// "Batching Attacks"; SECURITY.md row 10, 34). Each is refused before it runs.
func TestQueryShapeLimits(t *testing.T) {
	srv := sqliteServer(t)
	c := srv.Client(t)
	logIns := func(n int) string {
		var b strings.Builder
		b.WriteString("mutation {")
		for i := range n {
			fmt.Fprintf(&b, ` l%d: logIn(input: {email: "x%d@example.com", password: "guess number %d"}) { token }`, i, i, i)
		}
		return b.String() + " }"
	}
	aliases := func(n int) string {
		var b strings.Builder
		b.WriteString("{ viewer {")
		for i := range n {
			fmt.Fprintf(&b, " a%d: id", i)
		}
		return b.String() + " } }"
	}
	for _, tc := range []struct {
		name, query, code string
	}{
		{"100 aliased logIn", logIns(100), "QUERY_TOO_COMPLEX"},
		{"two logIn", logIns(2), "BAD_REQUEST"},
		{"logIn and resetPassword", `mutation { logIn(input: {email: "a@example.com", password: "p"}) { token }
			resetPassword(input: {token: "acd_rst_x", newPassword: "p"}) { userErrors { code } } }`, "BAD_REQUEST"},
		{"two provisionDevice", `mutation { a: provisionDevice(input: {name: "a"}) { token } b: provisionDevice(input: {name: "b"}) { token } }`, "BAD_REQUEST"},
		{"21 aliases", aliases(21), "QUERY_TOO_COMPLEX"},
		{"11 root fields", "{" + strings.Repeat(" viewer { id }", 11) + " }", "QUERY_TOO_COMPLEX"},
	} {
		t.Run("case="+tc.name, func(t *testing.T) {
			resp := c.Do(tc.query, nil, nil)
			if resp.Code() != tc.code || strings.Contains(string(resp.Body), `"data":{"l0"`) {
				t.Fatalf("got %d %s, want %s", resp.Status, resp.Body, tc.code)
			}
		})
	}
	// Within the limits, all is well.
	for _, q := range []string{logIns(1), aliases(20), "{" + strings.Repeat(" viewer { id }", 10) + " }"} {
		if resp := c.Do(q, nil, nil); len(resp.Errors) > 0 {
			t.Fatalf("refused within the limits: %s", resp.Body)
		}
	}
	// The lone logIn above was evaluated once: nine more before the lock.
	for i := range 9 {
		var out struct {
			LogIn struct{ UserErrors []struct{ Code string } }
		}
		c.Do(`mutation { logIn(input: {email: "x0@example.com", password: "guess"}) { userErrors { code } } }`, nil, &out)
		if len(out.LogIn.UserErrors) != 1 || out.LogIn.UserErrors[0].Code != "INVALID_CREDENTIALS" {
			t.Fatalf("attempt %d: %+v", i+2, out)
		}
	}
}

// TestSecurityHeaders checks the headers of every response, and HSTS outside dev.
func TestSecurityHeaders(t *testing.T) {
	forEachEnv(t, func(t *testing.T, env string, srv *testkit.Server, c *testkit.Client) {
		for _, path := range []string{"/graphql", "/healthz", "/nowhere"} {
			req, _ := http.NewRequest("GET", srv.URL+path+"?query=%7Bviewer%7Bid%7D%7D", nil)
			resp := c.Send(req)
			for h, want := range map[string]string{
				"X-Content-Type-Options":  "nosniff",
				"X-Frame-Options":         "DENY",
				"Content-Security-Policy": "frame-ancestors 'none'",
				"Cache-Control":           "no-store",
				"Referrer-Policy":         "no-referrer",
			} {
				got := resp.Header.Get(h)
				// The console's pages (/nowhere is one) have a stricter policy that
				// keeps frame-ancestors 'none'.
				if got != want && (h != "Content-Security-Policy" || !strings.Contains(got, want)) {
					t.Errorf("%s %s: %s = %q, want %q", env, path, h, got, want)
				}
			}
			hsts := resp.Header.Get("Strict-Transport-Security")
			if (env == "production") != (hsts != "") {
				t.Errorf("%s %s: HSTS = %q", env, path, hsts)
			}
		}
	})
}

// TestProductionHidesTheSchema: outside dev, introspection is refused and a typo gets
// no "Did you mean" (ASVS 4.3.2; OWASP GraphQL Cheat Sheet; SECURITY.md row 32, 33).
// Dev mode keeps both for the playground.
func TestProductionHidesTheSchema(t *testing.T) {
	forEachEnv(t, func(t *testing.T, env string, srv *testkit.Server, c *testkit.Client) {
		resp := c.Do(`{ __schema { queryType { name } } }`, nil, nil)
		if introspected := len(resp.Errors) == 0; introspected != (env == "dev") {
			t.Errorf("introspection in %s: %s", env, resp.Body)
		}
		resp = c.Do(`{ viewr { id } }`, nil, nil)
		suggests := strings.Contains(string(resp.Body), "Did you mean")
		if len(resp.Errors) == 0 || suggests != (env == "dev") {
			t.Errorf("typo in %s: %s", env, resp.Body)
		}
	})
}

// TestPasswordStrengthIsLimited: scoring costs CPU, so a client IP gets 120 a minute;
// the refusal is a top-level RATE_LIMITED with extensions.retryAfterSeconds.
func TestPasswordStrengthIsLimited(t *testing.T) {
	srv := sqliteServer(t)
	c := srv.Client(t)
	const q = `{ passwordStrength(password: "Tr0ub4dor&3") { score } }`
	for i := range 120 {
		if resp := c.Do(q, nil, nil); len(resp.Errors) > 0 {
			t.Fatalf("check %d: %s", i+1, resp.Body)
		}
	}
	resp := c.Do(q, nil, nil)
	if resp.Code() != "RATE_LIMITED" {
		t.Fatalf("check 121: %s", resp.Body)
	}
	if s, ok := resp.Errors[0].Extensions["retryAfterSeconds"].(float64); !ok || s <= 0 || s > 60 {
		t.Fatalf("retryAfterSeconds = %v", resp.Errors[0].Extensions["retryAfterSeconds"])
	}
}
