package store

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
)

// InTx runs fn in a transaction of db and commits it when fn returns nil, so a use-case
// is done entirely or not at all. What fn registers with AfterCommit runs once the
// commit succeeded, and never when fn fails or the commit does.
func InTx(ctx context.Context, db *ent.Client, fn func(tx *ent.Tx) error) error {
	tx, err := db.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
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
