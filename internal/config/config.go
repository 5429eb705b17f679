// Package config reads accountd's configuration from the environment into one typed
// Config and checks it, naming the variable at fault.
package config

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"

	"github.com/accountd/accountd/internal/breach"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/passkey"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/social"
	"github.com/accountd/accountd/internal/webhook/standard"
)

// Config is everything accountd can be told. The env tags are the public names.
type Config struct {
	ListenAddr  string `env:"ACCOUNTD_LISTEN_ADDR" envDefault:"127.0.0.1:8080"`
	DatabaseURL string `env:"ACCOUNTD_DATABASE_URL" envDefault:"sqlite:data/accountd.db"`
	SMTPURL     string `env:"ACCOUNTD_SMTP_URL"`
	MailFrom    string `env:"ACCOUNTD_MAIL_FROM" envDefault:"accountd@localhost"`
	PublicURL   string `env:"ACCOUNTD_PUBLIC_URL" envDefault:"http://localhost:8080"`
	Env         string `env:"ACCOUNTD_ENV" envDefault:"dev"`
	// SecretKey seals secrets at rest: 32 bytes, hex or base64. In dev an empty value
	// means: generate one and keep it in SecretKeyFile.
	SecretKey     string `env:"ACCOUNTD_SECRET_KEY"`
	SecretKeyFile string `env:"ACCOUNTD_SECRET_KEY_FILE" envDefault:"data/secret.key"`
	// AllowedOrigins are the browser origins (scheme://host[:port]) allowed to call the
	// API with cookies and CORS. PublicURL's origin is always allowed.
	AllowedOrigins []string `env:"ACCOUNTD_ALLOWED_ORIGINS" envSeparator:","`
	// PasskeyAppOrigins are the origins native apps' passkeys speak from, besides
	// PublicURL and AllowedOrigins: android:apk-key-hash:<base64url SHA-256 of the
	// signing certificate> for an Android app, https://<associated domain> for iOS.
	PasskeyAppOrigins []string `env:"ACCOUNTD_PASSKEY_APP_ORIGINS" envSeparator:","`
	// TrustedProxies are the addresses or CIDR ranges of the reverse proxies in front of
	// accountd: from them, and only them, X-Forwarded-For names the client's IP (for rate
	// limits and the security log).
	TrustedProxies []string `env:"ACCOUNTD_TRUSTED_PROXIES" envSeparator:","`
	LogLevel       string   `env:"ACCOUNTD_LOG_LEVEL" envDefault:"info"`

	// Argon2id parameters (OWASP Password Storage Cheat Sheet minimum by default).
	Argon2MemoryKiB   uint32 `env:"ACCOUNTD_ARGON2_MEMORY_KIB" envDefault:"19456"`
	Argon2Iterations  uint32 `env:"ACCOUNTD_ARGON2_ITERATIONS" envDefault:"2"`
	Argon2Parallelism uint8  `env:"ACCOUNTD_ARGON2_PARALLELISM" envDefault:"1"`
	// HashWorkers bounds concurrent password hashes (memory); 0 means one per CPU.
	HashWorkers int `env:"ACCOUNTD_HASH_WORKERS" envDefault:"0"`
	// HashMaxWaiting bounds the requests waiting for a hash worker; past it they get
	// RATE_LIMITED at once. 0 means 64 per worker (about a second and a half of queue).
	HashMaxWaiting int `env:"ACCOUNTD_HASH_MAX_WAITING" envDefault:"0"`
	// AdmissionWait is how long a hashing request (a log-in, ...) waits for a token at
	// the full admission gate before it gets RATE_LIMITED; 0 refuses at once.
	AdmissionWait time.Duration `env:"ACCOUNTD_ADMISSION_WAIT" envDefault:"1s"`

	PasswordMinLength int `env:"ACCOUNTD_PASSWORD_MIN_LENGTH" envDefault:"12"`
	PasswordMaxLength int `env:"ACCOUNTD_PASSWORD_MAX_LENGTH" envDefault:"256"`
	PasswordMinScore  int `env:"ACCOUNTD_PASSWORD_MIN_SCORE" envDefault:"3"`
	// BreachedPasswordURL is the Pwned Passwords range API new passwords are checked
	// against (a mirror may stand in); unset means the public one (breach.PublicURL, set
	// in Load), empty turns the check off.
	BreachedPasswordURL string `env:"ACCOUNTD_BREACHED_PASSWORD_URL"`
	// BreachedPasswordTimeout bounds one request to it; past it the password is accepted
	// unchecked (fail open) and the API is left alone for a minute.
	BreachedPasswordTimeout time.Duration `env:"ACCOUNTD_BREACHED_PASSWORD_TIMEOUT" envDefault:"2s"`

	SessionTTL     time.Duration `env:"ACCOUNTD_SESSION_TTL" envDefault:"168h"`
	SessionMaxAge  time.Duration `env:"ACCOUNTD_SESSION_MAX_AGE" envDefault:"720h"`
	VerifyEmailTTL time.Duration `env:"ACCOUNTD_VERIFY_EMAIL_TTL" envDefault:"24h"`
	// ResetPasswordTTL is how long a password reset link works.
	ResetPasswordTTL time.Duration `env:"ACCOUNTD_RESET_PASSWORD_TTL" envDefault:"1h"`
	// EmailCodeLogIn lets people log in with a 6-digit code sent by email
	// (requestLogInCode, logInWithCode); false answers EMAIL_CODE_LOGIN_DISABLED.
	EmailCodeLogIn bool `env:"ACCOUNTD_EMAIL_CODE_LOGIN" envDefault:"true"`
	// The configurable rate limits: their defaults are internal/limits's (see Load).
	//
	// LogInMaxAttempts is how many password log-ins one address gets per
	// LogInLockWindow before it is locked until the window ends (limits.LogIn).
	LogInMaxAttempts int           `env:"ACCOUNTD_LOGIN_MAX_ATTEMPTS"`
	LogInLockWindow  time.Duration `env:"ACCOUNTD_LOGIN_LOCK_WINDOW"`
	// TwoFactorMaxFailures is how many wrong second-factor answers in a row lock the
	// codes of the authenticator app until a recovery code or a password reset
	// (limits.TwoFactorFailures).
	TwoFactorMaxFailures int `env:"ACCOUNTD_TWO_FACTOR_MAX_FAILURES"`
	// LogInIPMaxFailures is how many failed log-ins one client IP gets per
	// LogInLockWindow, across addresses (limits.LogInPerIP).
	LogInIPMaxFailures int `env:"ACCOUNTD_LOGIN_IP_MAX_FAILURES"`
	// EmailsPerIPPerHour is how many sign-ups, resends and reset requests one client IP
	// gets per hour (limits.EmailsPerIP).
	EmailsPerIPPerHour int `env:"ACCOUNTD_EMAILS_PER_IP_PER_HOUR"`
	// ResendInterval is the least time between two emails to one address (the window
	// of limits.VerificationEmail and limits.ResetEmail).
	ResendInterval time.Duration `env:"ACCOUNTD_RESEND_INTERVAL"`

	// AutoMigrate applies pending schema migrations at start (under a lock, so
	// processes may start together); when false, a PostgreSQL schema that is behind
	// stops the start and `accountd migrate` is the way.
	AutoMigrate bool `env:"ACCOUNTD_AUTO_MIGRATE" envDefault:"true"`
	// DatabasePrepare keeps the authentication queries as named prepared statements on
	// each PostgreSQL connection (the fastest); false sends them as unnamed statements
	// instead, which a transaction-mode connection pooler (PgBouncer before 1.21) needs.
	DatabasePrepare bool `env:"ACCOUNTD_DATABASE_PREPARE" envDefault:"true"`
	// MetricsAddr serves /metrics, every series, on a listener of its own (host:port).
	// Production serves metrics nowhere else; dev without it serves the public series
	// on the public listener (internal/metrics: mail series are private).
	MetricsAddr string `env:"ACCOUNTD_METRICS_ADDR"`
	// Pprof adds Go's profiles (/debug/pprof/) to the metrics listener, to find what
	// limits a load test. Profiles show code paths and allocation sites, not data; keep
	// the listener private all the same.
	Pprof bool `env:"ACCOUNTD_PPROF" envDefault:"false"`

	// Social log-in: a provider without a client id is disabled.
	GoogleClientID     string `env:"ACCOUNTD_GOOGLE_CLIENT_ID"`
	GoogleClientSecret string `env:"ACCOUNTD_GOOGLE_CLIENT_SECRET"`
	GoogleIssuer       string `env:"ACCOUNTD_GOOGLE_ISSUER" envDefault:"https://accounts.google.com"`
	GitHubClientID     string `env:"ACCOUNTD_GITHUB_CLIENT_ID"`
	GitHubClientSecret string `env:"ACCOUNTD_GITHUB_CLIENT_SECRET"`
	GitHubAuthURL      string `env:"ACCOUNTD_GITHUB_AUTH_URL" envDefault:"https://github.com/login/oauth/authorize"`
	GitHubTokenURL     string `env:"ACCOUNTD_GITHUB_TOKEN_URL" envDefault:"https://github.com/login/oauth/access_token"`
	GitHubAPIURL       string `env:"ACCOUNTD_GITHUB_API_URL" envDefault:"https://api.github.com"`
	// OAuthRedirectURLs are the app URLs the browser flow may return to (allow-list).
	OAuthRedirectURLs []string `env:"ACCOUNTD_OAUTH_REDIRECT_URLS" envSeparator:","`
	// DeviceClients are the clients of the OAuth device authorization grant, as
	// "client_id:Display Name" entries.
	DeviceClients []string `env:"ACCOUNTD_DEVICE_CLIENTS" envSeparator:"," envDefault:"accountd-cli:accountd CLI"`
	// DevicePollInterval is the least time between two polls of a device client
	// (RFC 8628's interval), in whole seconds.
	DevicePollInterval time.Duration `env:"ACCOUNTD_DEVICE_POLL_INTERVAL" envDefault:"5s"`
	// OAuthCallbackBase is the base of the providers' callback URLs; empty means PublicURL.
	OAuthCallbackBase string `env:"ACCOUNTD_OAUTH_CALLBACK_BASE"`

	// TrustedDocuments: off, allow or require. allow runs registered operations by id
	// as well as any query; require lets browsers run only registered ones (README.md,
	// "Trusted documents").
	TrustedDocuments string `env:"ACCOUNTD_TRUSTED_DOCUMENTS" envDefault:"allow"`
	// TrustedDocumentsManifests are files of more registered operations (an app's
	// manifest), besides the console's.
	TrustedDocumentsManifests []string `env:"ACCOUNTD_TRUSTED_DOCUMENTS_MANIFESTS" envSeparator:","`

	ShutdownTimeout time.Duration `env:"ACCOUNTD_SHUTDOWN_TIMEOUT" envDefault:"20s"`
	// ShutdownDrainDelay is how long after SIGTERM accountd keeps serving while /readyz
	// answers 503, so a load balancer's health check takes it out of rotation before its
	// listener closes. Ctrl-C (SIGINT) does not wait.
	ShutdownDrainDelay time.Duration `env:"ACCOUNTD_SHUTDOWN_DRAIN_DELAY" envDefault:"5s"`
	MailPollInterval   time.Duration `env:"ACCOUNTD_MAIL_POLL_INTERVAL" envDefault:"1s"`
	// MailSenders is how many emails one process sends at once, each over a kept
	// connection (mail.WorkerOptions.Senders).
	MailSenders int `env:"ACCOUNTD_MAIL_SENDERS" envDefault:"4"`
	// MailSendTimeout bounds one send, the whole SMTP conversation; a send cut off by
	// it counts as a failed attempt.
	MailSendTimeout time.Duration `env:"ACCOUNTD_MAIL_SEND_TIMEOUT" envDefault:"15s"`
	// MailLease is how long an email claimed by a process is its own: after a crash,
	// how long its emails wait before another process (or the restarted one) sends
	// them. At least the send timeout plus 10 s (two 5 s writes of the result).
	MailLease time.Duration `env:"ACCOUNTD_MAIL_LEASE" envDefault:"30s"`

	// WebhookURL is the operator's webhook endpoint: every event is POSTed to it,
	// signed with WebhookSecret (README.md, "Webhooks"). Empty: no operator endpoint
	// (admins may still add endpoints).
	WebhookURL string `env:"ACCOUNTD_WEBHOOK_URL"`
	// WebhookSecret signs what goes to WebhookURL: whsec_ and the base64 of 24 to 64
	// random bytes, the form the Standard Webhooks libraries take.
	WebhookSecret string `env:"ACCOUNTD_WEBHOOK_SECRET"`
	// WebhookAllowPrivateNetworks lets endpoints added by admins reach loopback,
	// private and link-local addresses; off, they are refused (SSRF). The operator's
	// own endpoint may always.
	WebhookAllowPrivateNetworks bool `env:"ACCOUNTD_WEBHOOK_ALLOW_PRIVATE_NETWORKS" envDefault:"false"`
	// WebhookTimeout bounds one delivery, from the dial to the end of the answer.
	WebhookTimeout time.Duration `env:"ACCOUNTD_WEBHOOK_TIMEOUT" envDefault:"10s"`
	// WebhookConcurrency is how many deliveries one process has in flight to one
	// endpoint.
	WebhookConcurrency int `env:"ACCOUNTD_WEBHOOK_CONCURRENCY" envDefault:"4"`
}

