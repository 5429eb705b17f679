package account

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/recoverycode"
	enttotp "github.com/accountd/accountd/ent/totp"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/onetime"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/totp"
)

// Two-factor authentication, the way a person meets it: enable (a secret and a QR code
// for the authenticator app; nothing changes yet), confirm with a first code (now it is
// on, and here are the recovery codes), and from then on every log-in stops after the
// password with a challenge that VerifyTwoFactor turns into a session.

const (
	// twoFactorIssuer is the name authenticator apps show next to the account.
	twoFactorIssuer = "accountd"
	// dataPasswordProved is the challenge data key that says the first step proved the
	// password, so the session counts as freshly authenticated.
	dataPasswordProved = "password_proved"
)

var (
	// challengeTTL is how long the step between password and code may take (NIST
	// 800-63B §5.1.4.2 and ASVS 6.6.3 ask for a short-lived, single-use ticket).
	challengeTTL = limits.TwoFactorChallenge.Window
	// maxChallengeAttempts is how many codes one challenge takes before it is dead
	// (Kratos: 5 submissions per code; NIST 800-63B §5.2.2 rate limiting).
	maxChallengeAttempts = limits.TwoFactorChallenge.Limit
)

// Security log event kinds of two-factor authentication.
const (
	EventTwoFactorEnrolment       = "two_factor_enrolment_started"
	EventTwoFactorEnabled         = "two_factor_enabled"
	EventTwoFactorDisabled        = "two_factor_disabled"
	EventTwoFactorChallenge       = "two_factor_challenge_opened"
	EventTwoFactorChallengeFailed = "two_factor_challenge_failed"
	EventTwoFactorLogIn           = "two_factor_log_in"
	EventRecoveryCodeUsed         = "recovery_code_used"
	EventRecoveryCodesRegenerated = "recovery_codes_regenerated"
)

// Domain errors of two-factor authentication.
var (
	ErrInvalidCode             = fault.New(fault.InvalidCode, "That code is not right. Enter the code your authenticator app shows now.")
	ErrInvalidRecoveryCode     = fault.New(fault.InvalidCode, "That recovery code is not right, or it was used already.")
	ErrInvalidChallenge        = fault.New(fault.InvalidToken, "This log-in has expired or had too many wrong codes. Log in again.")
	ErrTwoFactorAlreadyEnabled = fault.New(fault.TwoFactorAlreadyEnabled, "Two-factor authentication is already on. Turn it off first to set up another app.")
	ErrTwoFactorNotEnabled     = fault.New(fault.TwoFactorNotEnabled, "Two-factor authentication is not on for this account.")
	ErrTwoFactorNotPending     = fault.New(fault.TwoFactorNotEnabled, "Start by setting up your authenticator app (enableTwoFactor).")
	ErrCodeOrRecoveryCode      = fault.New(fault.InvalidInput, "Enter either a code from your authenticator app or a recovery code.")
)

// TwoFactorEnrolment is a pending secret for the authenticator app; see totp.Enrolment.
type TwoFactorEnrolment = totp.Enrolment

// EnableTwoFactor makes a new pending secret for the viewer's account and returns it
// with its otpauth:// URI and QR code. Log-in is unchanged until ConfirmTwoFactor, so
// leaving half way locks nobody out; calling it again replaces the pending secret. A
// confirmed secret is never replaced here (ErrTwoFactorAlreadyEnabled).
//
// It needs a session with fresh authentication (requireFresh: the password in this
// request, when not nil, or a session whose password was proved recently): a thief of
// a session, or of a link that opened one, must not enrol their own authenticator
// (issue 18 item 3; ASVS 7.5.1).
func (s *Service) EnableTwoFactor(ctx context.Context, password *string) (*TwoFactorEnrolment, error) {
	if _, err := auth.SessionViewer(ctx); err != nil {
		return nil, err
	}
	f, err := s.requireFresh(ctx, password, "password")
	if err != nil {
		return nil, err
	}
	u := f.User
	e, err := totp.Enrol(twoFactorIssuer, u.Email)
	if err != nil {
		return nil, fmt.Errorf("enable two-factor: %w", err)
	}
	sealed := s.box.Seal([]byte(e.Secret), sealContext(u.ID))
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		// Only a pending secret is replaced: the condition keeps a confirmed one even
		// when a confirmation commits concurrently.
		n, err := tx.TOTP.Update().
			Where(enttotp.UserID(u.ID), enttotp.ConfirmedAtIsNil()).
			SetSecretSealed(sealed).
			SetLastUsedStep(0).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("replace pending secret: %w", err)
		}
		if n == 0 {
			on, err := twoFactorOn(ctx, tx.Client(), u.ID)
			if err != nil {
				return err
			}
			if on {
				return ErrTwoFactorAlreadyEnabled
			}
			if err := tx.TOTP.Create().
				SetUserID(u.ID).
				SetSecretSealed(sealed).
				SetCreatedAt(s.now()).
				Exec(ctx); err != nil {
				return fmt.Errorf("store pending secret: %w", err)
			}
		}
		return s.record(ctx, tx.Client(), u.ID, EventTwoFactorEnrolment)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// ConfirmTwoFactor turns two-factor authentication on when code is right for the
