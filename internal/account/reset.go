package account

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/token"
)

// Security log kinds of the password flows.
const (
	EventPasswordResetRequested = "password_reset_requested"
	EventPasswordReset          = "password_reset"
	EventPasswordChanged        = "password_changed"
)

// RequestPasswordReset mails a reset link to the address when it has an account. The
// answer is the same for known and unknown addresses (ASVS 6.3.8), and the limit of one
// email a minute per address counts for both, so neither the answer nor a refusal
// tells whether an account exists; nor does the time: every address costs the same one
// outbox intent (queueIntent), and the mail worker issues the link
// (resolvePasswordReset).
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	addr, key, ok := parseEmail(email)
	if !ok {
		return ErrInvalidEmail.OnField("input", "email")
	}
	if err := s.allowEmailFromIP(ctx); err != nil {
		return err
	}
	// One a minute, three an hour per address (OWASP Forgot Password cheat sheet).
	if err := s.limiter.Allow(ctx, resetLimitKey(key), limits.ResetEmail.With(0, s.cfg.ResendInterval)); err != nil {
		return err
	}
	if err := s.limiter.Allow(ctx, limits.ResetEmailsPerHour.Key(key), limits.ResetEmailsPerHour); err != nil {
		return err
	}
	if err := s.queueIntent(ctx, IntentPasswordReset, addr, key); err != nil {
		return fmt.Errorf("request password reset: %w", err)
	}
	return nil
}

// resolvePasswordReset is the worker's half of RequestPasswordReset: for an account,
// a new link retires the older ones, and the security-log line and the email follow;
// for an unknown address, only a security-log line without a user. The account row is
// locked first (see Resolvers).
func (s *Service) resolvePasswordReset(ctx context.Context, tx *ent.Tx, _, key string) error {
	u, err := tx.User.Query().Where(user.EmailKey(key), lockForUpdate()).Only(ctx)
	if ent.IsNotFound(err) {
		return s.recordUnknown(ctx, tx.Client(), EventPasswordResetRequested)
	}
	if err != nil {
		return fmt.Errorf("find user: %w", err)
	}
	if err := retireTokens(ctx, tx, u.ID, onetimetoken.PurposeResetPassword, ""); err != nil {
		return err
	}
	secret, err := s.issueToken(ctx, tx, u, token.ResetPassword, onetimetoken.PurposeResetPassword, s.cfg.ResetPasswordTTL, nil)
	if err != nil {
		return err
	}
	if err := s.record(ctx, tx.Client(), u.ID, EventPasswordResetRequested); err != nil {
		return err
	}
	return s.queueMail(ctx, tx, u.Email, mail.TemplatePasswordReset, map[string]string{
		"Link":      s.link("/reset-password", url.Values{"token": {secret}}),
		"ExpiresIn": humanDuration(s.cfg.ResetPasswordTTL),
	})
}

// resetLimitKey counts reset emails to an address, known or not.
func resetLimitKey(emailKey string) string { return limits.ResetEmail.Key(emailKey) }

// ResetPasswordInput is what the reset page sends.
type ResetPasswordInput struct {
	Token       string
	NewPassword string
	// KeepAPIKeys leaves the account's API keys working; by default (false) a reset
	// revokes them all.
	KeepAPIKeys bool
}

