package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/predicate"
	"github.com/accountd/accountd/ent/webhookmessage"
	"github.com/accountd/accountd/internal/outbox"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/tracing"
	"github.com/accountd/accountd/internal/webhook/standard"
)

// WorkerOptions tune the delivery worker; a zero field takes the default shown.
type WorkerOptions struct {
	// PollInterval is how often the worker looks at the outbox without being woken (1 s).
	PollInterval time.Duration
	// Timeout bounds one delivery, from the dial to the end of the receiver's answer
	// (10 s): past it the try failed, and is retried like any other failure.
	Timeout time.Duration
	// Concurrency is how many deliveries one process has in flight to one endpoint (4).
	// A receiver that hangs holds that many, never more, and never another endpoint's.
	Concurrency int
	// RecordTimeout bounds each write of a delivery's result (5 s).
	RecordTimeout time.Duration
	// Lease is how long a worker owns a message it claimed (30 s); it is at least
	// Timeout + 2 RecordTimeouts, so a delivery always ends, and its result is
	// recorded, before another process may deliver the same message.
	Lease time.Duration
	// BaseBackoff is the wait after the first failure (5 s); it doubles with each
	// further failure up to MaxBackoff (1 h), each wait drawn between half of that and
	// all of it (jitter).
	BaseBackoff, MaxBackoff time.Duration
	// RetryFor is how long a message is retried after it was emitted (24 h); a failure
	// whose next try would come later marks it failed for good.
	RetryFor time.Duration
	// BatchSize is how many due messages one query takes (50).
	BatchSize int
	// AllowPrivate lets admin-added endpoints reach loopback, private and link-local
	// addresses (ACCOUNTD_WEBHOOK_ALLOW_PRIVATE_NETWORKS); the operator's endpoint may
	// always.
	AllowPrivate bool
	// Now is the clock (time.Now).
	Now func() time.Time
	// Observe, when set, is told how each delivery went, by endpoint id: "delivered",
	// "retry" or "failed" (metrics).
	Observe func(endpoint, result string)
}

// Defaults of WorkerOptions, also the configuration's (internal/config).
const (
	DefaultTimeout       = 10 * time.Second
	DefaultConcurrency   = 4
	DefaultRecordTimeout = 5 * time.Second
	DefaultRetryFor      = 24 * time.Hour
)