// mailRecordTimeout is mail.DefaultRecordTimeout (config cannot import mail): the
// lease must leave room after a send for two tries of recording its result.
const mailRecordTimeout = 5 * time.Second

// Load reads the environment and validates the result.
func Load() (Config, error) {
	// The rate limits' defaults live once, in the table of internal/limits; a variable
	// that is set overrides them (env leaves a field without a variable as it is).
	c := Config{
		LogInMaxAttempts:     limits.LogIn.Limit,
		LogInLockWindow:      limits.LogIn.Window,
		LogInIPMaxFailures:   limits.LogInPerIP.Limit,
		EmailsPerIPPerHour:   limits.EmailsPerIP.Limit,
		ResendInterval:       limits.VerificationEmail.Window,
		TwoFactorMaxFailures: limits.TwoFactorFailures.Limit,
	}
	// Not an envDefault: env puts the default back for an empty value, and empty means
	// "off" here; only an unset variable takes the public API.
	if _, set := os.LookupEnv("ACCOUNTD_BREACHED_PASSWORD_URL"); !set {
		c.BreachedPasswordURL = breach.PublicURL
	}
	if err := env.Parse(&c); err != nil {
		return Config{}, nameVariables(err)
	}
	return c, c.Validate()
}

// nameVariables rewrites env's parse errors, which name Go fields, to name the
// variable instead: "ACCOUNTD_SESSION_TTL: want a duration such as 90s or 24h, got ...".
func nameVariables(err error) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return fmt.Errorf("configuration: %w", err)
	}
	fields := reflect.TypeFor[Config]()
	var errs []error
	for _, e := range agg.Errors {
		var pe env.ParseError
		if !errors.As(e, &pe) {
			errs = append(errs, e)
			continue
		}
		name := pe.Name
		if f, ok := fields.FieldByName(pe.Name); ok {
			name = f.Tag.Get("env")
		}
		errs = append(errs, fmt.Errorf("%s: cannot read it as a %s: %v", name, pe.Type, pe.Err))
	}
	return errors.Join(errs...)
}

