// Package metrics keeps accountd's Prometheus metrics in registries of its own (never
// the global default one, so tests and several apps in one process do not collide) and
// serves them in the Prometheus text format. Every method is safe on a nil *Metrics,
// which counts nothing.
//
// The metrics are public or private. A private series may move differently for a
// registered address than for an unknown one: emails are sent, and the outbox fills,
// only for addresses that have an account, so accountd_emails_total or the outbox
// gauges after a requestPasswordReset would tell whether an address is registered
// (issue 18, item 4). Private series are served only by Handler, which accountd serves
// on ACCOUNTD_METRICS_ADDR alone; PublicHandler, the only one that may be served on the
// public listener (in dev), leaves them out. Public series count requests and their
// answers, which are alike for every address.
package metrics

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Outcomes of a GraphQL request.
const (
	OutcomeOK        = "ok"         // data, no userErrors, no errors
	OutcomeUserError = "user_error" // a payload with userErrors: the form has something to fix
	OutcomeError     = "error"      // top-level errors: bad request, unauthenticated, internal
)

// Metrics are the counters, histograms and gauges of one accountd.
type Metrics struct {
	registry *prometheus.Registry // public series
	private  *prometheus.Registry // series that may depend on whether an address exists
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	logIns   *prometheus.CounterVec
	emails   *prometheus.CounterVec
	refusals *prometheus.CounterVec
	breach   prometheus.Counter
	webhooks *prometheus.CounterVec
}

// New returns metrics on a fresh registry, with the Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		private:  prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "accountd_graphql_requests_total",
			Help: "GraphQL requests by operation (type and root field) and outcome (ok, user_error, error).",
		}, []string{"operation", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "accountd_graphql_request_duration_seconds",
			Help: "Time to answer a GraphQL request, by operation.",
			// Password hashing puts log-ins near 30-100 ms; the tail matters up to seconds.
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"operation"}),
		logIns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "accountd_logins_total",
			Help: "Password log-ins by result (success, two_factor_challenge, invalid_credentials, email_not_verified, rate_limited, error).",
		}, []string{"result"}),
		emails: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "accountd_emails_total",
			Help: "Outbox send attempts by result: sent, retry (a temporary failure, rescheduled with backoff), failed (given up for good).",
		}, []string{"result"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "accountd_rate_limit_refusals_total",
			Help: "Requests refused by a rate limit, by rule.",
		}, []string{"rule"}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "accountd_webhook_deliveries_total",
			Help: "Webhook delivery attempts by endpoint id (operator for ACCOUNTD_WEBHOOK_URL) and result: delivered, retry (rescheduled with backoff), failed (given up for good).",
		}, []string{"endpoint", "result"}),
		breach: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "accountd_breached_password_check_unavailable_total",
			Help: "Passwords accepted without the breached-password check because the range API failed or was skipped after a failure (fail open).",
		}),
	}
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.logIns, m.refusals, m.breach,
	)
	// Webhooks are private like email: user.created follows only a sign-up of an
	// address that had no account.
	m.private.MustRegister(m.emails, m.webhooks)
	return m
}

// Handler serves every metric, public and private, in the Prometheus exposition
// format: for the metrics listener (ACCOUNTD_METRICS_ADDR) only.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.all(), promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// PublicHandler serves the public metrics only: what the public listener may serve.
func (m *Metrics) PublicHandler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

func (m *Metrics) all() prometheus.Gatherers { return prometheus.Gatherers{m.registry, m.private} }

// Gather returns the current values of every metric, public and private (tests read
// them).
func (m *Metrics) Gather() (map[string]float64, error) {
	families, err := m.all().Gather()
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, f := range families {
		for _, s := range f.GetMetric() {
			key := f.GetName()
			for _, l := range s.GetLabel() {
				key += "/" + l.GetName() + "=" + l.GetValue()
			}
			switch {
			case s.Counter != nil:
				out[key] = s.GetCounter().GetValue()
			case s.Gauge != nil:
				out[key] = s.GetGauge().GetValue()
			case s.Histogram != nil:
				out[key] = float64(s.GetHistogram().GetSampleCount())
			}
		}
	}
	return out, nil
}

// Request records one GraphQL request.
func (m *Metrics) Request(operation, outcome string, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(operation, outcome).Inc()
	m.duration.WithLabelValues(operation).Observe(d.Seconds())
}

