package mail_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/outboxemail"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
)

type outbox struct {
	st   *store.Store
	box  *seal.Box
	smtp *testkit.SMTPServer
	r    *mail.Renderer
}

func newOutbox(t *testing.T, storeName string) *outbox {
	t.Helper()
	st := testkit.NewStore(t, storeName)
	box, err := seal.New(bytes.Repeat([]byte{1}, seal.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	r, err := mail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	return &outbox{st: st, box: box, smtp: testkit.StartSMTP(t), r: r}
}

func (o *outbox) worker(t *testing.T) *mail.Worker {
	t.Helper()
	sender, err := mail.NewSMTPSender(o.smtp.URL(), "accountd@example.test")
	if err != nil {
		t.Fatal(err)
	}
	return mail.NewWorker(o.st.Client, o.r, sender, o.box, mail.WorkerOptions{
		BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, MaxAttempts: 3,
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func (o *outbox) enqueue(t *testing.T, to string) {
	t.Helper()
	m := mail.Message{To: to, Template: mail.TemplateVerifyEmail, Data: map[string]string{
		"Link": "http://app.example.test/verify-email?token=acd_ver_secret", "Name": "", "ExpiresIn": "24 hours",
	}}
	if err := mail.Enqueue(t.Context(), o.st.Client, o.box, time.Now().UTC(), m); err != nil {
		t.Fatal(err)
	}
}

func TestOutbox(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		t.Run("case=rolled back sends nothing", func(t *testing.T) {
			o := newOutbox(t, storeName)
			tx, err := o.st.Client.Tx(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			m := mail.Message{To: "x@example.com", Template: mail.TemplateAccountExists, Data: map[string]string{"LoginLink": "l", "ResetLink": "r"}}
			if err := mail.Enqueue(t.Context(), tx.Client(), o.box, time.Now(), m); err != nil {
				t.Fatal(err)
			}
			_ = tx.Rollback()
			if n, err := o.worker(t).RunOnce(t.Context()); err != nil || n != 0 {
				t.Fatalf("RunOnce = %d, %v; want nothing sent", n, err)
			}
		})
		t.Run("case=sealed at rest, sent once, then cleared", func(t *testing.T) {
			o := newOutbox(t, storeName)
			o.enqueue(t, "one@example.com")
			row := o.st.Client.OutboxEmail.Query().OnlyX(t.Context())
			if row.Data == nil || bytes.Contains(*row.Data, []byte("acd_ver_secret")) {
				t.Fatal("the queued link is not sealed")
			}
			w := o.worker(t)
			if n, err := w.RunOnce(t.Context()); err != nil || n != 1 {
				t.Fatalf("RunOnce = %d, %v", n, err)
			}
			if n, _ := w.RunOnce(t.Context()); n != 0 {
				t.Fatalf("a second pass sent %d again", n)
			}
			row = o.st.Client.OutboxEmail.Query().OnlyX(t.Context())
			cleared := o.st.Client.OutboxEmail.Query().Where(outboxemail.DataIsNil()).CountX(t.Context())
			if row.SentAt == nil || cleared != 1 {
				t.Fatalf("after sending: sent_at=%v, rows with data cleared: %d", row.SentAt, cleared)
			}
			msgs := o.smtp.Messages()
			if len(msgs) != 1 || msgs[0].To[0] != "one@example.com" || !strings.Contains(msgs[0].HTML, "acd_ver_secret") {
				t.Fatalf("delivered: %+v", msgs)
			}
		})
		t.Run("case=refused recipient fails alone", func(t *testing.T) {
			o := newOutbox(t, storeName)
			o.smtp.RejectRecipient("gone@example.com")
			o.enqueue(t, "gone@example.com")
			o.enqueue(t, "here@example.com")
			if _, err := o.worker(t).RunOnce(t.Context()); err != nil {
				t.Fatal(err)
			}
			gone := o.st.Client.OutboxEmail.Query().Where(outboxemail.To("gone@example.com")).OnlyX(t.Context())
			if gone.FailedAt == nil || gone.Attempts != 1 || gone.LastError == "" {
				t.Fatalf("550 reply: failed_at=%v attempts=%d error=%q", gone.FailedAt, gone.Attempts, gone.LastError)
			}
			if msgs := o.smtp.Messages(); len(msgs) != 1 || msgs[0].To[0] != "here@example.com" {
				t.Fatalf("delivered: %+v", msgs)
			}
		})
		t.Run("case=server down: retried with backoff, then failed", func(t *testing.T) {
			o := newOutbox(t, storeName)
			o.smtp.Stop()
			o.enqueue(t, "later@example.com")
			w := o.worker(t)
			for range 3 {
				if _, err := w.RunOnce(t.Context()); err != nil {
					t.Fatal(err)
				}
				time.Sleep(10 * time.Millisecond) // past the backoff
			}
			row := o.st.Client.OutboxEmail.Query().OnlyX(t.Context())
			if row.Attempts != 3 || row.FailedAt == nil || row.SentAt != nil {
				t.Fatalf("after 3 failed tries: attempts=%d failed_at=%v", row.Attempts, row.FailedAt)
			}
		})
		t.Run("case=two workers send each email once", func(t *testing.T) {
			o := newOutbox(t, storeName)
			const n = 20
			for i := range n {
				o.enqueue(t, fmt.Sprintf("r%02d@example.com", i))
			}
			ctx, cancel := context.WithCancel(t.Context())
			var wg sync.WaitGroup
			for range 2 { // as two accountd processes would
				w := o.worker(t)
				wg.Go(func() {
					for ctx.Err() == nil {
						if _, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
							t.Error(err)
							return
						}
					}
				})
			}
			deadline := time.Now().Add(15 * time.Second)
			for len(o.smtp.Messages()) < n && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(100 * time.Millisecond) // room for a duplicate to show up
			cancel()
			wg.Wait()
			seen := map[string]int{}
			for _, m := range o.smtp.Messages() {
				seen[m.To[0]]++
			}
			for i := range n {
				if addr := fmt.Sprintf("r%02d@example.com", i); seen[addr] != 1 {
					t.Fatalf("%s got %d emails, want 1 (all: %v)", addr, seen[addr], seen)
				}
			}
		})
	})
}

func TestEnqueueRefusesUnknownTemplate(t *testing.T) {
	t.Parallel()
	o := newOutbox(t, "sqlite")
	err := mail.Enqueue(t.Context(), o.st.Client, o.box, time.Now(), mail.Message{To: "a@example.com", Template: "nope"})
	if err == nil {
		t.Fatal("Enqueue accepted an unknown template")
	}
}

func TestSMTPURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"smtp://user:hunter2@mail.example.com:587", true},
		{"smtps://mail.example.com", true},
		{"smtp://127.0.0.1:2525?tls=none", true},
		{"smtp://mail.example.com?tls=maybe", false},
		{"http://mail.example.com", false},
		{"smtp://user:hunter2@mail.example.com:99999", false},
		{"smtp://", false},
	} {
		t.Run("case="+tc.url, func(t *testing.T) {
			_, err := mail.NewSMTPSender(tc.url, "a@example.com")
			if (err == nil) != tc.ok {
				t.Fatalf("NewSMTPSender(%q) = %v", tc.url, err)
			}
			if err != nil && strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("the error repeats the password: %v", err)
			}
		})
	}
}
