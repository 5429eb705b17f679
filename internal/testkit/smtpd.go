package testkit

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Email is a message the SMTP listener received.
type Email struct {
	// From is the envelope sender (MAIL FROM).
	From string
	// To are the envelope recipients (RCPT TO) the server accepted.
	To      []string
	Subject string
	// Text and HTML are the decoded text/plain and text/html bodies, with the CRLF
	// line ends of SMTP turned into \n so tests compare them with Go strings.
	Text string
	HTML string
	// MessageID is the Message-ID header without its angle brackets ("" when absent):
	// copies of one email carry the same one.
	MessageID string
	// Accepted is when the server accepted the message, just before its 250 reply.
	Accepted time.Time
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// FirstLink returns the first URL in the text body that starts with prefix, or "": how
// a flow test follows the link a person would click.
func (e Email) FirstLink(prefix string) string {
	for _, l := range linkPattern.FindAllString(e.Text, -1) {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// SMTPServer is a real SMTP listener on loopback that keeps what it receives, so tests
// exercise the same SMTP client code as production.
type SMTPServer struct {
	addr string

	mu       sync.Mutex
	srv      *smtp.Server
	ln       net.Listener
	messages []Email
	rejected map[string]bool
	deferred map[string]bool
	user     string // with pass, the credentials RequireAuth set; "" for none
	pass     string

	// Bad modes (SetReplyDelay, SetSilent, SetCloseAfterAccept).
	delay      time.Duration
	silent     bool
	closeAfter bool
	held       []net.Conn // connections accepted in silent mode, never answered
	accepted   int        // connections accepted, in every mode
}

// StartSMTP starts an SMTP listener on 127.0.0.1 for the test; it stops when the test
// ends.
func StartSMTP(t testing.TB) *SMTPServer {
	t.Helper()
	s := &SMTPServer{rejected: map[string]bool{}, deferred: map[string]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testkit: smtp listen: %v", err)
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

// Addr is the listener's host:port.
func (s *SMTPServer) Addr() string { return s.addr }

// URL is the ACCOUNTD_SMTP_URL of the listener (plain SMTP on loopback).
func (s *SMTPServer) URL() string { return "smtp://" + s.addr + "?tls=none" }

// SetReplyDelay makes the server wait d before each reply to MAIL, RCPT and the end of
// DATA (0: answer at once): a slow relay.
func (s *SMTPServer) SetReplyDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// SetSilent makes the server accept connections and never say a word, not even its
// greeting, until the connection is closed by the client or by Stop; false ends the
// mode (and closes the connections held so far).
func (s *SMTPServer) SetSilent(silent bool) {
	s.mu.Lock()
	s.silent = silent
	held := s.held
	if !silent {
		s.held = nil
	}
	s.mu.Unlock()
	if !silent {
		for _, c := range held {
			_ = c.Close()
		}
	}
}

// SetCloseAfterAccept makes the server close each connection right after its 250 reply
// to DATA: the message is received and kept, and whatever the client says next (RSET,
// QUIT, the next message) meets a closed connection.
func (s *SMTPServer) SetCloseAfterAccept(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeAfter = on
}

// Connections is how many connections the server has accepted so far.
func (s *SMTPServer) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// Held is how many connections the server holds in silent mode.
func (s *SMTPServer) Held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.held)
}

// CountByMessageID returns how many copies of each Message-ID were received.
func (s *SMTPServer) CountByMessageID() map[string]int {
	out := map[string]int{}
	for _, m := range s.Messages() {
		out[m.MessageID]++
	}
	return out
}

// badListener hands the SMTP server its connections, except in silent mode, where it
// keeps them and never answers.
type badListener struct {
	net.Listener
	server *SMTPServer
}

func (l badListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		l.server.mu.Lock()
		l.server.accepted++
		silent := l.server.silent
		if silent {
			l.server.held = append(l.server.held, c)
		}
		l.server.mu.Unlock()
		if !silent {
			return &badConn{Conn: c}, nil
		}
	}
}

// badConn can close itself right after the next reply it writes.
type badConn struct {
	net.Conn
	mu         sync.Mutex
	closeAfter bool
}

func (c *badConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.mu.Lock()
	closeNow := c.closeAfter
	c.mu.Unlock()
	if closeNow {
		_ = c.Conn.Close()
	}
	return n, err
}

func (c *badConn) closeAfterNextWrite() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closeAfter = true
}

func (s *SMTPServer) serve(ln net.Listener) {
	ln = badListener{Listener: ln, server: s}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		bc, _ := c.Conn().(*badConn)
		return &smtpSession{server: s, conn: bc}, nil
	}))
	srv.Domain = "localhost"
	// Loopback only, and tests use ?tls=none: AUTH must be offered without TLS.
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 1 << 20
	s.mu.Lock()
	s.srv, s.ln = srv, ln
	s.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
}

// Stop closes the listener and open connections: connections are refused until
// Restart. Stopping a stopped server does nothing.
func (s *SMTPServer) Stop() {
	s.mu.Lock()
	srv, ln, held := s.srv, s.ln, s.held
	s.srv, s.ln, s.held = nil, nil, nil
	s.mu.Unlock()
	for _, c := range held {
		_ = c.Close()
	}
	// Closing the listener ourselves also covers a Serve that has not started yet.
	if ln != nil {
		_ = ln.Close()
	}
	if srv != nil {
		_ = srv.Close()
	}
}

