package account_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/internal/testkit"
)

const (
	requestEmailChangeOp = `mutation($input: RequestEmailChangeInput!) { requestEmailChange(input: $input) {
		userErrors { code field message retryAfterSeconds } } }`
	confirmEmailChangeOp = `mutation($token: String!) { confirmEmailChange(input: {token: $token}) {
		email userErrors { code field message } } }`
	revertEmailChangeOp = `mutation($token: String!) { revertEmailChange(input: {token: $token}) {
		email userErrors { code field message } } }`
)

type emailChangePayload struct {
	Email      *string     `json:"email"`
	UserErrors []userError `json:"userErrors"`
}

func requestEmailChange(t *testing.T, c *testkit.Client, input map[string]any) []userError {
	t.Helper()
	return userErrorsOf(t, c, requestEmailChangeOp, "requestEmailChange", map[string]any{"input": input})
}

func confirmEmailChange(t *testing.T, c *testkit.Client, tok string) emailChangePayload {
	t.Helper()
	return call[emailChangePayload](t, c, confirmEmailChangeOp, "confirmEmailChange", map[string]any{"token": tok})
}

func revertEmailChange(t *testing.T, c *testkit.Client, tok string) emailChangePayload {
	t.Helper()
	return call[emailChangePayload](t, c, revertEmailChangeOp, "revertEmailChange", map[string]any{"token": tok})
}

// eventsOfKind counts the security-log lines of a kind, of every account.
func eventsOfKind(t *testing.T, srv *testkit.Server, kind string) int {
	t.Helper()
	n, err := srv.App.Store.Client.SecurityEvent.Query().Where(securityevent.Kind(kind)).Count(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEmailChange follows the whole flow a person does: ask with a fresh log-in, the
// link goes to the new address, confirming moves the account there, ends the other
// sessions (the confirming one stays), and the old address gets a notice with an undo
// link. Each link works once.
func TestEmailChange(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const oldAddr, newAddr = "olga@example.com", "Olga.New@Example.com" // the new one as typed
		other := freshClient(t, srv, oldAddr)
		c := clientWithFreshLogIn(t, srv, oldAddr)

		wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": newAddr}))
		tok := mailedToken(t, srv, newAddr, "/confirm-email-change", 1)
		if n := mailCount(srv, oldAddr, "new email"); n != 0 {
			t.Fatalf("%d confirmation emails to the old address", n)
		}
		if v, _ := viewer(t, c); v == nil || v.Email != oldAddr {
			t.Fatalf("the address changed before confirmation: %+v", v)
		}

		p := confirmEmailChange(t, c, tok)
		wantCodes(t, p.UserErrors)
		if p.Email == nil || *p.Email != newAddr {
			t.Fatalf("confirm: email = %v", p.Email)
		}
		if v, _ := viewer(t, c); v == nil || v.Email != newAddr || !v.EmailVerified {
			t.Fatalf("viewer after confirm = %+v", v)
		}
		if v, resp := viewer(t, other); v != nil || resp.Status != 401 {
			t.Fatalf("the other session survived the change: %d %+v", resp.Status, v)
		}
		wantCodes(t, confirmEmailChange(t, srv.Client(t), tok).UserErrors, "INVALID_TOKEN")

		notice := waitMail(t, srv, oldAddr, "email address of your accountd account changed")
		if !strings.Contains(notice.Text, newAddr) || !strings.Contains(notice.Text, "7 days") {
			t.Fatalf("notice: %s", notice.Text)
		}
		if mailedToken(t, srv, oldAddr, "/revert-email-change", 1) == "" {
			t.Fatal("no undo link")
		}
		// The new address logs in; the old one no longer does.
		if lp := logIn(t, srv.Client(t), "olga.new@example.com", strongPassword); lp.Token == nil {
			t.Fatalf("log in with the new address: %+v", lp.UserErrors)
		}
		wantCodes(t, logIn(t, srv.Client(t), oldAddr, strongPassword).UserErrors, "INVALID_CREDENTIALS")
		for kind, want := range map[string]int{"email_change_requested": 1, "email_changed": 1} {
			if got := eventsOfKind(t, srv, kind); got != want {
				t.Fatalf("%d %s events, want %d", got, kind, want)
			}
		}
	})
}

