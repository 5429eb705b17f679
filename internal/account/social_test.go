package account_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// appURL is the single-page app's page that social log-in returns to (the allow-list).
const appURL = "http://app.example.test/auth/done"

const (
	logInWithProviderOp = `mutation($input: LogInWithProviderInput!) { logInWithProvider(input: $input) {
		token expiresAt user { id email emailVerified hasPassword } twoFactorChallenge userErrors { code field message } } }`
	linkIdentityOp = `mutation($input: LinkIdentityInput!) { linkIdentity(input: $input) {
		identity { provider email } user { id } userErrors { code field message } } }`
	startIdentityLinkOp = `mutation($input: StartIdentityLinkInput!) { startIdentityLink(input: $input) {
		authorizationUrl userErrors { code field message } } }`
	unlinkIdentityOp = `mutation($input: UnlinkIdentityInput!) { unlinkIdentity(input: $input) {
		user { id } userErrors { code field message } } }`
	identitiesOp = `query { viewer { id email emailVerified hasPassword identities { provider email createdAt } } }`
)

type identityData struct {
	Provider string `json:"provider"`
	Email    string `json:"email"`
}

type socialViewer struct {
	ID            string         `json:"id"`
	Email         string         `json:"email"`
	EmailVerified bool           `json:"emailVerified"`
	HasPassword   bool           `json:"hasPassword"`
	Identities    []identityData `json:"identities"`
}

// socialEnv is accountd with a fake Google (OpenID Connect) and a fake GitHub.
type socialEnv struct {
	srv *testkit.Server
	op  *testkit.OIDCProvider
	gh  *testkit.GitHub
}

func newSocialEnv(t *testing.T, store string, opts ...testkit.Option) socialEnv {
	t.Helper()
	op, gh := testkit.NewOIDCProvider(t), testkit.NewGitHub(t)
	srv := testkit.NewServer(t, store, append([]testkit.Option{op.Option(), gh.Option(), testkit.WithRedirectURLs(appURL)}, opts...)...)
	op.SetClock(srv.Clock.Now)
	return socialEnv{srv: srv, op: op, gh: gh}
}

// eachSocialEnv runs the test in parallel and f per store (testkit.ForEachStore) on a
// socialEnv of its own.
func eachSocialEnv(t *testing.T, f func(t *testing.T, e socialEnv)) {
	t.Helper()
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		f(t, newSocialEnv(t, store))
	})
}

// loggedIn returns a new browser that logged in with provider, the flow ending on the
// app without an error.
func (e socialEnv) loggedIn(t *testing.T, provider string) *testkit.Client {
	t.Helper()
	c := e.srv.Client(t)
	wantApp(t, e.browserLogIn(t, c, provider), "error", "")
	return c
}

// browserLogIn walks the browser flow from /auth/{provider}/start to the app and
// returns the app URL it ends on.
func (e socialEnv) browserLogIn(t *testing.T, c *testkit.Client, provider string) *url.URL {
	t.Helper()
	return c.Browse(e.srv.URL + "/auth/" + provider + "/start?redirect=" + url.QueryEscape(appURL))
}

func wantApp(t *testing.T, got *url.URL, param, want string) {
	t.Helper()
	if got.Scheme+"://"+got.Host+got.Path != appURL {
		t.Fatalf("ended on %s, want the app %s", got, appURL)
	}
	if v := got.Query().Get(param); v != want {
		t.Fatalf("ended on %s: %s = %q, want %q", got, param, v, want)
	}
}

func socialViewerOf(t *testing.T, c *testkit.Client) *socialViewer {
	t.Helper()
	return call[*socialViewer](t, c, identitiesOp, "viewer", nil)
}

func logInWithProvider(t *testing.T, c *testkit.Client, input map[string]any) firstStep {
	t.Helper()
	return call[firstStep](t, c, logInWithProviderOp, "logInWithProvider", map[string]any{"input": input})
}

func mutate(t *testing.T, c *testkit.Client, op, field string, input map[string]any) map[string]any {
	t.Helper()
	var out map[string]map[string]any
	if resp := c.Do(op, map[string]any{"input": input}, &out); len(resp.Errors) > 0 {
		t.Fatalf("%s: %s", field, resp.Body)
	}
	return out[field]
}

