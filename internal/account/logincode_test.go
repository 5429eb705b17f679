package account_test

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

const (
	requestLogInCodeOp = `mutation($email: String!) { requestLogInCode(input: {email: $email}) {
		userErrors { code field message retryAfterSeconds } } }`
	logInWithCodeOp = `mutation($email: String!, $code: String!) { logInWithCode(input: {email: $email, code: $code}) {
		token expiresAt twoFactorChallenge user { id email } userErrors { code field message retryAfterSeconds } } }`
)

type codeLogInPayload struct {
	payload
	TwoFactorChallenge *string `json:"twoFactorChallenge"`
}

func requestLogInCode(t *testing.T, c *testkit.Client, addr string) []userError {
	t.Helper()
	var out struct {
		RequestLogInCode struct{ UserErrors []userError }
	}
	resp := c.Do(requestLogInCodeOp, map[string]any{"email": addr}, &out)
	if len(resp.Errors) > 0 {
		t.Fatalf("requestLogInCode: top-level errors: %s", resp.Body)
	}
	return out.RequestLogInCode.UserErrors
}

func logInWithCode(t *testing.T, c *testkit.Client, addr, code string) codeLogInPayload {
	t.Helper()
	var out struct{ LogInWithCode codeLogInPayload }
	resp := c.Do(logInWithCodeOp, map[string]any{"email": addr, "code": code}, &out)
	if len(resp.Errors) > 0 {
		t.Fatalf("logInWithCode: top-level errors: %s", resp.Body)
	}
	return out.LogInWithCode
}

var mailedCode = regexp.MustCompile(`log-in code: (\d{6})$`)

// logInCode waits for the n-th log-in code email to addr and returns its code and the
// link that fills it in.
func logInCode(t *testing.T, srv *testkit.Server, addr string, n int) (string, string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var found []testkit.Email
		for _, m := range srv.SMTP.Messages() {
			if len(m.To) == 1 && m.To[0] == addr && mailedCode.MatchString(m.Subject) {
				found = append(found, m)
			}
		}
		if len(found) >= n {
			m := found[n-1]
			return mailedCode.FindStringSubmatch(m.Subject)[1], m.FirstLink("http://app.example.test/login/code?")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no log-in code #%d to %s", n, addr)
	return "", ""
}

// otherCode is a code that is not code.
func otherCode(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

// TestLogInWithCode: a verified address gets a 6-digit code and a link holding it; the
// code opens a session once, like logIn, and the security log says so.
func TestLogInWithCode(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		const addr = "coda@example.com"
		newAccount(t, srv, addr)
		c := srv.Client(t)

		wantCodes(t, requestLogInCode(t, c, "Coda@Example.com"))
		code, link := logInCode(t, srv, addr, 1)
		u, err := url.Parse(link)
		if err != nil || u.Query().Get("code") != code || u.Query().Get("email") != "Coda@Example.com" {
			t.Fatalf("link %q does not fill in code %s", link, code)
		}
		p := logInWithCode(t, c, "CODA@example.com", code)
		wantCodes(t, p.UserErrors)
		if p.Token == nil || p.User == nil || p.User.Email != addr {
			t.Fatalf("no session: %+v", p)
		}
		c.Bearer = *p.Token
		if v, _ := viewer(t, c); v == nil || v.Email != addr {
			t.Fatalf("viewer = %+v", v)
		}
		// Single use.
		wantCodes(t, logInWithCode(t, srv.Client(t), addr, code).UserErrors, "INVALID_CODE")
		// A code session is no fresh authentication: sensitive operations ask for the password.
		wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": "elsewhere@example.com"}), "FRESH_AUTH_REQUIRED")
		for kind, want := range map[string]int{"log_in_code_requested": 1, "log_in_with_code": 1} {
			if got := eventsOfKind(t, srv, kind); got != want {
				t.Fatalf("%d %s events, want %d", got, kind, want)
			}
		}
	})
}

