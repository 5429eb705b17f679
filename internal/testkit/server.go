package testkit

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/app"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/webhook"
)

// Server is accountd running for one test.
type Server struct {
	URL   string
	App   *app.App
	SMTP  *SMTPServer
	Clock *Clock
	// Logs holds what the server logged, to check that no secret reached it.
	Logs *LogBuffer
}

// Option changes the configuration of a test server.
type Option func(*config.Config)

// NewServer starts accountd on a fresh database of the given store, with mail going to
// a real SMTP listener and cheap password hashing (hashing itself is tested in
// internal/password). It stops when the test ends.
func NewServer(t testing.TB, store string, opts ...Option) *Server {
	t.Helper()
	return newServer(t, store, nil, opts...)
}

// NewProbedServer is NewServer with probe told of every database statement (see
// DBProbe).
func NewProbedServer(t testing.TB, store string, probe *DBProbe, opts ...Option) *Server {
	t.Helper()
	return newServer(t, store, probe.observe, opts...)
}

func newServer(t testing.TB, store string, observe func(ctx context.Context, op, query string), opts ...Option) *Server {
	t.Helper()
	smtp := StartSMTP(t)
	// The listener comes first: social log-in's callback URL is the server's own.
	hs := httptest.NewUnstartedServer(nil)
	cfg := config.Config{
		ListenAddr:         "127.0.0.1:0",
		DatabaseURL:        NewDatabaseURL(t, store),
		SMTPURL:            smtp.URL(),
		MailFrom:           "accountd@example.test",
		PublicURL:          PublicURL,
		Env:                "dev",
		SecretKey:          strings.Repeat("5e", 32),
		LogLevel:           "debug",
		Argon2MemoryKiB:    64,
		Argon2Iterations:   1,
		Argon2Parallelism:  1,
		PasswordMinLength:  12,
		PasswordMaxLength:  256,
		PasswordMinScore:   3,
		SessionTTL:         7 * 24 * time.Hour,
		SessionMaxAge:      30 * 24 * time.Hour,
		VerifyEmailTTL:     24 * time.Hour,
		ResetPasswordTTL:   time.Hour,
		EmailCodeLogIn:     true,
		LogInMaxAttempts:   limits.LogIn.Limit,
		LogInLockWindow:    limits.LogIn.Window,
		LogInIPMaxFailures: limits.LogInPerIP.Limit,
		EmailsPerIPPerHour: 1000, // tests sign many accounts up from 127.0.0.1
		ResendInterval:     limits.VerificationEmail.Window,
		ShutdownTimeout:    5 * time.Second,
		MailPollInterval:   20 * time.Millisecond,
		MailSenders:        4,
		MailSendTimeout:    10 * time.Second,
		MailLease:          time.Minute,
		AutoMigrate:        true,
		DatabasePrepare:    true,
		OAuthCallbackBase:  "http://" + hs.Listener.Addr().String(),
		DeviceClients:      []string{"accountd-cli:accountd CLI"},
		DevicePollInterval: 5 * time.Second,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		hs.Close()
		t.Fatalf("testkit: configuration: %v", err)
	}
	clock := NewClock()
	logs := &LogBuffer{}
	log := slog.New(slog.NewTextHandler(io.MultiWriter(logs, testWriter()), &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, app.Options{
		Now: clock.Now,
		Log: log,
		Worker: &mail.WorkerOptions{
			PollInterval: 20 * time.Millisecond,
			Lease:        time.Minute,
			BaseBackoff:  50 * time.Millisecond,
			MaxBackoff:   200 * time.Millisecond,
			MaxAttempts:  1000,
			BatchSize:    20,
		},
		// Backoff by testkit's clock: a test moves Clock to bring retries due.
		Webhooks: &webhook.WorkerOptions{
			PollInterval: 20 * time.Millisecond,
			Lease:        time.Minute,
			BaseBackoff:  time.Second,
			MaxBackoff:   10 * time.Second,
		},
		ObserveDB: observe,
	})
	if err != nil {
		cancel()
		hs.Close()
		t.Fatalf("testkit: start accountd: %v", err)
	}
	hs.Config.Handler = a.Handler
	hs.Start()
	var wg sync.WaitGroup
	wg.Go(func() { a.RunWorkers(ctx) })
	t.Cleanup(func() {
		hs.Close()
		cancel()
		wg.Wait()
		_ = a.Close()
	})
	return &Server{URL: hs.URL, App: a, SMTP: smtp, Clock: clock, Logs: logs}
}

// WithWebhook configures the operator's webhook endpoint (ACCOUNTD_WEBHOOK_URL and
// ACCOUNTD_WEBHOOK_SECRET) and lets endpoints reach loopback addresses, where tests'
// receivers listen (ACCOUNTD_WEBHOOK_ALLOW_PRIVATE_NETWORKS).
func WithWebhook(url, secret string) Option {
	return func(c *config.Config) {
		c.WebhookURL, c.WebhookSecret, c.WebhookAllowPrivateNetworks = url, secret, true
	}
}

// WithRedirectURLs sets the allow-list of app URLs of social log-in's browser flow.
func WithRedirectURLs(urls ...string) Option {
	return func(c *config.Config) { c.OAuthRedirectURLs = urls }
}

// WithDeviceGrant sets the clients of the device authorization grant and its polling
// interval (1s keeps tests that poll with a real client short).
func WithDeviceGrant(interval time.Duration, clients ...string) Option {
	return func(c *config.Config) {
		c.DevicePollInterval = interval
		if len(clients) > 0 {
			c.DeviceClients = clients
		}
	}
}

// LogBuffer collects log output safely from many goroutines.
type LogBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

// Write implements io.Writer.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testWriter sends server logs to stderr when ACCOUNTD_TEST_LOG is set, and nowhere
// otherwise: a passing run stays quiet.
func testWriter() io.Writer {
	if os.Getenv("ACCOUNTD_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}

// WithLocalhostPublicURL makes ACCOUNTD_PUBLIC_URL http://localhost:<the test server's
// port>: a WebAuthn relying party id must be a domain, and a browser treats localhost
// as a secure context, so passkeys work in Chromium tests opened at that URL.
func WithLocalhostPublicURL() Option {
	return func(c *config.Config) {
		c.PublicURL = strings.Replace(c.OAuthCallbackBase, "127.0.0.1", "localhost", 1)
	}
}
