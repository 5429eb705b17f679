package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/internal/token"
)

// VerifyEmailInput is what the verification page sends: the token from the link and,
// for an account without a password, the password to create.
type VerifyEmailInput struct {
	Token    string
	Password *string
}

// VerifyEmail redeems a verification link: the email is verified and the person is
// logged in. When the account has no password yet (email-only sign up) the password is
// created here. The token works once, even under concurrent requests, until it expires,
// and only for the address it was sent to (ASVS 6.4.1).
func (s *Service) VerifyEmail(ctx context.Context, in VerifyEmailInput) (*LogInResult, error) {
	if !token.Plausible(in.Token, token.VerifyEmail) {
		return nil, ErrInvalidToken.OnField("input", "token")
	}
	hash := token.Hash(in.Token)
	// A first look, without using the token up, so that a missing or weak password can
	// be corrected and the link still works.
	t, err := s.DB.OneTimeToken.Query().
		Where(
			onetimetoken.TokenHash(hash),
			onetimetoken.PurposeEQ(onetimetoken.PurposeVerifyEmail),
			onetimetoken.UsedAtIsNil(),
			onetimetoken.ExpiresAtGT(s.Now()),
		).
		WithUser().
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrInvalidToken.OnField("input", "token")
	}
	if err != nil {
		return nil, fmt.Errorf("verify email: find token: %w", err)
	}
	u := t.Edges.User
	if u == nil || t.Email != u.Email {
		// The address changed since the link was sent: the link proves nothing now.
		return nil, ErrInvalidToken.OnField("input", "token")
	}
	var newHash *string
	switch {
	case in.Password != nil:
		if err := s.Policy.Check(*in.Password, u.Email, u.Name); err != nil {
			return nil, asField(err, "password")
		}
		h, err := s.Hasher.Hash(ctx, *in.Password)
		if err != nil {
			return nil, fmt.Errorf("verify email: hash: %w", err)
		}
		newHash = &h
	case u.PasswordHash == nil:
		return nil, ErrPasswordRequired.OnField("input", "password")
	}

	var res *LogInResult
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		now := s.Now()
		// The single-use guarantee: of concurrent redemptions exactly one updates the
		// row (UPDATE ... WHERE used_at IS NULL AND expires_at > now).
		n, err := tx.OneTimeToken.Update().
			Where(
				onetimetoken.ID(t.ID),
				onetimetoken.UsedAtIsNil(),
				onetimetoken.ExpiresAtGT(now),
			).
			SetUsedAt(now).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("use token: %w", err)
		}
		if n != 1 {
			return ErrInvalidToken.OnField("input", "token")
		}
		upd := tx.User.UpdateOneID(u.ID)
		if u.EmailVerifiedAt == nil {
			upd.SetEmailVerifiedAt(now)
		}
		if newHash != nil {
			upd.SetPasswordHash(*newHash).SetPasswordChangedAt(now)
		}
		if u, err = upd.Save(ctx); err != nil {
			return fmt.Errorf("verify user: %w", err)
		}
		if _, err := tx.OneTimeToken.Delete().Where(
			onetimetoken.UserID(u.ID),
			onetimetoken.PurposeEQ(onetimetoken.PurposeVerifyEmail),
			onetimetoken.IDNEQ(t.ID),
		).Exec(ctx); err != nil {
			return fmt.Errorf("retire other verification tokens: %w", err)
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventEmailVerified); err != nil {
			return err
		}
		if newHash != nil {
			if err := s.record(ctx, tx.Client(), u.ID, EventPasswordCreated); err != nil {
				return err
			}
		}
		// Setting the password here proves it; a bare link click does not, so such a
		// session needs the password again before sensitive operations.
		res, err = s.completeLogIn(ctx, tx, u, newHash != nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