// TestEmailChangeRevert: the owner of the old address undoes an intruder's change. The
// address comes back, every session and API key ends, the password the intruder knew
// stops working, and the way back in is the reset link mailed to the old address. The
// new address is locked out: its log-in codes and reset requests reach nothing.
func TestEmailChangeRevert(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const oldAddr, evil = "victor@example.com", "intruder@example.com"
		intruder := freshClient(t, srv, oldAddr)
		secret, _ := mustCreateAPIKey(t, intruder, map[string]any{"name": "backdoor", "password": strongPassword})
		wantCodes(t, requestEmailChange(t, intruder, map[string]any{"newEmail": evil}))
		wantCodes(t, confirmEmailChange(t, intruder, mailedToken(t, srv, evil, "/confirm-email-change", 1)).UserErrors)
		undo := mailedToken(t, srv, oldAddr, "/revert-email-change", 1)

		p := revertEmailChange(t, srv.Client(t), undo)
		wantCodes(t, p.UserErrors)
		if p.Email == nil || *p.Email != oldAddr {
			t.Fatalf("revert: email = %v", p.Email)
		}
		if v, resp := viewer(t, intruder); v != nil || resp.Status != 401 {
			t.Fatalf("the intruder's session survived: %d %+v", resp.Status, v)
		}
		if v, resp := viewer(t, clientWithBearer(t, srv, secret)); v != nil || resp.Status != 401 {
			t.Fatalf("the intruder's API key survived: %d %+v", resp.Status, v)
		}
		wantCodes(t, revertEmailChange(t, srv.Client(t), undo).UserErrors, "INVALID_TOKEN")
		// Neither address logs in with the password the intruder knew.
		wantCodes(t, logIn(t, srv.Client(t), oldAddr, strongPassword).UserErrors, "INVALID_CREDENTIALS")
		wantCodes(t, logIn(t, srv.Client(t), evil, strongPassword).UserErrors, "INVALID_CREDENTIALS")
		// The new address reaches nothing: no code, no reset.
		wantCodes(t, requestLogInCode(t, srv.Client(t), evil))
		wantCodes(t, requestReset(t, srv.Client(t), evil))
		// The owner's way back: the reset link in the old mailbox.
		reset := mailedToken(t, srv, oldAddr, "/reset-password", 1)
		wantCodes(t, resetPassword(t, srv.Client(t), reset, newStrongPassword))
		if lp := logIn(t, srv.Client(t), oldAddr, newStrongPassword); lp.Token == nil {
			t.Fatalf("owner cannot log in after the reset: %+v", lp.UserErrors)
		}
		srv.App.Mail.RunOnce(t.Context())
		if n := mailCount(srv, evil, "log-in code") + mailCount(srv, evil, "Reset your"); n != 0 {
			t.Fatalf("%d emails reached the locked-out address", n)
		}
		if got := eventsOfKind(t, srv, "email_change_reverted"); got != 1 {
			t.Fatalf("%d email_change_reverted events", got)
		}
	})
}

// TestEmailChangeSameAnswerWhenTaken: asking for an address that has an account answers
// like any other; that address's owner gets a notice with no link, and nothing changes.
func TestEmailChangeSameAnswerWhenTaken(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := freshClient(t, srv, "alice@example.com")
		newAccount(t, srv, "bob@example.com")

		wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": "BOB@example.com"}))
		notice := waitMail(t, srv, "bob@example.com", "Someone tried to move an account")
		if strings.Contains(notice.Text, "token=") || strings.Contains(notice.Text, "alice") {
			t.Fatalf("the notice holds a link or the requester's address: %s", notice.Text)
		}
		srv.Clock.Advance(61 * time.Second)
		wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": "free@example.com"}))
		mailedToken(t, srv, "free@example.com", "/confirm-email-change", 1)
		if v, _ := viewer(t, c); v == nil || v.Email != "alice@example.com" {
			t.Fatalf("viewer = %+v", v)
		}
	})
}

