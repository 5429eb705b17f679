package account_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

const logInDeviceOp = `mutation($email: String!, $password: String!, $device: String) {
	logIn(input: {email: $email, password: $password, deviceToken: $device}) {
		token deviceToken twoFactorChallenge userErrors { code field message retryAfterSeconds } } }`

type deviceLogIn struct {
	Token              *string     `json:"token"`
	DeviceToken        *string     `json:"deviceToken"`
	TwoFactorChallenge *string     `json:"twoFactorChallenge"`
	UserErrors         []userError `json:"userErrors"`
}

// logInDevice logs in as an app would, with a device token in the input ("" for none).
func logInDevice(t *testing.T, c *testkit.Client, email, password, device string) deviceLogIn {
	t.Helper()
	vars := map[string]any{"email": email, "password": password, "device": nil}
	if device != "" {
		vars["device"] = device
	}
	var out struct{ LogIn deviceLogIn }
	if resp := c.Do(logInDeviceOp, vars, &out); len(resp.Errors) > 0 {
		t.Fatalf("logIn: %s", resp.Body)
	}
	return out.LogIn
}

// appDeviceToken logs in with the password from a fresh client and returns the device
// token of the answer.
func appDeviceToken(t *testing.T, srv *testkit.Server, addr string) string {
	t.Helper()
	p := logInDevice(t, srv.Client(t), addr, strongPassword, "")
	if p.Token == nil || p.DeviceToken == nil || !strings.HasPrefix(*p.DeviceToken, token.TrustedDevice) {
		t.Fatalf("logIn gave no device token: %+v", p)
	}
	return *p.DeviceToken
}

// lockAddress makes ten wrong log-ins from a stranger's client, which locks addr.
func lockAddress(t *testing.T, srv *testkit.Server, addr string) {
	t.Helper()
	attacker := srv.Client(t)
	for i := range 10 {
		wantCodes(t, logIn(t, attacker, addr, "wrong password number "+string(rune('a'+i))).UserErrors, "INVALID_CREDENTIALS")
	}
	wantCodes(t, logIn(t, attacker, addr, strongPassword).UserErrors, "RATE_LIMITED")
}

// TestLogInLockSparesKnownDevices: ten wrong log-ins lock an address for strangers,
// not for the browsers and apps that logged in to it before (OWASP device cookies);
// those count their own attempts, and nothing but a genuine, unexpired token of this
// address exempts anyone.
func TestLogInLockSparesKnownDevices(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "owner@example.com"
		newAccount(t, srv, addr)
		newAccount(t, srv, "other@example.com")
		browser := srv.Client(t) // keeps the device cookie
		if p := logIn(t, browser, addr, strongPassword); p.Token == nil {
			t.Fatalf("logIn: %+v", p.UserErrors)
		}
		app := appDeviceToken(t, srv, addr)
		otherAddress := appDeviceToken(t, srv, "other@example.com")

		lockAddress(t, srv, addr)

		t.Run("case=owner's browser still logs in", func(t *testing.T) {
			if p := logIn(t, browser, addr, strongPassword); p.Token == nil {
				t.Fatalf("owner's browser: %+v", p.UserErrors)
			}
		})
		t.Run("case=owner's app still logs in", func(t *testing.T) {
			if p := logInDevice(t, srv.Client(t), addr, strongPassword, app); p.Token == nil {
				t.Fatalf("owner's app: %+v", p.UserErrors)
			}
		})
		t.Run("case=owner without a device token is locked", func(t *testing.T) {
			wantCodes(t, logIn(t, srv.Client(t), addr, strongPassword).UserErrors, "RATE_LIMITED")
		})
		t.Run("case=token of another address does not help", func(t *testing.T) {
			wantCodes(t, logInDevice(t, srv.Client(t), addr, strongPassword, otherAddress).UserErrors, "RATE_LIMITED")
		})
		t.Run("case=forged tokens do not help", func(t *testing.T) {
			body := strings.TrimPrefix(app, token.TrustedDevice)
			parts := strings.Split(body, ".")
			flip := func(s string) string {
				b := []byte(s)
				if b[0] == 'A' {
					b[0] = 'B'
				} else {
					b[0] = 'A'
				}
				return string(b)
			}
			for name, forged := range map[string]string{
				"altered mac":    token.TrustedDevice + parts[0] + "." + parts[1] + "." + flip(parts[2]),
				"altered nonce":  token.TrustedDevice + flip(parts[0]) + "." + parts[1] + "." + parts[2],
				"later expiry":   token.TrustedDevice + parts[0] + ".9999999999." + parts[2],
				"no mac":         token.TrustedDevice + parts[0] + "." + parts[1] + ".",
				"garbage":        token.TrustedDevice + "x",
				"session prefix": token.Session + body,
			} {
				if got := codes(logInDevice(t, srv.Client(t), addr, strongPassword, forged).UserErrors); strings.Join(got, ",") != "RATE_LIMITED" {
					t.Fatalf("%s: codes %v, want RATE_LIMITED", name, got)
				}
			}
		})
		t.Run("case=expired token does not help", func(t *testing.T) {
			advancePastMail(t, srv, 91*24*time.Hour) // past the token's 90 days, and the lock
			lockAddress(t, srv, addr)
			wantCodes(t, logInDevice(t, srv.Client(t), addr, strongPassword, app).UserErrors, "RATE_LIMITED")
		})
	})
}

