package account_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
	viewerpkg "github.com/accountd/accountd/internal/viewer"
)

// TestAuthenticationReadsTheAccount: the one query that authenticates a session or an
// API key also reads the account, and what it read is the account's row, every column,
// as a query of its own reads it (on both stores, with nullable columns set and unset).
func TestAuthenticationReadsTheAccount(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		ctx := context.Background()
		authn := srv.App.Auth
		sessionToken := newAccount(t, srv, "Ada.Lovelace@Example.com")
		c := clientWithFreshLogIn(t, srv, "Ada.Lovelace@Example.com")
		var out struct {
			UpdateProfile struct{ UserErrors []userError }
		}
		c.Do(`mutation { updateProfile(input: {name: "Ada L.", company: "Engines"}) { userErrors { code } } }`, nil, &out)
		wantCodes(t, out.UpdateProfile.UserErrors)
		apiKey, _ := mustCreateAPIKey(t, c, map[string]any{"name": "ci"})

		fresh, err := srv.App.Store.Client.User.Query().Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if fresh.PasswordHash == nil || fresh.EmailVerifiedAt == nil || fresh.Name == "" || fresh.Email == fresh.EmailKey {
			t.Fatalf("the account lacks the columns this test compares: %+v", fresh)
		}
		same := cmp.Options{cmpopts.IgnoreUnexported(ent.User{}), cmpopts.IgnoreFields(ent.User{}, "Edges"),
			cmpopts.EquateApproxTime(time.Microsecond)}
		for _, tc := range []struct {
			name, secret string
			kind         viewerpkg.Kind
		}{{"session", sessionToken, viewerpkg.SessionToken}, {"api key", apiKey, viewerpkg.APIKey}} {
			v, err := authn.Authenticate(ctx, tc.secret)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if v.Kind != tc.kind || v.UserID != fresh.ID || v.CredentialID == "" || v.User == nil {
				t.Fatalf("%s: viewer %+v", tc.name, v)
			}
			if d := cmp.Diff(fresh, v.User, same); d != "" {
				t.Errorf("%s: the account read with the credential differs (-own query +with credential):\n%s", tc.name, d)
			}
		}
	})
}

// TestAuthenticationAfterMigration: a migration that changes a column the prepared
// credential query reads does not break authentication on the connections that
// prepared it before (PostgreSQL refuses such a statement: "cached plan must not change
// result type"); the statement is prepared again.
func TestAuthenticationAfterMigration(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ctx := context.Background()
		sessionToken := newAccount(t, srv, "mig@example.com")
		// Use the statement on several pooled connections.
		for range 8 {
			if _, err := srv.App.Auth.Authenticate(ctx, sessionToken); err != nil {
				t.Fatal(err)
			}
		}
		change := `ALTER TABLE users ALTER COLUMN company TYPE text`
		if store == "sqlite" { // SQLite cannot change a type; it re-prepares by itself anyway
			change = `ALTER TABLE users ADD COLUMN migrated_later text`
		}
		if _, err := srv.App.Store.DB.ExecContext(ctx, change); err != nil {
			t.Fatal(err)
		}
		for i := range 8 {
			v, err := srv.App.Auth.Authenticate(ctx, sessionToken)
			if err != nil || v.User == nil || v.User.Email != "mig@example.com" {
				t.Fatalf("authentication %d after the migration: %+v, %v", i+1, v, err)
			}
		}
	})
}

// TestAuthenticationUnprepared: with ACCOUNTD_DATABASE_PREPARE=false (behind a
// transaction-mode pooler) credentials are read with unnamed statements: nothing is
// left prepared on the server, and authentication works as before.
func TestAuthenticationUnprepared(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, func(c *config.Config) { c.DatabasePrepare = false })
		ctx := context.Background()
		sessionToken := newAccount(t, srv, "unprepared@example.com")
		for i := range 4 {
			v, err := srv.App.Auth.Authenticate(ctx, sessionToken)
			if err != nil || v.User == nil || v.User.Email != "unprepared@example.com" {
				t.Fatalf("authentication %d: %+v, %v", i+1, v, err)
			}
		}
		if store != "postgres" {
			return
		}
		// One connection, so the query below sees the session that authenticated.
		db := srv.App.Store.DB
		db.SetMaxOpenConns(1)
		if _, err := srv.App.Auth.Authenticate(ctx, sessionToken); err != nil {
			t.Fatal(err)
		}
		var prepared int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_prepared_statements`).Scan(&prepared); err != nil {
			t.Fatal(err)
		}
		if prepared != 0 {
			t.Fatalf("%d statements prepared on the connection, want none", prepared)
		}
	})
}

// TestPreparedStatementGoneIsNoticed: when a statement prepared on a connection is gone
// from its server session (what a transaction-mode pooler does), authentication still
// answers, and accountd switches to unprepared statements and says so in its log.
func TestPreparedStatementGoneIsNoticed(t *testing.T) {
	t.Parallel()
	if os.Getenv(testkit.PostgresEnv) == "" {
		t.Skipf("prepared statements per server session are PostgreSQL's: set %s", testkit.PostgresEnv)
	}
	srv := testkit.NewServer(t, "postgres")
	ctx := context.Background()
	sessionToken := newAccount(t, srv, "pooled@example.com")
	db := srv.App.Store.DB
	db.SetMaxOpenConns(1) // the DEALLOCATE below reaches the session that prepared
	if _, err := srv.App.Auth.Authenticate(ctx, sessionToken); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `DEALLOCATE ALL`); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		v, err := srv.App.Auth.Authenticate(ctx, sessionToken)
		if err != nil || v.User == nil || v.User.Email != "pooled@example.com" {
			t.Fatalf("authentication %d after the statement went: %+v, %v", i+1, v, err)
		}
	}
	if n := strings.Count(srv.Logs.String(), "set ACCOUNTD_DATABASE_PREPARE=false"); n != 1 {
		t.Fatalf("the switch to unprepared statements was logged %d times, want once:\n%s", n, srv.Logs)
	}
	var prepared int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_prepared_statements`).Scan(&prepared); err != nil {
		t.Fatal(err)
	}
	if prepared != 0 {
		t.Fatalf("%d statements prepared again after the switch, want none", prepared)
	}
}
