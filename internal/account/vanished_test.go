package account_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/testkit"
)

// TestAccountVanishedMidRequest: createApiKey racing deleteAccount (issue 18, item
// 12). The race is made deterministic: a hook deletes the account right after the
// request proved the password (the session's authenticated_at is renewed) and before
// the key is written, as a deleteAccount committing between the two steps would. The
// insert then hits the foreign key to the account: the answer is UNAUTHENTICATED, as
// for any request whose account no longer exists, not INTERNAL_SERVER_ERROR.
func TestAccountVanishedMidRequest(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := freshClient(t, srv, "vanish@example.com")
		db := srv.App.Store.Client
		var armed, deleted atomic.Bool
		db.Session.Use(func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				v, err := next.Mutate(ctx, m)
				sm, ok := m.(*ent.SessionMutation)
				if !ok || !armed.Load() {
					return v, err
				}
				if _, renewed := sm.AuthenticatedAt(); renewed && deleted.CompareAndSwap(false, true) {
					deleteAccountRows(t, db, "vanish@example.com")
				}
				return v, err
			})
		})
		armed.Store(true)
		p, resp := createAPIKey(t, c, map[string]any{"name": "ci", "password": strongPassword})
		if !deleted.Load() {
			t.Fatal("the hook never ran: the test no longer deletes between the password check and the write")
		}
		if resp.Code() != "UNAUTHENTICATED" || p.Key != nil {
			t.Fatalf("got %d %s", resp.Status, clipBody(resp.Body))
		}
		if n := db.APIKey.Query().CountX(t.Context()); n != 0 {
			t.Fatalf("%d API keys", n)
		}
		if logs := srv.Logs.String(); strings.Contains(logs, "level=ERROR") {
			t.Fatalf("logged at ERROR:\n%s", logs)
		}
	})
}

// deleteAccountRows deletes an account as deleteAccount does: its security log first
// (the log's foreign key sets null), then the account, whose rows cascade.
func deleteAccountRows(t *testing.T, db *ent.Client, addr string) {
	ctx := context.Background()
	u, err := db.User.Query().Where(user.Email(addr)).Only(ctx)
	if err != nil {
		t.Errorf("find %s: %v", addr, err)
		return
	}
	if _, err := db.SecurityEvent.Delete().Where(securityevent.UserID(u.ID)).Exec(ctx); err != nil {
		t.Errorf("delete security log: %v", err)
	}
	if err := db.User.DeleteOneID(u.ID).Exec(ctx); err != nil {
		t.Errorf("delete account: %v", err)
	}
}
