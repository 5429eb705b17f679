package e2e

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/internal/testkit"
)

// TestEmailChangeInTheConsole: a person changes their address in the account settings,
// follows the confirmation link read from the new address's mail, and then, as the
// owner of the old address, the undo link from the notice: the old address is back,
// the console is logged out, and a reset link waits in the old mailbox.
func TestEmailChangeInTheConsole(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		const oldAddr, newAddr = "mover@example.com", "moved@example.com"
		apiAccount(t, srv, oldAddr, "Mover")
		b := newBrowser(t, srv)

		b.open("/login")
		b.waitPage("Log in")
		b.logIn(oldAddr)
		b.waitPage("Your account")
		b.fill("New email address", newAddr)
		b.click(button("Change email"))
		if msg := b.text(".notice.ok"); !strings.Contains(msg, newAddr) {
			t.Fatalf("after the request the page says %q", msg)
		}

		b.open(emailLink(t, srv, newAddr, "/confirm-email-change?token="))
		b.waitPage("Confirm your new email address")
		b.click(button("Confirm the new address"))
		b.waitPage("Your email address is changed")
		if who := b.text("#nav .who"); who != newAddr {
			t.Fatalf("the header shows %q", who)
		}

		b.open(emailLink(t, srv, oldAddr, "/revert-email-change?token="))
		b.waitPage("Undo the change of your email address")
		b.click(button("Undo the change"))
		b.waitPage("The change is undone")
		if msg := b.text(".notice.ok"); !strings.Contains(msg, oldAddr) {
			t.Fatalf("after the undo the page says %q", msg)
		}
		emailLink(t, srv, oldAddr, "/reset-password?token=") // the way back in
		b.open("/account")
		b.waitPage("Log in") // every session ended, this browser's too
	})
}

var codeSubject = regexp.MustCompile(`log-in code: (\d{6})$`)

// mailedCode waits for the n-th log-in code email to addr: its code and link path.
func mailedCode(t *testing.T, srv *testkit.Server, addr string, n int) (string, string) {
	t.Helper()
	// WaitFor may look at the same emails again on each poll: count distinct codes, so
	// the first email is not taken for the n-th when the n-th is still on its way.
	seen := map[string]bool{}
	m := srv.SMTP.WaitFor(t, func(e testkit.Email) bool {
		if len(e.To) != 1 || e.To[0] != addr || !codeSubject.MatchString(e.Subject) {
			return false
		}
		seen[codeSubject.FindStringSubmatch(e.Subject)[1]] = true
		return len(seen) == n
	}, 30*time.Second)
	const public = "http://app.example.test"
	return codeSubject.FindStringSubmatch(m.Subject)[1], strings.TrimPrefix(m.FirstLink(public+"/login/code?"), public)
}

// TestLogInWithCodeInTheConsole: "Email me a code" on the log-in page, then the code
// typed from the email; and the email's link, which fills the code in (and takes it out
// of the address bar).
func TestLogInWithCodeInTheConsole(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		const addr = "coder@example.com"
		apiAccount(t, srv, addr, "Coder")
		b := newBrowser(t, srv)

		b.open("/login")
		b.waitPage("Log in")
		b.fill("Email", addr)
		b.click(button("Email me a code instead"))
		b.waitPage("Log in with a code")
		b.click(button("Email me a code"))
		b.text(".notice.ok")
		code, _ := mailedCode(t, srv, addr, 1)
		b.fill("Code from the email", code)
		b.click(button("Log in"))
		b.waitPage("Your account")

		b.click(button("Log out"))
		b.waitPage("Log in")
		srv.Clock.Advance(61 * time.Second) // one code email a minute per address
		b.open("/login/code")
		b.waitPage("Log in with a code")
		b.fill("Email", addr)
		b.click(button("Email me a code"))
		b.text(".notice.ok")
		code, link := mailedCode(t, srv, addr, 2)
		b.open(link)
		b.waitPage("Log in with a code")
		filled, err := chromedp.Run(b.ctx, chromedp.Value(byLabel("Code from the email")))
		if err != nil || filled != code {
			t.Fatalf("the link filled in %q, want %q (%v)", filled, code, err)
		}
		loc, err := chromedp.Run(b.ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if u, _ := url.Parse(loc); u == nil || u.Query().Has("code") {
			t.Fatalf("the code stayed in the address bar: %s", loc)
		}
		b.click(button("Log in"))
		b.waitPage("Your account")
	})
}
