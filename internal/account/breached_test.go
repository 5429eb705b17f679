package account_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

// leakedPassword passes the policy but the local range server lists it as breached.
const leakedPassword = "violet tractor 88 sings alone"

const breachedSubject = "appears in a data breach"

// TestBreachedPasswordRefused: sign-up, email verification, reset, change and set refuse
// a password the range API lists, with BREACHED_PASSWORD on the password field; only the
// 5-character prefix of its SHA-1 is sent, with the padding header.
func TestBreachedPasswordRefused(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		rs := testkit.StartRangeServer(t, leakedPassword)
		srv := testkit.NewServer(t, store, testkit.WithBreachedPasswords(rs))
		wantBreached := func(t *testing.T, errs []userError, field string) {
			t.Helper()
			wantCodes(t, errs, "BREACHED_PASSWORD")
			if f := errs[0].Field; len(f) != 2 || f[1] != field {
				t.Fatalf("field = %v, want [input %s]", f, field)
			}
		}

		t.Run("case=sign-up", func(t *testing.T) {
			errs := signUp(t, srv.Client(t), map[string]any{"email": "sign@example.com", "password": leakedPassword, "acceptTerms": true})
			wantBreached(t, errs, "password")
			if n := mailCount(srv, "sign@example.com", ""); n != 0 {
				t.Fatalf("%d emails after a refused sign-up", n)
			}
		})
		t.Run("case=verification sets the password", func(t *testing.T) {
			c := srv.Client(t)
			wantCodes(t, signUp(t, c, map[string]any{"email": "later@example.com", "acceptTerms": true}))
			tok := verificationToken(t, srv, "later@example.com", 1)
			wantBreached(t, verify(t, c, tok, ptr(leakedPassword)).UserErrors, "password")
			if p := verify(t, c, tok, ptr(strongPassword)); p.Token == nil {
				t.Fatalf("the link did not survive the refusal: %+v", p.UserErrors)
			}
		})
		newAccount(t, srv, "ines@example.com")
		t.Run("case=change", func(t *testing.T) {
			c := clientWithBearer(t, srv, *logIn(t, srv.Client(t), "ines@example.com", strongPassword).Token)
			wantBreached(t, changePassword(t, c, strongPassword, leakedPassword).UserErrors, "newPassword")
		})
		t.Run("case=reset", func(t *testing.T) {
			c := srv.Client(t)
			wantCodes(t, requestReset(t, c, "ines@example.com"))
			tok := mailedToken(t, srv, "ines@example.com", "/reset-password", 1)
			wantBreached(t, resetPassword(t, c, tok, leakedPassword), "newPassword")
			wantCodes(t, resetPassword(t, c, tok, newStrongPassword))
		})
		t.Run("case=set", func(t *testing.T) {
			newAccount(t, srv, "sol@example.com")
			c := clientWithBearer(t, srv, *logIn(t, srv.Client(t), "sol@example.com", strongPassword).Token)
			v, _ := viewer(t, c)
			if err := srv.App.Store.Client.User.UpdateOneID(v.ID).ClearPasswordHash().Exec(t.Context()); err != nil {
				t.Fatal(err)
			}
			wantBreached(t, setPassword(t, c, leakedPassword).UserErrors, "newPassword")
			wantCodes(t, setPassword(t, c, newStrongPassword).UserErrors)
		})
		reqs := rs.Requests()
		if len(reqs) == 0 {
			t.Fatal("the range server was never asked")
		}
		for _, r := range reqs {
			prefix, ok := strings.CutPrefix(r.Path, "/range/")
			if !ok || len(prefix) != 5 || r.Padding != "true" {
				t.Errorf("request %+v: want /range/ and 5 characters, Add-Padding: true", r)
			}
		}
	})
}

