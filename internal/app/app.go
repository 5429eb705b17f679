// Package app assembles accountd from its configuration: the store, the services, the
// mail worker and the HTTP handler. cmd/accountd and internal/testkit both start the
// service through it, so tests run exactly what production runs.
package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/breach"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/devicegrant"
	"github.com/accountd/accountd/internal/fleet"
	"github.com/accountd/accountd/internal/httpserver"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/metrics"
	"github.com/accountd/accountd/internal/passkey"
	"github.com/accountd/accountd/internal/password"
	"github.com/accountd/accountd/internal/ratelimit"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/social"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/webhook"
	"github.com/accountd/accountd/web"
)

// Options are what the environment does not say: the clock and logger, and mail worker
// timings for tests.
type Options struct {
	// Now is the clock; nil means the system clock.
	Now func() time.Time
	Log *slog.Logger
	// Worker overrides the mail worker's timings (tests use short ones).
	Worker *mail.WorkerOptions
	// Webhooks overrides the webhook worker's timings (tests use short ones); the
	// configuration's timeout, concurrency and private-network rule still apply.
	Webhooks *webhook.WorkerOptions
	// Tracing instruments the database driver, SMTP and the social log-in calls with
	// spans (tracing.Setup turned tracing on); without it they are not wrapped at all.
	Tracing bool
	// ObserveDB, when set, is told of every database statement (store.WithObserver):
	// tests count a request's commits or cut it off at one statement.
	ObserveDB func(ctx context.Context, op, query string)
}

// App is an assembled accountd.
type App struct {
	Config   config.Config
	Store    *store.Store
	Auth     *auth.Service
	Accounts *account.Service
	Fleets   *fleet.Service
	Mail     *mail.Worker
	// Webhooks manages the endpoints admins add; WebhookWorker delivers every event.
	Webhooks      *webhook.Service
	WebhookWorker *webhook.Worker
	Limiter       *ratelimit.Limiter
	// Hasher hashes passwords and holds the admission gate in front of its queue.
	Hasher  *password.Hasher
	Metrics *metrics.Metrics
	// Handler serves every HTTP route.
	Handler http.Handler
	Log     *slog.Logger
	// draining is set once Serve begins to shut down: /readyz answers 503.
	draining *atomic.Bool
}

// ErrTerminated is the cause a context given to Serve is cancelled with on SIGTERM:
// Serve then drains (ACCOUNTD_SHUTDOWN_DRAIN_DELAY) before it closes its listener.
var ErrTerminated = errors.New("terminated")