func (o *WorkerOptions) defaults() {
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.RecordTimeout <= 0 {
		o.RecordTimeout = DefaultRecordTimeout
	}
	if o.Lease <= 0 {
		o.Lease = 30 * time.Second
	}
	o.Lease = max(o.Lease, outbox.MinLease(o.Timeout, o.RecordTimeout))
	if o.BaseBackoff <= 0 {
		o.BaseBackoff = 5 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Hour
	}
	o.MaxBackoff = max(o.MaxBackoff, o.BaseBackoff)
	if o.RetryFor <= 0 {
		o.RetryFor = DefaultRetryFor
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 50
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Observe == nil {
		o.Observe = func(string, string) {}
	}
}

// Operator is the operator's endpoint (ACCOUNTD_WEBHOOK_URL, ACCOUNTD_WEBHOOK_SECRET).
type Operator struct {
	URL string
	Key []byte // the key of the whsec_ secret (standard.ParseSecret)
}

// Worker delivers what the webhook outbox holds. Any number of workers, in any number
// of processes, may share one outbox: each message is claimed with a lease by one
// conditional UPDATE, so only one of them posts it while the lease lasts.
//
// Delivery is at least once: a message is posted again when its "delivered" mark is
// not committed before the lease ends (the process died after the receiver's 2xx), or
// when the receiver answered after the timeout. Every try carries the same webhook-id
// (the row's id), so receivers drop duplicates (Standard Webhooks, § Idempotency).
type Worker struct {
	db       *ent.Client
	box      *seal.Box
	operator *Operator
	opts     WorkerOptions
	log      *slog.Logger
	// admins posts to admin-added endpoints (addresses checked unless AllowPrivate);
	// operators to the operator's.
	admins, operators *http.Client
	wake              outbox.Waker
	running           sync.WaitGroup
	inflight          outbox.InFlight
	// busy counts the deliveries in flight per endpoint: at most Concurrency each.
	busyMu sync.Mutex
	busy   map[string]int
}

// NewWorker returns a worker over the outbox of client; operator is nil when no
// operator endpoint is configured.
func NewWorker(client *ent.Client, box *seal.Box, operator *Operator, opts WorkerOptions, logger *slog.Logger) *Worker {
	opts.defaults()
	if logger == nil {
		logger = slog.Default()
	}
	return &Worker{
		db: client, box: box, operator: operator, opts: opts, log: logger,
		admins:    newClient(opts.Timeout, opts.AllowPrivate, opts.Concurrency),
		operators: newClient(opts.Timeout, true, opts.Concurrency),
		wake:      outbox.NewWaker(),
		busy:      map[string]int{},
	}
}

// Options returns the worker's options with the defaults applied.
func (w *Worker) Options() WorkerOptions { return w.opts }

// Wake makes a running worker look at the outbox now rather than at its next poll
// (Emit registers it to run after commit). It never blocks.
func (w *Worker) Wake() { w.wake.Wake() }

// Run delivers until ctx is done, then waits for the deliveries in flight, which
// stopping cuts short: they are handed back for the next process without a try
// counted (a receiver may then see that webhook-id twice, which it drops).
func (w *Worker) Run(ctx context.Context) {
	defer w.running.Wait()
	// A pass does not wait for its deliveries: a slow receiver holds its own
	// endpoint's slots, not the outbox.
	outbox.Loop(ctx, w.opts.PollInterval, w.wake, w.now, &w.running, w.dispatch, w.log, "webhook")
}

// RunOnce delivers the messages due now, waits for those deliveries and reports how
// many were delivered. A message that cannot be delivered is rescheduled or marked
// failed without stopping the others; the error is for the database failing.
func (w *Worker) RunOnce(ctx context.Context) (delivered int, err error) {
	return outbox.Once(ctx, w.now(), w.dispatch)
}

// dispatch claims the messages due by cutoff, batch after batch, each only when its
// endpoint has a free slot (so no lease runs out while a message waits, and a full
// endpoint's messages are left for a later pass without holding anyone else's), and
// delivers each in a goroutine counted in wg.
func (w *Worker) dispatch(ctx context.Context, cutoff time.Time, wg *sync.WaitGroup, delivered *atomic.Int64, errs *outbox.Errors) error {
	for {
		rows, err := w.db.WebhookMessage.Query().
			Where(append(due(cutoff, w.now()),
				webhookmessage.IDNotIn(w.inflight.IDs()...),
				webhookmessage.EndpointIDNotIn(w.fullEndpoints()...))...).
			Order(ent.Asc(webhookmessage.FieldNextAttemptAt), ent.Asc(webhookmessage.FieldID)).
			Limit(w.opts.BatchSize).
			Select(webhookmessage.FieldID, webhookmessage.FieldEndpointID).
			All(ctx)
		if err != nil {
			return fmt.Errorf("webhook: find due messages: %w", err)
		}
		for _, r := range rows {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !w.acquire(r.EndpointID) {
				continue // the endpoint is full: the next query leaves it out
			}
			m, lease, err := w.claim(ctx, r.ID, cutoff)
			if err != nil || m == nil {
				w.release(r.EndpointID)
				if err != nil {
					return err
				}
				continue
			}
			w.inflight.Go(wg, m.ID, delivered, errs, func() { w.release(m.EndpointID) }, func() (bool, error) { return w.deliver(ctx, m, lease) })
		}
		if len(rows) < w.opts.BatchSize {
			return nil
		}
	}
}

// acquire takes one of endpoint's delivery slots, or reports that all are taken.
func (w *Worker) acquire(endpoint string) bool {
	w.busyMu.Lock()
	defer w.busyMu.Unlock()
	if w.busy[endpoint] >= w.opts.Concurrency {
		return false
	}
	w.busy[endpoint]++
	return true
}

// release gives one of endpoint's slots back.
func (w *Worker) release(endpoint string) {
	w.busyMu.Lock()
	defer w.busyMu.Unlock()
	if w.busy[endpoint]--; w.busy[endpoint] <= 0 {
		delete(w.busy, endpoint)
	}
}

// fullEndpoints are the endpoints whose slots are all taken.
func (w *Worker) fullEndpoints() []string {
	w.busyMu.Lock()
	defer w.busyMu.Unlock()
	var out []string
	for ep, n := range w.busy {
		if n >= w.opts.Concurrency {
			out = append(out, ep)
		}
	}
	return out
}

// due are the conditions of a message a worker may take: neither delivered nor given
// up, its time has come by cutoff, and nobody holds a live lease on it at now.
func due(cutoff, now time.Time) []predicate.WebhookMessage {
	return outbox.Due[predicate.WebhookMessage](webhookmessage.FieldDeliveredAt, cutoff, now)
}

// claim takes one message with a lease (outbox.Claim); nil when another worker had it
// first.
func (w *Worker) claim(ctx context.Context, rowID string, cutoff time.Time) (*ent.WebhookMessage, outbox.Lease, error) {
	now := w.now()
	return outbox.Claim(ctx, "webhook", rowID, now, w.opts.Lease, func(ctx context.Context, until time.Time) (int, error) {
		return w.db.WebhookMessage.Update().Where(append(due(cutoff, now), webhookmessage.ID(rowID))...).SetLockedUntil(until).Save(ctx)
	}, w.db.WebhookMessage.Get)
}

// leased is an update of m that applies only under this worker's own lease: once it
// has ended, another worker may have delivered the message, which the update would
// undo.
func (w *Worker) leased(m *ent.WebhookMessage, lease outbox.Lease) *ent.WebhookMessageUpdate {
	return w.db.WebhookMessage.Update().Where(webhookmessage.ID(m.ID), webhookmessage.LockedUntil(lease.Until))
}

// target is where a message goes and the key it is signed with.
type target struct {
	url    string
	key    []byte
	client *http.Client
}

// errNoEndpoint is the cause of a message whose endpoint is gone.
var errNoEndpoint = errors.New("the endpoint no longer exists")

// target finds the endpoint of a message.
func (w *Worker) target(ctx context.Context, endpointID string) (*target, error) {
	if endpointID == OperatorEndpoint {
		if w.operator == nil {
			return nil, errNoEndpoint
		}
		return &target{url: w.operator.URL, key: w.operator.Key, client: w.operators}, nil
	}
	ep, err := w.db.WebhookEndpoint.Get(ctx, endpointID)
	if ent.IsNotFound(err) {
		return nil, errNoEndpoint
	}
	if err != nil {
		return nil, err
	}
	raw, err := w.box.Open(ep.Secret, secretContext(ep.ID))
	if err != nil {
		return nil, errors.New("the endpoint's secret does not open (was ACCOUNTD_SECRET_KEY changed?)")
	}
	key, err := standard.ParseSecret(string(raw))
	if err != nil {
		return nil, fmt.Errorf("the endpoint's secret: %w", err)
	}
	return &target{url: ep.URL, key: key, client: w.admins}, nil
}

// deliver posts one claimed message and records the result; true when delivered.
func (w *Worker) deliver(ctx context.Context, m *ent.WebhookMessage, lease outbox.Lease) (bool, error) {
	t, err := w.target(ctx, m.EndpointID)
	switch {
	case errors.Is(err, errNoEndpoint):
		return false, w.recordUntil(ctx, m, lease, "failed", func(rctx context.Context) error { return w.fail(rctx, m, lease, err) })
	case err != nil:
		// The database failed: the lease ends and the message comes back.
		return false, fmt.Errorf("webhook: endpoint of %s: %w", m.ID, err)
	}
	postErr := w.post(ctx, m, t)
	switch {
	case postErr == nil:
		return true, w.recordUntil(ctx, m, lease, "delivered", func(rctx context.Context) error { return w.delivered(rctx, m) })
	case ctx.Err() != nil:
		// Cut short because the worker is stopping: hand it back without counting a
		// try, for the next process to take at once.
		return false, outbox.Record(ctx, w.opts.RecordTimeout, func(rctx context.Context) error {
			_, err := w.leased(m, lease).ClearLockedUntil().Save(rctx)
			return err
		})
	}
	backoff := w.backoff(m.Attempts + 1)
	if w.now().Add(backoff).After(m.CreatedAt.Add(w.opts.RetryFor)) {
		return false, w.recordUntil(ctx, m, lease, "failed", func(rctx context.Context) error { return w.fail(rctx, m, lease, postErr) })
	}
	return false, w.recordUntil(ctx, m, lease, "retry", func(rctx context.Context) error { return w.retry(rctx, m, lease, backoff, postErr) })
}

// maxAnswer is how much of a receiver's answer is read (and thrown away), so the
// connection can be reused without a receiver making accountd read without end.
const maxAnswer = 64 << 10

// post makes one try: a signed POST of the payload, within Timeout. Any 2xx answer
// is a delivery (Standard Webhooks, § Delivery); anything else, a redirect included,
// is a failure. It runs in a span of its own carrying the endpoint's id, never its
// URL (a receiver's URL may hold a token of its own).
func (w *Worker) post(ctx context.Context, m *ent.WebhookMessage, t *target) (err error) {
	ctx, span := tracing.Tracer().Start(ctx, "webhook "+m.EventType, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(
			attribute.String("webhook.endpoint_id", m.EndpointID),
			attribute.String("webhook.event_type", m.EventType),
			attribute.String("webhook.id", m.ID),
			attribute.Int("webhook.attempt", m.Attempts+1),
		))
	defer func() {
		if err != nil {
			span.SetStatus(codes.Error, "delivery failed")
		}
		span.End()
	}()
	ctx, cancel := context.WithTimeout(ctx, w.opts.Timeout)
	defer cancel()
	at := w.opts.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(m.Payload))
	if err != nil {
		return errors.New("the endpoint's URL does not make a request")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "accountd-webhooks")
	req.Header.Set("webhook-id", m.ID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(at.Unix(), 10))
	req.Header.Set("webhook-signature", standard.Sign(t.key, m.ID, at, m.Payload))
	resp, err := t.client.Do(req)
	if err != nil {
		// url.Error names the URL: keep only the cause.
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err
		}
		return fmt.Errorf("post: %w", err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswer))
	_ = resp.Body.Close()
	span.SetAttributes(attribute.Int("http.response.status_code", resp.StatusCode))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("the endpoint answered %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return nil
}

