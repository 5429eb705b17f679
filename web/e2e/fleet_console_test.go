package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/internal/testkit"
)

// apiAccount signs addr up with a password over the API, follows the verification link
// and returns a client logged in as it (bearer token): the other people of a test.
func apiAccount(t *testing.T, srv *testkit.Server, addr, name string) *testkit.Client {
	t.Helper()
	c := srv.Client(t)
	var su struct {
		SignUp struct{ UserErrors []struct{ Message string } }
	}
	resp := c.Do(`mutation($input: SignUpInput!) { signUp(input: $input) { userErrors { message } } }`,
		map[string]any{"input": map[string]any{"email": addr, "name": name, "password": password, "acceptTerms": true}}, &su)
	if len(resp.Errors) > 0 || len(su.SignUp.UserErrors) > 0 {
		t.Fatalf("signUp %s: %s", addr, resp.Body)
	}
	link := emailLink(t, srv, addr, "/verify-email?token=")
	tok := link[strings.Index(link, "token=")+len("token="):]
	var v struct{ VerifyEmail struct{ Token *string } }
	resp = c.Do(`mutation($token: String!) { verifyEmail(input: {token: $token}) { token } }`, map[string]any{"token": tok}, &v)
	if v.VerifyEmail.Token == nil {
		t.Fatalf("verifyEmail %s: %s", addr, resp.Body)
	}
	api := srv.Client(t)
	api.Bearer = *v.VerifyEmail.Token
	return api
}

// gql runs an operation that must succeed and decodes its data.
func gql(t *testing.T, c *testkit.Client, op string, vars map[string]any, out any) {
	t.Helper()
	if resp := c.Do(op, vars, out); len(resp.Errors) > 0 || strings.Contains(string(resp.Body), `"userErrors":[{`) {
		t.Fatalf("%s: %s", op, resp.Body)
	}
}

func newFleet(t *testing.T, c *testkit.Client, name string) string {
	t.Helper()
	var out struct {
		CreateFleet struct{ Fleet struct{ ID string } }
	}
	gql(t, c, `mutation($n: String!) { createFleet(input: {name: $n}) { fleet { id } userErrors { message } } }`, map[string]any{"n": name}, &out)
	return out.CreateFleet.Fleet.ID
}

func inviteTo(t *testing.T, c *testkit.Client, fleetID, addr, role string) {
	t.Helper()
	gql(t, c, `mutation($f: ID!, $e: String!, $r: FleetRole!) { inviteFleetMember(input: {fleetId: $f, email: $e, role: $r}) { userErrors { message } } }`,
		map[string]any{"f": fleetID, "e": addr, "r": role}, nil)
}

// join invites addr (an account of c) and accepts as it.
func join(t *testing.T, srv *testkit.Server, owner, member *testkit.Client, fleetID, addr, role string) {
	t.Helper()
	inviteTo(t, owner, fleetID, addr, role)
	link := emailLink(t, srv, addr, "/accept-invitation?token=")
	gql(t, member, `mutation($t: String!) { acceptFleetInvitation(input: {token: $t}) { userErrors { message } } }`,
		map[string]any{"t": link[strings.Index(link, "token=")+len("token="):]}, nil)
}

// logIn logs the browser in through the log-in page.
func (b *browser) logIn(email string) {
	b.t.Helper()
	b.fill("Email", email)
	b.fill("Password", password)
	b.click(button("Log in"))
}

func (b *browser) see(what string, sel chromedp.Search) {
	b.t.Helper()
	b.do("see "+what, chromedp.WaitVisible(sel))
}

func (b *browser) absent(what string, xpath string) {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`document.evaluate(`+jsString(xpath)+`, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null).snapshotLength`))
	if err != nil {
		b.fail("count "+what, err)
	}
	if n != 0 {
		b.t.Fatalf("%s is shown (%v matches of %s)", what, n, xpath)
	}
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// confirm answers the confirmation dialog, checking that it names what goes.
func (b *browser) confirm(names, action string) {
	b.t.Helper()
	b.see("the confirmation naming "+names, chromedp.Search(`//dialog[@open][contains(., `+xq(names)+`)]`))
	b.click(chromedp.Search(`//dialog[@open]//button[@class="danger"][normalize-space(.)=` + xq(action) + `]`))
}

