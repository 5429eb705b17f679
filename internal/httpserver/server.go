// Package httpserver is accountd's HTTP face: the GraphQL endpoint with its limits,
// authentication (session cookie, bearer session token or API key), CORS and CSRF protection,
// health checks, the account console, the playground and the dev mailbox.
package httpserver

import (
	"context"
	"github.com/accountd/accountd/internal/webhook"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/devicegrant"
	"github.com/accountd/accountd/internal/fleet"
	"github.com/accountd/accountd/internal/metrics"
	"github.com/accountd/accountd/internal/social"
	"github.com/accountd/accountd/internal/tracing"
)

// maxBodyBytes bounds a request body (1 MiB): more is refused before it is parsed.
const maxBodyBytes = 1 << 20

// Options are what the HTTP layer needs.
type Options struct {
	// Auth authenticates each request and keeps sessions and API keys.
	Auth     *auth.Service
	Accounts *account.Service
	Fleets   *fleet.Service
	// DeviceGrants serves the OAuth device authorization grant under /oauth/ and to
	// GraphQL; nil serves none.
	DeviceGrants *devicegrant.Service
	// Webhooks manages the webhook endpoints admins add (GraphQL); nil answers
	// FORBIDDEN to its admin operations.
	Webhooks *webhook.Service
	// Social serves the browser flow of social log-in under /auth/.
	Social *social.Service
	// Ping checks the database for /readyz.
	Ping func(ctx context.Context) error
	// Draining reports that the process is shutting down: /readyz answers 503 so load
	// balancers stop sending while requests are still served; nil never drains.
	Draining func() bool
	// Dev turns on the playground, introspection, field suggestions and, with
	// DevMailbox, the dev mailbox page.
	Dev bool
	// SecureCookies marks the session cookie Secure (everywhere but dev over http).
	SecureCookies bool
	// AllowedOrigins may call the API from browsers, with cookies.
	AllowedOrigins []string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client
	// (clientIP); without any, the client is the TCP peer.
	TrustedProxies []netip.Prefix
	// DevMailbox serves the mailbox of dev mode; nil when mail goes to SMTP.
	DevMailbox http.Handler
	// Console holds the built account console (web.Console()), served at / and at every
	// path no other route takes; nil serves none.
	Console fs.FS
	// Playground holds GraphiQL's and React's files (web.Playground()) for /playground
	// in dev; nil serves no playground.
	Playground fs.FS
	// TrustedDocuments is ACCOUNTD_TRUSTED_DOCUMENTS: off, allow (also when empty) or
	// require (browsers may run only registered documents).
	TrustedDocuments string
	// DocumentManifests register trusted documents: the console's
	// (web.TrustedDocuments()) and those of ACCOUNTD_TRUSTED_DOCUMENTS_MANIFESTS.
	DocumentManifests [][]byte
	// Metrics counts GraphQL requests; MetricsHandler, when set, serves GET /metrics.
	Metrics        *metrics.Metrics
	MetricsHandler http.Handler
	Log            *slog.Logger

	// Admission is the gate in front of the hash queue (the password.Hasher): log-ins,
	// sign-ups and other hashing mutations it turns away get RATE_LIMITED before
	// GraphQL runs them (admission.go); nil admits every request.
	Admission Admission

	// documents are the trusted documents New reads from the two fields above.
	documents *trustedDocuments

	// noQueryCache turns gqlgen's parsed-query cache off: only the benchmark that
	// shows what the cache saves sets it (export_test.go).
	noQueryCache bool
}

// New returns the handler of every route.
func New(o Options) (http.Handler, error) {
	mode := o.TrustedDocuments
	if mode == "" {
		mode = DocumentsAllow
	}
	docs, err := newTrustedDocuments(mode, o.DocumentManifests...)
	if err != nil {
		return nil, err
	}
	o.documents = docs
	gql := newGraphQL(o)
	csrf := http.NewCrossOriginProtection()
	for _, origin := range o.AllowedOrigins {
		if err := csrf.AddTrustedOrigin(origin); err != nil {
			return nil, err
		}
	}
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "FORBIDDEN", "Cross-origin request refused.")
	}))
	authn := &authenticator{auth: o.Auth, log: o.Log, cookies: cookieJar{secure: o.SecureCookies}}

	mux := http.NewServeMux()
	// Browsers reach the API only from allowed origins (CORS), and state-changing
	// requests from other sites are refused outright (CSRF: Go's CrossOriginProtection
	// checks Sec-Fetch-Site and Origin). Clients that are not browsers send neither
	// header and pass, which is right: they hold their bearer token themselves.
	mux.Handle("/graphql", observeGraphQL(o.Metrics, cors(o.AllowedOrigins, csrf.Handler(checkBody(authn.middleware(gql))))))
	if o.MetricsHandler != nil {
		mux.Handle("GET /metrics", o.MetricsHandler)
	}
	if o.Social != nil {
		sr := &socialRoutes{accounts: o.Accounts, social: o.Social, log: o.Log, cookies: authn.cookies}
		mux.HandleFunc("GET /auth/{provider}/start", sr.start)
		// The callback reads the session cookie: linking needs the account's own session.
		mux.Handle("GET /auth/{provider}/callback", authn.middleware(http.HandlerFunc(sr.callback)))
	}
	if o.DeviceGrants != nil {
		// Plain OAuth endpoints for standard clients: form posts without cookies, so
		// neither CORS nor CSRF apply; nothing here reads a credential.
		or := &oauthRoutes{grants: o.DeviceGrants, log: o.Log}
		mux.HandleFunc("POST /oauth/device_authorization", or.deviceAuthorization)
		mux.HandleFunc("POST /oauth/token", or.token)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if o.Draining != nil && o.Draining() {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("shutting down\n"))
			return
		}
		if err := o.Ping(ctx); err != nil {
			o.Log.WarnContext(ctx, "not ready: database unreachable", "error", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unreachable\n"))
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	if o.Console != nil {
		console, err := newConsole(o.Console, o.Dev && o.DevMailbox != nil)
		if err != nil {
			return nil, err
		}
		// "/" rather than "GET /": a method-less catch-all does not conflict with the
		// method-less /graphql; the console answers 405 to anything but GET and HEAD.
		mux.Handle("/", console)
	}
	if o.Dev {
		if o.Playground != nil {
			page, assets, err := newPlayground(o.Playground)
			if err != nil {
				return nil, err
			}
			mux.Handle("GET /playground", page)
			mux.Handle("GET /playground/assets/{file}", assets)
		}
		if o.DevMailbox != nil {
			mux.Handle("GET /dev/mailbox", o.DevMailbox)
		}
	}
	return tracing.Middleware(fromTrustedProxy(o.TrustedProxies), withRequest(o.Log, o.TrustedProxies, securityHeaders(o.Dev, mux))), nil
}
