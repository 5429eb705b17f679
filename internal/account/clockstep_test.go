package account_test

import (
	"testing"
	"time"

	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/testkit"
)

// TestTwoFactorClockStepBack (issue 27 item 7): after the clock steps back by more than
// clocks may differ (10 minutes), a code of the new time is accepted, although the
// last step accepted lies ahead of it, with a security event; the replay rule still
// holds for that code, and a step back within the skew changes nothing.
func TestTwoFactorClockStepBack(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		_, secret, _ := twoFactorAccount(t, srv, "clock@example.com")
		c := srv.Client(t)
		logIn := func(code string) payload {
			return verifyTwoFactor(t, c, map[string]any{"challenge": challenge(t, c, "clock@example.com"), "code": code})
		}
		events := func() int {
			return srv.App.Store.Client.SecurityEvent.Query().Where(securityevent.Kind(account.EventTOTPStepAhead)).CountX(t.Context())
		}
		wantCodes(t, logIn(totpCode(t, secret, srv.Clock.Now())).UserErrors)

		// Back by one step: within the skew, the stored step is plausible, and the
		// code of the step before it is refused as before.
		srv.Clock.Advance(-30 * time.Second)
		wantCodes(t, logIn(totpCode(t, secret, srv.Clock.Now())).UserErrors, "INVALID_CODE")
		if n := events(); n != 0 {
			t.Fatalf("%d clock-step events for a step back within the skew", n)
		}

		// Back by an hour (beyond the 10 minutes that processes' clocks may differ by):
		// every code would be refused until the clock caught up.
		srv.Clock.Advance(-time.Hour)
		code := totpCode(t, secret, srv.Clock.Now())
		if p := logIn(code); len(p.UserErrors) > 0 || p.Token == nil {
			t.Fatalf("after a clock step back, a right code was refused: %+v", p)
		}
		if n := events(); n != 1 {
			t.Fatalf("%d %s events, want 1", n, account.EventTOTPStepAhead)
		}
		// The code just accepted is now the last step: a replay is refused.
		wantCodes(t, logIn(code).UserErrors, "INVALID_CODE")
		srv.Clock.Advance(30 * time.Second)
		wantCodes(t, logIn(totpCode(t, secret, srv.Clock.Now())).UserErrors)
		if n := events(); n != 1 {
			t.Fatalf("%d %s events once the stored step was plausible again, want 1", n, account.EventTOTPStepAhead)
		}
	})
}

// TestTOTPReplayAcrossSkewedInstances (security review L2): processes sharing one
// database whose clocks differ (here by four and a half minutes, played by the settable
// clock) never accept a code twice. The replay rule lives in the database (the last
// accepted step), and a stored step ahead of a process's clock by less than 10 minutes
// is no clock jump: a code used on one process is refused on the other, and so is every
// code of a step at or below the last accepted one, whatever the process's clock.
func TestTOTPReplayAcrossSkewedInstances(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "skewed@example.com"
		_, secret, _ := twoFactorAccount(t, srv, addr)
		c := srv.Client(t)
		logIn := func(code string) payload {
			return verifyTwoFactor(t, c, map[string]any{"challenge": challenge(t, c, addr), "code": code})
		}
		// The slow process accepts the code of its time.
		seen := totpCode(t, secret, srv.Clock.Now())
		wantCodes(t, logIn(seen).UserErrors)
		// The fast process, 5 minutes ahead, accepts a code of its own time.
		srv.Clock.Advance(5 * time.Minute)
		wantCodes(t, logIn(totpCode(t, secret, srv.Clock.Now())).UserErrors)
		// Back on the slow process, 30 seconds after the first log-in: the code it
		// accepted is still within its skew, and is refused again; so is a code of its
		// current step, which lies below the fast process's.
		srv.Clock.Advance(-5*time.Minute + 30*time.Second)
		wantCodes(t, logIn(seen).UserErrors, "INVALID_CODE")
		wantCodes(t, logIn(totpCode(t, secret, srv.Clock.Now())).UserErrors, "INVALID_CODE")
		if n := srv.App.Store.Client.SecurityEvent.Query().Where(securityevent.Kind(account.EventTOTPStepAhead)).CountX(t.Context()); n != 0 {
			t.Fatalf("%d %s events: a clock difference within the margin was taken for a clock jump", n, account.EventTOTPStepAhead)
		}
		// Once the slow clock reaches a step after the fast process's, codes work again.
		srv.Clock.Advance(5 * time.Minute)
		wantCodes(t, logIn(totpCode(t, secret, srv.Clock.Now())).UserErrors)
	})
}
