package httpserver_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/httpserver"
	"github.com/accountd/accountd/internal/testkit"
)

// viewerQuery is what clients send most: who am I.
const viewerQuery = `{"query":"{ viewer { id email } }"}`

// BenchmarkViewerQuery measures the whole /graphql handler (request id, security
// headers, metrics, CORS, CSRF, body limit, authentication, gqlgen's parse, validate
// and execute, the JSON answer) serving `{ viewer { id email } }` to a session bearer
// token, with gqlgen's parsed-query cache on (as served) and off (what it saves), with
// the credential query prepared and not (ACCOUNTD_DATABASE_PREPARE).
// The clock stands still, so the session's last-used time is not rewritten: the steady
// state of a busy client, a read that writes nothing.
//
//	go test -run '^$' -bench ViewerQuery -benchmem ./internal/httpserver
func BenchmarkViewerQuery(b *testing.B) {
	for _, store := range testkit.Stores() {
		for _, prepare := range []bool{true, false} {
			srv := testkit.NewServer(b, store, func(c *config.Config) { c.DatabasePrepare = prepare })
			creds := benchCredentials(b, srv)
			a := srv.App
			opts := httpserver.Options{
				Auth:     a.Auth,
				Accounts: a.Accounts,
				Fleets:   a.Fleets,
				Ping:     a.Store.Ping,
				Dev:      true,
				Metrics:  a.Metrics,
				Log:      a.Log,
			}
			cases := []struct {
				name string
				opts httpserver.Options
			}{{"cache=on", opts}}
			if prepare { // the cache's saving is the same either way
				cases = append(cases, struct {
					name string
					opts httpserver.Options
				}{"cache=off", httpserver.WithoutQueryCache(opts)})
			}
			for _, c := range cases {
				h, err := httpserver.New(c.opts)
				if err != nil {
					b.Fatal(err)
				}
				for _, kind := range []string{"session", "api_key"} {
					b.Run(fmt.Sprintf("store=%s/prepare=%t/%s/kind=%s", store, prepare, c.name, kind), func(b *testing.B) {
						for b.Loop() {
							req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(viewerQuery))
							req.Header.Set("Content-Type", "application/json")
							req.Header.Set("Authorization", "Bearer "+creds[kind])
							rec := httptest.NewRecorder()
							h.ServeHTTP(rec, req)
							if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"email":"bench@example.com"`) {
								b.Fatalf("status %d: %s", rec.Code, rec.Body)
							}
						}
					})
				}
			}
		}
	}
}
