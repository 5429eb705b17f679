// Command seed fills a load-test database directly through ent, fast: verified
// accounts that share one precomputed argon2id hash of the configured parameters, the
// sessions and API keys of the viewer scenarios, and accounts with two-factor
// authentication on. It is for the load test only (loadtest/run), never for a database
// that serves people: every account has the same, published password.
//
//	go run ./loadtest/seed -database-url postgres://... -accounts 1000 -out creds.json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/email"
	"github.com/accountd/accountd/internal/password"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/token"
)

// Password is every seeded account's password.
const Password = "correct horse battery staple 42"

// Credentials are what the scenarios need, written as JSON to -out.
type Credentials struct {
	Password      string `json:"password"`
	Accounts      int    `json:"accounts"`       // load0..load{n-1}@example.com
	TwoFactor     int    `json:"two_factor"`     // load2fa0..@example.com
	SessionToken  string `json:"session_token"`  // a bearer session of load0
	CookieSession string `json:"cookie_session"` // another session of load0, sent as the cookie
	APIKey        string `json:"api_key"`        // an API key of load0
}

// AccountEmail is the address of the i-th seeded account.
func AccountEmail(i int) string { return fmt.Sprintf("load%d@example.com", i) }

func main() {
	dbURL := flag.String("database-url", os.Getenv("ACCOUNTD_DATABASE_URL"), "ACCOUNTD_DATABASE_URL of the load-test database")
	accounts := flag.Int("accounts", 1000, "how many accounts there are after seeding (existing ones are kept)")
	twoFactor := flag.Int("two-factor", 100, "accounts with two-factor authentication on")
	out := flag.String("out", "", "write the credentials here as JSON (with -credentials only on the first run)")
	memory := flag.Uint("argon2-memory-kib", 19456, "ACCOUNTD_ARGON2_MEMORY_KIB of the server")
	iterations := flag.Uint("argon2-iterations", 2, "ACCOUNTD_ARGON2_ITERATIONS of the server")
	parallelism := flag.Uint("argon2-parallelism", 1, "ACCOUNTD_ARGON2_PARALLELISM of the server")
	flag.Parse()
	ctx := context.Background()
	st, err := store.Open(ctx, *dbURL)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	// The server's parameters, so that a log-in neither rehashes nor costs otherwise.
	h := password.NewHasher(password.Params{
		MemoryKiB: uint32(*memory), Iterations: uint32(*iterations), Parallelism: uint8(*parallelism),
		SaltLength: 16, KeyLength: 32,
	}, 1)
	phc, err := h.Hash(ctx, Password)
	if err != nil {
		log.Fatal(err)
	}
	start := time.Now()
	added, err := seedAccounts(ctx, st.Client, "load%d@example.com", *accounts, phc, false)
	if err != nil {
		log.Fatal(err)
	}
	added2fa, err := seedAccounts(ctx, st.Client, "load2fa%d@example.com", *twoFactor, phc, true)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("seeded %d accounts and %d with two-factor in %s", added, added2fa, time.Since(start).Round(time.Millisecond))
	if *out == "" {
		return
	}
	c := Credentials{Password: Password, Accounts: *accounts, TwoFactor: *twoFactor}
	owner, err := st.Client.User.Query().Where(user.EmailKey(email.Key(AccountEmail(0)))).Only(ctx)
	if err != nil {
		log.Fatal(err)
	}
	if c.SessionToken, err = newSession(ctx, st.Client, owner.ID); err != nil {
		log.Fatal(err)
	}
	if c.CookieSession, err = newSession(ctx, st.Client, owner.ID); err != nil {
		log.Fatal(err)
	}
	key, keyHash := token.New(token.APIKey)
	now := time.Now().UTC()
	if err := st.Client.APIKey.Create().SetUserID(owner.ID).SetName("load test").SetPrefix(key[:16]).
		SetKeyHash(keyHash).SetCreatedAt(now).SetLastUsedAt(now).Exec(ctx); err != nil {
		log.Fatal(err)
	}
	c.APIKey = key
	b, _ := json.MarshalIndent(c, "", "  ")
	if err := os.WriteFile(*out, b, 0o600); err != nil {
		log.Fatal(err)
	}
}

// seedAccounts makes accounts format%d up to n (those that exist are kept), verified,
// all with the hash phc, in batches of one multi-row INSERT each.
func seedAccounts(ctx context.Context, db *ent.Client, format string, n int, phc string, twoFactor bool) (int, error) {
	const batch = 1000
	added := 0
	now := time.Now().UTC().Truncate(time.Microsecond)
	for from := 0; from < n; from += batch {
		to := min(from+batch, n)
		var creates []*ent.UserCreate
		keys := make([]string, 0, to-from)
		for i := from; i < to; i++ {
			keys = append(keys, email.Key(fmt.Sprintf(format, i)))
		}
		existing, err := db.User.Query().Where(user.EmailKeyIn(keys...)).Select(user.FieldEmailKey).Strings(ctx)
		if err != nil {
			return added, err
		}
		have := make(map[string]bool, len(existing))
		for _, k := range existing {
			have[k] = true
		}
		for i := from; i < to; i++ {
			addr := fmt.Sprintf(format, i)
			if have[email.Key(addr)] {
				continue
			}
			creates = append(creates, db.User.Create().SetEmail(addr).SetEmailKey(email.Key(addr)).
				SetEmailVerifiedAt(now).SetPasswordHash(phc).SetPasswordChangedAt(now).
				SetTermsAcceptedAt(now).SetCreatedAt(now))
		}
		if len(creates) == 0 {
			continue
		}
		users, err := db.User.CreateBulk(creates...).Save(ctx)
		if err != nil {
			return added, fmt.Errorf("insert accounts: %w", err)
		}
		added += len(users)
		if !twoFactor {
			continue
		}
		totps := make([]*ent.TOTPCreate, len(users))
		for i, u := range users {
			// Log-in only asks whether a confirmed TOTP exists; the load test never
			// checks a code, so the secret is a placeholder that opens to nothing.
			totps[i] = db.TOTP.Create().SetUserID(u.ID).SetSecretSealed([]byte("load-test placeholder")).SetConfirmedAt(now)
		}
		if err := db.TOTP.CreateBulk(totps...).Exec(ctx); err != nil {
			return added, fmt.Errorf("insert two-factor: %w", err)
		}
	}
	return added, nil
}

// newSession writes a 7-day session of the user and returns its token.
func newSession(ctx context.Context, db *ent.Client, userID string) (string, error) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	secret, hash := token.New(token.Session)
	id := session.DefaultID()
	err := db.Session.Create().SetID(id).SetFamilyID(id).SetUserID(userID).SetTokenHash(hash).
		SetCreatedAt(now).SetLastUsedAt(now).SetAuthenticatedAt(now).
		SetExpiresAt(now.Add(7 * 24 * time.Hour)).SetAbsoluteExpiresAt(now.Add(30 * 24 * time.Hour)).
		Exec(ctx)
	return secret, err
}
