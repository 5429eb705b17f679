package mail

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// devMailboxSize is how many emails the dev mailbox keeps: enough to follow a flow,
// bounded so a long dev session does not grow without end.
const devMailboxSize = 50

// DevSender is the sender of dev mode: it prints each email to the log (so a developer
// can follow the link) and keeps the latest ones for the dev mailbox page. It logs
// links with their tokens, which is its purpose, so it must never stand in for SMTP in
// production.
type DevSender struct {
	log *slog.Logger

	mu   sync.Mutex
	next int
	mail []devEmail // oldest first
}

type devEmail struct {
	Rendered
	ID int
	At time.Time
}

// NewDevSender returns a DevSender that logs to log.
func NewDevSender(log *slog.Logger) *DevSender {
	if log == nil {
		log = slog.Default()
	}
	return &DevSender{log: log}
}

// Send implements Sender; it never fails.
func (d *DevSender) Send(ctx context.Context, r Rendered) error {
	d.log.InfoContext(ctx, "dev mail (not sent: no ACCOUNTD_SMTP_URL)", "to", r.To, "subject", r.Subject, "text", r.Text)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.next++
	d.mail = append(d.mail, devEmail{Rendered: r, ID: d.next, At: time.Now()})
	if len(d.mail) > devMailboxSize {
		d.mail = append(d.mail[:0], d.mail[len(d.mail)-devMailboxSize:]...)
	}
	return nil
}

// Messages returns the emails kept, newest first.
func (d *DevSender) Messages() []Rendered {
	list := d.newestFirst()
	out := make([]Rendered, len(list))
	for i, m := range list {
		out[i] = m.Rendered
	}
	return out
}

func (d *DevSender) newestFirst() []devEmail {
	d.mu.Lock()
	defer d.mu.Unlock()
	list := make([]devEmail, len(d.mail))
	for i, m := range d.mail {
		list[len(d.mail)-1-i] = m
	}
	return list
}

var mailboxPage = template.Must(template.New("mailbox").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>accountd dev mailbox</title>
<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto}article{border:1px solid #ccc;border-radius:4px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap}</style>
</head><body><h1>Dev mailbox</h1>
<p>Email accountd would have sent, newest first (dev mode, no ACCOUNTD_SMTP_URL).</p>
{{range .}}<article><p><b>{{.Subject}}</b><br>To: {{.To}} · {{.At.Format "15:04:05"}}{{if .HTML}} · <a href="?id={{.ID}}">HTML version</a>{{end}}</p><pre>{{.Text}}</pre></article>
{{else}}<p>No email yet.</p>{{end}}
</body></html>`))

// Handler serves the dev mailbox page: the list, newest first, and with ?id=N the HTML
// body of one email.
func (d *DevSender) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-store") // the page holds live tokens
		w.Header().Set("Referrer-Policy", "no-referrer")
		list := d.newestFirst()
		if q := r.URL.Query().Get("id"); q != "" {
			n, _ := strconv.Atoi(q)
			for _, m := range list {
				if m.ID == n && n > 0 {
					// The body comes from our html/template, so data in it is escaped;
					// the sandbox keeps it from running anything or reaching the
					// server's origin even so.
					w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					_, _ = w.Write([]byte(m.HTML))
					return
				}
			}
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = mailboxPage.Execute(w, list)
	})
}
