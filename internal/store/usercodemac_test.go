package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/migrations"
)

// upTo applies the PostgreSQL migrations up to version on st and returns the provider,
// for a test to write rows as an older binary did, then migrate (or go down).
func upTo(t *testing.T, st *store.Store, version int64) *goose.Provider {
	t.Helper()
	p, err := goose.NewProvider(goose.DialectPostgres, st.DB, migrations.Postgres(),
		goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(migrations.Go()...))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(context.Background(), version); err != nil {
		t.Fatal(err)
	}
	return p
}

// olderPostgres is a fresh PostgreSQL database migrated up to version only, as an older
// binary left it, and the migration provider to go down again with.
func olderPostgres(t *testing.T, version int64) (*store.Store, *goose.Provider) {
	t.Helper()
	st := openPostgres(t, testkit.NewDatabaseURL(t, "postgres"))
	return st, upTo(t, st, version)
}

// migrate runs the store's migrations (and on SQLite its start-up steps), failing the
// test on error.
func migrate(t *testing.T, st *store.Store) {
	t.Helper()
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// beforeUserCodeMACs is the last migration that stored user codes as SHA-256.
const beforeUserCodeMACs = 20261130144810

// legacyDeviceAuthorizations writes what an older binary kept: a pending and an
// approved request, their user codes as plain SHA-256 in user_code_hash. It returns
// the SHA-256 of the approved request's code.
func legacyDeviceAuthorizations(t *testing.T, st *store.Store) []byte {
	t.Helper()
	now := time.Now().UTC()
	exec(t, st, `INSERT INTO users (id, created_at, email, email_key) VALUES (?, ?, ?, ?)`, "usr_01JAPPROVER0000000000000", now, "ada@example.com", "ada@example.com")
	row := func(id, code, status string, userID any) []byte {
		_, deviceHash := token.New(token.DeviceCode)
		codeHash := token.Hash("user-code:" + code)
		exec(t, st, `INSERT INTO device_authorizations (id, created_at, device_code_hash, user_code_hash, client_id, status, interval, next_poll_at, expires_at, user_id)
			VALUES (?, ?, ?, ?, 'accountd-cli', ?, 5, ?, ?, ?)`, id, now, deviceHash, codeHash, status, now, now.Add(10*time.Minute), userID)
		return codeHash
	}
	row("dva_01JPENDING00000000000000", "BCDFGHJK", "pending", nil)
	return row("dva_01JAPPROVED0000000000000", "LMNPQRST", "approved", "usr_01JAPPROVER0000000000000")
}

// checkUserCodeMACs proves the move: the pending request is gone, the approved one is
// kept (its client still collects its key) without its code's SHA-256, and ent reads
// the table through the new column.
func checkUserCodeMACs(t *testing.T, st *store.Store, approvedHash []byte) {
	t.Helper()
	rows, err := st.Client.DeviceAuthorization.Query().All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].ID != "dva_01JAPPROVED0000000000000" || rows[0].UserID == nil {
		t.Fatalf("device authorizations after the move = %+v, want only the approved one", rows)
	}
	if len(rows[0].UserCodeMAC) != 32 || bytes.Equal(rows[0].UserCodeMAC, approvedHash) {
		t.Fatalf("the approved request keeps %x, its code's SHA-256 %x", rows[0].UserCodeMAC, approvedHash)
	}
}

// TestUserCodesMoveToMACs: an older database's device authorizations, user codes
// stored as SHA-256, are moved to the MAC column by the PostgreSQL migration (and back
// by its down) and by the SQLite start-up alike; pending requests are deleted.
func TestUserCodesMoveToMACs(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		ctx := context.Background()
		switch storeName {
		case "postgres":
			st, p := olderPostgres(t, beforeUserCodeMACs)
			approved := legacyDeviceAuthorizations(t, st)
			migrate(t, st)
			checkUserCodeMACs(t, st, approved)
			if stmts, err := st.PendingSchemaChanges(ctx); err != nil || len(stmts) > 0 {
				t.Fatalf("after the move, ent still wants %q (err %v)", stmts, err)
			}
			// Down renames the column back; up again moves nothing more.
			if _, err := p.DownTo(ctx, beforeUserCodeMACs); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM device_authorizations WHERE user_code_hash IS NOT NULL`).Scan(&n); err != nil || n != 1 {
				t.Fatalf("after down: %d rows with user_code_hash (err %v), want 1", n, err)
			}
			migrate(t, st)
			if n := st.Client.DeviceAuthorization.Query().CountX(ctx); n != 1 {
				t.Fatalf("%d device authorizations after down and up, want 1", n)
			}
		case "sqlite":
			st := testkit.NewStore(t, "sqlite")
			// Put the table back in the shape an older binary made.
			exec(t, st, `DROP INDEX device_authorizations_user_code_mac_key`)
			exec(t, st, `ALTER TABLE device_authorizations RENAME COLUMN user_code_mac TO user_code_hash`)
			exec(t, st, `CREATE UNIQUE INDEX device_authorizations_user_code_hash_key ON device_authorizations (user_code_hash)`)
			approved := legacyDeviceAuthorizations(t, st)
			migrate(t, st)
			checkUserCodeMACs(t, st, approved)
			var n int
			if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'device_authorizations_user_code_%'`).Scan(&n); err != nil || n != 1 {
				t.Fatalf("%d user-code indexes (err %v), want the MAC's only", n, err)
			}
			migrate(t, st) // nothing left to move
			checkUserCodeMACs(t, st, approved)
		}
	})
}
