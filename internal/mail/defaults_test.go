package mail_test

import (
	"testing"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/mail"
)

// TestConfigDefaults: the configuration's mail defaults are the worker's (config
// cannot import mail, so they are written twice), and the default lease is valid.
func TestConfigDefaults(t *testing.T) {
	t.Setenv("ACCOUNTD_ENV", "dev")
	c, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.MailSenders != mail.DefaultSenders || c.MailSendTimeout != mail.DefaultSendTimeout || c.MailLease != mail.DefaultLease {
		t.Fatalf("config %d/%s/%s, worker %d/%s/%s", c.MailSenders, c.MailSendTimeout, c.MailLease,
			mail.DefaultSenders, mail.DefaultSendTimeout, mail.DefaultLease)
	}
	if mail.DefaultLease < mail.MinLease(mail.DefaultSendTimeout, mail.DefaultRecordTimeout) {
		t.Fatal("the default lease is shorter than a send and its record")
	}
	w := mail.NewWorker(nil, nil, nil, nil, mail.WorkerOptions{SendTimeout: mail.DefaultSendTimeout, Lease: 1}, nil)
	if got := w.Options().Lease; got != mail.MinLease(mail.DefaultSendTimeout, mail.DefaultRecordTimeout) {
		t.Fatalf("a lease shorter than a send was kept: %s", got)
	}
}
