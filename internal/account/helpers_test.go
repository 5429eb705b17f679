package account_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
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
	return userErrorsOf(t, c, signUpOp, "signUp", map[string]any{"input": input})
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
	return call[payload](t, c, logInOp, "logIn", map[string]any{"email": email, "password": password})
}

// call sends op with vars and decodes the field of data named field into a T (its zero
// value when null); a top-level error fails the test.
func call[T any](t *testing.T, c *testkit.Client, op, field string, vars map[string]any) T {
	t.Helper()
	var data map[string]json.RawMessage
	resp := c.Do(op, vars, &data)
	if len(resp.Errors) > 0 {
		t.Fatalf("%s: top-level errors: %s", field, resp.Body)
	}
	var out T
	if raw, ok := data[field]; ok {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s: decode %s: %v", field, raw, err)
		}
	}
	return out
}

// userErrorsOf sends op with vars and returns the userErrors of the field named field;
// a top-level error fails the test.
func userErrorsOf(t *testing.T, c *testkit.Client, op, field string, vars map[string]any) []userError {
	t.Helper()
	return call[struct {
		UserErrors []userError `json:"userErrors"`
	}](t, c, op, field, vars).UserErrors
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

// freshClient is newAccount with a client whose session is a password log-in (see
// clientWithFreshLogIn): fresh authentication.
func freshClient(t *testing.T, srv *testkit.Server, addr string) *testkit.Client {
	t.Helper()
	newAccount(t, srv, addr)
	return clientWithFreshLogIn(t, srv, addr)
}

// restrictedPrincipals makes a fleet named fleetName owned by the account addr and,
// straight in the database, a credential of each principal that is not a person's
// whole account: "device", "provisioningKey", "readOnlyKey" (a READ_ONLY API key) and
// "fleetKey" (an API key limited to the fleet as DEVELOPER). It returns their secrets by
// principal and the fleet's id.
func restrictedPrincipals(t *testing.T, srv *testkit.Server, addr, fleetName string) (map[string]string, string) {
	t.Helper()
	ctx, db := context.Background(), srv.App.Store.Client
	u := db.User.Query().Where(user.EmailKey(addr)).OnlyX(ctx)
	f := db.Fleet.Create().SetOwnerID(u.ID).SetName(fleetName).SaveX(ctx)
	db.FleetMember.Create().SetFleetID(f.ID).SetUserID(u.ID).SetRole(fleetmember.RoleOWNER).ExecX(ctx)
	secrets := map[string]string{}
	var hash []byte
	secrets["device"], hash = token.New(token.Device)
	db.Device.Create().SetFleetID(f.ID).SetName("Sensor").SetTokenHash(hash).ExecX(ctx)
	secrets["provisioningKey"], hash = token.New(token.Provisioning)
	db.ProvisioningKey.Create().SetFleetID(f.ID).SetName("line").SetPrefix(secrets["provisioningKey"][:16]).SetKeyHash(hash).ExecX(ctx)
	secrets["readOnlyKey"], hash = token.New(token.APIKey)
	db.APIKey.Create().SetUserID(u.ID).SetName("ro").SetPrefix(secrets["readOnlyKey"][:16]).SetKeyHash(hash).
		SetScope(apikey.ScopeREAD_ONLY).ExecX(ctx)
	secrets["fleetKey"], hash = token.New(token.APIKey)
	db.APIKey.Create().SetUserID(u.ID).SetName("fleet").SetPrefix(secrets["fleetKey"][:16]).SetKeyHash(hash).
		SetFleetID(f.ID).SetFleetRole(apikey.FleetRoleDEVELOPER).ExecX(ctx)
	return secrets, f.ID
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
