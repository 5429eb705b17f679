package auth

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
)

// sessionCredentialColumns are what authentication reads of a session, in the order
// AuthenticateSession scans them.
var sessionCredentialColumns = []string{
	session.FieldID, session.FieldFamilyID, session.FieldRevokedAt, session.FieldRotatedAt,
	session.FieldExpiresAt, session.FieldAbsoluteExpiresAt, session.FieldLastUsedAt, session.FieldAuthenticatedAt,
	session.FieldSecondFactorAt,
}

// lastUsedPrecision is how stale a session's last-used time may get: writing it on
// every request would turn each read into a write.
const lastUsedPrecision = time.Minute

// touch records a credential's use at now when the use recorded last (last; never,
// when not Valid) is lastUsedPrecision old or older. write is a conditional update of
// the credential's row that applies only while its recorded use is older than cutoff,
// so concurrent requests write it once; a failure, logged as "<what> update failed"
// with the credential's id under idKey, costs nothing but precision.
func (s *Service) touch(ctx context.Context, last stdsql.NullTime, now time.Time, what, idKey, id string, write func(cutoff time.Time) (int, error)) {
	if last.Valid && now.Sub(last.Time) < lastUsedPrecision {
		return
	}
	if _, err := write(now.Add(-lastUsedPrecision)); err != nil {
		s.log.WarnContext(ctx, what+" update failed", idKey, id, "error", err)
	}
}

// NewSession is a session just opened: the token is shown this once.
type NewSession struct {
	ID        string
	Token     string
	ExpiresAt time.Time
}

// OpenSession writes a new session for the account userID in tx, at the end of a
// log-in, a sign-up's verification, a social log-in or a second factor; passwordProved
// when the person proved the password (fresh authentication starts then).
// ErrAccountSuspended when the account is suspended: this is the one check every way
// in passes (password, passkey, social, code, device grant), read in tx so a
// suspension committed before it is seen. Callers check the credential first, so
// only whoever proved it learns of the suspension.
func (s *Service) OpenSession(ctx context.Context, tx *ent.Tx, userID string, passwordProved bool) (*NewSession, error) {
	if err := RequireNotSuspended(ctx, tx, userID); err != nil {
		return nil, err
	}
	return s.openSession(ctx, tx, userID, passwordProved, nil)
}

// RequireNotSuspended answers ErrAccountSuspended when the account userID is
// suspended, read in tx: the check before a new credential of the account (a session,
// a device grant's key) is made.
func RequireNotSuspended(ctx context.Context, tx *ent.Tx, userID string) error {
	suspended, err := tx.User.Query().Where(user.ID(userID), user.SuspendedAtNotNil()).Exist(ctx)
	if err != nil {
		return fmt.Errorf("read suspension: %w", err)
	}
	if suspended {
		return ErrAccountSuspended
	}
	return nil
}

// HoldNotSuspended is RequireNotSuspended for a transaction that creates a lasting
// credential for a fleet (an API key, a provisioning key) on the account's say-so: on
// PostgreSQL it reads the account's row FOR SHARE, which holds until tx ends. A
// suspension's UPDATE of the row then waits for tx, and its revocations
// (revokeCreatedForFleets) see the credential tx made; a suspension that updated the
// row first makes this read wait for it and see it (security review M1). SQLite
// serialises write transactions (BEGIN IMMEDIATE), so there the plain read is enough.
// Only for transactions that never update the users row afterwards: two of them
// holding the shared lock would deadlock on the upgrade.
func HoldNotSuspended(ctx context.Context, tx *ent.Tx, userID string) error {
	// The row is chosen by its id alone: a condition on suspended_at would be judged on
	// the snapshot, before the lock, and pass a row a suspension is updating unlocked.
	u, err := tx.User.Query().Where(user.ID(userID), forShare).Only(ctx)
	if ent.IsNotFound(err) {
		return nil // deleted meanwhile: the insert's foreign key refuses (viewer.Vanished)
	}
	if err != nil {
		return fmt.Errorf("read suspension: %w", err)
	}
	if u.SuspendedAt != nil {
		return ErrAccountSuspended
	}
	return nil
}

