package account_test

import (
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

// TestPublicMetricsDoNotTellAddressesApart: the public /metrics (dev without
// ACCOUNTD_METRICS_ADDR) must not move differently after requestPasswordReset and
// resendVerificationEmail for a registered address and for an unknown one (issue 18,
// item 4: accountd_emails_total{result="sent"} and the outbox gauges did). Two servers
// are set up alike; one gets the requests for the registered addresses, the other for
// unknown ones; once every email is sent, their public accountd_* series are equal.
// Histogram buckets and sums are left out: they are times, which TestNoTimingOracle
// checks. The series that count mail are on the private listener only.
func TestPublicMetricsDoNotTellAddressesApart(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		run := func(reset, resend string) (public string, sent float64) {
			srv := testkit.NewServer(t, store)
			newAccount(t, srv, "known@example.com")
			c := srv.Client(t)
			if errs := signUp(t, c, map[string]any{"email": "pending@example.com", "acceptTerms": true}); len(errs) > 0 {
				t.Fatalf("signUp: %+v", errs)
			}
			verificationToken(t, srv, "pending@example.com", 1)
			// Every email sent and recorded before the clock moves (a lease that ran out
			// under the test clock would send one twice).
			waitForOutbox(t, srv)
			// A minute later the resend interval allows the second link.
			srv.Clock.Advance(2 * time.Minute)
			c.Do(`mutation($e: String!) { requestPasswordReset(input: {email: $e}) { userErrors { code } } }`, map[string]any{"e": reset}, nil)
			c.Do(`mutation($e: String!) { resendVerificationEmail(input: {email: $e}) { userErrors { code } } }`, map[string]any{"e": resend}, nil)
			waitForOutbox(t, srv)
			all, err := srv.App.Metrics.Gather()
			if err != nil {
				t.Fatal(err)
			}
			return publicSeries(t, srv.URL), all["accountd_emails_total/result=sent"]
		}
		known, knownSent := run("known@example.com", "pending@example.com")
		unknown, unknownSent := run("nobody@example.com", "nobody-either@example.com")
		if knownSent < unknownSent+2 {
			t.Fatalf("the private count of sent emails: %v for known addresses, %v for unknown: the requests did not do what the test means", knownSent, unknownSent)
		}
		if known != unknown {
			t.Fatalf("public metrics differ:\nknown addresses:\n%s\nunknown addresses:\n%s", known, unknown)
		}
		for _, private := range []string{"accountd_emails_total", "accountd_outbox_pending_emails", "accountd_outbox_failed_emails"} {
			if strings.Contains(known, private) {
				t.Errorf("%s is public", private)
			}
		}
	})
}

// TestProductionServesNoPublicMetrics: in production /metrics is served only on
// ACCOUNTD_METRICS_ADDR; without it, nowhere (the public listener answers 404).
func TestProductionServesNoPublicMetrics(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite", func(c *config.Config) { c.Env = "production" })
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || strings.Contains(string(body), "accountd_") {
		t.Fatalf("GET /metrics in production: %d %.200s", resp.StatusCode, body)
	}
	if !strings.Contains(srv.Logs.String(), "ACCOUNTD_METRICS_ADDR") {
		t.Errorf("no log line says where the metrics went:\n%s", srv.Logs.String())
	}
}

// waitForOutbox waits until the outbox has nothing left to send and every email sent
// is counted.
func waitForOutbox(t *testing.T, srv *testkit.Server) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		m, err := srv.App.Metrics.Gather()
		if err != nil {
			t.Fatal(err)
		}
		// Every email the SMTP listener got is counted, and none is left to send.
		if m["accountd_outbox_pending_emails"] == 0 && m["accountd_emails_total/result=sent"] == float64(len(srv.SMTP.Messages())) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the outbox did not empty")
}

// publicSeries reads the public /metrics and keeps the accountd_* samples that count
// (no histogram buckets or sums: those are times), sorted.
func publicSeries(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d", resp.StatusCode)
	}
	var keep []string
	for _, l := range strings.Split(string(body), "\n") {
		name, _, _ := strings.Cut(l, "{")
		name, _, _ = strings.Cut(name, " ")
		if !strings.HasPrefix(name, "accountd_") || strings.HasSuffix(name, "_bucket") || strings.HasSuffix(name, "_sum") {
			continue
		}
		keep = append(keep, l)
	}
	sort.Strings(keep)
	return strings.Join(keep, "\n")
}
