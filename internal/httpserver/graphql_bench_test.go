package httpserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/httpserver"
	"github.com/accountd/accountd/internal/testkit"
)

// viewerQuery is what clients send most: who am I.
const viewerQuery = `{"query":"{ viewer { id email } }"}`

// BenchmarkViewerQuery measures the whole /graphql handler (request id, security
// headers, metrics, CORS, CSRF, body limit, authentication, gqlgen's parse, validate
// and execute, the JSON answer) serving `{ viewer { id email } }` to a session bearer
// token, with gqlgen's parsed-query cache on (as served) and off (what it saves).
// The clock stands still, so the session's last-used time is not rewritten: the steady
// state of a busy client, a read that writes nothing.
//
//	go test -run '^$' -bench ViewerQuery -benchmem ./internal/httpserver
func BenchmarkViewerQuery(b *testing.B) {
	for _, store := range testkit.Stores() {
		srv := testkit.NewServer(b, store)
		creds := benchCredentials(b, srv)
		a := srv.App
		opts := httpserver.Options{
			Accounts: a.Accounts,
			Fleets:   a.Fleets,
			Ping:     a.Store.Ping,
			Dev:      true,
			Metrics:  a.Metrics,
			Log:      a.Log,
		}
		for _, c := range []struct {
			name string
			opts httpserver.Options
		}{
			{"cache=on", opts},
			{"cache=off", httpserver.WithoutQueryCache(opts)},
		} {
			h, err := httpserver.New(c.opts)
			if err != nil {
				b.Fatal(err)
			}
			for _, kind := range []string{"session", "api_key"} {
				b.Run("store="+store+"/"+c.name+"/kind="+kind, func(b *testing.B) {
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