// recordUntil records a delivery's result within its lease (outbox.RecordUntil).
func (w *Worker) recordUntil(ctx context.Context, m *ent.WebhookMessage, lease outbox.Lease, what string, write func(ctx context.Context) error) error {
	_, err := outbox.RecordUntil(ctx, lease, w.opts.RecordTimeout, write, func(try int, err error) {
		w.log.WarnContext(ctx, "recording a webhook's result failed: retrying", "webhook_id", m.ID, "result", what, "try", try, "error", err)
	})
	if err != nil && what == "delivered" {
		w.log.ErrorContext(ctx, "webhook delivered but not recorded: it may be delivered again when its lease ends",
			"webhook_id", m.ID, "endpoint_id", m.EndpointID, "error", err)
	}
	return err
}

// delivered records a delivery. It does not depend on the lease: the receiver has it,
// whoever holds the row now.
func (w *Worker) delivered(ctx context.Context, m *ent.WebhookMessage) error {
	err := w.db.WebhookMessage.UpdateOneID(m.ID).
		SetDeliveredAt(w.now()).
		ClearLockedUntil().
		SetAttempts(m.Attempts + 1).
		SetLastError("").
		Exec(ctx)
	if err != nil && !ent.IsNotFound(err) { // deleted with its endpoint meanwhile
		return fmt.Errorf("webhook: mark %s delivered: %w", m.ID, err)
	}
	w.opts.Observe(m.EndpointID, "delivered")
	w.log.InfoContext(ctx, "webhook delivered", "webhook_id", m.ID, "endpoint_id", m.EndpointID, "type", m.EventType, "attempt", m.Attempts+1)
	return nil
}

