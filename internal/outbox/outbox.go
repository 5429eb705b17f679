// Package outbox holds what accountd's transactional outboxes (email in internal/mail,
// webhooks in internal/webhook) share: the lease a worker takes on a row so that only
// one process delivers it at a time, the recording of a delivery's result within that
// lease, the backoff between tries, and times as the database keeps them; the
// conditions of a row that is due and the conditional UPDATE that claims it, over the
// columns both tables share. Each outbox keeps its own table and delivery; the rules
// live here once.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"entgo.io/ent/dialect/sql"
)

// DBTime is t as an outbox stores it: UTC, because SQLite keeps times as text and
// compares them as text, which orders them only when they share one offset; and whole
// microseconds, what PostgreSQL keeps, so a time read back equals the one written.
func DBTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// MinLease is the shortest lease that lets a delivery of sendTimeout end and its
// result be recorded (two tries of recordTimeout) before the lease does, so nobody
// else may deliver the same row while a delivery is still under way.
func MinLease(sendTimeout, recordTimeout time.Duration) time.Duration {
	return sendTimeout + 2*recordTimeout
}

// The columns every outbox table has (ent/schema): a row is given up on when
// failed_at is set, is tried again from next_attempt_at, and is leased to a worker
// until locked_until.
const (
	columnFailedAt      = "failed_at"
	columnNextAttemptAt = "next_attempt_at"
	columnLockedUntil   = "locked_until"
)

// Due are the conditions of a row a worker may take, as predicates P of the outbox's
// table, whose doneColumn is set once the row is delivered: not delivered, not given
// up, its time has come by cutoff, and nobody holds a live lease on it at now.
func Due[P ~func(*sql.Selector)](doneColumn string, cutoff, now time.Time) []P {
	return []P{
		P(sql.FieldIsNull(doneColumn)),
		P(sql.FieldIsNull(columnFailedAt)),
		P(sql.FieldLTE(columnNextAttemptAt, cutoff)),
		P(sql.OrPredicates(sql.FieldIsNull(columnLockedUntil), sql.FieldLT(columnLockedUntil, now))),
	}
}

// Claim takes the row id with a lease of d taken at now, by update: one conditional
// UPDATE that sets locked_until to until where the row is still Due (between the query
// that found the row and this, another worker may have delivered, rescheduled or
// leased it; whichever UPDATE the database applies first wins, the other matches no
// row), reporting the rows it changed. Then load reads the claimed row. It returns the
// zero T when another worker had the row first; its errors, prefixed with what ("mail",
// "webhook"), are the database's.
func Claim[T any](ctx context.Context, what, id string, now time.Time, d time.Duration,
	update func(ctx context.Context, until time.Time) (int, error),
	load func(ctx context.Context, id string) (T, error),
) (T, Lease, error) {
	var none T
	lease := NewLease(now, d)
	n, err := update(ctx, lease.Until)
	if err != nil {
		return none, lease, fmt.Errorf("%s: claim %s: %w", what, id, err)
	}
	if n != 1 {
		return none, lease, nil
	}
	row, err := load(ctx, id)
	if err != nil {
		return none, lease, fmt.Errorf("%s: load %s: %w", what, id, err)
	}
	return row, lease, nil
}

// Lease is a claim a worker holds on a row: Until is the row's locked_until as the
// claim wrote it (by the service's clock), which also tells this claim from a later
// one by another worker; Ends is the moment, on this process's monotonic clock, until
// which the worker may still record a result.
type Lease struct {
	Until time.Time
	Ends  time.Time
}

// NewLease is a lease of d taken at now (the service's clock, as the database sees it).
func NewLease(now time.Time, d time.Duration) Lease {
	return Lease{Until: DBTime(now.Add(d)), Ends: time.Now().Add(d)}
}

// Record runs write, one record of a delivery's result, under a deadline of its own
// that starts now, and runs it even when ctx is done (the worker is stopping): a
// result that went unrecorded only leaves the lease to end.
func Record(ctx context.Context, timeout time.Duration, write func(ctx context.Context) error) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	return write(rctx)
}

