package testkit

import (
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/outboxemail"
)

// StrongPassword passes the default password policy (12+ characters, zxcvbn score >= 3).
const StrongPassword = "correct horse battery staple 42"

// PublicURL is the test server's ACCOUNTD_PUBLIC_URL: the base of the links in email.
const PublicURL = "http://app.example.test"

// UserError is one entry of a payload's userErrors.
type UserError struct {
	Code    string   `json:"code"`
	Field   []string `json:"field"`
	Message string   `json:"message"`
}

// The account operations the helpers below send, as a client sends them.
const (
	signUpOp = `mutation($input: SignUpInput!) { signUp(input: $input) { userErrors { code field message } } }`
	verifyOp = `mutation($token: String!) { verifyEmail(input: {token: $token}) { token user { id } userErrors { code message } } }`
)

// Account is a verified account and a client that uses its session (bearer token).
type Account struct {
	ID     string
	Email  string
	Client *Client
}

// ForEachServer runs the test in parallel and f as a parallel subtest per store (see
// ForEachStore), each with a server of its own started with opts.
func ForEachServer(t *testing.T, f func(t *testing.T, srv *Server), opts ...Option) {
	t.Helper()
	t.Parallel()
	ForEachStore(t, func(t *testing.T, store string) {
		f(t, NewServer(t, store, opts...))
	})
}

// SignUp signs addr up with StrongPassword through c. It reports a failure with
// t.Errorf (so it may run in a goroutine) and returns whether the sign-up went through.
func (s *Server) SignUp(t testing.TB, c *Client, addr string) bool {
	t.Helper()
	var su struct {
		SignUp struct{ UserErrors []UserError }
	}
	resp := c.Do(signUpOp, map[string]any{"input": map[string]any{"email": addr, "password": StrongPassword, "acceptTerms": true}}, &su)
	if len(resp.Errors) > 0 || len(su.SignUp.UserErrors) > 0 {
		t.Errorf("signUp %s: %s", addr, resp.Body)
		return false
	}
	return true
}

// NewAccount signs addr up, follows the verification link from the email and returns
// the account with a fresh client that uses the session the verification gave.
func (s *Server) NewAccount(t testing.TB, addr string) *Account {
	t.Helper()
	c := s.Client(t)
	if !s.SignUp(t, c, addr) {
		t.FailNow()
	}
	tok := s.LinkToken(t, addr, PublicURL+"/verify-email?token=", 1)
	var v struct {
		VerifyEmail struct {
			Token *string
			User  *struct{ ID string }
		}
	}
	resp := c.Do(verifyOp, map[string]any{"token": tok}, &v)
	if v.VerifyEmail.Token == nil || v.VerifyEmail.User == nil {
		t.Fatalf("verifyEmail %s: %s", addr, resp.Body)
	}
	api := s.Client(t)
	api.Bearer = *v.VerifyEmail.Token
	return &Account{ID: v.VerifyEmail.User.ID, Email: addr, Client: api}
}

// LinkToken waits for the n-th email to addr (1 is the first) with a link starting with
// prefix and returns the token of the link, as a person following it would. It fails
// the test after a generous deadline (never a measure of speed: the machine may be
// busy).
func (s *Server) LinkToken(t testing.TB, addr, prefix string, n int) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var links []string
		for _, m := range s.SMTP.Messages() {
			if len(m.To) == 1 && strings.EqualFold(m.To[0], addr) {
				if l := m.FirstLink(prefix); l != "" {
					links = append(links, l)
				}
			}
		}
		if len(links) >= n {
			return strings.TrimPrefix(links[n-1], prefix)
		}
		if time.Now().After(deadline) {
			t.Fatalf("testkit: no email #%d to %s with a link %s...; mail: %+v", n, addr, prefix, s.SMTP.Messages())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// SettleIntents waits until the mail worker has resolved every email request queued so
// far (mail.QueueIntent: reset links, log-in codes, verification resends are worked out
// by the worker after the request has answered), so that a test comparing the tables
// before and after a request sees only that request's writes (Eventually's deadline).
func (s *Server) SettleIntents(t testing.TB) {
	t.Helper()
	Eventually(t, "the mail worker resolving every email request", func() bool {
		n, err := s.App.Store.Client.OutboxEmail.Query().Where(
			outboxemail.To("intent"), outboxemail.SentAtIsNil(), outboxemail.FailedAtIsNil(),
		).Count(t.Context())
		if err != nil {
			t.Fatalf("testkit: count pending intents: %v", err)
		}
		return n == 0
	})
}

// Eventually polls cond until it holds, failing the test after 30 s: a deadline only,
// never a measure of speed (the machine may be busy).
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("testkit: still waiting after 30 s for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
