package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/store"
)

// targetDrainFactor is issue 26's mail target: the outbox delivers at least twice the
// peak sign-up rate, so a burst of sign-ups leaves no backlog.
const targetDrainFactor = 2.0

// MailDrain is the mail-drain measurement: a backlog written into the outbox at once,
// delivered by the running accountd to the load test's own SMTP sink.
type MailDrain struct {
	Emails int `json:"emails"`
	// Seconds runs from the commit of the backlog to the sink's acceptance of its last
	// email (the worker polls once a second: that is in it).
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"emails_per_second"`
	// Connections is how many new SMTP connections the sink saw during the drain
	// (accountd keeps them open: at most its senders, fewer when connections of the
	// scenario before are still open; never one per email).
	Connections int `json:"smtp_connections"`
	// SignUpPeak is the sign-up scenario's successful sign-ups per second in the same
	// run (each queues one email); 0 when it did not run.
	SignUpPeak float64 `json:"signup_ok_per_second,omitempty"`
}

// sink is the load test's SMTP server: it accepts and discards email, and counts it.
type sink struct {
	url         string
	accepted    atomic.Int64
	connections atomic.Int64
	mu          sync.Mutex
	last        time.Time
}

// startSMTPSink accepts and discards email on 127.0.0.1, so the mail worker does what
// it does in production without a mail server, and counts what it accepted.
func startSMTPSink() *sink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	s := &sink{url: "smtp://" + ln.Addr().String() + "?tls=none"}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		s.connections.Add(1)
		return sinkSession{s}, nil
	}))
	srv.Domain = "localhost"
	go func() { _ = srv.Serve(ln) }()
	return s
}

type sinkSession struct{ s *sink }

func (sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (ss sinkSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	ss.s.mu.Lock()
	ss.s.last = time.Now()
	ss.s.mu.Unlock()
	ss.s.accepted.Add(1)
	return nil
}
func (sinkSession) Reset()        {}
func (sinkSession) Logout() error { return nil }

// measureMailDrain writes n verification emails into the outbox in one transaction,
// as n sign-ups would have, and times their delivery by the running accountd (whose
// sealing key is secretKey) to the sink. It gives up after limit.
func measureMailDrain(ctx context.Context, dbURL, secretKey string, s *sink, n int, limit time.Duration) *MailDrain {
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		log.Fatalf("mail drain: %v", err)
	}
	defer st.Close()
	key, err := config.DecodeKey(secretKey)
	if err != nil {
		log.Fatal(err)
	}
	box, err := seal.New(key)
	if err != nil {
		log.Fatal(err)
	}
	// Wait for what earlier scenarios queued, so the figure is this backlog's alone.
	waitOutboxEmpty(ctx, st.Client, 5*time.Minute)
	base := s.accepted.Load()
	conns := s.connections.Load()
	tx, err := st.Client.Tx(ctx)
	if err != nil {
		log.Fatal(err)
	}
	now := time.Now()
	for i := range n {
		m := mail.Message{To: fmt.Sprintf("drain%d@example.test", i), Template: mail.TemplateVerifyEmail, Data: map[string]string{
			"Link": "https://app.example.test/verify-email?token=acd_ver_" + strings.Repeat("x", 40), "Name": "", "ExpiresIn": "24 hours",
		}}
		if err := mail.Enqueue(ctx, tx.Client(), box, now, m); err != nil {
			_ = tx.Rollback()
			log.Fatalf("mail drain: queue: %v", err)
		}
	}
	if err := tx.Commit(); err != nil {
		log.Fatal(err)
	}
	start := time.Now()
	deadline := start.Add(limit)
	for s.accepted.Load()-base < int64(n) {
		if time.Now().After(deadline) {
			log.Printf("mail drain: only %d of %d emails delivered within %s", s.accepted.Load()-base, n, limit)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.mu.Lock()
	last := s.last
	s.mu.Unlock()
	delivered := int(s.accepted.Load() - base)
	secs := last.Sub(start).Seconds()
	d := &MailDrain{Emails: delivered, Seconds: secs, Connections: int(s.connections.Load() - conns)}
	if secs > 0 {
		d.PerSecond = float64(delivered) / secs
	}
	return d
}

// waitOutboxEmpty waits until nothing is pending in the outbox, up to limit.
func waitOutboxEmpty(ctx context.Context, db *ent.Client, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for {
		pending, err := countPending(ctx, db)
		if err != nil {
			log.Fatalf("mail drain: %v", err)
		}
		if pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			log.Printf("mail drain: %d emails still pending from earlier scenarios after %s", pending, limit)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func countPending(ctx context.Context, db *ent.Client) (int, error) {
	w := mail.NewWorker(db, nil, nil, nil, mail.WorkerOptions{}, nil)
	return w.Pending(ctx)
}

// judgeDrain is the mail target's verdict.
func judgeDrain(d *MailDrain) (string, bool) {
	if d.SignUpPeak == 0 {
		return fmt.Sprintf("no sign-up scenario in this run to compare with (target: >= %.0fx the peak sign-up rate)", targetDrainFactor), true
	}
	want := targetDrainFactor * d.SignUpPeak
	text := fmt.Sprintf("%.0f emails/s vs %.0f sign-ups/s: %.1fx (>= %.0fx)", d.PerSecond, d.SignUpPeak, d.PerSecond/d.SignUpPeak, targetDrainFactor)
	if d.PerSecond >= want {
		return "met: " + text, true
	}
	return "**missed**: " + text, false
}
