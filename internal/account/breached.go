package account

import (
	"context"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/mail"
)

// EventPasswordBreached is logged when a log-in found the account's password in the
// breach corpus.
const EventPasswordBreached = "password_breached"

// ErrBreachedPassword refuses a new password found in the breach corpus (NIST SP
// 800-63B-4 §3.1.1.2, OWASP ASVS 6.2.12).
var ErrBreachedPassword = fault.New(fault.BreachedPassword,
	"This password appears in a known data breach, so attackers try it first. Choose another one.")

// BreachChecker answers whether a password appears in known data breaches;
// breach.Checker is the real one. It fails open: an unavailable corpus answers false.
type BreachChecker interface {
	Enabled() bool
	Breached(ctx context.Context, password string) bool
}

// checkNewPassword is the one place a new password is judged, at sign-up, email
// verification, reset, change and set: the policy first (cheap, local), then, for a
// password the policy accepts, the breach corpus. The caller names the field.
func (s *Service) checkNewPassword(ctx context.Context, pw string, userInputs ...string) error {
	if err := s.policy.Check(pw, userInputs...); err != nil {
		return err
	}
	if s.breachOn() && s.breach.Breached(ctx, pw) {
		return ErrBreachedPassword
	}
	return nil
}

func (s *Service) breachOn() bool { return s.breach != nil && s.breach.Enabled() }

// noticeBreachedPassword runs after a log-in proved password: a password found in the
// breach corpus still logs in (refusing would lock the owner out of the account they
// need to change it in), but the account is flagged for the console and the owner is
// mailed, once per password: the flag is set only where it is not, and only on the
// password just verified, so two log-ins at once mail once and a password changed
// meanwhile is not flagged. Best effort: a failure is logged, the log-in goes on.
func (s *Service) noticeBreachedPassword(ctx context.Context, u *ent.User, phc, pw string) {
	if !s.breachOn() || u.PasswordBreachedAt != nil || !s.breach.Breached(ctx, pw) {
		return
	}
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		now := s.now()
		n, err := tx.User.Update().
			Where(user.ID(u.ID), user.PasswordHash(phc), user.PasswordBreachedAtIsNil()).
			SetPasswordBreachedAt(now).
			Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		u.PasswordBreachedAt = &now
		if err := s.record(ctx, tx.Client(), u.ID, EventPasswordBreached); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, u.Email, mail.TemplatePasswordBreached, map[string]string{
			"Link": s.link("/account/password", nil),
		})
	})
	if err != nil {
		s.log.WarnContext(ctx, "breached password: flag the account", "user_id", u.ID, "error", err)
	}
}