// Dev reports whether accountd runs in development mode.
func (c Config) Dev() bool { return c.Env == "dev" }

// Production reports whether accountd runs in production mode.
func (c Config) Production() bool { return c.Env == "production" }

// Validate checks every value and names the variable of each one that is wrong.
func (c Config) Validate() error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}
	if _, _, err := net.SplitHostPort(c.ListenAddr); err != nil {
		bad("ACCOUNTD_LISTEN_ADDR", "want host:port, got %q", c.ListenAddr)
	}
	if _, _, err := net.SplitHostPort(c.MetricsAddr); c.MetricsAddr != "" && err != nil {
		bad("ACCOUNTD_METRICS_ADDR", "want host:port, got %q", c.MetricsAddr)
	}
	if c.Pprof && c.MetricsAddr == "" {
		bad("ACCOUNTD_PPROF", "needs ACCOUNTD_METRICS_ADDR: profiles are served on the metrics listener only")
	}
	if _, _, err := ParseDatabaseURL(c.DatabaseURL); err != nil {
		bad("ACCOUNTD_DATABASE_URL", "%v", err)
	}
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			bad("ACCOUNTD_SMTP_URL", "want smtp://[user:pass@]host:port or smtps://..., got a value that is not")
		}
	}
	if a, err := mail.ParseAddress(c.MailFrom); err != nil || a.Address == "" {
		bad("ACCOUNTD_MAIL_FROM", "not an email address: %q", c.MailFrom)
	}
	if err := checkOrigin(c.PublicURL, true); err != nil {
		bad("ACCOUNTD_PUBLIC_URL", "%v", err)
	}
	for _, o := range c.AllowedOrigins {
		if err := checkOrigin(o, false); err != nil {
			bad("ACCOUNTD_ALLOWED_ORIGINS", "%v", err)
		}
	}
	for _, o := range c.PasskeyAppOrigins {
		if err := passkey.CheckAppOrigin(o); err != nil {
			bad("ACCOUNTD_PASSKEY_APP_ORIGINS", "%v", err)
		}
	}
	if u, err := url.Parse(c.PublicURL); err == nil && len(c.PasskeyAppOrigins) > 0 && net.ParseIP(u.Hostname()) != nil {
		bad("ACCOUNTD_PASSKEY_APP_ORIGINS", "passkeys need a domain name in ACCOUNTD_PUBLIC_URL, not an IP address")
	}
	if _, err := c.TrustedProxyPrefixes(); err != nil {
		bad("ACCOUNTD_TRUSTED_PROXIES", "%v", err)
	}
	switch c.TrustedDocuments {
	case "", "off", "allow", "require": // empty: allow, as in tests that build a Config by hand
	default:
		bad("ACCOUNTD_TRUSTED_DOCUMENTS", "want off, allow or require, got %q", c.TrustedDocuments)
	}
	switch c.Env {
	case "dev", "production":
	default:
		bad("ACCOUNTD_ENV", "want dev or production, got %q", c.Env)
	}
	if c.SecretKey != "" {
		if _, err := DecodeKey(c.SecretKey); err != nil {
			bad("ACCOUNTD_SECRET_KEY", "%v", err)
		}
	} else if c.Production() {
		bad("ACCOUNTD_SECRET_KEY", "required in production (32 random bytes, hex or base64; e.g. openssl rand -hex 32)")
	}
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "error":
	default:
		bad("ACCOUNTD_LOG_LEVEL", "want debug, info, warn or error, got %q", c.LogLevel)
	}
	if c.Argon2MemoryKiB < 8*uint32(max(c.Argon2Parallelism, 1)) || c.Argon2MemoryKiB > 4<<20 {
		bad("ACCOUNTD_ARGON2_MEMORY_KIB", "want 8*parallelism..4194304, got %d", c.Argon2MemoryKiB)
	}
	// Whole numbers within bounds (at least lo when hi is MaxInt); note says why.
	counts := []struct {
		name      string
		n, lo, hi int
		note      string
	}{
		{"ACCOUNTD_ARGON2_ITERATIONS", int(c.Argon2Iterations), 1, 100, ""},
		{"ACCOUNTD_ARGON2_PARALLELISM", int(c.Argon2Parallelism), 1, math.MaxInt, ""},
		{"ACCOUNTD_HASH_WORKERS", c.HashWorkers, 0, 1024, ""},
		{"ACCOUNTD_HASH_MAX_WAITING", c.HashMaxWaiting, 0, 1_000_000, ""},
		{"ACCOUNTD_PASSWORD_MIN_LENGTH", c.PasswordMinLength, 8, 256, " (NIST 800-63B asks at least 8)"},
		{"ACCOUNTD_PASSWORD_MIN_SCORE", c.PasswordMinScore, 0, 4, ""},
		{"ACCOUNTD_LOGIN_MAX_ATTEMPTS", c.LogInMaxAttempts, 1, 100, " (NIST 800-63B allows at most 100 consecutive failures)"},
		{"ACCOUNTD_LOGIN_IP_MAX_FAILURES", c.LogInIPMaxFailures, 1, math.MaxInt, ""},
		{"ACCOUNTD_EMAILS_PER_IP_PER_HOUR", c.EmailsPerIPPerHour, 1, math.MaxInt, ""},
		{"ACCOUNTD_MAIL_SENDERS", c.MailSenders, 1, 64, ""},
	}
	for _, r := range counts {
		if r.n >= r.lo && r.n <= r.hi {
			continue
		}
		want := fmt.Sprintf("%d..%d", r.lo, r.hi)
		if r.hi == math.MaxInt {
			want = fmt.Sprintf("at least %d", r.lo)
		}
		bad(r.name, "want %s%s, got %d", want, r.note, r.n)
	}
	if c.AdmissionWait < 0 || c.AdmissionWait > 10*time.Second {
		bad("ACCOUNTD_ADMISSION_WAIT", "want 0s..10s, got %s", c.AdmissionWait)
	}
	if c.PasswordMaxLength < 64 || c.PasswordMaxLength > 1024 || c.PasswordMaxLength < c.PasswordMinLength {
		bad("ACCOUNTD_PASSWORD_MAX_LENGTH", "want 64..1024 and at least the minimum (NIST 800-63B asks to accept 64), got %d", c.PasswordMaxLength)
	}
	if c.BreachedPasswordURL != "" {
		if u, err := url.Parse(c.BreachedPasswordURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("ACCOUNTD_BREACHED_PASSWORD_URL", "want an http(s) URL such as %s, or empty to turn the check off", breach.PublicURL)
		}
	}
	if c.BreachedPasswordTimeout < 0 || c.BreachedPasswordTimeout > time.Minute {
		bad("ACCOUNTD_BREACHED_PASSWORD_TIMEOUT", "want a duration up to 1m (0: 2s), got %s", c.BreachedPasswordTimeout)
	}
	positive := []struct {
		name string
		d    time.Duration
	}{
		{"ACCOUNTD_SESSION_TTL", c.SessionTTL},
		{"ACCOUNTD_SESSION_MAX_AGE", c.SessionMaxAge},
		{"ACCOUNTD_VERIFY_EMAIL_TTL", c.VerifyEmailTTL},
		{"ACCOUNTD_RESET_PASSWORD_TTL", c.ResetPasswordTTL},
		{"ACCOUNTD_LOGIN_LOCK_WINDOW", c.LogInLockWindow},
		{"ACCOUNTD_RESEND_INTERVAL", c.ResendInterval},
		{"ACCOUNTD_SHUTDOWN_TIMEOUT", c.ShutdownTimeout},
		{"ACCOUNTD_MAIL_POLL_INTERVAL", c.MailPollInterval},
		{"ACCOUNTD_MAIL_SEND_TIMEOUT", c.MailSendTimeout},
		{"ACCOUNTD_MAIL_LEASE", c.MailLease},
	}
	for _, p := range positive {
		if p.d <= 0 {
			bad(p.name, "want a positive duration such as 90s or 24h, got %s", p.d)
		}
	}
	if c.ShutdownDrainDelay < 0 {
		bad("ACCOUNTD_SHUTDOWN_DRAIN_DELAY", "want 0 or a positive duration such as 5s, got %s", c.ShutdownDrainDelay)
	}
	if c.TwoFactorMaxFailures < 0 || c.TwoFactorMaxFailures > 100 {
		bad("ACCOUNTD_TWO_FACTOR_MAX_FAILURES", "want 1..100, or 0 for 10 (NIST 800-63B allows at most 100 consecutive failures), got %d", c.TwoFactorMaxFailures)
	}
	if minLease := c.MailSendTimeout + 2*mailRecordTimeout; c.MailSendTimeout > 0 && c.MailLease > 0 && c.MailLease < minLease {
		bad("ACCOUNTD_MAIL_LEASE", "must be at least ACCOUNTD_MAIL_SEND_TIMEOUT + 10s (%s), so a send and the record of its result end before another process may send the same email; got %s", minLease, c.MailLease)
	}
	c.validateWebhook(bad)
	c.validateSocial(bad)
	if _, err := ParseDeviceClients(c.DeviceClients); err != nil {
		bad("ACCOUNTD_DEVICE_CLIENTS", "%v", err)
	}
	// Zero (a Config built in code) takes the grant's default of 5 s.
	if d := c.DevicePollInterval; d != 0 && (d < time.Second || d > time.Minute || d%time.Second != 0) {
		bad("ACCOUNTD_DEVICE_POLL_INTERVAL", "want whole seconds from 1s to 1m, got %s", c.DevicePollInterval)
	}
	if c.SessionMaxAge < c.SessionTTL {
		bad("ACCOUNTD_SESSION_MAX_AGE", "must be at least ACCOUNTD_SESSION_TTL (%s), got %s", c.SessionTTL, c.SessionMaxAge)
	}
	return errors.Join(errs...)
}

