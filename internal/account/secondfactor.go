package account

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/recoverycode"
	enttotp "github.com/accountd/accountd/ent/totp"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/totp"
)

// The second factor is checked in one place, whatever asks for it: the log-in
// challenge (VerifyTwoFactor), turning two-factor off, regenerating recovery codes and
// deleting the account. checkSecondFactor owns the rules:
//
//   - answers count against the account's second-factor limit (NIST 800-63B §5.2.2);
//   - a code from the app is checked at the current time and must be of a step later
//     than the last one accepted (the replay rule, RFC 6238 §5.2);
//   - a recovery code works once;
//   - a wrong answer is written to the security log and counted: after
//     Config.TwoFactorMaxFailures wrong answers in a row (limits.TwoFactorFailures, 10 by default; NIST 800-63B
//     §5.2.2 allows at most 100) codes from the app lock, even right ones, until a
//     recovery code or a password reset, and the owner is mailed once that someone
//     knows the password (issue 18 item 6);
//   - a recovery code used anywhere writes the security log and mails the owner, with
//     how many codes are left (README: "a recovery code used ... mails the owner").
//
// It checks outside any transaction and returns the spend function that uses the
// answer up, which the guarded operation calls inside its own transaction: the code is
// spent exactly when the operation commits, and of two concurrent operations with the
// same code one commits (a conditional update each: last_used_step < step, used_at IS
// NULL), the other gets ErrInvalidCode.

// ErrSecondFactorRequired asks for the second factor of an account that has one.
var ErrSecondFactorRequired = fault.New(fault.InvalidCode, "Enter a code from your authenticator app, or a recovery code.")

// ErrTwoFactorLocked refuses a code from the app after too many wrong ones in a row.
var ErrTwoFactorLocked = fault.New(fault.TwoFactorLocked, "Codes from your authenticator app are locked after too many wrong ones. Use a recovery code, or reset your password.")

// EventTwoFactorLocked is the security log kind of the second factor locking.
const EventTwoFactorLocked = "two_factor_locked"

// errNoSecondFactor is checkSecondFactor's answer for an account without a confirmed
// second factor.
var errNoSecondFactor = errors.New("account: no second factor")

// factorAnswer is an answer to the second factor: a code from the app, a recovery code,
// or (Either) one of the two, as the sensitive operations take it in one field.
type factorAnswer struct {
	Code, RecoveryCode, Either *string
	// Action says what the answer is for, in words for the owner's email ("to log in").
	Action string
}

// spendFunc uses a checked answer up inside the guarded operation's transaction.
type spendFunc func(ctx context.Context, tx *ent.Tx) error

// checkSecondFactor checks an answer to u's second factor and returns what spends it.
// A wrong code is ErrInvalidCode on field "code" (ErrInvalidRecoveryCode on
// "recoveryCode" for a RecoveryCode answer). An account without a confirmed second
// factor gets errNoSecondFactor.
func (s *Service) checkSecondFactor(ctx context.Context, u *ent.User, a factorAnswer) (spendFunc, error) {
	t, err := s.db.TOTP.Query().Where(enttotp.UserID(u.ID), enttotp.ConfirmedAtNotNil()).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, errNoSecondFactor
	}
	if err != nil {
		return nil, fmt.Errorf("second factor: %w", err)
	}
	if err := s.limiter.Allow(ctx, limits.TwoFactorAnswers.Key(u.ID), limits.TwoFactorAnswers); err != nil {
		return nil, err
	}
	wrong := ErrInvalidCode.OnField("input", "code")
	code, recovery := a.Code, a.RecoveryCode
	if a.Either != nil {
		code, recovery = a.Either, a.Either
	}
	if a.RecoveryCode != nil {
		wrong = ErrInvalidRecoveryCode.OnField("input", "recoveryCode")
	}
	if recovery != nil {
		if hash, ok := totp.HashRecoveryCode(*recovery); ok {
			unused, err := s.db.RecoveryCode.Query().
				Where(recoverycode.UserID(u.ID), recoverycode.CodeHash(hash), recoverycode.UsedAtIsNil()).
				Exist(ctx)
			if err != nil {
				return nil, fmt.Errorf("second factor: find recovery code: %w", err)
			}
			if unused {
				return s.spendRecoveryCode(u, hash, a.Action, wrong), nil
			}
		}
	}
	if code != nil && t.LockedAt != nil {
		if err := s.record(ctx, s.db, u.ID, EventTwoFactorChallengeFailed); err != nil {
			return nil, fmt.Errorf("second factor: %w", err)
		}
		return nil, ErrTwoFactorLocked.OnField("input", "code")
	}
	if code != nil {
		step, ok, err := s.checkCode(t, *code)
		if err != nil {
			return nil, fmt.Errorf("second factor: %w", err)
		}
		if ok {
			return s.spendCode(t, step, wrong), nil
		}
	}
	if err := s.countFailure(ctx, u, t); err != nil {
		return nil, err
	}
	return nil, wrong
}

