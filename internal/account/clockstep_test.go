package account_test

import (
	"testing"
	"time"

	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/testkit"
)

// TestTwoFactorClockStepBack (issue 27 item 7): after the clock steps back, a code of
// the new time is accepted, although the last step accepted lies ahead of it, with a
// security event; the replay rule still holds for that code, and a step back within
// the skew changes nothing.
func TestTwoFactorClockStepBack(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
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

		// Back by ten minutes: every code would be refused until the clock caught up.
		srv.Clock.Advance(-10 * time.Minute)
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