// forShare adds FOR SHARE to a read of users on PostgreSQL (SQLite has no row locks).
func forShare(s *sql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.ForShare()
	}
}

// openSession writes a session for the user. parent is the session being refreshed, if
// any: the new one joins its family and keeps its absolute expiry and proof time.
func (s *Service) openSession(ctx context.Context, tx *ent.Tx, userID string, passwordProved bool, parent *ent.Session) (*NewSession, error) {
	now := s.now()
	c := viewer.ClientFrom(ctx)
	secret, hash := token.New(token.Session)
	create := tx.Session.Create().
		SetUserID(userID).
		SetTokenHash(hash).
		SetCreatedAt(now).
		SetLastUsedAt(now).
		SetIP(clip(c.IP, 64)).
		SetUserAgent(clip(c.UserAgent, 512))
	absolute := now.Add(s.cfg.SessionMaxAge)
	if parent != nil {
		absolute = parent.AbsoluteExpiresAt
		create.SetFamilyID(parent.FamilyID).SetNillableAuthenticatedAt(parent.AuthenticatedAt).
			SetNillableSecondFactorAt(parent.SecondFactorAt)
	} else {
		// The family is named after its first session.
		id := session.DefaultID()
		create.SetID(id).SetFamilyID(id)
		if passwordProved {
			create.SetAuthenticatedAt(now)
		}
	}
	expires := now.Add(s.cfg.SessionTTL)
	if expires.After(absolute) {
		expires = absolute
	}
	create.SetExpiresAt(expires).SetAbsoluteExpiresAt(absolute)
	sess, err := create.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("open session: %w", err)
	}
	return &NewSession{ID: sess.ID, Token: secret, ExpiresAt: sess.ExpiresAt}, nil
}

// AuthenticateSession finds the session of a session token; anything else, an API key
// included, is ErrUnauthenticated. It is one indexed lookup, which also reads the
// account (Viewer.User). A token that was rotated by a refresh and is presented again is
// a sign of theft: the whole session family is revoked (refresh token reuse detection).
func (s *Service) AuthenticateSession(ctx context.Context, secret string) (*viewer.Viewer, error) {
	if !token.Plausible(secret, token.Session) {
		return nil, ErrUnauthenticated
	}
	var (
		id, family                                        string
		revoked, rotated, expires, absolute, lastUsed, at stdsql.NullTime
		secondFactor                                      stdsql.NullTime
	)
	u, err := s.sessionByToken.run(ctx, s.sql, token.Hash(secret),
		&id, &family, &revoked, &rotated, &expires, &absolute, &lastUsed, &at, &secondFactor)
	if errors.Is(err, errNoCredential) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	now := s.now()
	if rotated.Valid && !revoked.Valid {
		if err := s.revokeFamily(ctx, u.ID, family); err != nil {
			return nil, err
		}
		return nil, ErrUnauthenticated
	}
	if revoked.Valid || !now.Before(expires.Time) || !now.Before(absolute.Time) {
		return nil, ErrUnauthenticated
	}
	if u.SuspendedAt != nil {
		return nil, ErrAccountSuspended // read with the session, no query of its own
	}
	s.touch(ctx, lastUsed, now, "session last-used", "session_id", id, func(cutoff time.Time) (int, error) {
		return s.db.Session.Update().Where(session.ID(id), session.LastUsedAtLT(cutoff)).SetLastUsedAt(now).Save(ctx)
	})
	v := &viewer.Viewer{UserID: u.ID, Kind: viewer.SessionToken, CredentialID: id, User: u}
	if at.Valid {
		v.AuthenticatedAt = at.Time
	}
	if secondFactor.Valid {
		v.SecondFactorAt = secondFactor.Time
	}
	return v, nil
}

