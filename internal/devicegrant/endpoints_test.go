package devicegrant_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/deviceauthorization"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/internal/devicegrant"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// TestOAuthEndpointAnswers checks the exact answers of RFC 8628 §3.2 / §3.5 and RFC 6749
// §5.2: status codes, error codes, JSON, Cache-Control: no-store.
func TestOAuthEndpointAnswers(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		started := start(t, srv, "")
		if started.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(started.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("headers: %v", started.Header)
		}
		if started.Body["expires_in"] != float64(600) || started.Body["interval"] != float64(5) ||
			!userCodeShape.MatchString(started.str("user_code")) || started.str("verification_uri") != testkit.PublicURL+"/activate" {
			t.Fatalf("device authorization: %v", started.Body)
		}
		dc := started.str("device_code")
		tokenForm := func(kv ...string) url.Values {
			v := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}, "client_id": {"accountd-cli"}, "device_code": {dc}}
			for i := 0; i < len(kv); i += 2 {
				if kv[i+1] == "" {
					v.Del(kv[i])
				} else {
					v.Set(kv[i], kv[i+1])
				}
			}
			return v
		}
		for _, tc := range []struct {
			name, path string
			form       url.Values
			status     int
			code       string
		}{
			{"unknown client starts", "/oauth/device_authorization", url.Values{"client_id": {"nobody"}}, 401, "invalid_client"},
			{"no client starts", "/oauth/device_authorization", url.Values{}, 401, "invalid_client"},
			{"unknown scope", "/oauth/device_authorization", url.Values{"client_id": {"accountd-cli"}, "scope": {"admin"}}, 400, "invalid_scope"},
			{"two scopes", "/oauth/device_authorization", url.Values{"client_id": {"accountd-cli"}, "scope": {"full session"}}, 400, "invalid_scope"},
			{"a parameter twice", "/oauth/device_authorization", url.Values{"client_id": {"accountd-cli", "gateway"}}, 400, "invalid_request"},
			{"pending", "/oauth/token", tokenForm(), 400, "authorization_pending"},
			{"unknown client polls", "/oauth/token", tokenForm("client_id", "nobody"), 401, "invalid_client"},
			{"another client's code", "/oauth/token", tokenForm("client_id", "gateway"), 400, "invalid_grant"},
			{"unknown device code", "/oauth/token", tokenForm("device_code", "acd_dvc_nope"), 400, "invalid_grant"},
			{"not a device code", "/oauth/token", tokenForm("device_code", "' OR 1=1 --"), 400, "invalid_grant"},
			{"no device code", "/oauth/token", tokenForm("device_code", ""), 400, "invalid_request"},
			{"no grant type", "/oauth/token", tokenForm("grant_type", ""), 400, "invalid_request"},
			{"another grant type", "/oauth/token", tokenForm("grant_type", "password"), 400, "unsupported_grant_type"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if tc.code == "authorization_pending" {
					srv.Clock.Advance(5 * time.Second)
				}
				a := postForm(t, srv, tc.path, tc.form)
				if a.Status != tc.status || a.str("error") != tc.code || a.Header.Get("Cache-Control") != "no-store" {
					t.Fatalf("got %d %v %v, want %d %s", a.Status, a.Body, a.Header.Get("Cache-Control"), tc.status, tc.code)
				}
				if tc.status == 401 && a.Header.Get("WWW-Authenticate") == "" {
					t.Fatal("401 without WWW-Authenticate")
				}
			})
		}
		// A form is required: JSON is not an OAuth request.
		resp, err := http.Post(srv.URL+"/oauth/token", "application/json", strings.NewReader(`{"grant_type":"x"}`))
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Fatalf("JSON body: %d, want 400", resp.StatusCode)
		}
		// The device code is only a hash at rest, the user code a MAC (TestUserCodeStoredAsMAC).
		ctx := context.Background()
		row := srv.App.Store.Client.DeviceAuthorization.Query().Where(deviceauthorization.DeviceCodeHash(token.Hash(dc))).OnlyX(ctx)
		if strings.Contains(string(row.DeviceCodeHash), dc) || strings.Contains(string(row.UserCodeMAC), strings.ReplaceAll(started.str("user_code"), "-", "")) {
			t.Fatal("a code is stored in the clear")
		}
	}, testkit.WithDeviceGrant(5*time.Second, "accountd-cli:accountd CLI", "gateway:Greenhouse gateway"))
}

