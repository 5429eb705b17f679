package testkit_test

import (
	"errors"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

// A multipart/alternative message as mail clients and go-mail write them: the text part
// quoted-printable (with a soft line break inside the link), the HTML part base64.
const multipartMessage = "From: accountd@example.test\r\n" +
	"To: ada@example.com\r\n" +
	"Subject: =?UTF-8?q?V=C3=A9rifiez?= your email\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/alternative; boundary=b1\r\n" +
	"\r\n" +
	"--b1\r\n" +
	"Content-Type: text/plain; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Hello,\r\n" +
	"see http://example.test/docs and open http://app.example.test/verify?token=3D=\r\n" +
	"acd_ver_abc to verify.\r\n" +
	"--b1\r\n" +
	"Content-Type: text/html; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"PHA+SGVsbG88L3A+\r\n" + // <p>Hello</p>
	"--b1--\r\n"

func send(addr, to, msg string, auth smtp.Auth) error {
	return smtp.SendMail(addr, auth, "accountd@example.test", []string{to}, []byte(msg))
}

func TestSMTPServer(t *testing.T) {
	t.Parallel()
	t.Run("case=captures and decodes a multipart message", func(t *testing.T) {
		t.Parallel()
		s := testkit.StartSMTP(t)
		if err := send(s.Addr(), "ada@example.com", multipartMessage, nil); err != nil {
			t.Fatal(err)
		}
		e := s.WaitFor(t, func(e testkit.Email) bool { return len(e.To) == 1 && e.To[0] == "ada@example.com" }, 5*time.Second)
		if e.From != "accountd@example.test" || e.Subject != "Vérifiez your email" || e.HTML != "<p>Hello</p>" {
			t.Fatalf("captured %+v", e)
		}
		if got := e.FirstLink("http://app.example.test/verify"); got != "http://app.example.test/verify?token=acd_ver_abc" {
			t.Fatalf("FirstLink = %q in %q", got, e.Text)
		}
		if got := e.FirstLink("http://elsewhere.test/"); got != "" {
			t.Fatalf("FirstLink of an absent prefix = %q", got)
		}
		if !strings.HasPrefix(s.URL(), "smtp://127.0.0.1:") || !strings.HasSuffix(s.URL(), "?tls=none") {
			t.Fatalf("URL = %q", s.URL())
		}
	})
	t.Run("case=rejected recipient gets 550", func(t *testing.T) {
		t.Parallel()
		s := testkit.StartSMTP(t)
		s.RejectRecipient("Gone@Example.com")
		err := send(s.Addr(), "gone@example.com", multipartMessage, nil)
		var tpErr *textproto.Error
		if !errors.As(err, &tpErr) || tpErr.Code != 550 {
			t.Fatalf("send to a rejected recipient: %v, want a 550 reply", err)
		}
		if n := len(s.Messages()); n != 0 {
			t.Fatalf("%d messages captured", n)
		}
	})
	t.Run("case=stop refuses connections, restart takes them again", func(t *testing.T) {
		t.Parallel()
		s := testkit.StartSMTP(t)
		s.Stop()
		if c, err := net.DialTimeout("tcp", s.Addr(), time.Second); err == nil {
			_ = c.Close()
			t.Fatal("a stopped server accepted a connection")
		}
		s.Restart(t)
		if err := send(s.Addr(), "back@example.com", multipartMessage, nil); err != nil {
			t.Fatalf("after restart: %v", err)
		}
		if msgs := s.Messages(); len(msgs) != 1 || msgs[0].To[0] != "back@example.com" {
			t.Fatalf("captured %+v", msgs)
		}
	})
	t.Run("case=auth required", func(t *testing.T) {
		t.Parallel()
		s := testkit.StartSMTP(t)
		s.RequireAuth("relay", "s3cret")
		if err := send(s.Addr(), "a@example.com", multipartMessage, nil); err == nil {
			t.Fatal("accepted mail without a log-in")
		}
		if err := send(s.Addr(), "a@example.com", multipartMessage, smtp.PlainAuth("", "relay", "wrong", "127.0.0.1")); err == nil {
			t.Fatal("accepted a wrong password")
		}
		if err := send(s.Addr(), "a@example.com", multipartMessage, smtp.PlainAuth("", "relay", "s3cret", "127.0.0.1")); err != nil {
			t.Fatalf("with the right password: %v", err)
		}
		if n := len(s.Messages()); n != 1 {
			t.Fatalf("%d messages captured, want 1", n)
		}
	})
}
