// Package e2e drives the account console in a real browser (Debian's Chromium, through
// chromedp) against a real accountd: the seed flows as a person goes through them, from
// the sign-up form to the link in the captured email, two-factor log-in, API keys and
// deletion. Each test saves a screenshot of its last page in screenshots/ (a CI artifact).
package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	pqtotp "github.com/pquerna/otp/totp"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

// requireTrustedDocuments runs the server with ACCOUNTD_TRUSTED_DOCUMENTS=require, so a
// console operation that is not among its registered documents fails the flow.
func requireTrustedDocuments(c *config.Config) { c.TrustedDocuments = "require" }

// requireBrowserEnv makes a missing Chromium a failure instead of a skip (CI sets it).
const requireBrowserEnv = "ACCOUNTD_REQUIRE_BROWSER"

const password = "purple elephant juggles 19 oranges"

// browser is one headless Chromium tab on a test server, with what its pages reported.
type browser struct {
	t   *testing.T
	ctx context.Context
	srv *testkit.Server

	mu       sync.Mutex
	problems []string // uncaught exceptions and console errors (CSP violations among them)
	expected []string // console errors a test causes on purpose (allowProblem)
}

// chromiumPath finds Debian's Chromium, or skips (fails under ACCOUNTD_REQUIRE_BROWSER=1).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(requireBrowserEnv) == "1" {
		t.Fatalf("chromium is not installed (apt-get install chromium) and %s=1", requireBrowserEnv)
	}
	t.Skipf("chromium is not installed: apt-get install chromium (or set %s=1 to fail)", requireBrowserEnv)
	return ""
}

// newBrowser starts Chromium for one test, with extra launch options if any; it saves
// a screenshot of the last page and stops when the test ends.
func newBrowser(t *testing.T, srv *testkit.Server, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), // the machine has no network: no calls home
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 1000),
	)
	opts = append(opts, extra...)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	// The whole test, browser included, gets 3 minutes (a deadline only).
	timeoutCtx, cancelTimeout := context.WithTimeout(allocCtx, 3*time.Minute)
	ctx, cancelTab := chromedp.NewContext(timeoutCtx)
	b := &browser{t: t, ctx: ctx, srv: srv}
	messages := chromedp.Console(ctx) // starts the browser
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				b.report(m.String())
			}
		}
	}()
	t.Cleanup(func() {
		b.screenshot()
		cancelTab()
		cancelTimeout()
		cancelAlloc()
		<-done
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, p := range b.problems {
			t.Errorf("the page reported %s", p)
		}
	})
	return b
}

func (b *browser) report(p string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.expected {
		if strings.Contains(p, e) {
			return
		}
	}
	b.problems = append(b.problems, p)
}

// allowProblem lets console errors containing text pass: the network errors a test
// causes by taking the network away.
func (b *browser) allowProblem(text string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.expected = append(b.expected, text)
}

// screenshot saves the whole page as screenshots/<test name>.png.
func (b *browser) screenshot() {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100: PNG
	if err != nil {
		b.t.Logf("screenshot: %v", err)
		return
	}
	name := strings.NewReplacer("/", "_", "=", "-", " ", "_").Replace(b.t.Name()) + ".png"
	if err := os.MkdirAll("screenshots", 0o755); err != nil {
		b.t.Logf("screenshot: %v", err)
		return
	}
	path := filepath.Join("screenshots", name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Logf("screenshot: %v", err)
		return
	}
	b.t.Logf("screenshot of the last page: web/e2e/%s", path)
}

// do runs browser steps, failing the test with what the page shows on error.
func (b *browser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	// A step that waits for what never comes fails in 30 s (a deadline only: a busy
	// machine must not fail a test), leaving time to tell why.
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fail(step, err)
	}
}

func (b *browser) fail(step string, err error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	b.t.Fatalf("%s: %v\nthe page says:\n%s", step, err, text)
}

// byLabel is the XPath of the control that the label with this text names: the
// tests find every input by its label, as a person (or a screen reader) does.
func byLabel(label string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//*[@id = //label[normalize-space(.)=%q]/@for]`, label))
}

func button(text string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//button[normalize-space(.)=%q]`, text))
}

func heading(text string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//h1[normalize-space(.)=%q]`, text))
}

