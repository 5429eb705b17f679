package devicegrant_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

type userError = testkit.UserError

// person is a verified account with a client whose session proved the password just
// now (a log-in), as the console has after /activate asked the person to log in.
type person = testkit.Account

func newPerson(t *testing.T, srv *testkit.Server, addr string) *person {
	t.Helper()
	srv.NewAccount(t, addr)
	c := srv.Client(t)
	var li struct {
		LogIn struct {
			Token *string
			User  *struct{ ID string }
		}
	}
	resp := c.Do(`mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { token user { id } userErrors { code } } }`,
		map[string]any{"e": addr, "p": testkit.StrongPassword}, &li)
	if li.LogIn.Token == nil {
		t.Fatalf("logIn: %s", resp.Body)
	}
	api := srv.Client(t)
	api.Bearer = *li.LogIn.Token
	return &person{ID: li.LogIn.User.ID, Email: addr, Client: api}
}

// approveOp is what the /activate page sends.
const approveOp = `mutation($input: ApproveDeviceAuthorizationInput!) { approveDeviceAuthorization(input: $input) {
	request { clientId clientName scope requestedAt expiresAt } userErrors { code field message } } }`

type approveResult struct {
	ApproveDeviceAuthorization *struct {
		Request *struct {
			ClientID    string
			ClientName  string
			Scope       string
			RequestedAt time.Time
		}
		UserErrors []userError
	}
}

// decide approves or denies a user code as the person; it returns the userErrors' codes
// or the top-level error code, "" when done.
func decide(t *testing.T, c *testkit.Client, input map[string]any) string {
	t.Helper()
	var out approveResult
	resp := c.Do(approveOp, map[string]any{"input": input}, &out)
	if len(resp.Errors) > 0 {
		return resp.Code()
	}
	if out.ApproveDeviceAuthorization == nil {
		t.Fatalf("approveDeviceAuthorization: %s", resp.Body)
	}
	if errs := out.ApproveDeviceAuthorization.UserErrors; len(errs) > 0 {
		return errs[0].Code
	}
	return ""
}

// oauthAnswer is a raw answer of the OAuth endpoints.
type oauthAnswer struct {
	Status int
	Header http.Header
	Body   map[string]any
}

func (a oauthAnswer) str(k string) string { s, _ := a.Body[k].(string); return s }

// postForm posts a form to an OAuth endpoint as a plain client would.
func postForm(t *testing.T, srv *testkit.Server, path string, form url.Values) oauthAnswer {
	t.Helper()
	resp, err := http.Post(srv.URL+path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := oauthAnswer{Status: resp.StatusCode, Header: resp.Header}
	if err := json.Unmarshal(b, &a.Body); err != nil {
		t.Fatalf("%s: not JSON: %s", path, b)
	}
	return a
}

// start opens a device authorization for the CLI client with scope.
func start(t *testing.T, srv *testkit.Server, scope string) oauthAnswer {
	t.Helper()
	form := url.Values{"client_id": {"accountd-cli"}}
	if scope != "" {
		form.Set("scope", scope)
	}
	a := postForm(t, srv, "/oauth/device_authorization", form)
	if a.Status != 200 {
		t.Fatalf("device_authorization: %d %v", a.Status, a.Body)
	}
	return a
}

// poll asks /oauth/token once.
func poll(t *testing.T, srv *testkit.Server, clientID, deviceCode string) oauthAnswer {
	t.Helper()
	return postForm(t, srv, "/oauth/token", url.Values{
		"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}, "client_id": {clientID}, "device_code": {deviceCode},
	})
}

// readAndRestore reads a response's body and puts it back for the next reader.
func readAndRestore(resp *http.Response) ([]byte, error) {
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}
