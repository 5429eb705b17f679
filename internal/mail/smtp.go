package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"
)

// smtpTimeout bounds the dial, and each email's conversation, when the caller's
// context does not end sooner (the worker's SendTimeout, shorter, always does).
const smtpTimeout = time.Minute

// smtpIdleTimeout is how long a connection is kept unused for the next email. Servers
// close idle connections after a while (RFC 5321 §4.5.3.2.7 asks at least 5 minutes of
// them); staying well under it means a kept connection is almost always still open,
// and one that is not costs a NOOP before anything is sent.
const smtpIdleTimeout = 30 * time.Second

// smtpMaxIdle caps the connections kept open: the worker's senders, with room.
const smtpMaxIdle = 16

// SMTPSender delivers email through an SMTP server. It keeps the connection of a send
// open for the next one (for smtpIdleTimeout), so a burst costs one greeting, STARTTLS
// and log-in per concurrent sender rather than per email; a kept connection the server
// has closed is found by a NOOP before anything of the email is sent, and replaced.
// It is safe for concurrent use, one connection per send in progress.
type SMTPSender struct {
	host      string
	from      string
	ssl       bool
	tlsConfig *tls.Config
	opts      []gomail.Option

	mu     sync.Mutex
	idle   []*smtpConn // least recently used first
	closed bool
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
	tlsConfig := &tls.Config{ServerName: u.Hostname(), MinVersion: gomail.DefaultTLSMinVersion}
	opts := []gomail.Option{gomail.WithTimeout(smtpTimeout), gomail.WithTLSConfig(tlsConfig)}
	ssl := false
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
		// SMTPSender.dial wraps the connection in TLS itself (it keeps the connection
		// to cut it when a send's context ends), so go-mail must not try STARTTLS on
		// top; PLAIN and LOGIN still see a TLS connection and allow the log-in.
		ssl = true
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
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
	return &SMTPSender{host: u.Hostname(), from: from, ssl: ssl, tlsConfig: tlsConfig, opts: opts}, nil
}

// Send implements Sender with a multipart/alternative email (plain text and HTML),
// over a connection kept from an earlier send when there is one. ctx bounds the whole
// send, the conversation included: when it ends, the connection is cut.
//
// An email the server accepted (250 after DATA) is sent, whatever happens next on the
// connection (a failed RSET, a connection closed at once): reporting it as failed
// would send it again.
//
// A 5xx reply about this email (to its recipient or its content) is permanent
// (RFC 5321 §4.2.1). A failure to connect, a 4xx reply, or a 5xx reply to the greeting,
// the log-in or our own sender address is temporary: those are the same for every
// email, so retrying them lets the queue flow again once an operator fixes the server
// or the configuration, instead of failing everything queued meanwhile.
func (s *SMTPSender) Send(ctx context.Context, r Rendered) error {
	m, err := s.message(r)
	if err != nil {
		return err
	}
	for {
		c, reused, err := s.conn(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("smtp: connect: %w", context.Cause(ctx))
			}
			return fmt.Errorf("smtp: connect: %w", err)
		}
		cut := context.AfterFunc(ctx, c.cut)
		err = c.client.SendWithSMTPClient(c.smtp, m)
		interrupted := !cut()
		switch {
		case err == nil && !interrupted:
			s.put(c)
			return nil
		case err == nil || m.IsDelivered():
			c.drop()
			return nil
		}
		c.drop()
		if interrupted {
			return fmt.Errorf("smtp: %w", context.Cause(ctx))
		}
		if reused && stale(err) {
			// A kept connection the server had closed meanwhile: nothing of this
			// email was sent, so it goes again on a fresh connection.
			continue
		}
		if refusedForGood(err) {
			return Permanent(fmt.Errorf("smtp: %w", err))
		}
		return fmt.Errorf("smtp: %w", err)
	}
}

// message builds the email, with a Message-ID of the outbox row and the sender's
// domain: the same at every attempt and from every process (RFC 5322 §3.6.4).
func (s *SMTPSender) message(r Rendered) (*gomail.Msg, error) {
	m := gomail.NewMsg()
	if err := m.From(s.from); err != nil {
		return nil, fmt.Errorf("smtp: sender address: %w", err)
	}
	if err := m.To(r.To); err != nil {
		return nil, Permanent(fmt.Errorf("smtp: recipient address: %w", err))
	}
	if r.ID != "" {
		m.SetMessageIDWithValue(MessageID(r.ID, s.from))
	}
	m.Subject(r.Subject)
	// RFC 3834 §5: automatic email; asks vacation responders not to answer it.
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, r.Text)
	if r.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, r.HTML)
	}
	return m, nil
}