// New opens the store, migrates it (or, without ACCOUNTD_AUTO_MIGRATE, checks that it
// is migrated) and wires the service.
func New(ctx context.Context, cfg config.Config, o Options) (*App, error) {
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	now := o.Now
	if now == nil {
		// Microseconds: what PostgreSQL keeps, so a time read back equals the one written.
		now = func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	}
	key, err := secretKey(cfg, log)
	if err != nil {
		return nil, err
	}
	box, err := seal.New(key)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.WithPrepare(cfg.DatabasePrepare), store.WithTracing(o.Tracing), store.WithObserver(o.ObserveDB))
	if err != nil {
		return nil, err
	}
	st.Log = log
	migrate := st.Migrate
	if !cfg.AutoMigrate {
		migrate = st.CheckSchema
	}
	if err := migrate(ctx); err != nil {
		_ = st.Close()
		return nil, err
	}

	renderer, err := mail.NewRenderer()
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	var (
		sender     mail.Sender
		devMailbox http.Handler
	)
	if cfg.SMTPURL != "" {
		s, err := mail.NewSMTPSender(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			_ = st.Close()
			return nil, fmt.Errorf("ACCOUNTD_SMTP_URL: %w", err)
		}
		sender = s
		if o.Tracing {
			sender = tracedSender{Sender: s, server: smtpHost(cfg.SMTPURL)}
		}
	} else {
		dev := mail.NewDevSender(log)
		sender, devMailbox = dev, dev.Handler()
		log.Info("no ACCOUNTD_SMTP_URL: email goes to the log and the dev mailbox")
	}
	if !cfg.Dev() && cfg.MetricsAddr == "" {
		log.Warn(noMetricsWarning)
	}
	m := metrics.New()
	wopts := mail.WorkerOptions{PollInterval: cfg.MailPollInterval, Senders: cfg.MailSenders, SendTimeout: cfg.MailSendTimeout, Lease: cfg.MailLease}
	if o.Worker != nil {
		wopts = *o.Worker
	}
	wopts.Now, wopts.Observe = now, m.Email
	worker := mail.NewWorker(st.Client, renderer, sender, box, wopts, log)
	hooks, emitter, webhooks, err := newWebhooks(cfg, o, st, box, m, now, log)
	if err != nil {
		_ = st.Close()
		return nil, err
	}

	params := password.Params{
		MemoryKiB:   cfg.Argon2MemoryKiB,
		Iterations:  cfg.Argon2Iterations,
		Parallelism: cfg.Argon2Parallelism,
		SaltLength:  16,
		KeyLength:   32,
	}
	policy := password.Policy{MinLength: cfg.PasswordMinLength, MaxLength: cfg.PasswordMaxLength, MinScore: cfg.PasswordMinScore}
	if err := errors.Join(params.Validate(), policy.Validate()); err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("ACCOUNTD_ARGON2_* / ACCOUNTD_PASSWORD_*: %w", err)
	}
	hasher := password.NewHasher(params, cfg.HashWorkers, password.MaxWaiting(cfg.HashMaxWaiting), password.AdmitWait(cfg.AdmissionWait))
	limiter := ratelimit.New(st, now)
	limiter.OnRefusal(m.Refused)
	instrument(m, hasher, worker, st.Ping)
	socialLogIn, err := social.New(social.Config{
		Google:       social.GoogleConfig{ClientID: cfg.GoogleClientID, ClientSecret: cfg.GoogleClientSecret, Issuer: cfg.GoogleIssuer},
		GitHub:       social.GitHubConfig{ClientID: cfg.GitHubClientID, ClientSecret: cfg.GitHubClientSecret, AuthURL: cfg.GitHubAuthURL, TokenURL: cfg.GitHubTokenURL, APIURL: cfg.GitHubAPIURL},
		CallbackBase: cfg.CallbackBase(),
		RedirectURLs: cfg.OAuthRedirectURLs,
	}, social.Deps{Box: box, Now: now, Log: log, HTTPClient: providerClient(o.Tracing)})
	if err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("ACCOUNTD_OAUTH_REDIRECT_URLS: %w", err)
	}
	breached := breach.New(breach.Options{
		URL:           cfg.BreachedPasswordURL,
		Timeout:       cfg.BreachedPasswordTimeout,
		Now:           now,
		Log:           log,
		OnUnavailable: m.BreachCheckUnavailable,
	})
	relyingParty, err := passkey.New(passkey.Config{
		PublicURL:      cfg.PublicURL,
		AllowedOrigins: cfg.AllowedOrigins,
		AppOrigins:     cfg.PasskeyAppOrigins,
		Name:           "accountd",
	})
	if errors.Is(err, passkey.ErrIPAddress) {
		log.Warn("passkeys are off: ACCOUNTD_PUBLIC_URL's host is an IP address, which cannot be a WebAuthn relying party id")
	} else if err != nil {
		_ = st.Close()
		return nil, err
	}
	authn := auth.New(auth.Config{SessionTTL: cfg.SessionTTL, SessionMaxAge: cfg.SessionMaxAge},
		auth.Deps{DB: st.Client, SQL: st.DB, Dialect: st.Dialect, Prepare: st.Prepare, Now: now, Log: log})
	accounts := account.NewService(account.Config{
		PublicURL:        strings.TrimRight(cfg.PublicURL, "/"),
		VerifyEmailTTL:   cfg.VerifyEmailTTL,
		ResetPasswordTTL: cfg.ResetPasswordTTL,
		Limits: account.Limits{
			LogIn:       limits.LogIn.With(cfg.LogInMaxAttempts, cfg.LogInLockWindow),
			LogInPerIP:  limits.LogInPerIP.With(cfg.LogInIPMaxFailures, cfg.LogInLockWindow),
			EmailsPerIP: limits.EmailsPerIP.With(cfg.EmailsPerIPPerHour, 0),
		},
		ResendInterval:       cfg.ResendInterval,
		TwoFactorMaxFailures: cfg.TwoFactorMaxFailures,
		NoEmailCodeLogIn:     !cfg.EmailCodeLogIn,
	}, account.Deps{
		DB:         st.Client,
		Auth:       authn,
		Hasher:     hasher,
		Policy:     policy,
		Breach:     breached,
		Limiter:    limiter,
		Box:        box,
		Social:     socialLogIn,
		WakeMailer: worker.Wake,
		Webhooks:   emitter,
		Now:        now,
		Log:        log,
		LogIns:     m,
		// nil when the public URL's host is an IP address: passkeys are off.
		RelyingParty: relyingParty,
	})
	fleets := fleet.NewService(fleet.Config{
		PublicURL:     strings.TrimRight(cfg.PublicURL, "/"),
		InvitationTTL: fleet.DefaultInvitationTTL,
	}, fleet.Deps{DB: st.Client, Box: box, Limiter: limiter, WakeMailer: worker.Wake, Webhooks: emitter, Now: now, Log: log})
	accounts.SetFleetKeys(fleets)
	for kind, r := range accounts.Resolvers() {
		worker.Resolve(kind, r)
	}
	// Endpoints are managed by admins only: the same check as every admin operation.
	webhooks.Authorize = accounts.CheckAdmin
	webhooks.AdminWrite = accounts.AdminWriteOn
	deviceClients, err := config.ParseDeviceClients(cfg.DeviceClients)
	if err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("ACCOUNTD_DEVICE_CLIENTS: %w", err)
	}
	grants := devicegrant.New(devicegrant.Config{
		PublicURL: cfg.PublicURL,
		Clients:   deviceClientsOf(deviceClients),
		Interval:  cfg.DevicePollInterval,
	}, devicegrant.Deps{DB: st.Client, Accounts: accounts, Auth: authn, Limiter: limiter, Box: box, Now: now, Log: log})

	trustedProxies, err := cfg.TrustedProxyPrefixes()
	if err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("ACCOUNTD_TRUSTED_PROXIES: %w", err)
	}
	manifests := [][]byte{web.TrustedDocuments()}
	for _, path := range cfg.TrustedDocumentsManifests {
		b, err := os.ReadFile(path)
		if err != nil {
			_ = st.Close()
			return nil, fmt.Errorf("ACCOUNTD_TRUSTED_DOCUMENTS_MANIFESTS: %w", err)
		}
		manifests = append(manifests, b)
	}
	draining := new(atomic.Bool)
	handler, err := httpserver.New(httpserver.Options{
		Auth:              authn,
		Accounts:          accounts,
		Fleets:            fleets,
		DeviceGrants:      grants,
		Webhooks:          webhooks,
		Social:            socialLogIn,
		Ping:              st.Ready,
		Draining:          draining.Load,
		Dev:               cfg.Dev(),
		SecureCookies:     !cfg.Dev() || strings.HasPrefix(cfg.PublicURL, "https://"),
		AllowedOrigins:    allowedOrigins(cfg),
		TrustedProxies:    trustedProxies,
		DevMailbox:        devMailbox,
		Console:           web.Console(),
		Playground:        web.Playground(),
		TrustedDocuments:  cfg.TrustedDocuments,
		DocumentManifests: manifests,
		Metrics:           m,
		MetricsHandler:    publicMetrics(cfg, m),
		Admission:         hasher,
		Log:               log,
	})
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	return &App{
		Config: cfg, Store: st, Auth: authn, Accounts: accounts, Fleets: fleets, Mail: worker, Limiter: limiter, Hasher: hasher, Metrics: m,
		Webhooks: webhooks, WebhookWorker: hooks,
		Handler: handler, Log: log, draining: draining,
	}, nil
}

