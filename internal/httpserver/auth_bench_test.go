package httpserver_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/httpserver"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
)

// BenchmarkAuthenticate measures the authentication middleware with each kind of
// bearer credential: one indexed lookup by the secret's SHA-256. The clock stands
// still, so last-used times are not rewritten: the steady state of a busy client.
//
//	go test -run '^$' -bench Authenticate -benchmem ./internal/httpserver
//
// prepare=false is ACCOUNTD_DATABASE_PREPARE=false, what a transaction-mode pooler
// needs; pointing ACCOUNTD_TEST_DATABASE_URL at a PgBouncer measures through it
// (BENCHMARKS.md).
func BenchmarkAuthenticate(b *testing.B) {
	for _, store := range testkit.Stores() {
		for _, prepare := range []bool{true, false} {
			srv := testkit.NewServer(b, store, func(c *config.Config) { c.DatabasePrepare = prepare })
			creds := benchCredentials(b, srv)
			h := httpserver.AuthMiddleware(srv.App.Auth, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if viewer.PrincipalFrom(r.Context()) == nil {
					w.WriteHeader(http.StatusInternalServerError)
				}
			}))
			for _, kind := range []string{"session", "api_key", "device"} {
				b.Run(fmt.Sprintf("store=%s/prepare=%t/kind=%s", store, prepare, kind), func(b *testing.B) {
					req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
					req.Header.Set("Authorization", "Bearer "+creds[kind])
					for b.Loop() {
						rec := httptest.NewRecorder()
						h.ServeHTTP(rec, req)
						if rec.Code != http.StatusOK {
							b.Fatalf("status %d: %s", rec.Code, rec.Body)
						}
					}
				})
			}
		}
	}
}

// benchCredentials writes an account with a session and an API key, and a device of
// its fleet, straight into the store and returns their secrets by kind.
func benchCredentials(b *testing.B, srv *testkit.Server) map[string]string {
	b.Helper()
	ctx, db, now := b.Context(), srv.App.Store.Client, srv.Clock.Now()
	u := db.User.Create().SetEmail("bench@example.com").SetEmailKey("bench@example.com").
		SetEmailVerifiedAt(now).SetCreatedAt(now).SaveX(ctx)
	session, sessionHash := token.New(token.Session)
	db.Session.Create().SetID("ses_bench").SetFamilyID("ses_bench").SetUserID(u.ID).
		SetTokenHash(sessionHash).SetCreatedAt(now).SetLastUsedAt(now).
		SetExpiresAt(now.Add(time.Hour)).SetAbsoluteExpiresAt(now.Add(time.Hour)).ExecX(ctx)
	key, keyHash := token.New(token.APIKey)
	db.APIKey.Create().SetUserID(u.ID).SetName("bench").SetPrefix(key[:16]).
		SetKeyHash(keyHash).SetCreatedAt(now).SetLastUsedAt(now).ExecX(ctx)
	f := db.Fleet.Create().SetOwnerID(u.ID).SetName("bench").SaveX(ctx)
	device, deviceHash := token.New(token.Device)
	db.Device.Create().SetFleetID(f.ID).SetName("bench").SetTokenHash(deviceHash).SetLastSeenAt(now).ExecX(ctx)
	return map[string]string{"session": session, "api_key": key, "device": device}
}
