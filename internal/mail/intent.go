package mail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/outboxemail"
	"github.com/accountd/accountd/internal/outbox"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/store"
)

// An intent is an outbox row that asks for an email whose content, and whether it is
// sent at all, depends on an account the request must not look at: a request keyed by
// an address (a log-in code, a reset link, a new verification link) would otherwise
// do more database work for a registered address than for an unknown one, which an
// attacker measures (account enumeration by timing). The request writes one intent,
// the same row for every address; the worker that claims it hands its data to the
// Resolver registered for its kind, which, in a transaction of its own that also
// deletes the intent, looks the account up and queues the email (or nothing).
//
// Resolution happens once: the intent is deleted under the lease of the worker that
// claimed it, in the resolver's transaction, so of two workers whose leases overlap
// (one ran past its lease) only one commits. The email it queues is an ordinary row,
// sent like any other (at least once, with retries).

// intentPrefix starts the template column of an intent; what follows is its kind.
const intentPrefix = "intent:"

// intentTo is the recipient column of an intent: the address itself is in the sealed
// data, so the outbox lists no address that may have no account.
const intentTo = "intent"

// Resolver turns the data of an intent into what it asks for, within tx: it looks the
// account up and queues the email (Queue) when there is one to send, or writes only
// what an unknown address costs. An error rolls tx back and the intent is tried again
// later, like an email that failed to send.
type Resolver func(ctx context.Context, tx *ent.Tx, data map[string]string) error

// QueueIntent writes an intent of kind with data (sealed, as email data is) within tx
// and wakes the worker once tx has committed. Every intent of a kind is the same
// statement with values of the same kinds, whatever the data says.
func QueueIntent(ctx context.Context, tx *ent.Tx, box *seal.Box, now time.Time, wake func(), kind string, data map[string]string) error {
	if kind == "" || len(intentPrefix+kind) > 64 {
		return fmt.Errorf("mail: intent kind %q", kind)
	}
	if err := insert(ctx, tx.Client(), box, now, Message{To: intentTo, Template: intentPrefix + kind, Data: data}); err != nil {
		return err
	}
	if wake != nil {
		store.AfterCommit(tx, wake)
	}
	return nil
}

// Resolve registers the resolver of the intents of kind. Call it before Run or
// RunOnce; an intent whose kind has no resolver fails for good when claimed.
func (w *Worker) Resolve(kind string, r Resolver) {
	if w.resolvers == nil {
		w.resolvers = map[string]Resolver{}
	}
	w.resolvers[kind] = r
}

// intentKind is the kind of an intent row; false for an email.
func intentKind(template string) (string, bool) {
	return strings.CutPrefix(template, intentPrefix)
}

// errLeaseLost is a resolution that found the intent no longer under its lease:
// another worker took it over, and resolves it.
var errLeaseLost = errors.New("mail: the intent's lease ended")

// resolve runs the resolver of a claimed intent. A database failure reschedules the
// intent as a failed send reschedules an email; an intent that can never be resolved
// (no resolver for its kind, data that does not open) fails for good.
func (w *Worker) resolve(ctx context.Context, e *ent.OutboxEmail, lease outbox.Lease, kind string) error {
	resolver, data, err := w.openIntent(e, kind)
	if err != nil {
		return w.recordUntil(ctx, e, lease, "failed", func(rctx context.Context) error { return w.fail(rctx, e, lease, err) })
	}
	// Like a record of a send, a resolution runs to its end when the worker stops.
	err = outbox.Record(ctx, w.opts.RecordTimeout, func(rctx context.Context) error {
		return store.InTx(rctx, w.db, func(tx *ent.Tx) error {
			n, err := tx.OutboxEmail.Delete().
				Where(outboxemail.ID(e.ID), outboxemail.LockedUntil(lease.Until)).
				Exec(rctx)
			if err != nil {
				return fmt.Errorf("mail: take intent %s: %w", e.ID, err)
			}
			if n != 1 {
				return errLeaseLost
			}
			return resolver(rctx, tx, data)
		})
	})
	switch {
	case err == nil:
		w.resolved.Add(1)
		w.log.DebugContext(ctx, "email request resolved", "email_id", e.ID, "kind", kind)
		return nil
	case errors.Is(err, errLeaseLost):
		return nil
	case e.Attempts+1 >= w.opts.MaxAttempts:
		return w.recordUntil(ctx, e, lease, "failed", func(rctx context.Context) error { return w.fail(rctx, e, lease, err) })
	default:
		return w.recordUntil(ctx, e, lease, "retry", func(rctx context.Context) error { return w.retry(rctx, e, lease, err) })
	}
}

// openIntent finds the resolver of an intent and unseals its data.
func (w *Worker) openIntent(e *ent.OutboxEmail, kind string) (Resolver, map[string]string, error) {
	resolver := w.resolvers[kind]
	if resolver == nil {
		return nil, nil, fmt.Errorf("mail: no resolver for intents of kind %q", kind)
	}
	data, err := w.data(e)
	if err != nil {
		return nil, nil, err
	}
	return resolver, data, nil
}
