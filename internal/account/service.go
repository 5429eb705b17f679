// Package account holds the use-cases of an account: sign up, verify the email, log
// in, sessions, and (in later files) password reset, API keys, two-factor and
// deletion. Each file reads as the flow a person follows.
package account

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/passkey"
	"github.com/accountd/accountd/internal/password"
	"github.com/accountd/accountd/internal/ratelimit"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/social"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/viewer"
	"github.com/accountd/accountd/internal/webhook"
)

// Config holds the lifetimes and limits of the account flows.
type Config struct {
	// PublicURL is the base of every link in an email.
	PublicURL string
	// VerifyEmailTTL is how long an email verification link works (24 hours).
	VerifyEmailTTL time.Duration
	// ResetPasswordTTL is how long a password reset link works (1 hour).
	ResetPasswordTTL time.Duration
	// Limits are the configurable throttles of log-in and email flows; what is left
	// zero comes from internal/limits.
	Limits Limits
	// ResendInterval is the least time between two emails to one address (the window
	// of limits.VerificationEmail and limits.ResetEmail); zero takes theirs.
	ResendInterval time.Duration
	// TwoFactorMaxFailures is the wrong second-factor answers in a row after which codes
	// from the app lock until a recovery code or a password reset (0: limits.TwoFactorFailures).
	TwoFactorMaxFailures int
	// NoEmailCodeLogIn turns log-in by emailed code off (ACCOUNTD_EMAIL_CODE_LOGIN=false):
	// requestLogInCode and logInWithCode answer ErrEmailCodeLogInDisabled.
	NoEmailCodeLogIn bool
}

// Hasher hashes and verifies passwords; password.Hasher is the real one.
type Hasher interface {
	// Hash returns a PHC string for the password.
	Hash(ctx context.Context, password string) (string, error)
	// Verify reports whether password matches the PHC string; with an empty PHC string
	// it spends the same time and reports false.
	Verify(ctx context.Context, phc, password string) (bool, error)
	// NeedsRehash reports whether a PHC string was made with other parameters.
	NeedsRehash(phc string) bool
	// Refuse reports whether so many callers wait for hashing that the next would be
	// refused (password.ErrBusy), so a flow can refuse before it counts an attempt.
	Refuse() bool
}

// hashBusyRetry is the retry-after of a request refused because hashing is busy: the
// queue that was full drains in about a second and a half (password.DefaultWaitingPerWorker).
const hashBusyRetry = 2 * time.Second

// hashBusy answers a request that found the hashing queue full, as a rate limit: a
// clean RATE_LIMITED with retryAfterSeconds, whether the account exists or not. One
// value, so errors.Is tells it from other refusals.
var hashBusy = fault.Limited(hashBusyRetry)

func errHashBusy() error { return hashBusy }

// uncount takes back the hits a request counted before the hashing queue turned it
// away (err is hashBusy): a refusal for load must not use up a log-in attempt, a
// password proof or the minute's email. It returns err.
func (s *Service) uncount(ctx context.Context, err error, keys ...string) error {
	if !errors.Is(err, hashBusy) {
		return err
	}
	s.unhit(ctx, keys)
	return err
}

// uncountCancelled takes back the hits a request counted before its client cut it off
// (ctx ended) and it did nothing they limit: a sign-up whose transaction rolled back
// sent no email, and the person trying again must not find the minute's email used
// up. A refusal for load (hashBusy) is uncount's to take back, once. It returns err.
func (s *Service) uncountCancelled(ctx context.Context, err error, keys ...string) error {
	if ctx.Err() == nil || errors.Is(err, hashBusy) {
		return err
	}
	s.unhit(context.WithoutCancel(ctx), keys)
	return err
}

func (s *Service) unhit(ctx context.Context, keys []string) {
	for _, k := range keys {
		if uerr := s.limiter.Unhit(ctx, k); uerr != nil {
			s.log.WarnContext(ctx, "rate limit: taking back a hit failed", "error", uerr)
		}
	}
}

// refuseWhenHashBusy returns errHashBusy when the hashing queue is full: flows that
// hash call it first, before they count an attempt or spend a rate-limited email.
func (s *Service) refuseWhenHashBusy() error {
	if s.hasher.Refuse() {
		return errHashBusy()
	}
	return nil
}

// busyAsLimited turns password.ErrBusy into errHashBusy for every caller of the Hasher.
type busyAsLimited struct{ Hasher }

func (h busyAsLimited) Hash(ctx context.Context, password string) (string, error) {
	phc, err := h.Hasher.Hash(ctx, password)
	return phc, busyErr(err)
}

func (h busyAsLimited) Verify(ctx context.Context, phc, password string) (bool, error) {
	ok, err := h.Hasher.Verify(ctx, phc, password)
	return ok, busyErr(err)
}

func busyErr(err error) error {
	if errors.Is(err, password.ErrBusy) {
		return errHashBusy()
	}
	return err
}

