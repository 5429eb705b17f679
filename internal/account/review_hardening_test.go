package account_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/passkey"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/ent/totp"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/testkit"
)

// TestPasskeyLogInRefusedWhileSuspended: a passkey that verified the person is both
// factors, and still no session opens for a suspended account: ACCOUNT_SUSPENDED,
// told only after the assertion verified, and no session row.
func TestPasskeyLogInRefusedWhileSuspended(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "sus@example.com"
		c := clientWithBearer(t, srv, freshAccount(t, srv, addr))
		a := &testkit.Authenticator{Origin: origin, UserVerified: true}
		_, sc := addPasskey(t, c, a, "Phone")
		db := srv.App.Store.Client
		db.User.Update().Where(user.EmailKey(addr)).SetSuspendedAt(srv.Clock.Now()).ExecX(t.Context())
		before := db.Session.Query().Where(session.HasUserWith(user.EmailKey(addr))).CountX(t.Context())
		res := passkeyLogInWith(t, srv, a, nil, sc)
		if res.Token != nil {
			t.Fatal("a suspended account got a session token")
		}
		wantCodes(t, res.UserErrors, "ACCOUNT_SUSPENDED")
		if n := db.Session.Query().Where(session.HasUserWith(user.EmailKey(addr))).CountX(t.Context()); n != before {
			t.Fatalf("sessions: %d, want %d", n, before)
		}
	})
}

// TestEmailChangeUndoRemovesIntrudersWaysIn: an intruder with a fresh session adds a
// passkey that verifies the person and starts TOTP, then moves the account to their
// address; the owner undoes it. The undo removes every passkey and the TOTP secret,
// so the intruder's passkey no longer logs in, and the revert email says so.
func TestEmailChangeUndoRemovesIntrudersWaysIn(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const oldAddr, evil = "victor@example.com", "intruder@example.com"
		intruder := freshClient(t, srv, oldAddr)
		a := &testkit.Authenticator{Origin: origin, UserVerified: true}
		_, sc := addPasskey(t, intruder, a, "backdoor")
		wantCodes(t, enableTwoFactor(t, intruder).UserErrors)
		wantCodes(t, requestEmailChange(t, intruder, map[string]any{"newEmail": evil}))
		wantCodes(t, confirmEmailChange(t, intruder, mailedToken(t, srv, evil, "/confirm-email-change", 1)).UserErrors)
		wantCodes(t, revertEmailChange(t, srv.Client(t), mailedToken(t, srv, oldAddr, "/revert-email-change", 1)).UserErrors)

		db := srv.App.Store.Client
		ctx := t.Context()
		if n := db.Passkey.Query().Where(passkey.HasUserWith(user.EmailKey(oldAddr))).CountX(ctx); n != 0 {
			t.Fatalf("passkeys after the undo: %d", n)
		}
		if n := db.TOTP.Query().Where(totp.HasUserWith(user.EmailKey(oldAddr))).CountX(ctx); n != 0 {
			t.Fatalf("totp after the undo: %d", n)
		}
		res := passkeyLogInWith(t, srv, a, nil, sc)
		if res.Token != nil {
			t.Fatal("the intruder's passkey logged in after the undo")
		}
		wantCodes(t, res.UserErrors, "INVALID_PASSKEY")
		waitForMail(t, srv, oldAddr, func(m testkit.Email) bool {
			return strings.Contains(m.Text, "every passkey") && strings.Contains(m.Text, "/reset-password?token=")
		})
	})
}

// TestPasskeyAddedMailsTheOwner: every new passkey is told to the account's address.
func TestPasskeyAddedMailsTheOwner(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "ada@example.com"
		c := clientWithBearer(t, srv, freshAccount(t, srv, addr))
		addPasskey(t, c, &testkit.Authenticator{Origin: origin, UserVerified: true}, "Phone <b>")
		waitForMail(t, srv, addr, func(m testkit.Email) bool {
			return strings.Contains(m.Subject, "A passkey was added") && strings.Contains(m.Text, `"Phone <b>"`)
		})
	})
}

// TestPasskeyLogInOptionsSameForEveryAddress: the options of a log-in by address are
// the same for an account with two passkeys and for an unknown address: no
// allowCredentials (no count, no id lengths), the same fields.
func TestPasskeyLogInOptionsSameForEveryAddress(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := clientWithBearer(t, srv, freshAccount(t, srv, "two@example.com"))
		addPasskey(t, c, &testkit.Authenticator{Origin: origin, UserVerified: true}, "A")
		addPasskey(t, c, &testkit.Authenticator{Origin: origin, UserVerified: true}, "B")
		shape := func(email *string) string {
			b := beginLogIn(t, srv.Client(t), email)
			wantCodes(t, b.UserErrors)
			var o map[string]json.RawMessage
			if err := json.Unmarshal(b.Options, &o); err != nil {
				t.Fatal(err)
			}
			if _, ok := o["allowCredentials"]; ok {
				t.Fatalf("options list allowCredentials: %s", b.Options)
			}
			delete(o, "challenge")
			var keys []string
			for k, v := range o {
				keys = append(keys, k+"="+string(v))
			}
			sort.Strings(keys)
			return strings.Join(keys, ",")
		}
		known, unknown, none := shape(ptr("two@example.com")), shape(ptr("nobody@example.com")), shape(nil)
		if known != unknown || known != none {
			t.Fatalf("options differ:\nknown   %s\nunknown %s\nnone    %s", known, unknown, none)
		}
	})
}

// waitForMail polls, with a deadline, for an email to addr that ok accepts.
func waitForMail(t *testing.T, srv *testkit.Server, addr string, ok func(testkit.Email) bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, m := range srv.SMTP.Messages() {
			if len(m.To) == 1 && m.To[0] == addr && ok(m) {
				return
			}
		}
	}
	t.Fatalf("no such email to %s; mail: %+v", addr, srv.SMTP.Messages())
}