// errCodes reads the userErrors codes of a payload decoded as a map.
func errCodes(p map[string]any) string {
	var out []string
	for _, e := range p["userErrors"].([]any) {
		out = append(out, e.(map[string]any)["code"].(string))
	}
	return strings.Join(out, ",")
}

func eventCount(t *testing.T, srv *testkit.Server, userID, kind string) int {
	t.Helper()
	n, err := srv.App.Store.Client.SecurityEvent.Query().
		Where(securityevent.UserID(userID), securityevent.Kind(kind)).Count(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSocialBrowserFirstLogInCreatesPasswordlessAccount(t *testing.T) {
	eachSocialEnv(t, func(t *testing.T, e socialEnv) {
		c := e.loggedIn(t, "google")
		for _, ck := range c.Cookies() {
			if ck.Name == "accountd_oauth_state" {
				t.Fatal("the state cookie outlived the callback")
			}
		}
		v := socialViewerOf(t, c)
		if v == nil || v.Email != "ada@example.com" || !v.EmailVerified || v.HasPassword ||
			len(v.Identities) != 1 || v.Identities[0] != (identityData{"GOOGLE", "ada@example.com"}) {
			t.Fatalf("viewer after first social log-in = %+v", v)
		}
		if eventCount(t, e.srv, v.ID, "social_sign_up") != 1 {
			t.Fatal("no social_sign_up event")
		}

		// Deleting a passwordless account asks for a password first; the social
		// log-in counts as fresh, so setPassword goes through.
		wantCodes(t, deleteAccount(t, c, "anything at all here").UserErrors, "PASSWORD_REQUIRED")
		if p := setPassword(t, c, newStrongPassword); len(p.UserErrors) > 0 || p.User == nil || !p.User.HasPassword {
			t.Fatalf("setPassword after social log-in = %+v", p)
		}

		// The same identity logs the same account in again, from another browser.
		other := e.loggedIn(t, "google")
		if v2 := socialViewerOf(t, other); v2 == nil || v2.ID != v.ID {
			t.Fatalf("second log-in = %+v, want account %s", v2, v.ID)
		}
		if eventCount(t, e.srv, v.ID, "social_log_in") != 1 {
			t.Fatal("no social_log_in event")
		}
	})
}

func TestSocialBrowserRefusals(t *testing.T) {
	eachSocialEnv(t, func(t *testing.T, e socialEnv) {
		start := e.srv.URL + "/auth/google/start?redirect=" + url.QueryEscape(appURL)
		for _, tc := range []struct {
			name  string
			spoil func()
			want  string
		}{
			{"nonce mismatch", e.op.NextOtherNonce, "invalid_token"},
			{"other audience", e.op.NextForOtherAudience, "invalid_token"},
			{"expired ID token", e.op.NextExpired, "invalid_token"},
			{"email not verified", e.op.NextEmailUnverified, "email_not_verified"},
			{"consent refused", e.op.DenyNext, "access_denied"},
		} {
			t.Run("case="+tc.name, func(t *testing.T) {
				c := e.srv.Client(t)
				tc.spoil()
				wantApp(t, c.Browse(start), "error", tc.want)
				if v := socialViewerOf(t, c); v != nil {
					t.Fatalf("logged in as %+v", v)
				}
			})
		}

		// A round trip to the provider and back, spoiled on the way: the browser that
		// follows the callback lands on the app with invalid_state and no session.
		for _, tc := range []struct {
			name string
			// spoil changes the callback the provider sent c to (or the clock) and
			// returns the browser that follows it.
			spoil func(t *testing.T, c *testkit.Client, toCallback *url.URL) *testkit.Client
		}{
			{"state mismatch", func(_ *testing.T, c *testkit.Client, toCallback *url.URL) *testkit.Client {
				q := toCallback.Query()
				q.Set("state", q.Get("state")+"x")
				toCallback.RawQuery = q.Encode()
				return c
			}},
			// Login CSRF: an attacker's code and state, sent to a victim's browser that
			// holds no state cookie of this round trip.
			{"callback in another browser", func(t *testing.T, _ *testkit.Client, _ *url.URL) *testkit.Client {
				return e.srv.Client(t)
			}},
			{"state expired", func(_ *testing.T, c *testkit.Client, _ *url.URL) *testkit.Client {
				e.srv.Clock.Advance(11 * time.Minute)
				return c
			}},
		} {
			t.Run("case="+tc.name, func(t *testing.T) {
				c := e.srv.Client(t)
				_, toProvider := c.Visit(start)
				_, toCallback := c.Visit(toProvider.String())
				browser := tc.spoil(t, c, toCallback)
				_, back := browser.Visit(toCallback.String())
				wantApp(t, back, "error", "invalid_state")
				if v := socialViewerOf(t, browser); v != nil {
					t.Fatalf("logged in as %+v", v)
				}
			})
		}
		t.Run("case=redirect not on the allow-list", func(t *testing.T) {
			c := e.srv.Client(t)
			for _, bad := range []string{
				"https://evil.example/auth/done", "http://app.example.test.evil.example/auth/done",
				"http://app.example.test@evil.example/auth/done", "http://app.example.test/other",
				"http://app.example.test/auth/done/../../x", "//evil.example/", "javascript:alert(1)",
			} {
				status, loc := c.Visit(e.srv.URL + "/auth/google/start?redirect=" + url.QueryEscape(bad))
				if status != 400 || loc != nil {
					t.Fatalf("start with redirect %s = %d %v, want 400 and no redirect", bad, status, loc)
				}
			}
		})
	})
}

func TestSocialExistingAccounts(t *testing.T) {
	eachSocialEnv(t, func(t *testing.T, e socialEnv) {

		t.Run("case=verified email is not taken over", func(t *testing.T) {
			newAccount(t, e.srv, "ada@example.com")
			c := e.srv.Client(t)
			wantApp(t, e.browserLogIn(t, c, "google"), "error", "account_exists")
			wantCodes(t, logInWithProvider(t, c, map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "")}).UserErrors, "ACCOUNT_EXISTS")

			// The owner logs in with the password and links Google; from then on Google
			// logs that account in.
			owner := clientWithFreshLogIn(t, e.srv, "ada@example.com")
			p := mutate(t, owner, linkIdentityOp, "linkIdentity", map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "")})
			if errCodes(p) != "" || p["identity"].(map[string]any)["provider"] != "GOOGLE" {
				t.Fatalf("linkIdentity = %+v", p)
			}
			waitMail(t, e.srv, "ada@example.com", "Google log-in was linked to your accountd account")
			wantApp(t, e.browserLogIn(t, c, "google"), "error", "")
			if v := socialViewerOf(t, c); v == nil || v.Email != "ada@example.com" || !v.HasPassword {
				t.Fatalf("viewer = %+v", v)
			}
		})

		t.Run("case=unverified account is claimed", func(t *testing.T) {
			e.op.SetUser(testkit.OIDCUser{Subject: "sub-2", Email: "Bob@Example.com", EmailVerified: true})
			squatter := e.srv.Client(t)
			wantCodes(t, signUp(t, squatter, map[string]any{"email": "bob@example.com", "password": strongPassword, "acceptTerms": true}))
			c := e.loggedIn(t, "google")
			v := socialViewerOf(t, c)
			if v == nil || v.Email != "bob@example.com" || !v.EmailVerified || v.HasPassword {
				t.Fatalf("claimed account = %+v", v)
			}
			wantCodes(t, logIn(t, squatter, "bob@example.com", strongPassword).UserErrors, "INVALID_CREDENTIALS")
			if eventCount(t, e.srv, v.ID, "unverified_account_claimed") != 1 {
				t.Fatal("no unverified_account_claimed event")
			}
		})
	})
}

