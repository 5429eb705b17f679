package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/internal/testkit"
)

// oauthForm posts a form to an OAuth endpoint of the server, as a CLI does.
func oauthForm(t *testing.T, srv *testkit.Server, path string, form url.Values) map[string]any {
	t.Helper()
	resp, err := http.PostForm(srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// TestActivateApprovesADevice: a CLI starts the device grant; the person opens the
// verification link, logs in first, sees which client asks and when, with the plain
// warning of what approving does, approves, and the CLI's next poll gets a working key.
func TestActivateApprovesADevice(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite", testkit.WithDeviceGrant(time.Second))
	const email = "grace@example.com"
	apiAccount(t, srv, email, "Grace")
	started := oauthForm(t, srv, "/oauth/device_authorization", url.Values{"client_id": {"accountd-cli"}})
	code, _ := started["user_code"].(string)
	complete, _ := started["verification_uri_complete"].(string)
	if code == "" || !strings.HasSuffix(complete, "/activate?user_code="+code) {
		t.Fatalf("device authorization: %v", started)
	}

	b := newBrowser(t, srv)
	b.open("/activate?user_code=" + code)
	b.waitPage("Log in")
	b.logIn(email)
	b.waitPage("Connect a device")
	b.checkA11y("the code page")
	b.click(button("Continue"))
	b.waitPage("Give accountd CLI access to your account?")
	if w := b.text(`[data-testid="activate-warning"]`); !strings.Contains(w, "Approving gives accountd CLI access to your account") {
		t.Fatalf("warning: %q", w)
	}
	if c := b.text(`[data-testid="activate-client"]`); c != "accountd CLI" {
		t.Fatalf("client: %q", c)
	}
	if r := b.text(`[data-testid="activate-requested"]`); r == "" {
		t.Fatal("no request time")
	}
	b.checkA11y("the approval page")
	b.click(button("Approve accountd CLI"))
	b.waitPage("Device approved")
	b.see("where the key is listed", chromedp.Search(`//a[normalize-space(.)="See your API keys"]`))

	srv.Clock.Advance(time.Second)
	tok := oauthForm(t, srv, "/oauth/token", url.Values{
		"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}, "client_id": {"accountd-cli"},
		"device_code": {started["device_code"].(string)},
	})
	key, _ := tok["access_token"].(string)
	if !strings.HasPrefix(key, "acd_key_") || !keyWorks(t, srv, key) {
		t.Fatalf("token after approval: %v", tok)
	}
}
