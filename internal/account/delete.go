package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/internal/mail"
)

// EventAccountDeleted is the one line of the security log that outlives its account,
// without the account: when and from where an account was deleted, for abuse handling.
const EventAccountDeleted = "account_deleted"

// DeleteAccount deletes the viewer's account after the password is confirmed in this
// request (ASVS 7.5.1), in one transaction with everything it owns: sessions, API keys,
// links, two-factor secrets, identities, its fleets with their devices and members, its
// memberships in other fleets (foreign keys cascade), and its security log. The owner
// gets a confirmation; afterwards the address can sign up again as a new account. An
// account without a password gets PASSWORD_REQUIRED: set one first. An account with
// two-factor authentication also needs a current code or a recovery code.
func (s *Service) DeleteAccount(ctx context.Context, password string, code *string) (string, error) {
	f, err := s.requireFresh(ctx, &password, "password")
	if err != nil {
		return "", err
	}
	u := f.User
	spend, err := s.proveSecondFactor(ctx, u, code, "to delete the account")
	if err != nil {
		return "", err
	}
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if err := spend(ctx, tx); err != nil {
			return err
		}
		if err := s.queueMail(ctx, tx, u.Email, mail.TemplateAccountDeleted, nil); err != nil {
			return err
		}
		if _, err := tx.SecurityEvent.Delete().Where(securityevent.UserID(u.ID)).Exec(ctx); err != nil {
			return fmt.Errorf("delete security log: %w", err)
		}
		if err := tx.User.DeleteOneID(u.ID).Exec(ctx); err != nil {
			return fmt.Errorf("delete account: %w", err)
		}
		return s.recordUnknown(ctx, tx.Client(), EventAccountDeleted)
	})
	if ent.IsNotFound(err) {
		return "", ErrUnauthenticated // deleted by a concurrent request
	}
	if err != nil {
		return "", fmt.Errorf("delete account: %w", err)
	}
	s.log.InfoContext(ctx, "account deleted", "user_id", u.ID)
	return u.ID, nil
}
