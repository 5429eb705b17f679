package httpserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

// The state cookie of the browser flow: HttpOnly, SameSite=Lax, ten minutes, Secure
// with the __Host- prefix outside plain-http dev; the start sends the browser to the
// provider with state, nonce and an S256 PKCE challenge.
func TestSocialStartStateCookie(t *testing.T) {
	t.Parallel()
	const app = "https://app.example.test/auth/done"
	for _, tc := range []struct {
		name   string
		secure bool
		cookie string
	}{
		{"dev over http", false, "accountd_oauth_state"},
		{"https", true, "__Host-accountd_oauth_state"},
	} {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			op := testkit.NewOIDCProvider(t)
			opts := []testkit.Option{op.Option(), testkit.WithRedirectURLs(app)}
			if tc.secure {
				opts = append(opts, func(c *config.Config) { c.PublicURL = "https://app.example.test" })
			}
			srv := testkit.NewServer(t, "sqlite", opts...)
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := client.Get(srv.URL + "/auth/google/start?redirect=" + url.QueryEscape(app))
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusFound || resp.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("start = %d %v", resp.StatusCode, resp.Header)
			}
			loc, _ := resp.Location()
			q := loc.Query()
			if !strings.HasPrefix(loc.String(), op.URL+"/authorize?") || q.Get("state") == "" || q.Get("nonce") == "" ||
				q.Get("code_challenge_method") != "S256" || q.Get("redirect_uri") != srv.URL+"/auth/google/callback" {
				t.Fatalf("start redirects to %s", loc)
			}
			var c *http.Cookie
			for _, k := range resp.Cookies() {
				if k.Name == tc.cookie {
					c = k
				}
			}
			if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.MaxAge != 600 || c.Path != "/" || c.Secure != tc.secure {
				t.Fatalf("state cookie = %+v, want %s HttpOnly Lax Max-Age=600 Secure=%v", c, tc.cookie, tc.secure)
			}
			if strings.Contains(c.Value, q.Get("state")) || strings.Contains(c.Value, q.Get("nonce")) {
				t.Fatal("the state cookie is readable")
			}
		})
	}
}
