package store_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
)

func openPostgres(t *testing.T, u string) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func appliedVersions(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.DB.QueryRowContext(t.Context(), `SELECT count(*) FROM goose_db_version WHERE version_id > 0`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMigrations proves the versioned migrations: they build the ent schema exactly on
// an empty database, a second run changes nothing, processes starting together apply
// them once, and a schema that drifted from ent is noticed.
func TestMigrations(t *testing.T) {
	t.Parallel()
	if os.Getenv(testkit.PostgresEnv) == "" {
		t.Skipf("versioned migrations are PostgreSQL's: set %s", testkit.PostgresEnv)
	}
	t.Run("case=empty database matches the ent schema, twice", func(t *testing.T) {
		t.Parallel()
		st := openPostgres(t, testkit.NewDatabaseURL(t, "postgres"))
		if err := st.CheckSchema(t.Context()); err != store.ErrSchemaBehind {
			t.Fatalf("CheckSchema before migrating = %v, want ErrSchemaBehind", err)
		}
		if err := st.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		if stmts, err := st.PendingSchemaChanges(t.Context()); err != nil || len(stmts) > 0 {
			t.Fatalf("after migrating, ent still wants %q (err %v): run make migration", stmts, err)
		}
		n := appliedVersions(t, st)
		if err := st.Migrate(t.Context()); err != nil {
			t.Fatalf("second run: %v", err)
		}
		if again := appliedVersions(t, st); again != n {
			t.Fatalf("second run applied %d more migrations", again-n)
		}
		if err := st.CheckSchema(t.Context()); err != nil {
			t.Fatalf("CheckSchema after migrating = %v", err)
		}
	})
	t.Run("case=processes starting at once apply each migration once", func(t *testing.T) {
		t.Parallel()
		u := testkit.NewDatabaseURL(t, "postgres")
		stores := make([]*store.Store, 4)
		for i := range stores {
			stores[i] = openPostgres(t, u)
		}
		var wg sync.WaitGroup
		errs := make([]error, len(stores))
		for i, st := range stores {
			wg.Go(func() { errs[i] = st.Migrate(context.Background()) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("process %d: %v", i, err)
			}
		}
		if stmts, err := stores[0].PendingSchemaChanges(t.Context()); err != nil || len(stmts) > 0 {
			t.Fatalf("pending %q, err %v", stmts, err)
		}
	})
	t.Run("case=drift from the ent schema is found", func(t *testing.T) {
		t.Parallel()
		st := openPostgres(t, testkit.NewDatabaseURL(t, "postgres"))
		if err := st.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB.ExecContext(t.Context(), `ALTER TABLE users DROP COLUMN company`); err != nil {
			t.Fatal(err)
		}
		stmts, err := st.PendingSchemaChanges(t.Context())
		if err != nil || len(stmts) != 1 || !strings.Contains(stmts[0], `ADD COLUMN "company"`) {
			t.Fatalf("pending = %q, err %v; want the missing column back", stmts, err)
		}
	})
}
