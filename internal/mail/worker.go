package mail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"
	"unicode/utf8"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/outboxemail"
	"github.com/accountd/accountd/ent/predicate"
	"github.com/accountd/accountd/internal/seal"
)

// WorkerOptions tune the outbox worker; a zero field takes the default shown.
type WorkerOptions struct {
	// PollInterval is how often the worker looks at the queue without being woken (1 s).
	PollInterval time.Duration
	// Lease is how long a worker owns an email it is sending (1 min); another worker
	// may take it over after that, when the first one died mid-send. It must outlast a
	// send, or a slow send may be repeated by another worker.
	Lease time.Duration
	// BaseBackoff is the wait after the first failure (2 s); it doubles with each
	// further failure up to MaxBackoff (15 min).
	BaseBackoff, MaxBackoff time.Duration
	// MaxAttempts is how many tries an email gets before it is marked failed (12: with
	// the default backoff, about 50 minutes of trying).
	MaxAttempts int
	// BatchSize is how many due emails one query takes (20).
	BatchSize int
	// Now is the clock (time.Now).
	Now func() time.Time
	// Observe, when set, is told how each send went: "sent", "retry" or "failed"
	// (metrics).
	Observe func(result string)
}

func (o *WorkerOptions) defaults() {
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.Lease <= 0 {
		o.Lease = time.Minute
	}
	if o.BaseBackoff <= 0 {
		o.BaseBackoff = 2 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 15 * time.Minute
	}
	o.MaxBackoff = max(o.MaxBackoff, o.BaseBackoff)
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 12
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 20
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Observe == nil {
		o.Observe = func(string) {}
	}
}

// recordTimeout bounds the write that records how a send went. That write runs even
// when the worker is being stopped: an email that went out but is not marked sent
// would go out again once its lease ends.
const recordTimeout = 10 * time.Second

// maxErrorLen is the schema's limit on last_error.
const maxErrorLen = 1000

// Worker sends what the outbox holds. Any number of workers, in any number of
// processes, may share one outbox: each email is claimed with a lease by a single
// conditional UPDATE, so only one of them sends it. (SMTP itself is at-least-once: a
// connection lost between the end of DATA and the server's reply leaves the sender
// unable to know, RFC 1047; such an email is retried.)
type Worker struct {
	db     *ent.Client
	render *Renderer
	sender Sender
	box    *seal.Box
	opts   WorkerOptions
	log    *slog.Logger
	wake   chan struct{}
}

// NewWorker returns a worker over the outbox of client.
func NewWorker(client *ent.Client, r *Renderer, s Sender, box *seal.Box, opts WorkerOptions, logger *slog.Logger) *Worker {
	opts.defaults()
	if logger == nil {
		logger = slog.Default()
	}
	return &Worker{db: client, render: r, sender: s, box: box, opts: opts, log: logger, wake: make(chan struct{}, 1)}
}

// Wake makes a running worker look at the queue now rather than at its next poll: call
// it after committing a transaction that queued email. It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run sends email until ctx is done.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.opts.PollInterval)
	defer t.Stop()
	for {
		if _, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
			w.log.WarnContext(ctx, "mail outbox pass failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
	}
}