// TestDeviceAttemptsCountPerDevice: a trusted device's wrong passwords lock that
// device after the same ten, and neither the address nor other devices.
func TestDeviceAttemptsCountPerDevice(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "counted@example.com"
		newAccount(t, srv, addr)
		stolen := appDeviceToken(t, srv, addr)
		other := appDeviceToken(t, srv, addr)
		c := srv.Client(t)
		for i := range 10 {
			wantCodes(t, logInDevice(t, c, addr, "wrong password number "+string(rune('a'+i)), stolen).UserErrors, "INVALID_CREDENTIALS")
		}
		wantCodes(t, logInDevice(t, c, addr, strongPassword, stolen).UserErrors, "RATE_LIMITED")
		if p := logInDevice(t, srv.Client(t), addr, strongPassword, other); p.Token == nil {
			t.Fatalf("another device: %+v", p.UserErrors)
		}
		if p := logIn(t, srv.Client(t), addr, strongPassword); p.Token == nil {
			t.Fatalf("the address got locked by one device's failures: %+v", p.UserErrors)
		}
	})
}

// TestLogInLockLetsTheSecondFactorThrough: a two-factor challenge won with the right
// password before the address was locked can still be answered during the lock (a
// reset link works during a lock too: TestResetEndsLogInLock).
func TestLogInLockLetsTheSecondFactorThrough(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "second@example.com"
		_, secret, _ := twoFactorAccount(t, srv, addr)
		c := srv.Client(t)
		p := logInDevice(t, c, addr, strongPassword, "")
		if p.TwoFactorChallenge == nil {
			t.Fatalf("logIn of a two-factor account: %+v", p)
		}
		lockAddress(t, srv, addr)
		s := verifyDevice(t, c, *p.TwoFactorChallenge, totpCode(t, secret, srv.Clock.Now()))
		if s.Token == nil || s.DeviceToken == nil {
			t.Fatalf("verifyTwoFactor during the lock: %+v", s)
		}
		// A device that completed the log-in is trusted: the next log-in goes to the
		// second factor again, lock or not.
		if p := logInDevice(t, c, addr, strongPassword, *s.DeviceToken); p.TwoFactorChallenge == nil {
			t.Fatalf("logIn with the device token during the lock: %+v", p)
		}
	})
}

// TestDeviceTokensEndWithThePassword: a device token is bound to the password the
// account had when it was made. Tokens collected with a stolen password stop
// exempting anyone from the address lock once the owner changes the password (found by
// a security review: before, tokens minted with a stolen password outlived the owner's
// recovery).
func TestDeviceTokensEndWithThePassword(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "changes@example.com"
		newAccount(t, srv, addr)
		stolen := appDeviceToken(t, srv, addr) // the intruder's, with the password
		owner := srv.Client(t)
		p := logIn(t, owner, addr, strongPassword)
		if p.Token == nil {
			t.Fatalf("logIn: %+v", p.UserErrors)
		}
		owner.Bearer = *p.Token
		srv.Clock.Advance(time.Minute)
		const newPassword = "a different long passphrase 93"
		wantCodes(t, changePassword(t, owner, strongPassword, newPassword).UserErrors)
		srv.Clock.Advance(time.Minute)
		lockAddress(t, srv, addr)
		// Even with the new password, the old token is no token: the address's lock holds.
		wantCodes(t, logInDevice(t, srv.Client(t), addr, newPassword, stolen).UserErrors, "RATE_LIMITED")

	})
}

const verifyDeviceOp = `mutation($challenge: String!, $code: String!) {
	verifyTwoFactor(input: {challenge: $challenge, code: $code}) { token deviceToken userErrors { code } } }`

type deviceVerify struct {
	Token       *string     `json:"token"`
	DeviceToken *string     `json:"deviceToken"`
	UserErrors  []userError `json:"userErrors"`
}

// verifyDevice answers a two-factor challenge as an app would, reading the device token.
func verifyDevice(t *testing.T, c *testkit.Client, challenge, code string) deviceVerify {
	t.Helper()
	return call[deviceVerify](t, c, verifyDeviceOp, "verifyTwoFactor", map[string]any{"challenge": challenge, "code": code})
}

// hasDeviceCookie reports whether the client holds a device-token cookie.
func hasDeviceCookie(c *testkit.Client) bool {
	for _, ck := range c.Cookies() {
		if strings.HasSuffix(ck.Name, "accountd_device") && ck.Value != "" {
			return true
		}
	}
	return false
}

