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
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/seal"
)

// Enqueue writes an email into the outbox through db, which should be the client of the
// transaction that makes the change the email reports: both commit, or neither. The
// data is sealed, since it may hold a link with a token until the email is sent.
func Enqueue(ctx context.Context, db *ent.Client, box *seal.Box, now time.Time, m Message) error {
	if _, ok := templateNames[m.Template]; !ok {
		return fmt.Errorf("mail: unknown template %q", m.Template)
	}
	data, err := json.Marshal(m.Data)
	if err != nil {
		return fmt.Errorf("mail: encode data: %w", err)
	}
	rowID := id.New(id.Email)
	return db.OutboxEmail.Create().
		SetID(rowID).
		SetTo(m.To).
		SetTemplate(m.Template).
		SetData(box.Seal(data, sealContext(rowID))).
		SetNextAttemptAt(now).
		SetCreatedAt(now).
		Exec(ctx)
}

func sealContext(rowID string) string { return "outbox:" + rowID }

// WorkerOptions tune the outbox worker.
type WorkerOptions struct {
	// PollInterval is how often the worker looks at the queue without being woken.
	PollInterval time.Duration
	// Lease is how long a worker owns an email it is sending; another process may
	// take it over after that (when the first one died mid-send).
	Lease time.Duration
	// BaseBackoff is the wait after the first failure; it doubles up to MaxBackoff.
	BaseBackoff, MaxBackoff time.Duration
	// MaxAttempts is how many tries an email gets before it is marked failed.
	MaxAttempts int
	// BatchSize is how many due emails one pass takes.
	BatchSize int
	// Now is the clock.
	Now func() time.Time
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
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 12
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 20
	}
	if o.Now == nil {
		o.Now = func() time.Time { return time.Now().UTC() }
	}
}

// Worker sends what the outbox holds. Any number of workers, in any number of
// processes, may share one outbox: each email is claimed with a lease by a single
// conditional UPDATE, so only one of them sends it.
type Worker struct {
	db     *ent.Client
	render *Renderer
	sender Sender
	box    *seal.Box
	opts   WorkerOptions
	log    *slog.Logger
	wake   chan struct{}
}

// NewWorker returns a worker over the outbox of db.
func NewWorker(db *ent.Client, r *Renderer, s Sender, box *seal.Box, opts WorkerOptions, log *slog.Logger) *Worker {
	opts.defaults()
	return &Worker{db: db, render: r, sender: s, box: box, opts: opts, log: log, wake: make(chan struct{}, 1)}
}

// Wake makes the worker look at the queue now, after a commit that queued email.
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

// RunOnce sends the emails that are due now and reports how many went out.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	now := w.opts.Now()
	candidates, err := w.db.OutboxEmail.Query().
		Where(dueAt(now)...).
		Order(ent.Asc(outboxemail.FieldNextAttemptAt)).
		Limit(w.opts.BatchSize).
		IDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("mail: find due email: %w", err)
	}
	sent := 0
	for _, rowID := range candidates {
		if ctx.Err() != nil {
			break
		}
		ok, err := w.deliver(ctx, rowID)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// dueAt are the conditions of an email a worker may take: not sent, not given up, its
// time has come, and nobody holds a live lease on it.
func dueAt(now time.Time) []predicate.OutboxEmail {
	return []predicate.OutboxEmail{
		outboxemail.SentAtIsNil(),
		outboxemail.FailedAtIsNil(),
		outboxemail.NextAttemptAtLTE(now),
		outboxemail.Or(outboxemail.LockedUntilIsNil(), outboxemail.LockedUntilLT(now)),
	}
}

// deliver claims one email and sends it; false when another worker had it.
func (w *Worker) deliver(ctx context.Context, rowID string) (bool, error) {
	now := w.opts.Now()
	n, err := w.db.OutboxEmail.Update().
		Where(append(dueAt(now), outboxemail.ID(rowID))...).
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
	r, err := w.open(e)
	if err != nil {
		// The email can never be rendered: give up on it, not on the queue.
		return false, w.fail(ctx, e, err)
	}
	sendErr := w.sender.Send(ctx, r)
	now = w.opts.Now()
	switch {
	case sendErr == nil:
		err = w.db.OutboxEmail.UpdateOneID(e.ID).
			SetSentAt(now).
			ClearData().
			ClearLockedUntil().
			SetAttempts(e.Attempts + 1).
			SetLastError("").
			Exec(ctx)
		if err != nil {
			return false, fmt.Errorf("mail: mark %s sent: %w", e.ID, err)
		}
		w.log.InfoContext(ctx, "email sent", "email_id", e.ID, "template", e.Template, "attempt", e.Attempts+1)
		return true, nil
	case errors.Is(sendErr, ErrPermanent) || e.Attempts+1 >= w.opts.MaxAttempts:
		return false, w.fail(ctx, e, sendErr)
	default:
		backoff := w.backoff(e.Attempts + 1)
		err = w.db.OutboxEmail.UpdateOneID(e.ID).
			SetAttempts(e.Attempts + 1).
			SetNextAttemptAt(now.Add(backoff)).
			ClearLockedUntil().
			SetLastError(clip(sendErr.Error(), 1000)).
			Exec(ctx)
		if err != nil {
			return false, fmt.Errorf("mail: reschedule %s: %w", e.ID, err)
		}
		w.log.WarnContext(ctx, "email not sent, will retry", "email_id", e.ID, "template", e.Template,
			"attempt", e.Attempts+1, "retry_in", backoff.String(), "error", sendErr)
		return false, nil
	}
}

// open unseals and renders a queued email.
func (w *Worker) open(e *ent.OutboxEmail) (Rendered, error) {
	if e.Data == nil {
		return Rendered{}, errors.New("no data")
	}
	raw, err := w.box.Open(*e.Data, sealContext(e.ID))
	if err != nil {
		return Rendered{}, err
	}
	var data map[string]string
	if err := json.Unmarshal(raw, &data); err != nil {
		return Rendered{}, fmt.Errorf("decode data: %w", err)
	}
	return w.render.Render(Message{To: e.To, Template: e.Template, Data: data})
}

// fail gives up on an email for good.
func (w *Worker) fail(ctx context.Context, e *ent.OutboxEmail, cause error) error {
	err := w.db.OutboxEmail.UpdateOneID(e.ID).
		SetFailedAt(w.opts.Now()).
		SetAttempts(e.Attempts + 1).
		ClearData().
		ClearLockedUntil().
		SetLastError(clip(cause.Error(), 1000)).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("mail: mark %s failed: %w", e.ID, err)
	}
	w.log.ErrorContext(ctx, "email failed for good", "email_id", e.ID, "template", e.Template,
		"attempts", e.Attempts+1, "error", cause)
	return nil
}

// backoff doubles from BaseBackoff with each attempt, up to MaxBackoff.
func (w *Worker) backoff(attempt int) time.Duration {
	d := w.opts.BaseBackoff
	for i := 1; i < attempt && d < w.opts.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.opts.MaxBackoff)
}

// Pending counts the emails not yet sent nor given up.
func (w *Worker) Pending(ctx context.Context) (int, error) {
	return w.db.OutboxEmail.Query().Where(outboxemail.SentAtIsNil(), outboxemail.FailedAtIsNil()).Count(ctx)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
