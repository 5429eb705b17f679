package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/accountd/accountd/ent"
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