// TestSlowDownGrowsInterval: a client that polls too fast gets slow_down, and from then
// on must wait 5 more seconds between polls (RFC 8628 §3.5), by the server's clock.
func TestSlowDownGrowsInterval(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		dc := start(t, srv, "").str("device_code")
		steps := []struct {
			advance time.Duration
			want    string
		}{
			{0, "authorization_pending"},   // the first poll may come at once
			{time.Second, "slow_down"},     // 1 s < 5 s: interval 10 s from now
			{5 * time.Second, "slow_down"}, // the old interval is no longer enough: 15 s
			{15 * time.Second, "authorization_pending"},
			{15 * time.Second, "authorization_pending"},
		}
		for i, s := range steps {
			srv.Clock.Advance(s.advance)
			if a := poll(t, srv, "accountd-cli", dc); a.str("error") != s.want || a.Status != 400 {
				t.Fatalf("poll %d: %d %v, want %s", i, a.Status, a.Body, s.want)
			}
		}
	})
}

// TestUserCodeGuessesAreLimited: wrong user codes are counted per client IP, per account
// and against a high global backstop, before the check; a right code takes its count
// back (RFC 8628 §5.1).
func TestUserCodeGuessesAreLimited(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		ada := newPerson(t, srv, "ada@example.com")
		lookup := func(code string) string {
			var out struct{ DeviceAuthorization *struct{ ClientName string } }
			resp := ada.Client.Do(`query($c: String!) { deviceAuthorization(userCode: $c) { clientName } }`, map[string]any{"c": code}, &out)
			if len(resp.Errors) > 0 {
				return resp.Code()
			}
			if out.DeviceAuthorization == nil || out.DeviceAuthorization.ClientName != "accountd CLI" {
				t.Fatalf("lookup: %s", resp.Body)
			}
			return ""
		}
		right := start(t, srv, "").str("user_code")
		for i := range limits.DeviceCodeGuesses.Limit - 1 {
			if got := lookup("BBBB-BBBB"); got != "INVALID_CODE" {
				t.Fatalf("wrong code %d: %s", i, got)
			}
		}
		// A right code is not a guess: it does not use up the last try.
		if got := lookup(right); got != "" {
			t.Fatalf("right code: %s", got)
		}
		if got := lookup("bbbb bbbc"); got != "INVALID_CODE" {
			t.Fatalf("last wrong code: %s", got)
		}
		if got := lookup(right); got != "RATE_LIMITED" {
			t.Fatalf("past the limit, even the right code: %s, want RATE_LIMITED", got)
		}
		if got := decide(t, ada.Client, map[string]any{"userCode": right, "approve": true}); got != "RATE_LIMITED" {
			t.Fatalf("approve past the limit: %s", got)
		}
		srv.Clock.Advance(limits.DeviceCodeGuesses.Window)
		if got := lookup(right); got != "" {
			t.Fatalf("after the window: %s", got)
		}
		// The global backstop: far above what a few attackers send, it still locks
		// code entry for everyone once reached (the counter is set, not hit 20,000
		// times).
		ctx := context.Background()
		burst := limits.DeviceCodeBurst.Key("all")
		if _, err := srv.App.Limiter.Hit(ctx, burst, limits.DeviceCodeBurst); err != nil {
			t.Fatal(err)
		}
		srv.App.Store.Client.RateLimit.UpdateOneID(burst).SetHits(limits.DeviceCodeBurst.Limit).ExecX(ctx)
		if got := lookup(right); got != "RATE_LIMITED" {
			t.Fatalf("after a global burst: %s, want RATE_LIMITED", got)
		}
	})
}

// TestApprovalIsSensitive: approving needs a person's session that proved the password
// in the last 20 minutes (or the password in the input); keys and devices never may.
func TestApprovalIsSensitive(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		ada := newPerson(t, srv, "ada@example.com")
		var created struct {
			CreateApiKey struct{ Key *string }
		}
		ada.Client.Do(`mutation { createApiKey(input: {name: "script"}) { key } }`, nil, &created)
		if created.CreateApiKey.Key == nil {
			t.Fatal("createApiKey")
		}
		key := srv.Client(t)
		key.Bearer = *created.CreateApiKey.Key
		srv.Clock.Advance(21 * time.Minute) // the log-in's proof of the password is stale
		code := start(t, srv, "").str("user_code")
		anonymous := srv.Client(t)
		if got := decide(t, anonymous, map[string]any{"userCode": code, "approve": true}); got != "UNAUTHENTICATED" {
			t.Fatalf("anonymous: %s", got)
		}
		if got := decide(t, key, map[string]any{"userCode": code, "approve": true, "password": testkit.StrongPassword}); got != "FORBIDDEN" {
			t.Fatalf("an API key, even with the password: %s, want FORBIDDEN", got)
		}
		if got := decide(t, ada.Client, map[string]any{"userCode": code, "approve": true}); got != "FRESH_AUTH_REQUIRED" {
			t.Fatalf("stale session: %s", got)
		}
		if got := decide(t, ada.Client, map[string]any{"userCode": code, "approve": true, "password": "wrong password here"}); got != "INVALID_CREDENTIALS" {
			t.Fatalf("wrong password: %s", got)
		}
		if got := decide(t, ada.Client, map[string]any{"userCode": code, "approve": true, "password": testkit.StrongPassword}); got != "" {
			t.Fatalf("with the password: %s", got)
		}
	})
}

