package httpserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/email"
	"github.com/accountd/accountd/internal/testkit"
)

// logInMutation is a password log-in as the console sends it.
const logInMutation = `{"query":"mutation($email: String!, $password: String!) { logIn(input: {email: $email, password: $password}) { token expiresAt user { id email } userErrors { code message } } }",` +
	`"variables":{"email":"login-bench@example.com","password":"correct horse battery staple 42"}}`

// BenchmarkLogIn measures a whole successful logIn mutation through accountd's handler
// (every middleware, the admission gate, gqlgen, the attempt's count, the hash, the
// session's transaction, the JSON answer), with the test servers' cheap hashing
// (64 KiB, one pass): what a log-in costs around the hash. allocs/op is the figure to
// watch; the hash's own cost is BenchmarkVerifyDefault's in internal/password.
//
//	go test -run '^$' -bench LogIn -benchmem -benchtime 200x ./internal/httpserver
func BenchmarkLogIn(b *testing.B) {
	for _, store := range testkit.Stores() {
		srv := testkit.NewServer(b, store)
		ctx, db, now := b.Context(), srv.App.Store.Client, srv.Clock.Now()
		const addr = "login-bench@example.com"
		phc, err := srv.App.Hasher.Hash(ctx, "correct horse battery staple 42")
		if err != nil {
			b.Fatal(err)
		}
		db.User.Create().SetEmail(addr).SetEmailKey(email.Key(addr)).SetPasswordHash(phc).
			SetPasswordChangedAt(now).SetEmailVerifiedAt(now).SetCreatedAt(now).ExecX(ctx)
		h := srv.App.Handler
		b.Run("store="+store, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(logInMutation))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"token":"acd_sess_`) {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