// TestBreachedPasswordCheckFailsOpen: an API that fails lets the password through, logs
// it and counts it in /metrics, and is left alone for a minute of the server's clock:
// one failure (one timeout, for an API that does not answer: internal/breach
// TestBreachedFailsOpenOnceAMinute) a minute, not one per request.
func TestBreachedPasswordCheckFailsOpen(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		rs := testkit.StartRangeServer(t, leakedPassword)
		srv := testkit.NewServer(t, store, testkit.WithBreachedPasswords(rs))
		n := 0
		signUpWith := func(pw string) []userError {
			n++
			return signUp(t, srv.Client(t), map[string]any{"email": fmt.Sprintf("open%d@example.com", n), "password": pw, "acceptTerms": true})
		}
		unavailable := func() float64 {
			m, err := srv.App.Metrics.Gather()
			if err != nil {
				t.Fatal(err)
			}
			return m["accountd_breached_password_check_unavailable_total"]
		}

		rs.Fail(http.StatusServiceUnavailable)
		wantCodes(t, signUpWith(leakedPassword)) // accepted: fail open
		if got := len(rs.Requests()); got != 1 {
			t.Fatalf("%d requests, want 1", got)
		}
		if !strings.Contains(srv.Logs.String(), "breached-password check unavailable") {
			t.Fatal("the failed check was not logged")
		}
		for range 3 {
			srv.Clock.Advance(15 * time.Second)
			wantCodes(t, signUpWith(leakedPassword))
		}
		if got := len(rs.Requests()); got != 1 {
			t.Fatalf("the API was asked %d times within a minute of a failure, want 1", got)
		}
		if got := unavailable(); got != 4 {
			t.Fatalf("accountd_breached_password_check_unavailable_total = %v, want 4", got)
		}

		rs.Fail(0)
		srv.Clock.Advance(16 * time.Second)
		wantCodes(t, signUpWith(leakedPassword), "BREACHED_PASSWORD")
		if got := len(rs.Requests()); got != 2 {
			t.Fatalf("%d requests after the minute, want 2", got)
		}
	})
}

// TestBreachedPasswordAtLogIn: a password found breached at log-in still logs in; the
// viewer is flagged and the owner mailed once, however many log-ins follow; a new
// password clears the flag.
func TestBreachedPasswordAtLogIn(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		rs := testkit.StartRangeServer(t)
		srv := testkit.NewServer(t, store, testkit.WithBreachedPasswords(rs))
		const addr = "lea@example.com"
		newAccount(t, srv, addr)
		flagged := func(c *testkit.Client) bool {
			var out struct {
				Viewer struct{ PasswordBreached bool }
			}
			if resp := c.Do(`query { viewer { passwordBreached } }`, nil, &out); len(resp.Errors) > 0 {
				t.Fatalf("viewer: %s", resp.Body)
			}
			return out.Viewer.PasswordBreached
		}
		c := clientWithBearer(t, srv, *logIn(t, srv.Client(t), addr, strongPassword).Token)
		if flagged(c) {
			t.Fatal("flagged before the password was listed")
		}

		rs.Add(strongPassword) // the password leaks somewhere after sign-up
		srv.Clock.Advance(time.Hour)
		var last *testkit.Client
		for range 3 {
			p := logIn(t, srv.Client(t), addr, strongPassword)
			if p.Token == nil {
				t.Fatalf("a breached password did not log in: %+v", p.UserErrors)
			}
			last = clientWithBearer(t, srv, *p.Token)
		}
		if !flagged(last) {
			t.Fatal("the viewer is not flagged")
		}
		waitMail(t, srv, addr, breachedSubject)
		if n := countEvents(t, last, "password_breached"); n != 1 {
			t.Fatalf("%d password_breached events (each with its email), want 1", n)
		}
		if n := mailCount(srv, addr, breachedSubject); n != 1 {
			t.Fatalf("%d breach emails, want 1", n)
		}

		wantCodes(t, changePassword(t, last, strongPassword, newStrongPassword).UserErrors)
		if flagged(last) {
			t.Fatal("a new password did not clear the flag")
		}
	})
}

// countEvents counts the security log lines of a kind (the first 100).
func countEvents(t *testing.T, c *testkit.Client, kind string) int {
	t.Helper()
	var out struct {
		Viewer struct {
			SecurityEvents struct {
				Edges []struct{ Node struct{ Kind string } }
			}
		}
	}
	if resp := c.Do(`query { viewer { securityEvents(first: 100) { edges { node { kind } } } } }`, nil, &out); len(resp.Errors) > 0 {
		t.Fatalf("securityEvents: %s", resp.Body)
	}
	n := 0
	for _, e := range out.Viewer.SecurityEvents.Edges {
		if e.Node.Kind == kind {
			n++
		}
	}
	return n
}
