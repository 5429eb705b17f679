package e2e

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/internal/testkit"
)

// TestPasskeyRenameAndRemoveInTheConsole renames a passkey with the inline form of its
// row and removes it through the confirmation dialog, then the password form the stale
// log-in asks for (a wrong password first), checking the page with axe at each step;
// the browser's own prompt and confirm never open.
func TestPasskeyRenameAndRemoveInTheConsole(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite", testkit.WithLocalhostPublicURL(), requireTrustedDocuments)
	const addr = "rename-passkey@example.com"
	localAccount(t, srv, addr)
	b := newBrowser(t, srv, chromedp.Flag("host-resolver-rules", "MAP localhost 127.0.0.1"))
	var dialogs atomic.Int32
	base := localURL(srv)
	b.withVirtualAuthenticator(base + "/login")
	// A window.prompt or window.confirm would block the page: count it and dismiss it.
	if err := chromedp.Listen(b.ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
			go func() {
				_, _ = chromedp.Run(b.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
					_, err := cdp.Call(ctx, t, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
					return err
				}))
			}()
		}
	}); err != nil {
		t.Fatal(err)
	}
	b.logIn(addr)
	b.waitPage("Your account")
	b.do("open passkeys", chromedp.Navigate(base+"/account/passkeys"))
	b.waitPage("Passkeys")
	b.fill("Name", "Laptop")
	b.click(button("Add a passkey"))
	b.see("the new passkey", chromedp.Search(`//td[text()="Laptop"]`))

	// Rename: the row's name becomes a labelled field, focused, with Save and Cancel.
	b.click(chromedp.Search(`//button[@aria-label="Rename Laptop"]`))
	b.see("the rename form", chromedp.Search(`//form[@aria-label="Rename the passkey Laptop"]`))
	b.focusOn("the new name", "name")
	b.checkA11y("the passkey rename form")
	b.click(button("Cancel"))
	b.see("the name again", chromedp.Search(`//td[text()="Laptop"]`))
	b.click(chromedp.Search(`//button[@aria-label="Rename Laptop"]`))
	b.clearField(`form[aria-label="Rename the passkey Laptop"] input[name="name"]`)
	b.fill("New name", "Work laptop")
	b.click(button("Save name"))
	b.see("the renamed passkey", chromedp.Search(`//td[text()="Work laptop"]`))
	b.see("the rename notice", chromedp.Search(`//*[@role="status"][contains(., 'Renamed to "Work laptop"')]`))

	// Remove, once the log-in is no longer recent: the dialog names it, then the page
	// asks for the password in a form of its own.
	srv.Clock.Advance(21 * time.Minute)
	b.click(chromedp.Search(`//button[@aria-label="Remove Work laptop"]`))
	b.checkA11y("the passkey removal dialog")
	b.confirm("Work laptop", "Remove passkey")
	b.see("the password form", byLabel("Confirm your password"))
	b.focusOn("the password field", "password")
	b.checkA11y("the passkey removal password form")
	b.fill("Confirm your password", "not the password at all")
	b.click(button("Remove passkey"))
	b.see("the wrong password's error", chromedp.Search(`//form[@aria-label="Confirm removing the passkey Work laptop"]//p[@class="field-error"][normalize-space(.)!=""]`))
	b.clearField(`form[aria-label="Confirm removing the passkey Work laptop"] input[name="password"]`)
	b.fill("Confirm your password", password)
	b.click(button("Remove passkey"))
	b.see("the removal notice", chromedp.Search(`//*[@role="status"][contains(., "Passkey removed.")]`))
	b.see("the empty list", chromedp.Search(`//p[text()="No passkeys yet."]`))
	b.absent("the password form", `//form[@aria-label="Confirm removing the passkey Work laptop"]`)
	b.absent("the stale notice of the addition", `//*[@role="status"][contains(., 'Passkey "Laptop" added')]`)
	if n := dialogs.Load(); n != 0 {
		t.Fatalf("%d browser prompt or confirm dialogs opened", n)
	}
	if n := srv.App.Store.Client.Passkey.Query().CountX(t.Context()); n != 0 {
		t.Fatalf("%d passkeys left", n)
	}
}

// clearField empties the input of a CSS selector, as selecting all and deleting does.
func (b *browser) clearField(css string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector(`+jsString(css)+`).value = ''`)); err != nil {
		b.fail("clear "+css, err)
	}
}