// RunWorkers runs the background work (mail, webhooks, pruning of old rate-limit counters)
// until ctx is done.
func (a *App) RunWorkers(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { a.Mail.Run(ctx) })
	wg.Go(func() { a.WebhookWorker.Run(ctx) })
	wg.Go(func() {
		t := time.NewTicker(10 * time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := a.Limiter.Prune(ctx, time.Hour); err != nil && ctx.Err() == nil {
					a.Log.Warn("pruning rate limits failed", "error", err)
				}
			}
		}
	})
	wg.Wait()
}

// Serve listens on the configured address until ctx is done, then stops taking new
// requests and lets those in flight finish (graceful shutdown). When ctx was cancelled
// with ErrTerminated (SIGTERM: an orchestrator or a deploy), /readyz first answers 503
// for ACCOUNTD_SHUTDOWN_DRAIN_DELAY while requests are still served, so that the load
// balancer stops sending before the listener closes.
func (a *App) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.Config.ListenAddr)
	if err != nil {
		return fmt.Errorf("listen on %s (ACCOUNTD_LISTEN_ADDR): %w", a.Config.ListenAddr, err)
	}
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	stopMetrics, err := a.serveMetrics()
	if err != nil {
		_ = ln.Close()
		return err
	}
	defer stopMetrics()
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	workersDone := make(chan struct{})
	go func() { a.RunWorkers(workCtx); close(workersDone) }()

	a.Log.Info("accountd listening", "addr", "http://"+ln.Addr().String(), "graphql", "http://"+ln.Addr().String()+"/graphql",
		"env", a.Config.Env, "database", a.Store.Dialect)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		stopWork()
		<-workersDone
		return err
	case <-ctx.Done():
	}
	a.draining.Store(true)
	if delay := a.Config.ShutdownDrainDelay; delay > 0 && errors.Is(context.Cause(ctx), ErrTerminated) {
		a.Log.Info("shutting down: /readyz answers 503, still serving", "drain_delay", delay.String())
		select {
		case <-time.After(delay):
		case err := <-errc:
			stopWork()
			<-workersDone
			return err
		}
	}
	a.Log.Info("shutting down: finishing requests in flight", "timeout", a.Config.ShutdownTimeout.String())
	shutCtx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(shutCtx)
	stopWork()
	<-workersDone
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	a.Log.Info("stopped")
	return nil
}