// validateWebhook checks the operator's endpoint: a URL and a secret, both or neither.
func (c Config) validateWebhook(bad func(name, format string, args ...any)) {
	switch {
	case c.WebhookURL == "" && c.WebhookSecret != "":
		bad("ACCOUNTD_WEBHOOK_URL", "required with ACCOUNTD_WEBHOOK_SECRET")
	case c.WebhookURL != "" && c.WebhookSecret == "":
		bad("ACCOUNTD_WEBHOOK_SECRET", "required with ACCOUNTD_WEBHOOK_URL: whsec_ followed by the base64 of 24 to 64 random bytes (e.g. echo whsec_$(openssl rand -base64 32))")
	case c.WebhookURL != "":
		// The operator's own endpoint may point inside the network.
		if u, err := url.Parse(c.WebhookURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
			bad("ACCOUNTD_WEBHOOK_URL", "want an http(s) URL without credentials, such as https://billing.internal/accountd-events")
		}
		if _, err := standard.ParseSecret(c.WebhookSecret); err != nil {
			bad("ACCOUNTD_WEBHOOK_SECRET", "%v", err) // never the value: it is a secret
		}
	}
	if c.WebhookTimeout < 0 || c.WebhookTimeout > 5*time.Minute {
		bad("ACCOUNTD_WEBHOOK_TIMEOUT", "want a duration up to 5m (0: 10s), got %s", c.WebhookTimeout)
	}
	if c.WebhookConcurrency < 0 || c.WebhookConcurrency > 64 {
		bad("ACCOUNTD_WEBHOOK_CONCURRENCY", "want 1..64 (0: 4), got %d", c.WebhookConcurrency)
	}
}

