package account_test

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	pqtotp "github.com/pquerna/otp/totp"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// The two-factor operations, as a client sends them.
const (
	enableTwoFactorOp  = `mutation($password: String) { enableTwoFactor(input: {password: $password}) { secret uri qrCode userErrors { code field message } } }`
	confirmTwoFactorOp = `mutation($code: String!, $password: String) { confirmTwoFactor(input: {code: $code, password: $password}) {
		recoveryCodes user { twoFactorEnabled recoveryCodesRemaining } userErrors { code field message } } }`
	verifyTwoFactorOp = `mutation($input: VerifyTwoFactorInput!) { verifyTwoFactor(input: $input) {
		token expiresAt user { id email } userErrors { code field message } } }`
	disableTwoFactorOp = `mutation($password: String!, $code: String!) { disableTwoFactor(input: {password: $password, code: $code}) {
		user { twoFactorEnabled recoveryCodesRemaining } userErrors { code field message } } }`
	regenerateRecoveryCodesOp = `mutation($password: String!, $code: String!) { regenerateRecoveryCodes(input: {password: $password, code: $code}) {
		recoveryCodes userErrors { code field message } } }`
	logInTwoFactorOp = `mutation($email: String!, $password: String!) { logIn(input: {email: $email, password: $password}) {
		token expiresAt user { id } twoFactorChallenge userErrors { code field message } } }`
	verifyEmailTwoFactorOp = `mutation($input: VerifyEmailInput!) { verifyEmail(input: $input) {
		token user { id } twoFactorChallenge userErrors { code field message } } }`
	twoFactorViewerOp = `query { viewer { twoFactorEnabled recoveryCodesRemaining } }`
)

type enrolment struct {
	Secret     *string     `json:"secret"`
	URI        *string     `json:"uri"`
	QRCode     *string     `json:"qrCode"`
	UserErrors []userError `json:"userErrors"`
}

type twoFactorState struct {
	TwoFactorEnabled       bool `json:"twoFactorEnabled"`
	RecoveryCodesRemaining int  `json:"recoveryCodesRemaining"`
}

type confirmation struct {
	RecoveryCodes []string        `json:"recoveryCodes"`
	User          *twoFactorState `json:"user"`
	UserErrors    []userError     `json:"userErrors"`
}

type firstStep struct {
	Token              *string     `json:"token"`
	User               *viewerData `json:"user"`
	TwoFactorChallenge *string     `json:"twoFactorChallenge"`
	UserErrors         []userError `json:"userErrors"`
}

