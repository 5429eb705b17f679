package mail_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/testkit"
)

// The fault tests of the outbox (issue 27): a real SMTP listener of the test's own in
// each bad mode, on both stores, deliveries counted per Message-ID. Every wait is on a
// condition; time only bounds how long a test may take. Lines marked FIGURE are the
// figures of RELIABILITY.md's mail table.

// faultTimeouts are the worker's timeouts in these tests: short, so the suite stays
// fast, and the same ratios as the defaults where that matters.
var faultTimeouts = mail.WorkerOptions{
	SendTimeout:   10 * time.Second,
	RecordTimeout: 500 * time.Millisecond,
	Senders:       4,
}

// waitUntil polls cond until it holds, failing the test after limit.
func waitUntil(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", limit, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// windows collects the worker's Recorded figures: from the server's 250 to the mark.
type windows struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *windows) add(d time.Duration) { w.mu.Lock(); w.d = append(w.d, d); w.mu.Unlock() }

func (w *windows) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.d) == 0 {
		return "none"
	}
	s := slices.Clone(w.d)
	slices.Sort(s)
	return fmt.Sprintf("median %s, max %s over %d emails", s[len(s)/2].Round(time.Microsecond*10), s[len(s)-1].Round(time.Microsecond*10), len(s))
}

// exactlyOnce checks that each address got one email, whose Message-ID is its row's,
// that every row is marked sent, and that a pass after every lease has ended sends
// nothing more: a row whose mark had been lost would go again then.
func (o *outbox) exactlyOnce(t *testing.T, w *mail.Worker, to []string) {
	t.Helper()
	o.clock.Advance(time.Hour) // past every lease and backoff
	if n := runOnce(t, w); n != 0 {
		t.Fatalf("%d emails sent again after their leases ended", n)
	}
	byID := o.smtp.CountByMessageID()
	for _, addr := range to {
		row := o.row(t, addr)
		if row.SentAt == nil {
			t.Errorf("%s: not marked sent (attempts %d, error %q)", addr, row.Attempts, row.LastError)
		}
		if n := byID[mail.MessageID(row.ID, "accountd@example.test")]; n != 1 {
			t.Errorf("%s: %d copies of Message-ID %s, want 1 (all: %v)", addr, n, row.ID, byID)
		}
	}
	if len(o.smtp.Messages()) != len(to) {
		t.Errorf("the server received %d messages for %d emails", len(o.smtp.Messages()), len(to))
	}
}

// sendAllOnce enqueues an email to each of to, checks that one run of w sends them all
// and that each arrived exactly once.
func (o *outbox) sendAllOnce(t *testing.T, w *mail.Worker, to []string) {
	t.Helper()
	o.enqueue(t, to...)
	if n := runOnce(t, w); n != len(to) {
		t.Fatalf("sent %d, want %d; log:\n%s", n, len(to), o.logs)
	}
	o.exactlyOnce(t, w, to)
}

func addresses(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d@example.com", prefix, i)
	}
	return out
}

