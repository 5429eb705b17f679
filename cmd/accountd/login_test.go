package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

// clockTransport moves the test server's clock by a poll interval before each token
// request: the command waits real seconds, the server judges by its own clock.
type clockTransport struct{ clock *testkit.Clock }

func (c clockTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/oauth/token") {
		c.clock.Advance(time.Second)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestLoginAndWhoami runs `accountd login` against a real accountd: it prints the code
// and the URL, polls while the person approves the code in the console, and stores the
// key in os.UserConfigDir()/accountd/ with mode 0600; `accountd whoami` then answers
// with the person's address.
func TestLoginAndWhoami(t *testing.T) {
	configHome := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", configHome) // os.UserConfigDir on Linux
	t.Setenv("HOME", configHome)            // and on macOS
	srv := testkit.NewServer(t, "sqlite", testkit.WithDeviceGrant(time.Second))
	person := loggedInPerson(t, srv, "cli@example.com")

	pr, pw := io.Pipe()
	env := clientEnv{out: pw, getenv: func(k string) string {
		if k == "ACCOUNTD_SERVER" {
			return srv.URL
		}
		return ""
	}, http: &http.Client{Transport: clockTransport{srv.Clock}}}
	var wg sync.WaitGroup
	var loginErr error
	wg.Go(func() {
		loginErr = login(context.Background(), nil, env)
		_ = pw.Close()
	})
	out := bufio.NewScanner(pr)
	code := ""
	var printed []string
	for out.Scan() {
		line := out.Text()
		printed = append(printed, line)
		if m := regexp.MustCompile(`enter the code ([A-Z]{4}-[A-Z]{4})`).FindStringSubmatch(line); m != nil {
			code = m[1]
			break
		}
	}
	if code == "" {
		t.Fatalf("no code printed: %q", printed)
	}
	if !strings.Contains(strings.Join(printed, "\n"), "http://app.example.test/activate") {
		t.Fatalf("no verification URL printed: %q", printed)
	}
	var approved struct {
		ApproveDeviceAuthorization struct{ UserErrors []struct{ Code string } }
	}
	resp := person.Do(`mutation($c: String!) { approveDeviceAuthorization(input: {userCode: $c, approve: true}) { userErrors { code } } }`,
		map[string]any{"c": code}, &approved)
	if len(resp.Errors) > 0 || len(approved.ApproveDeviceAuthorization.UserErrors) > 0 {
		t.Fatalf("approve: %s", resp.Body)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	wg.Wait()
	if loginErr != nil {
		t.Fatalf("login: %v", loginErr)
	}

	path := filepath.Join(configHome, "accountd", "credentials.json")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("credentials mode %v, want 0600", info.Mode().Perm())
	}
	var stored credentials
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &stored); err != nil || !strings.HasPrefix(stored.AccessToken, "acd_key_") || stored.Server != srv.URL {
		t.Fatalf("stored: %s", b)
	}

	var who strings.Builder
	if err := whoami(context.Background(), clientEnv{out: &who, getenv: os.Getenv}); err != nil {
		t.Fatalf("whoami: %v", err)
	}
	if !strings.Contains(who.String(), "cli@example.com") {
		t.Fatalf("whoami printed %q", who.String())
	}
}

// TestWhoamiWithoutLogin says what to do instead of failing obscurely.
func TestWhoamiWithoutLogin(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	err := whoami(context.Background(), clientEnv{out: io.Discard, getenv: os.Getenv})
	if err == nil || !strings.Contains(err.Error(), "accountd login") {
		t.Fatalf("whoami without login: %v", err)
	}
}

// loggedInPerson signs up, verifies and logs in (a fresh session, as /activate has).
func loggedInPerson(t *testing.T, srv *testkit.Server, addr string) *testkit.Client {
	t.Helper()
	const pw = "correct horse battery staple 42"
	c := srv.Client(t)
	c.Do(`mutation($e: String!, $p: String!) { signUp(input: {email: $e, password: $p, acceptTerms: true}) { userErrors { code } } }`,
		map[string]any{"e": addr, "p": pw}, nil)
	const prefix = "http://app.example.test/verify-email?token="
	deadline := time.Now().Add(10 * time.Second)
	tok := ""
	for tok == "" && time.Now().Before(deadline) {
		for _, m := range srv.SMTP.Messages() {
			if l := m.FirstLink(prefix); l != "" {
				tok = strings.TrimPrefix(l, prefix)
			}
		}
		if tok == "" {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if tok == "" {
		t.Fatal("no verification email")
	}
	c.Do(`mutation($t: String!) { verifyEmail(input: {token: $t}) { userErrors { code } } }`, map[string]any{"t": tok}, nil)
	var li struct{ LogIn struct{ Token *string } }
	resp := c.Do(`mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { token } }`, map[string]any{"e": addr, "p": pw}, &li)
	if li.LogIn.Token == nil {
		t.Fatalf("logIn: %s", resp.Body)
	}
	api := srv.Client(t)
	api.Bearer = *li.LogIn.Token
	return api
}