// TestEmailChangeRules: fresh authentication, typed refusals, the limit, a second
// request retiring the first, expiry, and the binding to the old address.
func TestEmailChangeRules(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "rules@example.com"
		c := freshClient(t, srv, addr)

		t.Run("case=anonymous", func(t *testing.T) {
			resp := srv.Client(t).Do(requestEmailChangeOp, map[string]any{"input": map[string]any{"newEmail": "x@example.com"}}, nil)
			if resp.Code() != "UNAUTHENTICATED" {
				t.Fatalf("anonymous: %s", resp.Body)
			}
		})
		t.Run("case=bad input", func(t *testing.T) {
			wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": "not an address"}), "INVALID_EMAIL")
			wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": "RULES@example.com"}), "INVALID_EMAIL")
			wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": "x@example.com", "password": "wrong password"}), "INVALID_CREDENTIALS")
		})
		t.Run("case=stale session needs the password", func(t *testing.T) {
			stale := clientWithFreshLogIn(t, srv, addr)
			srv.Clock.Advance(21 * time.Minute)
			wantCodes(t, requestEmailChange(t, stale, map[string]any{"newEmail": "stale@example.com"}), "FRESH_AUTH_REQUIRED")
			wantCodes(t, requestEmailChange(t, stale, map[string]any{"newEmail": "stale@example.com", "password": strongPassword}))
			srv.Clock.Advance(61 * time.Second)
		})
		t.Run("case=api key needs the password", func(t *testing.T) {
			secret, _ := mustCreateAPIKey(t, c, map[string]any{"name": "ci", "password": strongPassword})
			key := clientWithBearer(t, srv, secret)
			wantCodes(t, requestEmailChange(t, key, map[string]any{"newEmail": "key@example.com"}), "FRESH_AUTH_REQUIRED")
		})
		t.Run("case=one a minute, the second retires the first, links expire", func(t *testing.T) {
			c := clientWithFreshLogIn(t, srv, addr)
			wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": "first@example.com"}))
			errs := requestEmailChange(t, c, map[string]any{"newEmail": "second@example.com"})
			wantCodes(t, errs, "RATE_LIMITED")
			if errs[0].RetryAfterSeconds == nil {
				t.Fatalf("no retryAfterSeconds: %+v", errs)
			}
			srv.Clock.Advance(61 * time.Second)
			wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": "second@example.com", "password": strongPassword}))
			first := mailedToken(t, srv, "first@example.com", "/confirm-email-change", 1)
			second := mailedToken(t, srv, "second@example.com", "/confirm-email-change", 1)
			wantCodes(t, confirmEmailChange(t, c, first).UserErrors, "INVALID_TOKEN")
			srv.Clock.Advance(61 * time.Minute)
			wantCodes(t, confirmEmailChange(t, c, second).UserErrors, "INVALID_TOKEN")
		})
		t.Run("case=bound to the old address", func(t *testing.T) {
			c := clientWithFreshLogIn(t, srv, addr)
			wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": "third@example.com"}))
			third := mailedToken(t, srv, "third@example.com", "/confirm-email-change", 1)
			// The address changes by another way meanwhile (here, straight in the table).
			srv.App.Store.Client.User.Update().SetEmail("moved@example.com").SetEmailKey("moved@example.com").ExecX(t.Context())
			wantCodes(t, confirmEmailChange(t, c, third).UserErrors, "INVALID_TOKEN")
		})
		t.Run("case=garbage tokens", func(t *testing.T) {
			for _, bad := range []string{"", "acd_eml_", "acd_eml_" + strings.Repeat("A", 43), "acd_rst_" + strings.Repeat("A", 43), strings.Repeat("x", 5000)} {
				wantCodes(t, confirmEmailChange(t, srv.Client(t), bad).UserErrors, "INVALID_TOKEN")
				wantCodes(t, revertEmailChange(t, srv.Client(t), bad).UserErrors, "INVALID_TOKEN")
			}
		})
	})
}

