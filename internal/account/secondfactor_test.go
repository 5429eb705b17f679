package account_test

import (
	"context"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/accountd/accountd/ent/outboxemail"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/testkit"
)

// queuedMail counts the emails of a template queued to an address (the outbox: what
// was committed, with no waiting for delivery).
func queuedMail(t *testing.T, srv *testkit.Server, addr, template string) int {
	t.Helper()
	n, err := srv.App.Store.Client.OutboxEmail.Query().
		Where(outboxemail.To(addr), outboxemail.Template(template)).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// userEvents counts the security log lines of a kind of the account with an address.
func userEvents(t *testing.T, srv *testkit.Server, addr, kind string) int {
	t.Helper()
	n, err := srv.App.Store.Client.SecurityEvent.Query().
		Where(securityevent.Kind(kind), securityevent.HasUserWith(user.Email(addr))).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// failOn makes the database refuse a statement of a table (a trigger), until the test
// ends: a guarded operation that fails inside its transaction, after the second factor
// was spent in it.
func failOn(t *testing.T, srv *testkit.Server, table, event string) {
	t.Helper()
	st := srv.App.Store
	var create, drop []string
	switch st.Dialect {
	case dialect.SQLite:
		create = []string{`CREATE TRIGGER fail_test BEFORE ` + event + ` ON ` + table + ` BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`}
		drop = []string{`DROP TRIGGER fail_test`}
	case dialect.Postgres:
		create = []string{
			`CREATE FUNCTION fail_test() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql`,
			`CREATE TRIGGER fail_test BEFORE ` + event + ` ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION fail_test()`,
		}
		drop = []string{`DROP TRIGGER fail_test ON ` + table, `DROP FUNCTION fail_test()`}
	}
	for _, q := range create {
		if _, err := st.DB.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() {
		for _, q := range drop {
			if _, err := st.DB.ExecContext(context.Background(), q); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
	})
}

// TestRecoveryCodeUsedAnywhereMailsTheOwner: a recovery code given to turn two-factor
// off, to regenerate the codes or to delete the account is spent, logged and mailed to
// the owner, like one used to log in (issue 16 item 3: only log-in mailed).
func TestRecoveryCodeUsedAnywhereMailsTheOwner(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ops := map[string]func(c *testkit.Client, code string) []userError{
			"disableTwoFactor": func(c *testkit.Client, code string) []userError {
				var out struct {
					DisableTwoFactor struct{ UserErrors []userError }
				}
				c.Do(disableTwoFactorOp, map[string]any{"password": strongPassword, "code": code}, &out)
				return out.DisableTwoFactor.UserErrors
			},
			"regenerateRecoveryCodes": func(c *testkit.Client, code string) []userError {
				var out struct {
					RegenerateRecoveryCodes struct{ UserErrors []userError }
				}
				c.Do(regenerateRecoveryCodesOp, map[string]any{"password": strongPassword, "code": code}, &out)
				return out.RegenerateRecoveryCodes.UserErrors
			},
			"deleteAccount": func(c *testkit.Client, code string) []userError {
				return deleteAccountWithCode(t, c, strongPassword, &code).UserErrors
			},
		}
		for name, op := range ops {
			t.Run("op="+name, func(t *testing.T) {
				addr := strings.ToLower(name) + "@example.com"
				owner, _, recovery := twoFactorAccount(t, srv, addr)
				wantCodes(t, op(owner, recovery[2]))
				if n := queuedMail(t, srv, addr, mail.TemplateRecoveryCodeUsed); n != 1 {
					t.Fatalf("%s with a recovery code queued %d recovery-code emails, want 1", name, n)
				}
				m := waitMail(t, srv, addr, "recovery code was used")
				want := "Recovery codes left: 9"
				if name == "deleteAccount" {
					return // the account and its log are gone; the email went out
				}
				if !strings.Contains(m.Text, want) {
					t.Fatalf("recovery code email lacks %q:\n%s", want, m.Text)
				}
				if n := userEvents(t, srv, addr, "recovery_code_used"); n != 1 {
					t.Fatalf("%d recovery_code_used events, want 1", n)
				}
			})
		}
	})
}

// TestSecondFactorIsSpentWithTheOperation: the code is spent in the guarded
// operation's transaction, so an operation that fails leaves the recovery code unused
// and mails nothing; the same code then works.
func TestSecondFactorIsSpentWithTheOperation(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)

		t.Run("op=regenerateRecoveryCodes", func(t *testing.T) {
			const addr = "regen-fails@example.com"
			owner, _, recovery := twoFactorAccount(t, srv, addr)
			failOn(t, srv, "recovery_codes", "INSERT")
			var out struct {
				RegenerateRecoveryCodes struct{ UserErrors []userError }
			}
			resp := owner.Do(regenerateRecoveryCodesOp, map[string]any{"password": strongPassword, "code": recovery[0]}, &out)
			if resp.Code() != "INTERNAL_SERVER_ERROR" {
				t.Fatalf("regenerate with a failing insert: %s", resp.Body)
			}
			if st := twoFactorViewer(t, owner); st.RecoveryCodesRemaining != 10 {
				t.Fatalf("recoveryCodesRemaining after a failed regenerate = %d, want 10", st.RecoveryCodesRemaining)
			}
			if n := queuedMail(t, srv, addr, mail.TemplateRecoveryCodeUsed); n != 0 {
				t.Fatalf("a failed regenerate queued %d recovery-code emails", n)
			}
			if n := userEvents(t, srv, addr, "recovery_code_used"); n != 0 {
				t.Fatalf("a failed regenerate logged %d recovery_code_used events", n)
			}
		})
		t.Run("op=deleteAccount", func(t *testing.T) {
			const addr = "delete-fails@example.com"
			owner, _, recovery := twoFactorAccount(t, srv, addr)
			t.Run("failing", func(t *testing.T) {
				failOn(t, srv, "users", "DELETE")
				var out struct{ DeleteAccount deletePayload }
				resp := owner.Do(deleteOp, map[string]any{"password": strongPassword, "code": recovery[0]}, &out)
				if resp.Code() != "INTERNAL_SERVER_ERROR" {
					t.Fatalf("delete with a failing delete: %s", resp.Body)
				}
			})
			if st := twoFactorViewer(t, owner); st.RecoveryCodesRemaining != 10 {
				t.Fatalf("recoveryCodesRemaining after a failed delete = %d, want 10", st.RecoveryCodesRemaining)
			}
			if n := queuedMail(t, srv, addr, mail.TemplateRecoveryCodeUsed); n != 0 {
				t.Fatalf("a failed delete queued %d recovery-code emails", n)
			}
			// The code was not spent: it deletes the account now.
			wantCodes(t, deleteAccountWithCode(t, owner, strongPassword, &recovery[0]).UserErrors)
		})
	})
}
