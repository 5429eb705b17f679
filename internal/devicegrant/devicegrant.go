// Package devicegrant is the OAuth 2.0 device authorization grant (RFC 8628): a CLI, a
// gateway with a small screen or a device being set up asks for credentials, shows the
// person a short user code, and polls while the person approves the request in the
// console (/activate). On approval the client gets an API key named after it (or a
// session, when it asked for one), made by internal/account's rules.
//
// The rules, each in one place here:
//   - the device code is a 256-bit secret (internal/token), stored only as its SHA-256;
//     the user code is 8 letters of a 20-letter alphabet without look-alikes, stored
//     only as an HMAC under the service's key (too few values for a plain hash);
//   - a request lives 10 minutes and yields its credential once (a conditional update);
//   - a client that polls faster than its interval gets slow_down and 5 more seconds
//     of interval (RFC 8628 §3.5), kept in the row so every process agrees;
//   - wrong user codes are counted per client IP and across all clients
//     (internal/limits), before the check, so concurrent guesses cannot pass the limit;
//   - approving is a sensitive operation (fresh authentication) of a person's session;
//   - the security log records the start, the approval or denial, and the key issued.
package devicegrant

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/deviceauthorization"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/ratelimit"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
)

// Defaults of RFC 8628's numbers.
const (
	// DefaultTTL is how long a request can be approved and polled (expires_in).
	DefaultTTL = 10 * time.Minute
	// DefaultInterval is the least time between two polls (interval, RFC 8628 §3.2).
	DefaultInterval = 5 * time.Second
	// slowDownStep is what slow_down adds to the interval (RFC 8628 §3.5).
	slowDownStep = 5
	// keepExpired is how long an expired request is kept, so a late poll hears
	// expired_token rather than invalid_grant; older ones are deleted.
	keepExpired = time.Hour
	// createAttempts bounds retries after two live user codes clash (1 in 2.56e10).
	createAttempts = 3
)

// Security log event kinds of the device grant.
const (
	EventStarted       = "device_authorization_started"
	EventApproved      = "device_authorization_approved"
	EventDenied        = "device_authorization_denied"
	EventKeyIssued     = "device_authorization_key_issued"
	EventSessionIssued = "device_authorization_session_issued"
)

// Scopes a client may ask for (RFC 6749 §3.3), one at most. The person may narrow a
// key's scope when approving (READ_ONLY, a fleet), never widen it.
const (
	// ScopeFull asks for an API key of the person's whole account (the default).
	ScopeFull = "full"
	// ScopeReadOnly asks for a READ_ONLY API key.
	ScopeReadOnly = "read_only"
	// ScopeSession asks for a session token instead of an API key: it expires like a
	// log-in's, and is listed and ended with the sessions.
	ScopeSession = "session"
)

// Config is what the grant needs to know.
type Config struct {
	// PublicURL is the console's base: verification_uri is PublicURL/activate.
	PublicURL string
	Clients   []Client
	// TTL and Interval default to DefaultTTL and DefaultInterval.
	TTL      time.Duration
	Interval time.Duration
}

// Deps are the Service's collaborators.
type Deps struct {
	DB *ent.Client
	// Accounts makes the API key of an approval and checks fresh authentication;
	// Auth opens the session of a client that asked for one, and writes the
	// security log.
	Accounts *account.Service
	Auth     *auth.Service
	Limiter  *ratelimit.Limiter
	// Box makes the MAC that stores a user code (seal.Box.MAC).
	Box *seal.Box
	Now func() time.Time
	Log *slog.Logger
}

// Service runs the device authorization grant.
type Service struct {
	Deps
	cfg     Config
	clients map[string]Client
}

