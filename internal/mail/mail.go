// Package mail sends accountd's email: templates embedded in the binary, a
// transactional outbox (the email is written in the same transaction as the state
// change it reports) and a worker that sends it with retries, through SMTP or, in dev
// mode, to the log and a dev mailbox.
package mail

import (
	"context"
	"errors"
)

// Templates, one per kind of email; the comment lists the Data keys each one needs
// (every key must be present, even when empty: a missing key is a bug, not a blank).
const (
	// TemplateVerifyEmail asks a new account to confirm its address: Link, Name, ExpiresIn.
	TemplateVerifyEmail = "verify_email"
	// TemplateAccountExists answers a sign-up for a taken address without telling the
	// requester whether it is taken (no account enumeration): LoginLink, ResetLink.
	TemplateAccountExists = "account_exists"
	// TemplatePasswordReset carries a reset link: Link, ExpiresIn.
	TemplatePasswordReset = "password_reset"
	// TemplatePasswordChanged tells the owner their password changed: RevokedAPIKeys
	// (how many API keys the change revoked), KeptAPIKeys (the keys that still work,
	// "name (prefix...)" one a line; empty for none).
	TemplatePasswordChanged = "password_changed"
	// TemplatePasswordBreached tells the owner a log-in found their password in a known
	// data breach: Link (the page to change it).
	TemplatePasswordBreached = "password_breached"
	// TemplateTwoFactorEnabled tells the owner two-factor authentication is on: no data.
	TemplateTwoFactorEnabled = "two_factor_enabled"
	// TemplateTwoFactorDisabled tells the owner two-factor authentication is off: no data.
	TemplateTwoFactorDisabled = "two_factor_disabled"
	// TemplateRecoveryCodeUsed tells the owner a recovery code was spent: Action (what
	// it was used for, in words), Remaining.
	TemplateRecoveryCodeUsed = "recovery_code_used"
	// TemplateTwoFactorLocked tells the owner the codes of the app locked after too many
	// wrong ones (someone knows the password): Failures.
	TemplateTwoFactorLocked = "two_factor_locked"
	// TemplateAPIKeyCreated tells the owner a new API key exists: KeyName.
	TemplateAPIKeyCreated = "api_key_created"
	// TemplateFleetInvitation invites someone into a fleet: FleetName, InviterEmail,
	// Role, Link, ExpiresIn.
	TemplateFleetInvitation = "fleet_invitation"
	// TemplateAccountDeleted confirms an account deletion: no data.
	TemplateAccountDeleted = "account_deleted"
	// TemplateAccountLocked tells the owner log-ins are locked for a while: Until.
	TemplateAccountLocked = "account_locked"
	// TemplateIdentityLinked tells the owner a social log-in provider was linked:
	// Provider, Email (the address at the provider).
	TemplateIdentityLinked = "identity_linked"
	// TemplateIdentityUnlinked tells the owner a social log-in provider was unlinked:
	// Provider.
	TemplateIdentityUnlinked = "identity_unlinked"
	// TemplateAccountSuspended tells the owner an admin suspended the account: no data
	// (the admin's reason is internal: it stays in the audit log).
	TemplateAccountSuspended = "account_suspended"
	// TemplateAccountUnsuspended tells the owner the suspension was lifted: no data.
	TemplateAccountUnsuspended = "account_unsuspended"
	// TemplateTwoFactorReset tells the owner an admin removed their second factor, at
	// their request through support: no data.
	TemplateTwoFactorReset = "two_factor_reset"
	// TemplateEmailChange asks the new address to confirm a change of address: Link,
	// ExpiresIn. The address is unproven: no text the requester chose goes in it.
	TemplateEmailChange = "email_change"
	// TemplateEmailChangeTaken tells the owner of an address that someone asked to move
	// another account to it; nothing changed, no link: LoginLink.
	TemplateEmailChangeTaken = "email_change_taken"
	// TemplateEmailChanged tells the old address the account moved, with the undo link:
	// NewEmail, Link, ExpiresIn.
	TemplateEmailChanged = "email_changed"
	// TemplateEmailChangeReverted confirms an undone change to the old address, with the
	// reset link that is now the way back in: Link, ExpiresIn.
	TemplateEmailChangeReverted = "email_change_reverted"
	// TemplatePasskeyAdded tells the owner a passkey was added to the account:
	// PasskeyName.
	TemplatePasskeyAdded = "passkey_added"
	// TemplateLogInCode carries a log-in code and a link that fills it in: Code, Link,
	// ExpiresIn.
	TemplateLogInCode = "log_in_code"
)

// Message is an email a use-case queues: a template and its data, to one address.
type Message struct {
	To       string
	Template string
	Data     map[string]string
}

// Rendered is an email ready to send.
type Rendered struct {
	// ID is the outbox row's id, the same at every attempt: the SMTP sender makes the
	// Message-ID from it, so that a receiving system can recognise a second copy.
	ID      string
	To      string
	Subject string
	Text    string
	HTML    string
}

// Sender delivers rendered email.
type Sender interface {
	// Send delivers one email. An error for which IsPermanent is true will not succeed
	// on a retry (the server refused the recipient); any other error may.
	Send(ctx context.Context, r Rendered) error
}

// ErrPermanent matches, with errors.Is, every delivery failure that retrying cannot fix.
var ErrPermanent = errors.New("permanent delivery failure")

// PermanentError wraps a delivery failure that retrying cannot fix, such as an SMTP
// 5xx reply to the recipient (RFC 5321 §4.2.1: "the same request ... will fail"), so the
// worker gives up at once instead of retrying for hours.
type PermanentError struct {
	Err error
}

// Permanent marks err as permanent; nil stays nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

// Error implements error.
func (e *PermanentError) Error() string { return "permanent delivery failure: " + e.Err.Error() }

// Unwrap returns the underlying failure.
func (e *PermanentError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrPermanent) true for every PermanentError.
func (e *PermanentError) Is(target error) bool { return target == ErrPermanent }

// IsPermanent reports whether err, or an error it wraps, is permanent. Every other
// error is temporary: a refused connection or a 4xx reply may succeed later.
func IsPermanent(err error) bool { return errors.Is(err, ErrPermanent) }
