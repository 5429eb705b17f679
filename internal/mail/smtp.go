package mail

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// smtpTimeout bounds each step of a delivery (dial, each command). It stays well under
// the worker's default lease, so a slow server does not let a second worker take the
// same email over while the first is still sending it.
const smtpTimeout = 20 * time.Second

// SMTPSender delivers email through an SMTP server, one connection per email: the
// volume of account email is small, and a fresh connection never trips over a server
// that dropped an idle one.
type SMTPSender struct {
	host string
	from string
	opts []gomail.Option
}

// NewSMTPSender configures delivery from an ACCOUNTD_SMTP_URL value:
//
//	smtp://[user:pass@]host[:587]   STARTTLS required (?tls=opportunistic or ?tls=none relax
//	                                it, for a local relay or tests)
//	smtps://[user:pass@]host[:465]  implicit TLS
//
// The server authenticates only when the URL has a user. Errors never repeat the
// URL, which may hold a password.
func NewSMTPSender(rawURL, from string) (*SMTPSender, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, errors.New("mail: the SMTP URL does not parse")
	}
	if u.Hostname() == "" {
		return nil, errors.New("mail: the SMTP URL has no host")
	}
	if err := gomail.NewMsg().From(from); err != nil {
		return nil, fmt.Errorf("mail: the sender address %q is not an email address", from)
	}
	opts := []gomail.Option{gomail.WithTimeout(smtpTimeout)}
	port := 587
	tlsParam := u.Query().Get("tls")
	switch u.Scheme {
	case "smtp":
		// STARTTLS is mandatory by default: opportunistic TLS is stripped by anyone
		// on the path, and the email carries log-in links (RFC 8314 §3 prefers TLS).
		policy := gomail.TLSMandatory
		switch tlsParam {
		case "", "starttls":
		case "opportunistic":
			policy = gomail.TLSOpportunistic
		case "none":
			policy = gomail.NoTLS
		default:
			return nil, errors.New("mail: the SMTP URL's tls= must be starttls, opportunistic or none")
		}
		opts = append(opts, gomail.WithTLSPolicy(policy))
	case "smtps":
		if tlsParam != "" {
			return nil, errors.New("mail: an smtps:// URL is always TLS; drop its tls= parameter")
		}
		port = 465
		opts = append(opts, gomail.WithSSL())
	default:
		return nil, errors.New("mail: the SMTP URL must start with smtp:// or smtps://")
	}
	if p := u.Port(); p != "" {
		port, err = strconv.Atoi(p)
		if err != nil || port < 1 || port > 65535 {
			return nil, errors.New("mail: the SMTP URL's port is not a port number")
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		opts = append(opts,
			// PLAIN or LOGIN, whichever the server offers, else the strongest it offers.
			// go-mail refuses both over a connection that is not encrypted (except to
			// localhost), so ?tls=opportunistic cannot leak the password.
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(u.User.Username()),
			gomail.WithPassword(pass))
	}
	return &SMTPSender{host: u.Hostname(), from: from, opts: opts}, nil
}

// Send implements Sender with a multipart/alternative email (plain text and HTML).
//
// A 5xx reply about this email (to its recipient or its content) is permanent
// (RFC 5321 §4.2.1). A failure to connect, a 4xx reply, or a 5xx reply to the greeting,
// the log-in or our own sender address is temporary: those are the same for every
// email, so retrying them lets the queue flow again once an operator fixes the server
// or the configuration, instead of failing everything queued meanwhile.
func (s *SMTPSender) Send(ctx context.Context, r Rendered) error {
	m := gomail.NewMsg()
	if err := m.From(s.from); err != nil {
		return fmt.Errorf("smtp: sender address: %w", err)
	}
	if err := m.To(r.To); err != nil {
		return Permanent(fmt.Errorf("smtp: recipient address: %w", err))
	}
	m.Subject(r.Subject)
	// RFC 3834 §5: automatic email; asks vacation responders not to answer it.
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, r.Text)
	if r.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, r.HTML)
	}
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("smtp: client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		if refusedForGood(err) {
			return Permanent(fmt.Errorf("smtp: %w", err))
		}
		return fmt.Errorf("smtp: %w", err)
	}
	return nil
}

// refusedForGood reports whether the server refused this email with a 5xx reply to
// RCPT TO or DATA. go-mail reports those as a *SendError whose ErrorCode is the reply
// code (0 when the failure was not a server reply).
func refusedForGood(err error) bool {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return false
	}
	switch se.Reason {
	case gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrSMTPDataClose:
		return se.ErrorCode() >= 500 && se.ErrorCode() < 600
	}
	return false
}