func TestSocialTwoFactorStillApplies(t *testing.T) {
	eachSocialEnv(t, func(t *testing.T, e socialEnv) {
		c := e.loggedIn(t, "google")
		en := enableTwoFactor(t, c)
		if len(en.UserErrors) > 0 || en.Secret == nil {
			t.Fatalf("enableTwoFactor = %+v", en)
		}
		wantCodes(t, confirmTwoFactor(t, c, totpCode(t, *en.Secret, e.srv.Clock.Now())).UserErrors)
		nextStep(e.srv)

		b := e.srv.Client(t)
		back := e.browserLogIn(t, b, "google")
		// The challenge is a credential for the second step: in the fragment, which no
		// server, log or Referer sees, never in the query.
		frag, err := url.ParseQuery(back.EscapedFragment())
		if err != nil {
			t.Fatalf("fragment of %s: %v", back, err)
		}
		ch := frag.Get("twoFactorChallenge")
		if !strings.HasPrefix(ch, token.Challenge) || back.Query().Get("error") != "" {
			t.Fatalf("browser log-in of a 2FA account ended on %s, want a challenge in the fragment", back)
		}
		if strings.Contains(back.RawQuery, token.Challenge) || len(back.Query()) != 0 {
			t.Fatalf("browser log-in of a 2FA account ended on %s: the query carries something", back)
		}
		if v := socialViewerOf(t, b); v != nil {
			t.Fatalf("a session before the second factor: %+v", v)
		}
		var out struct{ VerifyTwoFactor firstStep }
		b.Do(verifyTwoFactorOp, map[string]any{"input": map[string]any{"challenge": ch, "code": totpCode(t, *en.Secret, e.srv.Clock.Now())}}, &out)
		if out.VerifyTwoFactor.Token == nil {
			t.Fatalf("verifyTwoFactor = %+v", out.VerifyTwoFactor)
		}
		if v := socialViewerOf(t, b); v == nil || v.Email != "ada@example.com" {
			t.Fatalf("viewer after the second factor = %+v", v)
		}

		p := logInWithProvider(t, e.srv.Client(t), map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "")})
		if p.Token != nil || p.TwoFactorChallenge == nil || !strings.HasPrefix(*p.TwoFactorChallenge, token.Challenge) {
			t.Fatalf("mobile log-in of a 2FA account = %+v, want only a challenge", p)
		}
	})
}