// revokeFamily ends every session of a refresh chain after one of its rotated tokens
// came back.
func (s *Service) revokeFamily(ctx context.Context, userID, familyID string) error {
	return s.inTx(ctx, func(tx *ent.Tx) error {
		n, err := tx.Session.Update().
			Where(session.FamilyID(familyID), session.RevokedAtIsNil()).
			SetRevokedAt(s.now()).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("revoke session family: %w", err)
		}
		if n == 0 {
			return nil
		}
		s.log.WarnContext(ctx, "rotated session token reused: session revoked",
			"user_id", userID, "family_id", familyID, "sessions", n)
		return s.record(ctx, tx.Client(), userID, EventSessionReuse)
	})
}

// Security log event kinds of sessions.
const (
	EventLogOut         = "log_out"
	EventSessionRefresh = "session_refreshed"
	EventSessionReuse   = "session_token_reused"
)

// Refreshed is a session that went on under a new token, and its account.
type Refreshed struct {
	User    *ent.User
	Session *NewSession
}

// RefreshSession rotates the viewer's session token: the session goes on under a new
// token with a new 7-day expiry, within the family's absolute cap, and the old token
// is dead (and revokes the session if it is ever presented again).
func (s *Service) RefreshSession(ctx context.Context) (*Refreshed, error) {
	v, err := SessionViewer(ctx)
	if err != nil {
		return nil, err
	}
	var res *Refreshed
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		now := s.now()
		cur, err := tx.Session.Get(ctx, v.CredentialID)
		if err != nil {
			return fmt.Errorf("find session: %w", err)
		}
		n, err := tx.Session.Update().
			Where(session.ID(cur.ID), session.RotatedAtIsNil(), session.RevokedAtIsNil()).
			SetRotatedAt(now).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("rotate session: %w", err)
		}
		if n != 1 || !now.Before(cur.AbsoluteExpiresAt) {
			return ErrUnauthenticated // a concurrent refresh or logOut won
		}
		sess, err := s.openSession(ctx, tx, cur.UserID, false, cur)
		if err != nil {
			return err
		}
		u, err := tx.User.Get(ctx, cur.UserID)
		if err != nil {
			return fmt.Errorf("find user: %w", err)
		}
		res = &Refreshed{User: u, Session: sess}
		return s.record(ctx, tx.Client(), cur.UserID, EventSessionRefresh)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// LogOut ends the viewer's session.
func (s *Service) LogOut(ctx context.Context) error {
	v, err := SessionViewer(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *ent.Tx) error {
		if _, err := tx.Session.Update().
			Where(session.ID(v.CredentialID), session.RevokedAtIsNil()).
			SetRevokedAt(s.now()).
			Save(ctx); err != nil {
			return fmt.Errorf("log out: %w", err)
		}
		return s.record(ctx, tx.Client(), v.UserID, EventLogOut)
	})
}

// SessionViewer returns the viewer when the request came with a session: the
// operations an API key must not do (log out, two-factor setup, linking an identity).
func SessionViewer(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return nil, ErrUnauthenticated
	case v.Kind != viewer.SessionToken:
		return nil, ErrSessionRequired
	}
	return v, nil
}

// FamilyOf returns the session family of the viewer's session, or "" when the viewer
// came with an API key.
func FamilyOf(ctx context.Context, tx *ent.Tx, v *viewer.Viewer) (string, error) {
	if v.Kind != viewer.SessionToken {
		return "", nil
	}
	sess, err := tx.Session.Get(ctx, v.CredentialID)
	if err != nil {
		return "", fmt.Errorf("find session: %w", err)
	}
	return sess.FamilyID, nil
}

// RevokeSessionsOf ends every live session of the account except those of the family
// keepFamily (none when it is empty), in tx, and returns how many rows it ended. The
// kept family's rotated rows stay as they are, so their reuse still revokes it.
func (s *Service) RevokeSessionsOf(ctx context.Context, tx *ent.Tx, userID, keepFamily string) (int, error) {
	q := tx.Session.Update().Where(session.UserID(userID), session.RevokedAtIsNil())
	if keepFamily != "" {
		q.Where(session.FamilyIDNEQ(keepFamily))
	}
	n, err := q.SetRevokedAt(s.now()).Save(ctx)
	if err != nil {
		return 0, fmt.Errorf("revoke sessions: %w", err)
	}
	return n, nil
}