// LogIn records the result of a password log-in.
func (m *Metrics) LogIn(result string) {
	if m != nil {
		m.logIns.WithLabelValues(result).Inc()
	}
}

// Email records how one outbox send went: "sent", "retry" or "failed". Private: only
// registered addresses get email.
func (m *Metrics) Email(result string) {
	if m != nil {
		m.emails.WithLabelValues(result).Inc()
	}
}

// Refused records a request a rate limit refused.
func (m *Metrics) Refused(rule string) {
	if m != nil {
		m.refusals.WithLabelValues(rule).Inc()
	}
}

// Gauge registers a value read at each scrape, such as the hash pool's queue.
func (m *Metrics) Gauge(name, help string, read func() float64) {
	if m != nil {
		m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, read))
	}
}

// CounterFunc registers a count kept elsewhere and read at each scrape, such as the
// hash pool's refusals.
func (m *Metrics) CounterFunc(name, help string, read func() float64) {
	if m != nil {
		m.registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, read))
	}
}

// dbGaugeTimeout bounds a gauge that asks the database, so a scrape during an outage
// answers (with the gauge missing its fresh value) instead of hanging.
const dbGaugeTimeout = 2 * time.Second

// DBGauge registers a value counted in the database at each scrape. When the count
// fails (the database is down) the gauge keeps the last value counted, and before any
// count succeeded it is absent: never a made-up figure. Whether the database answers
// is a gauge of its own (accountd_database_up).
func (m *Metrics) DBGauge(name, help string, count func(ctx context.Context) (int, error)) {
	if m != nil {
		m.registry.MustRegister(&dbGauge{desc: prometheus.NewDesc(name, help, nil, nil), count: count})
	}
}

// PrivateDBGauge is DBGauge for a private series: a count that may depend on whether
// an address has an account, such as the outbox's (mail goes to registered addresses
// only).
func (m *Metrics) PrivateDBGauge(name, help string, count func(ctx context.Context) (int, error)) {
	if m != nil {
		m.private.MustRegister(&dbGauge{desc: prometheus.NewDesc(name, help, nil, nil), count: count})
	}
}

// Sample is one value of a labelled gauge, with its label values in the order the
// gauge names them.
type Sample struct {
	Labels []string
	Value  int
}

// PrivateDBGaugeVec is PrivateDBGauge for a count by labels (the webhook outbox by
// endpoint and state). When the count fails the last samples are kept, as DBGauge does.
func (m *Metrics) PrivateDBGaugeVec(name, help string, labels []string, count func(ctx context.Context) ([]Sample, error)) {
	if m != nil {
		m.private.MustRegister(&dbGaugeVec{desc: prometheus.NewDesc(name, help, labels, nil), count: count})
	}
}

// dbGaugeVec is PrivateDBGaugeVec's collector.
type dbGaugeVec struct {
	desc  *prometheus.Desc
	count func(ctx context.Context) ([]Sample, error)

	mu   sync.Mutex
	last []Sample
}

func (g *dbGaugeVec) Describe(ch chan<- *prometheus.Desc) { ch <- g.desc }

func (g *dbGaugeVec) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), dbGaugeTimeout)
	defer cancel()
	samples, err := g.count(ctx)
	g.mu.Lock()
	if err == nil {
		g.last = samples
	}
	last := g.last
	g.mu.Unlock()
	for _, s := range last {
		ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, float64(s.Value), s.Labels...)
	}
}

// Webhook records one webhook delivery attempt to an endpoint (by id, never its URL).
func (m *Metrics) Webhook(endpoint, result string) {
	if m != nil {
		m.webhooks.WithLabelValues(endpoint, result).Inc()
	}
}

// dbGauge is DBGauge's collector.
type dbGauge struct {
	desc  *prometheus.Desc
	count func(ctx context.Context) (int, error)

	mu   sync.Mutex
	last float64
	have bool
}

func (g *dbGauge) Describe(ch chan<- *prometheus.Desc) { ch <- g.desc }

func (g *dbGauge) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), dbGaugeTimeout)
	defer cancel()
	n, err := g.count(ctx)
	g.mu.Lock()
	if err == nil {
		g.last, g.have = float64(n), true
	}
	last, have := g.last, g.have
	g.mu.Unlock()
	if have {
		ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, last)
	}
}

// BreachCheckUnavailable records a password accepted without the breached-password check.
func (m *Metrics) BreachCheckUnavailable() {
	if m != nil {
		m.breach.Inc()
	}
}
