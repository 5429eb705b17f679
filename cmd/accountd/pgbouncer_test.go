package main

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

// requireTool returns the path of a Debian package's program the test runs, skipping
// the test when it is not installed, or failing it under ACCOUNTD_REQUIRE_FAULT_TESTS=1
// (CI, whose .ci/run installs it).
func requireTool(t *testing.T, name, pkg string) string {
	t.Helper()
	for _, p := range []string{name, "/usr/sbin/" + name} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("ACCOUNTD_REQUIRE_FAULT_TESTS") == "1" {
		t.Fatalf("no %s, and ACCOUNTD_REQUIRE_FAULT_TESTS=1: apt-get install %s", name, pkg)
	}
	t.Skipf("no %s: apt-get install %s", name, pkg)
	return ""
}

// unprivileged returns the credential of the postgres user when the test runs as root
// (PgBouncer refuses to run as root), or nil, and chowns dir to it.
func unprivileged(t *testing.T, dir string) *syscall.Credential {
	t.Helper()
	if os.Getuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		t.Fatalf("running as root and no postgres user: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
}

// startPgBouncer runs Debian's pgbouncer in the given pool mode on a loopback port, in
// front of the PostgreSQL of ACCOUNTD_TEST_DATABASE_URL, with a pool far smaller than
// its clients, so that server connections are shared. It returns dbURL (a database of
// that PostgreSQL) rewritten to go through it. The configuration is README's
// ("Deploying"), with trust authentication as the test server has.
func startPgBouncer(t *testing.T, dbURL, mode string) string {
	t.Helper()
	bin := requireTool(t, "pgbouncer", "pgbouncer")
	upstream, err := url.Parse(os.Getenv(testkit.PostgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	host, port := upstream.Hostname(), upstream.Port()
	if port == "" {
		port = "5432"
	}
	dir, err := os.MkdirTemp("", "accountd-pgbouncer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	cred := unprivileged(t, dir)
	listen := strconv.Itoa(freePort(t))
	ini := fmt.Sprintf(`[databases]
* = host=%s port=%s

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %s
unix_socket_dir =
auth_type = trust
auth_file = %s
pool_mode = %s
default_pool_size = 8
max_client_conn = 500
log_connections = 0
log_disconnections = 0
`, host, port, listen, filepath.Join(dir, "users.txt"), mode)
	users := fmt.Sprintf("%q \"\"\n", upstream.User.Username())
	for name, body := range map[string]string{"pgbouncer.ini": ini, "users.txt": users} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, filepath.Join(dir, "pgbouncer.ini"))
	logs := &testkit.LogBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGKILL)
		<-done
		if t.Failed() {
			t.Logf("pgbouncer's log:\n%s", logs)
		}
	})
	if !waitUntil(20*time.Second, func() bool {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+listen, time.Second)
		if err == nil {
			_ = c.Close()
		}
		return err == nil
	}) {
		t.Fatalf("pgbouncer did not listen on %s:\n%s", listen, logs)
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = "127.0.0.1:" + listen
	return u.String()
}

// TestPgBouncerTransactionMode runs accountd through PgBouncer in transaction pooling
// mode (Debian's 1.18: no protocol-level prepared statements) with
// ACCOUNTD_DATABASE_PREPARE=false: two processes migrate the empty database at start,
// TestScaleOut's cases hold, and sessions and API keys authenticate under 200
// concurrent viewer requests.
func TestPgBouncerTransactionMode(t *testing.T) {
	t.Parallel()
	requirePostgres(t)
	dbURL := startPgBouncer(t, testkit.NewDatabaseURL(t, "postgres"), "transaction")
	run := scaleOut(t, dbURL, "ACCOUNTD_DATABASE_PREPARE=false")
	procs := run.procs
	on := func(i int) *process { return procs[i%len(procs)] }

	var sessionToken, apiKey string
	t.Run("case=a session and an API key through the pooler", func(t *testing.T) {
		addr := run.emails[1]
		email := run.smtp.WaitFor(t, func(e testkit.Email) bool { return len(e.To) == 1 && e.To[0] == addr }, 5*time.Second)
		tok := strings.TrimPrefix(email.FirstLink(verifyPrefix), verifyPrefix)
		var out struct {
			VerifyEmail struct{ Token string }
		}
		resp := on(1).Client(t).Do(`mutation($t: String!, $p: String!) { verifyEmail(input: {token: $t, password: $p}) { token userErrors { code } } }`,
			map[string]any{"t": tok, "p": scaleOutPassword}, &out)
		if out.VerifyEmail.Token == "" {
			t.Fatalf("verify: %s", resp.Body)
		}
		sessionToken = out.VerifyEmail.Token
		c := on(0).Client(t)
		c.Bearer = sessionToken
		var key struct {
			CreateAPIKey struct{ Key string } `json:"createApiKey"`
		}
		resp = c.Do(`mutation { createApiKey(input: {name: "pooled"}) { key userErrors { code } } }`, nil, &key)
		if key.CreateAPIKey.Key == "" {
			t.Fatalf("create API key: %s", resp.Body)
		}
		apiKey = key.CreateAPIKey.Key
	})
	t.Run("case=200 concurrent viewer requests", func(t *testing.T) {
		if sessionToken == "" || apiKey == "" {
			t.Skip("no credentials")
		}
		const n = 200
		var (
			start = make(chan struct{})
			wg    sync.WaitGroup
			mu    sync.Mutex
			fails []string
		)
		for i := range n {
			c := on(i).Client(t)
			c.Bearer = []string{sessionToken, apiKey}[i/2%2]
			wg.Go(func() {
				<-start
				var v struct{ Viewer *struct{ Email string } }
				resp := c.Do(`{ viewer { email } }`, nil, &v)
				if v.Viewer == nil || v.Viewer.Email != run.emails[1] {
					mu.Lock()
					fails = append(fails, fmt.Sprintf("%d %s", resp.Status, resp.Body))
					mu.Unlock()
				}
			})
		}
		close(start)
		wg.Wait()
		if len(fails) > 0 {
			t.Fatalf("%d of %d viewer requests failed, first: %s", len(fails), n, fails[0])
		}
	})
	t.Run("case=a revoked session stops at once on both", func(t *testing.T) {
		if sessionToken == "" {
			t.Skip("no session")
		}
		c := on(0).Client(t)
		c.Bearer = sessionToken
		if resp := c.Do(`mutation { logOut { userErrors { code } } }`, nil, nil); len(resp.Errors) > 0 {
			t.Fatalf("log out: %s", resp.Body)
		}
		for i := range procs {
			c := on(i).Client(t)
			c.Bearer = sessionToken
			if resp := c.Do(`{ viewer { email } }`, nil, nil); resp.Status != 401 {
				t.Fatalf("process %d after log-out: %d %s, want 401", i, resp.Status, resp.Body)
			}
		}
	})
	t.Run("case=nothing was prepared behind the pooler's back", func(t *testing.T) {
		for i, p := range procs {
			if logs := p.Logs.String(); strings.Contains(logs, "ACCOUNTD_DATABASE_PREPARE") || strings.Contains(logs, "level=ERROR") {
				t.Errorf("process %d logged a statement error:\n%s", i, logs)
			}
		}
	})
}