// TestLogInCodeSameAnswerForEveryAddress: an unknown and an unverified address get the
// answers a registered one gets, at request and at log-in, and the once-a-minute limit
// refuses them all alike; only the registered, verified one receives mail.
func TestLogInCodeSameAnswerForEveryAddress(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		newAccount(t, srv, "known@example.com")
		wantCodes(t, signUp(t, srv.Client(t), map[string]any{"email": "pending@example.com", "password": strongPassword, "acceptTerms": true}))
		c := srv.Client(t)
		addrs := []string{"known@example.com", "pending@example.com", "nobody@example.com"}
		for _, a := range addrs {
			wantCodes(t, requestLogInCode(t, c, a))
		}
		code, _ := logInCode(t, srv, "known@example.com", 1)
		for _, a := range addrs {
			errs := requestLogInCode(t, c, a)
			wantCodes(t, errs, "RATE_LIMITED")
			if errs[0].RetryAfterSeconds == nil {
				t.Fatalf("no retryAfterSeconds for %s", a)
			}
		}
		var answers []string
		for _, a := range addrs {
			p := logInWithCode(t, c, a, otherCode(code))
			answers = append(answers, strings.Join(codes(p.UserErrors), ",")+"|"+p.UserErrors[0].Message)
		}
		if answers[0] != answers[1] || answers[1] != answers[2] || !strings.HasPrefix(answers[0], "INVALID_CODE|") {
			t.Fatalf("answers differ by address: %q", answers)
		}
		wantCodes(t, requestLogInCode(t, c, "not an address"), "INVALID_EMAIL")
		srv.App.Mail.RunOnce(t.Context())
		for _, a := range addrs[1:] {
			if n := mailCount(srv, a, "log-in code"); n != 0 {
				t.Fatalf("%d code emails to %s", n, a)
			}
		}
	})
}

// TestLogInCodeDies: five wrong answers kill the code (the right one then fails too), it
// expires after 10 minutes, and a new request retires the previous code.
func TestLogInCodeDies(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		// Every wrong answer counts as a failed log-in; the address must not lock here.
		srv := testkit.NewServer(t, store, func(c *config.Config) { c.LogInMaxAttempts = 100 })
		const addr = "dies@example.com"
		newAccount(t, srv, addr)
		c := srv.Client(t)

		t.Run("case=five wrong tries", func(t *testing.T) {
			wantCodes(t, requestLogInCode(t, c, addr))
			code, _ := logInCode(t, srv, addr, 1)
			for range 5 {
				wantCodes(t, logInWithCode(t, c, addr, otherCode(code)).UserErrors, "INVALID_CODE")
			}
			wantCodes(t, logInWithCode(t, c, addr, code).UserErrors, "INVALID_CODE")
		})
		t.Run("case=four wrong tries leave it working", func(t *testing.T) {
			srv.Clock.Advance(61 * time.Second)
			wantCodes(t, requestLogInCode(t, c, addr))
			code, _ := logInCode(t, srv, addr, 2)
			for range 4 {
				wantCodes(t, logInWithCode(t, c, addr, otherCode(code)).UserErrors, "INVALID_CODE")
			}
			if p := logInWithCode(t, c, addr, code); p.Token == nil {
				t.Fatalf("the fifth answer, right, failed: %+v", p.UserErrors)
			}
		})
		t.Run("case=expires after 10 minutes", func(t *testing.T) {
			srv.Clock.Advance(61 * time.Second)
			wantCodes(t, requestLogInCode(t, c, addr))
			code, _ := logInCode(t, srv, addr, 3)
			srv.Clock.Advance(10*time.Minute + time.Second)
			wantCodes(t, logInWithCode(t, c, addr, code).UserErrors, "INVALID_CODE")
		})
		t.Run("case=a new code retires the previous", func(t *testing.T) {
			srv.Clock.Advance(61 * time.Second)
			wantCodes(t, requestLogInCode(t, c, addr))
			first, _ := logInCode(t, srv, addr, 4)
			srv.Clock.Advance(61 * time.Second)
			wantCodes(t, requestLogInCode(t, c, addr))
			second, _ := logInCode(t, srv, addr, 5)
			if first != second { // one in a million they are equal; then the check is moot
				wantCodes(t, logInWithCode(t, c, addr, first).UserErrors, "INVALID_CODE")
			}
			if p := logInWithCode(t, c, addr, second); p.Token == nil {
				t.Fatalf("the newest code failed: %+v", p.UserErrors)
			}
		})
		t.Run("case=garbage", func(t *testing.T) {
			for _, bad := range []string{"", "12345", "1234567", "abcdef", strings.Repeat("9", 5000)} {
				wantCodes(t, logInWithCode(t, c, addr, bad).UserErrors, "INVALID_CODE")
			}
		})
	})
}