func navLink(text string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//nav//a[normalize-space(.)=%q]`, text))
}

// open loads a path of the server.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.srv.URL+path))
}

// fill types into the input labelled label.
func (b *browser) fill(label, value string) {
	b.t.Helper()
	b.do("fill "+label, chromedp.SendKeys(byLabel(label), value))
}

func (b *browser) click(sel chromedp.Search) {
	b.t.Helper()
	// A button the page disables while a request is out takes no click: wait for it to
	// be enabled again (on a busy machine the answer can land between two steps).
	b.do("click "+string(sel), chromedp.WaitEnabled(sel), chromedp.Click(sel))
}

// waitPage waits for the page whose heading is title.
func (b *browser) waitPage(title string) {
	b.t.Helper()
	b.do("wait for the page "+title, chromedp.WaitVisible(heading(title)))
}

// text waits for the element of a CSS selector and returns its text.
func (b *browser) text(css string) string {
	b.t.Helper()
	b.do("wait for "+css, chromedp.WaitVisible(chromedp.CSS(css)))
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.fail("read "+css, err)
	}
	return strings.TrimSpace(s)
}

// emailLink waits for the email to addr holding a link to path and returns the link on
// the test server (testkit's ACCOUNTD_PUBLIC_URL is http://app.example.test).
func emailLink(t *testing.T, srv *testkit.Server, addr, path string) string {
	t.Helper()
	const public = "http://app.example.test"
	m := srv.SMTP.WaitFor(t, func(e testkit.Email) bool {
		return len(e.To) == 1 && strings.EqualFold(e.To[0], addr) && e.FirstLink(public+path) != ""
	}, 10*time.Second)
	return strings.TrimPrefix(m.FirstLink(public+path), public)
}

// totpCode computes the authenticator app's code with pquerna/otp, an implementation
// independent of accountd's own.
func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := pqtotp.GenerateCodeCustom(secret, at, pqtotp.ValidateOpts{Period: 30, Digits: 6})
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// keyWorks reports whether an API key authenticates (HTTP 200 rather than 401).
func keyWorks(t *testing.T, srv *testkit.Server, key string) bool {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ viewer { email } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// TestSeedFlow: sign up, follow the emailed link and create the password, log in, turn
// two-factor on, log out, log in with a code, create and revoke an API key, delete the
// account — every step through the console's pages. The server runs with
// ACCOUNTD_TRUSTED_DOCUMENTS=require: the console sends only registered documents.
func TestSeedFlow(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments)
		b := newBrowser(t, srv)
		const email = "ada@example.com"

		b.open("/")
		b.waitPage("Log in")
		b.click(`//main//a[normalize-space(.)="Sign up"]`)
		b.waitPage("Create your account")
		b.fill("Email", email)
		b.fill("Name (optional)", "Ada")
		b.click(byLabel("I accept the terms of service"))
		b.click(button("Sign up"))
		b.waitPage("Check your email")

		b.open(emailLink(t, srv, email, "/verify-email?token="))
		b.waitPage("Verify your email")
		b.fill("Password", password)
		b.click(button("Verify and log in"))
		b.waitPage("Your account")

		b.click(button("Log out"))
		b.waitPage("Log in")
		b.fill("Email", email)
		b.fill("Password", password)
		b.click(button("Log in"))
		b.waitPage("Your account")

		b.click(navLink("Two-factor"))
		b.waitPage("Two-factor authentication")
		b.click(button("Set up two-factor authentication"))
		b.waitPage("Set up two-factor authentication")
		secret := b.text(`[data-testid="totp-secret"]`)
		b.fill("Code from the app", totpCode(t, secret, srv.Clock.Now()))
		b.click(button("Turn on"))
		b.waitPage("Two-factor authentication is on")
		codes, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid="recovery-codes"] li')].map(li => li.textContent)`))
		if err != nil {
			b.fail("read the recovery codes", err)
		}
		if len(codes) != 10 {
			t.Fatalf("recovery codes shown: %q", codes)
		}

		b.click(button("Log out"))
		b.waitPage("Log in")
		b.fill("Email", email)
		b.fill("Password", password)
		b.click(button("Log in"))
		b.waitPage("Two-factor authentication")
		b.focusOn("the code box", "code") // the step is the code, not the heading
		b.click(button("Use a recovery code instead"))
		b.see("the recovery-code wording", chromedp.Search(`//main/p[normalize-space(.)="Enter one of the recovery codes you saved when you turned two-factor on."]`))
		b.focusOn("the recovery code box", "recoveryCode")
		b.click(button("Use a code from the app instead"))
		srv.Clock.Advance(30 * time.Second) // the enrolment's code is used: the next step's
		b.fill("Code from your authenticator app", totpCode(t, secret, srv.Clock.Now()))
		b.click(button("Verify"))
		b.waitPage("Your account")

		b.click(navLink("API keys"))
		b.waitPage("API keys")
		b.fill("Name", "deploy bot")
		b.click(button("Create key"))
		key := b.text(`[data-testid="new-api-key"]`)
		if !strings.HasPrefix(key, "acd_key_") || !keyWorks(t, srv, key) {
			t.Fatalf("the key shown (%q) does not authenticate", key)
		}
		b.click(`//input[@type="checkbox"][@id = //label[normalize-space(.)="deploy bot"]/@for]`)
		b.click(button("Revoke selected"))
		b.confirm(`"deploy bot" stops working`, "Revoke key")
		b.announced(`Revoked the key "deploy bot".`)
		if keyWorks(t, srv, key) {
			t.Fatal("the revoked key still authenticates")
		}

		b.click(navLink("Delete account"))
		b.waitPage("Delete your account")
		b.fill("Password", password)
		srv.Clock.Advance(30 * time.Second)
		b.fill("Code from the app or a recovery code", totpCode(t, secret, srv.Clock.Now()))
		b.click(button("Delete my account permanently"))
		b.confirm("The account "+email, "Delete my account")
		b.waitPage("Your account is deleted")
		var c struct {
			Viewer *struct{ ID string }
		}
		cl := srv.Client(t)
		cl.Do(`query { viewer { id } }`, nil, &c)
		if k := keyWorks(t, srv, key); k || c.Viewer != nil {
			t.Fatal("the account is still there")
		}
	})
}