// pending secret, and returns the recovery codes, which are shown this once. The
// code's step counts as used, like any code accepted later. Like EnableTwoFactor it
// needs fresh authentication; and every other session of the account ends, so a
// session opened before the second factor existed does not outlive it.
func (s *Service) ConfirmTwoFactor(ctx context.Context, code string, password *string) ([]string, error) {
	v, err := auth.SessionViewer(ctx)
	if err != nil {
		return nil, err
	}
	f, err := s.requireFresh(ctx, password, "password")
	if err != nil {
		return nil, err
	}
	u := f.User
	t, err := s.db.TOTP.Query().Where(enttotp.UserID(u.ID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrTwoFactorNotPending
	}
	if err != nil {
		return nil, fmt.Errorf("confirm two-factor: find secret: %w", err)
	}
	if t.ConfirmedAt != nil {
		return nil, ErrTwoFactorAlreadyEnabled
	}
	step, ok, err := s.checkCode(t, code)
	if err != nil {
		return nil, fmt.Errorf("confirm two-factor: %w", err)
	}
	if !ok {
		return nil, ErrInvalidCode.OnField("input", "code")
	}
	codes, hashes := totp.NewRecoveryCodes()
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		// The secret must still be the one the code was checked against: an
		// enableTwoFactor in between replaced it.
		n, err := tx.TOTP.Update().
			Where(
				enttotp.ID(t.ID),
				enttotp.ConfirmedAtIsNil(),
				enttotp.SecretSealed(t.SecretSealed),
				stepUnused(step, s.now()),
			).
			SetConfirmedAt(s.now()).
			SetLastUsedStep(step).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("confirm secret: %w", err)
		}
		if n != 1 {
			return ErrInvalidCode.OnField("input", "code")
		}
		if err := s.storeRecoveryCodes(ctx, tx, u.ID, hashes); err != nil {
			return err
		}
		keep, err := auth.FamilyOf(ctx, tx, v)
		if err != nil {
			return err
		}
		if _, err := s.auth.RevokeSessionsOf(ctx, tx, u.ID, keep); err != nil {
			return err
		}
		// The code just proved the new factor in this session.
		if err := tx.Session.UpdateOneID(v.CredentialID).SetSecondFactorAt(s.now()).Exec(ctx); err != nil && !ent.IsNotFound(err) {
			return fmt.Errorf("confirm two-factor: record the second factor: %w", err)
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventTwoFactorEnabled); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, u.Email, mail.TemplateTwoFactorEnabled, map[string]string{})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// DisableTwoFactor turns two-factor authentication off: the secret, the recovery codes
// and any open log-in challenge are gone. It needs a session and the password (ASVS
// 7.5.1: re-authenticate before changing an authentication factor), and a current
// code or a recovery code: see proveSecondFactor.
func (s *Service) DisableTwoFactor(ctx context.Context, password string, code *string) error {
	if _, err := auth.SessionViewer(ctx); err != nil {
		return err
	}
	f, err := s.requireFresh(ctx, &password, "password")
	if err != nil {
		return err
	}
	u := f.User
	spend, err := s.proveSecondFactor(ctx, u, code, "to turn two-factor authentication off")
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *ent.Tx) error {
		if err := spend(ctx, tx); err != nil {
			return err
		}
		on, err := twoFactorOn(ctx, tx.Client(), u.ID)
		if err != nil {
			return err
		}
		if !on {
			return ErrTwoFactorNotEnabled
		}
		if _, err := tx.TOTP.Delete().Where(enttotp.UserID(u.ID)).Exec(ctx); err != nil {
			return fmt.Errorf("delete secret: %w", err)
		}
		if _, err := tx.RecoveryCode.Delete().Where(recoverycode.UserID(u.ID)).Exec(ctx); err != nil {
			return fmt.Errorf("delete recovery codes: %w", err)
		}
		if err := s.tokens().Retire(ctx, tx, u.ID, onetime.TwoFactorChallenge, ""); err != nil {
			return err
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventTwoFactorDisabled); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, u.Email, mail.TemplateTwoFactorDisabled, map[string]string{})
	})
}