// setMarkFailing makes the database refuse every write that marks an email sent (a
// trigger, as a full disk or a restarting server would refuse it) or, with false,
// accept them again.
func (o *outbox) setMarkFailing(t *testing.T, failing bool) {
	t.Helper()
	var stmts []string
	switch {
	case o.st.Dialect == dialect.SQLite && failing:
		stmts = []string{`CREATE TRIGGER fail_mark BEFORE UPDATE OF sent_at ON outbox_emails
			WHEN NEW.sent_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'injected: the disk is full'); END`}
	case o.st.Dialect == dialect.SQLite:
		stmts = []string{`DROP TRIGGER fail_mark`}
	case failing:
		stmts = []string{
			`CREATE OR REPLACE FUNCTION fail_mark() RETURNS trigger LANGUAGE plpgsql AS
				$$ BEGIN RAISE EXCEPTION 'injected: the disk is full'; END $$`,
			`CREATE TRIGGER fail_mark BEFORE UPDATE ON outbox_emails FOR EACH ROW
				WHEN (NEW.sent_at IS NOT NULL) EXECUTE FUNCTION fail_mark()`,
		}
	default:
		stmts = []string{`DROP TRIGGER fail_mark ON outbox_emails`}
	}
	for _, q := range stmts {
		if _, err := o.st.DB.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFaultMail(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		outboxCase(t, storeName, "case=slow replies past the old deadline: sent and recorded once", func(t *testing.T, o *outbox) {
			// Each of MAIL, RCPT and the end of DATA answered late: a send takes
			// about three times the record timeout, which the old worker started
			// before the send (so its mark always failed and the email went out at
			// every lease end).
			o.smtp.SetReplyDelay(2 * faultTimeouts.RecordTimeout)
			var win windows
			opts := faultTimeouts
			opts.Recorded = win.add
			w := o.worker(t, opts)
			to := addresses("slow", 3)
			o.sendAllOnce(t, w, to)
			for _, a := range to {
				if r := o.row(t, a); r.Attempts != 1 {
					t.Errorf("%s: %d attempts, want 1", a, r.Attempts)
				}
			}
			t.Logf("FIGURE mail %s slow: replies %s late (send about %s, record timeout %s): copies 1 of each of 3; 250-to-mark %s",
				storeName, 2*faultTimeouts.RecordTimeout, 6*faultTimeouts.RecordTimeout, faultTimeouts.RecordTimeout, &win)
		})

		outboxCase(t, storeName, "case=silence: cut at the send timeout, counted, sent once later", func(t *testing.T, o *outbox) {
			o.smtp.SetSilent(true)
			opts := faultTimeouts
			opts.SendTimeout = 300 * time.Millisecond
			w := o.worker(t, opts)
			to := addresses("silent", 4)
			o.enqueue(t, to...)
			done := make(chan int)
			go func() { n, _ := w.RunOnce(context.Background()); done <- n }()
			// Four senders at once: the server holds four silent connections together.
			waitUntil(t, 30*time.Second, "4 connections at once", func() bool { return o.smtp.Held() == 4 })
			if n := <-done; n != 0 {
				t.Fatalf("sent %d to a silent server", n)
			}
			for _, a := range to {
				r := o.row(t, a)
				if r.Attempts != 1 || r.SentAt != nil || !strings.Contains(r.LastError, "send timed out") {
					t.Fatalf("%s: attempts %d, sent %v, error %q; want one counted timeout", a, r.Attempts, r.SentAt, r.LastError)
				}
			}
			o.smtp.SetSilent(false)
			o.clock.Advance(time.Second) // past the backoff
			if n := runOnce(t, w); n != 4 {
				t.Fatalf("sent %d after the server spoke again, want 4; log:\n%s", n, o.logs)
			}
			o.exactlyOnce(t, w, to)
			t.Logf("FIGURE mail %s silence: 4 emails, 4 connections held at once, each attempt cut at the %s send timeout and counted (attempts 1); once the server answered: copies 1 of each", storeName, opts.SendTimeout)
		})

		outboxCase(t, storeName, "case=connection closed right after 250: sent, once", func(t *testing.T, o *outbox) {
			o.smtp.SetCloseAfterAccept(true)
			opts := faultTimeouts
			opts.Senders = 1 // every email after the first meets the closed connection
			w := o.worker(t, opts)
			o.sendAllOnce(t, w, addresses("rude", 5))
			t.Logf("FIGURE mail %s close-after-250: 5 emails over one sender: copies 1 of each, attempts 1", storeName)
		})

		outboxCase(t, storeName, "case=server down then up: retried, sent once", func(t *testing.T, o *outbox) {
			o.smtp.Stop()
			w := o.worker(t, faultTimeouts)
			to := addresses("down", 5)
			o.enqueue(t, to...)
			if n := runOnce(t, w); n != 0 {
				t.Fatalf("sent %d while the server was down", n)
			}
			o.smtp.Restart(t)
			o.clock.Advance(time.Second)
			if n := runOnce(t, w); n != 5 {
				t.Fatalf("sent %d once the server was back, want 5; log:\n%s", n, o.logs)
			}
			o.exactlyOnce(t, w, to)
			t.Logf("FIGURE mail %s down-then-up: 5 emails, one failed attempt each, then copies 1 of each", storeName)
		})

		outboxCase(t, storeName, "case=mark refused for less than the lease: retried with fresh deadlines, once", func(t *testing.T, o *outbox) {
			opts := faultTimeouts
			opts.Lease = time.Minute // far longer than the refusal below
			w := o.worker(t, opts)
			o.enqueue(t, "markfails@example.com")
			o.setMarkFailing(t, true)
			done := make(chan int)
			go func() { n, _ := w.RunOnce(context.Background()); done <- n }()
			waitUntil(t, 30*time.Second, "a failed try to record the send", func() bool {
				return strings.Contains(o.logs.String(), "recording an email's result failed: retrying")
			})
			refused := time.Now()
			o.setMarkFailing(t, false)
			if n := <-done; n != 1 {
				t.Fatalf("sent %d, want 1; log:\n%s", n, o.logs)
			}
			t.Logf("FIGURE mail %s mark-refused-shorter-than-lease: recorded %s after the database took writes again; copies 1",
				storeName, time.Since(refused).Round(time.Millisecond))
			o.exactlyOnce(t, w, []string{"markfails@example.com"})
		})

		outboxCase(t, storeName, "case=mark refused past the lease: the duplicate window", func(t *testing.T, o *outbox) {
			opts := faultTimeouts
			opts.SendTimeout = 300 * time.Millisecond
			opts.Lease = mail.MinLease(opts.SendTimeout, opts.RecordTimeout)
			w := o.worker(t, opts)
			o.enqueue(t, "markgone@example.com")
			o.setMarkFailing(t, true)
			start := time.Now()
			// It went out, and the mark's error is the pass's once the lease ended.
			if n, err := w.RunOnce(t.Context()); n != 1 || err == nil {
				t.Fatalf("RunOnce = %d, %v; want 1 sent and the mark's error", n, err)
			}
			gaveUp := time.Since(start)
			o.setMarkFailing(t, false)
			o.clock.Advance(time.Hour) // the lease has ended: any worker may take it
			if n := runOnce(t, w); n != 1 {
				t.Fatalf("sent %d after the lease, want 1", n)
			}
			row := o.row(t, "markgone@example.com")
			id := mail.MessageID(row.ID, "accountd@example.test")
			if got := o.smtp.CountByMessageID()[id]; got != 2 || row.SentAt == nil {
				t.Fatalf("copies %d (sent %v), want 2 with one Message-ID", got, row.SentAt)
			}
			t.Logf("FIGURE mail %s mark-refused-past-lease: lease %s, mark retried for %s, then copies 2 with the same Message-ID",
				storeName, opts.Lease, gaveUp.Round(10*time.Millisecond))
		})

		outboxCase(t, storeName, "case=connections are kept between emails, and a closed one replaced", func(t *testing.T, o *outbox) {
			opts := faultTimeouts
			opts.Senders = 2
			w := o.worker(t, opts)
			first := addresses("kept", 10)
			o.enqueue(t, first...)
			if n := runOnce(t, w); n != 10 {
				t.Fatalf("sent %d, want 10", n)
			}
			if c := o.smtp.Connections(); c > 2 {
				t.Fatalf("%d connections for 10 emails over 2 senders, want at most 2", c)
			}
			// The server restarts: the kept connections are closed under the worker,
			// which finds out (NOOP) before sending anything and dials again; the
			// email does not count a failed attempt.
			o.smtp.Restart(t)
			o.enqueue(t, "afterrestart@example.com")
			if n := runOnce(t, w); n != 1 {
				t.Fatalf("sent %d after the restart, want 1; log:\n%s", n, o.logs)
			}
			if r := o.row(t, "afterrestart@example.com"); r.Attempts != 1 || r.LastError != "" {
				t.Fatalf("attempts %d, error %q; want the first attempt to succeed", r.Attempts, r.LastError)
			}
			o.exactlyOnce(t, w, append(first, "afterrestart@example.com"))
		})
	})
}

