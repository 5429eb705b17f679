package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/viewer"
)

// ErrPasswordAlreadySet refuses setPassword on an account that has a password.
var ErrPasswordAlreadySet = fault.New(fault.PasswordAlreadySet, "This account has a password already: change it instead.")

// ChangePasswordInput is what the change-password form sends.
type ChangePasswordInput struct {
	CurrentPassword string
	NewPassword     string
	// KeepAPIKeys leaves the account's API keys working; by default (false) a change
	// revokes them all, as a reset does.
	KeepAPIKeys bool
}

// ChangePassword replaces the password after the current one is proved, in this request
// whatever the credential (ASVS 6.2.3). Every other session ends, the one making the
// change goes on, every API key is revoked unless the person chose to keep them, and
// the owner is told by email, which lists the keys that stayed.
func (s *Service) ChangePassword(ctx context.Context, in ChangePasswordInput) (*ent.User, error) {
	f, err := s.requireFresh(ctx, &in.CurrentPassword, "currentPassword")
	if err != nil {
		return nil, err
	}
	if err := s.checkNewPassword(ctx, in.NewPassword, f.User.Email, f.User.Name); err != nil {
		return nil, asField(err, "newPassword")
	}
	return s.storePassword(ctx, f, in.NewPassword, EventPasswordChanged, !in.KeepAPIKeys)
}

// SetPassword gives a password to an account that has none (one made by social log-in),
// so it can log in with it and confirm sensitive operations. Like every operation that
// creates a credential it needs a fresh log-in; an API key alone cannot do it.
func (s *Service) SetPassword(ctx context.Context, newPassword string) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, ErrUnauthenticated
	}
	u, err := s.db.User.Get(ctx, v.UserID)
	if err != nil {
		return nil, fmt.Errorf("set password: find user: %w", err)
	}
	if u.PasswordHash != nil {
		return nil, ErrPasswordAlreadySet
	}
	f, err := s.requireFresh(ctx, nil, "")
	if err != nil {
		return nil, err
	}
	if err := s.checkNewPassword(ctx, newPassword, f.User.Email, f.User.Name); err != nil {
		return nil, asField(err, "newPassword")
	}
	// A first password revokes nothing: nothing about the account was in doubt.
	return s.storePassword(ctx, f, newPassword, EventPasswordCreated, false)
}

// storePassword hashes and stores a new password for the fresh viewer's account, ends
// its other sessions, revokes its API keys when revokeKeys is set, logs event and mails
// the owner. The update is conditional on the
// hash it replaces, so of two concurrent changes one wins and the other is told the
// current password is wrong, instead of silently overwriting.
func (s *Service) storePassword(ctx context.Context, f *Fresh, newPassword, event string, revokeKeys bool) (*ent.User, error) {
	hash, err := s.hasher.Hash(ctx, newPassword) // hashing blocks: outside the transaction
	if err != nil {
		return nil, fmt.Errorf("store password: hash: %w", err)
	}
	var out *ent.User
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		now := s.now()
		q := tx.User.Update().Where(user.ID(f.User.ID))
		if f.User.PasswordHash == nil {
			q.Where(user.PasswordHashIsNil())
		} else {
			q.Where(user.PasswordHash(*f.User.PasswordHash))
		}
		n, err := q.SetPasswordHash(hash).SetPasswordChangedAt(now).ClearPasswordBreachedAt().Save(ctx)
		if err != nil {
			return fmt.Errorf("store password: %w", err)
		}
		if n != 1 {
			if f.User.PasswordHash == nil {
				return ErrPasswordAlreadySet
			}
			return ErrInvalidCredentials.OnField("input", "currentPassword")
		}
		keep, err := auth.FamilyOf(ctx, tx, f.Viewer)
		if err != nil {
			return err
		}
		if _, err := s.auth.RevokeSessionsOf(ctx, tx, f.User.ID, keep); err != nil {
			return err
		}
		if err := s.record(ctx, tx.Client(), f.User.ID, event); err != nil {
			return err
		}
		keys, err := s.afterNewPassword(ctx, tx, f.User.ID, revokeKeys)
		if err != nil {
			return err
		}
		if err := s.queueMail(ctx, tx, f.User.Email, mail.TemplatePasswordChanged, keys); err != nil {
			return err
		}
		out, err = tx.User.Get(ctx, f.User.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out.Unwrap(), nil
}