// TestSecurityLogOfTheGrant: the start, the approval or denial and the key issued are
// in the security log.
func TestSecurityLogOfTheGrant(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		ada := newPerson(t, srv, "ada@example.com")
		approved, denied := start(t, srv, ""), start(t, srv, "")
		if got := decide(t, ada.Client, map[string]any{"userCode": approved.str("user_code"), "approve": true}); got != "" {
			t.Fatal(got)
		}
		if got := decide(t, ada.Client, map[string]any{"userCode": denied.str("user_code"), "approve": false}); got != "" {
			t.Fatal(got)
		}
		srv.Clock.Advance(5 * time.Second)
		if a := poll(t, srv, "accountd-cli", approved.str("device_code")); a.Status != 200 || !strings.HasPrefix(a.str("access_token"), "acd_key_") {
			t.Fatalf("token: %d %v", a.Status, a.Body)
		}
		if a := poll(t, srv, "accountd-cli", denied.str("device_code")); a.str("error") != "access_denied" {
			t.Fatalf("denied: %v", a.Body)
		}
		ctx := context.Background()
		db := srv.App.Store.Client
		var mine []string
		for _, e := range db.SecurityEvent.Query().Where(securityevent.UserID(ada.ID)).AllX(ctx) {
			mine = append(mine, e.Kind)
		}
		for _, k := range []string{devicegrant.EventApproved, devicegrant.EventDenied, devicegrant.EventKeyIssued} {
			if !slices.Contains(mine, k) {
				t.Errorf("no %s in %v", k, mine)
			}
		}
		if n := db.SecurityEvent.Query().Where(securityevent.Kind(devicegrant.EventStarted), securityevent.UserIDIsNil()).CountX(ctx); n != 2 {
			t.Errorf("%d start events, want 2", n)
		}
	})
}

// TestUserCodeGuessesLockOnlyTheGuessingAccount: wrong user codes count per account
// (code entry needs a session): one account past its budget is locked, even from new
// IP windows and for a right code, while another account (same network) still looks
// up and approves codes.
func TestUserCodeGuessesLockOnlyTheGuessingAccount(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		mallory := newPerson(t, srv, "mallory@example.com")
		ada := newPerson(t, srv, "ada@example.com")
		lookup := func(p *person, code string) string {
			var out struct{ DeviceAuthorization *struct{ ClientName string } }
			resp := p.Client.Do(`query($c: String!) { deviceAuthorization(userCode: $c) { clientName } }`, map[string]any{"c": code}, &out)
			if len(resp.Errors) > 0 {
				return resp.Code()
			}
			if out.DeviceAuthorization == nil {
				t.Fatalf("lookup: %s", resp.Body)
			}
			return ""
		}
		// Stay under the per-IP rule (both people share 127.0.0.1): a new IP window
		// before each of its budgets.
		perIP := limits.DeviceCodeGuesses.Limit - 1
		for i := range limits.DeviceCodeAccountGuesses.Limit {
			if i%perIP == 0 {
				srv.Clock.Advance(limits.DeviceCodeGuesses.Window)
			}
			if got := lookup(mallory, "BBBB-BBBB"); got != "INVALID_CODE" {
				t.Fatalf("wrong code %d: %s", i, got)
			}
		}
		srv.Clock.Advance(limits.DeviceCodeGuesses.Window) // a fresh IP window
		right := start(t, srv, "").str("user_code")
		if got := lookup(mallory, right); got != "RATE_LIMITED" {
			t.Fatalf("the guessing account past its budget, right code: %s, want RATE_LIMITED", got)
		}
		if got := lookup(ada, right); got != "" {
			t.Fatalf("another account's look-up: %s", got)
		}
		if got := decide(t, ada.Client, map[string]any{"userCode": right, "approve": true}); got != "" {
			t.Fatalf("another account's approval: %s", got)
		}
		srv.Clock.Advance(limits.DeviceCodeAccountGuesses.Window)
		other := start(t, srv, "").str("user_code")
		if got := lookup(mallory, other); got != "" {
			t.Fatalf("the guessing account after its window: %s", got)
		}
	})
}