// New returns a Service.
func New(cfg Config, d Deps) *Service {
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	if cfg.Interval < time.Second {
		cfg.Interval = DefaultInterval
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	m := make(map[string]Client, len(cfg.Clients))
	for _, c := range cfg.Clients {
		m[c.ID] = c
	}
	return &Service{Deps: d, cfg: cfg, clients: m}
}

// VerificationURI is where people type the code: the console's /activate page.
func (s *Service) VerificationURI() string { return s.cfg.PublicURL + "/activate" }

// Error is an OAuth error of the token or device authorization endpoint (RFC 6749
// §5.2, RFC 8628 §3.5): its code and the HTTP status it is sent with.
type Error struct {
	Code        string
	Status      int
	Description string
}

func (e *Error) Error() string { return "oauth: " + e.Code }

// The OAuth errors of the grant.
var (
	ErrInvalidRequest       = &Error{"invalid_request", 400, "The request is missing a parameter or has one twice."}
	ErrInvalidClient        = &Error{"invalid_client", 401, "Unknown client_id."}
	ErrInvalidGrant         = &Error{"invalid_grant", 400, "The device code is unknown, was used, or belongs to another client."}
	ErrInvalidScope         = &Error{"invalid_scope", 400, "Ask for one scope of: full, read_only, session."}
	ErrUnsupportedGrantType = &Error{"unsupported_grant_type", 400, "This endpoint only serves grant_type=urn:ietf:params:oauth:grant-type:device_code."}
	ErrAuthorizationPending = &Error{"authorization_pending", 400, "The person has not approved or denied the request yet."}
	ErrSlowDown             = &Error{"slow_down", 400, "Polled too fast: wait 5 more seconds between polls from now on."}
	ErrAccessDenied         = &Error{"access_denied", 400, "The person denied the request."}
	ErrExpiredToken         = &Error{"expired_token", 400, "The request expired: start again."}
)

// Started is a new request: what RFC 8628 §3.2 answers.
type Started struct {
	DeviceCode              string
	UserCode                string // XXXX-XXXX
	VerificationURI         string
	VerificationURIComplete string
	ExpiresIn               int
	Interval                int
}

// Client returns the registered client of id.
func (s *Service) Client(id string) (Client, bool) {
	c, ok := s.clients[id]
	return c, ok
}

// parseScope reads a client's scope: empty, or one of the Scope constants.
func parseScope(scope string) (string, error) {
	f := strings.Fields(scope)
	switch {
	case len(f) == 0:
		return ScopeFull, nil
	case len(f) > 1:
		return "", ErrInvalidScope
	}
	switch f[0] {
	case ScopeFull, ScopeReadOnly, ScopeSession:
		return f[0], nil
	}
	return "", ErrInvalidScope
}

// Start opens a request for a registered client (RFC 8628 §3.1). Errors are *Error,
// a RATE_LIMITED fault, or internal.
func (s *Service) Start(ctx context.Context, clientID, scope string) (*Started, error) {
	if _, ok := s.clients[clientID]; !ok {
		return nil, ErrInvalidClient
	}
	scope, err := parseScope(scope)
	if err != nil {
		return nil, err
	}
	ip := viewer.ClientFrom(ctx).Network()
	if err := s.Limiter.Allow(ctx, limits.DeviceAuthorizations.Key(ip), limits.DeviceAuthorizations); err != nil {
		return nil, err
	}
	now := s.Now()
	interval := int(s.cfg.Interval / time.Second)
	var out *Started
	for attempt := 1; ; attempt++ {
		deviceCode, deviceHash := token.New(token.DeviceCode)
		userCode := newUserCode()
		err = store.InTx(ctx, s.DB, func(tx *ent.Tx) error {
			// Expired requests are kept a while for expired_token, then deleted here:
			// the unique user-code index then only holds recent codes.
			if _, err := tx.DeviceAuthorization.Delete().
				Where(deviceauthorization.ExpiresAtLT(now.Add(-keepExpired))).
				Exec(ctx); err != nil {
				return fmt.Errorf("prune: %w", err)
			}
			if err := tx.DeviceAuthorization.Create().
				SetDeviceCodeHash(deviceHash).
				SetUserCodeMAC(s.userCodeMAC(userCode)).
				SetClientID(clientID).
				SetScope(scope).
				SetInterval(interval).
				SetNextPollAt(now).
				SetExpiresAt(now.Add(s.cfg.TTL)).
				SetCreatedAt(now).
				Exec(ctx); err != nil {
				return fmt.Errorf("insert: %w", err)
			}
			return s.Auth.Record(ctx, tx.Client(), nil, EventStarted)
		})
		if err != nil && ent.IsConstraintError(err) && attempt < createAttempts {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("device authorization: start: %w", err)
		}
		shown := FormatUserCode(userCode)
		out = &Started{
			DeviceCode:              deviceCode,
			UserCode:                shown,
			VerificationURI:         s.VerificationURI(),
			VerificationURIComplete: s.VerificationURI() + "?user_code=" + shown,
			ExpiresIn:               int(s.cfg.TTL / time.Second),
			Interval:                interval,
		}
		return out, nil
	}
}

// Issued is the credential an approved request yields, once (RFC 6749 §5.1).
type Issued struct {
	AccessToken string
	// Scope is what was granted: full, read_only, fleet:<id>:<ROLE> or session.
	Scope string
	// ExpiresIn is the session's life in seconds; zero for an API key (it lives until
	// revoked).
	ExpiresIn int
}

// PollResult is a poll's answer: the credential, or the *Error of the state (pending,
// slow_down, denied, expired), and the interval the client must keep from now on.
type PollResult struct {
	Issued   *Issued
	Interval int
}

// Poll is the client's token request (RFC 8628 §3.4). Errors are *Error or internal;
// a *Error of slow_down comes with the new interval in the result.
func (s *Service) Poll(ctx context.Context, clientID, deviceCode string) (*PollResult, error) {
	if _, ok := s.clients[clientID]; !ok {
		return nil, ErrInvalidClient
	}
	if !token.Plausible(deviceCode, token.DeviceCode) {
		return nil, ErrInvalidGrant
	}
	hash := token.Hash(deviceCode)
	da, err := s.DB.DeviceAuthorization.Query().Where(deviceauthorization.DeviceCodeHash(hash)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrInvalidGrant
	}
	if err != nil {
		return nil, fmt.Errorf("device authorization: poll: %w", err)
	}
	// The hash was found by an index; compare again in constant time, and refuse a
	// code presented by another client than the one it was issued to (RFC 8628 §3.4).
	if !token.Equal(da.DeviceCodeHash, hash) || da.ClientID != clientID || da.UsedAt != nil {
		return nil, ErrInvalidGrant
	}
	now := s.Now()
	if !now.Before(da.ExpiresAt) {
		return &PollResult{Interval: da.Interval}, ErrExpiredToken
	}
	// One conditional update decides whether this poll came in time, so concurrent
	// polls (or two processes) cannot both pass.
	n, err := s.DB.DeviceAuthorization.Update().
		Where(deviceauthorization.ID(da.ID), deviceauthorization.NextPollAtLTE(now)).
		SetNextPollAt(now.Add(time.Duration(da.Interval) * time.Second)).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("device authorization: poll: %w", err)
	}
	if n == 0 {
		interval := da.Interval + slowDownStep
		if err := s.DB.DeviceAuthorization.UpdateOneID(da.ID).
			AddInterval(slowDownStep).
			SetNextPollAt(now.Add(time.Duration(interval) * time.Second)).
			Exec(ctx); err != nil {
			return nil, fmt.Errorf("device authorization: slow down: %w", err)
		}
		return &PollResult{Interval: interval}, ErrSlowDown
	}
	switch da.Status {
	case deviceauthorization.StatusPending:
		return &PollResult{Interval: da.Interval}, ErrAuthorizationPending
	case deviceauthorization.StatusDenied:
		return &PollResult{Interval: da.Interval}, ErrAccessDenied
	}
	issued, err := s.issue(ctx, da)
	if err != nil {
		return nil, err
	}
	return &PollResult{Issued: issued, Interval: da.Interval}, nil
}

