package account

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/webhook"
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

// SignUpProofTTL is how long the browser or app that signed up with a password may
// verify the address without typing that password again. Past it the link still
// works, with a password chosen on the verification page.
const SignUpProofTTL = time.Hour

// Keys of a verification token's data that bind a sign-up's password to the link that
// sign-up mailed. None is a secret: each is the SHA-256 of one.
const (
	dataSignUpProof      = "sign_up_proof"       // SHA-256 of the proof handed to the signing-up client
	dataSignUpProofUntil = "sign_up_proof_until" // Unix seconds: the proof's end
	dataSignUpPassword   = "sign_up_password"    // SHA-256 of the password hash that sign-up stored
)

// SignUp creates an unverified account and mails a verification link. The answer is
// the same whether the address is new or already has an account, and takes about the
// same time (ASVS 6.3.8): for a registered address the owner gets an "account exists"
// email instead, and nothing about the account changes.
//
// A password given here is only pending until the address is proved (pre-account
// takeover, Sudhodanan and Paverd 2022): it is bound to the link this sign-up mails,
// and the returned proof, which only the signing-up browser or app holds, is what lets
// verifyEmail keep it. A link opened anywhere else asks for a new password. A later
// sign-up of the same unverified address replaces the pending password (or drops it)
// and retires the older link. The proof is returned for every sign-up, registered
// address or not, so the answer stays the same.
func (s *Service) SignUp(ctx context.Context, in SignUpInput) (proof string, err error) {
	addr, key, err := s.checkSignUp(ctx, &in)
	if err != nil {
		return "", err
	}
	if in.Password != nil {
		// Before the email limits: a refusal must not cost the person the minute's email.
		if err := s.refuseWhenHashBusy(); err != nil {
			return "", err
		}
	}
	// The hits are counted even if the client hangs up meanwhile, so that a sign-up cut
	// off knows they were, and takes them back when it ends before its email is queued
	// (uncountCancelled below): a statement interrupted by a cancellation may or may not
	// have counted.
	counting := context.WithoutCancel(ctx)
	if err := s.allowEmailFromIP(counting); err != nil {
		return "", err
	}
	if err := s.limiter.Allow(counting, mailLimitKey(key), limits.VerificationEmail.With(0, s.cfg.ResendInterval)); err != nil {
		return "", err
	}
	var hash *string
	if in.Password != nil { // hashing blocks: never inside the transaction
		h, err := s.hasher.Hash(ctx, *in.Password)
		if err != nil {
			keys := []string{emailIPKey(ctx), mailLimitKey(key)}
			err = s.uncountCancelled(ctx, s.uncount(ctx, err, keys...), keys...)
			return "", fmt.Errorf("sign up: hash: %w", err)
		}
		hash = &h
	}
	proof, proofHash := token.New(token.SignUpProof)
	bind := s.signUpBinding(proofHash, hash)
	err = s.inTx(ctx, func(tx *ent.Tx) error { return s.signUpTx(ctx, tx, in, addr, key, hash, bind) })
	if ent.IsConstraintError(err) {
		// Two sign-ups for one address raced and the other one created the account:
		// answer as for a registered address.
		err = s.inTx(ctx, func(tx *ent.Tx) error { return s.signUpTx(ctx, tx, in, addr, key, hash, bind) })
	}
	if err != nil {
		return "", fmt.Errorf("sign up: %w", s.uncountCancelled(ctx, err, emailIPKey(ctx), mailLimitKey(key)))
	}
	return proof, nil
}

// signUpBinding is the data of a verification token that binds the sign-up's pending
// password to it and to the signing-up client's proof; nil without a password.
func (s *Service) signUpBinding(proofHash []byte, passwordHash *string) map[string]string {
	if passwordHash == nil {
		return nil
	}
	ttl := min(SignUpProofTTL, s.cfg.VerifyEmailTTL)
	return map[string]string{
		dataSignUpProof:      base64.RawStdEncoding.EncodeToString(proofHash),
		dataSignUpProofUntil: strconv.FormatInt(s.now().Add(ttl).Unix(), 10),
		dataSignUpPassword:   base64.RawStdEncoding.EncodeToString(passwordDigest(*passwordHash)),
	}
}

// provenSignUp reports whether proof is the one handed out by the sign-up whose
// password the account holds and whose link t is, and is still in time.
func (s *Service) provenSignUp(t *ent.OneTimeToken, u *ent.User, proof string) bool {
	if u.PasswordHash == nil || !token.Plausible(proof, token.SignUpProof) {
		return false
	}
	until, err := strconv.ParseInt(t.Data[dataSignUpProofUntil], 10, 64)
	if err != nil || !s.now().Before(time.Unix(until, 0)) {
		return false
	}
	wantProof, err1 := base64.RawStdEncoding.DecodeString(t.Data[dataSignUpProof])
	wantPassword, err2 := base64.RawStdEncoding.DecodeString(t.Data[dataSignUpPassword])
	if err1 != nil || err2 != nil {
		return false
	}
	proofOK := subtle.ConstantTimeCompare(token.Hash(proof), wantProof)
	passwordOK := subtle.ConstantTimeCompare(passwordDigest(*u.PasswordHash), wantPassword)
	return proofOK&passwordOK == 1
}

// passwordDigest is the SHA-256 of a stored password hash: what a link remembers of
// the password it was mailed for.
func passwordDigest(phc string) []byte {
	h := sha256.Sum256([]byte(phc))
	return h[:]
}