// RegenerateRecoveryCodes replaces every recovery code of the account with new ones,
// shown this once; the old ones stop working. It needs a session, the password and a
// current code or an unused recovery code.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, password string, code *string) ([]string, error) {
	if _, err := auth.SessionViewer(ctx); err != nil {
		return nil, err
	}
	f, err := s.requireFresh(ctx, &password, "password")
	if err != nil {
		return nil, err
	}
	spend, err := s.proveSecondFactor(ctx, f.User, code, "to make new recovery codes")
	if err != nil {
		return nil, err
	}
	codes, hashes := totp.NewRecoveryCodes()
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if err := spend(ctx, tx); err != nil {
			return err
		}
		on, err := twoFactorOn(ctx, tx.Client(), f.User.ID)
		if err != nil {
			return err
		}
		if !on {
			return ErrTwoFactorNotEnabled
		}
		if err := s.storeRecoveryCodes(ctx, tx, f.User.ID, hashes); err != nil {
			return err
		}
		return s.record(ctx, tx.Client(), f.User.ID, EventRecoveryCodesRegenerated)
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// RecoveryCodesRemaining counts the account's unused recovery codes.
func (s *Service) RecoveryCodesRemaining(ctx context.Context, userID string) (int, error) {
	if !auth.Visible(ctx, userID) {
		return 0, nil
	}
	n, err := s.db.RecoveryCode.Query().
		Where(recoverycode.UserID(userID), recoverycode.UsedAtIsNil()).
		Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count recovery codes: %w", err)
	}
	return n, nil
}

// openChallenge is where completeLogIn stops for an account with two-factor
// authentication: instead of a session, a short-lived, single-use challenge bound to
// the account, stored only as its hash. The challenge is no session: only
// VerifyTwoFactor accepts it (its prefix differs, and it lives in another table).
func (s *Service) openChallenge(ctx context.Context, tx *ent.Tx, u *ent.User, passwordProved bool, extra map[string]string) (string, error) {
	// Challenges of earlier log-ins that ended are of no more use.
	if err := s.tokens().Prune(ctx, tx, u.ID, onetime.TwoFactorChallenge); err != nil {
		return "", err
	}
	data := map[string]string{dataPasswordProved: strconv.FormatBool(passwordProved)}
	for k, v := range extra {
		data[k] = v
	}
	secret, err := s.issueToken(ctx, tx, u, token.Challenge, onetimetoken.PurposeTwoFactorChallenge, challengeTTL, data)
	if err != nil {
		return "", err
	}
	if err := s.record(ctx, tx.Client(), u.ID, EventTwoFactorChallenge); err != nil {
		return "", err
	}
	return secret, nil
}

// TwoFactorAnswer is the second step of a log-in: the challenge of the first step and
// either a code from the app or a recovery code.
type TwoFactorAnswer struct {
	Challenge    string
	Code         *string
	RecoveryCode *string
}

// VerifyTwoFactor completes a log-in that stopped at a challenge: with a right code
// (of a step later than the last accepted one) or an unused recovery code, the
// challenge is spent and a session opens. A challenge takes at most
// maxChallengeAttempts answers, right or wrong, and works for challengeTTL.
func (s *Service) VerifyTwoFactor(ctx context.Context, in TwoFactorAnswer) (*LogInResult, error) {
	if (in.Code == nil) == (in.RecoveryCode == nil) {
		return nil, ErrCodeOrRecoveryCode.OnField("input")
	}
	// An answer is counted before it is checked, atomically, so that even concurrent
	// guesses get at most maxChallengeAttempts checks per challenge.
	ch, err := s.tokens().CountAttempt(ctx, s.db, onetime.TwoFactorChallenge, in.Challenge, maxChallengeAttempts,
		func(q *ent.OneTimeTokenQuery) { q.WithUser() })
	u, err := challengeUser(ch, err, "verify two-factor")
	if err != nil {
		return nil, err
	}
	// Across challenges too: whoever knows the password could open challenge after
	// challenge, 5 guesses each; checkSecondFactor limits the account's answers as well.
	spend, err := s.checkSecondFactor(ctx, u, factorAnswer{Code: in.Code, RecoveryCode: in.RecoveryCode, Action: "to log in"})
	if errors.Is(err, errNoSecondFactor) {
		// Two-factor was turned off since the challenge was opened.
		return nil, ErrInvalidChallenge.OnField("input", "challenge")
	}
	if err != nil {
		return nil, err
	}
	res, err := s.finishChallenge(ctx, ch, u, spend)
	if err != nil {
		return nil, err
	}
	res.DeviceToken = s.deviceTokenAfterChallenge(ch, u)
	return res, nil
}

