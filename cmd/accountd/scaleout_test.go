package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

// TestScaleOut runs two accountd processes on one PostgreSQL database and one SMTP
// listener, as behind a load balancer, and shows that they behave as one service:
// no state that matters lives in a process (README, "Deploying").
func TestScaleOut(t *testing.T) {
	t.Parallel()
	requirePostgres(t)
	scaleOut(t, testkit.NewDatabaseURL(t, "postgres"))
}

const (
	scaleOutPassword = "correct horse battery staple 42"
	verifyPrefix     = "http://app.example.test/verify-email?token="
)

// scaleOutRun is what scaleOut leaves running: the processes, their SMTP listener, and
// the addresses it signed up (the first verified and locked out of log-in, the others
// with their verification email waiting).
type scaleOutRun struct {
	procs  []*process
	smtp   *testkit.SMTPServer
	emails []string
}

// scaleOut is TestScaleOut's run on the database at dbURL, for processes started with
// the extra environment.
func scaleOut(t *testing.T, dbURL string, extra ...string) scaleOutRun {
	t.Helper()
	const (
		password    = scaleOutPassword
		emailsPerIP = 6
		logInLimit  = 10
	)
	smtp := testkit.StartSMTP(t)
	env := processEnv(t, dbURL, smtp.URL(), append([]string{
		// Later entries win: real windows, so that the counters must be shared to hold.
		"ACCOUNTD_LOGIN_LOCK_WINDOW=15m",
		fmt.Sprintf("ACCOUNTD_LOGIN_MAX_ATTEMPTS=%d", logInLimit),
		fmt.Sprintf("ACCOUNTD_EMAILS_PER_IP_PER_HOUR=%d", emailsPerIP)}, extra...)...)
	// Both start at once: the migrations run under an advisory lock.
	procs := make([]*process, 2)
	errs := make(chan error, 2)
	for i := range procs {
		go func() {
			p, err := launch(t, env, nil)
			procs[i] = p
			errs <- err
		}()
	}
	for range procs {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	a, b := procs[0], procs[1]
	// on alternates between the two processes, as a round-robin balancer would.
	on := func(i int) *process { return procs[i%2] }

	signUpCode := func(p *process, email string) string {
		var out struct {
			SignUp struct{ UserErrors []struct{ Code string } }
		}
		resp := p.Client(t).Do(`mutation($e: String!) { signUp(input: {email: $e, acceptTerms: true}) { userErrors { code } } }`,
			map[string]any{"e": email}, &out)
		if len(resp.Errors) > 0 {
			t.Fatalf("sign up %s: %s", email, resp.Body)
		}
		if len(out.SignUp.UserErrors) > 0 {
			return out.SignUp.UserErrors[0].Code
		}
		return ""
	}
	emails := make([]string, emailsPerIP)
	t.Run("case=the emails-per-IP limit counts sign-ups on both", func(t *testing.T) {
		for i := range emails {
			emails[i] = fmt.Sprintf("scale%d@example.com", i)
			if code := signUpCode(on(i), emails[i]); code != "" {
				t.Fatalf("sign-up %d of %d got %s", i+1, emailsPerIP, code)
			}
		}
		for i := range 2 {
			if code := signUpCode(on(i), fmt.Sprintf("over%d@example.com", i)); code != "RATE_LIMITED" {
				t.Fatalf("sign-up past the limit on process %d got %q, want RATE_LIMITED", i%2, code)
			}
		}
	})
	t.Run("case=each email is sent once", func(t *testing.T) {
		if !waitUntil(20*time.Second, func() bool { return len(smtp.Messages()) >= len(emails) }) {
			t.Fatalf("got %d emails, want %d", len(smtp.Messages()), len(emails))
		}
		time.Sleep(500 * time.Millisecond) // ten polls of each worker: a duplicate would show
		for _, e := range emails {
			if n := countTo(smtp, e); n != 1 {
				t.Errorf("%s got %d emails, want 1", e, n)
			}
		}
		if n := len(smtp.Messages()); n != len(emails) {
			t.Errorf("got %d emails in all, want %d", n, len(emails))
		}
	})

	var sessionToken string
	t.Run("case=a session from one works on the other", func(t *testing.T) {
		email := smtp.WaitFor(t, func(e testkit.Email) bool { return len(e.To) == 1 && e.To[0] == emails[0] }, 5*time.Second)
		tok := strings.TrimPrefix(email.FirstLink(verifyPrefix), verifyPrefix)
		var out struct {
			VerifyEmail struct {
				Token      string
				UserErrors []struct{ Code string }
			}
		}
		resp := b.Client(t).Do(`mutation($t: String!, $p: String!) { verifyEmail(input: {token: $t, password: $p}) { token userErrors { code } } }`,
			map[string]any{"t": tok, "p": password}, &out)
		if out.VerifyEmail.Token == "" {
			t.Fatalf("verify on B: %s", resp.Body)
		}
		sessionToken = out.VerifyEmail.Token
		ca := a.Client(t)
		ca.Bearer = sessionToken
		var v struct{ Viewer *struct{ Email string } }
		if resp := ca.Do(`{ viewer { email } }`, nil, &v); v.Viewer == nil || v.Viewer.Email != emails[0] {
			t.Fatalf("viewer on A with B's session: %s", resp.Body)
		}
		if resp := ca.Do(`mutation { logOut { userErrors { code } } }`, nil, nil); len(resp.Errors) > 0 {
			t.Fatalf("log out on A: %s", resp.Body)
		}
		cb := b.Client(t)
		cb.Bearer = sessionToken
		if resp := cb.Do(`{ viewer { email } }`, nil, nil); resp.Status != 401 || resp.Code() != "UNAUTHENTICATED" {
			t.Fatalf("B after log-out on A: %d %s, want 401 UNAUTHENTICATED", resp.Status, resp.Body)
		}
	})
	t.Run("case=the log-in lock counts attempts on both", func(t *testing.T) {
		logIn := func(p *process, pw string) string {
			var out struct {
				LogIn struct {
					Token      string
					UserErrors []struct{ Code string }
				}
			}
			resp := p.Client(t).Do(`mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { token userErrors { code } } }`,
				map[string]any{"e": emails[0], "p": pw}, &out)
			switch {
			case len(resp.Errors) > 0:
				t.Fatalf("log in: %s", resp.Body)
			case len(out.LogIn.UserErrors) > 0:
				return out.LogIn.UserErrors[0].Code
			case out.LogIn.Token != "":
				return "SESSION"
			}
			return ""
		}
		if got := logIn(a, password); got != "SESSION" {
			t.Fatalf("log-in with the right password: %s", got)
		}
		for i := range logInLimit {
			if got := logIn(on(i), "wrong horse battery staple 42"); got != "INVALID_CREDENTIALS" {
				t.Fatalf("wrong password %d of %d: %s", i+1, logInLimit, got)
			}
		}
		for i, p := range procs {
			if got := logIn(p, password); got != "RATE_LIMITED" {
				t.Fatalf("right password on process %d after %d failures split over both: %s, want RATE_LIMITED", i, logInLimit, got)
			}
		}
		// The lock notice is one email, though both processes run a mail worker.
		smtp.WaitFor(t, func(e testkit.Email) bool {
			return len(e.To) == 1 && e.To[0] == emails[0] && !strings.Contains(e.Text, verifyPrefix)
		}, 10*time.Second)
		time.Sleep(500 * time.Millisecond)
		if n := countTo(smtp, emails[0]); n != 2 {
			t.Fatalf("%s got %d emails, want 2 (verification, lock notice)", emails[0], n)
		}
	})
	return scaleOutRun{procs: procs, smtp: smtp, emails: emails}
}
