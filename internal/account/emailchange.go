package account

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/accountd/accountd/internal/webhook"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/deviceauthorization"
	"github.com/accountd/accountd/ent/identity"
	"github.com/accountd/accountd/ent/onetimetoken"
	entpasskey "github.com/accountd/accountd/ent/passkey"
	"github.com/accountd/accountd/ent/recoverycode"
	enttotp "github.com/accountd/accountd/ent/totp"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/onetime"
	"github.com/accountd/accountd/internal/viewer"
)

// Security log kinds of a change of address.
const (
	EventEmailChangeRequested = "email_change_requested"
	EventEmailChanged         = "email_changed"
	EventEmailChangeReverted  = "email_change_reverted"
)

// Lifetimes of the two links of a change of address: the confirmation link to the new
// address works like a reset link (an hour); the undo link to the old address works
// for a week, long enough for an owner who was away to notice an intruder's change.
const (
	emailChangeTTL = time.Hour
	emailRevertTTL = 7 * 24 * time.Hour
)

// dataFrom is the data key of an email-change token that binds it to the address the
// account had when the change was asked for (the token's Email is the new address).
const dataFrom = "from"

// Errors of the change of address.
var (
	ErrEmailTaken = fault.New(fault.EmailTaken, "This address belongs to another account.")
	ErrSameEmail  = fault.New(fault.InvalidEmail, "This is already the account's address.")
)

// RequestEmailChangeInput is what the account settings send to change the address.
type RequestEmailChangeInput struct {
	NewEmail string
	// Password proves the owner is at the keyboard; nil relies on a recent log-in.
	Password *string
}

// RequestEmailChange mails a confirmation link to the new address. It is a sensitive
// operation (requireFresh: a change of address is how an intruder keeps an account,
// ASVS 6.4.5 / 7.5.1). The answer is the same whether the new address has an account
// or not (ASVS 6.3.8): when it has one, its owner gets a notice without a link instead.
// A new request retires the earlier links; the new address is unproven, so no text the
// requester chose goes into the email.
func (s *Service) RequestEmailChange(ctx context.Context, in RequestEmailChangeInput) error {
	addr, key, ok := parseEmail(in.NewEmail)
	if !ok {
		return ErrInvalidEmail.OnField("input", "newEmail")
	}
	f, err := s.requireFresh(ctx, in.Password, "password")
	if err != nil {
		return err
	}
	u := f.User
	if key == u.EmailKey {
		return ErrSameEmail.OnField("input", "newEmail")
	}
	if err := s.allowEmailFromIP(ctx); err != nil {
		return err
	}
	rule := limits.EmailChange.With(0, s.cfg.ResendInterval)
	if err := s.limiter.Allow(ctx, rule.Key("account", u.ID), rule); err != nil {
		return err
	}
	if err := s.limiter.Allow(ctx, rule.Key("to", key), rule); err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if err := s.tokens().Retire(ctx, tx, u.ID, onetime.EmailChange, ""); err != nil {
			return err
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventEmailChangeRequested); err != nil {
			return err
		}
		owner, err := tx.User.Query().Where(user.EmailKey(key)).Only(ctx)
		if err != nil && !ent.IsNotFound(err) {
			return fmt.Errorf("find user: %w", err)
		}
		if owner != nil { // the notice goes to the address as its owner registered it
			return s.queueMail(ctx, tx, owner.Email, mail.TemplateEmailChangeTaken, map[string]string{
				"LoginLink": s.link("/login", nil),
			})
		}
		secret, _, err := s.tokens().Issue(ctx, tx, onetime.EmailChange, onetime.Ticket{
			UserID: u.ID, Email: addr, TTL: emailChangeTTL, Data: map[string]string{dataFrom: u.Email},
		})
		if err != nil {
			return err
		}
		return s.queueMail(ctx, tx, addr, mail.TemplateEmailChange, map[string]string{
			"Link":      s.link("/confirm-email-change", url.Values{"token": {secret}}),
			"ExpiresIn": humanDuration(emailChangeTTL),
		})
	})
	if err != nil {
		return fmt.Errorf("request email change: %w", err)
	}
	return nil
}