// mailboxLink opens the dev mailbox as a newcomer would (the console points there),
// reloading it until the email has arrived (the outbox worker sends it a moment after
// the request), and returns the newest link to path on the test server.
func (b *browser) mailboxLink(path string) string {
	b.t.Helper()
	const public = "http://app.example.test"
	pattern := regexp.MustCompile(regexp.QuoteMeta(public+path) + `\S*`)
	var text string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		b.open("/dev/mailbox")
		var err error
		if text, err = chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`)); err != nil {
			b.fail("read the dev mailbox", err)
		}
		if m := pattern.FindString(text); m != "" {
			return strings.TrimPrefix(m, public)
		}
	}
	b.t.Fatalf("no %s link in the dev mailbox within 10 s:\n%s", path, text)
	return ""
}

// TestDevMailboxResetAndFleets: in dev mode without SMTP, the console sends a newcomer
// to the dev mailbox; sign up with a password (the strength meter judges it), verify,
// forget it and reset it from the emailed link, log in with the new one, then create a
// fleet, invite someone and register a device.
func TestDevMailboxResetAndFleets(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, requireTrustedDocuments, func(c *config.Config) { c.SMTPURL = "" })
		b := newBrowser(t, srv)
		const email = "grace@example.com"
		const newPassword = "seven quiet lanterns drift over 42 harbours"

		b.open("/signup")
		b.waitPage("Create your account")
		b.fill("Email", email)
		b.fill("Password (optional)", password)
		b.do("wait for the strength meter", chromedp.WaitVisible(chromedp.Search(`//span[@class="strength-text"][starts-with(normalize-space(.), "Strong") or starts-with(normalize-space(.), "Very strong")]`)))
		b.click(byLabel("I accept the terms of service"))
		b.click(button("Sign up"))
		b.waitPage("Check your email")
		b.do("see the dev mailbox hint", chromedp.WaitVisible(chromedp.Search(`//p[normalize-space(.)="In dev mode, your email is at /dev/mailbox."]/a[@href="/dev/mailbox"]`)))

		// The password was chosen at sign-up in this browser: the link logs in without it.
		b.open(b.mailboxLink("/verify-email?token="))
		b.waitPage("Your account")
		b.click(button("Log out"))
		b.waitPage("Log in")

		b.click(`//a[normalize-space(.)="Forgot your password?"]`)
		b.waitPage("Forgot your password?")
		srv.Clock.Advance(61 * time.Second) // one email a minute per address
		b.fill("Email", email)
		b.click(button("Send me a link"))
		b.waitPage("Check your email")
		b.open(b.mailboxLink("/reset-password?token="))
		b.waitPage("Choose a new password")
		b.fill("New password", "short")
		b.click(button("Set the new password"))
		b.do("see the error next to the field", chromedp.WaitVisible(chromedp.Search(`//input[@name="newPassword"][@aria-invalid="true"]/following-sibling::p[@class="field-error"][normalize-space(.)!=""]`)))
		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('input[name="newPassword"]').value = ''`)); err != nil {
			b.fail("clear the field", err)
		}
		b.fill("New password", newPassword)
		b.click(button("Set the new password"))
		b.waitPage("Log in")
		b.fill("Email", email)
		b.fill("Password", newPassword)
		b.click(button("Log in"))
		b.waitPage("Your account")

		b.click(navLink("Fleets"))
		b.waitPage("Fleets")
		b.fill("Fleet name", "greenhouse sensors")
		b.click(button("Create fleet"))
		b.waitPage("Fleet greenhouse sensors")
		b.fill("Email", "bob@example.com")
		b.do("choose a role", chromedp.SetValue(byLabel("Role"), "OPERATOR"))
		b.click(button("Send invitation"))
		b.do("see the invitation", chromedp.WaitVisible(chromedp.Search(`//li[starts-with(normalize-space(.), "bob@example.com as operator")]`)))
		b.fill("Device name", "sensor-1")
		b.click(button("Register device"))
		if token := b.text(`section.once code.secret`); !strings.HasPrefix(token, "acd_dev_") {
			t.Fatalf("device token shown: %q", token)
		}
	})
}

