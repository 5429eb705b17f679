package account

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/token"
)

// maxNameLength bounds the profile's name and company.
const maxNameLength = 100

// SignUpInput is what a person types into the sign-up form.
type SignUpInput struct {
	Email       string
	Password    *string // nil: the password is chosen when the email is verified
	AcceptTerms bool
	Name        string
	Company     string
}

// SignUp creates an unverified account and mails a verification link. The answer is
// the same whether the address is new or already has an account, and takes about the
// same time (ASVS 6.3.8): for a registered address the owner gets an "account exists"
// email instead, and nothing about the account changes.
func (s *Service) SignUp(ctx context.Context, in SignUpInput) error {
	addr, key, err := s.checkSignUp(&in)
	if err != nil {
		return err
	}
	if in.Password != nil {
		// Before the email limits: a refusal must not cost the person the minute's email.
		if err := s.refuseWhenHashBusy(); err != nil {
			return err
		}
	}
	if err := s.allowEmailFromIP(ctx); err != nil {
		return err
	}
	if err := s.Limiter.Allow(ctx, mailLimitKey(key), limits.VerificationEmail.With(0, s.cfg.ResendInterval)); err != nil {
		return err
	}
	var hash *string
	if in.Password != nil { // hashing blocks: never inside the transaction
		h, err := s.Hasher.Hash(ctx, *in.Password)
		if err != nil {
			return fmt.Errorf("sign up: hash: %w", s.uncount(ctx, err, emailIPKey(ctx), mailLimitKey(key)))
		}
		hash = &h
	}
	err = s.inTx(ctx, func(tx *ent.Tx) error { return s.signUpTx(ctx, tx, in, addr, key, hash) })
	if ent.IsConstraintError(err) {
		// Two sign-ups for one address raced and the other one created the account:
		// answer as for a registered address.
		err = s.inTx(ctx, func(tx *ent.Tx) error { return s.signUpTx(ctx, tx, in, addr, key, hash) })
	}
	if err != nil {
		return fmt.Errorf("sign up: %w", err)
	}
	return nil
}

func (s *Service) checkSignUp(in *SignUpInput) (addr, key string, err error) {
	var errs []*fault.Error
	addr, key, ok := parseEmail(in.Email)
	if !ok {
		errs = append(errs, ErrInvalidEmail.OnField("input", "email"))
	}
	if !in.AcceptTerms {
		errs = append(errs, ErrTermsNotAccepted.OnField("input", "acceptTerms"))
	}
	errs = enforceName(errs, &in.Name, "name", profileName)
	errs = enforceName(errs, &in.Company, "company", profileName)
	if in.Password != nil {
		if err := s.Policy.Check(*in.Password, addr, in.Name); err != nil {
			errs = append(errs, asField(err, "password"))
		}
	}
	return addr, key, fault.Join(errs...)
}

func (s *Service) signUpTx(ctx context.Context, tx *ent.Tx, in SignUpInput, addr, key string, hash *string) error {
	now := s.Now()
	existing, err := tx.User.Query().Where(user.EmailKey(key)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
	case err != nil:
		return fmt.Errorf("find user: %w", err)
	case existing.EmailVerifiedAt == nil:
		// The address signed up before and never verified: send a fresh link to it.
		// The earlier password stays; replacing it here would let anyone who knows
		// the address choose the password its owner is about to verify.
		return s.sendVerification(ctx, tx, existing)
	default:
		return s.queueMail(ctx, tx, existing.Email, mail.TemplateAccountExists, map[string]string{
			"LoginLink": s.link("/login", nil),
			"ResetLink": s.link("/forgot-password", nil),
		})
	}
	u, err := tx.User.Create().
		SetEmail(addr).
		SetEmailKey(key).
		SetNillablePasswordHash(hash).
		SetNillablePasswordChangedAt(nilIf(hash == nil, now)).
		SetName(in.Name).
		SetCompany(in.Company).
		SetTermsAcceptedAt(now).
		SetCreatedAt(now).
		Save(ctx)
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	if err := s.record(ctx, tx.Client(), u.ID, EventSignUp); err != nil {
		return err
	}
	return s.sendVerification(ctx, tx, u)
}

// ResendVerificationEmail mails a new verification link to an unverified account, at
// most once per ResendInterval per address. Unknown and already verified addresses get
// the same answer and no email.
func (s *Service) ResendVerificationEmail(ctx context.Context, email string) error {
	_, key, ok := parseEmail(email)
	if !ok {
		return ErrInvalidEmail.OnField("input", "email")
	}
	if err := s.allowEmailFromIP(ctx); err != nil {
		return err
	}
	if err := s.Limiter.Allow(ctx, mailLimitKey(key), limits.VerificationEmail.With(0, s.cfg.ResendInterval)); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		u, err := tx.User.Query().Where(user.EmailKey(key), user.EmailVerifiedAtIsNil()).Only(ctx)
		if ent.IsNotFound(err) {
			return s.recordUnknown(ctx, tx.Client(), EventVerificationResent)
		}
		if err != nil {
			return fmt.Errorf("find user: %w", err)
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventVerificationResent); err != nil {
			return err
		}
		return s.sendVerification(ctx, tx, u)
	})
	if err != nil {
		return fmt.Errorf("resend verification: %w", err)
	}
	return nil
}

// sendVerification issues a verification token, bound to the account's current
// address, and queues the email with its link. Older links stop working: only the
// newest email counts.
func (s *Service) sendVerification(ctx context.Context, tx *ent.Tx, u *ent.User) error {
	if err := retireTokens(ctx, tx, u.ID, onetimetoken.PurposeVerifyEmail, ""); err != nil {
		return err
	}
	secret, err := s.issueToken(ctx, tx, u, token.VerifyEmail, onetimetoken.PurposeVerifyEmail, s.cfg.VerifyEmailTTL, nil)
	if err != nil {
		return err
	}
	return s.queueMail(ctx, tx, u.Email, mail.TemplateVerifyEmail, map[string]string{
		"Link":      s.link("/verify-email", url.Values{"token": {secret}}),
		"Name":      u.Name,
		"ExpiresIn": humanDuration(s.cfg.VerifyEmailTTL),
	})
}

// mailLimitKey is the rate-limit counter of emails sent to an address. It counts the
// same for known and unknown addresses, so a refusal tells nothing about accounts.
func mailLimitKey(emailKey string) string { return limits.VerificationEmail.Key(emailKey) }

// link builds a link into the app from ACCOUNTD_PUBLIC_URL, never from the request's
// Host header (a forged Host must not redirect a reset link: GitLab CVE-2023-7028).
func (s *Service) link(path string, q url.Values) string {
	u := s.cfg.PublicURL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// asField puts the faults of err on an input field; other errors pass through.
func asField(err error, field string) *fault.Error {
	var f *fault.Error
	if errors.As(err, &f) {
		return f.OnField("input", field)
	}
	return fault.New(fault.InvalidInput, "invalid value").OnField("input", field)
}

func nilIf[T any](cond bool, v T) *T {
	if cond {
		return nil
	}
	return &v
}
