package mail_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/testkit"
)

func TestSMTPURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"smtp://user:hunter2@mail.example.com:587", true},
		{"smtp://user:hunter2@mail.example.com?tls=opportunistic", true},
		{"smtps://user:hunter2@mail.example.com", true},
		{"smtp://127.0.0.1:2525?tls=none", true},
		{"smtp://mail.example.com?tls=maybe", false},
		{"smtps://mail.example.com?tls=none", false},
		{"http://user:hunter2@mail.example.com", false},
		{"smtp://user:hunter2@mail.example.com:99999", false},
		{"smtp://user:hunter2@mail.example.com:port", false},
		{"smtp://user:hunter2@", false},
		{"smtp://user:hunter2@mail.example.com:58%7", false},
		{"smtp://", false},
	} {
		t.Run("case="+tc.url, func(t *testing.T) {
			t.Parallel()
			_, err := mail.NewSMTPSender(tc.url, "accountd@example.com")
			if (err == nil) != tc.ok {
				t.Fatalf("NewSMTPSender(%q) = %v", tc.url, err)
			}
			if err != nil && strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("the error repeats the password: %v", err)
			}
		})
	}
	t.Run("case=bad sender address", func(t *testing.T) {
		t.Parallel()
		if _, err := mail.NewSMTPSender("smtp://mail.example.com", "not an address"); err == nil {
			t.Fatal("accepted a sender that is not an address")
		}
	})
}

func TestSMTPSender(t *testing.T) {
	t.Parallel()
	email := mail.Rendered{To: "ada@example.com", Subject: "Hello there", Text: "Open http://app.example.test/x?token=t1\n", HTML: "<p>Open <a href=\"http://app.example.test/x?token=t1\">it</a></p>"}
	newSender := func(t *testing.T, url string) *mail.SMTPSender {
		t.Helper()
		s, err := mail.NewSMTPSender(url, "accountd@example.test")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	t.Run("case=multipart text and HTML from the sender address", func(t *testing.T) {
		t.Parallel()
		srv := testkit.StartSMTP(t)
		if err := newSender(t, srv.URL()).Send(t.Context(), email); err != nil {
			t.Fatal(err)
		}
		got := srv.Messages()
		if len(got) != 1 {
			t.Fatalf("%d emails received", len(got))
		}
		m := got[0]
		if m.From != "accountd@example.test" || len(m.To) != 1 || m.To[0] != email.To || m.Subject != email.Subject ||
			m.Text != email.Text || m.HTML != email.HTML || m.FirstLink("http://app.example.test/") != "http://app.example.test/x?token=t1" {
			t.Fatalf("received %+v", m)
		}
	})
	t.Run("case=550 is permanent", func(t *testing.T) {
		t.Parallel()
		srv := testkit.StartSMTP(t)
		srv.RejectRecipient(email.To)
		err := newSender(t, srv.URL()).Send(t.Context(), email)
		var pe *mail.PermanentError
		if !mail.IsPermanent(err) || !errors.Is(err, mail.ErrPermanent) || !errors.As(err, &pe) {
			t.Fatalf("Send to a refused recipient = %v, want a permanent error", err)
		}
	})
	t.Run("case=connection refused is temporary", func(t *testing.T) {
		t.Parallel()
		srv := testkit.StartSMTP(t)
		srv.Stop()
		err := newSender(t, srv.URL()).Send(t.Context(), email)
		if err == nil || mail.IsPermanent(err) {
			t.Fatalf("Send to a stopped server = %v, want a temporary error", err)
		}
	})
	t.Run("case=STARTTLS is required unless relaxed", func(t *testing.T) {
		t.Parallel()
		srv := testkit.StartSMTP(t) // offers no STARTTLS
		url := "smtp://" + srv.Addr()
		if err := newSender(t, url).Send(t.Context(), email); err == nil || mail.IsPermanent(err) {
			t.Fatalf("Send without TLS = %v, want a temporary error", err)
		}
		if err := newSender(t, url+"?tls=opportunistic").Send(t.Context(), email); err != nil {
			t.Fatalf("Send with opportunistic TLS: %v", err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d emails received, want 1", n)
		}
	})
	t.Run("case=log-in from the URL's user", func(t *testing.T) {
		t.Parallel()
		srv := testkit.StartSMTP(t)
		srv.RequireAuth("relay", "hunter2")
		at := "@" + srv.Addr() + "?tls=none"
		err := newSender(t, "smtp://relay:wrong"+at).Send(t.Context(), email)
		if err == nil || mail.IsPermanent(err) || strings.Contains(err.Error(), "wrong") {
			t.Fatalf("Send with a wrong password = %v, want a temporary error without the password", err)
		}
		if err := newSender(t, srv.URL()).Send(t.Context(), email); err == nil || mail.IsPermanent(err) {
			t.Fatalf("Send without a log-in = %v, want a temporary error", err)
		}
		if err := newSender(t, "smtp://relay:hunter2"+at).Send(t.Context(), email); err != nil {
			t.Fatalf("Send with the password: %v", err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d emails received, want 1", n)
		}
	})
}
