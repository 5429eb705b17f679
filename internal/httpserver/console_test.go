package httpserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

// TestConsoleRoutes: the console answers every path no other route takes with its page
// (the links of every email among them), under a CSP that allows only its own origin;
// the API's routes keep their handlers, and a missing asset is a 404, not the page.
func TestConsoleRoutes(t *testing.T) {
	srv := sqliteServer(t)
	get := func(t *testing.T, method, path string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		return resp, string(body)
	}
	for _, tc := range []struct {
		name, method, path string
		status             int
		contentType        string
		console            bool // the console's page, under its CSP
	}{
		{"start page", "GET", "/", 200, "text/html", true},
		{"verify link", "GET", "/verify-email?token=acd_ver_x", 200, "text/html", true},
		{"reset link", "GET", "/reset-password?token=acd_rst_x", 200, "text/html", true},
		{"log-in link", "GET", "/login", 200, "text/html", true},
		{"forgot link", "GET", "/forgot-password", 200, "text/html", true},
		{"invitation link", "GET", "/accept-invitation?token=acd_inv_x", 200, "text/html", true},
		{"deep page", "GET", "/account/api-keys", 200, "text/html", true},
		{"index.html", "GET", "/index.html", 200, "text/html", true},
		{"HEAD", "HEAD", "/signup", 200, "text/html", true},
		{"script", "GET", "/assets/console.js", 200, "text/javascript", false},
		{"missing asset", "GET", "/assets/nothing.js", 404, "", false},
		{"assets folder", "GET", "/assets/", 404, "", false},
		{"POST to a page", "POST", "/signup", 405, "", false},
		{"playground", "GET", "/playground", 200, "text/html", false},
		{"unknown dev page", "GET", "/dev/nothing", 404, "", false},
		{"unknown under /auth", "GET", "/auth/nothing", 404, "", false},
		{"under /graphql", "GET", "/graphql/x", 404, "", false},
		{"healthz", "GET", "/healthz", 200, "text/plain", false},
		{"POST healthz", "POST", "/healthz", 405, "", false},
	} {
		t.Run("case="+tc.name, func(t *testing.T) {
			resp, body := get(t, tc.method, tc.path)
			if resp.StatusCode != tc.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.contentType) {
				t.Fatalf("%s %s = %d %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			csp := resp.Header.Get("Content-Security-Policy")
			if tc.console {
				if tc.method == "GET" && !strings.Contains(body, `<script type="module" crossorigin src="/assets/console.js">`) {
					t.Fatalf("not the console's page:\n%s", clip([]byte(body)))
				}
				for _, want := range []string{"default-src 'self'", "script-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'"} {
					if !strings.Contains(csp, want) {
						t.Fatalf("CSP %q lacks %q", csp, want)
					}
				}
				if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
					t.Fatalf("CSP allows inline code: %q", csp)
				}
			}
			if resp.Header.Get("X-Frame-Options") != "DENY" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Fatalf("security headers missing: %v", resp.Header)
			}
		})
	}
	t.Run("case=no dev mailbox hint with SMTP", func(t *testing.T) {
		_, body := get(t, "GET", "/")
		if !strings.Contains(body, `<meta name="accountd-dev-mailbox" content="">`) {
			t.Fatalf("hint set although mail goes to SMTP:\n%s", clip([]byte(body)))
		}
	})
}

// TestConsoleDevMailboxHint: in dev mode without SMTP, the page tells the console where
// the dev mailbox is, so a newcomer finds the verification email.
func TestConsoleDevMailboxHint(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite", func(c *config.Config) { c.SMTPURL = "" })
	resp, err := http.Get(srv.URL + "/signup")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if !strings.Contains(string(body), `<meta name="accountd-dev-mailbox" content="/dev/mailbox">`) {
		t.Fatalf("no dev mailbox hint:\n%s", clip(body))
	}
}