// ConfirmEmailChange changes the address with the token of the link sent to the new
// one, and returns the new address. The token is bound to both addresses: it was sent
// to the new one, and works only while the account still has the address it had when
// the change was asked for. The address counts as verified (the link proved it), every
// other session ends (the caller's stays when it is the account's own), the account's
// other links die (they went to the old address), and the old address gets a notice
// with a link that undoes the change for a week. The unique index on the address is the
// last word: of concurrent confirmations to one address, one commits and the others
// get ErrEmailTaken.
func (s *Service) ConfirmEmailChange(ctx context.Context, secret string) (string, error) {
	t, err := s.tokens().Find(ctx, s.db, onetime.EmailChange, secret, func(q *ent.OneTimeTokenQuery) { q.WithUser() })
	if err != nil {
		return "", invalidToken(err)
	}
	u := t.Edges.User
	newAddr, newKey, ok := parseEmail(t.Email)
	if u == nil || !ok || t.Data[dataFrom] != u.Email {
		return "", ErrInvalidToken.OnField("input", "token")
	}
	oldAddr := u.Email
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if err := s.moveAddress(ctx, tx, t, u.ID, oldAddr, newAddr, newKey); err != nil {
			return err
		}
		keep := ""
		if v := viewer.FromContext(ctx); v != nil && v.UserID == u.ID {
			var err error
			if keep, err = auth.FamilyOf(ctx, tx, v); err != nil {
				return err
			}
		}
		if _, err := s.auth.RevokeSessionsOf(ctx, tx, u.ID, keep); err != nil {
			return err
		}
		if err := s.retireLinks(ctx, tx, u.ID); err != nil {
			return err
		}
		revert, _, err := s.tokens().Issue(ctx, tx, onetime.EmailChangeRevert, onetime.Ticket{
			UserID: u.ID, Email: oldAddr, TTL: emailRevertTTL, Data: map[string]string{dataFrom: newAddr},
		})
		if err != nil {
			return err
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventEmailChanged); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, oldAddr, mail.TemplateEmailChanged, map[string]string{
			"NewEmail":  newAddr,
			"Link":      s.link("/revert-email-change", url.Values{"token": {revert}}),
			"ExpiresIn": humanDuration(emailRevertTTL),
		})
	})
	if err != nil {
		return "", err
	}
	return newAddr, nil
}

// RevertEmailChange undoes a change of address with the token of the link sent to the
// old address, and returns it. It is for the owner whose account an intruder took by
// changing the address, so it assumes the worst of everything made since: every
// session ends and every API key is revoked, the account's other links die, the
// password is cleared, and every other way in is removed: all passkeys, the TOTP
// secret and recovery codes, all linked social identities (all, not only those linked
// since the request: the owner re-links in a minute, and a missed one would be a
// backdoor), and device authorizations approved but not yet collected are denied. A
// reset link to the old address goes out in the same transaction.
// This is what locks the new address out: it is no longer the account's, so no code,
// link or reset reaches it, and the password the intruder knew no longer works; the
// owner gets back in only by the reset link in the old mailbox. The token is bound to
// the old address and the account; a later change by the intruder does not defeat
// it. ErrEmailTaken when the old address has another account by now.
func (s *Service) RevertEmailChange(ctx context.Context, secret string) (string, error) {
	t, err := s.tokens().Find(ctx, s.db, onetime.EmailChangeRevert, secret, func(q *ent.OneTimeTokenQuery) { q.WithUser() })
	if err != nil {
		return "", invalidToken(err)
	}
	u := t.Edges.User
	oldAddr, oldKey, ok := parseEmail(t.Email)
	if u == nil || !ok {
		return "", ErrInvalidToken.OnField("input", "token")
	}
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if err := s.moveAddress(ctx, tx, t, u.ID, u.Email, oldAddr, oldKey); err != nil {
			return err
		}
		if err := tx.User.UpdateOneID(u.ID).ClearPasswordHash().SetPasswordChangedAt(s.now()).ClearPasswordBreachedAt().Exec(ctx); err != nil {
			return fmt.Errorf("clear password: %w", err)
		}
		if _, err := s.auth.RevokeSessionsOf(ctx, tx, u.ID, ""); err != nil {
			return err
		}
		if _, err := s.afterNewPassword(ctx, tx, u.ID, true); err != nil { // every API key
			return err
		}
		if err := s.retireLinks(ctx, tx, u.ID); err != nil {
			return err
		}
		if err := removeWaysIn(ctx, tx, u.ID); err != nil {
			return err
		}
		if err := s.tokens().Retire(ctx, tx, u.ID, onetime.EmailChangeRevert, ""); err != nil {
			return err
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventEmailChangeReverted); err != nil {
			return err
		}
		reset, _, err := s.tokens().Issue(ctx, tx, onetime.ResetPassword, onetime.Ticket{
			UserID: u.ID, Email: oldAddr, TTL: s.cfg.ResetPasswordTTL,
		})
		if err != nil {
			return err
		}
		return s.queueMail(ctx, tx, oldAddr, mail.TemplateEmailChangeReverted, map[string]string{
			"Link":      s.link("/reset-password", url.Values{"token": {reset}}),
			"ExpiresIn": humanDuration(s.cfg.ResetPasswordTTL),
		})
	})
	if err != nil {
		return "", err
	}
	return oldAddr, nil
}