func TestSocialMobile(t *testing.T) {
	eachSocialEnv(t, func(t *testing.T, e socialEnv) {
		const redirect = "com.example.app:/oauth2redirect"
		verifier := "a-mobile-app-pkce-verifier-of-43-characters-or-more-0123456789"

		t.Run("case=google ID token", func(t *testing.T) {
			c := e.srv.Client(t)
			wantCodes(t, logInWithProvider(t, c, map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "n-1"), "nonce": "n-2"}).UserErrors, "INVALID_TOKEN")
			e.op.NextForOtherAudience()
			wantCodes(t, logInWithProvider(t, c, map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "")}).UserErrors, "INVALID_TOKEN")
			e.op.NextExpired()
			wantCodes(t, logInWithProvider(t, c, map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "")}).UserErrors, "INVALID_TOKEN")
			e.op.NextEmailUnverified()
			wantCodes(t, logInWithProvider(t, c, map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "")}).UserErrors, "EMAIL_NOT_VERIFIED")
			p := logInWithProvider(t, c, map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "n-1"), "nonce": "n-1"})
			if p.Token == nil || p.User == nil || p.User.Email != "ada@example.com" || p.User.HasPassword {
				t.Fatalf("logInWithProvider = %+v", p)
			}
			c.Bearer = *p.Token
			if v := socialViewerOf(t, c); v == nil || v.Email != "ada@example.com" {
				t.Fatalf("bearer viewer = %+v", v)
			}
		})
		t.Run("case=google code", func(t *testing.T) {
			c := e.srv.Client(t)
			bad := map[string]any{"provider": "GOOGLE", "code": e.op.Code(redirect, verifier, ""), "codeVerifier": verifier + "x", "redirectUri": redirect}
			wantCodes(t, logInWithProvider(t, c, bad).UserErrors, "INVALID_TOKEN")
			p := logInWithProvider(t, c, map[string]any{"provider": "GOOGLE", "code": e.op.Code(redirect, verifier, ""), "codeVerifier": verifier, "redirectUri": redirect})
			if p.Token == nil || p.User.Email != "ada@example.com" {
				t.Fatalf("logInWithProvider with a code = %+v", p)
			}
		})
		t.Run("case=github code", func(t *testing.T) {
			c := e.srv.Client(t)
			p := logInWithProvider(t, c, map[string]any{"provider": "GITHUB", "code": e.gh.Code(redirect, verifier), "codeVerifier": verifier, "redirectUri": redirect})
			if p.Token == nil || p.User.Email != "grace@example.com" {
				t.Fatalf("GitHub logInWithProvider = %+v", p)
			}
			wantCodes(t, logInWithProvider(t, c, map[string]any{"provider": "GITHUB", "code": "used-or-made-up", "codeVerifier": verifier, "redirectUri": redirect}).UserErrors, "INVALID_TOKEN")
		})
		t.Run("case=bad input", func(t *testing.T) {
			c := e.srv.Client(t)
			wantCodes(t, logInWithProvider(t, c, map[string]any{"provider": "GITHUB", "idToken": "x"}).UserErrors, "INVALID_INPUT")
			wantCodes(t, logInWithProvider(t, c, map[string]any{"provider": "GOOGLE"}).UserErrors, "INVALID_INPUT")
			wantCodes(t, logInWithProvider(t, c, map[string]any{"provider": "GOOGLE", "code": "c", "redirectUri": redirect}).UserErrors, "INVALID_INPUT")
		})
	})
}

