package mail_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/outboxemail"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
)

// secretToken stands for the token in a queued link: it must reach the recipient and
// nothing else (not the database once sent, not last_error, not the log).
const secretToken = "acd_ver_s3cret"

type outbox struct {
	st    *store.Store
	box   *seal.Box
	smtp  *testkit.SMTPServer
	r     *mail.Renderer
	clock *testkit.Clock
	logs  *testkit.LogBuffer
}

func newOutbox(t *testing.T, storeName string) *outbox {
	t.Helper()
	box, err := seal.New(bytes.Repeat([]byte{1}, seal.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	r, err := mail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	return &outbox{
		st: testkit.NewStore(t, storeName), box: box, smtp: testkit.StartSMTP(t), r: r,
		clock: testkit.NewClock(), logs: &testkit.LogBuffer{},
	}
}

// worker returns a worker that sends to the test's SMTP server on the test's clock,
// with backoffs of milliseconds.
func (o *outbox) worker(t *testing.T, opts mail.WorkerOptions) *mail.Worker {
	t.Helper()
	sender, err := mail.NewSMTPSender(o.smtp.URL(), "accountd@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if opts.Now == nil {
		opts.Now = o.clock.Now
	}
	if opts.BaseBackoff == 0 {
		opts.BaseBackoff, opts.MaxBackoff = time.Millisecond, 5*time.Millisecond
	}
	if opts.MaxAttempts == 0 {
		opts.MaxAttempts = 100
	}
	return mail.NewWorker(o.st.Client, o.r, sender, o.box, opts, slog.New(slog.NewTextHandler(o.logs, nil)))
}

func verifyMessage(to string) mail.Message {
	return mail.Message{To: to, Template: mail.TemplateVerifyEmail, Data: map[string]string{
		"Link": "http://app.example.test/verify-email?token=" + secretToken, "Name": "", "ExpiresIn": "24 hours",
	}}
}

// enqueue queues an email to each address the way a use-case does: in a transaction
// (one for each), committed.
func (o *outbox) enqueue(t *testing.T, to ...string) {
	t.Helper()
	for _, addr := range to {
		tx, err := o.st.Client.Tx(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if err := mail.Enqueue(t.Context(), tx.Client(), o.box, o.clock.Now(), verifyMessage(addr)); err != nil {
			_ = tx.Rollback()
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
}

// outboxCase runs f as a parallel subtest named name, with an outbox of its own on
// storeName.
func outboxCase(t *testing.T, storeName, name string, f func(t *testing.T, o *outbox)) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		t.Parallel()
		f(t, newOutbox(t, storeName))
	})
}

func (o *outbox) row(t *testing.T, to string) *ent.OutboxEmail {
	t.Helper()
	return o.st.Client.OutboxEmail.Query().Where(outboxemail.To(to)).OnlyX(t.Context())
}

// dataCleared reports whether the row's data column is NULL. (ent loads a NULL bytes
// column as a pointer to a nil slice, so the database is asked directly.)
func (o *outbox) dataCleared(t *testing.T, to string) bool {
	t.Helper()
	return o.st.Client.OutboxEmail.Query().Where(outboxemail.To(to), outboxemail.DataIsNil()).ExistX(t.Context())
}

// runTwoWorkers runs two workers, as two accountd processes would, on the real clock,
// each set up by setup (when not nil), until done reports true or 30 s have passed;
// it returns once both have stopped and every send they started has ended.
func (o *outbox) runTwoWorkers(t *testing.T, setup func(*mail.Worker), done func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for range 2 {
		w := o.worker(t, mail.WorkerOptions{Now: time.Now, BatchSize: 3})
		if setup != nil {
			setup(w)
		}
		wg.Go(func() {
			for ctx.Err() == nil {
				if _, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
					t.Error(err)
					return
				}
			}
		})
	}
	deadline := time.Now().Add(30 * time.Second)
	for !done() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	wg.Wait()
}

func runOnce(t *testing.T, w *mail.Worker) int {
	t.Helper()
	return count(t, "RunOnce", w.RunOnce)
}

func pending(t *testing.T, w *mail.Worker) int {
	t.Helper()
	return count(t, "Pending", w.Pending)
}

// count calls f, a worker's method named name, failing the test on its error.
func count(t *testing.T, name string, f func(context.Context) (int, error)) int {
	t.Helper()
	n, err := f(t.Context())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

// delivered counts the emails the SMTP server received for each address.
func (o *outbox) delivered() map[string]int {
	seen := map[string]int{}
	for _, m := range o.smtp.Messages() {
		for _, to := range m.To {
			seen[to]++
		}
	}
	return seen
}

func TestOutbox(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		outboxCase(t, storeName, "case=rolled back sends nothing", func(t *testing.T, o *outbox) {
			tx, err := o.st.Client.Tx(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if err := mail.Enqueue(t.Context(), tx.Client(), o.box, o.clock.Now(), verifyMessage("x@example.com")); err != nil {
				t.Fatal(err)
			}
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			w := o.worker(t, mail.WorkerOptions{})
			if n := runOnce(t, w); n != 0 || pending(t, w) != 0 || len(o.smtp.Messages()) != 0 {
				t.Fatalf("sent %d, pending %d, delivered %v; want nothing", n, pending(t, w), o.delivered())
			}
		})

		outboxCase(t, storeName, "case=committed is sealed, delivered once, then cleared", func(t *testing.T, o *outbox) {
			o.enqueue(t, "one@example.com")
			row := o.row(t, "one@example.com")
			if row.Data == nil || len(*row.Data) == 0 || bytes.Contains(*row.Data, []byte(secretToken)) {
				t.Fatal("the queued link is not sealed at rest")
			}
			w := o.worker(t, mail.WorkerOptions{})
			if pending(t, w) != 1 {
				t.Fatal("the queued email is not pending")
			}
			if n := runOnce(t, w); n != 1 {
				t.Fatalf("first pass sent %d, want 1", n)
			}
			if n := runOnce(t, w); n != 0 {
				t.Fatalf("a second pass sent %d again", n)
			}
			row = o.row(t, "one@example.com")
			if row.SentAt == nil || !o.dataCleared(t, row.To) || row.LockedUntil != nil || row.Attempts != 1 || pending(t, w) != 0 {
				t.Fatalf("after sending: sent_at=%v data cleared=%v locked_until=%v attempts=%d",
					row.SentAt, o.dataCleared(t, row.To), row.LockedUntil, row.Attempts)
			}
			msgs := o.smtp.Messages()
			if len(msgs) != 1 {
				t.Fatalf("delivered %d emails, want 1", len(msgs))
			}
			m := msgs[0]
			link := m.FirstLink("http://app.example.test/verify-email")
			if m.To[0] != "one@example.com" || m.From != "accountd@example.test" ||
				!strings.HasSuffix(link, secretToken) || !strings.Contains(m.HTML, secretToken) ||
				m.Subject != "Verify your email address for accountd" {
				t.Fatalf("delivered %+v", m)
			}
			o.logHoldsNoLink(t)
		})

		outboxCase(t, storeName, "case=server down, then back: retried, delivered once", func(t *testing.T, o *outbox) {
			o.smtp.Stop()
			o.enqueue(t, "later@example.com")
			w := o.worker(t, mail.WorkerOptions{})
			for attempt := 1; attempt <= 3; attempt++ {
				if n := runOnce(t, w); n != 0 {
					t.Fatalf("sent %d with the server down", n)
				}
				row := o.row(t, "later@example.com")
				if row.Attempts != attempt || row.FailedAt != nil || o.dataCleared(t, row.To) || row.LockedUntil != nil ||
					!row.NextAttemptAt.After(o.clock.Now()) || row.LastError == "" {
					t.Fatalf("after try %d: attempts=%d failed_at=%v data kept=%v locked_until=%v next=%v error=%q",
						attempt, row.Attempts, row.FailedAt, !o.dataCleared(t, row.To), row.LockedUntil, row.NextAttemptAt, row.LastError)
				}
				if n := runOnce(t, w); n != 0 || o.row(t, "later@example.com").Attempts != attempt {
					t.Fatal("retried before the backoff was over")
				}
				o.clock.Advance(time.Second) // past the backoff
			}
			if pending(t, w) != 1 {
				t.Fatal("the email was lost while the server was down")
			}
			o.smtp.Restart(t)
			if n := runOnce(t, w); n != 1 {
				t.Fatalf("sent %d once the server was back, want 1", n)
			}
			o.clock.Advance(time.Minute)
			if n := runOnce(t, w); n != 0 {
				t.Fatalf("sent %d more", n)
			}
			row := o.row(t, "later@example.com")
			if got := o.delivered()["later@example.com"]; got != 1 || row.SentAt == nil || !o.dataCleared(t, row.To) || row.Attempts != 4 || row.LastError != "" {
				t.Fatalf("delivered %d times; sent_at=%v data cleared=%v attempts=%d error=%q",
					got, row.SentAt, o.dataCleared(t, row.To), row.Attempts, row.LastError)
			}
			o.logHoldsNoLink(t)
		})

		outboxCase(t, storeName, "case=gives up after MaxAttempts", func(t *testing.T, o *outbox) {
			o.smtp.Stop()
			o.enqueue(t, "never@example.com")
			w := o.worker(t, mail.WorkerOptions{MaxAttempts: 3})
			for range 5 {
				runOnce(t, w)
				o.clock.Advance(time.Second)
			}
			row := o.row(t, "never@example.com")
			if row.Attempts != 3 || row.FailedAt == nil || row.SentAt != nil || !o.dataCleared(t, row.To) || pending(t, w) != 0 {
				t.Fatalf("after giving up: attempts=%d failed_at=%v data cleared=%v", row.Attempts, row.FailedAt, o.dataCleared(t, row.To))
			}
		})

		outboxCase(t, storeName, "case=refused recipient fails alone", func(t *testing.T, o *outbox) {
			o.smtp.RejectRecipient("gone@example.com")
			o.enqueue(t, "gone@example.com")
			o.enqueue(t, "here@example.com")
			w := o.worker(t, mail.WorkerOptions{})
			if n := runOnce(t, w); n != 1 {
				t.Fatalf("sent %d, want 1", n)
			}
			gone := o.row(t, "gone@example.com")
			if gone.FailedAt == nil || gone.Attempts != 1 || !strings.Contains(gone.LastError, "550") || !o.dataCleared(t, gone.To) {
				t.Fatalf("550 reply: failed_at=%v attempts=%d error=%q data cleared=%v", gone.FailedAt, gone.Attempts, gone.LastError, o.dataCleared(t, gone.To))
			}
			if got := o.delivered(); len(got) != 1 || got["here@example.com"] != 1 {
				t.Fatalf("delivered %v", got)
			}
		})

		outboxCase(t, storeName, "case=a row that cannot be opened fails alone", func(t *testing.T, o *outbox) {
			now := o.clock.Now()
			other, err := seal.New(bytes.Repeat([]byte{2}, seal.KeySize))
			if err != nil {
				t.Fatal(err)
			}
			// As if written under another key, or by a version with a template since
			// removed.
			o.st.Client.OutboxEmail.Create().SetTo("wrongkey@example.com").SetTemplate(mail.TemplateVerifyEmail).
				SetData(other.Seal([]byte(`{}`), "outbox:x")).SetNextAttemptAt(now.Add(-time.Second)).ExecX(t.Context())
			rowID := id.New(id.Email)
			o.st.Client.OutboxEmail.Create().SetID(rowID).SetTo("gonetemplate@example.com").SetTemplate("welcome_v0").
				SetData(o.box.Seal([]byte(`{}`), "outbox:"+rowID)).SetNextAttemptAt(now.Add(-time.Second)).ExecX(t.Context())
			o.st.Client.OutboxEmail.Create().SetTo("junk@example.com").SetTemplate(mail.TemplateVerifyEmail).
				SetData([]byte("junk")).SetNextAttemptAt(now.Add(-time.Second)).ExecX(t.Context())
			o.enqueue(t, "fine@example.com")
			w := o.worker(t, mail.WorkerOptions{})
			if n := runOnce(t, w); n != 1 {
				t.Fatalf("sent %d, want 1", n)
			}
			for _, to := range []string{"wrongkey@example.com", "gonetemplate@example.com", "junk@example.com"} {
				row := o.row(t, to)
				if row.FailedAt == nil || row.Attempts != 1 || row.LastError == "" || !o.dataCleared(t, to) {
					t.Fatalf("%s: failed_at=%v attempts=%d error=%q", to, row.FailedAt, row.Attempts, row.LastError)
				}
			}
			if got := o.delivered(); len(got) != 1 || got["fine@example.com"] != 1 {
				t.Fatalf("delivered %v", got)
			}
		})

		outboxCase(t, storeName, "case=a live lease is respected, an expired one taken over", func(t *testing.T, o *outbox) {
			o.enqueue(t, "leased@example.com")
			// Another process claimed it, then died before sending.
			o.st.Client.OutboxEmail.Update().SetLockedUntil(o.clock.Now().Add(time.Minute)).ExecX(t.Context())
			w := o.worker(t, mail.WorkerOptions{Lease: time.Minute})
			if n := runOnce(t, w); n != 0 {
				t.Fatalf("sent %d under another worker's lease", n)
			}
			o.clock.Advance(2 * time.Minute)
			if n := runOnce(t, w); n != 1 || o.delivered()["leased@example.com"] != 1 {
				t.Fatalf("sent %d after the lease ended, want 1", n)
			}
		})

		outboxCase(t, storeName, "case=two workers send each email once", func(t *testing.T, o *outbox) {
			const n = 20
			for i := range n {
				o.enqueue(t, fmt.Sprintf("r%02d@example.com", i))
			}
			// Every send that started has ended when it returns: a duplicate would be in.
			o.runTwoWorkers(t, nil, func() bool { return len(o.smtp.Messages()) >= n })
			seen := o.delivered()
			for i := range n {
				if addr := fmt.Sprintf("r%02d@example.com", i); seen[addr] != 1 {
					t.Fatalf("%s got %d emails, want 1 (all: %v)", addr, seen[addr], seen)
				}
			}
			if sent := o.st.Client.OutboxEmail.Query().Where(outboxemail.SentAtNotNil()).CountX(t.Context()); sent != n {
				t.Fatalf("%d rows marked sent, want %d", sent, n)
			}
		})

		outboxCase(t, storeName, "case=Run sends when woken", func(t *testing.T, o *outbox) {
			o.enqueue(t, "first@example.com")
			// Polling once an hour: only the first pass and Wake can send anything.
			w := o.worker(t, mail.WorkerOptions{PollInterval: time.Hour})
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan struct{})
			go func() { w.Run(ctx); close(done) }()
			o.smtp.WaitFor(t, func(e testkit.Email) bool { return e.To[0] == "first@example.com" }, 10*time.Second)
			o.enqueue(t, "second@example.com")
			w.Wake()
			w.Wake() // never blocks, however often it is called
			o.smtp.WaitFor(t, func(e testkit.Email) bool { return e.To[0] == "second@example.com" }, 10*time.Second)
			cancel()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not return after its context ended")
			}
		})
	})
}

func TestEnqueueRefuses(t *testing.T) {
	t.Parallel()
	o := newOutbox(t, "sqlite")
	for name, m := range map[string]mail.Message{
		"unknown template": {To: "a@example.com", Template: "verify_emial", Data: verifyMessage("").Data},
		"missing data key": {To: "a@example.com", Template: mail.TemplateVerifyEmail, Data: map[string]string{"Link": "x"}},
	} {
		t.Run("case="+name, func(t *testing.T) {
			if err := mail.Enqueue(t.Context(), o.st.Client, o.box, o.clock.Now(), m); err == nil {
				t.Fatal("Enqueue accepted it")
			}
		})
	}
	if n := o.st.Client.OutboxEmail.Query().CountX(t.Context()); n != 0 {
		t.Fatalf("%d rows written", n)
	}
}

// logHoldsNoLink fails the test when the worker logged the token of a queued link.
func (o *outbox) logHoldsNoLink(t *testing.T) {
	t.Helper()
	if strings.Contains(o.logs.String(), secretToken) {
		t.Fatalf("the log holds the link:\n%s", o.logs)
	}
}
