package main

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

// TestProfilesOnlyOnTheMetricsListener: ACCOUNTD_PPROF serves Go's profiles on the
// private metrics listener, never on the public one, and nothing serves them without it.
func TestProfilesOnlyOnTheMetricsListener(t *testing.T) {
	t.Parallel()
	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	isProfile := func(status int, body string) bool {
		return status == http.StatusOK && strings.Contains(body, "heap profile:")
	}
	for _, pprof := range []bool{true, false} {
		t.Run("pprof="+map[bool]string{true: "on", false: "off"}[pprof], func(t *testing.T) {
			t.Parallel()
			metricsAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
			env := processEnv(t, "sqlite:"+filepath.Join(t.TempDir(), "accountd.db"), testkit.StartSMTP(t).URL(),
				"ACCOUNTD_SECRET_KEY_FILE="+filepath.Join(t.TempDir(), "secret.key"), "ACCOUNTD_METRICS_ADDR="+metricsAddr)
			if pprof {
				env = append(env, "ACCOUNTD_PPROF=true")
			}
			p := startAccountd(t, env, nil)
			status, body := get("http://" + metricsAddr + "/debug/pprof/heap?debug=1")
			if got := isProfile(status, body); got != pprof {
				t.Errorf("metrics listener /debug/pprof/heap: profile %v, want %v (status %d)", got, pprof, status)
			}
			if status, body := get(p.URL + "/debug/pprof/heap?debug=1"); isProfile(status, body) {
				t.Error("the public listener serves a heap profile")
			}
			// The metrics listener has every series, the private ones of mail too.
			if status, body := get("http://" + metricsAddr + "/metrics"); status != http.StatusOK ||
				!strings.Contains(body, "accountd_outbox_pending_emails") || !strings.Contains(body, "accountd_password_hash_queue_length") {
				t.Errorf("metrics listener /metrics: %d %.300s", status, body)
			}
			// The public listener serves none, in dev as in production, once they have a
			// listener of their own.
			if status, _ := get(p.URL + "/metrics"); status != http.StatusNotFound {
				t.Errorf("public /metrics with ACCOUNTD_METRICS_ADDR: %d", status)
			}
		})
	}
}
