package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/internal/testkit"
)

// credentialAnswers posts query with secret as the bearer credential and returns the
// status and body.
func credentialAnswers(t *testing.T, srv *testkit.Server, secret, query string) (int, string) {
	t.Helper()
	c := srv.Client(t)
	c.Bearer = secret
	resp := c.Do(query, nil, nil)
	return resp.Status, string(resp.Body)
}

// TestDeviceCredentialsConsole: in the console, a device's token and a provisioning
// key are shown once with a copy button and work as the device's and the fleet's
// credentials; a read-only API key is listed with its scope.
func TestDeviceCredentialsConsole(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite")
	b := newBrowser(t, srv)
	const email = "linus@example.com"

	b.open("/signup")
	b.waitPage("Create your account")
	b.fill("Email", email)
	b.fill("Password (optional)", password)
	b.click(byLabel("I accept the terms of service"))
	b.click(button("Sign up"))
	b.waitPage("Check your email")
	b.open(emailLink(t, srv, email, "/verify-email?token="))
	b.waitPage("Your account") // the password chosen at sign-up in this browser
	b.click(button("Log out"))
	b.waitPage("Log in")
	b.fill("Email", email)
	b.fill("Password", password)
	b.click(button("Log in"))
	b.waitPage("Your account")

	b.open("/account/fleets")
	b.waitPage("Fleets")
	b.fill("Fleet name", "Greenhouse")
	b.click(button("Create fleet"))
	b.waitPage("Fleet Greenhouse")

	b.fill("Device name", "Valve")
	b.click(button("Register device"))
	devToken := b.text(`[data-testid="device-token"]`)
	if status, body := credentialAnswers(t, srv, devToken, `{ device { name fleetName } }`); status != http.StatusOK ||
		!strings.Contains(body, `"name":"Valve"`) || !strings.Contains(body, `"fleetName":"Greenhouse"`) {
		t.Fatalf("the device token shown (%q): %d %s", devToken, status, body)
	}
	b.do("see the copy button", chromedp.WaitVisible(chromedp.Search(`//section[@class="once"]//button[normalize-space(.)="Copy"]`)))
	b.click(button("Done"))
	b.do("wait for the page without the secret", chromedp.WaitNotPresent(chromedp.CSS("section.once")))

	b.fill("Name", "Line 3")
	b.fill("At most this many devices (optional)", "2")
	b.click(button("Create provisioning key"))
	prv := b.text(`[data-testid="provisioning-key"]`)
	if status, body := credentialAnswers(t, srv, prv, `mutation { provisionDevice(input: {name: "Field unit"}) { token userErrors { code } } }`); status != http.StatusOK ||
		!strings.Contains(body, `"token":"acd_dev_`) {
		t.Fatalf("the provisioning key shown (%q): %d %s", prv, status, body)
	}
	b.click(button("Done"))
	b.do("wait for the page without the secret", chromedp.WaitNotPresent(chromedp.CSS("section.once")))
	b.do("see the key listed with its count", chromedp.WaitVisible(chromedp.Search(`//td[normalize-space(.)="1 of 2"]`)))
	if strings.Contains(b.text("main"), prv) {
		t.Fatal("the provisioning key is shown again in the list")
	}

	b.click(button("New token"))
	b.confirm(`The token "Valve" uses now stops working`, "Replace token")
	rotated := b.text(`[data-testid="device-token"]`)
	if status, _ := credentialAnswers(t, srv, devToken, `{ device { id } }`); status != http.StatusUnauthorized || rotated == devToken {
		t.Fatalf("the old device token still works after a new one (%d)", status)
	}

	b.click(navLink("API keys"))
	b.waitPage("API keys")
	b.fill("Name", "dashboard")
	b.do("choose read-only", chromedp.SetValue(byLabel("Scope"), "READ_ONLY"))
	b.click(button("Create key"))
	key := b.text(`[data-testid="new-api-key"]`)
	if status, body := credentialAnswers(t, srv, key, `mutation { createFleet(input: {name: "x"}) { userErrors { code } } }`); status != http.StatusOK ||
		!strings.Contains(body, "FORBIDDEN") {
		t.Fatalf("the read-only key shown: %d %s", status, body)
	}
	if got := b.text(`[data-testid="key-scope"]`); got != "read only, whole account" {
		t.Fatalf("key scope shown as %q", got)
	}
}
