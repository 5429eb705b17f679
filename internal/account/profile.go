package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/totp"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/password"
	"github.com/accountd/accountd/internal/viewer"
)

// Node returns the object with a global id when the viewer may see it, and nil
// otherwise: someone else's object and a missing one look the same (ASVS 8.2.2).
func (s *Service) Node(ctx context.Context, nodeID string) (any, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, nil
	}
	switch id.Prefix(nodeID) {
	case id.User:
		if nodeID != v.UserID {
			return nil, nil
		}
		u, err := s.DB.User.Get(ctx, nodeID)
		if ent.IsNotFound(err) {
			return nil, nil
		}
		return u, err
	case id.APIKey:
		return s.apiKeyNode(ctx, v.UserID, nodeID)
	}
	return nil, nil
}

// TwoFactorEnabled reports whether the account has a confirmed second factor.
func (s *Service) TwoFactorEnabled(ctx context.Context, userID string) (bool, error) {
	on, err := s.DB.TOTP.Query().Where(totp.UserID(userID), totp.ConfirmedAtNotNil()).Exist(ctx)
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

// PasswordStrength scores a password the way sign up will judge it.
func (s *Service) PasswordStrength(pw, email string) Strength {
	st := password.StrengthOf(pw, email)
	out := Strength{Score: st.Score, Warning: st.Warning, Suggestions: st.Suggestions, Acceptable: true}
	if err := s.Policy.Check(pw, email); err != nil {
		out.Acceptable = false
		if f, ok := fault.As(err); ok && out.Warning == "" {
			out.Warning = f.Message
		}
	}
	if out.Suggestions == nil {
		out.Suggestions = []string{}
	}
	return out
}
