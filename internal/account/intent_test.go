package account_test

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/email"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
)

// TestConcurrentIntentsLeaveOneLiveToken: two email requests of one address resolved
// at once (two mail workers, or two senders of one) leave one live log-in code, reset
// link or verification link, the newest: each resolver locks the account's row before
// it retires the older tokens. Without the lock, under PostgreSQL's READ COMMITTED,
// the second resolution's DELETE misses the first one's uncommitted token and both
// stay live. The interleaving is forced, not hoped for: the first resolution's
// transaction stays open until the second one has either finished or waits for a
// lock the first holds (pg_stat_activity), and only then commits; 20 rounds a kind.
// PostgreSQL only: SQLite's write transactions are serialised (IMMEDIATE), so the
// second could not even begin.
func TestConcurrentIntentsLeaveOneLiveToken(t *testing.T) {
	t.Parallel()
	if os.Getenv(testkit.PostgresEnv) == "" {
		t.Skipf("PostgreSQL only: set %s", testkit.PostgresEnv)
	}
	srv := testkit.NewServer(t, "postgres")
	verified, unverified := "intents@example.test", "intents-unverified@example.test"
	newAccount(t, srv, verified)
	if errs := signUp(t, srv.Client(t), map[string]any{"email": unverified, "password": strongPassword, "acceptTerms": true}); len(errs) > 0 {
		t.Fatalf("signUp: %+v", errs)
	}
	db := srv.App.Store.Client
	resolvers := srv.App.Accounts.Resolvers()
	for _, c := range []struct {
		kind, addr string
		purpose    onetimetoken.Purpose
	}{
		{account.IntentLogInCode, verified, onetimetoken.PurposeLogInCode},
		{account.IntentPasswordReset, verified, onetimetoken.PurposeResetPassword},
		{account.IntentVerification, unverified, onetimetoken.PurposeVerifyEmail},
	} {
		t.Run(c.kind, func(t *testing.T) {
			u := db.User.Query().Where(user.EmailKey(email.Key(c.addr))).OnlyX(t.Context())
			for round := range 20 {
				resolveTwiceAtOnce(t, srv, resolvers[c.kind], account.IntentData(c.addr))
				live, err := db.OneTimeToken.Query().
					Where(onetimetoken.UserID(u.ID), onetimetoken.PurposeEQ(c.purpose), onetimetoken.UsedAtIsNil()).
					Count(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if live != 1 {
					t.Fatalf("round %d: %d live %s tokens after two resolutions at once, want 1", round, live, c.purpose)
				}
			}
		})
	}
}

// resolveTwiceAtOnce resolves data with resolve in a transaction, and again in a second
// one started before the first commits; the first commits once the second has finished
// or waits for a lock held by the first (idle in its transaction meanwhile).
func resolveTwiceAtOnce(t *testing.T, srv *testkit.Server, resolve mail.Resolver, data map[string]string) {
	t.Helper()
	ctx := t.Context()
	db := srv.App.Store.Client
	second := make(chan error, 1)
	var secondErr error
	secondDone := false
	err := store.InTx(ctx, db, func(tx *ent.Tx) error {
		if err := resolve(ctx, tx, data); err != nil {
			return err
		}
		go func() {
			second <- store.InTx(ctx, db, func(tx *ent.Tx) error { return resolve(ctx, tx, data) })
		}()
		for {
			select {
			case secondErr = <-second:
				secondDone = true
				return nil
			default:
			}
			blocked, err := blockedByIdleTransaction(ctx, srv.App.Store.DB)
			if err != nil {
				return err
			}
			if blocked {
				return nil
			}
			time.Sleep(time.Millisecond) // polls; no deadline but the test's
		}
	})
	if err != nil {
		t.Fatalf("first resolution: %v", err)
	}
	if !secondDone {
		secondErr = <-second
	}
	if secondErr != nil {
		t.Fatalf("second resolution: %v", secondErr)
	}
}

// blockedByIdleTransaction reports whether a session of the test's database waits for a
// lock held by a session idle in its transaction (the first resolution's).
func blockedByIdleTransaction(ctx context.Context, db *sql.DB) (bool, error) {
	var blocked bool
	err := db.QueryRowContext(ctx, `SELECT EXISTS (
		SELECT 1 FROM pg_stat_activity w JOIN pg_stat_activity h ON h.pid = ANY (pg_blocking_pids(w.pid))
		WHERE w.datname = current_database() AND w.wait_event_type = 'Lock' AND h.state = 'idle in transaction')`).Scan(&blocked)
	return blocked, err
}