// RecordUntil runs write (see Record) and retries it, each time with a fresh timeout,
// until it commits or the lease is too close to its end for another try; when ctx is
// done it gets one try. retrying, when set, is told of each failed try that will be
// tried again. It returns how many tries it took. For a row that was delivered this is
// what decides whether it is delivered again; for one that was not, a lost record only
// means it is tried again when the lease ends, without the try counted.
func RecordUntil(ctx context.Context, lease Lease, timeout time.Duration, write func(ctx context.Context) error, retrying func(try int, err error)) (int, error) {
	wait := 50 * time.Millisecond
	for try := 1; ; try++ {
		err := Record(ctx, timeout, write)
		if err == nil {
			return try, nil
		}
		left := time.Until(lease.Ends)
		if ctx.Err() != nil || left <= timeout {
			return try, err
		}
		if retrying != nil {
			retrying(try, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(min(wait, left-timeout)):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// Backoff is the wait before the next try after a failure: Base after the first,
// doubled with each further failure up to Max. With Jitter the wait is drawn at random
// between half of that and all of it ("equal jitter"), so the many rows that failed
// together (a receiver that was down) do not all come back at the same moment.
type Backoff struct {
	Base, Max time.Duration
	Jitter    bool
}

// After is the wait after the attempt-th failure (1 for the first).
func (b Backoff) After(attempt int) time.Duration {
	d := b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	if b.Jitter && d > 1 {
		half := d / 2
		d = half + rand.N(d-half+1) //nolint:gosec // spreading retries in time, not a secret
	}
	return d
}

// InFlight is the set of rows a worker is delivering now. A worker's pass leaves them
// alone even when their lease has ended by the clock (a step of the wall clock, a slow
// database): the delivery under way decides, so one worker never delivers one row
// twice at once.
type InFlight struct {
	mu  sync.Mutex
	ids map[string]struct{}
}

// Add marks id as being delivered.
func (s *InFlight) Add(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids == nil {
		s.ids = map[string]struct{}{}
	}
	s.ids[id] = struct{}{}
}

// Go delivers one claimed row in a goroutine counted in wg, with id in the set until
// deliver returns; then release gives back what the row held (a sender, an endpoint's
// slot). A row delivered adds one to done (when not nil); deliver's error, the
// database's, goes to errs.
func (s *InFlight) Go(wg *sync.WaitGroup, id string, done *atomic.Int64, errs *Errors, release func(), deliver func() (bool, error)) {
	s.Add(id)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer release()
		defer s.Remove(id)
		ok, err := deliver()
		if err != nil {
			errs.Add(err)
		}
		if ok && done != nil {
			done.Add(1)
		}
	}()
}

// Remove marks id as no longer being delivered.
func (s *InFlight) Remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.ids, id)
}

// IDs returns the ids being delivered now.
func (s *InFlight) IDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.ids))
	for id := range s.ids {
		ids = append(ids, id)
	}
	return ids
}

// Errors collects the database errors of deliveries running in their own goroutines,
// for the pass that started them to report.
type Errors struct {
	mu   sync.Mutex
	errs []error
}

// Add keeps err.
func (p *Errors) Add(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.errs = append(p.errs, err)
}

// Take returns the errors kept so far, joined, and forgets them.
func (p *Errors) Take() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	err := errors.Join(p.errs...)
	p.errs = nil
	return err
}

// MaxErrorLen is the limit of an outbox's last_error column.
const MaxErrorLen = 1000

// LastError is cause as an outbox's last_error column keeps it.
func LastError(cause error) string { return Clip(cause.Error(), MaxErrorLen) }

// Clip cuts s to at most n bytes without splitting a UTF-8 sequence.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Pass is one pass of a worker over its outbox: it claims what is due by cutoff and
// works each claimed row in a goroutine counted in wg, adding one to done (when not
// nil) per row delivered and the failures of those goroutines to errs. It returns
// once everything due is claimed, by this worker or another; its error is for the
// database failing.
type Pass func(ctx context.Context, cutoff time.Time, wg *sync.WaitGroup, done *atomic.Int64, errs *Errors) error

// Waker makes a running Loop pass now rather than at its next tick; a worker's Wake.
type Waker chan struct{}

// NewWaker returns a Waker that holds one pending wake-up: many wakes before the
// next pass make one pass.
func NewWaker() Waker { return make(Waker, 1) }

// Wake asks for a pass; it never blocks.
func (w Waker) Wake() {
	select {
	case w <- struct{}{}:
	default:
	}
}

// Loop runs pass until ctx is done: at once, then at every tick of every and every
// time wake fires. A pass does not wait for the rows it started (they stay counted in
// running, which the caller waits for when it stops), so one slow row never holds the
// outbox. Failures are logged as "<what> outbox pass failed".
func Loop(ctx context.Context, every time.Duration, wake <-chan struct{}, now func() time.Time, running *sync.WaitGroup, pass Pass, log *slog.Logger, what string) {
	t := time.NewTicker(every)
	defer t.Stop()
	var errs Errors
	for {
		if err := errors.Join(pass(ctx, now(), running, nil, &errs), errs.Take()); err != nil && ctx.Err() == nil {
			log.WarnContext(ctx, what+" outbox pass failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
	}
}

// Once runs one pass of what is due now, waits for the rows it started and reports
// how many were delivered.
func Once(ctx context.Context, now time.Time, pass Pass) (int, error) {
	var (
		wg    sync.WaitGroup
		count atomic.Int64
		errs  Errors
	)
	err := pass(ctx, now, &wg, &count, &errs)
	wg.Wait()
	return int(count.Load()), errors.Join(err, errs.Take())
}
