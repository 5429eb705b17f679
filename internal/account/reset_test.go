package account_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

const (
	requestResetOp = `mutation($email: String!) { requestPasswordReset(input: {email: $email}) {
		userErrors { code field message retryAfterSeconds } } }`
	resetOp = `mutation($token: String!, $pw: String!) { resetPassword(input: {token: $token, newPassword: $pw}) {
		userErrors { code field message } } }`
)

// newStrongPassword passes the default policy and differs from strongPassword.
const newStrongPassword = "purple elephant juggles 19 oranges"

func requestReset(t *testing.T, c *testkit.Client, email string) []userError {
	t.Helper()
	var out struct {
		RequestPasswordReset struct{ UserErrors []userError }
	}
	if resp := c.Do(requestResetOp, map[string]any{"email": email}, &out); len(resp.Errors) > 0 {
		t.Fatalf("requestPasswordReset: %s", resp.Body)
	}
	return out.RequestPasswordReset.UserErrors
}

func resetPassword(t *testing.T, c *testkit.Client, tok, pw string) []userError {
	t.Helper()
	var out struct {
		ResetPassword struct{ UserErrors []userError }
	}
	if resp := c.Do(resetOp, map[string]any{"token": tok, "pw": pw}, &out); len(resp.Errors) > 0 {
		t.Fatalf("resetPassword: %s", resp.Body)
	}
	return out.ResetPassword.UserErrors
}

// mailCount counts the emails to addr whose subject contains subject.
func mailCount(srv *testkit.Server, addr, subject string) int {
	n := 0
	for _, m := range srv.SMTP.Messages() {
		if len(m.To) == 1 && m.To[0] == addr && strings.Contains(m.Subject, subject) {
			n++
		}
	}
	return n
}

// waitMail waits for an email to addr whose subject contains subject.
func waitMail(t *testing.T, srv *testkit.Server, addr, subject string) testkit.Email {
	t.Helper()
	return srv.SMTP.WaitFor(t, func(m testkit.Email) bool {
		return len(m.To) == 1 && m.To[0] == addr && strings.Contains(m.Subject, subject)
	}, 10*time.Second)
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		const addr = "rosa@example.com"
		session := srv.Client(t)
		session.Bearer = newAccount(t, srv, addr)
		c := srv.Client(t)

		wantCodes(t, requestReset(t, c, "ROSA@Example.com")) // the address as typed, any case
		tok := mailedToken(t, srv, addr, "/reset-password", 1)

		t.Run("case=weak password keeps the link working", func(t *testing.T) {
			errs := resetPassword(t, c, tok, "password1234")
			wantCodes(t, errs, "WEAK_PASSWORD")
			if strings.Join(errs[0].Field, ".") != "input.newPassword" {
				t.Fatalf("field = %v", errs[0].Field)
			}
		})
		t.Run("case=verification token is not a reset token", func(t *testing.T) {
			wantCodes(t, resetPassword(t, c, verificationToken(t, srv, addr, 1), newStrongPassword), "INVALID_TOKEN")
		})

		wantCodes(t, resetPassword(t, c, tok, newStrongPassword))

		if _, resp := viewer(t, session); resp.Status != http.StatusUnauthorized {
			t.Fatalf("a session from before the reset still works: %d %s", resp.Status, resp.Body)
		}
		wantCodes(t, logIn(t, c, addr, strongPassword).UserErrors, "INVALID_CREDENTIALS")
		if p := logIn(t, c, addr, newStrongPassword); p.Token == nil {
			t.Fatalf("log in with the new password: %+v", p.UserErrors)
		}
		waitMail(t, srv, addr, "password was changed")

		t.Run("case=the link works once", func(t *testing.T) {
			wantCodes(t, resetPassword(t, c, tok, "another quite long passphrase 7"), "INVALID_TOKEN")
		})
		t.Run("case=garbage token", func(t *testing.T) {
			for _, bad := range []string{"", "acd_rst_", "acd_rst_" + strings.Repeat("A", 43), strings.Repeat("x", 5000)} {
				wantCodes(t, resetPassword(t, c, bad, newStrongPassword), "INVALID_TOKEN")
			}
		})
	})
}