func TestSocialGitHubNeedsPrimaryVerifiedEmail(t *testing.T) {
	eachSocialEnv(t, func(t *testing.T, e socialEnv) {
		e.gh.SetUser(testkit.GitHubUser{ID: 7, Emails: []testkit.GitHubEmail{
			{Email: "primary@example.com", Primary: true, Verified: false},
			{Email: "other@example.com", Primary: false, Verified: true},
		}})
		c := e.srv.Client(t)
		wantApp(t, e.browserLogIn(t, c, "github"), "error", "email_not_verified")
		e.gh.SetUser(testkit.GitHubUser{ID: 7, Emails: []testkit.GitHubEmail{{Email: "primary@example.com", Primary: true, Verified: true}}})
		wantApp(t, e.browserLogIn(t, c, "github"), "error", "")
		if v := socialViewerOf(t, c); v == nil || v.Email != "primary@example.com" || v.Identities[0].Provider != "GITHUB" {
			t.Fatalf("viewer = %+v", v)
		}
	})
}

func TestSocialLinkAndUnlink(t *testing.T) {
	eachSocialEnv(t, func(t *testing.T, e socialEnv) {
		c := e.loggedIn(t, "google")

		// The only way in cannot go.
		if got := errCodes(mutate(t, c, unlinkIdentityOp, "unlinkIdentity", map[string]any{"provider": "GOOGLE"})); got != "LAST_LOG_IN_METHOD" {
			t.Fatalf("unlink the last method: %s", got)
		}
		if got := errCodes(mutate(t, c, unlinkIdentityOp, "unlinkIdentity", map[string]any{"provider": "GITHUB"})); got != "NOT_FOUND" {
			t.Fatalf("unlink a provider not linked: %s", got)
		}
		bad := mutate(t, c, startIdentityLinkOp, "startIdentityLink", map[string]any{"provider": "GITHUB", "redirect": "https://evil.example/"})
		if errCodes(bad) != "INVALID_INPUT" {
			t.Fatalf("startIdentityLink to a foreign redirect = %+v", bad)
		}

		// Link GitHub in the browser.
		p := mutate(t, c, startIdentityLinkOp, "startIdentityLink", map[string]any{"provider": "GITHUB", "redirect": appURL})
		authURL, _ := p["authorizationUrl"].(string)
		if errCodes(p) != "" || !strings.HasPrefix(authURL, e.gh.URL) {
			t.Fatalf("startIdentityLink = %+v", p)
		}
		wantApp(t, c.Browse(authURL), "linked", "github")
		v := socialViewerOf(t, c)
		if len(v.Identities) != 2 || v.Identities[1] != (identityData{"GITHUB", "grace@example.com"}) {
			t.Fatalf("identities after linking = %+v", v.Identities)
		}
		waitMail(t, e.srv, "ada@example.com", "GitHub log-in was linked to your accountd account")

		// That GitHub account cannot be linked to another account, nor log in elsewhere.
		other := clientWithFreshLogIn(t, e.srv, func() string { newAccount(t, e.srv, "carol@example.com"); return "carol@example.com" }())
		verifier := "another-mobile-app-pkce-verifier-of-43-characters-0123456789"
		taken := mutate(t, other, linkIdentityOp, "linkIdentity", map[string]any{
			"provider": "GITHUB", "code": e.gh.Code("app:/cb", verifier), "codeVerifier": verifier, "redirectUri": "app:/cb",
		})
		if errCodes(taken) != "IDENTITY_TAKEN" {
			t.Fatalf("link another account's identity = %+v", taken)
		}

		// Now Google can go, and GitHub is the last way in.
		if got := errCodes(mutate(t, c, unlinkIdentityOp, "unlinkIdentity", map[string]any{"provider": "GOOGLE"})); got != "" {
			t.Fatalf("unlink Google: %s", got)
		}
		waitMail(t, e.srv, "ada@example.com", "Google log-in was unlinked from your accountd account")
		if got := errCodes(mutate(t, c, unlinkIdentityOp, "unlinkIdentity", map[string]any{"provider": "GITHUB"})); got != "LAST_LOG_IN_METHOD" {
			t.Fatalf("unlink the last method: %s", got)
		}
		if eventCount(t, e.srv, v.ID, "identity_unlinked") != 1 || eventCount(t, e.srv, v.ID, "identity_linked") != 2 {
			t.Fatal("identity events missing")
		}

		// Linking needs a fresh log-in; a passwordless account cannot confirm with a password.
		e.srv.Clock.Advance(21 * time.Minute)
		if got := errCodes(mutate(t, c, startIdentityLinkOp, "startIdentityLink", map[string]any{"provider": "GOOGLE", "redirect": appURL})); got != "FRESH_AUTH_REQUIRED" {
			t.Fatalf("stale startIdentityLink: %s", got)
		}
		if got := errCodes(mutate(t, c, linkIdentityOp, "linkIdentity", map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, ""), "password": "not one at all here"})); got != "PASSWORD_REQUIRED" {
			t.Fatalf("linkIdentity with a password on a passwordless account: %s", got)
		}
	})
}