// CallbackBase is the base of the OAuth callback URLs: OAuthCallbackBase, or PublicURL.
func (c Config) CallbackBase() string {
	if c.OAuthCallbackBase != "" {
		return strings.TrimRight(c.OAuthCallbackBase, "/")
	}
	return strings.TrimRight(c.PublicURL, "/")
}

// validateSocial checks the social log-in settings: an enabled provider needs its
// secret and reachable URLs; the redirect allow-list must hold absolute app URLs.
func (c Config) validateSocial(bad func(name, format string, args ...any)) {
	type client struct {
		provider, idVar, secretVar string
		id, secret                 string
		urls                       [][2]string // variable, value
	}
	clients := []client{
		{"Google", "ACCOUNTD_GOOGLE_CLIENT_ID", "ACCOUNTD_GOOGLE_CLIENT_SECRET", c.GoogleClientID, c.GoogleClientSecret,
			[][2]string{{"ACCOUNTD_GOOGLE_ISSUER", c.GoogleIssuer}}},
		{"GitHub", "ACCOUNTD_GITHUB_CLIENT_ID", "ACCOUNTD_GITHUB_CLIENT_SECRET", c.GitHubClientID, c.GitHubClientSecret,
			[][2]string{{"ACCOUNTD_GITHUB_AUTH_URL", c.GitHubAuthURL}, {"ACCOUNTD_GITHUB_TOKEN_URL", c.GitHubTokenURL}, {"ACCOUNTD_GITHUB_API_URL", c.GitHubAPIURL}}},
	}
	for _, cl := range clients {
		switch {
		case cl.id == "" && cl.secret != "":
			bad(cl.idVar, "empty while %s is set: set both to enable %s log-in, or neither", cl.secretVar, cl.provider)
		case cl.id != "" && cl.secret == "":
			bad(cl.secretVar, "required with %s (the OAuth client secret of %s)", cl.idVar, cl.provider)
		}
		if cl.id == "" {
			continue
		}
		for _, nv := range cl.urls {
			name, v := nv[0], nv[1]
			u, err := url.Parse(v)
			switch {
			case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
				bad(name, "want an http(s) URL, got %q", v)
			case c.Production() && u.Scheme != "https":
				bad(name, "want https in production, got %q", v)
			}
		}
	}
	for _, r := range c.OAuthRedirectURLs {
		if _, err := social.ParseRedirectURL(r); err != nil {
			bad("ACCOUNTD_OAUTH_REDIRECT_URLS", "%v", err)
		}
	}
	if c.OAuthCallbackBase != "" {
		if err := checkOrigin(c.OAuthCallbackBase, true); err != nil {
			bad("ACCOUNTD_OAUTH_CALLBACK_BASE", "%v", err)
		}
	}
}

