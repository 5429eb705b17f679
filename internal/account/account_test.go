package account_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/internal/testkit"
)

const (
	updateProfileOp = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) {
		user { id name company } userErrors { code field message } } }`
	sessionsOp = `query { viewer { sessions { id createdAt lastUsedAt expiresAt userAgent ip current } } }`
	revokeOp   = `mutation($input: RevokeSessionsInput!) { revokeSessions(input: $input) {
		revokedIds notRevokedIds userErrors { code field message } } }`
	eventsOp = `query($first: Int, $after: String) { viewer { securityEvents(first: $first, after: $after) {
		edges { cursor node { id kind createdAt ip userAgent } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`
	eventNodeOp = `query($id: ID!) { node(id: $id) { id ... on SecurityEvent { kind } } }`
	exportOp    = `mutation { exportAccountData { document userErrors { code message } } }`
	deleteOp    = `mutation($password: String!, $code: String) { deleteAccount(input: {password: $password, code: $code}) {
		deletedUserId userErrors { code field message retryAfterSeconds } } }`
)

type sessionData struct {
	ID        string
	UserAgent string
	IP        string
	Current   bool
}

func sessions(t *testing.T, c *testkit.Client) []sessionData {
	t.Helper()
	var out struct {
		Viewer struct{ Sessions []sessionData }
	}
	if resp := c.Do(sessionsOp, nil, &out); len(resp.Errors) > 0 {
		t.Fatalf("sessions: %s", resp.Body)
	}
	return out.Viewer.Sessions
}

type revokePayload struct {
	RevokedIds    []string
	NotRevokedIds []string
	UserErrors    []userError
}

func revokeSessions(t *testing.T, c *testkit.Client, input map[string]any) revokePayload {
	t.Helper()
	return call[revokePayload](t, c, revokeOp, "revokeSessions", map[string]any{"input": input})
}

type deletePayload struct {
	DeletedUserID *string
	UserErrors    []userError
}

func deleteAccount(t *testing.T, c *testkit.Client, password string) deletePayload {
	t.Helper()
	return deleteAccountWithCode(t, c, password, nil)
}

// deleteAccountWithCode deletes an account with two-factor on: code is a current code
// or a recovery code.
func deleteAccountWithCode(t *testing.T, c *testkit.Client, password string, code *string) deletePayload {
	t.Helper()
	return call[deletePayload](t, c, deleteOp, "deleteAccount", map[string]any{"password": password, "code": code})
}

type eventPage struct {
	Edges []struct {
		Cursor string
		Node   struct{ ID, Kind, IP, UserAgent string }
	}
	PageInfo struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
}

func events(t *testing.T, c *testkit.Client, first int, after *string) eventPage {
	t.Helper()
	var out struct {
		Viewer struct{ SecurityEvents eventPage }
	}
	if resp := c.Do(eventsOp, map[string]any{"first": first, "after": after}, &out); len(resp.Errors) > 0 {
		t.Fatalf("securityEvents: %s", resp.Body)
	}
	return out.Viewer.SecurityEvents
}

func TestUpdateProfile(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := clientWithBearer(t, srv, newAccount(t, srv, "pia@example.com"))
		var out struct {
			UpdateProfile struct {
				User       *viewerData
				UserErrors []userError
			}
		}
		c.Do(updateProfileOp, map[string]any{"input": map[string]any{"name": "Pia", "company": "Acme"}}, &out)
		wantCodes(t, out.UpdateProfile.UserErrors)
		if u := out.UpdateProfile.User; u == nil || u.Name != "Pia" || u.Company != "Acme" {
			t.Fatalf("user = %+v", u)
		}
		// A field left out stays; too long is a user error and changes nothing.
		c.Do(updateProfileOp, map[string]any{"input": map[string]any{"company": strings.Repeat("é", 101)}}, &out)
		wantCodes(t, out.UpdateProfile.UserErrors, "INVALID_INPUT")
		c.Do(updateProfileOp, map[string]any{"input": map[string]any{"company": "Initech"}}, &out)
		if u := out.UpdateProfile.User; u == nil || u.Name != "Pia" || u.Company != "Initech" {
			t.Fatalf("user = %+v", u)
		}
	})
}

func TestSessionsListAndRevoke(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "sid@example.com"
		first := clientWithBearer(t, srv, newAccount(t, srv, addr))
		phone := srv.Client(t)
		phone.Header.Set("User-Agent", "PhoneApp/1.0")
		phone.Bearer = *logIn(t, phone, addr, strongPassword).Token
		laptop := clientWithBearer(t, srv, *logIn(t, srv.Client(t), addr, strongPassword).Token)
		stranger := clientWithBearer(t, srv, newAccount(t, srv, "stranger@example.com"))
		strangerSessions := sessions(t, stranger)

		list := sessions(t, phone)
		if len(list) != 3 {
			t.Fatalf("%d sessions, want 3: %+v", len(list), list)
		}
		var phoneID string
		for _, s := range list {
			if s.Current {
				if phoneID != "" || s.UserAgent != "PhoneApp/1.0" || s.IP == "" {
					t.Fatalf("current session = %+v", s)
				}
				phoneID = s.ID
			}
		}
		if phoneID == "" {
			t.Fatalf("no session marked current: %+v", list)
		}

		t.Run("case=another account's session id is not touched", func(t *testing.T) {
			p := revokeSessions(t, phone, map[string]any{"ids": []string{strangerSessions[0].ID, "ses_01J00000000000000000000000", "flt_x"}})
			wantCodes(t, p.UserErrors)
			if len(p.RevokedIds) != 0 || len(p.NotRevokedIds) != 3 {
				t.Fatalf("payload = %+v", p)
			}
			if v, _ := viewer(t, stranger); v == nil {
				t.Fatal("the stranger's session was revoked")
			}
			var node struct{ Node *struct{ ID string } }
			phone.Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": strangerSessions[0].ID}, &node)
			if node.Node != nil {
				t.Fatal("node() showed another account's session")
			}
		})

		// Refreshing keeps a session listed once, under its new id.
		var refreshed struct{ RefreshSession payload }
		laptop.Do(refreshOp, nil, &refreshed)
		laptop.Bearer = *refreshed.RefreshSession.Token
		if n := len(sessions(t, phone)); n != 3 {
			t.Fatalf("%d sessions after a refresh, want 3", n)
		}

		p := revokeSessions(t, phone, map[string]any{"allExceptCurrent": true})
		wantCodes(t, p.UserErrors)
		if len(p.RevokedIds) != 2 {
			t.Fatalf("revoked %v, want the 2 others", p.RevokedIds)
		}
		for _, c := range []*testkit.Client{first, laptop} {
			if _, resp := viewer(t, c); resp.Status != http.StatusUnauthorized {
				t.Fatalf("a revoked session still works: %d", resp.Status)
			}
		}
		if list := sessions(t, phone); len(list) != 1 || list[0].ID != phoneID {
			t.Fatalf("sessions = %+v, want only the current", list)
		}

		// Revoking the current one by id logs it out.
		p = revokeSessions(t, phone, map[string]any{"ids": []string{phoneID}})
		if !slices.Equal(p.RevokedIds, []string{phoneID}) {
			t.Fatalf("payload = %+v", p)
		}
		if _, resp := viewer(t, phone); resp.Status != http.StatusUnauthorized {
			t.Fatalf("the current session survived its revocation: %d", resp.Status)
		}
	})
}

func TestSecurityLog(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "eve@example.com"
		newAccount(t, srv, addr)
		wantCodes(t, logIn(t, srv.Client(t), addr, "a wrong password, surely").UserErrors, "INVALID_CREDENTIALS")
		c := srv.Client(t)
		c.Header.Set("User-Agent", "LogTest/2")
		c.Bearer = *logIn(t, c, addr, strongPassword).Token
		wantCodes(t, changePassword(t, c, strongPassword, newStrongPassword).UserErrors)

		var kinds []string
		var after *string
		for pages := 0; ; pages++ {
			page := events(t, c, 2, after)
			if len(page.Edges) > 2 || pages > 10 {
				t.Fatalf("page of %d", len(page.Edges))
			}
			// The Relay rule: hasPreviousPage on every page but the first; startCursor
			// and endCursor are the cursors of the first and last edge.
			if page.PageInfo.HasPreviousPage != (pages > 0) {
				t.Fatalf("page %d: hasPreviousPage = %v", pages, page.PageInfo.HasPreviousPage)
			}
			if n := len(page.Edges); n > 0 && (*page.PageInfo.StartCursor != page.Edges[0].Cursor || *page.PageInfo.EndCursor != page.Edges[n-1].Cursor) {
				t.Fatalf("page %d: start %v end %v, edges %+v", pages, *page.PageInfo.StartCursor, *page.PageInfo.EndCursor, page.Edges)
			}
			for _, e := range page.Edges {
				kinds = append(kinds, e.Node.Kind)
				if strings.Contains(e.Cursor, e.Node.ID) || strings.HasPrefix(e.Cursor, "evt_") {
					t.Fatalf("cursor %q shows the id %q: cursors are opaque", e.Cursor, e.Node.ID)
				}
			}
			if !page.PageInfo.HasNextPage {
				break
			}
			after = page.PageInfo.EndCursor
		}
		want := []string{"password_changed", "log_in", "log_in_failed", "email_verified", "sign_up"}
		if !slices.Equal(kinds, want) {
			t.Fatalf("security log = %v, want %v", kinds, want)
		}
		page := events(t, c, 1, nil)
		if e := page.Edges[0].Node; e.UserAgent != "LogTest/2" || e.IP == "" {
			t.Fatalf("newest event = %+v", e)
		}

		// first above the cap is the cap (100), as for every list: no error, and
		// viewer is not nulled.
		if page := events(t, c, 1000, nil); len(page.Edges) != len(want) || page.PageInfo.HasNextPage || page.PageInfo.HasPreviousPage {
			t.Fatalf("first: 1000 = %+v", page)
		}
		for name, cursor := range map[string]string{
			"a raw event id":    page.Edges[0].Node.ID,
			"another type's id": "usr_x",
		} {
			var out struct {
				Viewer *struct{ SecurityEvents *eventPage }
			}
			resp := c.Do(eventsOp, map[string]any{"first": 2, "after": cursor}, &out)
			if resp.Code() != "INVALID_INPUT" {
				t.Fatalf("%s as cursor: %s", name, resp.Body)
			}
		}
		// An empty page has no cursors.
		if last := events(t, c, 100, nil); true {
			empty := events(t, c, 5, last.PageInfo.EndCursor)
			if len(empty.Edges) != 0 || empty.PageInfo.StartCursor != nil || empty.PageInfo.EndCursor != nil || !empty.PageInfo.HasPreviousPage {
				t.Fatalf("after the last event: %+v", empty.PageInfo)
			}
		}
	})
}

// TestSecurityEventNode: node(id:) resolves a line of the security log for its owner,
// whether by session or API key, and answers a stranger and an anonymous client null,
// like an unknown id.
func TestSecurityEventNode(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		owner := clientWithBearer(t, srv, newAccount(t, srv, "owner@example.com"))
		stranger := clientWithBearer(t, srv, newAccount(t, srv, "stranger@example.com"))
		evt := events(t, owner, 1, nil).Edges[0].Node
		for _, tc := range []struct {
			name string
			c    *testkit.Client
			id   string
			want string
		}{
			{"case=owner", owner, evt.ID, evt.Kind},
			{"case=stranger", stranger, evt.ID, ""},
			{"case=anonymous", srv.Client(t), evt.ID, ""},
			{"case=unknown id", owner, "evt_01JZZZZZZZZZZZZZZZZZZZZZZZ", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var out struct {
					Node *struct{ ID, Kind string }
				}
				resp := tc.c.Do(eventNodeOp, map[string]any{"id": tc.id}, &out)
				if len(resp.Errors) > 0 {
					t.Fatalf("node: %s", resp.Body)
				}
				got := ""
				if out.Node != nil {
					got = out.Node.Kind
				}
				if got != tc.want {
					t.Fatalf("node(%s) = %q, want %q", tc.id, got, tc.want)
				}
			})
		}
	})
}

func TestDeleteAccount(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "dora@example.com"
		c := clientWithBearer(t, srv, newAccount(t, srv, addr))
		other := clientWithBearer(t, srv, *logIn(t, srv.Client(t), addr, strongPassword).Token)
		keep := clientWithBearer(t, srv, newAccount(t, srv, "keep@example.com"))
		v, _ := viewer(t, c)

		wantCodes(t, deleteAccount(t, c, "not the password").UserErrors, "INVALID_CREDENTIALS")
		p := deleteAccount(t, c, strongPassword)
		wantCodes(t, p.UserErrors)
		if p.DeletedUserID == nil || *p.DeletedUserID != v.ID {
			t.Fatalf("deletedUserId = %v, want %s", p.DeletedUserID, v.ID)
		}
		for _, cl := range []*testkit.Client{c, other} {
			if _, resp := viewer(t, cl); resp.Status != http.StatusUnauthorized {
				t.Fatalf("a session of the deleted account works: %d", resp.Status)
			}
		}
		waitMail(t, srv, addr, "was deleted")

		db := srv.App.Store.Client
		ctx := t.Context()
		if n := db.Session.Query().Where(session.UserID(v.ID)).CountX(ctx); n != 0 {
			t.Fatalf("%d sessions left", n)
		}
		if n := db.SecurityEvent.Query().Where(securityevent.UserID(v.ID)).CountX(ctx); n != 0 {
			t.Fatalf("%d security events left", n)
		}
		if n := db.SecurityEvent.Query().Where(securityevent.Kind("account_deleted"), securityevent.UserIDIsNil()).CountX(ctx); n != 1 {
			t.Fatalf("%d anonymous account_deleted events, want 1", n)
		}
		if vk, _ := viewer(t, keep); vk == nil {
			t.Fatal("another account was touched")
		}

		// The address can sign up again, as a new account.
		srv.Clock.Advance(time.Minute)
		fresh := srv.Client(t)
		wantCodes(t, signUp(t, fresh, map[string]any{"email": addr, "password": newStrongPassword, "acceptTerms": true}))
		again := verify(t, fresh, verificationToken(t, srv, addr, 2), nil)
		if again.User == nil || again.User.ID == v.ID || again.Token == nil {
			t.Fatalf("signed up again as %+v", again)
		}
	})
}

func TestExportAccountData(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "xena@example.com"
		tok := newAccount(t, srv, addr)
		c := clientWithBearer(t, srv, tok)
		var out struct {
			ExportAccountData struct {
				Document   *string
				UserErrors []userError
			}
		}
		if resp := c.Do(exportOp, nil, &out); len(resp.Errors) > 0 {
			t.Fatalf("export: %s", resp.Body)
		}
		doc := out.ExportAccountData.Document
		if doc == nil {
			t.Fatalf("no document: %+v", out.ExportAccountData.UserErrors)
		}
		var parsed struct {
			Account struct {
				Email       string
				HasPassword bool
			}
			Sessions       []map[string]any
			SecurityEvents []struct{ Kind string }
			Emails         []struct{ Template string }
		}
		if err := json.Unmarshal([]byte(*doc), &parsed); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, *doc)
		}
		if parsed.Account.Email != addr || !parsed.Account.HasPassword || len(parsed.Sessions) != 1 ||
			len(parsed.SecurityEvents) != 2 || len(parsed.Emails) < 1 {
			t.Fatalf("export = %+v", parsed)
		}
		v, _ := viewer(t, c)
		u := srv.App.Store.Client.User.GetX(t.Context(), v.ID)
		for _, secret := range []string{tok, *u.PasswordHash, "argon2", "hash", "token", "secret"} {
			if strings.Contains(strings.ToLower(*doc), strings.ToLower(secret)) {
				t.Errorf("the export contains %q", secret)
			}
		}
	})
}

// TestSelfServiceNeedsViewer sends every self-service operation that acts on an account
// without a credential: each is refused with UNAUTHENTICATED.
func TestSelfServiceNeedsViewer(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite")
	anon := srv.Client(t)
	ops := map[string]struct {
		query string
		vars  map[string]any
	}{
		"updateProfile":     {updateProfileOp, map[string]any{"input": map[string]any{"name": "x"}}},
		"revokeSessions":    {revokeOp, map[string]any{"input": map[string]any{"allExceptCurrent": true}}},
		"exportAccountData": {exportOp, nil},
		"deleteAccount":     {deleteOp, map[string]any{"password": strongPassword}},
		"changePassword":    {changePasswordOp, map[string]any{"current": strongPassword, "new": newStrongPassword}},
		"setPassword":       {setPasswordOp, map[string]any{"new": newStrongPassword}},
	}
	for name, op := range ops {
		t.Run("op="+name, func(t *testing.T) {
			resp := anon.Do(op.query, op.vars, nil)
			if resp.Code() != "UNAUTHENTICATED" {
				t.Fatalf("%s anonymous: %s", name, resp.Body)
			}
		})
	}
}

// TestPasswordProofsAreLimited guesses the password through a sensitive operation with a
// live session: after 10 checks in 15 minutes even the right password is refused.
func TestPasswordProofsAreLimited(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite")
	c := clientWithBearer(t, srv, newAccount(t, srv, "guess@example.com"))
	for i := range 10 {
		wantCodes(t, deleteAccount(t, c, "guess number "+strings.Repeat("x", i)).UserErrors, "INVALID_CREDENTIALS")
	}
	errs := deleteAccount(t, c, strongPassword).UserErrors
	wantCodes(t, errs, "RATE_LIMITED")
	if errs[0].RetryAfterSeconds == nil {
		t.Fatalf("no retryAfterSeconds: %+v", errs[0])
	}
	srv.Clock.Advance(15 * time.Minute)
	wantCodes(t, deleteAccount(t, c, strongPassword).UserErrors)
}

// TestProfileLengthsCountCharacters: 100 characters of a non-Latin script fit, as the
// message promises, though they take more than 100 bytes.
func TestProfileLengthsCountCharacters(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := clientWithBearer(t, srv, newAccount(t, srv, "zoe@example.com"))
		name := strings.Repeat("日", 100)
		var out struct {
			UpdateProfile struct {
				User       *viewerData
				UserErrors []userError
			}
		}
		if resp := c.Do(updateProfileOp, map[string]any{"input": map[string]any{"name": name}}, &out); len(resp.Errors) > 0 {
			t.Fatalf("updateProfile: %s", resp.Body)
		}
		wantCodes(t, out.UpdateProfile.UserErrors)
		if u := out.UpdateProfile.User; u == nil || u.Name != name {
			t.Fatalf("user = %+v", u)
		}
		wantCodes(t, signUp(t, srv.Client(t), map[string]any{"email": "yan@example.com", "name": name, "acceptTerms": true}))
	})
}