// Restart listens again on the same address, keeping the messages received so far.
func (s *SMTPServer) Restart(t testing.TB) {
	t.Helper()
	s.Stop()
	var ln net.Listener
	var err error
	deadline := time.Now().Add(5 * time.Second)
	for { // the port may take a moment to be free again
		if ln, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("testkit: smtp restart on %s: %v", s.addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.serve(ln)
}

// RejectRecipient makes RCPT TO for addr fail with 550 (mailbox unavailable), a
// permanent refusal.
func (s *SMTPServer) RejectRecipient(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejected[strings.ToLower(addr)] = true
}

// DeferRecipient makes RCPT TO for addr fail with 450 (mailbox busy), a temporary
// refusal, every time: the sender retries with backoff until it gives up.
func (s *SMTPServer) DeferRecipient(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deferred[strings.ToLower(addr)] = true
}

// RequireAuth makes the server offer AUTH PLAIN and refuse mail from a connection that
// has not logged in with these credentials.
func (s *SMTPServer) RequireAuth(username, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user, s.pass = username, password
}

// Messages returns what was received so far, oldest first.
func (s *SMTPServer) Messages() []Email {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Email(nil), s.messages...)
}

// WaitFor returns the first received email that match accepts, polling up to timeout;
// it fails the test when none arrives.
func (s *SMTPServer) WaitFor(t testing.TB, match func(Email) bool, timeout time.Duration) Email {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		for _, m := range s.Messages() {
			if match(m) {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("testkit: no matching email within %s; received: %+v", timeout, s.Messages())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *SMTPServer) credentials() (user, pass string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.user, s.pass
}

// smtpSession is one client connection.
type smtpSession struct {
	server *SMTPServer
	conn   *badConn
	authed bool
	from   string
	to     []string
}

// Reset forgets the current message (RSET, or the end of one); a log-in lasts for the
// connection.
func (s *smtpSession) Reset()        { s.from, s.to = "", nil }
func (s *smtpSession) Logout() error { return nil }

// AuthMechanisms offers PLAIN only when RequireAuth was called, so that by default a
// client that has credentials finds no AUTH to use, as with a local relay.
func (s *smtpSession) AuthMechanisms() []string {
	if user, _ := s.server.credentials(); user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

// Auth checks PLAIN credentials against those of RequireAuth.
func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		user, pass := s.server.credentials()
		if user == "" || username != user || password != pass {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

// Mail refuses a sender that has not logged in when RequireAuth was called, with the
// 530 of RFC 4954 §6.
func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	s.server.wait()
	if user, _ := s.server.credentials(); user != "" && !s.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}
	}
	s.from = from
	return nil
}

// Rcpt refuses the addresses of RejectRecipient with 550 5.1.1 (RFC 3463: bad
// destination mailbox), the reply a real server gives for an unknown user.
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.server.wait()
	s.server.mu.Lock()
	rejected := s.server.rejected[strings.ToLower(to)]
	deferred := s.server.deferred[strings.ToLower(to)]
	s.server.mu.Unlock()
	if rejected {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable"}
	}
	if deferred {
		return &smtp.SMTPError{Code: 450, EnhancedCode: smtp.EnhancedCode{4, 2, 1}, Message: "mailbox busy, try later"}
	}
	s.to = append(s.to, to)
	return nil
}

// Data keeps the message, parsed, with its envelope.
func (s *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	e, err := parseEmail(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unparsable message: " + err.Error()}
	}
	e.From, e.To = s.from, append([]string(nil), s.to...)
	s.server.wait()
	e.Accepted = time.Now()
	s.server.mu.Lock()
	s.server.messages = append(s.server.messages, e)
	closeAfter := s.server.closeAfter
	s.server.mu.Unlock()
	if closeAfter && s.conn != nil {
		s.conn.closeAfterNextWrite() // the next write is this message's 250
	}
	return nil
}

// wait holds a reply back for the delay of SetReplyDelay.
func (s *SMTPServer) wait() {
	s.mu.Lock()
	d := s.delay
	s.mu.Unlock()
	if d > 0 {
		time.Sleep(d)
	}
}

// parseEmail reads what a test needs from a raw message: the subject and the bodies.
func parseEmail(raw []byte) (Email, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Email{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		subject = msg.Header.Get("Subject")
	}
	e := Email{Subject: subject, MessageID: strings.Trim(strings.TrimSpace(msg.Header.Get("Message-Id")), "<>")}
	err = walkParts(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &e)
	return e, err
}

// walkParts collects the text and HTML bodies of a (possibly multipart) message.
func walkParts(contentType, encoding string, body io.Reader, e *Email) error {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = "text/plain" // RFC 2045 §5.2: the default when Content-Type is absent
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walkParts(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, e); err != nil {
				return err
			}
		}
	}
	raw, err := io.ReadAll(decodeTransfer(encoding, body))
	if err != nil {
		return err
	}
	content := strings.ReplaceAll(string(raw), "\r\n", "\n")
	switch mt {
	case "text/plain":
		e.Text += content
	case "text/html":
		e.HTML += content
	}
	return nil
}
