package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

// result is one request of a load test.
type result struct {
	at, took time.Duration // since the load started
	status   int
	code     string // extensions.code or the first userErrors code
	err      error
	body     string
}

const logInQuery = `{"query":"mutation { logIn(input: {email: \"nobody@example.com\", password: \"correct horse battery staple 42\"}) { userErrors { code } } }"}`

// post sends one log-in for an unknown account: a database read and a password
// verification, what a flood of log-ins costs.
func post(url string, t0 time.Time) result {
	start := time.Now()
	r := result{at: start.Sub(t0)}
	resp, err := httpClient.Post(url+"/graphql", "application/json", strings.NewReader(logInQuery))
	r.took = time.Since(start)
	if err != nil {
		r.err = err
		return r
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r.status, r.body = resp.StatusCode, string(raw)
	var out struct {
		Data struct {
			LogIn *struct{ UserErrors []struct{ Code string } }
		}
		Errors []struct{ Extensions struct{ Code string } }
	}
	_ = json.Unmarshal(raw, &out)
	switch {
	case len(out.Errors) > 0:
		r.code = out.Errors[0].Extensions.Code
	case out.Data.LogIn != nil && len(out.Data.LogIn.UserErrors) > 0:
		r.code = out.Data.LogIn.UserErrors[0].Code
	}
	return r
}

// ok is the answer of a healthy server: the log-in was refused as a log-in.
func (r result) ok() bool { return r.err == nil && r.status == 200 && r.code == "INVALID_CREDENTIALS" }

// answered is a complete answer to a log-in: refused as a log-in, or refused for the
// address's attempt limit (forty wrong log-ins of one address pass it; how many are
// checked before the tenth failure is recorded depends on the machine's speed).
func (r result) answered() bool {
	return r.err == nil && r.status == 200 && (r.code == "INVALID_CREDENTIALS" || r.code == "RATE_LIMITED")
}

// leaks reports internals in a response body.
func (r result) leaks() bool {
	for _, s := range []string{"pq:", "dial tcp", "connection refused", "goroutine", ".go:", "sql:"} {
		if strings.Contains(r.body, s) {
			return true
		}
	}
	return false
}

// TestFaultSIGTERMUnderLoad: SIGTERM while log-ins queue for the hasher. Every request
// that was in flight gets its full answer, the process exits 0, and the mail worker
// leaves no email half-claimed.
func TestFaultSIGTERMUnderLoad(t *testing.T) {
	t.Parallel()
	requirePostgres(t)
	smtp := testkit.StartSMTP(t)
	dbURL := testkit.NewDatabaseURL(t, "postgres")
	// Real argon2id cost and one hashing slot: 40 log-ins take a second or more.
	p := startAccountd(t, processEnv(t, dbURL, smtp.URL(),
		"ACCOUNTD_ARGON2_MEMORY_KIB=19456", "ACCOUNTD_ARGON2_ITERATIONS=2", "ACCOUNTD_HASH_WORKERS=1"), nil)
	c := p.Client(t)
	for i := range 5 {
		signUp(t, c, fmt.Sprintf("term%d@example.com", i))
	}
	const n = 40
	t0 := time.Now()
	results := make([]result, n)
	var wg sync.WaitGroup
	var answered atomic.Int64
	for i := range n {
		wg.Go(func() {
			results[i] = post(p.URL, t0)
			answered.Add(1)
		})
	}
	// SIGTERM once the server holds every request that is not answered yet (one hashing,
	// the rest queued for the slot): a request still in the kernel's accept queue is not
	// in flight, and on a busy machine a fixed sleep cannot tell the two apart.
	waitForHashQueue(t, p.URL, func(queued int) bool { return queued+int(answered.Load()) >= n-1 }, 20*time.Second)
	termAt, inFlight := time.Since(t0), n-int(answered.Load())
	if inFlight == 0 {
		t.Fatal("every log-in was answered before SIGTERM: nothing was in flight to test")
	}
	if err := p.Stop(t, 30*time.Second); err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, p.Logs)
	}
	exitAt := time.Since(t0)
	wg.Wait()

	t.Run("case=requests in flight finish", func(t *testing.T) {
		var last time.Duration
		for i, r := range results {
			if !r.answered() {
				t.Errorf("request %d: %v %d %s", i, r.err, r.status, r.body)
			}
			last = max(last, r.at+r.took)
		}
		t.Logf("FIGURE sigterm: %d log-ins, %d in flight at SIGTERM at %s, last answer at %s, exit at %s, 0 cut off",
			n, inFlight, termAt.Round(time.Millisecond), last.Round(time.Millisecond), exitAt.Round(time.Millisecond))
	})
	t.Run("case=new connections are refused after exit", func(t *testing.T) {
		if r := post(p.URL, t0); r.err == nil {
			t.Errorf("a request after exit got %d", r.status)
		}
	})
	t.Run("case=outbox left clean", func(t *testing.T) {
		db := openDB(t, "postgres", dbURL)
		var leased, sent, pending int
		if err := db.QueryRow(`SELECT count(*) FILTER (WHERE locked_until IS NOT NULL AND sent_at IS NULL),
			count(*) FILTER (WHERE sent_at IS NOT NULL), count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL)
			FROM outbox_emails`).Scan(&leased, &sent, &pending); err != nil {
			t.Fatal(err)
		}
		if leased != 0 || sent+pending != 5 || len(smtp.Messages()) != sent {
			t.Fatalf("leased %d, sent %d, pending %d, received %d: want no lease and every email sent once or queued",
				leased, sent, pending, len(smtp.Messages()))
		}
		if !strings.Contains(p.Logs.String(), `msg=stopped`) {
			t.Errorf("no clean stop in the log:\n%s", p.Logs)
		}
	})
}