// totpCode computes the code an authenticator app shows at a time, with pquerna/otp
// called from the test, independently of the server's code path.
func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := pqtotp.GenerateCodeCustom(secret, at, pqtotp.ValidateOpts{Period: 30, Digits: 6})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// oathtoolCode computes the code with oathtool, another implementation of RFC 6238.
// Without oathtool the test skips, unless ACCOUNTD_REQUIRE_OATHTOOL=1 (CI).
func oathtoolCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	if _, err := exec.LookPath("oathtool"); err != nil {
		if os.Getenv("ACCOUNTD_REQUIRE_OATHTOOL") == "1" {
			t.Fatal("oathtool is not installed (apt-get install -y oathtool)")
		}
		t.Skip("oathtool is not installed")
	}
	out, err := exec.Command("oathtool", "--totp", "-b", secret, "--now", at.UTC().Format("2006-01-02 15:04:05 UTC")).Output()
	if err != nil {
		t.Fatalf("oathtool: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// wrongCode returns a 6-digit code that is not right.
func wrongCode(right string) string {
	b := []byte(right)
	b[0] = '0' + (b[0]-'0'+5)%10
	return string(b)
}

// nextStep moves the clock to the next TOTP step, so that a new code is due: a code
// of a step used already is refused.
func nextStep(srv *testkit.Server) { srv.Clock.Advance(30 * time.Second) }

// freshAccount is newAccount with a session of a password log-in: fresh
// authentication, as enabling two-factor needs.
func freshAccount(t *testing.T, srv *testkit.Server, addr string) string {
	t.Helper()
	return freshClient(t, srv, addr).Bearer
}

func enableTwoFactor(t *testing.T, c *testkit.Client) enrolment {
	t.Helper()
	return enableTwoFactorWith(t, c, nil)
}

// enableTwoFactorWith enables two-factor with a password (nil: none) in the input.
func enableTwoFactorWith(t *testing.T, c *testkit.Client, password *string) enrolment {
	t.Helper()
	return call[enrolment](t, c, enableTwoFactorOp, "enableTwoFactor", map[string]any{"password": password})
}

func confirmTwoFactor(t *testing.T, c *testkit.Client, code string) confirmation {
	t.Helper()
	return confirmTwoFactorWith(t, c, code, nil)
}

// confirmTwoFactorWith confirms two-factor with a password (nil: none) in the input.
func confirmTwoFactorWith(t *testing.T, c *testkit.Client, code string, password *string) confirmation {
	t.Helper()
	return call[confirmation](t, c, confirmTwoFactorOp, "confirmTwoFactor", map[string]any{"code": code, "password": password})
}

func logInFirstStep(t *testing.T, c *testkit.Client, email, password string) firstStep {
	t.Helper()
	return call[firstStep](t, c, logInTwoFactorOp, "logIn", map[string]any{"email": email, "password": password})
}

// challenge logs in with the password and returns the two-factor challenge.
func challenge(t *testing.T, c *testkit.Client, email string) string {
	t.Helper()
	p := logInFirstStep(t, c, email, strongPassword)
	wantCodes(t, p.UserErrors)
	if p.Token != nil || p.User != nil || p.TwoFactorChallenge == nil || !strings.HasPrefix(*p.TwoFactorChallenge, token.Challenge) {
		t.Fatalf("logIn of a two-factor account = %+v, want only a challenge", p)
	}
	return *p.TwoFactorChallenge
}

func verifyTwoFactor(t *testing.T, c *testkit.Client, input map[string]any) payload {
	t.Helper()
	return call[payload](t, c, verifyTwoFactorOp, "verifyTwoFactor", map[string]any{"input": input})
}

func twoFactorViewer(t *testing.T, c *testkit.Client) twoFactorState {
	t.Helper()
	var out struct{ Viewer *twoFactorState }
	resp := c.Do(twoFactorViewerOp, nil, &out)
	if len(resp.Errors) > 0 || out.Viewer == nil {
		t.Fatalf("viewer: %s", resp.Body)
	}
	return *out.Viewer
}

// twoFactorAccount makes a verified account with two-factor authentication on. It
// returns a client with a session, the secret and the recovery codes. The clock is
// moved on to the next step, so a log-in can use a new code at once.
func twoFactorAccount(t *testing.T, srv *testkit.Server, addr string) (*testkit.Client, string, []string) {
	t.Helper()
	c := clientWithBearer(t, srv, freshAccount(t, srv, addr))
	e := enableTwoFactor(t, c)
	wantCodes(t, e.UserErrors)
	conf := confirmTwoFactor(t, c, totpCode(t, *e.Secret, srv.Clock.Now()))
	wantCodes(t, conf.UserErrors)
	nextStep(srv)
	return c, *e.Secret, conf.RecoveryCodes
}

// sessionOf returns the stored session of a session token.
func sessionOf(t *testing.T, srv *testkit.Server, tok string) *ent.Session {
	t.Helper()
	s, err := srv.App.Store.Client.Session.Query().Where(session.TokenHash(token.Hash(tok))).Only(context.Background())
	if err != nil {
		t.Fatalf("find session: %v", err)
	}
	return s
}

var recoveryCodeFormat = regexp.MustCompile(`^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$`)

func TestTwoFactor(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		t.Run("case=enable without confirm leaves log-in unchanged", func(t *testing.T) {
			c := clientWithBearer(t, srv, freshAccount(t, srv, "half@example.com"))
			e := enableTwoFactor(t, c)
			wantCodes(t, e.UserErrors)
			if e.Secret == nil || len(*e.Secret) < 32 {
				t.Fatalf("secret = %v, want 160 bits or more in base32", e.Secret)
			}
			if e.URI == nil || !strings.HasPrefix(*e.URI, "otpauth://totp/accountd:half@example.com?") || !strings.Contains(*e.URI, "secret="+*e.Secret) {
				t.Fatalf("uri = %v", e.URI)
			}
			if e.QRCode == nil || !strings.HasPrefix(*e.QRCode, "data:image/png;base64,") {
				t.Fatalf("qrCode = %.40v", e.QRCode)
			}
			if st := twoFactorViewer(t, c); st.TwoFactorEnabled || st.RecoveryCodesRemaining != 0 {
				t.Fatalf("after enable only: %+v", st)
			}
			p := logInFirstStep(t, srv.Client(t), "half@example.com", strongPassword)
			if p.Token == nil || p.TwoFactorChallenge != nil {
				t.Fatalf("logIn with a pending secret = %+v, want a session", p)
			}

			again := enableTwoFactor(t, c)
			wantCodes(t, again.UserErrors)
			if *again.Secret == *e.Secret {
				t.Fatal("enableTwoFactor again kept the pending secret")
			}
			// The replaced secret is dead.
			wantCodes(t, confirmTwoFactor(t, c, totpCode(t, *e.Secret, srv.Clock.Now())).UserErrors, "INVALID_CODE")
		})

		t.Run("case=confirm with a wrong code fails", func(t *testing.T) {
			c := clientWithBearer(t, srv, freshAccount(t, srv, "wrongconfirm@example.com"))
			wantCodes(t, confirmTwoFactor(t, c, "123456").UserErrors, "TWO_FACTOR_NOT_ENABLED")
			e := enableTwoFactor(t, c)
			now := srv.Clock.Now()
			for _, code := range []string{
				wrongCode(totpCode(t, *e.Secret, now)),
				totpCode(t, *e.Secret, now.Add(-61*time.Second)), // two steps back
				"", "abcdef", "1234567",
			} {
				conf := confirmTwoFactor(t, c, code)
				wantCodes(t, conf.UserErrors, "INVALID_CODE")
				if conf.RecoveryCodes != nil || strings.Join(conf.UserErrors[0].Field, ".") != "input.code" {
					t.Fatalf("confirm(%q) = %+v", code, conf)
				}
			}
			if twoFactorViewer(t, c).TwoFactorEnabled {
				t.Fatal("two-factor on after wrong codes")
			}
		})

		t.Run("case=confirm turns it on and hands out recovery codes", func(t *testing.T) {
			c := clientWithBearer(t, srv, freshAccount(t, srv, "on@example.com"))
			e := enableTwoFactor(t, c)
			// A code from oathtool, an independent implementation, pairs the app.
			conf := confirmTwoFactor(t, c, oathtoolCode(t, *e.Secret, srv.Clock.Now()))
			wantCodes(t, conf.UserErrors)
			if len(conf.RecoveryCodes) != 10 {
				t.Fatalf("recoveryCodes = %v", conf.RecoveryCodes)
			}
			seen := map[string]bool{}
			for _, rc := range conf.RecoveryCodes {
				if !recoveryCodeFormat.MatchString(rc) || seen[rc] {
					t.Fatalf("recovery code %q: bad format or repeated", rc)
				}
				seen[rc] = true
			}
			if conf.User == nil || !conf.User.TwoFactorEnabled || conf.User.RecoveryCodesRemaining != 10 {
				t.Fatalf("user after confirm = %+v", conf.User)
			}
			srv.SMTP.WaitFor(t, func(m testkit.Email) bool {
				return m.To[0] == "on@example.com" && strings.Contains(m.Subject, "Two-factor authentication is on")
			}, 10*time.Second)

			wantCodes(t, enableTwoFactor(t, c).UserErrors, "TWO_FACTOR_ALREADY_ENABLED")
			wantCodes(t, confirmTwoFactor(t, c, totpCode(t, *e.Secret, srv.Clock.Now())).UserErrors, "TWO_FACTOR_ALREADY_ENABLED")
			if st := twoFactorViewer(t, c); !st.TwoFactorEnabled {
				t.Fatal("enableTwoFactor on a confirmed account changed it")
			}
		})

		t.Run("case=two-step log-in with a code", func(t *testing.T) {
			_, secret, _ := twoFactorAccount(t, srv, "code@example.com")
			c := srv.Client(t)
			ch := challenge(t, c, "code@example.com")
			// The challenge is no session (Kratos CVE-2024-45042).
			anon := clientWithBearer(t, srv, ch)
			if _, resp := viewer(t, anon); resp.Status != 401 {
				t.Fatalf("challenge as a bearer token: status %d, want 401", resp.Status)
			}
			if _, resp := viewer(t, c); resp.Status != 200 || strings.Contains(string(resp.Body), "code@example.com") {
				t.Fatalf("after the password step the client is logged in: %s", resp.Body)
			}

			p := verifyTwoFactor(t, c, map[string]any{"challenge": ch, "code": totpCode(t, secret, srv.Clock.Now())})
			wantCodes(t, p.UserErrors)
			if p.Token == nil || p.ExpiresAt == nil || p.User == nil || p.User.Email != "code@example.com" {
				t.Fatalf("verifyTwoFactor = %+v", p)
			}
			if v, _ := viewer(t, c); v == nil || v.Email != "code@example.com" || !v.TwoFactorEnabled {
				t.Fatalf("viewer with the cookie = %+v", v)
			}
			if sessionOf(t, srv, *p.Token).AuthenticatedAt == nil {
				t.Fatal("a session after password and code is not password-proved")
			}
		})

		t.Run("case=a code from oathtool logs in", func(t *testing.T) {
			_, secret, _ := twoFactorAccount(t, srv, "oath@example.com")
			c := srv.Client(t)
			p := verifyTwoFactor(t, c, map[string]any{
				"challenge": challenge(t, c, "oath@example.com"),
				"code":      oathtoolCode(t, secret, srv.Clock.Now()),
			})
			wantCodes(t, p.UserErrors)
			if p.Token == nil {
				t.Fatalf("verifyTwoFactor = %+v", p)
			}
		})

		t.Run("case=the same code twice is refused", func(t *testing.T) {
			_, secret, _ := twoFactorAccount(t, srv, "replay@example.com")
			c := srv.Client(t)
			code := totpCode(t, secret, srv.Clock.Now())
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": challenge(t, c, "replay@example.com"), "code": code}).UserErrors)

			p := verifyTwoFactor(t, c, map[string]any{"challenge": challenge(t, c, "replay@example.com"), "code": code})
			wantCodes(t, p.UserErrors, "INVALID_CODE")
			if p.Token != nil {
				t.Fatal("a replayed code opened a session")
			}
			// Nor a code of an earlier step, though it is within the skew.
			nextStep(srv)
			earlier := totpCode(t, secret, srv.Clock.Now().Add(-30*time.Second))
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": challenge(t, c, "replay@example.com"), "code": earlier}).UserErrors, "INVALID_CODE")
			// The code of the new step works.
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": challenge(t, c, "replay@example.com"), "code": totpCode(t, secret, srv.Clock.Now())}).UserErrors)
		})

		t.Run("case=two-step log-in with a recovery code", func(t *testing.T) {
			owner, _, recovery := twoFactorAccount(t, srv, "recover@example.com")
			c := srv.Client(t)
			// Typed sloppily: lower case, without the dashes.
			typed := strings.ToLower(strings.ReplaceAll(recovery[3], "-", ""))
			p := verifyTwoFactor(t, c, map[string]any{"challenge": challenge(t, c, "recover@example.com"), "recoveryCode": typed})
			wantCodes(t, p.UserErrors)
			if p.Token == nil || sessionOf(t, srv, *p.Token).AuthenticatedAt == nil {
				t.Fatalf("verifyTwoFactor with a recovery code = %+v", p)
			}
			if st := twoFactorViewer(t, owner); st.RecoveryCodesRemaining != 9 {
				t.Fatalf("recoveryCodesRemaining = %d, want 9", st.RecoveryCodesRemaining)
			}
			m := srv.SMTP.WaitFor(t, func(m testkit.Email) bool {
				return m.To[0] == "recover@example.com" && strings.Contains(m.Subject, "recovery code was used")
			}, 10*time.Second)
			if !strings.Contains(m.Text, "Recovery codes left: 9") {
				t.Fatalf("recovery code email:\n%s", m.Text)
			}

			t.Run("case=a used recovery code is refused", func(t *testing.T) {
				p := verifyTwoFactor(t, c, map[string]any{"challenge": challenge(t, c, "recover@example.com"), "recoveryCode": recovery[3]})
				wantCodes(t, p.UserErrors, "INVALID_CODE")
				if p.Token != nil || strings.Join(p.UserErrors[0].Field, ".") != "input.recoveryCode" {
					t.Fatalf("reused recovery code = %+v", p)
				}
			})
			t.Run("case=code and recovery code together, or neither", func(t *testing.T) {
				ch := challenge(t, c, "recover@example.com")
				wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": ch, "code": "123456", "recoveryCode": recovery[4]}).UserErrors, "INVALID_INPUT")
				wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": ch}).UserErrors, "INVALID_INPUT")
			})
		})

		t.Run("case=a challenge dies after 5 wrong codes", func(t *testing.T) {
			_, secret, recovery := twoFactorAccount(t, srv, "guess@example.com")
			c := srv.Client(t)
			ch := challenge(t, c, "guess@example.com")
			right := totpCode(t, secret, srv.Clock.Now())
			for i := range 5 {
				in := map[string]any{"challenge": ch, "code": wrongCode(right)}
				if i == 4 { // a wrong recovery code counts the same
					in = map[string]any{"challenge": ch, "recoveryCode": "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"}
				}
				wantCodes(t, verifyTwoFactor(t, c, in).UserErrors, "INVALID_CODE")
			}
			p := verifyTwoFactor(t, c, map[string]any{"challenge": ch, "code": right})
			wantCodes(t, p.UserErrors, "INVALID_TOKEN")
			if p.Token != nil || strings.Join(p.UserErrors[0].Field, ".") != "input.challenge" {
				t.Fatalf("right code on a dead challenge = %+v", p)
			}
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": ch, "recoveryCode": recovery[0]}).UserErrors, "INVALID_TOKEN")
			// The code itself was not used up: a new log-in takes it.
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": challenge(t, c, "guess@example.com"), "code": right}).UserErrors)
		})

		t.Run("case=a challenge expires after 5 minutes", func(t *testing.T) {
			_, secret, _ := twoFactorAccount(t, srv, "slow@example.com")
			c := srv.Client(t)
			ch := challenge(t, c, "slow@example.com")
			srv.Clock.Advance(5*time.Minute + time.Second)
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": ch, "code": totpCode(t, secret, srv.Clock.Now())}).UserErrors, "INVALID_TOKEN")
		})

		t.Run("case=a challenge works once", func(t *testing.T) {
			_, secret, recovery := twoFactorAccount(t, srv, "once@example.com")
			c := srv.Client(t)
			ch := challenge(t, c, "once@example.com")
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": ch, "code": totpCode(t, secret, srv.Clock.Now())}).UserErrors)
			nextStep(srv)
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": ch, "code": totpCode(t, secret, srv.Clock.Now())}).UserErrors, "INVALID_TOKEN")
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": ch, "recoveryCode": recovery[0]}).UserErrors, "INVALID_TOKEN")
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": "acd_tfa_forged", "code": "123456"}).UserErrors, "INVALID_TOKEN")
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": "acd_sess_x", "code": "123456"}).UserErrors, "INVALID_TOKEN")
		})

		t.Run("case=disable needs the right password", func(t *testing.T) {
			owner, secret, _ := twoFactorAccount(t, srv, "off@example.com")
			var out struct {
				DisableTwoFactor struct {
					User       *twoFactorState
					UserErrors []userError
				}
			}
			resp := srv.Client(t).Do(disableTwoFactorOp, map[string]any{"password": strongPassword, "code": "123456"}, nil)
			if resp.Code() != "UNAUTHENTICATED" {
				t.Fatalf("disable without a session: %s", resp.Body)
			}
			owner.Do(disableTwoFactorOp, map[string]any{"password": "not the password at all", "code": totpCode(t, secret, srv.Clock.Now())}, &out)
			wantCodes(t, out.DisableTwoFactor.UserErrors, "INVALID_CREDENTIALS")
			if f := out.DisableTwoFactor.UserErrors[0].Field; strings.Join(f, ".") != "input.password" {
				t.Fatalf("field = %v", f)
			}
			if !twoFactorViewer(t, owner).TwoFactorEnabled {
				t.Fatal("a wrong password turned two-factor off")
			}
			// The password alone does not remove the factor it guards (SECURITY.md row 17).
			right := totpCode(t, secret, srv.Clock.Now())
			owner.Do(disableTwoFactorOp, map[string]any{"password": strongPassword, "code": wrongCode(right)}, &out)
			wantCodes(t, out.DisableTwoFactor.UserErrors, "INVALID_CODE")
			c := srv.Client(t)
			pending := challenge(t, c, "off@example.com")

			owner.Do(disableTwoFactorOp, map[string]any{"password": strongPassword, "code": right}, &out)
			wantCodes(t, out.DisableTwoFactor.UserErrors)
			if u := out.DisableTwoFactor.User; u == nil || u.TwoFactorEnabled || u.RecoveryCodesRemaining != 0 {
				t.Fatalf("user after disable = %+v", u)
			}
			srv.SMTP.WaitFor(t, func(m testkit.Email) bool {
				return m.To[0] == "off@example.com" && strings.Contains(m.Subject, "Two-factor authentication is off")
			}, 10*time.Second)
			// Challenges opened before are dead; log-in needs only the password again.
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": pending, "code": "123456"}).UserErrors, "INVALID_TOKEN")
			if p := logInFirstStep(t, c, "off@example.com", strongPassword); p.Token == nil || p.TwoFactorChallenge != nil {
				t.Fatalf("logIn after disable = %+v", p)
			}
			owner.Do(disableTwoFactorOp, map[string]any{"password": strongPassword, "code": right}, &out)
			wantCodes(t, out.DisableTwoFactor.UserErrors, "TWO_FACTOR_NOT_ENABLED")
		})

		t.Run("case=regenerate recovery codes", func(t *testing.T) {
			owner, _, old := twoFactorAccount(t, srv, "regen@example.com")
			var out struct {
				RegenerateRecoveryCodes struct {
					RecoveryCodes []string
					UserErrors    []userError
				}
			}
			owner.Do(regenerateRecoveryCodesOp, map[string]any{"password": "not the password at all", "code": old[1]}, &out)
			wantCodes(t, out.RegenerateRecoveryCodes.UserErrors, "INVALID_CREDENTIALS")
			owner.Do(regenerateRecoveryCodesOp, map[string]any{"password": strongPassword, "code": "not a code"}, &out)
			wantCodes(t, out.RegenerateRecoveryCodes.UserErrors, "INVALID_CODE")
			// A recovery code serves as the second factor here too, and is spent.
			owner.Do(regenerateRecoveryCodesOp, map[string]any{"password": strongPassword, "code": old[1]}, &out)
			wantCodes(t, out.RegenerateRecoveryCodes.UserErrors)
			fresh := out.RegenerateRecoveryCodes.RecoveryCodes
			if len(fresh) != 10 || fresh[0] == old[0] {
				t.Fatalf("new recovery codes = %v", fresh)
			}
			c := srv.Client(t)
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": challenge(t, c, "regen@example.com"), "recoveryCode": old[0]}).UserErrors, "INVALID_CODE")
			wantCodes(t, verifyTwoFactor(t, c, map[string]any{"challenge": challenge(t, c, "regen@example.com"), "recoveryCode": fresh[0]}).UserErrors)
		})

		t.Run("case=verifyEmail of a two-factor account returns a challenge", func(t *testing.T) {
			_, secret, _ := twoFactorAccount(t, srv, "relink@example.com")
			// A verification link reaches an account that has two-factor on (as after
			// an address change): the link must not skip the second factor.
			ctx := context.Background()
			if _, err := srv.App.Store.Client.User.Update().Where(user.Email("relink@example.com")).ClearEmailVerifiedAt().Save(ctx); err != nil {
				t.Fatal(err)
			}
			c := srv.Client(t)
			srv.Clock.Advance(time.Minute) // past the resend interval of the sign-up email
			var rs struct {
				ResendVerificationEmail struct{ UserErrors []userError }
			}
			c.Do(resendOp, map[string]any{"email": "relink@example.com"}, &rs)
			wantCodes(t, rs.ResendVerificationEmail.UserErrors)
			tok := verificationToken(t, srv, "relink@example.com", 2)
			var out struct{ VerifyEmail firstStep }
			// A password: this browser did not sign up (the owner's proof is long gone).
			c.Do(verifyEmailTwoFactorOp, map[string]any{"input": map[string]any{"token": tok, "password": strongPassword}}, &out)
			p := out.VerifyEmail
			wantCodes(t, p.UserErrors)
			if p.Token != nil || p.User != nil || p.TwoFactorChallenge == nil {
				t.Fatalf("verifyEmail of a two-factor account = %+v, want only a challenge", p)
			}
			if v, _ := viewer(t, c); v != nil {
				t.Fatalf("verifyEmail set a session cookie: viewer %+v", v)
			}
			s := verifyTwoFactor(t, c, map[string]any{"challenge": *p.TwoFactorChallenge, "code": totpCode(t, secret, srv.Clock.Now())})
			wantCodes(t, s.UserErrors)
			if s.Token == nil {
				t.Fatalf("verifyTwoFactor = %+v", s)
			}
			// The password set on the page proves it, as in logIn (a bare link click
			// does not: TestSignUpProofKeepsThePassword).
			if sessionOf(t, srv, *s.Token).AuthenticatedAt == nil {
				t.Fatal("a session from a new password and a code is not password-proved")
			}
		})

		t.Run("case=concurrent verifyTwoFactor with the same code opens one session", func(t *testing.T) {
			_, secret, recovery := twoFactorAccount(t, srv, "race@example.com")
			const n = 8
			race := func(answer map[string]any) int {
				t.Helper()
				c := srv.Client(t)
				challenges := make([]string, n)
				for i := range challenges {
					challenges[i] = challenge(t, c, "race@example.com")
				}
				var (
					mu       sync.Mutex
					sessions int
					wg       sync.WaitGroup
				)
				for _, ch := range challenges {
					wg.Go(func() {
						in := map[string]any{"challenge": ch}
						for k, v := range answer {
							in[k] = v
						}
						var out struct{ VerifyTwoFactor payload }
						resp := srv.Client(t).Do(verifyTwoFactorOp, map[string]any{"input": in}, &out)
						if len(resp.Errors) > 0 {
							t.Errorf("verifyTwoFactor: %s", resp.Body)
							return
						}
						if out.VerifyTwoFactor.Token != nil {
							mu.Lock()
							sessions++
							mu.Unlock()
						} else if got := codes(out.VerifyTwoFactor.UserErrors); len(got) != 1 || got[0] != "INVALID_CODE" {
							t.Errorf("loser's userErrors = %+v", out.VerifyTwoFactor.UserErrors)
						}
					})
				}
				wg.Wait()
				return sessions
			}
			if got := race(map[string]any{"code": totpCode(t, secret, srv.Clock.Now())}); got != 1 {
				t.Fatalf("%d concurrent uses of one code opened %d sessions, want 1", n, got)
			}
			if got := race(map[string]any{"recoveryCode": recovery[0]}); got != 1 {
				t.Fatalf("%d concurrent uses of one recovery code opened %d sessions, want 1", n, got)
			}
		})

		t.Run("case=no session cannot enable", func(t *testing.T) {
			resp := srv.Client(t).Do(enableTwoFactorOp, nil, nil)
			if resp.Code() != "UNAUTHENTICATED" {
				t.Fatalf("enableTwoFactor anonymously: %s", resp.Body)
			}
		})

		t.Run("case=security log and logs", func(t *testing.T) {
			ctx := context.Background()
			u, err := srv.App.Store.Client.User.Query().Where(user.Email("guess@example.com")).Only(ctx)
			if err != nil {
				t.Fatal(err)
			}
			kinds, err := srv.App.Store.Client.SecurityEvent.Query().Where(securityevent.UserID(u.ID)).
				Select(securityevent.FieldKind).Strings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(kinds, ",")
			for _, want := range []string{"two_factor_enrolment_started", "two_factor_enabled", "two_factor_challenge_opened", "two_factor_challenge_failed", "two_factor_log_in"} {
				if !strings.Contains(got, want) {
					t.Errorf("security log %s lacks %s", got, want)
				}
			}
			if n := strings.Count(got, "two_factor_challenge_failed"); n != 5 {
				t.Errorf("%d failed challenge events, want 5", n)
			}
			if logs := srv.Logs.String(); strings.Contains(logs, "acd_tfa_") || strings.Contains(logs, "otpauth://") {
				t.Error("a challenge or secret reached the log")
			}
		})
	})
}
