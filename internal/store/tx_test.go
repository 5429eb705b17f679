package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/outboxemail"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
)

// TestInTx: an after-commit hook runs once the transaction's writes are visible to
// others, and never when the transaction rolls back.
func TestInTx(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		st := testkit.NewStore(t, storeName)
		ctx := t.Context()
		insert := func(tx *ent.Tx, id string) error {
			now := time.Now().UTC().Truncate(time.Microsecond)
			return tx.OutboxEmail.Create().SetID(id).SetTo("a@example.com").SetTemplate("t").
				SetNextAttemptAt(now).SetCreatedAt(now).Exec(ctx)
		}
		t.Run("case=hook runs after the commit and sees the row", func(t *testing.T) {
			var seen []bool
			err := store.InTx(ctx, st.Client, func(tx *ent.Tx) error {
				store.AfterCommit(tx, func() {
					n, err := st.Client.OutboxEmail.Query().Count(ctx) // another connection
					seen = append(seen, err == nil && n == 1)
				})
				return insert(tx, "eml_committed")
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(seen) != 1 || !seen[0] {
				t.Fatalf("hook calls %v, want one that saw the committed row", seen)
			}
		})
		t.Run("case=no hook when fn fails, nothing written", func(t *testing.T) {
			called := false
			boom := errors.New("boom")
			err := store.InTx(ctx, st.Client, func(tx *ent.Tx) error {
				store.AfterCommit(tx, func() { called = true })
				if err := insert(tx, "eml_rolledback"); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("err = %v, want fn's error", err)
			}
			if called {
				t.Error("the hook ran for a transaction that rolled back")
			}
			if n, _ := st.Client.OutboxEmail.Query().Count(ctx); n != 1 {
				t.Errorf("%d rows, want only the committed one", n)
			}
		})
	})
}

// TestInTxCancelled: a client that hangs up cancels the request's context; database/sql
// then rolls the transaction back, and InTx reports context.Canceled (not "commit: sql:
// transaction has already been committed or rolled back", an internal error), whether
// the context ends before the write, after it or just before the commit. Nothing of
// the transaction remains.
func TestInTxCancelled(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		st := testkit.NewStore(t, storeName)
		for _, step := range []string{"before the insert", "after the insert", "before the commit"} {
			t.Run("step="+step, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				id := "eml_cancel_" + strings.ReplaceAll(step, " ", "_")
				err := store.InTx(ctx, st.Client, func(tx *ent.Tx) error {
					if step == "before the insert" {
						cancel()
					}
					now := time.Now().UTC().Truncate(time.Microsecond)
					if err := tx.OutboxEmail.Create().SetID(id).SetTo("a@example.com").SetTemplate("t").
						SetNextAttemptAt(now).SetCreatedAt(now).Exec(ctx); err != nil {
						return err
					}
					if step == "after the insert" {
						cancel()
						// The rollback database/sql starts on cancellation runs in its own
						// goroutine: the next statement sees either it or the cancelled ctx.
						_, _ = tx.OutboxEmail.Query().Count(ctx)
					}
					if step == "before the commit" {
						cancel()
					}
					return nil
				})
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("err = %v, want context.Canceled", err)
				}
				if n := st.Client.OutboxEmail.Query().Where(outboxemail.ID(id)).CountX(t.Context()); n != 0 {
					t.Fatalf("%d rows of the cancelled transaction remain", n)
				}
			})
		}
	})
}