// RunOnce sends the emails that are due now, batch after batch, and reports how many
// went out. An email that cannot be sent is rescheduled or marked failed without
// stopping the others; the error is for the database failing.
func (w *Worker) RunOnce(ctx context.Context) (sent int, err error) {
	// Only what is due at the start: an email rescheduled during this pass waits for
	// the next one, so a pass always ends, however short the backoff.
	cutoff := w.now()
	for {
		ids, err := w.db.OutboxEmail.Query().
			Where(due(cutoff, w.now())...).
			Order(ent.Asc(outboxemail.FieldNextAttemptAt), ent.Asc(outboxemail.FieldID)).
			Limit(w.opts.BatchSize).
			IDs(ctx)
		if err != nil {
			return sent, fmt.Errorf("mail: find due email: %w", err)
		}
		for _, rowID := range ids {
			if err := ctx.Err(); err != nil {
				return sent, err
			}
			ok, err := w.deliver(ctx, rowID, cutoff)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
		// Every row of this batch is now sent, rescheduled past cutoff, failed, or
		// leased by another worker, so the next query cannot return it again.
		if len(ids) < w.opts.BatchSize {
			return sent, nil
		}
	}
}

// Pending counts the emails neither sent nor given up on, due or not.
func (w *Worker) Pending(ctx context.Context) (int, error) {
	return w.db.OutboxEmail.Query().Where(outboxemail.SentAtIsNil(), outboxemail.FailedAtIsNil()).Count(ctx)
}

// Failed counts the emails given up on for good (refused permanently or out of tries).
func (w *Worker) Failed(ctx context.Context) (int, error) {
	return w.db.OutboxEmail.Query().Where(outboxemail.FailedAtNotNil()).Count(ctx)
}

// due are the conditions of an email a worker may take: not sent, not given up, its
// time has come by cutoff, and nobody holds a live lease on it at now.
func due(cutoff, now time.Time) []predicate.OutboxEmail {
	return []predicate.OutboxEmail{
		outboxemail.SentAtIsNil(),
		outboxemail.FailedAtIsNil(),
		outboxemail.NextAttemptAtLTE(cutoff),
		outboxemail.Or(outboxemail.LockedUntilIsNil(), outboxemail.LockedUntilLT(now)),
	}
}

// deliver claims one email and sends it; false when another worker had it first or
// the send failed.
func (w *Worker) deliver(ctx context.Context, rowID string, cutoff time.Time) (bool, error) {
	// The claim repeats every condition of the query: between the two, another worker
	// may have sent, rescheduled or leased this email. Whichever UPDATE the database
	// applies first wins; the other matches no row.
	now := w.now()
	n, err := w.db.OutboxEmail.Update().
		Where(append(due(cutoff, now), outboxemail.ID(rowID))...).
		SetLockedUntil(now.Add(w.opts.Lease)).
		Save(ctx)
	if err != nil {
		return false, fmt.Errorf("mail: claim %s: %w", rowID, err)
	}
	if n != 1 {
		return false, nil
	}
	e, err := w.db.OutboxEmail.Get(ctx, rowID)
	if err != nil {
		return false, fmt.Errorf("mail: load %s: %w", rowID, err)
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	r, err := w.open(e)
	if err != nil {
		// This email can never be rendered (a key changed, a template was removed):
		// give up on it, not on the queue.
		return false, w.fail(rctx, e, err)
	}
	sendErr := w.sender.Send(ctx, r)
	switch {
	case sendErr == nil:
		return true, w.sent(rctx, e)
	case ctx.Err() != nil:
		// Stopped mid-send: not the email's fault. Hand it back without counting a try.
		if err := w.db.OutboxEmail.UpdateOneID(e.ID).ClearLockedUntil().Exec(rctx); err != nil {
			return false, fmt.Errorf("mail: release %s: %w", e.ID, err)
		}
		return false, nil
	case IsPermanent(sendErr) || e.Attempts+1 >= w.opts.MaxAttempts:
		return false, w.fail(rctx, e, sendErr)
	default:
		return false, w.retry(rctx, e, sendErr)
	}
}

// open unseals and renders a queued email.
func (w *Worker) open(e *ent.OutboxEmail) (Rendered, error) {
	if e.Data == nil || len(*e.Data) == 0 { // ent reads NULL as a pointer to nil
		return Rendered{}, errors.New("mail: queued email has no data")
	}
	raw, err := w.box.Open(*e.Data, sealContext(e.ID))
	if err != nil {
		return Rendered{}, fmt.Errorf("mail: unseal data: %w", err)
	}
	var data map[string]string
	if err := json.Unmarshal(raw, &data); err != nil {
		return Rendered{}, errors.New("mail: decode data: not a JSON object of strings")
	}
	return w.render.Render(Message{To: e.To, Template: e.Template, Data: data})
}

// sent records a delivery and clears the data: the link's token must not stay at rest
// once it has left.
func (w *Worker) sent(ctx context.Context, e *ent.OutboxEmail) error {
	err := w.db.OutboxEmail.UpdateOneID(e.ID).
		SetSentAt(w.now()).
		ClearData().
		ClearLockedUntil().
		SetAttempts(e.Attempts + 1).
		SetLastError("").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("mail: mark %s sent: %w", e.ID, err)
	}
	w.opts.Observe("sent")
	w.log.InfoContext(ctx, "email sent", "email_id", e.ID, "template", e.Template, "attempt", e.Attempts+1)
	return nil
}

// retry reschedules an email after a temporary failure.
func (w *Worker) retry(ctx context.Context, e *ent.OutboxEmail, cause error) error {
	attempt := e.Attempts + 1
	backoff := w.backoff(attempt)
	err := w.db.OutboxEmail.UpdateOneID(e.ID).
		SetAttempts(attempt).
		SetNextAttemptAt(w.now().Add(backoff)).
		ClearLockedUntil().
		SetLastError(clip(cause.Error(), maxErrorLen)).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("mail: reschedule %s: %w", e.ID, err)
	}
	w.opts.Observe("retry")
	w.log.WarnContext(ctx, "email not sent, will retry", "email_id", e.ID, "template", e.Template,
		"attempt", attempt, "retry_in", backoff.String(), "error", cause.Error())
	return nil
}

// fail gives up on an email for good. Its data goes too: nobody will send it now.
func (w *Worker) fail(ctx context.Context, e *ent.OutboxEmail, cause error) error {
	attempt := e.Attempts + 1
	err := w.db.OutboxEmail.UpdateOneID(e.ID).
		SetFailedAt(w.now()).
		SetAttempts(attempt).
		ClearData().
		ClearLockedUntil().
		SetLastError(clip(cause.Error(), maxErrorLen)).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("mail: mark %s failed: %w", e.ID, err)
	}
	w.opts.Observe("failed")
	w.log.ErrorContext(ctx, "email failed for good", "email_id", e.ID, "template", e.Template,
		"attempt", attempt, "error", cause.Error())
	return nil
}

// backoff is BaseBackoff doubled for each failure after the first, capped at
// MaxBackoff. Plain doubling, no jitter: each email's schedule starts from its own
// failure, the queue is drained in bounded batches, and a predictable schedule is
// easier to test and to explain to an operator reading last_error.
func (w *Worker) backoff(attempt int) time.Duration {
	d := w.opts.BaseBackoff
	for i := 1; i < attempt && d < w.opts.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.opts.MaxBackoff)
}

func (w *Worker) now() time.Time { return dbTime(w.opts.Now()) }

// clip cuts s to at most n bytes without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
