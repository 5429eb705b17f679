// Package mail sends accountd's email: templates embedded in the binary, a
// transactional outbox (the email is written in the same transaction as the state
// change it reports) and a worker that sends it with retries, through SMTP or, in dev
// mode, to the log and a dev mailbox.
package mail

import (
	"context"
	"errors"
)

// Templates, one per kind of email.
const (
	TemplateVerifyEmail   = "verify_email"
	TemplateAccountExists = "account_exists"
)

// Message is an email a use-case queues: a template and its data, to one address.
type Message struct {
	To       string
	Template string
	Data     map[string]string
}

// Rendered is an email ready to send.
type Rendered struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Sender delivers rendered email.
type Sender interface {
	// Send delivers one email. An error wrapping ErrPermanent will not succeed on a
	// retry (the server refused the recipient); any other error may.
	Send(ctx context.Context, r Rendered) error
}

// ErrPermanent marks a delivery failure that retrying cannot fix.
var ErrPermanent = errors.New("permanent delivery failure")
