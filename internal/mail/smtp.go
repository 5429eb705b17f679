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

// SMTPSender delivers email through an SMTP server.
type SMTPSender struct {
	from string
	opts []gomail.Option
	host string
}

// NewSMTPSender configures delivery from an ACCOUNTD_SMTP_URL value:
// smtp://[user:pass@]host[:587] with STARTTLS required (?tls=opportunistic or ?tls=none
// relax it, for a local relay), or smtps://[user:pass@]host[:465] with implicit TLS.
// Errors never repeat the URL, which may hold a password.
func NewSMTPSender(rawURL, from string) (*SMTPSender, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, errors.New("mail: the SMTP URL does not parse")
	}
	if u.Hostname() == "" {
		return nil, errors.New("mail: the SMTP URL has no host")
	}
	opts := []gomail.Option{gomail.WithTimeout(30 * time.Second)}
	port := 587
	switch u.Scheme {
	case "smtp":
		policy := gomail.TLSMandatory
		switch u.Query().Get("tls") {
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
	if u.User != nil {
		pass, _ := u.User.Password()
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.User.Username()),
			gomail.WithPassword(pass))
	}
	return &SMTPSender{from: from, opts: opts, host: u.Hostname()}, nil
}

// Send implements Sender. A 5xx reply of the server is permanent (RFC 5321 §4.2.1).
func (s *SMTPSender) Send(ctx context.Context, r Rendered) error {
	m := gomail.NewMsg()
	if err := m.From(s.from); err != nil {
		return fmt.Errorf("%w: sender address: %v", ErrPermanent, err)
	}
	if err := m.To(r.To); err != nil {
		return fmt.Errorf("%w: recipient address: %v", ErrPermanent, err)
	}
	m.Subject(r.Subject)
	m.SetBodyString(gomail.TypeTextPlain, r.Text)
	if r.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, r.HTML)
	}
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		var se *gomail.SendError
		if errors.As(err, &se) && se.ErrorCode() >= 500 && se.ErrorCode() < 600 {
			return fmt.Errorf("%w: %v", ErrPermanent, err)
		}
		return err
	}
	return nil
}
