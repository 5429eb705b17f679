package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

const firefoxOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"

// call is one DevTools protocol command as a browser step.
func call[P, R any](cmd cdp.Command[P, R], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cmd, params)
		return err
	})
}

// networkAs makes every request of the tab go offline, or take latency ms.
func networkAs(offline bool, latency float64) chromedp.Action[chromedp.Void] {
	return call(network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Offline: offline, Latency: latency, DownloadThroughput: -1, UploadThroughput: -1}},
	})
}

// present waits for an element that need not be visible (a hidden input).
func (b *browser) present(what string, sel chromedp.Search) {
	b.t.Helper()
	b.do("find "+what, chromedp.WaitReady(sel))
}

// focusOn waits until the focused element's text contains want.
func (b *browser) focusOn(what, want string) {
	b.t.Helper()
	b.do("focus on "+what, chromedp.Poll[chromedp.Void](`(() => { const a = document.activeElement; return !!a && a !== document.body && ((a.textContent || '') + ' ' + (a.getAttribute('name') || '')).includes(`+jsString(want)+`) })()`))
}

// TestSessionsNameTheDevice: the sessions list and the security log name browsers in
// words ("Chrome on Linux", parsed on the server), show this device first as "this
// device", "active now"; revoking a session and logging out everywhere else ask first,
// naming what goes, and announce what happened.
func TestSessionsNameTheDevice(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		apiAccount(t, srv, "sam@example.com", "Sam")
		ff := srv.Client(t)
		ff.Header.Set("User-Agent", firefoxOnWindows)
		var in struct{ LogIn struct{ Token *string } }
		ff.Do(`mutation { logIn(input: {email: "sam@example.com", password: "`+password+`"}) { token } }`, nil, &in)
		if in.LogIn.Token == nil {
			t.Fatal("the Firefox log-in failed")
		}
		ff.Bearer = *in.LogIn.Token

		b := newBrowser(t, srv)
		b.open("/login")
		b.waitPage("Log in")
		b.logIn("sam@example.com")
		b.waitPage("Your account")
		b.click(navLink("Sessions"))
		b.waitPage("Sessions")
		first := b.text("main tbody tr:first-child")
		for _, want := range []string{"Chrome on Linux", "this device", "active now"} {
			if !strings.Contains(first, want) {
				t.Errorf("the first session reads %q: no %q", first, want)
			}
		}
		b.see("the Firefox session", chromedp.Search(`//main//tbody//strong[normalize-space(.)="Firefox on Windows"]`))
		if main := b.text("main"); strings.Contains(main, "Mozilla/5.0") {
			t.Errorf("a raw User-Agent is shown:\n%s", main)
		}
		b.checkA11y("the sessions page")

		b.click(chromedp.Search(`//button[starts-with(@aria-label, "Revoke the session of Firefox on Windows")]`))
		b.confirm("The session of Firefox on Windows", "Revoke session")
		b.announced("The session of Firefox on Windows from")
		if v := ff.Do(`{ viewer { id } }`, nil, nil); v.Status != 401 {
			t.Fatalf("the revoked Firefox session still works: %d %s", v.Status, v.Body)
		}
		b.absent("the revoked session", `//main//tbody//strong[normalize-space(.)="Firefox on Windows"]`)

		b.click(button("Log out everywhere else"))
		b.confirm("every browser and app but this one", "Log out everywhere else")
		b.announced("Logged out everywhere else")

		b.click(navLink("Security log"))
		b.waitPage("Security log")
		b.see("the browser in words", chromedp.Search(`//main//td[normalize-space(.)="Chrome on Linux"]`))
		b.see("the Firefox log-in in words", chromedp.Search(`//main//td[normalize-space(.)="Firefox on Windows"]`))
		if main := b.text("main"); strings.Contains(main, "Mozilla/5.0") {
			t.Errorf("a raw User-Agent is shown in the security log:\n%s", main)
		}
	})
}

