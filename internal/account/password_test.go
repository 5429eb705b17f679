package account_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

const (
	changePasswordOp = `mutation($current: String!, $new: String!) {
		changePassword(input: {currentPassword: $current, newPassword: $new}) {
			user { id hasPassword } userErrors { code field message } } }`
	setPasswordOp = `mutation($new: String!) { setPassword(input: {newPassword: $new}) {
		user { id hasPassword } userErrors { code field message } } }`
)

type passwordPayload struct {
	User       *viewerData
	UserErrors []userError
}

func changePassword(t *testing.T, c *testkit.Client, current, next string) passwordPayload {
	t.Helper()
	return call[passwordPayload](t, c, changePasswordOp, "changePassword", map[string]any{"current": current, "new": next})
}

func setPassword(t *testing.T, c *testkit.Client, next string) passwordPayload {
	t.Helper()
	return call[passwordPayload](t, c, setPasswordOp, "setPassword", map[string]any{"new": next})
}

func TestChangePassword(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "carl@example.com"
		current := clientWithBearer(t, srv, newAccount(t, srv, addr))
		other := clientWithBearer(t, srv, *logIn(t, srv.Client(t), addr, strongPassword).Token)

		t.Run("case=wrong current password", func(t *testing.T) {
			p := changePassword(t, current, "not my password at all", newStrongPassword)
			wantCodes(t, p.UserErrors, "INVALID_CREDENTIALS")
			if got := p.UserErrors[0].Field; len(got) != 2 || got[1] != "currentPassword" {
				t.Fatalf("field = %v", got)
			}
		})
		t.Run("case=weak new password", func(t *testing.T) {
			wantCodes(t, changePassword(t, current, strongPassword, "carl@example.com 1").UserErrors, "WEAK_PASSWORD")
		})
		if v, _ := viewer(t, other); v == nil {
			t.Fatal("a refused change ended a session")
		}

		p := changePassword(t, current, strongPassword, newStrongPassword)
		wantCodes(t, p.UserErrors)
		if p.User == nil || !p.User.HasPassword {
			t.Fatalf("payload user = %+v", p.User)
		}
		if v, _ := viewer(t, current); v == nil {
			t.Fatal("the session that changed the password was ended")
		}
		if _, resp := viewer(t, other); resp.Status != http.StatusUnauthorized {
			t.Fatalf("another session survived the change: %d", resp.Status)
		}
		wantCodes(t, logIn(t, srv.Client(t), addr, strongPassword).UserErrors, "INVALID_CREDENTIALS")
		if p := logIn(t, srv.Client(t), addr, newStrongPassword); p.Token == nil {
			t.Fatalf("new password: %+v", p.UserErrors)
		}
		waitMail(t, srv, addr, "password was changed")

		t.Run("case=same password again is allowed", func(t *testing.T) {
			wantCodes(t, changePassword(t, current, newStrongPassword, newStrongPassword).UserErrors)
		})
	})
}

func TestSetPassword(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		// passwordless returns a session of an account without a password, as social
		// log-in (a later issue) makes them: here the column is cleared.
		passwordless := func(addr string) *testkit.Client {
			newAccount(t, srv, addr)
			c := clientWithBearer(t, srv, *logIn(t, srv.Client(t), addr, strongPassword).Token)
			wantCodes(t, setPassword(t, c, newStrongPassword).UserErrors, "PASSWORD_ALREADY_SET")
			v, _ := viewer(t, c)
			if err := srv.App.Store.Client.User.UpdateOneID(v.ID).ClearPasswordHash().Exec(t.Context()); err != nil {
				t.Fatal(err)
			}
			return c
		}
		stale := passwordless("stale@example.com")
		srv.Clock.Advance(21 * time.Minute) // its log-in no longer counts as fresh
		c := passwordless("sofia@example.com")

		wantCodes(t, deleteAccount(t, c, "anything at all here").UserErrors, "PASSWORD_REQUIRED")
		wantCodes(t, changePassword(t, c, "anything at all here", newStrongPassword).UserErrors, "PASSWORD_REQUIRED")
		wantCodes(t, setPassword(t, c, "short").UserErrors, "WEAK_PASSWORD")
		wantCodes(t, setPassword(t, stale, newStrongPassword).UserErrors, "FRESH_AUTH_REQUIRED")

		p := setPassword(t, c, newStrongPassword)
		wantCodes(t, p.UserErrors)
		if p.User == nil || !p.User.HasPassword {
			t.Fatalf("payload user = %+v", p.User)
		}
		if p := logIn(t, srv.Client(t), "sofia@example.com", newStrongPassword); p.Token == nil {
			t.Fatalf("log in with the set password: %+v", p.UserErrors)
		}
		wantCodes(t, setPassword(t, c, "another quite long passphrase 7").UserErrors, "PASSWORD_ALREADY_SET")
	})
}