// moveAddress spends t, the token of the link that asked for the move, and moves the
// account from address from to addr (key its email key), verified now: ErrEmailTaken
// when another account has addr already. The update is conditional on the address it
// replaces (a concurrent change wins or loses whole: INVALID_TOKEN for the loser), and
// the unique index on email_key decides races to one address: a constraint error is
// ErrEmailTaken.
func (s *Service) moveAddress(ctx context.Context, tx *ent.Tx, t *ent.OneTimeToken, userID, from, addr, key string) error {
	if err := s.useToken(ctx, tx, t); err != nil {
		return err
	}
	taken, err := tx.User.Query().Where(user.EmailKey(key), user.IDNEQ(userID)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("find user: %w", err)
	}
	if taken {
		return ErrEmailTaken.OnField("input", "token")
	}
	n, err := tx.User.Update().
		Where(user.ID(userID), user.Email(from)).
		SetEmail(addr).
		SetEmailKey(key).
		SetEmailVerifiedAt(s.now()).
		Save(ctx)
	if ent.IsConstraintError(err) {
		return ErrEmailTaken.OnField("input", "token")
	}
	if err != nil {
		return fmt.Errorf("set address: %w", err)
	}
	if n != 1 {
		return ErrInvalidToken.OnField("input", "token")
	}
	// Receivers learn of the move (and of its undo) in the same transaction; the
	// payload holds the account's id only, never an address.
	return s.emitUser(ctx, tx, webhook.UserEmailChanged, userID)
}

// retireLinks deletes the account's emailed secrets that a change of address makes
// pointless: verification and reset links, pending changes and log-in codes.
func (s *Service) retireLinks(ctx context.Context, tx *ent.Tx, userID string) error {
	for _, p := range []onetimetoken.Purpose{
		onetimetoken.PurposeVerifyEmail, onetimetoken.PurposeResetPassword,
		onetimetoken.PurposeEmailChange, onetimetoken.PurposeLogInCode,
	} {
		if err := retireTokens(ctx, tx, userID, p, ""); err != nil {
			return err
		}
	}
	return nil
}

// removeWaysIn deletes, in tx, every way into the account besides its address and
// password that an intruder could have added: passkeys, the TOTP secret and recovery
// codes, linked social identities; and denies its approved device authorizations not
// yet collected, so no device gets a key or session from them.
func removeWaysIn(ctx context.Context, tx *ent.Tx, userID string) error {
	if _, err := tx.Passkey.Delete().Where(entpasskey.UserID(userID)).Exec(ctx); err != nil {
		return fmt.Errorf("remove passkeys: %w", err)
	}
	if _, err := tx.TOTP.Delete().Where(enttotp.UserID(userID)).Exec(ctx); err != nil {
		return fmt.Errorf("remove totp: %w", err)
	}
	if _, err := tx.RecoveryCode.Delete().Where(recoverycode.UserID(userID)).Exec(ctx); err != nil {
		return fmt.Errorf("remove recovery codes: %w", err)
	}
	if _, err := tx.Identity.Delete().Where(identity.UserID(userID)).Exec(ctx); err != nil {
		return fmt.Errorf("remove identities: %w", err)
	}
	return denyUncollectedDeviceGrants(ctx, tx, userID)
}

// denyUncollectedDeviceGrants denies, in tx, the device authorizations the account
// approved that no device collected yet: no device gets a key or session from them
// (an email change undone, a suspension).
func denyUncollectedDeviceGrants(ctx context.Context, tx *ent.Tx, userID string) error {
	if _, err := tx.DeviceAuthorization.Update().
		Where(deviceauthorization.UserID(userID), deviceauthorization.UsedAtIsNil(),
			deviceauthorization.StatusEQ(deviceauthorization.StatusApproved)).
		SetStatus(deviceauthorization.StatusDenied).
		Save(ctx); err != nil {
		return fmt.Errorf("deny device authorizations: %w", err)
	}
	return nil
}
