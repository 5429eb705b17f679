package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

// The fault tests run the real binary as a subprocess: it is killed, stopped by a
// signal, and restarted the way an operator or an orchestrator would.

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// accountdBinary builds cmd/accountd once per test run.
func accountdBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "accountd-bin-"); buildErr != nil {
			return
		}
		_ = os.Chmod(binDir, 0o755) // the read-only SQLite test runs it as another user
		binPath = filepath.Join(binDir, "accountd")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// requirePostgres skips a test that needs PostgreSQL when the run has none, or fails it
// under ACCOUNTD_REQUIRE_FAULT_TESTS=1 (CI), where skipping would hide it.
func requirePostgres(t *testing.T) {
	t.Helper()
	if os.Getenv(testkit.PostgresEnv) == "" {
		if os.Getenv("ACCOUNTD_REQUIRE_FAULT_TESTS") == "1" {
			t.Fatalf("needs PostgreSQL, and ACCOUNTD_REQUIRE_FAULT_TESTS=1: set %s", testkit.PostgresEnv)
		}
		t.Skipf("needs PostgreSQL: set %s", testkit.PostgresEnv)
	}
}

// processEnv is the environment of an accountd subprocess: dev mode on the given
// database and SMTP listener, an ephemeral port, cheap hashing unless overridden.
func processEnv(t *testing.T, databaseURL, smtpURL string, extra ...string) []string {
	t.Helper()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"ACCOUNTD_LISTEN_ADDR=127.0.0.1:0",
		"ACCOUNTD_DATABASE_URL=" + databaseURL,
		"ACCOUNTD_SMTP_URL=" + smtpURL,
		"ACCOUNTD_MAIL_FROM=accountd@example.test",
		"ACCOUNTD_PUBLIC_URL=http://app.example.test",
		"ACCOUNTD_ENV=dev",
		"ACCOUNTD_SECRET_KEY=" + strings.Repeat("5e", 32),
		"ACCOUNTD_ARGON2_MEMORY_KIB=64",
		"ACCOUNTD_ARGON2_ITERATIONS=1",
		"ACCOUNTD_MAIL_POLL_INTERVAL=50ms",
		"ACCOUNTD_SHUTDOWN_TIMEOUT=15s",
		// No load balancer waits for /readyz here (TestRollingRestart sets its own).
		"ACCOUNTD_SHUTDOWN_DRAIN_DELAY=0s",
		// The fault tests send bursts of log-ins for one account from one IP; the
		// log-in lock (tested in internal/account) would answer most of them.
		"ACCOUNTD_LOGIN_LOCK_WINDOW=1ms",
	}
	return append(env, extra...)
}

// process is a running accountd.
type process struct {
	cmd  *exec.Cmd
	Logs *testkit.LogBuffer
	URL  string
	done chan struct{}
	err  error // how it exited, once done is closed
}

var listeningPattern = regexp.MustCompile(`msg="accountd listening" addr=(http://\S+)`)

// startAccountd runs the binary with env (as user cred when not nil) and waits until it
// listens. The process is killed when the test ends, if still running.
func startAccountd(t *testing.T, env []string, cred *syscall.Credential) *process {
	t.Helper()
	p, err := launch(t, env, cred)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// launch is startAccountd returning the error (and the logs) of a start that fails.
func launch(t *testing.T, env []string, cred *syscall.Credential) (*process, error) {
	t.Helper()
	p := &process{Logs: &testkit.LogBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(accountdBinary(t), "serve")
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.Logs, p.Logs
	if cred != nil {
		p.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.Kill() })
	deadline := time.After(60 * time.Second)
	for {
		if m := listeningPattern.FindStringSubmatch(p.Logs.String()); m != nil {
			p.URL = m[1]
			return p, nil
		}
		select {
		case <-p.done:
			return p, fmt.Errorf("accountd exited before listening (%v):\n%s", p.err, p.Logs)
		case <-deadline:
			return p, fmt.Errorf("accountd did not listen within 60s:\n%s", p.Logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Kill sends SIGKILL and waits for the process to end.
func (p *process) Kill() {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-p.done
}

// Stop sends SIGTERM and returns how the process exited.
func (p *process) Stop(t *testing.T, within time.Duration) error {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return p.err
	case <-time.After(within):
		t.Fatalf("accountd did not stop within %s after SIGTERM:\n%s", within, p.Logs)
		return nil
	}
}

// Client is a GraphQL client of the process.
func (p *process) Client(t *testing.T) *testkit.Client {
	return (&testkit.Server{URL: p.URL}).Client(t)
}

// signUp asks for an account, which queues a verification email.
func signUp(t *testing.T, c *testkit.Client, email string) {
	t.Helper()
	var out struct {
		SignUp struct{ UserErrors []struct{ Code string } }
	}
	resp := c.Do(`mutation($e: String!) { signUp(input: {email: $e, acceptTerms: true}) { userErrors { code } } }`,
		map[string]any{"e": email}, &out)
	if len(resp.Errors) > 0 || len(out.SignUp.UserErrors) > 0 {
		t.Fatalf("sign up %s: %s", email, resp.Body)
	}
}

// openDB opens a database the test inspects directly.
func openDB(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// countTo counts the captured emails to addr.
func countTo(smtp *testkit.SMTPServer, addr string) int {
	n := 0
	for _, m := range smtp.Messages() {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				n++
			}
		}
	}
	return n
}

// waitUntil polls cond every 20 ms until it holds or timeout passes.
func waitUntil(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return cond()
}

// httpClient has a timeout well above any answer accountd should give, so a hang shows
// as an error instead of a stuck test.
var httpClient = &http.Client{Timeout: 15 * time.Second}
