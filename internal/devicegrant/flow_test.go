package devicegrant_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/accountd/accountd/internal/testkit"
)

// userCodeShape is RFC 8628 §6.1's alphabet, shown as XXXX-XXXX.
var userCodeShape = regexp.MustCompile(`^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$`)

// pollWatch sits between golang.org/x/oauth2 and accountd: before each token request
// it moves the server's clock by advance (the client waits in real seconds, the server
// judges by its own clock), and it reports the OAuth error of each answer ("" for a
// token) on answers.
type pollWatch struct {
	clock   *testkit.Clock
	advance atomic.Int64 // a time.Duration
	answers chan string
}

func newPollWatch(clock *testkit.Clock, advance time.Duration) *pollWatch {
	w := &pollWatch{clock: clock, answers: make(chan string, 32)}
	w.advance.Store(int64(advance))
	return w
}

func (w *pollWatch) RoundTrip(r *http.Request) (*http.Response, error) {
	isToken := strings.HasSuffix(r.URL.Path, "/oauth/token")
	if isToken {
		w.clock.Advance(time.Duration(w.advance.Load()))
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || !isToken {
		return resp, err
	}
	// Peek at the error code without consuming the body oauth2 reads.
	body, rerr := readAndRestore(resp)
	if rerr != nil {
		return nil, rerr
	}
	code := ""
	if m := regexp.MustCompile(`"error":"([a-z_]+)"`).FindSubmatch(body); m != nil {
		code = string(m[1])
	}
	w.answers <- code
	return resp, nil
}

// next waits for the next answer the client got.
func (w *pollWatch) next(t *testing.T) string {
	t.Helper()
	select {
	case a := <-w.answers:
		return a
	case <-time.After(30 * time.Second):
		t.Fatal("the oauth2 client did not poll")
		return ""
	}
}

func (w *pollWatch) context() context.Context {
	return context.WithValue(context.Background(), oauth2.HTTPClient, &http.Client{Transport: w})
}

// cliConfig is how a Go program configures golang.org/x/oauth2 for accountd.
func cliConfig(srv *testkit.Server, scopes ...string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: "accountd-cli",
		Scopes:   scopes,
		Endpoint: oauth2.Endpoint{
			DeviceAuthURL: srv.URL + "/oauth/device_authorization",
			TokenURL:      srv.URL + "/oauth/token",
			// accountd's clients are public: the client id goes in the form.
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// polling runs DeviceAccessToken in the background, as a CLI waiting for its person.
type polling struct {
	wg  sync.WaitGroup
	tok *oauth2.Token
	err error
}

func startPolling(ctx context.Context, conf *oauth2.Config, da *oauth2.DeviceAuthResponse) *polling {
	p := &polling{}
	p.wg.Go(func() { p.tok, p.err = conf.DeviceAccessToken(ctx, da) })
	return p
}

func (p *polling) wait() (*oauth2.Token, error) {
	p.wg.Wait()
	return p.tok, p.err
}

// deviceFlow is a device authorization the CLI started with golang.org/x/oauth2, and
// the watch on its polls.
type deviceFlow struct {
	w    *pollWatch
	ctx  context.Context
	conf *oauth2.Config
	da   *oauth2.DeviceAuthResponse
}

// startFlow starts a device authorization as the CLI asking for scopes; the server's
// clock moves by advance before each poll.
func startFlow(t *testing.T, srv *testkit.Server, advance time.Duration, scopes ...string) deviceFlow {
	t.Helper()
	w := newPollWatch(srv.Clock, advance)
	ctx := w.context()
	conf := cliConfig(srv, scopes...)
	da, err := conf.DeviceAuth(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return deviceFlow{w: w, ctx: ctx, conf: conf, da: da}
}

// pollPending starts the CLI's polling and checks that the first poll is answered
// authorization_pending.
func (f deviceFlow) pollPending(t *testing.T) *polling {
	t.Helper()
	p := startPolling(f.ctx, f.conf, f.da)
	if a := f.w.next(t); a != "authorization_pending" {
		t.Fatalf("first poll: %q, want authorization_pending", a)
	}
	return p
}

func oauthCode(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return re.ErrorCode
	}
	return ""
}

// TestDeviceFlowWithOAuth2Client drives the whole grant with golang.org/x/oauth2's own
// device-flow client (Config.DeviceAuth, Config.DeviceAccessToken) against a real
// accountd: pending then approval, slow_down, denial and expiry (RFC 8628 §3.5).
func TestDeviceFlowWithOAuth2Client(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		ada := newPerson(t, srv, "ada@example.com")

		t.Run("pending then approved", func(t *testing.T) {
			f := startFlow(t, srv, time.Second)
			da := f.da
			if !userCodeShape.MatchString(da.UserCode) || da.VerificationURI != testkit.PublicURL+"/activate" ||
				da.VerificationURIComplete != testkit.PublicURL+"/activate?user_code="+da.UserCode || da.Interval != 1 ||
				!strings.HasPrefix(da.DeviceCode, "acd_dvc_") {
				t.Fatalf("device authorization: %+v", da)
			}
			if left := time.Until(da.Expiry); left < 9*time.Minute || left > 10*time.Minute {
				t.Fatalf("expires in %s, want 10 minutes", left)
			}
			p := f.pollPending(t)
			// Typed as a person might: lower case, no dash, spaces.
			typed := strings.ToLower(strings.ReplaceAll(da.UserCode, "-", " "))
			if code := decide(t, ada.Client, map[string]any{"userCode": typed, "approve": true}); code != "" {
				t.Fatalf("approve: %s", code)
			}
			tok, err := p.wait()
			if err != nil {
				t.Fatalf("DeviceAccessToken: %v", err)
			}
			if !strings.HasPrefix(tok.AccessToken, "acd_key_") || tok.TokenType != "Bearer" || tok.Extra("scope") != "full" {
				t.Fatalf("token: %+v scope %v", tok, tok.Extra("scope"))
			}
			// The key is the person's, named after the client, listed like any key.
			c := srv.Client(t)
			c.Bearer = tok.AccessToken
			var v struct {
				Viewer *struct {
					Email   string
					APIKeys []struct{ Name, Scope string } `json:"apiKeys"`
				}
			}
			resp := c.Do(`{ viewer { email apiKeys { name scope } } }`, nil, &v)
			if v.Viewer == nil || v.Viewer.Email != ada.Email || len(v.Viewer.APIKeys) != 1 ||
				v.Viewer.APIKeys[0].Name != "accountd CLI" || v.Viewer.APIKeys[0].Scope != "FULL" {
				t.Fatalf("viewer with the key: %s", resp.Body)
			}
			// Single use: the device code yields nothing more.
			if a := poll(t, srv, "accountd-cli", da.DeviceCode); a.Status != 400 || a.str("error") != "invalid_grant" {
				t.Fatalf("second exchange: %d %v", a.Status, a.Body)
			}
			// The code cannot be approved again either.
			if code := decide(t, ada.Client, map[string]any{"userCode": da.UserCode, "approve": true}); code != "INVALID_CODE" {
				t.Fatalf("approve again: %q, want INVALID_CODE", code)
			}
		})

		t.Run("slow_down", func(t *testing.T) {
			// The server's clock stands still: the second poll comes too early.
			f := startFlow(t, srv, 0)
			p := f.pollPending(t)
			if a := f.w.next(t); a != "slow_down" {
				t.Fatalf("second poll at once: %q, want slow_down", a)
			}
			// The client now waits 1+5 s; so does the server's clock before its next poll.
			f.w.advance.Store(int64(6 * time.Second))
			if code := decide(t, ada.Client, map[string]any{"userCode": f.da.UserCode, "approve": true, "scope": "READ_ONLY"}); code != "" {
				t.Fatalf("approve: %s", code)
			}
			tok, err := p.wait()
			if err != nil {
				t.Fatalf("DeviceAccessToken after slow_down: %v", err)
			}
			if tok.Extra("scope") != "read_only" {
				t.Fatalf("scope %v, want read_only", tok.Extra("scope"))
			}
		})

		t.Run("denied", func(t *testing.T) {
			f := startFlow(t, srv, time.Second)
			p := f.pollPending(t)
			if code := decide(t, ada.Client, map[string]any{"userCode": f.da.UserCode, "approve": false}); code != "" {
				t.Fatalf("deny: %s", code)
			}
			_, err := p.wait()
			if oauthCode(err) != "access_denied" {
				t.Fatalf("after denial: %v, want access_denied", err)
			}
		})

		t.Run("expired", func(t *testing.T) {
			f := startFlow(t, srv, 10*time.Minute+time.Second)
			_, err := f.conf.DeviceAccessToken(f.ctx, f.da)
			if oauthCode(err) != "expired_token" {
				t.Fatalf("after 10 minutes: %v, want expired_token", err)
			}
			if code := decide(t, ada.Client, map[string]any{"userCode": f.da.UserCode, "approve": true, "password": testkit.StrongPassword}); code != "INVALID_CODE" {
				t.Fatalf("approve an expired code: %q, want INVALID_CODE", code)
			}
		})

		t.Run("session", func(t *testing.T) {
			f := startFlow(t, srv, time.Second, "session")
			p := f.pollPending(t)
			if code := decide(t, ada.Client, map[string]any{"userCode": f.da.UserCode, "approve": true, "password": testkit.StrongPassword}); code != "" {
				t.Fatalf("approve: %s", code)
			}
			tok, err := p.wait()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tok.AccessToken, "acd_sess_") || tok.Extra("scope") != "session" || tok.Expiry.IsZero() {
				t.Fatalf("session token: %+v", tok)
			}
		})
	}, testkit.WithDeviceGrant(time.Second))
}