// privatePostgres is a PostgreSQL server of the test's own, so stopping it disturbs no
// other test.
type privatePostgres struct {
	bin, dir, port string
	runAs          []string // runuser prefix when the test runs as root
}

// startPrivatePostgres initialises and starts a cluster in a temporary directory on a
// free port, or skips when the PostgreSQL binaries are missing (fails instead under
// ACCOUNTD_REQUIRE_FAULT_TESTS=1, as in CI).
func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		if os.Getenv("ACCOUNTD_REQUIRE_FAULT_TESTS") == "1" {
			t.Fatal("no /usr/lib/postgresql/*/bin/pg_ctl, and ACCOUNTD_REQUIRE_FAULT_TESTS=1")
		}
		t.Skip("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin): cannot restart a private PostgreSQL")
	}
	pg := &privatePostgres{bin: filepath.Dir(bins[len(bins)-1])}
	dir, err := os.MkdirTemp("", "accountd-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if os.Getuid() == 0 { // PostgreSQL refuses to run as root
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root and no postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		pg.runAs = []string{"runuser", "-u", "postgres", "--"}
	}
	pg.dir = filepath.Join(dir, "data")
	pg.port = strconv.Itoa(freePort(t))
	pg.run(t, "initdb", "-D", pg.dir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
	pg.Start(t)
	t.Cleanup(func() { _ = pg.command("pg_ctl", "-D", pg.dir, "-m", "immediate", "stop").Run() })
	return pg
}

func (pg *privatePostgres) command(name string, args ...string) *exec.Cmd {
	argv := append(append(append([]string(nil), pg.runAs...), filepath.Join(pg.bin, name)), args...)
	return exec.Command(argv[0], argv[1:]...)
}

func (pg *privatePostgres) run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := pg.command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

// Start starts the server and waits until it accepts connections.
func (pg *privatePostgres) Start(t *testing.T) {
	t.Helper()
	pg.run(t, "pg_ctl", "-D", pg.dir, "-l", filepath.Join(filepath.Dir(pg.dir), "log"), "-w", "-o",
		"-p "+pg.port+" -k "+filepath.Dir(pg.dir)+" -c listen_addresses=127.0.0.1 -c fsync=off", "start")
}

// Stop stops the server the way a restart does: sessions are terminated.
func (pg *privatePostgres) Stop(t *testing.T) {
	t.Helper()
	pg.run(t, "pg_ctl", "-D", pg.dir, "-m", "fast", "-w", "stop")
}

