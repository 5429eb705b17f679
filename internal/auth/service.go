// Package auth is who is asking and what they hold: the credential query that
// authenticates each request (a session, an API key, a device token, a provisioning
// key), sessions (open, refresh, list, revoke, log out), API keys once made (list,
// revoke), the security log's writes, and Authorize, the one rule that decides whether
// a principal may read or change an object an account owns. internal/httpserver
// authenticates through it; internal/account calls it for the flows that open a
// session or end sessions.
package auth

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/device"
	"github.com/accountd/accountd/ent/provisioningkey"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/viewer"
)

// Config holds the lifetimes of sessions.
type Config struct {
	// SessionTTL is how long a session lives without a refresh (7 days).
	SessionTTL time.Duration
	// SessionMaxAge caps a session however often it is refreshed (30 days).
	SessionMaxAge time.Duration
}

// Deps are what the Service needs from the rest of the program.
type Deps struct {
	DB *ent.Client
	// SQL is the database under DB, and Dialect its ent dialect (dialect.SQLite or
	// dialect.Postgres): the hot path that authenticates each request is written in SQL.
	SQL     *stdsql.DB
	Dialect string
	// Prepare lets that SQL be prepared once per connection; false (behind a
	// transaction-mode pooler) sends it unprepared each time (store.WithPrepare).
	Prepare bool
	Now     func() time.Time
	Log     *slog.Logger
}

// Service authenticates requests and keeps sessions and API keys.
type Service struct {
	db  *ent.Client
	sql *stdsql.DB
	now func() time.Time
	log *slog.Logger
	cfg Config
	// sessionByToken and apiKeyByKey read a credential with its account.
	sessionByToken, apiKeyByKey *credentialQuery
	// deviceByToken and provisioningKeyByKey read a credential of no account.
	deviceByToken, provisioningKeyByKey *credentialQuery
}

// New returns a Service.
func New(cfg Config, d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	s := &Service{db: d.DB, sql: d.SQL, now: d.Now, log: d.Log, cfg: cfg,
		sessionByToken: newCredentialQuery(d.Dialect, session.Table, session.FieldTokenHash, false, "", sessionCredentialColumns...),
		apiKeyByKey: newCredentialQuery(d.Dialect, apikey.Table, apikey.FieldKeyHash, true, apikey.FieldCreatorID,
			apiKeyCredentialColumns...),
		deviceByToken: newMachineCredentialQuery(d.Dialect, device.Table, device.FieldTokenHash, "",
			device.FieldID, device.FieldFleetID, device.FieldLastSeenAt),
		provisioningKeyByKey: newMachineCredentialQuery(d.Dialect, provisioningkey.Table, provisioningkey.FieldKeyHash,
			provisioningkey.FieldCreatorID,
			provisioningkey.FieldID, provisioningkey.FieldFleetID, provisioningkey.FieldExpiresAt, provisioningkey.FieldRevokedAt),
	}
	for _, q := range []*credentialQuery{s.sessionByToken, s.apiKeyByKey, s.deviceByToken, s.provisioningKeyByKey} {
		q.log = d.Log
		q.unprepared.Store(!d.Prepare)
	}
	return s
}

// Errors of authentication. ErrUnauthenticated is fault's, shared with every domain.
var (
	ErrUnauthenticated = fault.ErrUnauthenticated
	// ErrAccountSuspended: an admin suspended the credential's account (403).
	ErrAccountSuspended = fault.ErrAccountSuspended
	ErrSessionRequired  = fault.New(fault.Forbidden, "This needs a session; an API key cannot do it.")
)

// inTx runs fn in one transaction (store.InTx); a write that failed because the
// viewer's account was deleted meanwhile is UNAUTHENTICATED (viewer.Vanished).
func (s *Service) inTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	return viewer.Vanished(ctx, s.db, store.InTx(ctx, s.db, fn))
}

// Record writes a line of the security log of the account userID (nil: of no account,
// as a failed log-in of an unknown address or a deleted account), with the client of
// the request.
func (s *Service) Record(ctx context.Context, db *ent.Client, userID *string, kind string) error {
	c := viewer.ClientFrom(ctx)
	err := db.SecurityEvent.Create().
		SetNillableUserID(userID).
		SetKind(kind).
		SetIP(clip(c.IP, 64)).
		SetUserAgent(clip(c.UserAgent, 512)).
		SetCreatedAt(s.now()).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("record %s: %w", kind, err)
	}
	return nil
}

// record writes a line of the account's security log.
func (s *Service) record(ctx context.Context, db *ent.Client, userID, kind string) error {
	return s.Record(ctx, db, &userID, kind)
}

// Clip is clip for the other writers of request details (the admin audit log).
func Clip(s string, n int) string { return clip(s, n) }

// clip shortens s to at most n bytes without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
