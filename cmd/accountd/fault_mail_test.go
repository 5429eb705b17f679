package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/app"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/testkit"
)

// TestFaultSMTPOutage: the mail server is down for a while, then back. Every queued
// email goes out exactly once; an address the server refuses for good (550) and one it
// defers forever (450, retried with backoff) end up failed, counted in /metrics, and
// hold up nothing else.
func TestFaultSMTPOutage(t *testing.T) {
	t.Parallel()
	requirePostgres(t)
	smtp := testkit.StartSMTP(t)
	smtp.Stop()
	smtp.RejectRecipient("refused@example.com")
	smtp.DeferRecipient("busy@example.com")
	cfg, err := config.Load() // the defaults, then what a test server needs
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabaseURL = testkit.NewDatabaseURL(t, "postgres")
	cfg.SMTPURL, cfg.MailFrom, cfg.PublicURL = smtp.URL(), "accountd@example.test", "http://app.example.test"
	cfg.SecretKey, cfg.Argon2MemoryKiB, cfg.Argon2Iterations = strings.Repeat("5e", 32), 64, 1
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, app.Options{
		Log:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Worker: &mail.WorkerOptions{PollInterval: 20 * time.Millisecond, BaseBackoff: 100 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, MaxAttempts: 10},
	})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	hs := httptest.NewServer(a.Handler)
	var wg sync.WaitGroup
	wg.Go(func() { a.RunWorkers(ctx) })
	t.Cleanup(func() { hs.Close(); cancel(); wg.Wait(); _ = a.Close() })
	c := (&testkit.Server{URL: hs.URL}).Client(t)
	metric := func(key string) float64 {
		m, err := a.Metrics.Gather()
		if err != nil {
			t.Fatal(err)
		}
		return m[key]
	}

	var good []string
	for i := range 10 {
		good = append(good, fmt.Sprintf("user%d@example.com", i))
	}
	for _, e := range append(good, "refused@example.com", "busy@example.com") {
		signUp(t, c, e)
	}
	const outage = 1500 * time.Millisecond
	time.Sleep(outage)
	if metric("accountd_emails_total/result=retry") == 0 || metric("accountd_outbox_pending_emails") != 12 {
		t.Fatalf("during the outage: retries %v, pending %v; want retries and 12 pending",
			metric("accountd_emails_total/result=retry"), metric("accountd_outbox_pending_emails"))
	}
	back := time.Now()
	smtp.Restart(t)

	t.Run("case=every queued email delivered once", func(t *testing.T) {
		ok := waitUntil(20*time.Second, func() bool {
			for _, e := range good {
				if countTo(smtp, e) == 0 {
					return false
				}
			}
			return true
		})
		if !ok {
			t.Fatalf("not all delivered after the outage; got %d messages", len(smtp.Messages()))
		}
		t.Logf("FIGURE smtp: outage %s, all 10 delivered %s after the server came back", outage, time.Since(back).Round(10*time.Millisecond))
		// A sign-up now goes out at once, though busy@ is still being retried.
		start := time.Now()
		signUp(t, c, "late@example.com")
		if !waitUntil(5*time.Second, func() bool { return countTo(smtp, "late@example.com") == 1 }) {
			t.Fatal("a new email waited behind the failing ones")
		}
		t.Logf("FIGURE smtp: a new email during the retries went out in %s", time.Since(start).Round(time.Millisecond))
	})
	t.Run("case=refused for good and deferred forever end failed", func(t *testing.T) {
		if !waitUntil(20*time.Second, func() bool { return metric("accountd_outbox_failed_emails") == 2 }) {
			t.Fatalf("failed emails = %v, want 2", metric("accountd_outbox_failed_emails"))
		}
		var attempts int
		if err := a.Store.DB.QueryRow(`SELECT attempts FROM outbox_emails WHERE "to" = 'busy@example.com'`).Scan(&attempts); err != nil {
			t.Fatal(err)
		}
		if attempts != 10 {
			t.Errorf("busy@ tried %d times, want MaxAttempts 10", attempts)
		}
		if got := metric("accountd_emails_total/result=failed"); got != 2 {
			t.Errorf("emails failed metric = %v, want 2", got)
		}
		t.Logf("FIGURE smtp: 550 address failed at its first attempt after the outage; 450 address failed after %d attempts", attempts)
	})
	t.Run("case=exactly once", func(t *testing.T) {
		time.Sleep(300 * time.Millisecond) // time for a duplicate to show, if any
		for _, e := range append(good, "late@example.com") {
			if n := countTo(smtp, e); n != 1 {
				t.Errorf("%s got %d emails, want 1", e, n)
			}
		}
		if n := countTo(smtp, "refused@example.com") + countTo(smtp, "busy@example.com"); n != 0 {
			t.Errorf("refused addresses got %d emails", n)
		}
		if got := metric("accountd_outbox_pending_emails"); got != 0 {
			t.Errorf("pending = %v, want 0", got)
		}
		if got := metric("accountd_emails_total/result=sent"); got != 11 {
			t.Errorf("sent metric = %v, want 11", got)
		}
		t.Logf("FIGURE smtp: emails lost 0, duplicated 0")
	})
}