// Close releases the store.
func (a *App) Close() error { return a.Store.Close() }

// allowedOrigins are the configured origins plus the public URL's own.
func allowedOrigins(cfg config.Config) []string {
	out := append([]string(nil), cfg.AllowedOrigins...)
	if u, err := url.Parse(cfg.PublicURL); err == nil {
		out = append(out, u.Scheme+"://"+u.Host)
	}
	for i, o := range out {
		out[i] = strings.TrimRight(o, "/")
	}
	return out
}

// secretKey returns ACCOUNTD_SECRET_KEY, or in dev a key generated once and kept in
// ACCOUNTD_SECRET_KEY_FILE, so secrets sealed in one run open in the next.
func secretKey(cfg config.Config, log *slog.Logger) ([]byte, error) {
	if cfg.SecretKey != "" {
		return config.DecodeKey(cfg.SecretKey)
	}
	if !cfg.Dev() {
		return nil, errors.New("ACCOUNTD_SECRET_KEY: required outside dev")
	}
	b, err := os.ReadFile(cfg.SecretKeyFile)
	if err == nil {
		key, err := config.DecodeKey(string(b))
		if err != nil {
			return nil, fmt.Errorf("ACCOUNTD_SECRET_KEY_FILE %s: %w", cfg.SecretKeyFile, err)
		}
		return key, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("ACCOUNTD_SECRET_KEY_FILE: %w", err)
	}
	key := make([]byte, seal.KeySize)
	_, _ = rand.Read(key)
	if err := os.MkdirAll(filepath.Dir(cfg.SecretKeyFile), 0o700); err != nil {
		return nil, fmt.Errorf("ACCOUNTD_SECRET_KEY_FILE: %w", err)
	}
	if err := os.WriteFile(cfg.SecretKeyFile, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("ACCOUNTD_SECRET_KEY_FILE: %w", err)
	}
	log.Warn("dev mode: generated a secret key; set ACCOUNTD_SECRET_KEY in production", "file", cfg.SecretKeyFile)
	return key, nil
}

// deviceClientsOf turns ACCOUNTD_DEVICE_CLIENTS into the grant's clients.
func deviceClientsOf(cs []config.DeviceClient) []devicegrant.Client {
	out := make([]devicegrant.Client, len(cs))
	for i, c := range cs {
		out[i] = devicegrant.Client{ID: c.ID, Name: c.Name}
	}
	return out
}