// TestNoSecondSendWhileSending: a pass does not claim an email that this worker is
// still sending, even when its lease has ended by the clock (the wall clock stepped
// forward, or here the test's clock): before, the next pass sent a second copy while
// the first send was still talking to a slow relay.
func TestNoSecondSendWhileSending(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		o := newOutbox(t, storeName)
		o.smtp.SetReplyDelay(time.Second) // a send takes about three seconds
		w := o.worker(t, faultTimeouts)
		ctx, cancel := context.WithCancel(context.Background())
		stopped := make(chan struct{})
		go func() { w.Run(ctx); close(stopped) }()

		o.enqueue(t, "first@example.test")
		w.Wake()
		waitUntil(t, 30*time.Second, "the first send under way", func() bool { return o.smtp.Connections() >= 1 })
		o.clock.Advance(time.Hour) // the first email's lease has ended by the clock
		o.enqueue(t, "second@example.test")
		w.Wake() // a pass while the first send goes on
		waitUntil(t, 60*time.Second, "both emails marked sent", func() bool {
			return o.row(t, "first@example.test").SentAt != nil && o.row(t, "second@example.test").SentAt != nil
		})
		cancel()
		<-stopped // Run waits for every send in progress
		byID := o.smtp.CountByMessageID()
		for _, addr := range []string{"first@example.test", "second@example.test"} {
			if n := byID[mail.MessageID(o.row(t, addr).ID, "accountd@example.test")]; n != 1 {
				t.Errorf("%s: %d copies, want 1 (all: %v)", addr, n, byID)
			}
		}
	})
}