// TestSignUpVerifyWordingAndPasswordManagers: the first "resend" after sign-up says when
// the next email may go (not "too many attempts"); the link opened in the browser that
// chose the password logs in without asking for it again, and opened again says it was
// used; password forms carry a username for password managers, the right autocomplete
// and a show-password toggle; wrong and empty current passwords are worded as such,
// with the focus on the field; a save moves the focus to its result.
func TestSignUpVerifyWordingAndPasswordManagers(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		b := newBrowser(t, srv)
		const email = "pia@example.com"

		b.open("/signup")
		b.waitPage("Create your account")
		b.see("the address filed as the username", chromedp.Search(`//input[@name="email"][@autocomplete="username"]`))
		b.see("the new password", chromedp.Search(`//input[@name="password"][@autocomplete="new-password"]`))
		b.fill("Email", email)
		b.fill("Password (optional)", password)
		b.click(button("Show password"))
		b.see("the password shown", chromedp.Search(`//input[@name="password"][@type="text"]`))
		b.click(byLabel("I accept the terms of service"))
		b.click(button("Sign up"))
		b.waitPage("Check your email")
		b.click(button("Send the email again"))
		b.see("when the next email may go", chromedp.Search(`//main//p[contains(., "We sent you an email a moment ago")][contains(., "You can ask for another one in")]`))
		b.see("the button waiting", chromedp.Search(`//button[normalize-space(.)="Send the email again"][@disabled]`))
		if main := b.text("main"); strings.Contains(main, "Too many attempts") {
			t.Errorf("the resend says %q", main)
		}

		link := emailLink(t, srv, email, "/verify-email?token=")
		b.open(link)
		b.waitPage("Your account") // no password asked again in this browser
		b.open(link)
		b.waitPage("Your email is verified")
		b.see("the link was used", chromedp.Search(`//main//p[contains(., "This link was already used")][contains(., "`+email+`")]`))

		// A save moves the focus to what happened.
		b.open("/account")
		b.waitPage("Your account")
		b.fill("Company", "Acme")
		b.click(button("Save"))
		b.focusOn("the result of the save", "Your profile is saved.")

		b.click(navLink("Password"))
		b.waitPage("Change your password")
		b.present("the hidden username", chromedp.Search(`//form//input[@autocomplete="username"][@value="`+email+`"]`))
		b.see("the current password", chromedp.Search(`//input[@name="currentPassword"][@autocomplete="current-password"]`))
		b.see("the new password", chromedp.Search(`//input[@name="newPassword"][@autocomplete="new-password"]`))
		n, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`document.querySelectorAll('main button.show-password').length`))
		if err != nil || n != 2 {
			t.Errorf("show-password toggles on the password page: %v (%v)", n, err)
		}
		b.fill("New password", "a brand new 42 phrase for pia")
		b.click(button("Change password"))
		b.see("the empty current password", chromedp.Search(`//p[@class="field-error"][normalize-space(.)="Enter your current password."]`))
		b.focusOn("the current password field", "currentPassword")
		b.fill("Current password", "not my password at all")
		b.click(button("Change password"))
		b.see("the wrong current password", chromedp.Search(`//p[@class="field-error"][normalize-space(.)="The current password is wrong."]`))
		b.focusOn("the current password field", "currentPassword")

		b.click(navLink("Delete account"))
		b.waitPage("Delete your account")
		b.present("the hidden username", chromedp.Search(`//form//input[@autocomplete="username"][@value="`+email+`"]`))
		b.fill("Password", "not my password at all")
		b.click(button("Delete my account permanently"))
		b.confirm("The account "+email, "Delete my account")
		b.see("the wrong current password", chromedp.Search(`//p[@class="field-error"][normalize-space(.)="The current password is wrong."]`))
	})
}

// TestLockedOutAndTwoFactorWording: a failed log-in puts the focus on its message; a
// locked address is told when to try again in words and pointed to a password reset.
func TestLockedOutWording(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments, func(c *config.Config) { c.LogInMaxAttempts = 2 })
		apiAccount(t, srv, "lou@example.com", "Lou")
		b := newBrowser(t, srv)
		b.open("/login")
		b.waitPage("Log in")
		b.see("the username", chromedp.Search(`//input[@name="email"][@autocomplete="username"]`))
		b.see("the current password", chromedp.Search(`//input[@name="password"][@autocomplete="current-password"]`))
		b.fill("Email", "lou@example.com")
		b.fill("Password", "not the password at all")
		b.click(button("Log in"))
		b.see("the refusal", chromedp.Search(`//p[@class="form-error"][contains(., "The email or password is wrong.")]`))
		b.focusOn("the refusal", "The email or password is wrong.")
		// A second guess from elsewhere; the next attempt finds the address locked.
		if resp := srv.Client(t).Do(`mutation { logIn(input: {email: "lou@example.com", password: "another wrong guess 1"}) { userErrors { code } } }`, nil, nil); !strings.Contains(string(resp.Body), "INVALID_CREDENTIALS") {
			t.Fatalf("the second guess: %s", resp.Body)
		}
		b.click(button("Log in"))
		b.see("the lock in words", chromedp.Search(`//p[@class="form-error"][contains(., "Try again in 15 minutes.")]`))
		b.see("the way out", chromedp.Search(`//p[@class="form-error"]//a[@href="/forgot-password"][normalize-space(.)="Reset your password"]`))
		if msg := b.text("p.form-error"); strings.Contains(msg, " s.") || strings.Contains(msg, "later. Try") {
			t.Errorf("the lock reads %q", msg)
		}
	})
}