// Deps are what the Service needs from the rest of the program.
type Deps struct {
	DB *ent.Client
	// Auth opens and ends sessions and writes the security log.
	Auth   *auth.Service
	Hasher Hasher
	Policy password.Policy
	// Breach checks new passwords against known breaches; nil checks nothing.
	Breach  BreachChecker
	Limiter *ratelimit.Limiter
	Box     *seal.Box
	// Social proves identities at the social log-in providers.
	Social *social.Service
	// WakeMailer is called after a commit that queued email, so it goes out at once.
	WakeMailer func()
	// Webhooks receives the events of the use-cases, in their transactions; nil emits
	// nothing.
	Webhooks *webhook.Outbox
	Now      func() time.Time
	Log      *slog.Logger
	// LogIns counts password log-ins by result; nil counts nothing.
	LogIns LogInCounter
	// RelyingParty is the WebAuthn relying party; nil turns passkeys off.
	RelyingParty *passkey.RP
}

// LogInCounter counts password log-ins by result (metrics).
type LogInCounter interface {
	// LogIn records one result: success, two_factor_challenge, an error code in lower
	// case (invalid_credentials, email_not_verified, rate_limited, ...) or error.
	LogIn(result string)
}

// Service runs the account use-cases. Its dependencies are its own: other packages
// reach sessions and credentials through internal/auth.
type Service struct {
	db         *ent.Client
	auth       *auth.Service
	hasher     Hasher
	policy     password.Policy
	breach     BreachChecker
	limiter    *ratelimit.Limiter
	box        *seal.Box
	social     *social.Service
	wakeMailer func()
	webhooks   *webhook.Outbox
	now        func() time.Time
	log        *slog.Logger
	logIns     LogInCounter
	// relyingParty is the WebAuthn relying party; nil when passkeys are off.
	relyingParty *passkey.RP
	cfg          Config
	// fleetKeys checks the fleet of a fleet-limited or fleet-owned key; nil refuses
	// every such key.
	fleetKeys FleetKeyGrants
}

// FleetKeyGrants checks, in the transaction that creates an API key, that the person
// may give the key a role in a fleet (internal/fleet owns fleets and roles).
type FleetKeyGrants interface {
	// CheckKeyGrant answers nil when userID may create a key acting in fleetID with
	// role, owned by the fleet when fleetOwned; a fault otherwise.
	CheckKeyGrant(ctx context.Context, db *ent.Client, userID, fleetID string, role fleetmember.Role, fleetOwned bool) error
}

// SetFleetKeys gives the Service the fleets' side of fleet keys. The fleet service is
// made after this one, so it is set once both exist.
func (s *Service) SetFleetKeys(g FleetKeyGrants) { s.fleetKeys = g }

// NewService returns a Service.
func NewService(cfg Config, d Deps) *Service {
	if d.WakeMailer == nil {
		d.WakeMailer = func() {}
	}
	cfg.Limits = cfg.Limits.withDefaults()
	if cfg.ResendInterval <= 0 {
		cfg.ResendInterval = limits.VerificationEmail.Window
	}
	if cfg.TwoFactorMaxFailures <= 0 {
		cfg.TwoFactorMaxFailures = limits.TwoFactorFailures.Limit
	}
	return &Service{
		db: d.DB, auth: d.Auth, hasher: busyAsLimited{d.Hasher}, policy: d.Policy, breach: d.Breach,
		limiter: d.Limiter, box: d.Box, social: d.Social, wakeMailer: d.WakeMailer, webhooks: d.Webhooks, now: d.Now, log: d.Log,
		logIns: d.LogIns, relyingParty: d.RelyingParty, cfg: cfg,
	}
}

// PasswordPolicy returns the policy new passwords must meet.
func (s *Service) PasswordPolicy() password.Policy { return s.policy }

// User returns the account with the given id.
func (s *Service) User(ctx context.Context, id string) (*ent.User, error) {
	return s.db.User.Get(ctx, id)
}

// inTx runs fn in a transaction and commits it when fn returns nil. Mail queued by fn
// is sent only once the transaction committed (transactional outbox). A write that
// failed because the viewer's account was deleted meanwhile is UNAUTHENTICATED
// (viewer.Vanished).
func (s *Service) inTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	return viewer.Vanished(ctx, s.db, store.InTx(ctx, s.db, fn))
}

// queueMail writes an email into the outbox within tx.
func (s *Service) queueMail(ctx context.Context, tx *ent.Tx, to, template string, data map[string]string) error {
	return mail.Queue(ctx, tx, s.box, s.now(), s.wakeMailer, to, template, data)
}

// Security log event kinds.
const (
	EventSignUp             = "sign_up"
	EventEmailVerified      = "email_verified"
	EventLogIn              = "log_in"
	EventLogInFailed        = "log_in_failed"
	EventPasswordCreated    = "password_created"
	EventVerificationResent = "verification_resent"
)

// record writes a line of the account's security log, with the client of the request.
func (s *Service) record(ctx context.Context, db *ent.Client, userID, kind string) error {
	return s.auth.Record(ctx, db, &userID, kind)
}

// recordUnknown writes a security log line about an address without an account (a
// failed log-in, a reset request), with no user: for abuse handling, and so that both
// answers cost the same committed write (ASVS 6.3.8: no timing difference).
func (s *Service) recordUnknown(ctx context.Context, db *ent.Client, kind string) error {
	return s.auth.Record(ctx, db, nil, kind)
}