// issue makes the credential of an approved request, once: the request is marked used
// by a conditional update in the same transaction as the credential.
func (s *Service) issue(ctx context.Context, da *ent.DeviceAuthorization) (*Issued, error) {
	client := s.clients[da.ClientID]
	var out *Issued
	err := store.InTx(ctx, s.DB, func(tx *ent.Tx) error {
		now := s.Now()
		n, err := tx.DeviceAuthorization.Update().
			Where(deviceauthorization.ID(da.ID), deviceauthorization.UsedAtIsNil(),
				deviceauthorization.StatusEQ(deviceauthorization.StatusApproved),
				deviceauthorization.ExpiresAtGT(now)).
			SetUsedAt(now).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("use: %w", err)
		}
		if n != 1 || da.UserID == nil {
			return ErrInvalidGrant
		}
		userID := *da.UserID
		if da.GrantSession {
			// A session of a device proves no password: sensitive operations from it
			// need the password in the request.
			sess, err := s.Auth.OpenSession(ctx, tx, userID, false)
			if err != nil {
				return err
			}
			out = &Issued{AccessToken: sess.Token, Scope: ScopeSession, ExpiresIn: int(sess.ExpiresAt.Sub(now) / time.Second)}
			return s.Auth.Record(ctx, tx.Client(), &userID, EventSessionIssued)
		}
		k := account.DeviceKey{UserID: userID, Name: client.Name, ReadOnly: da.GrantReadOnly}
		scope := ScopeFull
		if da.GrantReadOnly {
			scope = ScopeReadOnly
		}
		if da.GrantFleetID != nil && da.GrantFleetRole != nil {
			k.FleetID, k.FleetRole = *da.GrantFleetID, fleetmember.Role(*da.GrantFleetRole)
			scope = "fleet:" + k.FleetID + ":" + *da.GrantFleetRole
		}
		secret, err := s.Accounts.IssueDeviceKey(ctx, tx, k)
		if err != nil {
			return err
		}
		out = &Issued{AccessToken: secret, Scope: scope}
		return s.Auth.Record(ctx, tx.Client(), &userID, EventKeyIssued)
	})
	var oe *Error
	switch {
	case errors.As(err, &oe):
		return nil, oe
	case fault.CodeOf(err) != "":
		// The person lost the fleet role they granted meanwhile, or the account was
		// suspended after the approval (ACCOUNT_SUSPENDED): the grant is void.
		return nil, ErrAccessDenied
	case err != nil:
		return nil, fmt.Errorf("device authorization: issue: %w", err)
	}
	return out, nil
}