// TestFailuresAndLoading: with the network down, a page says so in words with a Retry
// that works once it is back; log-out says it could not reach the server and leaves
// the person logged in (the page stays consistent); a slow navigation shows that it is
// loading.
func TestFailuresAndLoading(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		apiAccount(t, srv, "nel@example.com", "Nel")
		b := newBrowser(t, srv)
		b.open("/login")
		b.waitPage("Log in")
		b.logIn("nel@example.com")
		b.waitPage("Your account")

		offline, online := networkAs(true, 0), networkAs(false, 0)
		b.allowProblem("net::ERR_INTERNET_DISCONNECTED")
		b.do("go offline", call(network.Enable, network.EnableParams{}), offline)
		b.click(navLink("Sessions"))
		b.waitPage("This page could not be loaded")
		b.see("the failure in words", chromedp.Search(`//main//*[@role="alert"][contains(., "The server could not be reached")]`))
		if main := b.text("main"); strings.Contains(main, "Failed to fetch") {
			t.Errorf("the page says %q", main)
		}
		b.click(button("Log out"))
		b.announced("You are still logged in: the server could not be told to log you out.")
		b.see("still logged in", chromedp.Search(`//nav//button[normalize-space(.)="Log out"]`))
		b.do("go online", online)
		b.click(chromedp.Search(`//main//button[normalize-space(.)="Retry"]`))
		b.waitPage("Sessions")

		// 1.5 s for every request: the navigation shows that it is loading.
		b.do("slow network", networkAs(false, 1500))
		b.click(navLink("Security log"))
		b.see("the loading indicator", chromedp.Search(`//*[@id="loading"][not(@hidden)][normalize-space(.)="Loading…"]`))
		b.see("main busy", chromedp.Search(`//main[@aria-busy="true"]`))
		b.waitPage("Security log")
		b.do("the indicator goes", chromedp.WaitNotVisible(chromedp.CSS("#loading")))
		b.do("normal network", online)
		b.click(button("Log out"))
		b.waitPage("Log in")
		b.announced("You are logged out.")
	})
}

// TestDarkMode: with prefers-color-scheme: dark, axe finds no serious or critical
// violation (colour contrast among them) on the main pages.
func TestDarkMode(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		owner := apiAccount(t, srv, "dora@example.com", "Dora")
		fleetID := newFleet(t, owner, "Night shift")
		gql(t, owner, `mutation($f: ID!) { registerDevice(input: {fleetId: $f, name: "owl-1"}) { userErrors { message } } }`, map[string]any{"f": fleetID}, nil)
		b := newBrowser(t, srv)
		b.do("prefer dark", call(emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}))
		b.open("/login")
		b.waitPage("Log in")
		dark, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`matchMedia('(prefers-color-scheme: dark)').matches`))
		if err != nil || !dark {
			t.Fatalf("dark mode is not emulated (%v)", err)
		}
		b.fill("Email", "dora@example.com")
		b.fill("Password", "not the password at all")
		b.click(button("Log in"))
		b.see("the refusal", chromedp.Search(`//p[@class="form-error"][normalize-space(.)!=""]`))
		b.checkA11y("/login with an error (dark)")
		b.open("/login")
		b.waitPage("Log in")
		b.logIn("dora@example.com")
		b.waitPage("Your account")
		for _, p := range []struct{ path, title string }{
			{"/account/password", "Change your password"},
			{"/account/sessions", "Sessions"},
			{"/account/fleets/" + fleetID, "Fleet Night shift"},
		} {
			b.open(p.path)
			b.waitPage(p.title)
			b.checkA11y(p.path + " (dark)")
		}
		b.click(chromedp.Search(`//button[@aria-label="Delete device owl-1"]`))
		b.see("the dialog", chromedp.Search(`//dialog[@open]`))
		b.checkA11y("the confirmation dialog (dark)")
	})
}
