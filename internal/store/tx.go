package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/accountd/accountd/ent"
)

// InTx runs fn in a transaction of db and commits it when fn returns nil, so a use-case
// is done entirely or not at all. What fn registers with AfterCommit runs once the
// commit succeeded, and never when fn fails or the commit does.
func InTx(ctx context.Context, db *ent.Client, fn func(tx *ent.Tx) error) error {
	tx, err := db.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", Cancelled(ctx, err))
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return Cancelled(ctx, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", Cancelled(ctx, err))
	}
	return nil
}

// Cancelled reports a transaction's failure as ctx's error when ctx ended: database/sql
// rolls a transaction back as soon as its context is cancelled (a client that hung up),
// and what follows fails with sql.ErrTxDone ("transaction has already been committed
// or rolled back") or a driver's own words for an interrupted statement, which would
// read as internal errors. Nothing was written: the rollback undid all of it. With ctx
// still live, err is returned as is; a fault in err stays visible to fault.As either way.
// The same holds for a statement outside a transaction (PostgreSQL's "canceling
// statement due to user request"): the store's ent driver reports its statements'
// failures so, and code running its own SQL calls Cancelled too.
func Cancelled(ctx context.Context, err error) error {
	cerr := ctx.Err()
	if err == nil || cerr == nil || errors.Is(err, cerr) {
		return err
	}
	return fmt.Errorf("%w: %w", cerr, err)
}

// AfterCommit makes tx call f once it has committed, after the data is durable (for
// example, waking the mail worker for an email queued in tx: woken earlier, it would
// not see the row yet). f runs in the committing goroutine and must not block; it is
// not called when tx rolls back or its commit fails.
func AfterCommit(tx *ent.Tx, f func()) {
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			f()
			return nil
		})
	})
}

// Found is a row read by Get, Only or First as a look-up answers it: the zero T (nil),
// without an error, when there is none; a failure of the database as "find <what>".
func Found[T any](row T, err error, what string) (T, error) {
	var none T
	if ent.IsNotFound(err) {
		return none, nil
	}
	if err != nil {
		return none, fmt.Errorf("find %s: %w", what, err)
	}
	return row, nil
}
