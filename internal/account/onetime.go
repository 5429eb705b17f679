package account

import (
	"context"
	"errors"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/internal/onetime"
)

// The emailed links and the two-factor challenge are one-time secrets of
// internal/onetime; these helpers put the account's rules on top: a link is bound to
// the account's current address, and a secret that does not work is ErrInvalidToken on
// the token field.

// tokens is the one-time store on the service's clock.
func (s *Service) tokens() onetime.Store { return onetime.Store{Now: s.now} }

// findLinkToken looks up the live token of an emailed link without using it up, so a
// form with a mistake (a weak password, say) can be corrected and the link still works.
// The token must have the purpose its prefix says, be unused and unexpired, and have
// been sent to the account's current address (ASVS 6.4.1): a link for an address that
// changed since proves nothing. Anything else is ErrInvalidToken on the token field.
func (s *Service) findLinkToken(ctx context.Context, secret, prefix string, purpose onetimetoken.Purpose) (*ent.OneTimeToken, *ent.User, error) {
	k := onetime.Kind{Purpose: purpose, Prefix: prefix}
	t, err := s.tokens().Find(ctx, s.db, k, secret, func(q *ent.OneTimeTokenQuery) { q.WithUser() })
	if err != nil {
		return nil, nil, invalidToken(err)
	}
	u := t.Edges.User
	if u == nil || t.Email != u.Email {
		return nil, nil, ErrInvalidToken.OnField("input", "token")
	}
	return t, u, nil
}

// useToken redeems a one-time token inside tx (onetime.Store.Redeem); a token already
// used, by a concurrent request say, is ErrInvalidToken.
func (s *Service) useToken(ctx context.Context, tx *ent.Tx, t *ent.OneTimeToken) error {
	return invalidToken(s.tokens().Redeem(ctx, tx, t, 0))
}

// issueToken writes a new one-time token of purpose for u, bound to u's current
// address and valid for ttl, with data kept beside it (nil: none), and returns its
// secret, which starts with prefix.
func (s *Service) issueToken(ctx context.Context, tx *ent.Tx, u *ent.User, prefix string, purpose onetimetoken.Purpose, ttl time.Duration, data map[string]string) (string, error) {
	k := onetime.Kind{Purpose: purpose, Prefix: prefix}
	secret, _, err := s.tokens().Issue(ctx, tx, k, onetime.Ticket{UserID: u.ID, Email: u.Email, TTL: ttl, Data: data})
	return secret, err
}

// retireTokens deletes the account's other tokens of a purpose: only the newest link
// works, and a used one makes the others pointless.
func retireTokens(ctx context.Context, tx *ent.Tx, userID string, purpose onetimetoken.Purpose, keepID string) error {
	return onetime.Store{}.Retire(ctx, tx, userID, onetime.Kind{Purpose: purpose}, keepID)
}

// invalidToken turns onetime.ErrInvalid into ErrInvalidToken on the token field.
func invalidToken(err error) error {
	if errors.Is(err, onetime.ErrInvalid) {
		return ErrInvalidToken.OnField("input", "token")
	}
	return err
}