// announced waits for the live region's announcement.
func (b *browser) announced(text string) {
	b.t.Helper()
	b.see("the announcement "+text, chromedp.Search(`//*[@id="announce"][@aria-live="polite"][contains(normalize-space(.), `+xq(text)+`)]`))
}

// xq quotes s as an XPath string literal.
func xq(s string) string {
	if strings.Contains(s, `"`) {
		return "'" + s + "'"
	}
	return `"` + s + `"`
}

// TestSessionEndedSendsToLogIn: a session revoked elsewhere does not crash the page or
// leave the header logged in: the next page the person opens asks them to log in, and
// after logging in they are back on that page.
func TestSessionEndedSendsToLogIn(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		apiAccount(t, srv, "ada@example.com", "Ada")
		b := newBrowser(t, srv)
		b.open("/login")
		b.waitPage("Log in")
		b.logIn("ada@example.com")
		b.waitPage("Your account")

		// Every session ends elsewhere (an admin, another device, expiry).
		if _, err := srv.App.Store.Client.Session.Delete().Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		b.click(navLink("Sessions"))
		b.waitPage("Log in")
		b.see("why", chromedp.Search(`//main//p[starts-with(normalize-space(.), "Your session has ended")]`))
		b.see("the logged-out header", chromedp.Search(`//nav//a[normalize-space(.)="Log in"]`))
		b.logIn("ada@example.com")
		b.waitPage("Sessions")
	})
}

// TestInvitationSurvivesSignUp: a person without an account opens an invitation link:
// the page says who invited them to which fleet as what; they sign up from it, verify
// from the emailed link, land back on the invitation and join.
func TestInvitationSurvivesSignUp(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		owner := apiAccount(t, srv, "owner@example.com", "Olive Owner")
		fleetID := newFleet(t, owner, "Greenhouse")
		inviteTo(t, owner, fleetID, "newbie@example.com", "OPERATOR")
		link := emailLink(t, srv, "newbie@example.com", "/accept-invitation?token=")

		b := newBrowser(t, srv)
		b.open(link)
		b.waitPage("Fleet invitation")
		b.see("who invited them to what", chromedp.Search(`//main//p[normalize-space(.)="Olive Owner invited you to join the fleet Greenhouse as operator."]`))
		b.checkA11y("the logged-out invitation page")
		b.click(`//main//a[normalize-space(.)="Sign up"]`)
		b.waitPage("Create your account")
		b.fill("Email", "newbie@example.com")
		b.fill("Password (optional)", password)
		b.click(byLabel("I accept the terms of service"))
		b.click(button("Sign up"))
		b.waitPage("Check your email")

		b.open(emailLink(t, srv, "newbie@example.com", "/verify-email?token="))
		b.waitPage("Fleet invitation") // verified without the password again, in this browser
		b.click(button("Join the fleet"))
		b.waitPage("Fleet Greenhouse")
		b.see("the role", chromedp.Search(`//main//p[starts-with(normalize-space(.), "Your role: operator.")]`))

		// A used or wrong link says so, logged in or not.
		b.open(link)
		b.waitPage("Fleet invitation")
		b.see("the typed error", chromedp.Search(`//main//p[@role="alert"][contains(., "invalid")]`))
	})
}