func TestPasswordResetSameAnswerForUnknownAddress(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		newAccount(t, srv, "known@example.com")
		c := srv.Client(t)

		wantCodes(t, requestReset(t, c, "known@example.com"))
		wantCodes(t, requestReset(t, c, "unknown@example.com"))
		waitMail(t, srv, "known@example.com", "Reset your")

		// One email a minute per address, known or not: the refusal tells nothing.
		for _, addr := range []string{"known@example.com", "unknown@example.com"} {
			errs := requestReset(t, c, addr)
			wantCodes(t, errs, "RATE_LIMITED")
			if errs[0].RetryAfterSeconds == nil || *errs[0].RetryAfterSeconds <= 0 {
				t.Fatalf("no retryAfterSeconds: %+v", errs[0])
			}
		}
		wantCodes(t, requestReset(t, c, "not an address"), "INVALID_EMAIL")

		srv.App.Mail.RunOnce(t.Context())
		if n := mailCount(srv, "unknown@example.com", ""); n != 0 {
			t.Fatalf("%d emails to an address without an account", n)
		}
		if n := mailCount(srv, "known@example.com", "Reset your"); n != 1 {
			t.Fatalf("%d reset emails, want 1", n)
		}
	})
}

func TestPasswordResetLinkLifetime(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		const addr = "lena@example.com"
		newAccount(t, srv, addr)
		c := srv.Client(t)

		wantCodes(t, requestReset(t, c, addr))
		first := mailedToken(t, srv, addr, "/reset-password", 1)
		srv.Clock.Advance(61 * time.Minute)
		wantCodes(t, resetPassword(t, c, first, newStrongPassword), "INVALID_TOKEN")

		// A new request retires the previous link.
		wantCodes(t, requestReset(t, c, addr))
		second := mailedToken(t, srv, addr, "/reset-password", 2)
		srv.Clock.Advance(2 * time.Minute)
		wantCodes(t, requestReset(t, c, addr))
		third := mailedToken(t, srv, addr, "/reset-password", 3)
		wantCodes(t, resetPassword(t, c, second, newStrongPassword), "INVALID_TOKEN")
		wantCodes(t, resetPassword(t, c, third, newStrongPassword))
	})
}

func TestPasswordResetVerifiesEmail(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		const addr = "uma@example.com"
		c := srv.Client(t)
		wantCodes(t, signUp(t, c, map[string]any{"email": addr, "password": strongPassword, "acceptTerms": true}))
		verificationToken(t, srv, addr, 1) // the verification email went out, and is ignored
		wantCodes(t, logIn(t, c, addr, strongPassword).UserErrors, "EMAIL_NOT_VERIFIED")

		wantCodes(t, requestReset(t, c, addr))
		wantCodes(t, resetPassword(t, c, mailedToken(t, srv, addr, "/reset-password", 1), newStrongPassword))
		p := logIn(t, c, addr, newStrongPassword)
		if p.Token == nil {
			t.Fatalf("log in after a reset of an unverified account: %+v", p.UserErrors)
		}
		if v, _ := viewer(t, c); v == nil || !v.EmailVerified {
			t.Fatalf("viewer = %+v, want a verified email", v)
		}
		// The sign-up password is gone, as is the verification link.
		wantCodes(t, verify(t, srv.Client(t), verificationToken(t, srv, addr, 1), nil).UserErrors, "INVALID_TOKEN")
	})
}

func TestPasswordResetRace(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		// Enough hash workers that the admission gate (one token per worker per
		// network) admits every racer at once.
		srv := testkit.NewServer(t, store, func(c *config.Config) { c.HashWorkers = 20 })
		const addr = "race@example.com"
		newAccount(t, srv, addr)
		wantCodes(t, requestReset(t, srv.Client(t), addr))
		tok := mailedToken(t, srv, addr, "/reset-password", 1)

		// 20 concurrent redemptions of one link, each with its own new password
		// (SECURITY.md row 20): exactly one may win.
		passwords := make([]string, 20)
		for i := range passwords {
			passwords[i] = fmt.Sprintf("purple elephant juggles %d oranges", 100+i)
		}
		results := make([][]userError, len(passwords))
		var start, done sync.WaitGroup
		start.Add(1)
		for i, pw := range passwords {
			done.Add(1)
			go func() {
				defer done.Done()
				start.Wait()
				results[i] = resetPassword(t, srv.Client(t), tok, pw)
			}()
		}
		start.Done()
		done.Wait()

		won := -1
		for i, errs := range results {
			switch {
			case len(errs) == 0 && won == -1:
				won = i
			case len(errs) == 0:
				t.Fatal("both resets succeeded with one token")
			default:
				wantCodes(t, errs, "INVALID_TOKEN")
			}
		}
		if won == -1 {
			t.Fatalf("no reset succeeded: %+v", results)
		}
		// The password is the winner's, whole.
		if p := logIn(t, srv.Client(t), addr, passwords[won]); p.Token == nil {
			t.Fatalf("winner's password does not work: %+v", p.UserErrors)
		}
		wantCodes(t, logIn(t, srv.Client(t), addr, passwords[(won+1)%len(passwords)]).UserErrors, "INVALID_CREDENTIALS")
	})
}
