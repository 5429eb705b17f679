package account_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

const (
	resetKeepOp = `mutation($token: String!, $pw: String!, $revoke: Boolean) {
		resetPassword(input: {token: $token, newPassword: $pw, revokeApiKeys: $revoke}) { userErrors { code field message } } }`
	changeKeepOp = `mutation($current: String!, $new: String!, $revoke: Boolean) {
		changePassword(input: {currentPassword: $current, newPassword: $new, revokeApiKeys: $revoke}) {
			user { id } userErrors { code field message } } }`
)

// keyWorks tells whether an API key still authenticates.
func keyWorks(t *testing.T, srv *testkit.Server, key string) bool {
	t.Helper()
	v, resp := viewer(t, clientWithBearer(t, srv, key))
	if v == nil && resp.Status != http.StatusUnauthorized {
		t.Fatalf("viewer with a key: %d %s", resp.Status, resp.Body)
	}
	return v != nil
}

// passwordChangedMail waits for the n-th "password was changed" email to addr.
func passwordChangedMail(t *testing.T, srv *testkit.Server, addr string, n int) testkit.Email {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got []testkit.Email
		for _, m := range srv.SMTP.Messages() {
			if len(m.To) == 1 && m.To[0] == addr && strings.Contains(m.Subject, "password was changed") {
				got = append(got, m)
			}
		}
		if len(got) >= n {
			return got[n-1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no password-changed email #%d to %s", n, addr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// An intruder's API key must not outlive the owner's recovery: a password reset (and
// a change) revokes every key unless the person chooses to keep them, and the email
// says what was revoked and lists what stayed.
func TestPasswordRecoveryRevokesAPIKeys(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)

		t.Run("case=reset revokes every key by default", func(t *testing.T) {
			const addr = "keys-reset@example.com"
			newAccount(t, srv, addr)
			intruder := clientWithFreshLogIn(t, srv, addr)
			planted, _ := mustCreateAPIKey(t, intruder, map[string]any{"name": "backup"})
			other, _ := mustCreateAPIKey(t, intruder, map[string]any{"name": "sync"})
			wantCodes(t, requestReset(t, srv.Client(t), addr))
			wantCodes(t, resetPassword(t, srv.Client(t), mailedToken(t, srv, addr, "/reset-password", 1), newStrongPassword))
			if keyWorks(t, srv, planted) || keyWorks(t, srv, other) {
				t.Fatal("an API key outlived the password reset")
			}
			m := passwordChangedMail(t, srv, addr, 1)
			if !strings.Contains(m.Text, "API keys were revoked (2)") || strings.Contains(m.Text, "were kept") {
				t.Fatalf("confirmation email:\n%s", m.Text)
			}
		})
		t.Run("case=reset keeps the keys when asked and lists them", func(t *testing.T) {
			const addr = "keys-kept@example.com"
			newAccount(t, srv, addr)
			key, data := mustCreateAPIKey(t, clientWithFreshLogIn(t, srv, addr), map[string]any{"name": "deploy"})
			advancePastMail(t, srv, 2*time.Minute)
			wantCodes(t, requestReset(t, srv.Client(t), addr))
			var out struct {
				ResetPassword struct{ UserErrors []userError }
			}
			srv.Client(t).Do(resetKeepOp, map[string]any{"token": mailedToken(t, srv, addr, "/reset-password", 1), "pw": newStrongPassword, "revoke": false}, &out)
			wantCodes(t, out.ResetPassword.UserErrors)
			if !keyWorks(t, srv, key) {
				t.Fatal("revokeApiKeys: false revoked the key")
			}
			m := passwordChangedMail(t, srv, addr, 1)
			if !strings.Contains(m.Text, "deploy ("+data.Prefix+"...)") || !strings.Contains(m.HTML, data.Prefix) {
				t.Fatalf("confirmation email does not list the kept key %s:\n%s", data.Prefix, m.Text)
			}
		})
		t.Run("case=null counts as revoke", func(t *testing.T) {
			const addr = "keys-null@example.com"
			newAccount(t, srv, addr)
			key, _ := mustCreateAPIKey(t, clientWithFreshLogIn(t, srv, addr), map[string]any{"name": "n"})
			advancePastMail(t, srv, 2*time.Minute)
			wantCodes(t, requestReset(t, srv.Client(t), addr))
			var out struct {
				ResetPassword struct{ UserErrors []userError }
			}
			srv.Client(t).Do(resetKeepOp, map[string]any{"token": mailedToken(t, srv, addr, "/reset-password", 1), "pw": newStrongPassword, "revoke": nil}, &out)
			wantCodes(t, out.ResetPassword.UserErrors)
			if keyWorks(t, srv, key) {
				t.Fatal("revokeApiKeys: null kept the key")
			}
		})
		t.Run("case=change offers the same choice", func(t *testing.T) {
			const addr = "keys-change@example.com"
			newAccount(t, srv, addr)
			owner := clientWithFreshLogIn(t, srv, addr)
			kept, data := mustCreateAPIKey(t, owner, map[string]any{"name": "ci"})
			var out struct{ ChangePassword passwordPayload }
			owner.Do(changeKeepOp, map[string]any{"current": strongPassword, "new": newStrongPassword, "revoke": false}, &out)
			wantCodes(t, out.ChangePassword.UserErrors)
			if !keyWorks(t, srv, kept) {
				t.Fatal("changePassword with revokeApiKeys: false revoked the key")
			}
			if m := passwordChangedMail(t, srv, addr, 1); !strings.Contains(m.Text, "ci ("+data.Prefix+"...)") {
				t.Fatalf("confirmation email does not list the kept key:\n%s", m.Text)
			}
			// By default a change revokes them all.
			if p := changePassword(t, owner, newStrongPassword, strongPassword); len(p.UserErrors) > 0 {
				t.Fatalf("changePassword: %+v", p.UserErrors)
			}
			if keyWorks(t, srv, kept) {
				t.Fatal("an API key outlived the password change")
			}
			if m := passwordChangedMail(t, srv, addr, 2); !strings.Contains(m.Text, "API keys were revoked (1)") {
				t.Fatalf("confirmation email:\n%s", m.Text)
			}
		})
	})
}
