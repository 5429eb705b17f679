package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/testkit"
)

// TestAdminArea: the console shows its admin area to admins only. A person who is no
// admin has no Admin link, and /admin tells them it is not for them. An admin who
// logged in with the password and the second factor finds an account by the start of
// its address, opens it, is asked for a reason before anything happens, confirms the
// suspension in a dialog naming the account, and sees it suspended; the suspended
// account's session is ended at once, and the audit log shows the reason. On the
// Webhooks page the admin adds an endpoint, sees its secret once with a warning and a
// copy button, and deletes it after a confirmation naming it. The admin's reads (the
// search, the account's page) are in the audit log, marked as reads. An admin cannot act
// on another admin: an account that became an admin while its page was open refuses
// the suspension with the API's reason, and its page then offers no action but says
// why; the admin's own page does the same.

func TestAdminArea(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		const adminEmail, targetEmail = "staff@example.com", "spam.sender@example.com"
		staffSecret := withTwoFactor(t, srv, apiAccount(t, srv, adminEmail, "Staff"))
		if _, err := account.SetAdmin(t.Context(), srv.App.Store.Client, adminEmail, true, srv.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		target := apiAccount(t, srv, targetEmail, "Spam")
		const peerEmail = "peer.staff@example.com"
		peer := apiAccount(t, srv, peerEmail, "Peer")
		withTwoFactor(t, srv, peer) // an admin must have it: the grant comes later

		b := newBrowser(t, srv)
		b.open("/login")
		b.waitPage("Log in")
		b.logIn(targetEmail)
		b.waitPage("Your account")
		b.absent("the Admin link for a person who is no admin", `//nav//a[normalize-space(.)="Admin"]`)
		b.open("/admin")
		b.see("the refusal", chromedp.Search(`//main//*[contains(., "for the platform's admins only")]`))
		b.click(button("Log out"))
		b.waitPage("Log in")

		b.logIn(adminEmail)
		b.waitPage("Two-factor authentication")
		srv.Clock.Advance(30 * time.Second) // the enrolment's code is used: the next step's
		b.fill("Code from your authenticator app", totpCode(t, staffSecret, srv.Clock.Now()))
		b.click(button("Verify"))
		b.waitPage("Your account")
		b.click(navLink("Admin"))
		b.waitPage("Admin")
		b.fill("Address starts with, or account id (usr_...)", "SPAM.")
		b.click(button("Search"))
		// The results of the search: the table without the admin's own row.
		b.click(chromedp.Search(`//main//table[@aria-label="Accounts"][not(.//a[normalize-space(.)=` + xq(adminEmail) + `])]//a[normalize-space(.)=` + xq(targetEmail) + `]`))
		b.waitPage(targetEmail)

		b.click(button("Suspend"))
		b.see("the reason asked for", chromedp.Search(`//p[@class="field-error"][contains(., "Say why")]`))
		b.fill("Reason (required: goes to the audit log)", "ticket 42: spam invitations")
		b.click(button("Suspend"))
		b.confirm(targetEmail, "Suspend")
		b.announced("Account suspended.")
		b.see("the suspended status", chromedp.Search(`//dd[@id="status"][starts-with(normalize-space(.), "Suspended since")]`))

		resp := target.Do(`{ viewer { id } }`, nil, nil)
		if resp.Status != http.StatusUnauthorized { // the suspension ended it
			t.Fatalf("the suspended account's session: %d %s", resp.Status, resp.Body)
		}
		b.click(chromedp.Search(`//main//a[normalize-space(.)="All accounts"]`))
		b.waitPage("Admin")
		b.see("the audit line with its reason", chromedp.Search(`//table[@aria-label="Audit log"]//tr[contains(., "suspend user")][contains(., "ticket 42: spam invitations")]`))
		if !strings.Contains(b.text(`table[aria-label="Audit log"] tbody`), adminEmail) {
			t.Error("the audit line does not name the admin")
		}
		b.see("the audit line of the search", chromedp.Search(`//table[@aria-label="Audit log"]//tr[@data-kind="read"][contains(., "search users (read)")][contains(., 'search "SPAM."')]`))
		b.see("the audit line of the account's page", chromedp.Search(`//table[@aria-label="Audit log"]//tr[@data-kind="read"][contains(., "view user (read)")][contains(., `+xq(targetEmail)+`)]`))

		// Another admin: the page opened while the account was not one yet refuses at
		// the API; opened again, it offers nothing and says why.
		peerID := srv.App.Store.Client.User.Query().Where(user.EmailKey(peerEmail)).OnlyX(t.Context()).ID
		b.open("/admin/users/" + peerID)
		b.waitPage(peerEmail)
		if _, err := account.SetAdmin(t.Context(), srv.App.Store.Client, peerEmail, true, srv.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		b.fill("Reason (required: goes to the audit log)", "ticket 45: takeover attempt")
		b.click(button("Suspend"))
		b.confirm(peerEmail, "Suspend")
		b.see("the refusal to act on an admin", chromedp.Search(`//p[@class="form-error"][contains(., "admins cannot act on admins")][contains(., "accountd admin revoke")]`))
		b.absent("a Retry button for a refusal", `//p[@class="form-error"]//button`)
		b.open("/admin/users/" + peerID)
		b.waitPage(peerEmail)
		b.see("why the admin's page has no action", chromedp.Search(`//main//p[contains(@class, "notice")][contains(., "This account is an admin")]`))
		b.absent("the Suspend button on an admin's page", `//main//button[normalize-space(.)="Suspend"]`)
		if resp := peer.Do(`{ viewer { id } }`, nil, nil); resp.Status != http.StatusOK {
			t.Fatalf("the other admin's session after the refusal: %d %s", resp.Status, resp.Body)
		}
		b.see("the account's own audit log, with this read", chromedp.Search(`//table[@aria-label="Audit log of this account"]//tr[contains(., "view user (read)")][contains(., `+xq(adminEmail)+`)]`))
		staffID := srv.App.Store.Client.User.Query().Where(user.EmailKey(adminEmail)).OnlyX(t.Context()).ID
		b.open("/admin/users/" + staffID)
		b.waitPage(adminEmail)
		b.see("why one's own page has no action", chromedp.Search(`//main//p[contains(@class, "notice")][contains(., "your own account")]`))
		b.absent("the Delete button on one's own page", `//main//button[normalize-space(.)="Delete account"]`)
		b.open("/admin")
		b.waitPage("Admin")

		// Webhooks: add an endpoint, see its secret once, delete it after a confirmation.
		b.click(chromedp.Search(`//main//a[normalize-space(.)="Webhooks"]`))
		b.waitPage("Webhooks")
		b.see("the empty list", chromedp.Search(`//main//p[normalize-space(.)="No endpoints yet."]`))
		b.fill("Name (what it is for)", "CRM sync")
		b.fill("URL (https://...)", "https://hooks.example.com/accountd")
		b.fill("Reason (required: goes to the audit log)", "ticket 43: CRM integration")
		b.click(button("Add the endpoint"))
		b.announced("Endpoint added.")
		if secret := b.text(`[data-testid="webhook-secret"]`); !strings.HasPrefix(secret, "whsec_") {
			t.Fatalf("the shown secret = %q, want whsec_...", secret)
		}
		b.see("the warning", chromedp.Search(`//section[@class="once"]//*[contains(., "shown only this once")]`))
		b.see("the copy button", chromedp.Search(`//section[@class="once"]//button[contains(., "Copy")]`))
		b.click(button("Done"))
		b.see("the endpoint with its delivery state", chromedp.Search(`//section[@data-testid="webhook-endpoint"][contains(., "CRM sync")][contains(., "https://hooks.example.com/accountd")][contains(., "delivered")]`))
		b.absent("the secret after Done", `//*[@data-testid="webhook-secret"]`)
		b.fill("Reason to delete CRM sync", "ticket 44: CRM retired")
		b.click(button("Delete endpoint"))
		b.confirm("CRM sync", "Delete endpoint")
		b.announced("Endpoint deleted.")
		b.see("the empty list again", chromedp.Search(`//main//p[normalize-space(.)="No endpoints yet."]`))
		if n := srv.App.Store.Client.WebhookEndpoint.Query().CountX(t.Context()); n != 0 {
			t.Fatalf("%d endpoints after the delete", n)
		}
	})
}

// withTwoFactor turns two-factor authentication on for the account of c and returns its
// TOTP secret.
func withTwoFactor(t *testing.T, srv *testkit.Server, c *testkit.Client) string {
	t.Helper()
	var enrol struct {
		EnableTwoFactor struct{ Secret string }
	}
	gql(t, c, `mutation($p: String) { enableTwoFactor(input: {password: $p}) { secret userErrors { message } } }`,
		map[string]any{"p": password}, &enrol)
	gql(t, c, `mutation($c: String!, $p: String) { confirmTwoFactor(input: {code: $c, password: $p}) { recoveryCodes userErrors { message } } }`,
		map[string]any{"c": totpCode(t, enrol.EnableTwoFactor.Secret, srv.Clock.Now()), "p": password}, nil)
	return enrol.EnableTwoFactor.Secret
}
