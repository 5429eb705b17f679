package mail

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// devMailboxSize is how many emails the dev mailbox keeps.
const devMailboxSize = 50

// DevSender is the sender of dev mode: it prints each email to the log (so a developer
// can follow the link) and keeps the latest ones for the dev mailbox page. It is never
// used when an SMTP server is configured.
type DevSender struct {
	log  *slog.Logger
	mu   sync.Mutex
	mail []devEmail
}

type devEmail struct {
	Rendered
	At time.Time
}

// NewDevSender returns a DevSender that logs to log.
func NewDevSender(log *slog.Logger) *DevSender { return &DevSender{log: log} }

// Send implements Sender.
func (d *DevSender) Send(ctx context.Context, r Rendered) error {
	d.log.InfoContext(ctx, "dev mail (not sent: no ACCOUNTD_SMTP_URL)", "to", r.To, "subject", r.Subject, "text", r.Text)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.mail = append(d.mail, devEmail{Rendered: r, At: time.Now()})
	if len(d.mail) > devMailboxSize {
		d.mail = d.mail[len(d.mail)-devMailboxSize:]
	}
	return nil
}

var mailboxPage = template.Must(template.New("mailbox").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>accountd dev mailbox</title>
<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto}article{border:1px solid #ccc;border-radius:4px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap}</style>
</head><body><h1>Dev mailbox</h1>
<p>Email accountd would have sent, newest first (dev mode, no ACCOUNTD_SMTP_URL).</p>
{{range .}}<article><p><b>{{.Subject}}</b><br>To: {{.To}} · {{.At.Format "15:04:05"}}</p><pre>{{.Text}}</pre></article>
{{else}}<p>No email yet.</p>{{end}}
</body></html>`))

// Handler serves the dev mailbox page.
func (d *DevSender) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		list := make([]devEmail, len(d.mail))
		for i, m := range d.mail {
			list[len(d.mail)-1-i] = m
		}
		d.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		_ = mailboxPage.Execute(w, list)
	})
}