func TestSocialLinkCallbackNeedsTheSameSession(t *testing.T) {
	eachSocialEnv(t, func(t *testing.T, e socialEnv) {
		c := e.loggedIn(t, "google")
		p := mutate(t, c, startIdentityLinkOp, "startIdentityLink", map[string]any{"provider": "GITHUB", "redirect": appURL})
		authURL, _ := p["authorizationUrl"].(string)
		c.Do(logOutOp, nil, nil) // the session cookie goes; the state cookie stays
		wantApp(t, c.Browse(authURL), "error", "login_required")

		// A bearer token cannot start a browser link: the callback has no session to check.
		b := e.srv.Client(t)
		b.Bearer = *logInWithProvider(t, b, map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "")}).Token
		resp := b.Do(startIdentityLinkOp, map[string]any{"input": map[string]any{"provider": "GITHUB", "redirect": appURL}}, nil)
		if resp.Code() != "FORBIDDEN" {
			t.Fatalf("bearer startIdentityLink = %s, want FORBIDDEN", resp.Body)
		}
	})
}

func TestSocialProviderNotEnabled(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, testkit.WithRedirectURLs(appURL))
		c := srv.Client(t)
		wantCodes(t, logInWithProvider(t, c, map[string]any{"provider": "GITHUB", "code": "c", "codeVerifier": "v", "redirectUri": "app:/cb"}).UserErrors, "PROVIDER_NOT_ENABLED")
		if status, _ := c.Visit(srv.URL + "/auth/google/start?redirect=" + url.QueryEscape(appURL)); status != 404 {
			t.Fatalf("start of a disabled provider = %d, want 404", status)
		}
		if status, _ := c.Visit(srv.URL + "/auth/google/callback?code=x&state=y"); status != 404 {
			t.Fatalf("callback of a disabled provider = %d, want 404", status)
		}
	})
}
