package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/internal/testkit"
)

// updateScreenshotsEnv, set to 1, makes TestPhoneLayout write the README's screenshots
// (docs/screenshots/) of the pages it visits, at desktop and phone size.
const updateScreenshotsEnv = "ACCOUNTD_UPDATE_SCREENSHOTS"

// TestPhoneLayout: on a 390 px wide phone no page scrolls sideways (tables become cards)
// and the navigation folds behind a Menu button that opens it.
func TestPhoneLayout(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		owner := apiAccount(t, srv, "owner@example.com", "Olive Owner")
		dev := apiAccount(t, srv, "developer.with.a.long.address@example.com", "Dev")
		fleetID := newFleet(t, owner, "Greenhouse sensors")
		join(t, srv, owner, dev, fleetID, "developer.with.a.long.address@example.com", "DEVELOPER")
		inviteTo(t, owner, fleetID, "someone.invited@example.com", "OBSERVER")
		gql(t, owner, `mutation($f: ID!) { registerDevice(input: {fleetId: $f, name: "sensor-on-the-north-wall-1"}) { userErrors { message } } }`, map[string]any{"f": fleetID}, nil)

		b := newBrowser(t, srv)
		pages := []struct{ name, path, title string }{
			{"account", "/account", "Your account"},
			{"sessions", "/account/sessions", "Sessions"},
			{"fleet", "/account/fleets/" + fleetID, "Fleet Greenhouse sensors"},
			{"security-log", "/account/security-log", "Security log"},
		}
		shots := os.Getenv(updateScreenshotsEnv) == "1"
		shoot := func(name string) {
			if !shots {
				return
			}
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				b.fail("screenshot "+name, err)
			}
			if err := os.WriteFile(filepath.Join("..", "..", "docs", "screenshots", name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if shots {
			if err := os.MkdirAll(filepath.Join("..", "..", "docs", "screenshots"), 0o755); err != nil {
				t.Fatal(err)
			}
		}

		b.open("/login")
		b.waitPage("Log in")
		b.checkA11y("/login")
		shoot("login-desktop")
		b.logIn("owner@example.com")
		b.waitPage("Your account")
		for _, p := range pages {
			b.open(p.path)
			b.waitPage(p.title)
			b.checkA11y(p.path + " (desktop)")
			shoot(p.name + "-desktop")
		}

		b.do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		for _, p := range pages {
			b.open(p.path)
			b.waitPage(p.title)
			w, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
			if err != nil {
				b.fail("measure "+p.path, err)
			}
			if w > 390 {
				wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))`))
				t.Errorf("%s is %v px wide on a 390 px phone; too wide: %q", p.path, w, wide)
			}
			b.checkA11y(p.path + " (phone)")
			shoot(p.name + "-phone")
		}
		navHeight, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`document.querySelector('header').getBoundingClientRect().height`))
		if err != nil {
			b.fail("measure the header", err)
		}
		if navHeight > 80 {
			t.Errorf("the header takes %v px on a phone", navHeight)
		}
		hidden, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById('nav-links')).display === 'none'`))
		if err != nil || !hidden {
			t.Errorf("the navigation links are not folded on a phone (%v)", err)
		}
		b.click(button("Menu"))
		b.see("the expanded menu", chromedp.Search(`//button[normalize-space(.)="Menu"][@aria-expanded="true"]`))
		b.click(navLink("Sessions"))
		b.waitPage("Sessions")
		b.see("the menu folded again", chromedp.Search(`//button[normalize-space(.)="Menu"][@aria-expanded="false"]`))
	})
}