// ParseDatabaseURL splits ACCOUNTD_DATABASE_URL into a driver ("sqlite" or "postgres")
// and what that driver needs (a file path or a PostgreSQL URL).
func ParseDatabaseURL(s string) (driver, target string, err error) {
	switch {
	case strings.HasPrefix(s, "sqlite:"):
		path := strings.TrimPrefix(s, "sqlite:")
		if path == "" {
			return "", "", errors.New("sqlite: needs a file path, such as sqlite:data/accountd.db (got none)")
		}
		return "sqlite", path, nil
	case strings.HasPrefix(s, "postgres://"), strings.HasPrefix(s, "postgresql://"):
		if _, err := url.Parse(s); err != nil {
			return "", "", errors.New("not a valid postgres:// URL")
		}
		return "postgres", s, nil
	default:
		return "", "", errors.New("want sqlite:PATH or postgres://HOST/DB")
	}
}

// DecodeKey decodes a 32-byte secret key written in hex or base64.
func DecodeKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := hex.DecodeString(s); err == nil && len(b) == seal.KeySize {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == seal.KeySize {
			return b, nil
		}
	}
	return nil, fmt.Errorf("want %d bytes in hex (64 characters) or base64", seal.KeySize)
}

func checkOrigin(s string, pathAllowed bool) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("want an http(s) URL, got %q", s)
	}
	if !pathAllowed && (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("an origin has no path, got %q", s)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("want no query, fragment or user info, got %q", s)
	}
	return nil
}

// TrustedProxyPrefixes parses TrustedProxies: each an address (one host) or a CIDR range.
func (c Config) TrustedProxyPrefixes() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range c.TrustedProxies {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("want an IP address or CIDR range, got %q", s)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