// countFailure writes a wrong answer to the security log and counts it; the answer
// that reaches the bound locks the codes of the app, logs that and mails the owner.
// The conditional update (locked_at IS NULL) makes that happen once, even when wrong
// answers race.
func (s *Service) countFailure(ctx context.Context, u *ent.User, t *ent.TOTP) error {
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		if err := s.record(ctx, tx.Client(), u.ID, EventTwoFactorChallengeFailed); err != nil {
			return err
		}
		if err := tx.TOTP.UpdateOneID(t.ID).AddFailures(1).Exec(ctx); err != nil {
			return fmt.Errorf("count failure: %w", err)
		}
		n, err := tx.TOTP.Update().
			Where(enttotp.ID(t.ID), enttotp.LockedAtIsNil(), enttotp.FailuresGTE(s.cfg.TwoFactorMaxFailures)).
			SetLockedAt(s.now()).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("lock second factor: %w", err)
		}
		if n == 0 {
			return nil
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventTwoFactorLocked); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, u.Email, mail.TemplateTwoFactorLocked, map[string]string{
			"Failures": strconv.Itoa(s.cfg.TwoFactorMaxFailures),
		})
	})
	if ent.IsNotFound(err) { // two-factor was turned off meanwhile
		return nil
	}
	if err != nil {
		return fmt.Errorf("second factor: %w", err)
	}
	return nil
}

// unlockSecondFactor starts the count of wrong answers again and lifts a lock: a
// recovery code was used, or the password was reset.
func unlockSecondFactor(ctx context.Context, tx *ent.Tx, userID string) error {
	if _, err := tx.TOTP.Update().Where(enttotp.UserID(userID)).SetFailures(0).ClearLockedAt().Save(ctx); err != nil {
		return fmt.Errorf("unlock second factor: %w", err)
	}
	return nil
}

// spendCode remembers step as the last accepted one: the replay guard, which holds
// under concurrent requests too (of two with the same code, one updates the row and
// the other finds nothing to update).
func (s *Service) spendCode(t *ent.TOTP, step int64, wrong error) spendFunc {
	return func(ctx context.Context, tx *ent.Tx) error {
		n, err := tx.TOTP.Update().
			Where(enttotp.ID(t.ID), enttotp.ConfirmedAtNotNil(), stepUnused(step, s.now()), enttotp.LockedAtIsNil()).
			SetLastUsedStep(step).
			SetFailures(0).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("second factor: use code: %w", err)
		}
		if n != 1 {
			return wrong
		}
		return nil
	}
}

// spendRecoveryCode uses a recovery code up, lifts a lock of the app's codes, writes
// the security log and mails the owner that a code was used, for what, and how many
// are left.
func (s *Service) spendRecoveryCode(u *ent.User, hash []byte, action string, wrong error) spendFunc {
	return func(ctx context.Context, tx *ent.Tx) error {
		n, err := tx.RecoveryCode.Update().
			Where(recoverycode.UserID(u.ID), recoverycode.CodeHash(hash), recoverycode.UsedAtIsNil()).
			SetUsedAt(s.now()).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("second factor: use recovery code: %w", err)
		}
		if n != 1 {
			return wrong
		}
		left, err := tx.RecoveryCode.Query().
			Where(recoverycode.UserID(u.ID), recoverycode.UsedAtIsNil()).
			Count(ctx)
		if err != nil {
			return fmt.Errorf("second factor: count recovery codes: %w", err)
		}
		if err := unlockSecondFactor(ctx, tx, u.ID); err != nil {
			return err
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventRecoveryCodeUsed); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, u.Email, mail.TemplateRecoveryCodeUsed, map[string]string{
			"Action":    action,
			"Remaining": strconv.Itoa(left),
		})
	}
}

// proveSecondFactor is checkSecondFactor for the sensitive operations: turning
// two-factor off, regenerating recovery codes, deleting the account. The password
// alone must not remove the second factor it guards (ASVS 7.5.1; Keycloak
// CVE-2023-3597), so an account with two-factor on needs a current code or a recovery
// code in code; for an account without, it checks nothing and spends nothing.
func (s *Service) proveSecondFactor(ctx context.Context, u *ent.User, code *string, action string) (spendFunc, error) {
	on, err := twoFactorOn(ctx, s.db, u.ID)
	if err != nil {
		return nil, err
	}
	if !on {
		return noSpend, nil
	}
	if code == nil || *code == "" {
		return nil, ErrSecondFactorRequired.OnField("input", "code")
	}
	spend, err := s.checkSecondFactor(ctx, u, factorAnswer{Either: code, Action: action})
	if errors.Is(err, errNoSecondFactor) { // turned off meanwhile
		return noSpend, nil
	}
	return spend, err
}

// noSpend spends nothing: the account has no second factor.
func noSpend(context.Context, *ent.Tx) error { return nil }
