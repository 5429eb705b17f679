package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

// gql posts a GraphQL operation to base and decodes its data into out; an error is any
// answer but a 200 without errors.
func gql(ctx context.Context, hc *http.Client, base, bearer, query string, vars map[string]any, out any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var r struct {
		Data   json.RawMessage
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(raw, &r); err != nil || resp.StatusCode != http.StatusOK || len(r.Errors) > 0 {
		return fmt.Errorf("%d %s", resp.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(r.Data, out)
	}
	return nil
}

// readyz returns the status of base's /readyz, or 0 when it does not answer.
func readyz(base string) int {
	resp, err := httpClient.Get(base + "/readyz")
	if err != nil {
		return 0
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

// TestDrainOnSIGTERM: from SIGTERM, /readyz answers 503 while the process goes on
// serving requests for ACCOUNTD_SHUTDOWN_DRAIN_DELAY; only then does the listener close.
func TestDrainOnSIGTERM(t *testing.T) {
	t.Parallel()
	smtp := testkit.StartSMTP(t)
	p := startAccountd(t, processEnv(t, testkit.NewDatabaseURL(t, "sqlite"), smtp.URL(),
		"ACCOUNTD_SHUTDOWN_DRAIN_DELAY=10m"), nil) // the test ends it with SIGKILL
	if got := readyz(p.URL); got != http.StatusOK {
		t.Fatalf("/readyz before SIGTERM: %d", got)
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if !waitUntil(10*time.Second, func() bool { return readyz(p.URL) == http.StatusServiceUnavailable }) {
		t.Fatalf("/readyz did not turn 503 after SIGTERM:\n%s", p.Logs)
	}
	var v struct{ Viewer *struct{ ID string } }
	if err := gql(t.Context(), httpClient, p.URL, "", `{ viewer { id } }`, nil, &v); err != nil {
		t.Fatalf("a request while draining: %v", err)
	}
	if !strings.Contains(p.Logs.String(), "/readyz answers 503, still serving") {
		t.Fatalf("no drain in the log:\n%s", p.Logs)
	}
}

// haproxyConfig is README's HAProxy configuration ("Deploying"), with the test's ports
// and a health check fast enough for a short test (three failed checks in a row mark a
// process down, so one slow answer on a busy machine does not).
const haproxyConfig = `global
	maxconn 2000

defaults
	mode http
	timeout connect 2s
	timeout client 30s
	timeout server 30s
	# A connection refused (a process gone) is tried again on another server; a request
	# already sent is never repeated.
	retries 3
	option redispatch
	option forwardfor

frontend accountd
	bind 127.0.0.1:%d
	default_backend accountd

backend accountd
	balance roundrobin
	option httpchk GET /readyz
	http-check expect status 200
	default-server check inter 100ms fall 3 rise 2
%s`

// TestRollingRestart: HAProxy in front of three accountd processes on one PostgreSQL,
// a steady bounded load of viewer queries, log-ins and sign-ups, and each process
// replaced in turn during it (SIGTERM, then its successor started on its port and
// waited for on /readyz): no request fails, each sign-up's email arrives exactly once,
// and every session made before, during or after still works at the end.
func TestRollingRestart(t *testing.T) {
	t.Parallel()
	requirePostgres(t)
	bin := requireTool(t, "haproxy", "haproxy")
	const (
		password = scaleOutPassword
		accounts = 3
		workers  = 4
		// pace bounds the load: each worker sends at most one request per pace.
		pace = 10 * time.Millisecond
	)
	smtp := testkit.StartSMTP(t)
	dbURL := testkit.NewDatabaseURL(t, "postgres")
	ports := make([]int, 3)
	for i := range ports {
		ports[i] = freePort(t)
	}
	envFor := func(port int) []string {
		return processEnv(t, dbURL, smtp.URL(),
			"ACCOUNTD_LISTEN_ADDR=127.0.0.1:"+strconv.Itoa(port),
			"ACCOUNTD_SHUTDOWN_DRAIN_DELAY=2s", // 20 health checks of HAProxy's, well past the 3 it takes to mark a process down
			"ACCOUNTD_EMAILS_PER_IP_PER_HOUR=100000",
			"ACCOUNTD_TRUSTED_PROXIES=127.0.0.1")
	}
	procs := make([]*process, len(ports))
	for i, port := range ports {
		procs[i] = startAccountd(t, envFor(port), nil)
	}

	// HAProxy, in front of the three.
	dir := t.TempDir()
	var servers strings.Builder
	for i, port := range ports {
		fmt.Fprintf(&servers, "\tserver accountd%d 127.0.0.1:%d\n", i+1, port)
	}
	front := freePort(t)
	cfg := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(haproxyConfig, front, servers.String())), 0o644); err != nil {
		t.Fatal(err)
	}
	hap := exec.Command(bin, "-db", "-f", cfg)
	hapLogs := &testkit.LogBuffer{}
	hap.Stdout, hap.Stderr = hapLogs, hapLogs
	if err := hap.Start(); err != nil {
		t.Fatal(err)
	}
	hapDone := make(chan struct{})
	go func() { _ = hap.Wait(); close(hapDone) }()
	t.Cleanup(func() {
		_ = hap.Process.Signal(syscall.SIGKILL)
		<-hapDone
		if t.Failed() {
			t.Logf("haproxy:\n%s", hapLogs)
		}
	})
	lb := "http://127.0.0.1:" + strconv.Itoa(front)
	if !waitUntil(20*time.Second, func() bool { return readyz(lb) == http.StatusOK }) {
		t.Fatalf("HAProxy did not serve /readyz:\n%s", hapLogs)
	}

	// Verified accounts with a session each, made through the balancer.
	ctx := t.Context()
	hc := &http.Client{Timeout: 30 * time.Second}
	var (
		mu       sync.Mutex
		sessions = map[string]string{} // token -> email
	)
	emails := make([]string, accounts)
	for i := range emails {
		emails[i] = fmt.Sprintf("rolling%d@example.com", i)
		if err := gql(ctx, hc, lb, "", `mutation($e: String!) { signUp(input: {email: $e, acceptTerms: true}) { userErrors { code } } }`,
			map[string]any{"e": emails[i]}, nil); err != nil {
			t.Fatal(err)
		}
		email := smtp.WaitFor(t, func(e testkit.Email) bool { return len(e.To) == 1 && e.To[0] == emails[i] }, 10*time.Second)
		var out struct{ VerifyEmail struct{ Token string } }
		if err := gql(ctx, hc, lb, "", `mutation($t: String!, $p: String!) { verifyEmail(input: {token: $t, password: $p}) { token } }`,
			map[string]any{"t": strings.TrimPrefix(email.FirstLink(verifyPrefix), verifyPrefix), "p": password}, &out); err != nil || out.VerifyEmail.Token == "" {
			t.Fatalf("verify %s: %v", emails[i], err)
		}
		sessions[out.VerifyEmail.Token] = emails[i]
	}

	// The load: each worker in turn asks who it is with a session, logs in (a new
	// session), asks again, and every sixth turn signs a new address up.
	var (
		stop     = make(chan struct{})
		wg       sync.WaitGroup
		requests atomic.Int64
		failures []string
		signUps  []string
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		failures = append(failures, fmt.Sprintf(format, args...))
	}
	for w := range workers {
		wg.Go(func() {
			tick := time.NewTicker(pace)
			defer tick.Stop()
			token, addr := "", emails[w%accounts]
			mu.Lock()
			for tok, e := range sessions {
				if e == addr {
					token = tok
				}
			}
			mu.Unlock()
			for turn := 0; ; turn++ {
				select {
				case <-stop:
					return
				case <-tick.C:
				}
				requests.Add(1)
				switch turn % 6 {
				case 0, 2, 3, 4:
					var v struct{ Viewer *struct{ Email string } }
					if err := gql(ctx, hc, lb, token, `{ viewer { email } }`, nil, &v); err != nil || v.Viewer == nil || v.Viewer.Email != addr {
						fail("viewer of %s: %v %+v", addr, err, v.Viewer)
					}
				case 1:
					var out struct {
						LogIn struct {
							Token      string
							UserErrors []struct{ Code string }
						}
					}
					err := gql(ctx, hc, lb, "", `mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { token userErrors { code } } }`,
						map[string]any{"e": addr, "p": password}, &out)
					if err != nil || out.LogIn.Token == "" {
						fail("log-in of %s: %v %+v", addr, err, out.LogIn.UserErrors)
						continue
					}
					token = out.LogIn.Token
					mu.Lock()
					sessions[token] = addr
					mu.Unlock()
				case 5:
					e := fmt.Sprintf("new-%d-%d@example.com", w, turn)
					var out struct {
						SignUp struct{ UserErrors []struct{ Code string } }
					}
					err := gql(ctx, hc, lb, "", `mutation($e: String!) { signUp(input: {email: $e, acceptTerms: true}) { userErrors { code } } }`,
						map[string]any{"e": e}, &out)
					if err != nil || len(out.SignUp.UserErrors) > 0 {
						fail("sign-up of %s: %v %+v", e, err, out.SignUp.UserErrors)
						continue
					}
					mu.Lock()
					signUps = append(signUps, e)
					mu.Unlock()
				}
			}
		})
	}
	stopLoad := sync.OnceFunc(func() { close(stop); wg.Wait() })
	t.Cleanup(stopLoad)

	// The deploy: each process in turn is stopped and replaced on its port.
	waitRequests := func(n int64) {
		target := requests.Load() + n
		if !waitUntil(30*time.Second, func() bool { return requests.Load() >= target }) {
			t.Fatalf("the load stalled at %d requests", requests.Load())
		}
	}
	waitRequests(30)
	for i, port := range ports {
		old := procs[i]
		if err := old.Stop(t, 30*time.Second); err != nil {
			t.Fatalf("process %d did not stop cleanly: %v\n%s", i, err, old.Logs)
		}
		procs[i] = startAccountd(t, envFor(port), nil)
		if !waitUntil(30*time.Second, func() bool { return readyz(procs[i].URL) == http.StatusOK }) {
			t.Fatalf("the successor of process %d is not ready:\n%s", i, procs[i].Logs)
		}
		waitRequests(30)
	}
	stopLoad()

	if len(failures) > 0 {
		t.Errorf("%d of %d requests failed during the rolling restart; the first: %s", len(failures), requests.Load(), failures[0])
	}
	t.Logf("%d requests, %d sign-ups, %d sessions during 3 replacements", requests.Load(), len(signUps), len(sessions))

	t.Run("case=every session still works", func(t *testing.T) {
		for tok, addr := range sessions {
			var v struct{ Viewer *struct{ Email string } }
			if err := gql(ctx, hc, lb, tok, `{ viewer { email } }`, nil, &v); err != nil || v.Viewer == nil || v.Viewer.Email != addr {
				t.Fatalf("a session of %s: %v", addr, err)
			}
		}
	})
	t.Run("case=each sign-up's email arrives once", func(t *testing.T) {
		db := openDB(t, "postgres", dbURL)
		// Once no email waits in the outbox, every send has happened: a duplicate would
		// be in the listener by then.
		if !waitUntil(60*time.Second, func() bool {
			var pending int
			err := db.QueryRowContext(ctx, `SELECT count(*) FROM outbox_emails WHERE sent_at IS NULL`).Scan(&pending)
			return err == nil && pending == 0
		}) {
			t.Fatal("emails still waiting in the outbox after a minute")
		}
		for _, e := range signUps {
			if n := countTo(smtp, e); n != 1 {
				t.Errorf("%s got %d emails, want 1", e, n)
			}
		}
		if n, want := len(smtp.Messages()), accounts+len(signUps); n != want {
			t.Errorf("the listener got %d emails, want %d (%d verifications before, %d sign-ups during)", n, want, accounts, len(signUps))
		}
	})
}