// ResetPassword sets a new password with the token of a reset link. The link works
// once, even when two requests race with it; every session of the account ends (the
// reset may be the owner taking the account back), and so does every API key unless the
// person asked to keep them (a key an intruder created must not outlive the owner's
// recovery); the owner is told by email, which lists the keys that stayed, and the
// address counts as verified: the person proved they read its mail. It opens no
// session: the person logs in with the new password, and a second factor, if the
// account has one, is asked for then.
func (s *Service) ResetPassword(ctx context.Context, in ResetPasswordInput) error {
	t, u, err := s.findLinkToken(ctx, in.Token, token.ResetPassword, onetimetoken.PurposeResetPassword)
	if err != nil {
		return err
	}
	if err := s.checkNewPassword(ctx, in.NewPassword, u.Email, u.Name); err != nil {
		return asField(err, "newPassword")
	}
	hash, err := s.hasher.Hash(ctx, in.NewPassword) // hashing blocks: outside the transaction
	if err != nil {
		return fmt.Errorf("reset password: hash: %w", err)
	}
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if err := s.useToken(ctx, tx, t); err != nil {
			return err
		}
		now := s.now()
		upd := tx.User.UpdateOneID(u.ID).SetPasswordHash(hash).SetPasswordChangedAt(now).ClearPasswordBreachedAt()
		if u.EmailVerifiedAt == nil {
			upd.SetEmailVerifiedAt(now)
		}
		if err := upd.Exec(ctx); err != nil {
			return fmt.Errorf("reset password: %w", err)
		}
		if err := retireTokens(ctx, tx, u.ID, onetimetoken.PurposeResetPassword, t.ID); err != nil {
			return err
		}
		if u.EmailVerifiedAt == nil {
			if err := retireTokens(ctx, tx, u.ID, onetimetoken.PurposeVerifyEmail, ""); err != nil {
				return err
			}
			if err := s.record(ctx, tx.Client(), u.ID, EventEmailVerified); err != nil {
				return err
			}
		}
		if _, err := s.auth.RevokeSessionsOf(ctx, tx, u.ID, ""); err != nil {
			return err
		}
		if err := unlockSecondFactor(ctx, tx, u.ID); err != nil {
			return err
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventPasswordReset); err != nil {
			return err
		}
		keys, err := s.afterNewPassword(ctx, tx, u.ID, !in.KeepAPIKeys)
		if err != nil {
			return err
		}
		return s.queueMail(ctx, tx, u.Email, mail.TemplatePasswordChanged, keys)
	})
	if err != nil {
		return err
	}
	s.endLogInLock(ctx, u.EmailKey)
	s.forgetLockouts(ctx, u.EmailKey)
	return nil
}

// afterNewPassword revokes every live API key of the account when revoke is set, and
// those the account created for its fleets (fleet-owned and provisioning keys), and
// returns the data of the "password changed" email: how many keys were revoked, and
// the keys that stayed (name and prefix, one a line), so the owner sees what still
// works and can revoke what they do not know.
func (s *Service) afterNewPassword(ctx context.Context, tx *ent.Tx, userID string, revoke bool) (map[string]string, error) {
	now := s.now()
	live := apikey.And(apikey.UserID(userID), apikey.RevokedAtIsNil(),
		apikey.Or(apikey.ExpiresAtIsNil(), apikey.ExpiresAtGT(now)))
	revoked := 0
	if revoke {
		n, err := tx.APIKey.Update().Where(live).SetRevokedAt(now).Save(ctx)
		if err != nil {
			return nil, fmt.Errorf("revoke api keys: %w", err)
		}
		if err := s.recordEach(ctx, tx, userID, auth.EventAPIKeyRevoked, n); err != nil {
			return nil, err
		}
		revoked = n
	}
	kept, err := tx.APIKey.Query().Where(live).Order(ent.Asc(apikey.FieldCreatedAt), ent.Asc(apikey.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	lines := make([]string, len(kept))
	for i, k := range kept {
		lines[i] = fmt.Sprintf("%s (%s...)", k.Name, k.Prefix)
	}
	// And the keys the account created for its fleets (created.go).
	n, fleetLines, err := s.revokeCreatedForFleets(ctx, tx, userID, revoke)
	if err != nil {
		return nil, err
	}
	revoked += n
	lines = append(lines, fleetLines...)
	return map[string]string{
		"RevokedAPIKeys": strconv.Itoa(revoked),
		"KeptAPIKeys":    strings.Join(lines, "\n"),
	}, nil
}
