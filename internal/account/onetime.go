package account

import (
	"context"
	"fmt"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/internal/token"
)

// findLinkToken looks up the live token of an emailed link without using it up, so a
// form with a mistake (a weak password, say) can be corrected and the link still works.
// The token must have the purpose its prefix says, be unused and unexpired, and have
// been sent to the account's current address (ASVS 6.4.1): a link for an address that
// changed since proves nothing. Anything else is ErrInvalidToken on the token field.
func (s *Service) findLinkToken(ctx context.Context, secret, prefix string, purpose onetimetoken.Purpose) (*ent.OneTimeToken, *ent.User, error) {
	if !token.Plausible(secret, prefix) {
		return nil, nil, ErrInvalidToken.OnField("input", "token")
	}
	t, err := s.DB.OneTimeToken.Query().
		Where(
			onetimetoken.TokenHash(token.Hash(secret)),
			onetimetoken.PurposeEQ(purpose),
			onetimetoken.UsedAtIsNil(),
			onetimetoken.ExpiresAtGT(s.Now()),
		).
		WithUser().
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, ErrInvalidToken.OnField("input", "token")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find %s token: %w", purpose, err)
	}
	u := t.Edges.User
	if u == nil || t.Email != u.Email {
		return nil, nil, ErrInvalidToken.OnField("input", "token")
	}
	return t, u, nil
}

// useToken marks a one-time token used. It is the single-use guarantee: of concurrent
// redemptions exactly one updates the row (UPDATE ... WHERE used_at IS NULL AND
// expires_at > now); the others get ErrInvalidToken.
func (s *Service) useToken(ctx context.Context, tx *ent.Tx, t *ent.OneTimeToken) error {
	now := s.Now()
	n, err := tx.OneTimeToken.Update().
		Where(
			onetimetoken.ID(t.ID),
			onetimetoken.UsedAtIsNil(),
			onetimetoken.ExpiresAtGT(now),
		).
		SetUsedAt(now).
		Save(ctx)
	if err != nil {
		return fmt.Errorf("use %s token: %w", t.Purpose, err)
	}
	if n != 1 {
		return ErrInvalidToken.OnField("input", "token")
	}
	return nil
}

// issueToken writes a new one-time token of purpose for u, bound to u's current
// address and valid for ttl, with data kept beside it (nil: none), and returns its
// secret, which starts with prefix. Only the token's SHA-256 is stored.
func (s *Service) issueToken(ctx context.Context, tx *ent.Tx, u *ent.User, prefix string, purpose onetimetoken.Purpose, ttl time.Duration, data map[string]string) (string, error) {
	now := s.Now()
	secret, hash := token.New(prefix)
	create := tx.OneTimeToken.Create().
		SetUserID(u.ID).
		SetPurpose(purpose).
		SetTokenHash(hash).
		SetEmail(u.Email).
		SetExpiresAt(now.Add(ttl)).
		SetCreatedAt(now)
	if data != nil {
		create.SetData(data)
	}
	if err := create.Exec(ctx); err != nil {
		return "", fmt.Errorf("create %s token: %w", purpose, err)
	}
	return secret, nil
}

// retireTokens deletes the account's other tokens of a purpose: only the newest link
// works, and a used one makes the others pointless.
func retireTokens(ctx context.Context, tx *ent.Tx, userID string, purpose onetimetoken.Purpose, keepID string) error {
	if _, err := tx.OneTimeToken.Delete().Where(
		onetimetoken.UserID(userID),
		onetimetoken.PurposeEQ(purpose),
		onetimetoken.IDNEQ(keepID),
	).Exec(ctx); err != nil {
		return fmt.Errorf("retire %s tokens: %w", purpose, err)
	}
	return nil
}
