// Package fault is the one error type of the domain: an expected outcome with a stable
// code that a client can act on ("that password is too weak", "wait 40 seconds").
// graph/errors.go is the only place that turns it into GraphQL userErrors or
// extensions.code; any other error is internal and reaches clients only as a generic
// message with a request id.
package fault

import (
	"errors"
	"strings"
	"time"
)

// Code is a stable, machine-readable reason. The values are the GraphQL enum
// UserErrorCode (and, for the top-level ones, extensions.code).
type Code string

// Codes of expected outcomes.
const (
	InvalidInput     Code = "INVALID_INPUT"
	InvalidEmail     Code = "INVALID_EMAIL"
	TermsNotAccepted Code = "TERMS_NOT_ACCEPTED"
	WeakPassword     Code = "WEAK_PASSWORD"
	// BreachedPassword: the new password appears in a known data breach (NIST SP
	// 800-63B-4 §3.1.1.2); choose another one.
	BreachedPassword   Code = "BREACHED_PASSWORD"
	PasswordRequired   Code = "PASSWORD_REQUIRED"
	PasswordAlreadySet Code = "PASSWORD_ALREADY_SET"
	InvalidCredentials Code = "INVALID_CREDENTIALS"
	EmailNotVerified   Code = "EMAIL_NOT_VERIFIED"
	InvalidToken       Code = "INVALID_TOKEN"
	InvalidCode        Code = "INVALID_CODE"
	RateLimited        Code = "RATE_LIMITED"
	FreshAuthRequired  Code = "FRESH_AUTH_REQUIRED"
	NotFound           Code = "NOT_FOUND"
	LastOwner          Code = "LAST_OWNER"
	AlreadyMember      Code = "ALREADY_MEMBER"
	Unauthenticated    Code = "UNAUTHENTICATED"
	Forbidden          Code = "FORBIDDEN"
	// DeviceLimitReached: a provisioning key has registered its maxDevices.
	DeviceLimitReached Code = "DEVICE_LIMIT_REACHED"
	// AccountSuspended: an admin suspended the account; no log-in and no credential of
	// it works until an admin lifts the suspension.
	AccountSuspended Code = "ACCOUNT_SUSPENDED"
)

// Codes of two-factor authentication.
const (
	// TwoFactorAlreadyEnabled: two-factor is on; turn it off before enrolling again.
	TwoFactorAlreadyEnabled Code = "TWO_FACTOR_ALREADY_ENABLED"
	// TwoFactorNotEnabled: the account has no second factor (or none pending) for this.
	TwoFactorNotEnabled Code = "TWO_FACTOR_NOT_ENABLED"
	// TwoFactorLocked: too many wrong codes in a row; codes from the app work again
	// after a recovery code or a password reset.
	TwoFactorLocked Code = "TWO_FACTOR_LOCKED"
)

// Codes of social log-in.
const (
	// ProviderNotEnabled: this accountd has no client configured for the provider.
	ProviderNotEnabled Code = "PROVIDER_NOT_ENABLED"
	// AccountExists: the provider's email belongs to an account; log in with its password
	// and link the provider there.
	AccountExists Code = "ACCOUNT_EXISTS"
	// IdentityTaken: the provider's account is linked to another accountd account.
	IdentityTaken Code = "IDENTITY_TAKEN"
	// ProviderAlreadyLinked: the account has another identity of this provider.
	ProviderAlreadyLinked Code = "PROVIDER_ALREADY_LINKED"
	// LastLogInMethod: unlinking would leave the account no way to log in.
	LastLogInMethod Code = "LAST_LOG_IN_METHOD"
)

// Codes of passkeys (WebAuthn).
const (
	// InvalidPasskey: the assertion or attestation was refused (unknown credential,
	// wrong origin or relying party, bad signature, counter gone back, another
	// account's credential); one answer for all, known account or not.
	InvalidPasskey Code = "INVALID_PASSKEY"
	// PasskeyChallengeExpired: the ceremony's challenge is unknown, expired or used.
	PasskeyChallengeExpired Code = "PASSKEY_CHALLENGE_EXPIRED"
	// PasskeysNotEnabled: the public URL's host cannot be a relying party id.
	PasskeysNotEnabled Code = "PASSKEYS_NOT_ENABLED"
)

// Codes of the email flows (change of address, log-in by emailed code).
const (
	// EmailTaken: a change of address cannot complete, the address has another account.
	EmailTaken Code = "EMAIL_TAKEN"
	// EmailCodeLogInDisabled: the operator turned log-in by emailed code off.
	EmailCodeLogInDisabled Code = "EMAIL_CODE_LOGIN_DISABLED"
)

// Error is an expected outcome of a use-case.
type Error struct {
	Code Code
	// Field is the path of the input field at fault, such as ["input", "email"].
	Field []string
	// Message is safe to show to the person; it never holds internal detail.
	Message string
	// RetryAfter is set for RateLimited: how long until trying again can succeed.
	RetryAfter time.Duration
	// origin is the value this one is a copy of (OnField), so that errors.Is still
	// matches the package-level error it was made from.
	origin *Error
}

// Errors that several domains answer with the same words. Defined once, so errors.Is
// matches them whichever package returned them.
var (
	ErrUnauthenticated = New(Unauthenticated, "You need to log in.")
	// ErrAccountSuspended refuses a log-in or a credential of a suspended account
	// (internal/auth reads the suspension with the credential; internal/account's log-ins).
	ErrAccountSuspended = New(AccountSuspended, "This account is suspended. Contact support.")
	ErrInvalidEmail     = New(InvalidEmail, "Enter a valid email address.")
)

// New returns an Error with a code and a message for people.
func New(code Code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Error implements error.
func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Is makes errors.Is mean identity: an error matches the value it is, and a copy made
// by OnField matches the value it was made from. Two errors that merely share a code
// are different outcomes (a full hashing queue is not a rate limit hit, a role that
// does not allow an action is not a missing session); a caller that wants "any
// RATE_LIMITED" asks CodeOf.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && e.origin != nil && e.origin == t
}

// OnField returns a copy of e that names the input field at fault; errors.Is still
// matches e.
func (e *Error) OnField(path ...string) *Error {
	c := *e
	c.Field = path
	if c.origin == nil {
		c.origin = e
	}
	return &c
}

// CodeOf returns the code of the *Error in err's chain, or "" when there is none: for
// callers that act on a kind of outcome rather than on one error value.
func CodeOf(err error) Code {
	if e, ok := As(err); ok {
		return e.Code
	}
	return ""
}

// Limited returns a RateLimited error that can succeed again after d.
func Limited(d time.Duration) *Error {
	if d < time.Second {
		d = time.Second
	}
	return &Error{Code: RateLimited, Message: "Too many attempts. Try again later.", RetryAfter: d}
}

// As returns the *Error in err's chain, if there is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// List is several faults at once, such as every wrong field of a form.
type List []*Error

// Error implements error.
func (l List) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Join returns nil for no faults, the fault itself for one, and a List for more.
func Join(errs ...*Error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return List(errs)
}

// All returns the faults in err: those of a List, or the one *Error in its chain.
func All(err error) ([]*Error, bool) {
	var l List
	if errors.As(err, &l) {
		return l, true
	}
	if e, ok := As(err); ok {
		return []*Error{e}, true
	}
	return nil, false
}
