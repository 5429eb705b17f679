package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/recoverycode"
	enttotp "github.com/accountd/accountd/ent/totp"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/totp"
)

// ErrSecondFactorRequired asks for the second factor of an account that has one.
var ErrSecondFactorRequired = fault.New(fault.InvalidCode, "Enter a code from your authenticator app, or a recovery code.")

// proveSecondFactor checks, for an account with two-factor authentication on, a code
// from the authenticator app or a recovery code given with a sensitive operation:
// turning two-factor off, regenerating recovery codes, deleting the account. The
// password alone must not remove the second factor it guards (ASVS 7.5.1; Keycloak
// CVE-2023-3597). A code is used up like at log-in (the step is remembered, a recovery
// code spent), and answers count against the account's second-factor limit. For an
// account without two-factor it checks nothing.
func (s *Service) proveSecondFactor(ctx context.Context, userID string, code *string) error {
	t, err := s.DB.TOTP.Query().Where(enttotp.UserID(userID), enttotp.ConfirmedAtNotNil()).Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("second factor: %w", err)
	}
	if code == nil || *code == "" {
		return ErrSecondFactorRequired.OnField("input", "code")
	}
	if err := s.Limiter.Allow(ctx, limits.TwoFactorAnswers.Key(userID), limits.TwoFactorAnswers); err != nil {
		return err
	}
	if step, ok, err := s.checkCode(t, *code); err != nil {
		return fmt.Errorf("second factor: %w", err)
	} else if ok {
		n, err := s.DB.TOTP.Update().
			Where(enttotp.ID(t.ID), stepUnused(step, s.Now())).
			SetLastUsedStep(step).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("second factor: use code: %w", err)
		}
		if n == 1 {
			return nil
		}
		return ErrInvalidCode.OnField("input", "code")
	}
	if hash, ok := totp.HashRecoveryCode(*code); ok {
		n, err := s.DB.RecoveryCode.Update().
			Where(recoverycode.UserID(userID), recoverycode.CodeHash(hash), recoverycode.UsedAtIsNil()).
			SetUsedAt(s.Now()).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("second factor: use recovery code: %w", err)
		}
		if n == 1 {
			return s.record(ctx, s.DB, userID, EventRecoveryCodeUsed)
		}
	}
	return ErrInvalidCode.OnField("input", "code")
}
