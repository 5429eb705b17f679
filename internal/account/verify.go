package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/internal/token"
)

// VerifyEmailInput is what the verification page sends: the token from the link and
// the password to create, or instead the sign-up proof of the browser or app that
// chose the password when signing up.
type VerifyEmailInput struct {
	Token    string
	Password *string
	// SignUpProof is what SignUp returned to the client that signed up.
	SignUpProof string
}

// VerifyEmail redeems a verification link: the email is verified and the person is
// logged in. The password is the one typed here; without one, the password chosen at
// sign-up is kept only when the request carries that sign-up's proof (the same browser
// or app) and the link is the one that sign-up mailed: a password chosen by someone
// who merely knew the address never survives its owner's verification. Otherwise the
// answer is ErrPasswordRequired and the link still works. The token works once, even
// under concurrent requests, until it expires, and only for the address it was sent to
// (ASVS 6.4.1).
func (s *Service) VerifyEmail(ctx context.Context, in VerifyEmailInput) (*LogInResult, error) {
	t, u, err := s.findLinkToken(ctx, in.Token, token.VerifyEmail, onetimetoken.PurposeVerifyEmail)
	if err != nil {
		return nil, err
	}
	var newHash *string
	switch {
	case in.Password != nil:
		if err := s.checkNewPassword(ctx, *in.Password, u.Email, u.Name); err != nil {
			return nil, asField(err, "password")
		}
		h, err := s.hasher.Hash(ctx, *in.Password)
		if err != nil {
			return nil, fmt.Errorf("verify email: hash: %w", err)
		}
		newHash = &h
	case !s.provenSignUp(t, u, in.SignUpProof):
		return nil, ErrPasswordRequired.OnField("input", "password")
	}

	var res *LogInResult
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if err := s.useToken(ctx, tx, t); err != nil {
			return err
		}
		now := s.now()
		upd := tx.User.UpdateOneID(u.ID)
		if u.EmailVerifiedAt == nil {
			upd.SetEmailVerifiedAt(now)
		}
		if newHash != nil {
			upd.SetPasswordHash(*newHash).SetPasswordChangedAt(now).ClearPasswordBreachedAt()
		}
		if u, err = upd.Save(ctx); err != nil {
			return fmt.Errorf("verify user: %w", err)
		}
		if err := retireTokens(ctx, tx, u.ID, onetimetoken.PurposeVerifyEmail, t.ID); err != nil {
			return err
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
