package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/internal/config"
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

// TestSocialTwoFactorChallengeInFragment: social log-in of an account with two factors
// comes back to the console's log-in page with the challenge in the fragment; the page
// drops it from the address bar and asks for the code.
func TestSocialTwoFactorChallengeInFragment(t *testing.T) {
	t.Parallel()
	op := testkit.NewOIDCProvider(t)
	srv := testkit.NewServer(t, "sqlite", op.Option(), func(c *config.Config) {
		c.OAuthRedirectURLs = []string{c.OAuthCallbackBase + "/login"}
	})
	op.SetClock(srv.Clock.Now)
	// Ada's first Google log-in (as an app) makes her account; she turns two-factor on.
	app := srv.Client(t)
	var in struct {
		LogInWithProvider struct{ Token *string }
	}
	app.Do(`mutation($t: String!) { logInWithProvider(input: {provider: GOOGLE, idToken: $t}) { token } }`, map[string]any{"t": op.IDToken(t, "")}, &in)
	if in.LogInWithProvider.Token == nil {
		t.Fatal("logInWithProvider gave no session")
	}
	app.Bearer = *in.LogInWithProvider.Token
	var en struct{ EnableTwoFactor struct{ Secret string } }
	app.Do(`mutation { enableTwoFactor { secret } }`, nil, &en)
	var conf struct {
		ConfirmTwoFactor struct{ RecoveryCodes []string }
	}
	app.Do(`mutation($code: String!) { confirmTwoFactor(input: {code: $code}) { recoveryCodes } }`, map[string]any{"code": totpCode(t, en.EnableTwoFactor.Secret, srv.Clock.Now())}, &conf)
	if len(conf.ConfirmTwoFactor.RecoveryCodes) == 0 {
		t.Fatal("two-factor was not turned on")
	}
	srv.Clock.Advance(30 * time.Second) // the enrolment's code is used: the next step's

	b := newBrowser(t, srv)
	b.open("/auth/google/start?redirect=" + url.QueryEscape(srv.URL+"/login"))
	b.waitPage("Two-factor authentication")
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.fail("read the location", err)
	}
	if strings.Contains(loc, "acd_tfa_") || strings.Contains(loc, "#") {
		t.Fatalf("the challenge stayed in the address bar: %s", loc)
	}
	b.fill("Code from your authenticator app", totpCode(t, en.EnableTwoFactor.Secret, srv.Clock.Now()))
	b.click(button("Verify"))
	b.waitPage("Your account")
}
