package mail_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/outboxemail"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
)

// queueIntent queues an intent the way a request does: in a transaction, committed.
func (o *outbox) queueIntent(t *testing.T, kind, addr string) {
	t.Helper()
	err := store.InTx(t.Context(), o.st.Client, func(tx *ent.Tx) error {
		return mail.QueueIntent(t.Context(), tx, o.box, o.clock.Now(), nil, kind, map[string]string{"address": addr})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// mailKnown is a resolver that mails the verification message to the addresses of
// known, and nothing to the others; it counts the resolutions that committed.
func (o *outbox) mailKnown(known map[string]bool, resolved *atomic.Int64) mail.Resolver {
	return func(ctx context.Context, tx *ent.Tx, data map[string]string) error {
		store.AfterCommit(tx, func() { resolved.Add(1) })
		if !known[data["address"]] {
			return nil
		}
		m := verifyMessage(data["address"])
		return mail.Queue(ctx, tx, o.box, o.clock.Now(), nil, m.To, m.Template, m.Data)
	}
}

func TestIntents(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		t.Run("case=an intent is one row that names no address; its email is sent by the same RunOnce", func(t *testing.T) {
			t.Parallel()
			o := newOutbox(t, storeName)
			o.queueIntent(t, "reset", "known@example.com")
			o.queueIntent(t, "reset", "unknown@example.com")
			rows := o.st.Client.OutboxEmail.Query().AllX(t.Context())
			for _, r := range rows {
				if r.To != "intent" || r.Template != "intent:reset" || r.Data == nil || bytes.Contains(*r.Data, []byte("example.com")) {
					t.Fatalf("intent row: to=%q template=%q data in the clear=%v", r.To, r.Template, r.Data != nil && bytes.Contains(*r.Data, []byte("example.com")))
				}
			}
			w := o.worker(t, mail.WorkerOptions{})
			var resolved atomic.Int64
			w.Resolve("reset", o.mailKnown(map[string]bool{"known@example.com": true}, &resolved))
			if n := runOnce(t, w); n != 1 {
				t.Fatalf("RunOnce sent %d, want the one email of the known address", n)
			}
			if got := o.delivered(); len(got) != 1 || got["known@example.com"] != 1 {
				t.Fatalf("delivered %v", got)
			}
			if resolved.Load() != 2 || pending(t, w) != 0 {
				t.Fatalf("%d resolved, %d pending; want 2 and 0", resolved.Load(), pending(t, w))
			}
			if n := o.st.Client.OutboxEmail.Query().Where(outboxemail.TemplateHasPrefix("intent:")).CountX(t.Context()); n != 0 {
				t.Fatalf("%d intents left after their resolution", n)
			}
		})

		t.Run("case=a failed resolution is tried again; an intent without a resolver fails for good", func(t *testing.T) {
			t.Parallel()
			o := newOutbox(t, storeName)
			o.queueIntent(t, "flaky", "known@example.com")
			o.queueIntent(t, "nobody-resolves", "other@example.com")
			w := o.worker(t, mail.WorkerOptions{})
			var resolved, calls atomic.Int64
			inner := o.mailKnown(map[string]bool{"known@example.com": true}, &resolved)
			w.Resolve("flaky", func(ctx context.Context, tx *ent.Tx, data map[string]string) error {
				if calls.Add(1) == 1 {
					// Written, then rolled back with the failure.
					if err := inner(ctx, tx, data); err != nil {
						return err
					}
					return errors.New("database hiccup")
				}
				return inner(ctx, tx, data)
			})
			if n := runOnce(t, w); n != 0 {
				t.Fatalf("sent %d after a failed resolution", n)
			}
			flaky := o.st.Client.OutboxEmail.Query().Where(outboxemail.Template("intent:flaky")).OnlyX(t.Context())
			if flaky.Attempts != 1 || flaky.LastError == "" || flaky.FailedAt != nil || resolved.Load() != 0 {
				t.Fatalf("after a failed resolution: attempts=%d error=%q failed=%v resolved=%d", flaky.Attempts, flaky.LastError, flaky.FailedAt, resolved.Load())
			}
			gone := o.st.Client.OutboxEmail.Query().Where(outboxemail.Template("intent:nobody-resolves")).OnlyX(t.Context())
			if gone.FailedAt == nil || gone.LastError == "" {
				t.Fatalf("intent without a resolver: failed=%v error=%q", gone.FailedAt, gone.LastError)
			}
			o.clock.Advance(time.Second) // past the backoff
			if n := runOnce(t, w); n != 1 || o.delivered()["known@example.com"] != 1 || resolved.Load() != 1 {
				t.Fatalf("second try: sent %d, delivered %v, resolved %d", n, o.delivered(), resolved.Load())
			}
		})

		t.Run("case=two workers resolve each intent once and send its email once", func(t *testing.T) {
			t.Parallel()
			o := newOutbox(t, storeName)
			const n = 20
			known := map[string]bool{}
			for i := range n {
				addr := fmt.Sprintf("r%02d@example.com", i)
				known[addr] = i%2 == 0
				o.queueIntent(t, "code", addr)
			}
			var resolved atomic.Int64
			o.runTwoWorkers(t, func(w *mail.Worker) { w.Resolve("code", o.mailKnown(known, &resolved)) },
				func() bool { return len(o.smtp.Messages()) >= n/2 && resolved.Load() >= n })
			seen := o.delivered()
			for addr, k := range known {
				if want := map[bool]int{true: 1}[k]; seen[addr] != want {
					t.Fatalf("%s got %d emails, want %d (all: %v)", addr, seen[addr], want, seen)
				}
			}
			if resolved.Load() != n {
				t.Fatalf("%d resolutions committed, want %d", resolved.Load(), n)
			}
		})
	})
}
