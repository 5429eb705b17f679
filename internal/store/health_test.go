package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
)

// TestReadyWhenWritesFail: a database that answers but refuses every write for lack
// of storage (SQLite on a full disk, simulated with max_page_count; PostgreSQL made
// read-only) is not ready; once writes work again, it is.
func TestReadyWhenWritesFail(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		dbURL := testkit.NewDatabaseURL(t, storeName)
		st, err := store.Open(t.Context(), dbURL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		if err := st.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		ctx := t.Context()
		if err := st.Ready(ctx); err != nil {
			t.Fatalf("a healthy database is not ready: %v", err)
		}
		var block, unblock func()
		switch storeName {
		case "sqlite":
			// One connection, so the page limit (a per-connection setting) holds for
			// every statement: the database cannot grow, as on a full disk.
			st.DB.SetMaxOpenConns(1)
			block = func() {
				var pages int
				if err := st.DB.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
					t.Fatal(err)
				}
				if _, err := st.DB.ExecContext(ctx, `PRAGMA max_page_count = `+strconv.Itoa(pages)); err != nil {
					t.Fatal(err)
				}
			}
			unblock = func() {
				if _, err := st.DB.ExecContext(ctx, `PRAGMA max_page_count = 1073741823`); err != nil {
					t.Fatal(err)
				}
			}
		case "postgres":
			admin, err := sql.Open("postgres", os.Getenv(testkit.PostgresEnv))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = admin.Close() })
			u, _ := url.Parse(dbURL)
			name := strings.TrimPrefix(u.Path, "/")
			st.DB.SetMaxIdleConns(0) // each statement on a new connection, which reads the setting
			block = func() {
				if _, err := admin.ExecContext(ctx, `ALTER DATABASE `+name+` SET default_transaction_read_only = on`); err != nil {
					t.Fatal(err)
				}
			}
			unblock = func() {
				if _, err := admin.ExecContext(ctx, `ALTER DATABASE `+name+` RESET default_transaction_read_only`); err != nil {
					t.Fatal(err)
				}
			}
		}
		block()
		now := time.Now().UTC().Truncate(time.Microsecond)
		err = st.Client.OutboxEmail.Create().SetID("eml_full").SetTo("a@example.com").SetTemplate("t").
			SetData(bytes.Repeat([]byte{7}, 256<<10)).SetNextAttemptAt(now).SetCreatedAt(now).Exec(ctx)
		if err == nil {
			t.Fatal("the write succeeded on a database that cannot take it")
		}
		t.Logf("the write failed: %T %v", err, err)
		if err := st.Ping(ctx); err != nil {
			t.Fatalf("ping failed too (%v): the test means a database that answers", err)
		}
		if err := st.Ready(ctx); err == nil {
			t.Fatalf("ready while writes fail (%v)", err)
		}
		unblock()
		if err := st.Ready(context.Background()); err != nil {
			t.Fatalf("not ready once writes work again: %v", err)
		}
	})
}
