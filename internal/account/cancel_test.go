package account_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/outboxemail"
	"github.com/accountd/accountd/ent/ratelimit"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/email"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/testkit"
)

// serveInProcess sends a GraphQL operation to the server's handler with ctx as the
// request's context, as the HTTP server would for a client: a test that cancels ctx
// is a client hanging up at that moment.
func serveInProcess(t *testing.T, srv *testkit.Server, ctx context.Context, query string, vars map[string]any) *testkit.Response {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.App.Handler.ServeHTTP(rec, req)
	resp := &testkit.Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	_ = json.Unmarshal(resp.Body, resp)
	return resp
}

// errorLines returns the lines logged at ERROR.
func errorLines(logs string) []string {
	var out []string
	for l := range strings.SplitSeq(logs, "\n") {
		if strings.Contains(l, "level=ERROR") {
			out = append(out, l)
		}
	}
	return out
}

// A sign-up or a log-in that its client cuts off, at any of its database operations,
// leaves nothing half-done: the whole sign-up (account, verification link, its email in
// the outbox, the security event) or none of it; the whole log-in (session, security
// event, the address's counter reset) or none of it. A cancelled request logs no ERROR,
// and the same address signs up, or logs in, right after.
func TestCancelledRequestsLeaveNothingHalfDone(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		probe := &testkit.DBProbe{}
		srv := testkit.NewProbedServer(t, store, probe)
		db := srv.App.Store.Client
		signUpVars := func(addr string) map[string]any {
			return map[string]any{"input": map[string]any{"email": addr, "password": strongPassword, "acceptTerms": true}}
		}

		// signedUp says whether the whole sign-up of addr is there (true) or none of it
		// (false), and fails the test for anything in between.
		signedUp := func(t *testing.T, addr string) bool {
			t.Helper()
			ctx := context.Background()
			u, err := db.User.Query().Where(user.EmailKey(email.Key(addr))).Only(ctx)
			mails := db.OutboxEmail.Query().Where(outboxemail.To(addr)).CountX(ctx)
			if err != nil {
				if mails != 0 {
					t.Fatalf("%s: no account, but %d emails in the outbox", addr, mails)
				}
				return false
			}
			tokens := db.OneTimeToken.Query().Where(onetimetoken.UserID(u.ID), onetimetoken.PurposeEQ(onetimetoken.PurposeVerifyEmail)).CountX(ctx)
			events := db.SecurityEvent.Query().Where(securityevent.UserID(u.ID), securityevent.Kind(account.EventSignUp)).CountX(ctx)
			if tokens == 0 || events != 1 || mails == 0 {
				t.Fatalf("%s: half a sign-up: the account with %d verification links, %d sign-up events, %d emails", addr, tokens, events, mails)
			}
			return true
		}

		// The operations of a whole sign-up, to cut it off at each.
		ctx, w := probe.Watch(context.Background())
		if resp := serveInProcess(t, srv, ctx, signUpOp, signUpVars("whole@example.test")); len(resp.Errors) > 0 || resp.Status != http.StatusOK {
			t.Fatalf("signUp: %d %s", resp.Status, resp.Body)
		}
		ops := len(w.Ops())
		if !signedUp(t, "whole@example.test") {
			t.Fatal("the uncut sign-up left no account")
		}

		t.Run("op=signUp", func(t *testing.T) {
			done := 0
			for n := 1; n <= ops; n++ {
				addr := fmt.Sprintf("cut%d@example.test", n)
				ctx, _, cancel := probe.CutOff(context.Background(), n)
				serveInProcess(t, srv, ctx, signUpOp, signUpVars(addr))
				cancel()
				if signedUp(t, addr) {
					// Done: trying again within the address's email interval would be
					// refused, rightly.
					done++
					srv.Clock.Advance(limits.VerificationEmail.Window)
				}
				// The person tries again: it works, and leaves the whole sign-up.
				if resp := serveInProcess(t, srv, context.Background(), signUpOp, signUpVars(addr)); len(resp.Errors) > 0 || !strings.Contains(string(resp.Body), `"userErrors":[]`) {
					t.Fatalf("sign-up after one cut off at operation %d of %d: %s", n, ops, resp.Body)
				}
				if !signedUp(t, addr) {
					t.Fatalf("sign-up after one cut off at operation %d of %d: no account", n, ops)
				}
			}
			// Cut off at its last operation, the commit, a sign-up may be done: not before.
			if done > 1 {
				t.Errorf("%d of %d cut-off sign-ups were done; at most the one cut at its commit may be", done, ops)
			}
		})

		t.Run("op=logIn", func(t *testing.T) {
			addr := "login-cut@example.test"
			newAccount(t, srv, addr)
			u := db.User.Query().Where(user.EmailKey(email.Key(addr))).OnlyX(context.Background())
			logInVars := map[string]any{"email": addr, "password": strongPassword}
			// state is the account's sessions and log-in events, and whether the
			// address has a log-in counter.
			state := func() (sessions, events int, counter bool) {
				ctx := context.Background()
				sessions = db.Session.Query().Where(session.UserID(u.ID)).CountX(ctx)
				events = db.SecurityEvent.Query().Where(securityevent.UserID(u.ID), securityevent.Kind(account.EventLogIn)).CountX(ctx)
				counter = db.RateLimit.Query().Where(ratelimit.ID(limits.LogIn.Key(email.Key(addr)))).ExistX(ctx)
				return
			}
			ctx, w := probe.Watch(context.Background())
			if resp := serveInProcess(t, srv, ctx, logInOp, logInVars); !strings.Contains(string(resp.Body), `"token":"`) {
				t.Fatalf("logIn: %s", resp.Body)
			}
			ops := len(w.Ops())
			for n := 1; n <= ops; n++ {
				s0, e0, _ := state()
				ctx, _, cancel := probe.CutOff(context.Background(), n)
				serveInProcess(t, srv, ctx, logInOp, logInVars)
				cancel()
				s1, e1, counter := state()
				switch {
				case s1 == s0 && e1 == e0: // none of it (the attempt may stay counted)
				case s1 == s0+1 && e1 == e0+1 && !counter: // all of it
				default:
					t.Fatalf("log-in cut off at operation %d of %d: sessions %d -> %d, log-in events %d -> %d, counter left: %v",
						n, ops, s0, s1, e0, e1, counter)
				}
				if resp := serveInProcess(t, srv, context.Background(), logInOp, logInVars); !strings.Contains(string(resp.Body), `"token":"`) {
					t.Fatalf("log-in after one cut off at operation %d of %d: %s", n, ops, resp.Body)
				}
				if _, _, counter := state(); counter {
					t.Fatalf("log-in after one cut off at operation %d of %d left the address's counter", n, ops)
				}
			}
		})

		if lines := errorLines(srv.Logs.String()); len(lines) > 0 {
			t.Errorf("cancelled requests logged at ERROR:\n%s", strings.Join(lines, "\n"))
		}
	})
}
