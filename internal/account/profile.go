package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/totp"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/password"
	"github.com/accountd/accountd/internal/viewer"
)

// TwoFactorEnabled reports whether the account has a confirmed second factor.
func (s *Service) TwoFactorEnabled(ctx context.Context, userID string) (bool, error) {
	if !auth.Visible(ctx, userID) {
		return false, nil
	}
	on, err := s.db.TOTP.Query().Where(totp.UserID(userID), totp.ConfirmedAtNotNil()).Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("two-factor state: %w", err)
	}
	return on, nil
}

// Strength is a password's score for a strength meter, and whether the policy
// accepts it.
type Strength struct {
	Score       int
	Acceptable  bool
	Warning     string
	Suggestions []string
}

// PasswordStrength scores a password the way sign up will judge it. It is limited per
// client IP (a top-level RATE_LIMITED error: the field has no payload).
func (s *Service) PasswordStrength(ctx context.Context, pw, email string) (Strength, error) {
	if err := s.limiter.Allow(ctx, limits.PasswordStrength.Key(viewer.ClientFrom(ctx).Network()), limits.PasswordStrength); err != nil {
		return Strength{}, err
	}
	st := password.StrengthOf(pw, email)
	out := Strength{Score: st.Score, Warning: st.Warning, Suggestions: st.Suggestions, Acceptable: true}
	if err := s.policy.Check(pw, email); err != nil {
		out.Acceptable = false
		if f, ok := fault.As(err); ok && out.Warning == "" {
			out.Warning = f.Message
		}
	}
	if out.Suggestions == nil {
		out.Suggestions = []string{}
	}
	return out, nil
}

// EventProfileUpdated is the security log kind of a profile change.
const EventProfileUpdated = "profile_updated"

// ProfileInput changes the profile; a nil field stays as it is.
type ProfileInput struct {
	Name    *string
	Company *string
}

// UpdateProfile changes the viewer's name and company.
func (s *Service) UpdateProfile(ctx context.Context, in ProfileInput) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, ErrUnauthenticated
	}
	var errs []*fault.Error
	if in.Name != nil {
		errs = enforceName(errs, in.Name, "name", profileName)
	}
	if in.Company != nil {
		errs = enforceName(errs, in.Company, "company", profileName)
	}
	if err := fault.Join(errs...); err != nil {
		return nil, err
	}
	var out *ent.User
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		u, err := tx.User.UpdateOneID(v.UserID).
			SetNillableName(in.Name).
			SetNillableCompany(in.Company).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("update profile: %w", err)
		}
		out = u
		return s.record(ctx, tx.Client(), v.UserID, EventProfileUpdated)
	})
	if err != nil {
		return nil, err
	}
	return out.Unwrap(), nil
}
