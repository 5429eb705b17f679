package account_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/testkit"
)

func TestSessionAsBearerAndCookie(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		newAccount(t, srv, "sam@example.com")

		browser := srv.Client(t)
		p := logIn(t, browser, "sam@example.com", strongPassword)
		var cookie *http.Cookie
		for _, ck := range browser.Cookies() {
			if ck.Name == "accountd_session" {
				cookie = ck
			}
		}
		if cookie == nil || cookie.Value != *p.Token {
			t.Fatalf("no session cookie after logIn: %v", browser.Cookies())
		}
		mobile := clientWithBearer(t, srv, *p.Token)

		for name, c := range map[string]*testkit.Client{"cookie": browser, "bearer": mobile} {
			if v, resp := viewer(t, c); v == nil || v.Email != "sam@example.com" {
				t.Fatalf("viewer by %s = %+v (%s)", name, v, resp.Body)
			}
		}
		anon, resp := viewer(t, srv.Client(t))
		if anon != nil || len(resp.Errors) > 0 {
			t.Fatalf("anonymous viewer = %+v, %s", anon, resp.Body)
		}

		// logOut by cookie ends the session for every holder of the token.
		var out struct {
			LogOut struct{ UserErrors []userError }
		}
		browser.Do(logOutOp, nil, &out)
		wantCodes(t, out.LogOut.UserErrors)
		if v, _ := viewer(t, browser); v != nil {
			t.Fatal("cookie still works after logOut")
		}
		if _, resp := viewer(t, mobile); resp.Status != http.StatusUnauthorized || resp.Code() != "UNAUTHENTICATED" {
			t.Fatalf("bearer after logOut: %d %s", resp.Status, resp.Body)
		}
	})
}

func TestRefreshRotatesAndDetectsReuse(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		first := newAccount(t, srv, "rita@example.com")
		c := clientWithBearer(t, srv, first)

		srv.Clock.Advance(time.Hour)
		var out struct{ RefreshSession payload }
		c.Do(refreshOp, nil, &out)
		wantCodes(t, out.RefreshSession.UserErrors)
		second := out.RefreshSession.Token
		if second == nil || *second == first {
			t.Fatalf("refresh gave token %v", second)
		}
		if want := srv.Clock.Now().Add(7 * 24 * time.Hour); !out.RefreshSession.ExpiresAt.Equal(want) {
			t.Fatalf("expiresAt = %v, want %v", out.RefreshSession.ExpiresAt, want)
		}
		c.Bearer = *second
		if v, _ := viewer(t, c); v == nil {
			t.Fatal("the new token does not work")
		}
		// The rotated token comes back: theft is assumed and the session ends.
		c.Bearer = first
		if _, resp := viewer(t, c); resp.Status != http.StatusUnauthorized {
			t.Fatalf("rotated token: %d %s", resp.Status, resp.Body)
		}
		c.Bearer = *second
		if _, resp := viewer(t, c); resp.Status != http.StatusUnauthorized {
			t.Fatalf("token of a session revoked for reuse: %d %s", resp.Status, resp.Body)
		}
	})
}

func TestSessionLifetimes(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		tok := newAccount(t, srv, "tim@example.com")
		c := clientWithBearer(t, srv, tok)

		t.Run("case=refreshed before expiry, capped at 30 days", func(t *testing.T) {
			refreshes := 0
			for {
				srv.Clock.Advance(6 * 24 * time.Hour)
				var out struct{ RefreshSession payload }
				resp := c.Do(refreshOp, nil, &out)
				if resp.Status == http.StatusUnauthorized {
					break
				}
				if out.RefreshSession.Token == nil {
					t.Fatalf("refresh #%d: %s", refreshes+1, resp.Body)
				}
				c.Bearer = *out.RefreshSession.Token
				refreshes++
				if refreshes > 10 {
					t.Fatal("the session outlived its 30-day cap")
				}
			}
			// Days 6, 12, 18, 24 refresh; at day 30 the cap has been reached.
			if refreshes != 4 {
				t.Fatalf("%d refreshes before the cap, want 4", refreshes)
			}
		})
		t.Run("case=expires after 7 days unused", func(t *testing.T) {
			c2 := srv.Client(t)
			p := logIn(t, c2, "tim@example.com", strongPassword)
			c2.Bearer = *p.Token
			srv.Clock.Advance(7*24*time.Hour - time.Second)
			if v, _ := viewer(t, c2); v == nil {
				t.Fatal("session ended before 7 days")
			}
			srv.Clock.Advance(time.Second)
			if _, resp := viewer(t, c2); resp.Status != http.StatusUnauthorized {
				t.Fatalf("session after 7 days: %d", resp.Status)
			}
		})
		t.Run("case=refresh and logOut need a session", func(t *testing.T) {
			anon := srv.Client(t)
			for _, op := range []string{refreshOp, logOutOp} {
				if resp := anon.Do(op, nil, nil); resp.Code() != "UNAUTHENTICATED" {
					t.Fatalf("%s without a session: %s", op, resp.Body)
				}
			}
		})
	})
}