// TestDeviceTokenOnlyAfterTheSecondFactor (security review H1): for an account with a
// second factor, the password step hands out no device token (neither in the payload
// nor as a cookie), so whoever knows only the password stays under the address's lock;
// a wrong code gives none either; the completed log-in gives one, which then spares
// its holder the lock.
func TestDeviceTokenOnlyAfterTheSecondFactor(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "pending@example.com"
		_, secret, _ := twoFactorAccount(t, srv, addr)

		thief := srv.Client(t) // knows the password, not the second factor
		p := logInDevice(t, thief, addr, strongPassword, "")
		if p.TwoFactorChallenge == nil || p.DeviceToken != nil || hasDeviceCookie(thief) {
			t.Fatalf("password step of a two-factor account: %+v (cookie %v), want a challenge and no device token", p, hasDeviceCookie(thief))
		}
		if v := verifyDevice(t, thief, *p.TwoFactorChallenge, "000000"); v.DeviceToken != nil || hasDeviceCookie(thief) {
			t.Fatalf("a wrong code gave a device token: %+v", v)
		}

		owner := srv.Client(t)
		p = logInDevice(t, owner, addr, strongPassword, "")
		if p.TwoFactorChallenge == nil || p.DeviceToken != nil {
			t.Fatalf("owner's password step: %+v", p)
		}
		v := verifyDevice(t, owner, *p.TwoFactorChallenge, totpCode(t, secret, srv.Clock.Now()))
		if v.Token == nil || v.DeviceToken == nil || !strings.HasPrefix(*v.DeviceToken, token.TrustedDevice) || !hasDeviceCookie(owner) {
			t.Fatalf("completed log-in: %+v (cookie %v), want a device token and its cookie", v, hasDeviceCookie(owner))
		}

		lockAddress(t, srv, addr)
		wantCodes(t, logInDevice(t, thief, addr, strongPassword, "").UserErrors, "RATE_LIMITED")
		if p := logInDevice(t, srv.Client(t), addr, strongPassword, *v.DeviceToken); p.TwoFactorChallenge == nil {
			t.Fatalf("the owner's device token during the lock: %+v", p)
		}
		if p := logInDevice(t, owner, addr, strongPassword, ""); p.TwoFactorChallenge == nil {
			t.Fatalf("the owner's device cookie during the lock: %+v", p)
		}
	})
}

// TestDeviceFailuresLengthenTheLock (security review H1): a trusted device's wrong
// passwords count like the address's: its lock is counted in the address's lock
// history, so each lock, of the address or of a device, lasts twice as long as the one
// before (15, 30, 60 minutes), and the owner is told. A stolen device token buys no
// more guesses than the address allows.
func TestDeviceFailuresLengthenTheLock(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "lengthen@example.com"
		newAccount(t, srv, addr)
		stolen := appDeviceToken(t, srv, addr)
		lockDevice := func() int {
			t.Helper()
			c := srv.Client(t)
			for i := range 10 {
				wantCodes(t, logInDevice(t, c, addr, "wrong password number "+string(rune('a'+i)), stolen).UserErrors, "INVALID_CREDENTIALS")
			}
			errs := logInDevice(t, c, addr, strongPassword, stolen).UserErrors
			wantCodes(t, errs, "RATE_LIMITED")
			return *errs[0].RetryAfterSeconds
		}
		lockStranger := func() int {
			t.Helper()
			c := srv.Client(t)
			for i := range 10 {
				wantCodes(t, logIn(t, c, addr, "wrong password number "+string(rune('a'+i))).UserErrors, "INVALID_CREDENTIALS")
			}
			errs := logIn(t, c, addr, strongPassword).UserErrors
			wantCodes(t, errs, "RATE_LIMITED")
			return *errs[0].RetryAfterSeconds
		}
		within := func(name string, wait, minutes int) {
			t.Helper()
			if wait <= (minutes-1)*60 || wait > minutes*60 {
				t.Fatalf("%s: retryAfterSeconds = %d, want about %d minutes", name, wait, minutes)
			}
		}
		within("the device's first lock", lockDevice(), 15)
		srv.Clock.Advance(15 * time.Minute)
		within("the address's lock after a device's", lockStranger(), 30)
		srv.Clock.Advance(30 * time.Minute)
		within("the device's lock after two", lockDevice(), 60)
		u := srv.App.Store.Client.User.Query().Where(user.EmailKey(addr)).OnlyX(t.Context())
		if n := srv.App.Store.Client.SecurityEvent.Query().Where(securityevent.UserID(u.ID), securityevent.Kind(account.EventAccountLocked)).CountX(t.Context()); n != 3 {
			t.Fatalf("%d %s events, want 3 (two of them a device's)", n, account.EventAccountLocked)
		}
	})
}