// finishChallenge spends the challenge and opens the session, in one transaction with
// use, which spends the second factor.
func (s *Service) finishChallenge(ctx context.Context, ch *ent.OneTimeToken, u *ent.User, spend spendFunc) (*LogInResult, error) {
	var res *LogInResult
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		if err := spend(ctx, tx); err != nil {
			return err
		}
		// Single use; the attempt was counted already, so the limit is <=, not <.
		err := s.tokens().Redeem(ctx, tx, ch, maxChallengeAttempts)
		if errors.Is(err, onetime.ErrInvalid) {
			return ErrInvalidChallenge.OnField("input", "challenge")
		}
		if err != nil {
			return err
		}
		if suspended, err := tx.User.Query().Where(user.ID(u.ID), user.SuspendedAtNotNil()).Exist(ctx); err != nil {
			return fmt.Errorf("verify two-factor: %w", err)
		} else if suspended {
			return ErrAccountSuspended // suspended while the challenge was open
		}
		sess, err := s.auth.OpenSession(ctx, tx, u.ID, ch.Data[dataPasswordProved] == "true")
		if err != nil {
			return err
		}
		if err := tx.Session.UpdateOneID(sess.ID).SetSecondFactorAt(s.now()).Exec(ctx); err != nil {
			return fmt.Errorf("verify two-factor: record the second factor: %w", err)
		}
		res = &LogInResult{User: u, Session: sess}
		return s.record(ctx, tx.Client(), u.ID, EventTwoFactorLogIn)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// checkCode opens the secret and checks a code at the current time, refusing steps not
// later than the last accepted one. ok is false for a wrong or replayed code.
func (s *Service) checkCode(t *ent.TOTP, code string) (step int64, ok bool, err error) {
	secret, err := s.box.Open(t.SecretSealed, sealContext(t.UserID))
	if err != nil {
		return 0, false, fmt.Errorf("open secret: %w", err)
	}
	step, ok = totp.Verify(string(secret), code, s.now())
	if !ok || (step <= t.LastUsedStep && !stepAhead(t.LastUsedStep, s.now())) {
		return 0, false, nil
	}
	if step <= t.LastUsedStep {
		s.noteStepAhead(t, step)
	}
	return step, true, nil
}

// storeRecoveryCodes replaces the account's recovery codes with the given hashes.
func (s *Service) storeRecoveryCodes(ctx context.Context, tx *ent.Tx, userID string, hashes [][]byte) error {
	if _, err := tx.RecoveryCode.Delete().Where(recoverycode.UserID(userID)).Exec(ctx); err != nil {
		return fmt.Errorf("delete recovery codes: %w", err)
	}
	now := s.now()
	builders := make([]*ent.RecoveryCodeCreate, len(hashes))
	for i, h := range hashes {
		builders[i] = tx.RecoveryCode.Create().SetUserID(userID).SetCodeHash(h).SetCreatedAt(now)
	}
	if err := tx.RecoveryCode.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("store recovery codes: %w", err)
	}
	return nil
}

// twoFactorOn reports whether the account has a confirmed second factor.
func twoFactorOn(ctx context.Context, db *ent.Client, userID string) (bool, error) {
	on, err := db.TOTP.Query().Where(enttotp.UserID(userID), enttotp.ConfirmedAtNotNil()).Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("two-factor state: %w", err)
	}
	return on, nil
}

// sealContext binds a sealed TOTP secret to its account: copied to another account's
// row, it does not open.
func sealContext(userID string) string { return "totp:" + userID }

// challengeUser is the account of a two-factor challenge read with it (onetime's Find,
// or CountAttempt to count an answer first): INVALID_TOKEN on the challenge field for
// a challenge that is unknown, spent, expired or out of answers, or whose account has
// changed its address since; a failure of the database as "<doing>: ...".
func challengeUser(ch *ent.OneTimeToken, err error, doing string) (*ent.User, error) {
	if errors.Is(err, onetime.ErrInvalid) {
		return nil, ErrInvalidChallenge.OnField("input", "challenge")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doing, err)
	}
	u := ch.Edges.User
	if u == nil || u.Email != ch.Email {
		return nil, ErrInvalidChallenge.OnField("input", "challenge")
	}
	return u, nil
}
