package account_test

import (
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

// TestNamesAreNormalised: names are stored in the form of the PRECIS Nickname profile
// (RFC 8266): other spaces become spaces, runs collapse, the ends are trimmed, and
// compatibility forms (fullwidth letters) become their plain letters, so two names
// that look the same are the same (issue 18, item 11). The refusals are walked by
// TestEveryNameFieldIsANickname.
func TestNamesAreNormalised(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := freshClient(t, srv, "norm@example.com")
		var out struct {
			UpdateProfile struct {
				User       struct{ Name, Company string }
				UserErrors []userError
			}
		}
		resp := c.Do(`mutation($n: String, $c: String) { updateProfile(input: {name: $n, company: $c}) {
			user { name company } userErrors { code field message } } }`,
			map[string]any{"n": " Ada\u00a0\u00a0Lovelace\u3000", "c": "ＡＣＭＥ  Ltd"}, &out)
		if len(resp.Errors) > 0 || len(out.UpdateProfile.UserErrors) > 0 {
			t.Fatalf("updateProfile: %s", resp.Body)
		}
		if u := out.UpdateProfile.User; u.Name != "Ada Lovelace" || u.Company != "ACME Ltd" {
			t.Fatalf("stored %q, %q", u.Name, u.Company)
		}
		_, key := mustCreateAPIKey(t, c, map[string]any{"name": "  ｃｉ   runner ", "password": strongPassword})
		if key.Name != "ci runner" {
			t.Fatalf("API key name %q", key.Name)
		}
		// An empty name and company stay allowed in the profile; an empty key name is not.
		resp = c.Do(`mutation { updateProfile(input: {name: " ", company: ""}) { user { name company } userErrors { code } } }`, nil, &out)
		if len(out.UpdateProfile.UserErrors) > 0 || out.UpdateProfile.User.Name != "" {
			t.Fatalf("blank profile: %s", resp.Body)
		}
		p, _ := createAPIKey(t, c, map[string]any{"name": "\u3000", "password": strongPassword})
		wantCodes(t, p.UserErrors, "INVALID_INPUT")
	})
}
