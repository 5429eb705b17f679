package account_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

// The GraphQL operations the tests send, as a client would.
const (
	signUpOp = `mutation($input: SignUpInput!) { signUp(input: $input) { userErrors { code field message retryAfterSeconds } } }`
	resendOp = `mutation($email: String!) { resendVerificationEmail(input: {email: $email}) { userErrors { code field message retryAfterSeconds } } }`
	verifyOp = `mutation($input: VerifyEmailInput!) { verifyEmail(input: $input) {
		token expiresAt user { id email emailVerified hasPassword } userErrors { code field message } } }`
	logInOp = `mutation($email: String!, $password: String!) { logIn(input: {email: $email, password: $password}) {
		token expiresAt user { id email } userErrors { code field message retryAfterSeconds } } }`
	refreshOp = `mutation { refreshSession { token expiresAt user { id } userErrors { code message } } }`
	logOutOp  = `mutation { logOut { userErrors { code message } } }`
	viewerOp  = `query { viewer { id email emailVerified name company hasPassword twoFactorEnabled createdAt } }`
)

// strongPassword passes the default policy (12+ characters, zxcvbn score >= 3).
const strongPassword = "correct horse battery staple 42"

type userError struct {
	Code              string   `json:"code"`
	Field             []string `json:"field"`
	Message           string   `json:"message"`
	RetryAfterSeconds *int     `json:"retryAfterSeconds"`
}

type payload struct {
	Token      *string     `json:"token"`
	ExpiresAt  *time.Time  `json:"expiresAt"`
	User       *viewerData `json:"user"`
	UserErrors []userError `json:"userErrors"`
}

type viewerData struct {
	ID               string `json:"id"`
	Email            string `json:"email"`
	EmailVerified    bool   `json:"emailVerified"`
	Name             string `json:"name"`
	Company          string `json:"company"`
	HasPassword      bool   `json:"hasPassword"`
	TwoFactorEnabled bool   `json:"twoFactorEnabled"`
}

// signUp signs up and returns the userErrors.
func signUp(t *testing.T, c *testkit.Client, input map[string]any) []userError {
	t.Helper()
	var out struct {
		SignUp struct{ UserErrors []userError } `json:"signUp"`
	}
	resp := c.Do(signUpOp, map[string]any{"input": input}, &out)
	if len(resp.Errors) > 0 {
		t.Fatalf("signUp: top-level errors: %s", resp.Body)
	}
	return out.SignUp.UserErrors
}

// verificationToken waits for the n-th verification email to addr (1 is the first)
// and returns the token of its link, as a person following the link would.
func verificationToken(t *testing.T, srv *testkit.Server, addr string, n int) string {
	t.Helper()
	return mailedToken(t, srv, addr, "/verify-email", n)
}

// mailedToken waits for the n-th email to addr with a link to path (1 is the first)
// and returns the link's token.
func mailedToken(t *testing.T, srv *testkit.Server, addr, path string, n int) string {
	t.Helper()
	prefix := "http://app.example.test" + path + "?token="
	var link string
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var links []string
		for _, m := range srv.SMTP.Messages() {
			if len(m.To) == 1 && m.To[0] == addr {
				if l := m.FirstLink(prefix); l != "" {
					links = append(links, l)
				}
			}
		}
		if len(links) >= n {
			link = links[n-1]
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if link == "" {
		t.Fatalf("no email #%d to %s with a link to %s; mail: %+v", n, addr, path, srv.SMTP.Messages())
	}
	return strings.TrimPrefix(link, prefix)
}

// verify redeems a verification token.
func verify(t *testing.T, c *testkit.Client, tok string, password *string) payload {
	t.Helper()
	input := map[string]any{"token": tok}
	if password != nil {
		input["password"] = *password
	}
	var out struct{ VerifyEmail payload }
	resp := c.Do(verifyOp, map[string]any{"input": input}, &out)
	if len(resp.Errors) > 0 {
		t.Fatalf("verifyEmail: top-level errors: %s", resp.Body)
	}
	return out.VerifyEmail
}

// logIn logs in with a password.
func logIn(t *testing.T, c *testkit.Client, email, password string) payload {
	t.Helper()
	var out struct{ LogIn payload }
	resp := c.Do(logInOp, map[string]any{"email": email, "password": password}, &out)
	if len(resp.Errors) > 0 {
		t.Fatalf("logIn: top-level errors: %s", resp.Body)
	}
	return out.LogIn
}

// viewer asks who the client is; nil when anonymous.
func viewer(t *testing.T, c *testkit.Client) (*viewerData, *testkit.Response) {
	t.Helper()
	var out struct{ Viewer *viewerData }
	resp := c.Do(viewerOp, nil, &out)
	return out.Viewer, resp
}

// newAccount signs up with a password and verifies the email; it returns the session
// token of the verification.
func newAccount(t *testing.T, srv *testkit.Server, addr string) string {
	t.Helper()
	c := srv.Client(t)
	if errs := signUp(t, c, map[string]any{"email": addr, "password": strongPassword, "acceptTerms": true}); len(errs) > 0 {
		t.Fatalf("signUp %s: %+v", addr, errs)
	}
	p := verify(t, c, verificationToken(t, srv, addr, 1), nil)
	if p.Token == nil {
		t.Fatalf("verifyEmail gave no session: %+v", p.UserErrors)
	}
	return *p.Token
}

func codes(errs []userError) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Code
	}
	return out
}

func wantCodes(t *testing.T, errs []userError, want ...string) {
	t.Helper()
	got := codes(errs)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("userErrors = %+v, want codes %v", errs, want)
	}
}

func ptr[T any](v T) *T { return &v }
