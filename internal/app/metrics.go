package app

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/metrics"
	"github.com/accountd/accountd/internal/password"
)

// instrument registers the gauges read at each scrape.
func instrument(m *metrics.Metrics, hasher *password.Hasher, worker *mail.Worker, ping func(context.Context) error) {
	m.Gauge("accountd_password_hash_queue_length",
		"Callers waiting for a password hashing slot; sustained above zero means log-ins queue (ACCOUNTD_HASH_WORKERS).",
		func() float64 { return float64(hasher.QueueLength()) })
	m.CounterFunc("accountd_password_hash_busy_total",
		"Requests refused at once (RATE_LIMITED) because the hash queue was full (ACCOUNTD_HASH_MAX_WAITING); rising means more log-ins than hashing capacity.",
		func() float64 { return float64(hasher.Refused()) })
	m.PrivateDBGauge("accountd_outbox_pending_emails",
		"Emails queued and not yet sent nor given up on (while the database does not answer: the last count; see accountd_database_up).", worker.Pending)
	m.PrivateDBGauge("accountd_outbox_failed_emails",
		"Emails given up on for good, kept in the outbox with their last error (while the database does not answer: the last count).", worker.Failed)
	m.Gauge("accountd_database_up",
		"1 when the database answered a ping at this scrape, 0 when it did not (within 2 s).",
		func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if ping(ctx) != nil {
				return 0
			}
			return 1
		})
}

// publicMetrics is the /metrics handler of the public listener, or nil for none. In
// production the metrics are served on ACCOUNTD_METRICS_ADDR only, and without it
// nowhere (a warning at start says so): an outsider must not read them. In dev without
// ACCOUNTD_METRICS_ADDR the public listener serves the public series only, never those
// that could tell a registered address from an unknown one (issue 18, item 4).
func publicMetrics(cfg config.Config, m *metrics.Metrics) http.Handler {
	if cfg.MetricsAddr != "" || !cfg.Dev() {
		return nil
	}
	return m.PublicHandler()
}

// noMetricsWarning is logged at start in production without ACCOUNTD_METRICS_ADDR.
const noMetricsWarning = "metrics are not served: in production /metrics is served only on ACCOUNTD_METRICS_ADDR"

// serveMetrics serves /metrics on ACCOUNTD_METRICS_ADDR, when set, until stop is called.
func (a *App) serveMetrics() (stop func(), err error) {
	if a.Config.MetricsAddr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", a.Config.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (ACCOUNTD_METRICS_ADDR): %w", a.Config.MetricsAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	if a.Config.Pprof {
		mux.HandleFunc("GET /debug/pprof/", pprof.Index)
		mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
		mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
		// A CPU profile of a whole load scenario takes longer than a scrape.
		srv.WriteTimeout = 10 * time.Minute
		a.Log.Info("profiles on the metrics listener", "addr", "http://"+ln.Addr().String()+"/debug/pprof/")
	}
	go func() { _ = srv.Serve(ln) }()
	a.Log.Info("metrics listening", "addr", "http://"+ln.Addr().String()+"/metrics")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