// TestFaultKilledBeforeSend: accountd is killed (SIGKILL) after a sign-up committed and
// before its email went out. After a restart, the email goes out, once, and its link
// works: the outbox row survived with its sealed data.
func TestFaultKilledBeforeSend(t *testing.T) {
	t.Parallel()
	requirePostgres(t)
	smtp := testkit.StartSMTP(t)
	smtp.Stop()
	dbURL := testkit.NewDatabaseURL(t, "postgres")
	env := processEnv(t, dbURL, smtp.URL())
	p := startAccountd(t, env, nil)
	signUp(t, p.Client(t), "kill@example.com")

	// Committed, one send tried and failed (SMTP down), lease released: the state a
	// crash between commit and delivery leaves.
	db := openDB(t, "postgres", dbURL)
	if !waitUntil(10*time.Second, func() bool {
		var n int
		_ = db.QueryRow(`SELECT count(*) FROM outbox_emails WHERE "to" = 'kill@example.com' AND attempts >= 1 AND locked_until IS NULL AND sent_at IS NULL`).Scan(&n)
		return n == 1
	}) {
		t.Fatalf("the email was not queued and tried:\n%s", p.Logs)
	}
	p.Kill()
	if ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("process ended with %v, not by SIGKILL", p.err)
	}
	smtp.Restart(t)
	restarted := time.Now()
	p2 := startAccountd(t, env, nil)
	email := smtp.WaitFor(t, func(e testkit.Email) bool { return len(e.To) == 1 && e.To[0] == "kill@example.com" }, 20*time.Second)
	t.Logf("FIGURE kill: the email went out %s after the restart", time.Since(restarted).Round(10*time.Millisecond))
	time.Sleep(500 * time.Millisecond)
	if n := countTo(smtp, "kill@example.com"); n != 1 {
		t.Fatalf("got %d emails, want exactly 1", n)
	}
	link := email.FirstLink("http://app.example.test/verify-email?token=")
	token := strings.TrimPrefix(link, "http://app.example.test/verify-email?token=")
	var out struct {
		VerifyEmail struct {
			User       *struct{ EmailVerified bool }
			UserErrors []struct{ Code string }
		}
	}
	p2.Client(t).Do(`mutation($t: String!) { verifyEmail(input: {token: $t, password: "correct horse battery staple 42"}) {
		user { emailVerified } userErrors { code } } }`, map[string]any{"t": token}, &out)
	if out.VerifyEmail.User == nil || !out.VerifyEmail.User.EmailVerified {
		t.Fatalf("the link from the email did not verify: %+v", out)
	}
	t.Logf("FIGURE kill: emails lost 0, duplicated 0")
}
