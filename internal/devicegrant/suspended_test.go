package devicegrant_test

import (
	"testing"
	"time"

	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/testkit"
)

// TestDeviceGrantRefusedAfterSuspension approves a device authorization (for a key,
// and for a session), then suspends the account before the device polls: the token
// exchange answers access_denied (RFC 8628 §3.5: the grant is void) and no key or
// session of the account is made.
func TestDeviceGrantRefusedAfterSuspension(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		ada := newPerson(t, srv, "ada@example.com")
		db := srv.App.Store.Client
		ctx := t.Context()
		var codes []string
		for _, scope := range []string{"", "session"} {
			da := start(t, srv, scope)
			if code := decide(t, ada.Client, map[string]any{"userCode": da.str("user_code"), "approve": true}); code != "" {
				t.Fatalf("approve %q: %s", scope, code)
			}
			codes = append(codes, da.str("device_code"))
		}
		keys := db.APIKey.Query().Where(apikey.UserID(ada.ID)).CountX(ctx)
		sessions := db.Session.Query().Where(session.UserID(ada.ID)).CountX(ctx)
		db.User.Update().Where(user.ID(ada.ID)).SetSuspendedAt(srv.Clock.Now()).ExecX(ctx)
		srv.Clock.Advance(2 * time.Second)
		for i, code := range codes {
			if a := poll(t, srv, "accountd-cli", code); a.Status != 400 || a.str("error") != "access_denied" || a.str("access_token") != "" {
				t.Fatalf("poll %d after suspension: %d %v, want access_denied", i, a.Status, a.Body)
			}
		}
		if n := db.APIKey.Query().Where(apikey.UserID(ada.ID)).CountX(ctx); n != keys {
			t.Fatalf("api keys: %d, want %d", n, keys)
		}
		if n := db.Session.Query().Where(session.UserID(ada.ID)).CountX(ctx); n != sessions {
			t.Fatalf("sessions: %d, want %d", n, sessions)
		}
	}, testkit.WithDeviceGrant(time.Second))
}