// URL is the server's postgres database.
func (pg *privatePostgres) URL() string {
	return "postgres://postgres@127.0.0.1:" + pg.port + "/postgres?sslmode=disable"
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestFaultPostgresRestart: PostgreSQL stops and starts again under a steady load of
// log-ins. During the outage requests fail fast with the generic INTERNAL_SERVER_ERROR
// (no hang, no panic, no internals), /readyz turns 503 and back to 200, and traffic
// recovers by itself.
func TestFaultPostgresRestart(t *testing.T) {
	t.Parallel()
	pg := startPrivatePostgres(t)
	smtp := testkit.StartSMTP(t)
	p := startAccountd(t, processEnv(t, pg.URL(), smtp.URL()), nil)

	t0 := time.Now()
	var (
		mu      sync.Mutex
		results []result
		ready   []result // status only
		stop    = make(chan struct{})
		wg      sync.WaitGroup
	)
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				r := post(p.URL, t0)
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			start := time.Now()
			r := result{at: start.Sub(t0)}
			resp, err := httpClient.Get(p.URL + "/readyz")
			r.took, r.err = time.Since(start), err
			if err == nil {
				r.status = resp.StatusCode
				_ = resp.Body.Close()
			}
			mu.Lock()
			ready = append(ready, r)
			mu.Unlock()
		}
	})
	time.Sleep(time.Second)
	downAt := time.Since(t0)
	pg.Stop(t)
	stoppedAt := time.Since(t0)
	time.Sleep(2 * time.Second)
	pg.Start(t)
	upAt := time.Since(t0)
	recovered := waitUntil(20*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		okAfter := 0
		for _, r := range results {
			if r.at > upAt && r.ok() {
				okAfter++
			}
		}
		return okAfter >= 20
	})
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	if !recovered {
		t.Fatalf("traffic did not recover within 20s of PostgreSQL's start:\n%s", p.Logs)
	}

	var firstErr, lastErr, firstOKAfter, slowest time.Duration = -1, -1, -1, 0
	failed := 0
	for _, r := range results {
		slowest = max(slowest, r.took)
		if !r.ok() {
			failed++
			if firstErr < 0 {
				firstErr = r.at
			}
			lastErr = r.at + r.took
		}
		if r.at > upAt && r.ok() && firstOKAfter < 0 {
			firstOKAfter = r.at
		}
	}
	t.Run("case=failures are fast and clean", func(t *testing.T) {
		for _, r := range results {
			if r.ok() {
				continue
			}
			if r.err != nil || r.took > 5*time.Second || r.leaks() ||
				!(r.status == 200 && r.code == "INTERNAL_SERVER_ERROR" || r.status == 503) {
				t.Errorf("at %s after %s: %v %d %s", r.at, r.took, r.err, r.status, r.body)
			}
		}
		if failed == 0 {
			t.Error("no request failed: the outage was not seen")
		}
	})
	t.Run("case=readyz red then green", func(t *testing.T) {
		var red, greenAfter bool
		var redAt, greenAt time.Duration
		for _, r := range ready {
			if r.status == 503 && !red {
				red, redAt = true, r.at
			}
			if red && r.status == 200 && !greenAfter {
				greenAfter, greenAt = true, r.at
			}
			if r.err != nil || r.took > 3*time.Second {
				t.Errorf("/readyz at %s: %v after %s", r.at, r.err, r.took)
			}
		}
		if !red || !greenAfter {
			t.Fatalf("readyz red %v, green again %v", red, greenAfter)
		}
		t.Logf("FIGURE postgres: /readyz 503 from %s to %s (stop began %s, server up %s)",
			redAt.Round(time.Millisecond), greenAt.Round(time.Millisecond), downAt.Round(time.Millisecond), upAt.Round(time.Millisecond))
	})
	t.Run("case=no panic, still serving", func(t *testing.T) {
		if strings.Contains(p.Logs.String(), "panic") {
			t.Errorf("panic in the log:\n%s", p.Logs)
		}
		select {
		case <-p.done:
			t.Fatalf("accountd exited: %v", p.err)
		default:
		}
	})
	t.Logf("FIGURE postgres: %d requests, %d failed; PostgreSQL stop %s..%s, down until %s; errors from %s to %s (window %s); first success %s after PostgreSQL was up; slowest answer %s",
		len(results), failed, downAt.Round(time.Millisecond), stoppedAt.Round(time.Millisecond), upAt.Round(time.Millisecond),
		firstErr.Round(time.Millisecond), lastErr.Round(time.Millisecond), (lastErr - firstErr).Round(time.Millisecond),
		(firstOKAfter - upAt).Round(time.Millisecond), slowest.Round(time.Millisecond))
}

// waitForHashQueue polls /metrics until done accepts the number of log-ins that wait for
// a hashing slot.
func waitForHashQueue(t *testing.T, base string, done func(queued int) bool, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		resp, err := http.Get(base + "/metrics")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			for _, line := range strings.Split(string(body), "\n") {
				if v, ok := strings.CutPrefix(line, "accountd_password_hash_queue_length "); ok {
					if n, err := strconv.ParseFloat(v, 64); err == nil && done(int(n)) {
						return
					}
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the log-ins did not all reach the hash queue within %s", timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
