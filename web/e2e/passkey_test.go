package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdpwebauthn "github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/internal/testkit"
)

// withVirtualAuthenticator opens url and gives the tab a virtual platform authenticator
// (the DevTools protocol's WebAuthn domain): resident keys, user verification that
// succeeds, presence simulated.
func (b *browser) withVirtualAuthenticator(url string) {
	b.t.Helper()
	b.do("open "+url, chromedp.Navigate(url))
	b.do("add a virtual authenticator", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, cdpwebauthn.Enable, cdpwebauthn.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, cdpwebauthn.AddVirtualAuthenticator, cdpwebauthn.AddVirtualAuthenticatorParams{
			Options: &cdpwebauthn.VirtualAuthenticatorOptions{
				Protocol: cdpwebauthn.AuthenticatorProtocolCtap2, Ctap2version: cdpwebauthn.Ctap2versionCtap21,
				Transport: cdpwebauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
				IsUserVerified: true, AutomaticPresenceSimulation: true,
			},
		})
		return err
	}))
}

// localAccount signs addr up through the API and follows the emailed link, on a server
// whose public URL is localURL.
func localAccount(t *testing.T, srv *testkit.Server, addr string) {
	t.Helper()
	c := srv.Client(t)
	resp := c.Do(`mutation($input: SignUpInput!) { signUp(input: $input) { userErrors { message } } }`,
		map[string]any{"input": map[string]any{"email": addr, "password": password, "acceptTerms": true}}, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("signUp %s: %s", addr, resp.Body)
	}
	prefix := localURL(srv) + "/verify-email?token="
	m := srv.SMTP.WaitFor(t, func(e testkit.Email) bool { return e.FirstLink(prefix) != "" }, 10*time.Second)
	tok := strings.TrimPrefix(m.FirstLink(prefix), prefix)
	var v struct{ VerifyEmail struct{ Token *string } }
	resp = c.Do(`mutation($token: String!) { verifyEmail(input: {token: $token}) { token } }`, map[string]any{"token": tok}, &v)
	if v.VerifyEmail.Token == nil {
		t.Fatalf("verifyEmail %s: %s", addr, resp.Body)
	}
}

// localURL is the server's URL on localhost (its ACCOUNTD_PUBLIC_URL here).
func localURL(srv *testkit.Server) string {
	return strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
}

// TestPasskeyWithPlainFetch is the README's browser code: a page registers a passkey
// and logs in with it through plain fetch calls, with
// PublicKeyCredential.parseCreationOptionsFromJSON / parseRequestOptionsFromJSON and
// credential.toJSON(), against Chromium's virtual authenticator.
func TestPasskeyWithPlainFetch(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite", testkit.WithLocalhostPublicURL())
	const addr = "fetch@example.com"
	localAccount(t, srv, addr)
	b := newBrowser(t, srv, chromedp.Flag("host-resolver-rules", "MAP localhost 127.0.0.1"))
	b.withVirtualAuthenticator(localURL(srv) + "/login")
	js := `(async () => {
  const gql = (query, variables) => fetch("/graphql", {method: "POST", credentials: "include",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify({query, variables})}).then(r => r.json());
  await gql("mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { token } }", {e: ` + jsString(addr) + `, p: ` + jsString(password) + `});
  const b = await gql("mutation { beginPasskeyRegistration { options userErrors { code } } }");
  const made = await navigator.credentials.create({publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(b.data.beginPasskeyRegistration.options)});
  const added = await gql("mutation($c: JSON!) { finishPasskeyRegistration(input: {credential: $c, name: \"Chromium\"}) { passkey { id name } userErrors { code message } } }", {c: made.toJSON()});
  await gql("mutation { logOut { userErrors { code } } }");
  const l = await gql("mutation { beginPasskeyLogIn { options } }");
  const got = await navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(l.data.beginPasskeyLogIn.options)});
  const fin = await gql("mutation($c: JSON!) { finishPasskeyLogIn(input: {credential: $c}) { token user { email } userErrors { code message } } }", {c: got.toJSON()});
  const me = await gql("query { viewer { email passkeys { name lastUsedAt } } }");
  return JSON.stringify({added, fin, me});
})()`
	out, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("register and log in with fetch: %v", err)
	}
	var res struct {
		Added struct {
			Data struct {
				FinishPasskeyRegistration struct {
					Passkey    *struct{ ID, Name string }
					UserErrors []struct{ Code, Message string }
				}
			}
		}
		Fin struct {
			Data struct {
				FinishPasskeyLogIn struct {
					Token      *string
					User       *struct{ Email string }
					UserErrors []struct{ Code, Message string }
				}
			}
		}
		Me struct {
			Data struct {
				Viewer *struct {
					Email    string
					Passkeys []struct {
						Name       string
						LastUsedAt *string
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if p := res.Added.Data.FinishPasskeyRegistration; p.Passkey == nil || !strings.HasPrefix(p.Passkey.ID, "pky_") {
		t.Fatalf("finishPasskeyRegistration: %s", out)
	}
	if f := res.Fin.Data.FinishPasskeyLogIn; f.Token == nil || f.User == nil || f.User.Email != addr {
		t.Fatalf("finishPasskeyLogIn: %s", out)
	}
	if v := res.Me.Data.Viewer; v == nil || len(v.Passkeys) != 1 || v.Passkeys[0].LastUsedAt == nil {
		t.Fatalf("the cookie session after the passkey log-in: %s", out)
	}
}

// TestPasskeyInTheConsole adds a passkey in the console's security settings and logs in
// with it from the log-in page ("Log in with a passkey"), on Chromium's virtual
// authenticator.
func TestPasskeyInTheConsole(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite", testkit.WithLocalhostPublicURL(), requireTrustedDocuments)
	const addr = "console-passkey@example.com"
	localAccount(t, srv, addr)
	b := newBrowser(t, srv, chromedp.Flag("host-resolver-rules", "MAP localhost 127.0.0.1"))
	base := localURL(srv)
	b.withVirtualAuthenticator(base + "/login")
	b.fill("Email", addr)
	b.fill("Password", password)
	b.click(button("Log in"))
	b.waitPage("Your account")
	b.do("open passkeys", chromedp.Navigate(base+"/account/passkeys"))
	b.waitPage("Passkeys")
	b.fill("Name", "Laptop")
	b.click(button("Add a passkey"))
	b.do("wait for the new passkey", chromedp.WaitVisible(`//td[text()="Laptop"]`))
	b.click(button("Log out"))
	b.waitPage("Log in")
	b.click(button("Log in with a passkey"))
	b.waitPage("Your account")
}