// TestBreachedPasswordInTheConsole: the verification page shows BREACHED_PASSWORD on the
// password field; a log-in with a password listed later shows the warning on every page,
// whose link leads to the password page, and a new password takes it away.
func TestBreachedPasswordInTheConsole(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		const leaked, later = "violet tractor 88 sings alone", "quiet walrus paints 31 lanterns"
		rs := testkit.StartRangeServer(t, leaked)
		srv := testkit.NewServer(t, store, requireTrustedDocuments, testkit.WithBreachedPasswords(rs))
		b := newBrowser(t, srv)
		const email = "bea@example.com"

		b.open("/signup")
		b.waitPage("Create your account")
		b.fill("Email", email)
		b.click(byLabel("I accept the terms of service"))
		b.click(button("Sign up"))
		b.waitPage("Check your email")
		link := emailLink(t, srv, email, "/verify-email?token=")
		b.open(link)
		b.waitPage("Verify your email")
		b.fill("Password", leaked)
		b.click(button("Verify and log in"))
		if msg := b.text(`.field-error:not(:empty)`); !strings.Contains(msg, "data breach") {
			t.Fatalf("the refusal shown is %q", msg)
		}
		b.open(link) // the refused password did not use the link up
		b.waitPage("Verify your email")
		b.fill("Password", later)
		b.click(button("Verify and log in"))
		b.waitPage("Your account")

		rs.Add(later) // the password leaks somewhere afterwards
		srv.Clock.Advance(time.Hour)
		b.click(button("Log out"))
		b.waitPage("Log in")
		b.fill("Email", email)
		b.fill("Password", later)
		b.click(button("Log in"))
		b.waitPage("Your account")
		if msg := b.text("#breached"); !strings.Contains(msg, "data breach") {
			t.Fatalf("the warning reads %q", msg)
		}
		b.click(chromedp.Search(`//*[@id="breached"]//a`))
		b.waitPage("Change your password")
		b.fill("Current password", later)
		b.fill("New password", password)
		b.click(button("Change password"))
		b.do("wait for the warning to go", chromedp.WaitNotPresent(chromedp.CSS("#breached")))
	})
}
