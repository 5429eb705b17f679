package account_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/testkit"
	viewerpkg "github.com/accountd/accountd/internal/viewer"
)

// TestAuthenticationReadsTheAccount: the one query that authenticates a session or an
// API key also reads the account, and what it read is the account's row, every column,
// as a query of its own reads it (on both stores, with nullable columns set and unset).
func TestAuthenticationReadsTheAccount(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ctx := context.Background()
		accounts := srv.App.Accounts
		sessionToken := newAccount(t, srv, "Ada.Lovelace@Example.com")
		c := clientWithFreshLogIn(t, srv, "Ada.Lovelace@Example.com")
		var out struct {
			UpdateProfile struct{ UserErrors []userError }
		}
		c.Do(`mutation { updateProfile(input: {name: "Ada L.", company: "Engines"}) { userErrors { code } } }`, nil, &out)
		wantCodes(t, out.UpdateProfile.UserErrors)
		apiKey, _ := mustCreateAPIKey(t, c, map[string]any{"name": "ci"})

		fresh, err := accounts.DB.User.Query().Only(ctx)
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
			v, err := accounts.Authenticate(ctx, tc.secret)
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
			if _, err := srv.App.Accounts.Authenticate(ctx, sessionToken); err != nil {
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
			v, err := srv.App.Accounts.Authenticate(ctx, sessionToken)
			if err != nil || v.User == nil || v.User.Email != "mig@example.com" {
				t.Fatalf("authentication %d after the migration: %+v, %v", i+1, v, err)
			}
		}
	})
}