// MessageID is the Message-ID (without its angle brackets) of the outbox row rowID
// sent from the address from: the row id at the sender's domain.
func MessageID(rowID, from string) string {
	domain := "localhost"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at < len(from)-1 {
		domain = strings.TrimSuffix(from[at+1:], ">")
	}
	return rowID + "@" + domain
}

// smtpConn is one open SMTP connection, past the greeting, STARTTLS and log-in.
type smtpConn struct {
	client *gomail.Client
	smtp   *gosmtp.Client
	net    net.Conn
	used   time.Time
}

// cut makes every read and write of the connection fail at once.
func (c *smtpConn) cut() { _ = c.net.SetDeadline(time.Unix(1, 0)) }

// drop closes the connection without a QUIT: after an error its state is unknown.
func (c *smtpConn) drop() { _ = c.net.Close() }

// quit ends the connection politely, waiting at most a second for the server.
func (c *smtpConn) quit() {
	_ = c.net.SetDeadline(time.Now().Add(time.Second))
	_ = c.client.CloseWithSMTPClient(c.smtp)
	_ = c.net.Close()
}

// conn returns a kept connection that has not been idle too long, or a new one.
func (s *SMTPSender) conn(ctx context.Context) (c *smtpConn, reused bool, err error) {
	s.mu.Lock()
	var old []*smtpConn
	for len(s.idle) > 0 {
		last := s.idle[len(s.idle)-1]
		s.idle = s.idle[:len(s.idle)-1]
		if time.Since(last.used) < smtpIdleTimeout {
			c = last
			break
		}
		old = append(old, last)
	}
	// The rest are older still: idle connections are kept in the order they were used.
	for _, o := range s.idle {
		if time.Since(o.used) >= smtpIdleTimeout {
			old = append(old, o)
		}
	}
	s.idle = slices.DeleteFunc(s.idle, func(o *smtpConn) bool { return slices.Contains(old, o) })
	s.mu.Unlock()
	for _, o := range old {
		go o.quit()
	}
	if c != nil {
		return c, true, nil
	}
	c, err = s.dial(ctx)
	return c, false, err
}

// dial opens a connection and gets it ready to send; ctx bounds all of it.
func (s *SMTPSender) dial(ctx context.Context) (*smtpConn, error) {
	var conn atomic.Pointer[net.Conn]
	dialer := func(ctx context.Context, network, addr string) (net.Conn, error) {
		var (
			nc  net.Conn
			err error
		)
		d := &net.Dialer{}
		if s.ssl {
			nc, err = (&tls.Dialer{NetDialer: d, Config: s.tlsConfig.Clone()}).DialContext(ctx, network, addr)
		} else {
			nc, err = d.DialContext(ctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		conn.Store(&nc)
		if ctx.Err() != nil { // ended between the dial and the Store: cut would miss it
			_ = nc.Close()
			return nil, ctx.Err()
		}
		return nc, nil
	}
	client, err := gomail.NewClient(s.host, append(slices.Clip(s.opts), gomail.WithDialContextFunc(dialer))...)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	stop := context.AfterFunc(ctx, func() {
		if nc := conn.Load(); nc != nil {
			_ = (*nc).SetDeadline(time.Unix(1, 0))
		}
	})
	sc, err := client.DialToSMTPClientWithContext(ctx)
	stop()
	if err != nil {
		if nc := conn.Load(); nc != nil {
			_ = (*nc).Close()
		}
		return nil, err
	}
	return &smtpConn{client: client, smtp: sc, net: *conn.Load()}, nil
}

// put keeps a connection for the next send.
func (s *SMTPSender) put(c *smtpConn) {
	c.used = time.Now()
	s.mu.Lock()
	if s.closed || len(s.idle) >= smtpMaxIdle {
		s.mu.Unlock()
		c.quit()
		return
	}
	s.idle = append(s.idle, c)
	s.mu.Unlock()
}

// Close ends the kept connections (QUIT). Send may still be called after it: it then
// sends on a fresh connection and does not keep it.
func (s *SMTPSender) Close() error {
	s.mu.Lock()
	idle := s.idle
	s.idle, s.closed = nil, true
	s.mu.Unlock()
	for _, c := range idle {
		c.quit()
	}
	return nil
}

// stale reports whether err says a kept connection was found closed before any of the
// email was sent: the check before each send (NOOP) failed, or MAIL FROM got no reply
// at all.
func stale(err error) bool {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return false
	}
	return se.Reason == gomail.ErrConnCheck || (se.Reason == gomail.ErrSMTPMailFrom && se.ErrorCode() == 0)
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
