package account

import (
	"context"
	"fmt"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/viewer"
)

// freshAuthWindow is how long a proof of the password counts for sensitive operations
// (README, fresh authentication; ASVS 7.5.1 asks for re-authentication before
// changing credentials or deleting the account).
const freshAuthWindow = 20 * time.Minute

// Fresh is what a sensitive operation learned about its viewer: who it is, and the
// account as loaded for the check.
type Fresh struct {
	Viewer *viewer.Viewer
	User   *ent.User
}

// requireFresh lets a sensitive operation go ahead only when the owner proved the
// password recently: either in this request (password, when not nil) or, for a
// session, at most freshAuthWindow ago. An API key alone never suffices: it is a
// long-lived secret kept in scripts and must not be enough to take the account over.
//
// An account suspended since the request authenticated is ErrAccountSuspended (the
// account is read here anyway). A password given in the input is always checked, and a wrong one is
// ErrWrongCurrentPassword on field (an empty one ErrCurrentPasswordEmpty); with a session, the proof renews the session's
// authentication time. An account without a password can prove nothing this way.
func (s *Service) requireFresh(ctx context.Context, password *string, field string) (*Fresh, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, ErrUnauthenticated
	}
	u, err := s.db.User.Get(ctx, v.UserID)
	if ent.IsNotFound(err) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("fresh auth: find user: %w", err)
	}
	if u.SuspendedAt != nil {
		// Suspended since the request authenticated: no sensitive operation, and no
		// password check (nothing to count, nothing to hash).
		return nil, ErrAccountSuspended
	}
	if password != nil {
		if *password == "" {
			// Nothing to check, nothing to count: say what is missing.
			if passwordHashOf(u) == "" {
				return nil, ErrPasswordRequired.OnField("input", field)
			}
			return nil, ErrCurrentPasswordEmpty.OnField("input", field)
		}
		if err := s.refuseWhenHashBusy(); err != nil {
			return nil, err
		}
		// Every password check counts, so a stolen session or API key cannot be used to
		// guess the password without limit (ASVS 6.3.1 / NIST 800-63B 5.2.2).
		proofKey := limits.PasswordProof.Key(u.ID)
		if err := s.limiter.Allow(ctx, proofKey, limits.PasswordProof); err != nil {
			return nil, err
		}
		if len(*password) > maxPasswordBytes {
			return nil, ErrWrongCurrentPassword.OnField("input", field)
		}
		phc := passwordHashOf(u)
		ok, err := s.hasher.Verify(ctx, phc, *password)
		if err != nil {
			return nil, fmt.Errorf("fresh auth: verify: %w", s.uncount(ctx, err, proofKey))
		}
		if !ok {
			if phc == "" {
				return nil, ErrPasswordRequired.OnField("input", field)
			}
			return nil, ErrWrongCurrentPassword.OnField("input", field)
		}
		if v.Kind == viewer.SessionToken {
			now := s.now()
			if err := s.db.Session.UpdateOneID(v.CredentialID).SetAuthenticatedAt(now).Exec(ctx); err != nil && !ent.IsNotFound(err) {
				return nil, fmt.Errorf("fresh auth: renew session: %w", err)
			}
			v.AuthenticatedAt = now
		}
		return &Fresh{Viewer: v, User: u}, nil
	}
	if v.Kind == viewer.SessionToken && !v.AuthenticatedAt.IsZero() &&
		s.now().Sub(v.AuthenticatedAt) < freshAuthWindow {
		return &Fresh{Viewer: v, User: u}, nil
	}
	return nil, ErrFreshAuthRequired
}
