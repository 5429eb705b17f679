package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/internal/testkit"
)

// TestVerifyPageInAnotherBrowserAsksForAPassword: a password chosen at sign-up is kept
// only by the browser that signed up; the link opened in another browser (the owner's,
// when someone else signed the address up) must choose one (pre-account takeover).
func TestVerifyPageInAnotherBrowserAsksForAPassword(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite")
	const email = "owner@example.com"
	c := srv.Client(t) // the first sign-up, from somewhere else
	c.Do(`mutation($input: SignUpInput!) { signUp(input: $input) { userErrors { code } } }`,
		map[string]any{"input": map[string]any{"email": email, "password": "mallory picked this phrase 31", "acceptTerms": true}}, nil)

	b := newBrowser(t, srv)
	b.open(emailLink(t, srv, email, "/verify-email?token="))
	b.waitPage("Verify your email")
	b.do("see that the password is required", chromedp.WaitVisible(chromedp.Search(`//p[@class="hint"][normalize-space(.)="Choose your password (at least 12 characters)."]`)))
	// Even with the browser's own check removed, the server refuses an empty password.
	b.do("drop the required attribute", chromedp.Evaluate[chromedp.Void](`document.querySelector('input[name="password"]').required = false`))
	b.click(button("Verify and log in"))
	b.do("see PASSWORD_REQUIRED", chromedp.WaitVisible(chromedp.Search(`//p[@class="field-error"][normalize-space(.)="Choose a password for your account."]`)))
	b.fill("Password", password)
	b.click(button("Verify and log in"))
	b.waitPage("Your account")
	if p := srv.Client(t).Do(`mutation { logIn(input: {email: "owner@example.com", password: "mallory picked this phrase 31"}) { userErrors { code } } }`, nil, nil); !strings.Contains(string(p.Body), "INVALID_CREDENTIALS") {
		t.Fatalf("the first sign-up's password still logs in: %s", p.Body)
	}
}
