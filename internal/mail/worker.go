package mail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/outboxemail"
	"github.com/accountd/accountd/ent/predicate"
	"github.com/accountd/accountd/internal/outbox"
	"github.com/accountd/accountd/internal/seal"
)

// WorkerOptions tune the outbox worker; a zero field takes the default shown.
type WorkerOptions struct {
	// PollInterval is how often the worker looks at the queue without being woken (1 s).
	PollInterval time.Duration
	// Senders is how many emails are sent at once (4). Each sender keeps its SMTP
	// connection open between emails (see SMTPSender), so this is also how many
	// connections the relay sees from this process.
	Senders int
	// SendTimeout bounds one send, from the dial to the server's reply to the end of
	// DATA (15 s). A send cut off by it counts as an attempt, like any temporary
	// failure, so a server that never answers reaches MaxAttempts like any other.
	SendTimeout time.Duration
	// RecordTimeout bounds each write that records how a send went (5 s). It starts
	// when the send has ended, never before: a slow send must not eat the time of the
	// write that says it is done. Recording a send that went out is retried, each time
	// with a fresh RecordTimeout, until the lease ends.
	RecordTimeout time.Duration
	// Lease is how long a worker owns an email it claimed (30 s); another worker, or
	// this process after a restart, takes it over once it has ended. It is at least
	// SendTimeout + 2 RecordTimeouts (a shorter value is raised to that), so a send
	// always ends, and its result has time to be recorded, before anyone else may send
	// the same email.
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
	// Recorded, when set, is told for each email sent how long it took from the
	// server's acceptance to the committed "sent" mark: the time in which a crash, or a
	// database that refuses the write until the lease ends, would send it twice.
	Recorded func(time.Duration)
}

// Defaults of WorkerOptions, also the configuration's (internal/config).
const (
	DefaultSenders       = 4
	DefaultSendTimeout   = 15 * time.Second
	DefaultRecordTimeout = 5 * time.Second
	DefaultLease         = 30 * time.Second
)

func (o *WorkerOptions) defaults() {
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.Senders <= 0 {
		o.Senders = DefaultSenders
	}
	if o.SendTimeout <= 0 {
		o.SendTimeout = DefaultSendTimeout
	}
	if o.RecordTimeout <= 0 {
		o.RecordTimeout = DefaultRecordTimeout
	}
	if o.Lease <= 0 {
		o.Lease = DefaultLease
	}
	o.Lease = max(o.Lease, MinLease(o.SendTimeout, o.RecordTimeout))
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
	if o.Recorded == nil {
		o.Recorded = func(time.Duration) {}
	}
}

// MinLease is the shortest lease that lets a send of sendTimeout end and its result
// be recorded before the lease does (outbox.MinLease).
func MinLease(sendTimeout, recordTimeout time.Duration) time.Duration {
	return outbox.MinLease(sendTimeout, recordTimeout)
}

// Worker sends what the outbox holds, with up to Senders sends at once. Any number of
// workers, in any number of processes, may share one outbox: each email is claimed
// with a lease by a single conditional UPDATE, so only one of them sends it while the
// lease lasts.
//
// Delivery is at least once, never exactly once: SMTP cannot make the server's
// acceptance and our record of it one step. An email goes out twice only when the
// "sent" mark is not committed before the lease ends: the process dies between the
// server's 250 and the mark, or the database refuses the mark (retried, each time with
// a fresh deadline) for the rest of the lease; or when the connection is lost between
// the end of DATA and the server's reply (RFC 1047). Every copy carries the same
// Message-ID (the row's id), so a receiving system can drop the second one.
type Worker struct {
	db     *ent.Client
	render *Renderer
	sender Sender
	box    *seal.Box
	opts   WorkerOptions
	log    *slog.Logger
	wake   outbox.Waker
	// slots holds one token per send in progress: at most Senders.
	slots chan struct{}
	// running counts the sends in progress, for Run to wait on when it stops.
	running sync.WaitGroup
	// sending holds the ids of the emails this worker is sending now.
	sending outbox.InFlight
	// resolvers turn intents into email, by kind (intent.go); resolved counts the
	// intents this worker resolved.
	resolvers map[string]Resolver
	resolved  atomic.Int64
}

// NewWorker returns a worker over the outbox of client.
func NewWorker(client *ent.Client, r *Renderer, s Sender, box *seal.Box, opts WorkerOptions, logger *slog.Logger) *Worker {
	opts.defaults()
	if logger == nil {
		logger = slog.Default()
	}
	return &Worker{
		db: client, render: r, sender: s, box: box, opts: opts, log: logger,
		wake: outbox.NewWaker(), slots: make(chan struct{}, opts.Senders),
	}
}

// Options returns the worker's options with the defaults applied.
func (w *Worker) Options() WorkerOptions { return w.opts }

// Wake makes a running worker look at the queue now rather than at its next poll: call
// it after committing a transaction that queued email (Queue does). It never blocks.
func (w *Worker) Wake() { w.wake.Wake() }

