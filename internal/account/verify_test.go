package account_test

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

func TestVerificationToken(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		// Enough hash workers that the admission gate (one token per worker per
		// network) admits the 20 concurrent redemptions.
		srv := testkit.NewServer(t, store, func(c *config.Config) { c.HashWorkers = 20 })
		c := srv.Client(t)

		t.Run("case=unknown or malformed", func(t *testing.T) {
			for _, tok := range []string{"", "nope", "acd_ver_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "acd_sess_x", strings.Repeat("acd_ver_", 100)} {
				p := verify(t, c, tok, ptr(strongPassword))
				wantCodes(t, p.UserErrors, "INVALID_TOKEN")
			}
		})
		t.Run("case=expired after 24 hours", func(t *testing.T) {
			wantCodes(t, signUp(t, c, map[string]any{"email": "late@example.com", "password": strongPassword, "acceptTerms": true}))
			tok := verificationToken(t, srv, "late@example.com", 1)
			srv.Clock.Advance(24*time.Hour + time.Second)
			wantCodes(t, verify(t, c, tok, nil).UserErrors, "INVALID_TOKEN")
		})
		t.Run("case=concurrent redemptions succeed once", func(t *testing.T) {
			proof := signUpForProof(t, c, map[string]any{"email": "race@example.com", "password": strongPassword, "acceptTerms": true})
			tok := verificationToken(t, srv, "race@example.com", 1)
			var wg sync.WaitGroup
			var sessions, invalid atomic.Int32
			for range 20 {
				wg.Go(func() {
					p := verifyWithProof(t, srv.Client(t), tok, proof)
					switch {
					case p.Token != nil:
						sessions.Add(1)
					case len(p.UserErrors) == 1 && p.UserErrors[0].Code == "INVALID_TOKEN":
						invalid.Add(1)
					}
				})
			}
			wg.Wait()
			if sessions.Load() != 1 || invalid.Load() != 19 {
				t.Fatalf("%d sessions and %d INVALID_TOKEN from 20 redemptions, want 1 and 19", sessions.Load(), invalid.Load())
			}
		})
	})
}

func TestResendVerificationEmail(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		c := srv.Client(t)
		resend := func(email string) []userError {
			t.Helper()
			var out struct {
				ResendVerificationEmail struct{ UserErrors []userError }
			}
			if resp := c.Do(resendOp, map[string]any{"email": email}, &out); len(resp.Errors) > 0 {
				t.Fatalf("resend: %s", resp.Body)
			}
			return out.ResendVerificationEmail.UserErrors
		}
		wantCodes(t, signUp(t, c, map[string]any{"email": "slow@example.com", "password": strongPassword, "acceptTerms": true}))
		first := verificationToken(t, srv, "slow@example.com", 1)

		// Within a minute of the sign-up email: refused, with the wait.
		srv.Clock.Advance(20 * time.Second)
		errs := resend("slow@example.com")
		wantCodes(t, errs, "RATE_LIMITED")
		if r := errs[0].RetryAfterSeconds; r == nil || *r < 39 || *r > 40 {
			t.Fatalf("retryAfterSeconds = %v, want 40", r)
		}
		// A minute later: a new link; the old one stops working.
		srv.Clock.Advance(41 * time.Second)
		wantCodes(t, resend("slow@example.com"))
		second := verificationToken(t, srv, "slow@example.com", 2)
		if second == first {
			t.Fatal("the resent link repeats the first token")
		}
		wantCodes(t, resend("slow@example.com"), "RATE_LIMITED")
		wantCodes(t, verify(t, c, first, nil).UserErrors, "INVALID_TOKEN")
		if p := verify(t, c, second, nil); p.Token == nil {
			t.Fatalf("resent link: %+v", p.UserErrors)
		}

		t.Run("case=unknown and verified addresses answer alike and get no mail", func(t *testing.T) {
			srv.Clock.Advance(2 * time.Minute)
			before := len(srv.SMTP.Messages())
			wantCodes(t, resend("nobody@example.com"))
			wantCodes(t, resend("slow@example.com")) // verified by now
			wantCodes(t, resend("nobody@example.com"), "RATE_LIMITED")
			wantCodes(t, resend("slow@example.com"), "RATE_LIMITED")
			wantCodes(t, resend("not an email"), "INVALID_EMAIL")
			time.Sleep(200 * time.Millisecond) // what would be sent is sent within a poll or two
			if n := len(srv.SMTP.Messages()); n != before {
				t.Fatalf("%d emails sent to unknown or verified addresses", n-before)
			}
		})
	})
}

func TestEmailSurvivesSMTPOutage(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		srv.SMTP.Stop()
		c := srv.Client(t)
		wantCodes(t, signUp(t, c, map[string]any{"email": "patient@example.com", "password": strongPassword, "acceptTerms": true}))
		// The worker tries, fails and keeps the email.
		deadline := time.Now().Add(10 * time.Second)
		for {
			e, err := srv.App.Store.Client.OutboxEmail.Query().Only(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if e.Attempts >= 2 && e.SentAt == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("outbox row after 10 s: attempts=%d sent=%v", e.Attempts, e.SentAt)
			}
			srv.Clock.Advance(time.Second) // past the retry backoff
			time.Sleep(20 * time.Millisecond)
		}
		srv.SMTP.Restart(t)
		// Past any backoff the failed attempts earned (they grow with each one, and a
		// busy machine makes more of them before the loop above sees two).
		srv.Clock.Advance(time.Hour)
		tok := verificationToken(t, srv, "patient@example.com", 1)
		if p := verify(t, c, tok, ptr(strongPassword)); p.Token == nil {
			t.Fatalf("link from the late email: %+v", p.UserErrors)
		}
		time.Sleep(300 * time.Millisecond) // a duplicate would arrive within a few polls
		if n := len(srv.SMTP.Messages()); n != 1 {
			t.Fatalf("%d emails delivered, want exactly 1", n)
		}
	})
}
