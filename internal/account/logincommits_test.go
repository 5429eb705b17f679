package account_test

import (
	"context"
	"errors"
	"testing"

	"github.com/accountd/accountd/ent/ratelimit"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/email"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/testkit"
	v "github.com/accountd/accountd/internal/viewer"
)

// A successful password log-in commits twice: the attempt's count, before the hash (so
// parallel guesses cannot exceed the limit, on any process), and then one transaction
// with the counter's reset, the security event and the session. It used to commit a
// third time, resetting the counter on its own, and to read the client IP's failures in
// a statement of their own before counting the attempt (8 statements, now 7: the
// account, the attempt's count unless the IP is locked, and in the transaction the
// reset, the event, the second-factor and suspension reads, the session).
// Deterministic: what is counted is the log-in's own operations, seen by the driver.
func TestPasswordLogInCommits(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		probe := &testkit.DBProbe{}
		srv := testkit.NewProbedServer(t, store, probe)
		addr := "commits@example.test"
		newAccount(t, srv, addr)
		base := v.WithClient(context.Background(), v.Client{IP: "192.0.2.7", UserAgent: "test"})

		for _, c := range []struct {
			name       string
			password   string
			statements int
			commits    int
		}{
			// A failure commits the attempt's count, then the IP's failure and the
			// security event (failLogIn): its cost is not what this test is about.
			{"wrong password", "not the password at all", 4, 3},
			// After a failure, so the counter to reset exists.
			{"success", strongPassword, 7, 2},
			// Without a counter left to reset.
			{"success again", strongPassword, 7, 2},
		} {
			ctx, w := probe.Watch(base)
			res, err := srv.App.Accounts.LogIn(ctx, account.Credentials{Email: addr, Password: c.password})
			if c.password == strongPassword && (err != nil || res.Session == nil) {
				t.Fatalf("%s: LogIn = %+v, %v", c.name, res, err)
			}
			if got, stmts := w.Commits(), w.Statements(); got != c.commits || stmts != c.statements {
				t.Errorf("%s: %d statements and %d commits, want %d and %d; operations: %+v",
					c.name, stmts, got, c.statements, c.commits, w.Ops())
			}
		}
	})
}

// A correct password forgets the address's counted attempts even when the log-in ends
// without a session (the account is suspended, or its address not verified): the reset
// that no longer commits on its own still happens then.
func TestCorrectPasswordResetsTheCounterWithoutASession(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		db := srv.App.Store.Client
		base := v.WithClient(context.Background(), v.Client{IP: "192.0.2.8", UserAgent: "test"})
		counted := func(addr string) bool {
			return db.RateLimit.Query().Where(ratelimit.ID(limits.LogIn.Key(email.Key(addr)))).ExistX(context.Background())
		}

		suspended := "suspended-reset@example.test"
		newAccount(t, srv, suspended)
		db.User.Update().Where(user.EmailKey(email.Key(suspended))).SetSuspendedAt(srv.Clock.Now()).ExecX(context.Background())
		unverified := "unverified-reset@example.test"
		if errs := signUp(t, srv.Client(t), map[string]any{"email": unverified, "password": strongPassword, "acceptTerms": true}); len(errs) > 0 {
			t.Fatalf("signUp: %+v", errs)
		}

		for addr, want := range map[string]error{suspended: account.ErrAccountSuspended, unverified: account.ErrEmailNotVerified} {
			if _, err := srv.App.Accounts.LogIn(base, account.Credentials{Email: addr, Password: "not the password at all"}); !errors.Is(err, account.ErrInvalidCredentials) {
				t.Fatalf("%s: wrong password: %v", addr, err)
			}
			if !counted(addr) {
				t.Fatalf("%s: the wrong password was not counted", addr)
			}
			if _, err := srv.App.Accounts.LogIn(base, account.Credentials{Email: addr, Password: strongPassword}); !errors.Is(err, want) {
				t.Fatalf("%s: right password: %v, want %v", addr, err, want)
			}
			if counted(addr) {
				t.Errorf("%s: the right password left the counted attempts", addr)
			}
		}
	})
}