// TestEmailChangeRace: two accounts ask for the same new address, and 20 confirmations
// run at once, 10 with each account's link. The address stays unique: exactly one
// confirmation wins, the other account's get EMAIL_TAKEN (or INVALID_TOKEN once its own
// link was used by none: a rolled-back confirmation leaves the link as it was, so
// every loser of the other account is EMAIL_TAKEN), the same account's others
// INVALID_TOKEN.
func TestEmailChangeRace(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const target = "contested@example.com"
		accounts := []string{"first.racer@example.com", "second.racer@example.com"}
		tokens := make([]string, len(accounts))
		for i, addr := range accounts {
			newAccount(t, srv, addr)
			wantCodes(t, requestEmailChange(t, clientWithFreshLogIn(t, srv, addr), map[string]any{"newEmail": target}))
			tokens[i] = mailedToken(t, srv, target, "/confirm-email-change", i+1)
			srv.Clock.Advance(61 * time.Second) // the per-address minute
		}

		const n = 20
		results := make([]emailChangePayload, n)
		var start, done sync.WaitGroup
		start.Add(1)
		for i := range n {
			done.Add(1)
			go func() {
				defer done.Done()
				start.Wait()
				results[i] = confirmEmailChange(t, srv.Client(t), tokens[i%2])
			}()
		}
		start.Done()
		done.Wait()

		winner := -1
		for i, r := range results {
			if len(r.UserErrors) == 0 {
				if winner != -1 {
					t.Fatalf("two confirmations won: #%d and #%d", winner, i)
				}
				winner = i
			}
		}
		if winner == -1 {
			t.Fatalf("no confirmation won: %+v", results)
		}
		for i, r := range results {
			if i == winner {
				continue
			}
			want := "EMAIL_TAKEN"
			if i%2 == winner%2 {
				want = "INVALID_TOKEN"
			}
			wantCodes(t, r.UserErrors, want)
		}
		n2, err := srv.App.Store.Client.User.Query().Count(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var owners []string
		for _, addr := range append(accounts, target) {
			if p := logIn(t, srv.Client(t), addr, strongPassword); p.Token != nil {
				owners = append(owners, addr)
			}
		}
		if n2 != 2 || len(owners) != 2 || !strings.Contains(fmt.Sprint(owners), target) {
			t.Fatalf("users %d, addresses that log in %v", n2, owners)
		}
	})
}

// TestPreHijackUnexpiredEmailChange: an attacker asks to move their account to an
// address nobody has yet; its owner signs up and verifies; the attacker's link, followed
// afterwards, cannot take the address (Sudhodanan and Paverd's "unexpired email change").
func TestPreHijackUnexpiredEmailChange(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const attacker, victim = "mallory@example.com", "victim@example.com"
		newAccount(t, srv, attacker)
		wantCodes(t, requestEmailChange(t, clientWithFreshLogIn(t, srv, attacker), map[string]any{"newEmail": victim}))
		tok := mailedToken(t, srv, victim, "/confirm-email-change", 1)
		newAccount(t, srv, victim)
		wantCodes(t, confirmEmailChange(t, srv.Client(t), tok).UserErrors, "EMAIL_TAKEN")
		if p := logIn(t, srv.Client(t), victim, strongPassword); p.User == nil || p.User.Email != victim {
			t.Fatalf("the victim's account: %+v", p)
		}
		if p := logIn(t, srv.Client(t), attacker, strongPassword); p.Token == nil {
			t.Fatalf("the attacker's account moved: %+v", p.UserErrors)
		}
	})
}