func (s *Service) checkSignUp(ctx context.Context, in *SignUpInput) (addr, key string, err error) {
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
		if err := s.checkNewPassword(ctx, *in.Password, addr, in.Name); err != nil {
			errs = append(errs, asField(err, "password"))
		}
	}
	return addr, key, fault.Join(errs...)
}

func (s *Service) signUpTx(ctx context.Context, tx *ent.Tx, in SignUpInput, addr, key string, hash *string, bind map[string]string) error {
	now := s.now()
	existing, err := tx.User.Query().Where(user.EmailKey(key)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
	case err != nil:
		return fmt.Errorf("find user: %w", err)
	case existing.EmailVerifiedAt == nil:
		// The address signed up before and never verified. Its pending password is
		// this sign-up's now (or none), bound to the fresh link, which retires the
		// older ones: an earlier sign-up's password, perhaps an attacker's, can no
		// longer be verified, and this one is kept only by the client holding this
		// sign-up's proof (Sudhodanan and Paverd's "classic" pre-hijacking).
		upd := tx.User.UpdateOne(existing)
		if hash != nil {
			upd.SetPasswordHash(*hash).SetPasswordChangedAt(now).ClearPasswordBreachedAt()
		} else {
			upd.ClearPasswordHash().ClearPasswordChangedAt()
		}
		if existing, err = upd.Save(ctx); err != nil {
			return fmt.Errorf("replace pending password: %w", err)
		}
		return s.sendVerification(ctx, tx, existing, bind)
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
	if err := s.emitUser(ctx, tx, webhook.UserCreated, u.ID); err != nil {
		return err
	}
	return s.sendVerification(ctx, tx, u, bind)
}

// ResendVerificationEmail mails a new verification link to an unverified account, at
// most once per ResendInterval per address. Unknown and already verified addresses get
// the same answer, the same database work (one outbox intent: queueIntent) and no
// email; the mail worker issues the link (resolveVerification).
func (s *Service) ResendVerificationEmail(ctx context.Context, email string) error {
	addr, key, ok := parseEmail(email)
	if !ok {
		return ErrInvalidEmail.OnField("input", "email")
	}
	if err := s.allowEmailFromIP(ctx); err != nil {
		return err
	}
	if err := s.limiter.Allow(ctx, mailLimitKey(key), limits.VerificationEmail.With(0, s.cfg.ResendInterval)); err != nil {
		return err
	}
	if err := s.queueIntent(ctx, IntentVerification, addr, key); err != nil {
		return fmt.Errorf("resend verification: %w", err)
	}
	return nil
}

// resolveVerification is the worker's half of ResendVerificationEmail: for an
// unverified account, the security-log line and a new link (sendVerification); for
// any other address, only a security-log line without a user. The account row is
// locked first (see Resolvers).
func (s *Service) resolveVerification(ctx context.Context, tx *ent.Tx, _, key string) error {
	u, err := tx.User.Query().Where(user.EmailKey(key), user.EmailVerifiedAtIsNil(), lockForUpdate()).Only(ctx)
	if ent.IsNotFound(err) {
		return s.recordUnknown(ctx, tx.Client(), EventVerificationResent)
	}
	if err != nil {
		return fmt.Errorf("find user: %w", err)
	}
	if err := s.record(ctx, tx.Client(), u.ID, EventVerificationResent); err != nil {
		return err
	}
	// The resent link belongs to the same sign-up: it keeps that sign-up's binding
	// (the signing-up client may still verify without its password; anyone else,
	// the one who asked for the resend included, is asked for one).
	bind, err := latestSignUpBinding(ctx, tx, u.ID)
	if err != nil {
		return err
	}
	return s.sendVerification(ctx, tx, u, bind)
}

// latestSignUpBinding is the sign-up binding of the account's newest verification
// token, or nil.
func latestSignUpBinding(ctx context.Context, tx *ent.Tx, userID string) (map[string]string, error) {
	t, err := tx.OneTimeToken.Query().
		Where(onetimetoken.UserID(userID), onetimetoken.PurposeEQ(onetimetoken.PurposeVerifyEmail), onetimetoken.UsedAtIsNil()).
		Order(ent.Desc(onetimetoken.FieldCreatedAt), ent.Desc(onetimetoken.FieldID)).
		First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find verification token: %w", err)
	}
	if t.Data[dataSignUpProof] == "" {
		return nil, nil
	}
	return map[string]string{
		dataSignUpProof:      t.Data[dataSignUpProof],
		dataSignUpProofUntil: t.Data[dataSignUpProofUntil],
		dataSignUpPassword:   t.Data[dataSignUpPassword],
	}, nil
}

// sendVerification issues a verification token, bound to the account's current
// address and to bind (see signUpBinding), and queues the email with its link. Older
// links stop working: only the newest email counts.
func (s *Service) sendVerification(ctx context.Context, tx *ent.Tx, u *ent.User, bind map[string]string) error {
	if err := retireTokens(ctx, tx, u.ID, onetimetoken.PurposeVerifyEmail, ""); err != nil {
		return err
	}
	secret, err := s.issueToken(ctx, tx, u, token.VerifyEmail, onetimetoken.PurposeVerifyEmail, s.cfg.VerifyEmailTTL, bind)
	if err != nil {
		return err
	}
	return s.queueMail(ctx, tx, u.Email, mail.TemplateVerifyEmail, map[string]string{
		"Link": s.link("/verify-email", url.Values{"token": {secret}}),
		// Never the sign-up's name: anyone may sign up any address, so before the
		// address is proved the name is a stranger's text (newlines, links, "call
		// this number") that would reach the owner's inbox under accountd's name.
		"Name":      "",
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
