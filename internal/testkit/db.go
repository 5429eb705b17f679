// Package testkit runs accountd for tests the way it runs in production: a real server
// over HTTP on a fresh database (SQLite, and PostgreSQL when ACCOUNTD_TEST_DATABASE_URL
// is set), a real SMTP listener that captures mail, and a small GraphQL client.
package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/lib/pq" // the PostgreSQL driver, for creating test databases

	"github.com/accountd/accountd/internal/store"
)

// PostgresEnv names the variable that turns on the PostgreSQL run: a URL of a server
// where the tests may create and drop databases.
const PostgresEnv = "ACCOUNTD_TEST_DATABASE_URL"

// Stores lists the stores every storage test runs on: "sqlite" always, "postgres" when
// PostgresEnv is set.
func Stores() []string {
	if os.Getenv(PostgresEnv) != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// ForEachStore runs f as a parallel subtest per store, named store=<name>.
func ForEachStore(t *testing.T, f func(t *testing.T, store string)) {
	t.Helper()
	for _, s := range Stores() {
		t.Run("store="+s, func(t *testing.T) {
			t.Parallel()
			f(t, s)
		})
	}
}

// NewDatabaseURL returns the ACCOUNTD_DATABASE_URL of a fresh, empty database of the
// given store, removed when the test ends.
func NewDatabaseURL(t testing.TB, store string) string {
	t.Helper()
	switch store {
	case "sqlite":
		return "sqlite:" + filepath.Join(t.TempDir(), "accountd.db")
	case "postgres":
		return newPostgresDatabase(t)
	}
	t.Fatalf("testkit: unknown store %q", store)
	return ""
}

func newPostgresDatabase(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Fatalf("testkit: %s is not set", PostgresEnv)
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatalf("testkit: open %s: %v", PostgresEnv, err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "accountd_test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		_ = admin.Close()
		t.Fatalf("testkit: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("testkit: drop database %s: %v", name, err)
		}
		_ = admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testkit: parse %s: %v", PostgresEnv, err)
	}
	u.Path = "/" + name
	return u.String()
}

// NewStore opens a fresh, migrated database of the given store, closed when the test
// ends: for tests of one package below the HTTP layer.
func NewStore(t testing.TB, storeName string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), NewDatabaseURL(t, storeName))
	if err != nil {
		t.Fatalf("testkit: open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatalf("testkit: migrate: %v", err)
	}
	return st
}