// Run sends email until ctx is done, then waits for the sends in progress to end
// (within SendTimeout) and record their results. A sender with connections to close
// (SMTPSender) is closed then.
func (w *Worker) Run(ctx context.Context) {
	defer func() {
		w.running.Wait()
		if c, ok := w.sender.(interface{ Close() error }); ok {
			_ = c.Close()
		}
	}()
	// A pass does not wait for its sends: an email that takes long to send (a slow
	// relay) holds one sender, not the queue.
	outbox.Loop(ctx, w.opts.PollInterval, w.wake, w.now, &w.running, w.dispatch, w.log, "mail")
}

// RunOnce sends the emails that are due now, up to Senders at once, waits for those
// sends and reports how many went out. An email that cannot be sent is rescheduled or
// marked failed without stopping the others; the error is for the database failing.
// The emails of the intents it resolves are sent too: it passes over the queue again
// until a pass resolves none.
func (w *Worker) RunOnce(ctx context.Context) (sent int, err error) {
	for {
		before := w.resolved.Load()
		n, err := outbox.Once(ctx, w.now(), w.dispatch)
		sent += n
		if err != nil || w.resolved.Load() == before {
			return sent, err
		}
	}
}

// dispatch claims the emails due by cutoff, batch after batch, each once a sender is
// free (so no lease runs out while an email waits for one), and sends each in a
// goroutine counted in wg. It returns when every due email has been claimed, by this
// worker or another.
func (w *Worker) dispatch(ctx context.Context, cutoff time.Time, wg *sync.WaitGroup, sent *atomic.Int64, errs *outbox.Errors) error {
	// Only what is due at the start: an email rescheduled during this pass waits for
	// the next one, so a pass always ends, however short the backoff.
	for {
		ids, err := w.db.OutboxEmail.Query().
			Where(append(due(cutoff, w.now()), outboxemail.IDNotIn(w.sending.IDs()...))...).
			Order(ent.Asc(outboxemail.FieldNextAttemptAt), ent.Asc(outboxemail.FieldID)).
			Limit(w.opts.BatchSize).
			IDs(ctx)
		if err != nil {
			return fmt.Errorf("mail: find due email: %w", err)
		}
		for _, rowID := range ids {
			select {
			case w.slots <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			e, lease, err := w.claim(ctx, rowID, cutoff)
			if err != nil || e == nil {
				<-w.slots
				if err != nil {
					return err
				}
				continue
			}
			w.sending.Go(wg, rowID, sent, errs, func() { <-w.slots }, func() (bool, error) {
				if kind, ok := intentKind(e.Template); ok {
					return false, w.resolve(ctx, e, lease, kind) // an intent becomes email; it sends none itself
				}
				return w.deliver(ctx, e, lease)
			})
		}
		// Every row of this batch is now claimed (by this worker or another), so the
		// next query cannot return it again.
		if len(ids) < w.opts.BatchSize {
			return nil
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
	return outbox.Due[predicate.OutboxEmail](outboxemail.FieldSentAt, cutoff, now)
}

// claim takes one email with a lease (outbox.Claim); nil when another worker had it
// first.
func (w *Worker) claim(ctx context.Context, rowID string, cutoff time.Time) (*ent.OutboxEmail, outbox.Lease, error) {
	now := w.now()
	return outbox.Claim(ctx, "mail", rowID, now, w.opts.Lease, func(ctx context.Context, until time.Time) (int, error) {
		return w.db.OutboxEmail.Update().Where(append(due(cutoff, now), outboxemail.ID(rowID))...).SetLockedUntil(until).Save(ctx)
	}, w.db.OutboxEmail.Get)
}

// leased is an update of e that applies only under this worker's own lease: once it
// has ended, another worker may have sent the email already, and the update would
// undo that.
func (w *Worker) leased(e *ent.OutboxEmail, lease outbox.Lease) *ent.OutboxEmailUpdate {
	return w.db.OutboxEmail.Update().Where(outboxemail.ID(e.ID), outboxemail.LockedUntil(lease.Until))
}

// deliver sends one claimed email and records the result; true when it went out.
func (w *Worker) deliver(ctx context.Context, e *ent.OutboxEmail, lease outbox.Lease) (bool, error) {
	r, err := w.open(e)
	if err != nil {
		// This email can never be rendered (a key changed, a template was removed):
		// give up on it, not on the queue.
		return false, w.recordUntil(ctx, e, lease, "failed", func(rctx context.Context) error { return w.fail(rctx, e, lease, err) })
	}
	r.ID = e.ID
	// A send in progress is not cut when the worker stops, only by its own timeout:
	// cut between the end of DATA and the server's reply, it would have gone out
	// without our knowing, and go out again.
	sctx, cancel := context.WithTimeoutCause(context.WithoutCancel(ctx), w.opts.SendTimeout, errSendTimeout)
	sendErr := w.sender.Send(sctx, r)
	cancel()
	accepted := time.Now()
	switch {
	case sendErr == nil:
		return true, w.recordSent(ctx, e, lease, accepted)
	case ctx.Err() != nil:
		// Failed while the worker was stopping: hand it back without counting a try,
		// for the next process to take at once.
		return false, outbox.Record(ctx, w.opts.RecordTimeout, func(rctx context.Context) error {
			if _, err := w.leased(e, lease).ClearLockedUntil().Save(rctx); err != nil {
				return fmt.Errorf("mail: release %s: %w", e.ID, err)
			}
			return nil
		})
	case IsPermanent(sendErr) || e.Attempts+1 >= w.opts.MaxAttempts:
		return false, w.recordUntil(ctx, e, lease, "failed", func(rctx context.Context) error { return w.fail(rctx, e, lease, sendErr) })
	default:
		return false, w.recordUntil(ctx, e, lease, "retry", func(rctx context.Context) error { return w.retry(rctx, e, lease, sendErr) })
	}
}

// errSendTimeout is the cause of a send cut off by SendTimeout.
var errSendTimeout = errors.New("send timed out (ACCOUNTD_MAIL_SEND_TIMEOUT)")

// recordSent marks an email sent (see recordUntil) and reports the time from the
// server's acceptance to the committed mark.
func (w *Worker) recordSent(ctx context.Context, e *ent.OutboxEmail, lease outbox.Lease, accepted time.Time) error {
	err := w.recordUntil(ctx, e, lease, "sent", func(rctx context.Context) error { return w.sent(rctx, e) })
	if err == nil {
		w.opts.Recorded(time.Since(accepted))
	} else {
		w.log.ErrorContext(ctx, "email sent but not recorded: it may go out again when its lease ends",
			"email_id", e.ID, "template", e.Template, "error", err)
	}
	return err
}

// recordUntil records a send's result within its lease (outbox.RecordUntil). For an
// email that went out this is what decides whether it goes out again.
func (w *Worker) recordUntil(ctx context.Context, e *ent.OutboxEmail, lease outbox.Lease, what string, write func(ctx context.Context) error) error {
	tries, err := outbox.RecordUntil(ctx, lease, w.opts.RecordTimeout, write, func(try int, err error) {
		w.log.WarnContext(ctx, "recording an email's result failed: retrying", "email_id", e.ID, "result", what, "try", try, "error", err)
	})
	if err == nil && tries > 1 {
		w.log.InfoContext(ctx, "email result recorded after retrying", "email_id", e.ID, "result", what, "tries", tries)
	}
	return err
}

// open unseals and renders a queued email.
func (w *Worker) open(e *ent.OutboxEmail) (Rendered, error) {
	data, err := w.data(e)
	if err != nil {
		return Rendered{}, err
	}
	return w.render.Render(Message{To: e.To, Template: e.Template, Data: data})
}

// data unseals the data of a queued email or intent.
func (w *Worker) data(e *ent.OutboxEmail) (map[string]string, error) {
	if e.Data == nil || len(*e.Data) == 0 { // ent reads NULL as a pointer to nil
		return nil, errors.New("mail: queued email has no data")
	}
	raw, err := w.box.Open(*e.Data, sealContext(e.ID))
	if err != nil {
		return nil, fmt.Errorf("mail: unseal data: %w", err)
	}
	var data map[string]string
	if err := json.Unmarshal(raw, &data); err != nil {
		return nil, errors.New("mail: decode data: not a JSON object of strings")
	}
	return data, nil
}

// sent records a delivery and clears the data: the link's token must not stay at rest
// once it has left. It does not depend on the lease: the email went out, whoever holds
// the row now.
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

// unsent is the update that records a try that did not send e, under this worker's
// own lease: the try counted, the lease given back, the cause kept.
func (w *Worker) unsent(e *ent.OutboxEmail, lease outbox.Lease, cause error) *ent.OutboxEmailUpdate {
	return w.leased(e, lease).SetAttempts(e.Attempts + 1).ClearLockedUntil().SetLastError(outbox.LastError(cause))
}

// retry reschedules an email after a temporary failure.
func (w *Worker) retry(ctx context.Context, e *ent.OutboxEmail, lease outbox.Lease, cause error) error {
	attempt := e.Attempts + 1
	backoff := w.backoff(attempt)
	_, err := w.unsent(e, lease, cause).SetNextAttemptAt(w.now().Add(backoff)).Save(ctx)
	if err != nil {
		return fmt.Errorf("mail: reschedule %s: %w", e.ID, err)
	}
	w.opts.Observe("retry")
	w.log.WarnContext(ctx, "email not sent, will retry", "email_id", e.ID, "template", e.Template,
		"attempt", attempt, "retry_in", backoff.String(), "error", cause.Error())
	return nil
}

// fail gives up on an email for good. Its data goes too: nobody will send it now.
func (w *Worker) fail(ctx context.Context, e *ent.OutboxEmail, lease outbox.Lease, cause error) error {
	attempt := e.Attempts + 1
	_, err := w.unsent(e, lease, cause).SetFailedAt(w.now()).ClearData().Save(ctx)
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
	return outbox.Backoff{Base: w.opts.BaseBackoff, Max: w.opts.MaxBackoff}.After(attempt)
}

func (w *Worker) now() time.Time { return outbox.DBTime(w.opts.Now()) }