// TestLogInCodeConcurrentAnswers: 20 concurrent answers with the right code open one
// session; 20 concurrent wrong answers are compared at most five times (the right code
// is dead after them).
func TestLogInCodeConcurrentAnswers(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, func(c *config.Config) { c.LogInMaxAttempts = 100 })
		const addr = "many@example.com"
		newAccount(t, srv, addr)
		run := func(code string) []codeLogInPayload {
			out := make([]codeLogInPayload, 20)
			var wg sync.WaitGroup
			for i := range out {
				wg.Go(func() { out[i] = logInWithCode(t, srv.Client(t), addr, code) })
			}
			wg.Wait()
			return out
		}
		wantCodes(t, requestLogInCode(t, srv.Client(t), addr))
		code, _ := logInCode(t, srv, addr, 1)
		sessions := 0
		for _, p := range run(code) {
			if p.Token != nil {
				sessions++
			} else {
				wantCodes(t, p.UserErrors, "INVALID_CODE")
			}
		}
		if sessions != 1 {
			t.Fatalf("%d sessions from one code", sessions)
		}

		srv.Clock.Advance(61 * time.Second)
		wantCodes(t, requestLogInCode(t, srv.Client(t), addr))
		code, _ = logInCode(t, srv, addr, 2)
		for _, p := range run(otherCode(code)) {
			wantCodes(t, p.UserErrors, "INVALID_CODE")
		}
		wantCodes(t, logInWithCode(t, srv.Client(t), addr, code).UserErrors, "INVALID_CODE")
	})
}

// TestLogInCodeLikeLogIn: the two-factor challenge comes when two-factor is on, and a
// code counts against the address's log-in limit: a locked address is refused with the
// right code too.
func TestLogInCodeLikeLogIn(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		t.Run("case=two-factor challenge", func(t *testing.T) {
			const addr = "twofa.code@example.com"
			twoFactorAccount(t, srv, addr)
			c := srv.Client(t)
			wantCodes(t, requestLogInCode(t, c, addr))
			code, _ := logInCode(t, srv, addr, 1)
			p := logInWithCode(t, c, addr, code)
			wantCodes(t, p.UserErrors)
			if p.Token != nil || p.TwoFactorChallenge == nil || !strings.HasPrefix(*p.TwoFactorChallenge, "acd_tfa_") {
				t.Fatalf("want a challenge and no session: %+v", p)
			}
		})
		t.Run("case=locked address", func(t *testing.T) {
			const addr = "locked.code@example.com"
			newAccount(t, srv, addr)
			c := srv.Client(t)
			for range 10 {
				wantCodes(t, logIn(t, c, addr, "a wrong password indeed").UserErrors, "INVALID_CREDENTIALS")
			}
			wantCodes(t, requestLogInCode(t, c, addr))
			code, _ := logInCode(t, srv, addr, 1)
			wantCodes(t, logInWithCode(t, c, addr, code).UserErrors, "RATE_LIMITED")
		})
	})
}

// TestLogInCodeTurnedOff: ACCOUNTD_EMAIL_CODE_LOGIN=false refuses both mutations with a
// typed error and sends nothing.
func TestLogInCodeTurnedOff(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, func(c *config.Config) { c.EmailCodeLogIn = false })
		const addr = "off@example.com"
		newAccount(t, srv, addr)
		c := srv.Client(t)
		wantCodes(t, requestLogInCode(t, c, addr), "EMAIL_CODE_LOGIN_DISABLED")
		wantCodes(t, logInWithCode(t, c, addr, "123456").UserErrors, "EMAIL_CODE_LOGIN_DISABLED")
		srv.App.Mail.RunOnce(t.Context())
		if n := mailCount(srv, addr, "log-in code"); n != 0 {
			t.Fatalf("%d code emails with code log-in off", n)
		}
	})
}