// unsent is the update that records a try that did not deliver m, under this worker's
// own lease: the try counted, the lease given back, the cause kept.
func (w *Worker) unsent(m *ent.WebhookMessage, lease outbox.Lease, cause error) *ent.WebhookMessageUpdate {
	return w.leased(m, lease).SetAttempts(m.Attempts + 1).ClearLockedUntil().SetLastError(outbox.LastError(cause))
}

// retry reschedules a message after a failure, under this worker's own lease only.
func (w *Worker) retry(ctx context.Context, m *ent.WebhookMessage, lease outbox.Lease, backoff time.Duration, cause error) error {
	_, err := w.unsent(m, lease, cause).SetNextAttemptAt(w.now().Add(backoff)).Save(ctx)
	if err != nil {
		return fmt.Errorf("webhook: reschedule %s: %w", m.ID, err)
	}
	w.opts.Observe(m.EndpointID, "retry")
	w.log.WarnContext(ctx, "webhook not delivered, will retry", "webhook_id", m.ID, "endpoint_id", m.EndpointID,
		"attempt", m.Attempts+1, "retry_in", backoff.String(), "error", cause.Error())
	return nil
}

// fail gives up on a message for good.
func (w *Worker) fail(ctx context.Context, m *ent.WebhookMessage, lease outbox.Lease, cause error) error {
	_, err := w.unsent(m, lease, cause).SetFailedAt(w.now()).Save(ctx)
	if err != nil {
		return fmt.Errorf("webhook: mark %s failed: %w", m.ID, err)
	}
	w.opts.Observe(m.EndpointID, "failed")
	w.log.ErrorContext(ctx, "webhook failed for good", "webhook_id", m.ID, "endpoint_id", m.EndpointID,
		"attempt", m.Attempts+1, "error", cause.Error())
	return nil
}

// backoff is the jittered wait after the attempt-th failure.
func (w *Worker) backoff(attempt int) time.Duration {
	return outbox.Backoff{Base: w.opts.BaseBackoff, Max: w.opts.MaxBackoff, Jitter: true}.After(attempt)
}

func (w *Worker) now() time.Time { return outbox.DBTime(w.opts.Now()) }

// secretContext binds an endpoint's sealed secret to its row.
func secretContext(endpointID string) string { return "webhook-endpoint:" + endpointID }