// TestFleetActionsPerRole: the owner renames the fleet, changes a role, cancels an
// invitation, removes a member and hands the fleet over, each destructive step confirmed
// and announced; a member sees only what their role may do (viewerCan) and leaves; the
// new owner deletes the fleet.
func TestFleetActionsPerRole(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		owner := apiAccount(t, srv, "owner@example.com", "Olive")
		dev := apiAccount(t, srv, "dev@example.com", "Dev")
		obs := apiAccount(t, srv, "obs@example.com", "Obs")
		gone := apiAccount(t, srv, "gone@example.com", "Gone")
		fleetID := newFleet(t, owner, "Greenhouse")
		join(t, srv, owner, dev, fleetID, "dev@example.com", "DEVELOPER")
		join(t, srv, owner, obs, fleetID, "obs@example.com", "OBSERVER")
		join(t, srv, owner, gone, fleetID, "gone@example.com", "OPERATOR")
		inviteTo(t, owner, fleetID, "later@example.com", "OBSERVER")
		page := "/account/fleets/" + fleetID

		// The observer: no member list, no settings but Leave.
		b := newBrowser(t, srv)
		b.open("/login?next=" + page)
		b.logIn("obs@example.com")
		b.waitPage("Fleet Greenhouse")
		for what, xp := range map[string]string{
			"the members":      `//h2[.="Members"]`,
			"rename":           `//h3[.="Rename"]`,
			"delete the fleet": `//button[.="Delete fleet"]`,
			"invite":           `//button[.="Send invitation"]`,
			"register":         `//button[.="Register device"]`,
		} {
			b.absent(what, xp)
		}
		b.click(button("Leave fleet"))
		b.confirm("Greenhouse", "Leave fleet")
		b.waitPage("Fleets")
		b.announced(`You left the fleet "Greenhouse".`)
		b.click(button("Log out"))
		b.waitPage("Log in")

		// The developer: sees the members, manages none, may leave.
		b.open("/login?next=" + page)
		b.logIn("dev@example.com")
		b.waitPage("Fleet Greenhouse")
		b.see("the members", chromedp.Search(`//h2[.="Members"]`))
		b.see("register", button("Register device"))
		b.see("leave", button("Leave fleet"))
		for what, xp := range map[string]string{
			"remove a member":    `//button[starts-with(., "Remove ")]`,
			"a role picker":      `//select[starts-with(@aria-label, "Role of")]`,
			"delete the fleet":   `//button[.="Delete fleet"]`,
			"transfer ownership": `//button[.="Transfer ownership"]`,
			"invitations":        `//h3[.="Pending invitations"]`,
		} {
			b.absent(what, xp)
		}
		b.click(button("Log out"))
		b.waitPage("Log in")

		// The owner.
		b.open("/login?next=" + page)
		b.logIn("owner@example.com")
		b.waitPage("Fleet Greenhouse")
		b.absent("leave (the owner cannot)", `//button[.="Leave fleet"]`)
		b.see("the role explanations", chromedp.Search(`//ul[@class="role-help"]/li[starts-with(normalize-space(.), "Observer: sees the fleet")]`))

		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('form[aria-label="Rename the fleet"] input[name="name"]').value = ''`)); err != nil {
			b.fail("clear the name", err)
		}
		b.fill("Fleet name", "Glasshouse")
		b.click(button("Rename"))
		b.waitPage("Fleet Glasshouse")
		b.announced(`The fleet is now called "Glasshouse".`)

		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const s = document.querySelector('select[aria-label="Role of dev@example.com"]'); s.value = 'OPERATOR'; return s.dispatchEvent(new Event('change')) })()`)); err != nil {
			b.fail("change the role", err)
		}
		b.announced("dev@example.com is now operator.")

		b.checkA11y("the fleet page as its owner")
		b.click(button("Cancel invitation to later@example.com"))
		b.see("the dialog", chromedp.Search(`//dialog[@open]`))
		b.checkA11y("the confirmation dialog")
		b.confirm("later@example.com", "Cancel invitation")
		b.announced("The invitation to later@example.com was cancelled.")
		b.absent("the cancelled invitation", `//li[starts-with(., "later@example.com")]`)

		b.click(button("Remove gone@example.com"))
		b.confirm("gone@example.com", "Remove member")
		b.announced("gone@example.com was removed from the fleet.")
		b.absent("the removed member", `//td[.="gone@example.com"]`)

		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(() => { const s = document.querySelector('select[name="memberId"]'); s.value = [...s.options].find(o => o.text === 'dev@example.com').value; return s.value })()`)); err != nil {
			b.fail("choose the new owner", err)
		}
		b.click(button("Transfer ownership"))
		b.confirm("dev@example.com", "Transfer ownership")
		b.announced("dev@example.com is now the owner of the fleet.")
		b.see("the old owner's new role", chromedp.Search(`//main//p[starts-with(normalize-space(.), "Your role: developer.")]`))
		b.see("leave, now that they are not the owner", button("Leave fleet"))
		b.click(button("Log out"))
		b.waitPage("Log in")

		// The new owner deletes the fleet.
		b.open("/login?next=" + page)
		b.logIn("dev@example.com")
		b.waitPage("Fleet Glasshouse")
		b.click(button("Delete fleet"))
		b.confirm("Glasshouse", "Delete fleet")
		b.waitPage("Fleets")
		b.announced(`The fleet "Glasshouse" was deleted.`)
		b.see("no fleet", chromedp.Search(`//main//p[.="You are in no fleet yet."]`))
	})
}
