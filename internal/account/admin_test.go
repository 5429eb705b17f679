package account_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/adminaction"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// The admin operations, as the console sends them.
const (
	adminUsersOp = `query($q: String, $first: Int, $after: String) { admin { users(query: $q, first: $first, after: $after) {
		edges { cursor node { userId email emailVerified twoFactorEnabled suspended admin fleetsCount lastLogInAt createdAt } }
		pageInfo { hasNextPage endCursor } } } }`
	adminUserOp = `query($id: ID!) { admin { user(id: $id) { userId email suspended
		sessions { id } securityEvents(first: 50) { edges { node { kind ip } } } } } }`
	adminAuditOp = `query($u: ID) { admin { auditLog(userId: $u, first: 100) { edges { node {
		entryId action adminUserId adminEmail targetUserId targetEmail reason ip userAgent createdAt } } } } }`
	adminUserMutationOp = `mutation($userId: ID!, $reason: String!) { %s(input: {userId: $userId, reason: $reason}) {
		user { userId suspended twoFactorEnabled } userErrors { code field message } } }`
	adminDeleteOp = `mutation($userId: ID!, $reason: String!) { adminDeleteUser(input: {userId: $userId, reason: $reason}) {
		deletedUserId userErrors { code field message } } }`
	isAdminOp = `query { viewer { isAdmin } }`
)

// adminMutation is the operation of an admin mutation on one account.
func adminMutation(name string) string {
	return strings.Replace(adminUserMutationOp, "%s", name, 1)
}

// userIDOf is the id of the account of addr.
func userIDOf(t *testing.T, srv *testkit.Server, addr string) string {
	t.Helper()
	return srv.App.Store.Client.User.Query().Where(user.EmailKey(addr)).OnlyX(t.Context()).ID
}

// grantAdmin is `accountd admin grant addr`.
func grantAdmin(t *testing.T, srv *testkit.Server, addr string) {
	t.Helper()
	if _, err := account.SetAdmin(t.Context(), srv.App.Store.Client, addr, true, srv.Clock.Now()); err != nil {
		t.Fatalf("grant %s: %v", addr, err)
	}
}

// adminAccount makes an admin with two-factor on and returns a client whose session
// proved the password and the second factor just now, and the TOTP secret.
func adminAccount(t *testing.T, srv *testkit.Server, addr string) (*testkit.Client, string) {
	t.Helper()
	c, secret, _ := twoFactorAccount(t, srv, addr)
	grantAdmin(t, srv, addr)
	return c, secret
}

// logInWithSecondFactor logs in with the password and a TOTP code: a session with
// both proofs fresh.
func logInWithSecondFactor(t *testing.T, srv *testkit.Server, addr, secret string) *testkit.Client {
	t.Helper()
	c := srv.Client(t)
	ch := challenge(t, c, addr)
	p := verifyTwoFactor(t, c, map[string]any{"challenge": ch, "code": totpCode(t, secret, srv.Clock.Now())})
	if p.Token == nil {
		t.Fatalf("verifyTwoFactor: %+v", p.UserErrors)
	}
	nextStep(srv)
	c.Bearer = *p.Token
	return c
}

// outcome is what an operation answered: "ok", the top-level extensions.code, or the
// first userError's code.
func outcome(resp *testkit.Response, field string) string {
	if len(resp.Errors) > 0 {
		return resp.Code()
	}
	var data map[string]json.RawMessage
	_ = json.Unmarshal(resp.Data, &data)
	var p struct{ UserErrors []userError }
	if json.Unmarshal(data[field], &p) == nil && len(p.UserErrors) > 0 {
		return p.UserErrors[0].Code
	}
	if string(data[field]) == "null" {
		return "null"
	}
	return "ok"
}

// TestAdminAuthorization is the authorization of every admin operation, read and
// write, for each caller: a fresh admin may; an account that is no admin, the admin's
// own API key (even FULL), an admin whose two-factor was turned off, and anonymous may
// not (FORBIDDEN, UNAUTHENTICATED); an admin whose password and second factor were
// proved more than 20 minutes ago gets FRESH_AUTH_REQUIRED, and so does one whose
// password was proved again but not the second factor. Refusals change nothing but the
// logs.
func TestAdminAuthorization(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ctx, db := context.Background(), srv.App.Store.Client
		_, secret := adminAccount(t, srv, "admin@example.com")
		adminID := userIDOf(t, srv, "admin@example.com")
		// Targets: one of each kind an operation needs when it succeeds.
		newAccount(t, srv, "target@example.com")
		target := userIDOf(t, srv, "target@example.com")
		if errs := signUp(t, srv.Client(t), map[string]any{"email": "unverified@example.com", "password": strongPassword, "acceptTerms": true}); len(errs) > 0 {
			t.Fatal(errs)
		}
		unverified := userIDOf(t, srv, "unverified@example.com")
		twoFactorAccount(t, srv, "tfa@example.com")
		tfa := userIDOf(t, srv, "tfa@example.com")
		newAccount(t, srv, "doomed@example.com")
		doomed := userIDOf(t, srv, "doomed@example.com")

		nonAdmin := clientWithFreshLogIn(t, srv, "target@example.com")
		keySecret, hash := token.New(token.APIKey)
		db.APIKey.Create().SetUserID(adminID).SetName("admin script").SetPrefix(keySecret[:16]).SetKeyHash(hash).ExecX(ctx)
		adminKey := clientWithBearer(t, srv, keySecret)
		// An admin without two-factor: granted with it, then turned off.
		noTFA, noTFASecret := adminAccount(t, srv, "notfa@example.com")
		code := totpCode(t, noTFASecret, srv.Clock.Now())
		var off struct {
			DisableTwoFactor struct{ UserErrors []userError }
		}
		noTFA.Do(disableTwoFactorOp, map[string]any{"password": strongPassword, "code": code}, &off)
		wantCodes(t, off.DisableTwoFactor.UserErrors)
		noTFA = clientWithFreshLogIn(t, srv, "notfa@example.com")
		// A stale admin: logged in with both factors, then 21 minutes pass; the fresh
		// admin logs in again afterwards. A third proves only the password again.
		stale := logInWithSecondFactor(t, srv, "admin@example.com", secret)
		passwordOnly := logInWithSecondFactor(t, srv, "admin@example.com", secret)
		srv.Clock.Advance(21 * time.Minute)
		var re struct {
			CreateApiKey struct{ UserErrors []userError }
		}
		// createApiKey with the password renews the password proof, not the second factor.
		passwordOnly.Do(`mutation($p: String) { createApiKey(input: {name: "renew", password: $p}) { userErrors { code } } }`,
			map[string]any{"p": strongPassword}, &re)
		wantCodes(t, re.CreateApiKey.UserErrors)
		admin := logInWithSecondFactor(t, srv, "admin@example.com", secret)

		// An endpoint for adminDeleteWebhookEndpoint to delete.
		endpoint := db.WebhookEndpoint.Create().SetID(id.New(id.WebhookEndpoint)).SetURL("https://hooks.example.com/old").
			SetDescription("old").SetSecret([]byte("sealed")).SaveX(ctx).ID

		reason := "ticket #42: spam invitations"
		ops := []struct {
			name, field string
			run         func(c *testkit.Client) *testkit.Response
		}{
			{"admin.users", "admin", func(c *testkit.Client) *testkit.Response { return c.Do(adminUsersOp, nil, nil) }},
			{"admin.user", "admin", func(c *testkit.Client) *testkit.Response {
				return c.Do(adminUserOp, map[string]any{"id": target}, nil)
			}},
			{"admin.auditLog", "admin", func(c *testkit.Client) *testkit.Response { return c.Do(adminAuditOp, nil, nil) }},
			{"adminSuspendUser", "adminSuspendUser", func(c *testkit.Client) *testkit.Response {
				return c.Do(adminMutation("adminSuspendUser"), map[string]any{"userId": target, "reason": reason}, nil)
			}},
			{"adminUnsuspendUser", "adminUnsuspendUser", func(c *testkit.Client) *testkit.Response {
				return c.Do(adminMutation("adminUnsuspendUser"), map[string]any{"userId": target, "reason": reason}, nil)
			}},
			{"adminRevokeSessions", "adminRevokeSessions", func(c *testkit.Client) *testkit.Response {
				return c.Do(adminMutation("adminRevokeSessions"), map[string]any{"userId": target, "reason": reason}, nil)
			}},
			{"adminResetTwoFactor", "adminResetTwoFactor", func(c *testkit.Client) *testkit.Response {
				return c.Do(adminMutation("adminResetTwoFactor"), map[string]any{"userId": tfa, "reason": reason}, nil)
			}},
			{"adminResendVerification", "adminResendVerification", func(c *testkit.Client) *testkit.Response {
				return c.Do(adminMutation("adminResendVerification"), map[string]any{"userId": unverified, "reason": reason}, nil)
			}},
			{"adminDeleteUser", "adminDeleteUser", func(c *testkit.Client) *testkit.Response {
				return c.Do(adminDeleteOp, map[string]any{"userId": doomed, "reason": reason}, nil)
			}},
			{"admin.webhookEndpoints", "admin", func(c *testkit.Client) *testkit.Response {
				return c.Do(`{ admin { webhookEndpoints { endpointId deliveries { pending recent { state } } } } }`, nil, nil)
			}},
			{"adminCreateWebhookEndpoint", "adminCreateWebhookEndpoint", func(c *testkit.Client) *testkit.Response {
				return c.Do(`mutation($reason: String!) { adminCreateWebhookEndpoint(input: {name: "CRM", url: "https://hooks.example.com/in", reason: $reason}) {
					secret userErrors { code } } }`, map[string]any{"reason": reason}, nil)
			}},
			{"adminDeleteWebhookEndpoint", "adminDeleteWebhookEndpoint", func(c *testkit.Client) *testkit.Response {
				return c.Do(`mutation($id: ID!, $reason: String!) { adminDeleteWebhookEndpoint(input: {id: $id, reason: $reason}) {
					deletedEndpointId userErrors { code } } }`, map[string]any{"id": endpoint, "reason": reason}, nil)
			}},
		}
		callers := []struct {
			name string
			c    *testkit.Client
			want string
		}{
			// The refused first, so each operation still finds its target for the admin.
			{"anonymous", srv.Client(t), "UNAUTHENTICATED"},
			{"nonAdmin", nonAdmin, "FORBIDDEN"},
			{"adminAPIKey", adminKey, "FORBIDDEN"},
			{"adminWithoutTwoFactor", noTFA, "FORBIDDEN"},
			{"staleAdmin", stale, "FRESH_AUTH_REQUIRED"},
			{"adminPasswordOnlyRenewed", passwordOnly, "FRESH_AUTH_REQUIRED"},
			{"admin", admin, "ok"},
		}
		// Every admin mutation of the schema is in the table: a new one joins it or fails.
		covered := map[string]bool{}
		for _, op := range ops {
			covered[op.field] = true
		}
		for _, m := range introspect(t, srv.Client(t)).mutations() {
			if strings.HasPrefix(m.Name, "admin") && !covered[m.Name] {
				t.Errorf("admin mutation %s is not in the authorization table", m.Name)
			}
		}
		for _, caller := range callers {
			for _, op := range ops {
				before := countRows(t, srv)
				resp := op.run(caller.c)
				got := outcome(resp, op.field)
				if got != caller.want {
					t.Errorf("%s as %s = %s, want %s: %s", op.name, caller.name, got, caller.want, clipBody(resp.Body))
				}
				if caller.want != "ok" {
					if after := countRows(t, srv); !equalExcept(before, after, logTables) {
						t.Errorf("%s as %s refused but rows changed: %v -> %v", op.name, caller.name, before, after)
					}
				}
			}
		}
		reads := []string{account.AdminActionSearchUsers, account.AdminActionViewUser, account.AdminActionViewSessions, account.AdminActionViewSecurityLog}
		if n := db.AdminAction.Query().Where(adminaction.AdminID(adminID), adminaction.ActionNotIn(reads...)).CountX(ctx); n != 8 {
			t.Errorf("audit log lines of the admin's writes = %d, want 8 (one per mutation)", n)
		}
		// admin.users and admin.user (with its sessions and security log): one line each.
		if n := db.AdminAction.Query().Where(adminaction.AdminID(adminID), adminaction.ActionIn(reads...)).CountX(ctx); n != len(reads) {
			t.Errorf("audit log lines of the admin's reads = %d, want %d", n, len(reads))
		}
	})
}

// TestSuspensionStopsEveryCredential: suspending an account refuses, from the next
// request, every credential kind of the person at once (its sessions, which also end,
// and any session that was not ended, by the credential query;
// its FULL, READ_ONLY and fleet-limited API keys) with ACCOUNT_SUSPENDED, and every
// log-in (password, with or without two-factor) with ACCOUNT_SUSPENDED, while a wrong
// password still gets INVALID_CREDENTIALS (nothing told to who does not know it). The
// fleet's own key and device go on. Lifting the suspension lets the keys and log-ins
// work again; the ended sessions stay ended. The owner is mailed each time, and sees
// both in their security log.
func TestSuspensionStopsEveryCredential(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ctx, db := context.Background(), srv.App.Store.Client
		admin, _ := adminAccount(t, srv, "admin@example.com")
		sessionToken := newAccount(t, srv, "spammer@example.com")
		uid := userIDOf(t, srv, "spammer@example.com")
		f := db.Fleet.Create().SetOwnerID(uid).SetName("Spam").SaveX(ctx)
		db.FleetMember.Create().SetFleetID(f.ID).SetUserID(uid).SetRole(fleetmember.RoleOWNER).ExecX(ctx)
		person := map[string]string{"session": sessionToken}
		var hash []byte
		person["fullKey"], hash = token.New(token.APIKey)
		db.APIKey.Create().SetUserID(uid).SetName("full").SetPrefix(person["fullKey"][:16]).SetKeyHash(hash).ExecX(ctx)
		person["readOnlyKey"], hash = token.New(token.APIKey)
		db.APIKey.Create().SetUserID(uid).SetName("ro").SetPrefix(person["readOnlyKey"][:16]).SetKeyHash(hash).
			SetScope(apikey.ScopeREAD_ONLY).ExecX(ctx)
		person["fleetLimitedKey"], hash = token.New(token.APIKey)
		db.APIKey.Create().SetUserID(uid).SetName("fleet").SetPrefix(person["fleetLimitedKey"][:16]).SetKeyHash(hash).
			SetFleetID(f.ID).SetFleetRole(apikey.FleetRoleDEVELOPER).ExecX(ctx)
		fleetOwned, hash := token.New(token.APIKey)
		db.APIKey.Create().SetName("fleet's").SetPrefix(fleetOwned[:16]).SetKeyHash(hash).
			SetFleetID(f.ID).SetFleetRole(apikey.FleetRoleOBSERVER).ExecX(ctx)
		deviceToken, hash := token.New(token.Device)
		db.Device.Create().SetFleetID(f.ID).SetName("Sensor").SetTokenHash(hash).ExecX(ctx)
		for kind, secret := range person {
			if resp := clientWithBearer(t, srv, secret).Do(`{ viewer { id } }`, nil, nil); resp.Status != 200 || len(resp.Errors) > 0 {
				t.Fatalf("%s before the suspension: %d %s", kind, resp.Status, resp.Body)
			}
		}

		var sus struct {
			AdminSuspendUser struct{ UserErrors []userError }
		}
		admin.Do(adminMutation("adminSuspendUser"), map[string]any{"userId": uid, "reason": "spam"}, &sus)
		wantCodes(t, sus.AdminSuspendUser.UserErrors)

		for kind, secret := range person {
			resp := clientWithBearer(t, srv, secret).Do(`{ viewer { id } }`, nil, nil)
			want, code := 403, "ACCOUNT_SUSPENDED"
			if kind == "session" {
				want, code = 401, "UNAUTHENTICATED" // the suspension ended it
			}
			if resp.Status != want || resp.Code() != code {
				t.Errorf("%s while suspended: %d %s, want %d %s", kind, resp.Status, resp.Body, want, code)
			}
		}
		// A session that was not ended (one that raced the suspension's transaction) is
		// refused by the credential query itself: the suspension column is read with it.
		racer := newAccount(t, srv, "racer@example.com")
		db.User.Update().Where(user.EmailKey("racer@example.com")).SetSuspendedAt(srv.Clock.Now()).ExecX(ctx)
		if resp := clientWithBearer(t, srv, racer).Do(`{ viewer { id } }`, nil, nil); resp.Status != 403 || resp.Code() != "ACCOUNT_SUSPENDED" {
			t.Errorf("a live session of a suspended account: %d %s, want 403 ACCOUNT_SUSPENDED", resp.Status, resp.Body)
		}
		for kind, secret := range map[string]string{"fleetOwnedKey": fleetOwned, "device": deviceToken} {
			if resp := clientWithBearer(t, srv, secret).Do(`{ __typename }`, nil, nil); resp.Status != 200 || len(resp.Errors) > 0 {
				t.Errorf("%s of the fleet while its owner is suspended: %d %s", kind, resp.Status, resp.Body)
			}
		}
		if p := logIn(t, srv.Client(t), "spammer@example.com", strongPassword); p.Token != nil || !hasCode(p.UserErrors, "ACCOUNT_SUSPENDED") {
			t.Errorf("log-in while suspended = %+v, want ACCOUNT_SUSPENDED", p)
		}
		if p := logIn(t, srv.Client(t), "spammer@example.com", "wrong "+strongPassword); !hasCode(p.UserErrors, "INVALID_CREDENTIALS") {
			t.Errorf("wrong password while suspended = %+v, want INVALID_CREDENTIALS", p.UserErrors)
		}
		waitForSubject(t, srv, "spammer@example.com", "suspended")

		var uns struct {
			AdminUnsuspendUser struct{ UserErrors []userError }
		}
		admin.Do(adminMutation("adminUnsuspendUser"), map[string]any{"userId": uid, "reason": "appeal accepted"}, &uns)
		wantCodes(t, uns.AdminUnsuspendUser.UserErrors)
		for _, kind := range []string{"fullKey", "readOnlyKey", "fleetLimitedKey"} {
			if resp := clientWithBearer(t, srv, person[kind]).Do(`{ __typename }`, nil, nil); resp.Status != 200 || len(resp.Errors) > 0 {
				t.Errorf("%s after the suspension was lifted: %d %s", kind, resp.Status, resp.Body)
			}
		}
		if resp := clientWithBearer(t, srv, sessionToken).Do(`{ viewer { id } }`, nil, nil); resp.Status != 401 {
			t.Errorf("the session the suspension ended: %d %s, want 401", resp.Status, resp.Body)
		}
		c := clientWithFreshLogIn(t, srv, "spammer@example.com")
		waitForSubject(t, srv, "spammer@example.com", "works again")
		var log struct {
			Viewer struct {
				SecurityEvents struct {
					Edges []struct{ Node struct{ Kind, IP string } }
				}
			}
		}
		c.Do(`{ viewer { securityEvents(first: 100) { edges { node { kind ip } } } } }`, nil, &log)
		seen := map[string]bool{}
		for _, e := range log.Viewer.SecurityEvents.Edges {
			seen[e.Node.Kind] = true
			if strings.HasSuffix(e.Node.Kind, "_by_admin") && e.Node.IP != "" {
				t.Errorf("%s shows the admin's address %q to the person", e.Node.Kind, e.Node.IP)
			}
		}
		for _, k := range []string{account.EventSuspendedByAdmin, account.EventUnsuspendedByAdmin} {
			if !seen[k] {
				t.Errorf("the person's security log has no %s: %+v", k, log)
			}
		}
	})
}

// TestSuspendedTwoFactorLogIn: a suspended account with two-factor gets
// ACCOUNT_SUSPENDED at the password step, no challenge; and a challenge opened before
// the suspension does not open a session after it.
func TestSuspendedTwoFactorLogIn(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		admin, _ := adminAccount(t, srv, "admin@example.com")
		_, secret, _ := twoFactorAccount(t, srv, "tfa@example.com")
		uid := userIDOf(t, srv, "tfa@example.com")
		open := challenge(t, srv.Client(t), "tfa@example.com")
		var sus struct {
			AdminSuspendUser struct{ UserErrors []userError }
		}
		admin.Do(adminMutation("adminSuspendUser"), map[string]any{"userId": uid, "reason": "spam"}, &sus)
		wantCodes(t, sus.AdminSuspendUser.UserErrors)
		p := logInFirstStep(t, srv.Client(t), "tfa@example.com", strongPassword)
		if p.TwoFactorChallenge != nil || !hasCode(p.UserErrors, "ACCOUNT_SUSPENDED") {
			t.Errorf("password step while suspended = %+v, want ACCOUNT_SUSPENDED and no challenge", p)
		}
		v := verifyTwoFactor(t, srv.Client(t), map[string]any{"challenge": open, "code": totpCode(t, secret, srv.Clock.Now())})
		if v.Token != nil || !hasCode(v.UserErrors, "ACCOUNT_SUSPENDED") {
			t.Errorf("challenge of before the suspension = %+v, want ACCOUNT_SUSPENDED", v)
		}
	})
}

// TestAdminAuditLog: each admin action writes one audit line (who, what, whom, when,
// from where, why) that admins read, filtered by account; the affected person sees
// the action in their own security log; adminResetTwoFactor mails the owner, ends
// their sessions and lets them log in with the password alone, to enrol again;
// adminDeleteUser deletes with deleteAccount's cascade, and its line outlives the
// account. A reason is required, and an admin cannot suspend their own account.
func TestAdminAuditLog(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		admin, _ := adminAccount(t, srv, "admin@example.com")
		admin.Header.Set("User-Agent", "AdminBrowser/1.0")
		adminID := userIDOf(t, srv, "admin@example.com")
		owner, _, _ := twoFactorAccount(t, srv, "owner@example.com")
		uid := userIDOf(t, srv, "owner@example.com")

		var bad struct {
			AdminResetTwoFactor struct{ UserErrors []userError }
		}
		admin.Do(adminMutation("adminResetTwoFactor"), map[string]any{"userId": uid, "reason": "   "}, &bad)
		if !hasFieldError(bad.AdminResetTwoFactor.UserErrors, "reason", "INVALID_INPUT") {
			t.Errorf("blank reason: %+v", bad.AdminResetTwoFactor.UserErrors)
		}
		var self struct {
			AdminSuspendUser struct{ UserErrors []userError }
		}
		admin.Do(adminMutation("adminSuspendUser"), map[string]any{"userId": adminID, "reason": "oops"}, &self)
		if !hasCode(self.AdminSuspendUser.UserErrors, "INVALID_INPUT") {
			t.Errorf("self-suspension: %+v", self.AdminSuspendUser.UserErrors)
		}
		var missing struct {
			AdminSuspendUser struct{ UserErrors []userError }
		}
		admin.Do(adminMutation("adminSuspendUser"), map[string]any{"userId": "usr_01J00000000000000000000000", "reason": "x"}, &missing)
		if !hasCode(missing.AdminSuspendUser.UserErrors, "NOT_FOUND") {
			t.Errorf("unknown account: %+v", missing.AdminSuspendUser.UserErrors)
		}

		var reset struct {
			AdminResetTwoFactor struct {
				User       struct{ TwoFactorEnabled bool }
				UserErrors []userError
			}
		}
		admin.Do(adminMutation("adminResetTwoFactor"), map[string]any{"userId": uid, "reason": "lost phone, ID checked (ticket 7)"}, &reset)
		wantCodes(t, reset.AdminResetTwoFactor.UserErrors)
		if reset.AdminResetTwoFactor.User.TwoFactorEnabled {
			t.Error("two-factor still on after the reset")
		}
		if resp := owner.Do(`{ viewer { id } }`, nil, nil); resp.Status != 401 {
			t.Errorf("the owner's session after the reset: %d, want 401", resp.Status)
		}
		waitForSubject(t, srv, "owner@example.com", "Two-factor authentication was removed")
		c := clientWithFreshLogIn(t, srv, "owner@example.com") // the password alone now
		var log struct {
			Viewer struct {
				SecurityEvents struct {
					Edges []struct{ Node struct{ Kind string } }
				}
			}
		}
		c.Do(`{ viewer { securityEvents(first: 100) { edges { node { kind } } } } }`, nil, &log)
		found := false
		for _, e := range log.Viewer.SecurityEvents.Edges {
			found = found || e.Node.Kind == account.EventTwoFactorResetByAdmin
		}
		if !found {
			t.Errorf("the owner's security log has no %s", account.EventTwoFactorResetByAdmin)
		}

		var del struct {
			AdminDeleteUser struct {
				DeletedUserID *string
				UserErrors    []userError
			}
		}
		admin.Do(adminDeleteOp, map[string]any{"userId": uid, "reason": "GDPR erasure request 9"}, &del)
		wantCodes(t, del.AdminDeleteUser.UserErrors)
		if n := srv.App.Store.Client.User.Query().Where(user.ID(uid)).CountX(t.Context()); n != 0 {
			t.Errorf("account still there after adminDeleteUser")
		}
		waitForSubject(t, srv, "owner@example.com", "deleted")

		var audit struct {
			Admin struct {
				AuditLog struct {
					Edges []struct {
						Node struct {
							EntryID, Action, AdminUserID, AdminEmail, TargetUserID, TargetEmail, Reason, IP, UserAgent string
							CreatedAt                                                                                  time.Time
						}
					}
				}
			}
		}
		resp := admin.Do(adminAuditOp, map[string]any{"u": uid}, &audit)
		if len(resp.Errors) > 0 {
			t.Fatalf("auditLog: %s", resp.Body)
		}
		var actions []string
		for _, e := range audit.Admin.AuditLog.Edges {
			n := e.Node
			actions = append(actions, n.Action)
			if n.AdminUserID != adminID || n.AdminEmail != "admin@example.com" || n.TargetUserID != uid ||
				n.TargetEmail != "owner@example.com" || n.IP == "" || n.UserAgent != "AdminBrowser/1.0" ||
				!strings.HasPrefix(n.EntryID, "adm_") || n.CreatedAt.IsZero() {
				t.Errorf("audit line %+v", n)
			}
		}
		if strings.Join(actions, ",") != "delete_user,reset_two_factor" {
			t.Errorf("audit actions about the account = %v, want delete_user,reset_two_factor (newest first; refusals write none)", actions)
		}
		if got := audit.Admin.AuditLog.Edges[0].Node.Reason; got != "GDPR erasure request 9" {
			t.Errorf("reason = %q", got)
		}
	})
}

// TestAdminUsersSearch: admin.users searches by the start of an address (any case) or
// by id, pages with the API's cursors, and shows each account's state; viewer.isAdmin
// tells the console whom to show the admin area.
func TestAdminUsersSearch(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		admin, _ := adminAccount(t, srv, "admin@example.com")
		for _, a := range []string{"ann.one@example.com", "ann.two@example.com", "bob@example.com"} {
			newAccount(t, srv, a)
		}
		ann := userIDOf(t, srv, "ann.one@example.com")
		type usersOut struct {
			Admin struct {
				Users struct {
					Edges []struct {
						Node struct {
							UserID, Email                          string
							EmailVerified, TwoFactorEnabled, Admin bool
							LastLogInAt                            *time.Time
						}
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   *string
					}
				}
			}
		}
		var page1 usersOut
		admin.Do(adminUsersOp, map[string]any{"q": "ANN.", "first": 1}, &page1)
		if e := page1.Admin.Users.Edges; len(e) != 1 || e[0].Node.Email != "ann.one@example.com" || !page1.Admin.Users.PageInfo.HasNextPage ||
			!e[0].Node.EmailVerified || e[0].Node.LastLogInAt == nil {
			t.Fatalf("page 1 = %+v", page1)
		}
		var page2 usersOut
		admin.Do(adminUsersOp, map[string]any{"q": "ann.", "first": 1, "after": page1.Admin.Users.PageInfo.EndCursor}, &page2)
		if e := page2.Admin.Users.Edges; len(e) != 1 || e[0].Node.Email != "ann.two@example.com" || page2.Admin.Users.PageInfo.HasNextPage {
			t.Fatalf("page 2 = %+v", page2)
		}
		var byID usersOut
		admin.Do(adminUsersOp, map[string]any{"q": ann}, &byID)
		if e := byID.Admin.Users.Edges; len(e) != 1 || e[0].Node.UserID != ann {
			t.Fatalf("by id = %+v", byID)
		}
		var me usersOut
		admin.Do(adminUsersOp, map[string]any{"q": "admin@"}, &me)
		if e := me.Admin.Users.Edges; len(e) != 1 || !e[0].Node.Admin || !e[0].Node.TwoFactorEnabled {
			t.Fatalf("the admin = %+v", me)
		}
		var isAdmin struct{ Viewer struct{ IsAdmin bool } }
		admin.Do(isAdminOp, nil, &isAdmin)
		if !isAdmin.Viewer.IsAdmin {
			t.Error("viewer.isAdmin of an admin = false")
		}
		clientWithFreshLogIn(t, srv, "bob@example.com").Do(isAdminOp, nil, &isAdmin)
		if isAdmin.Viewer.IsAdmin {
			t.Error("viewer.isAdmin of bob = true")
		}
	})
}

// TestGrantAdmin is `accountd admin grant` and `revoke`: a grant needs a verified
// address and two-factor on; each change is an audit line (no admin: the operator) and
// a line of the person's security log; doing it twice changes nothing.
func TestGrantAdmin(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ctx, db := t.Context(), srv.App.Store.Client
		newAccount(t, srv, "plain@example.com")
		if _, err := account.SetAdmin(ctx, db, "plain@example.com", true, srv.Clock.Now()); err != account.ErrGrantNeedsTwoFactor {
			t.Errorf("grant without two-factor: %v", err)
		}
		if _, err := account.SetAdmin(ctx, db, "nobody@example.com", true, srv.Clock.Now()); err != account.ErrNoSuchAccount {
			t.Errorf("grant to nobody: %v", err)
		}
		twoFactorAccount(t, srv, "staff@example.com")
		for i, want := range []bool{true, false} {
			ch, err := account.SetAdmin(ctx, db, "STAFF@example.com", true, srv.Clock.Now())
			if err != nil || ch.Changed != want || ch.Email != "staff@example.com" {
				t.Fatalf("grant #%d = %+v, %v", i, ch, err)
			}
		}
		for i, want := range []bool{true, false} {
			ch, err := account.SetAdmin(ctx, db, "staff@example.com", false, srv.Clock.Now())
			if err != nil || ch.Changed != want {
				t.Fatalf("revoke #%d = %+v, %v", i, ch, err)
			}
		}
		uid := userIDOf(t, srv, "staff@example.com")
		lines := db.AdminAction.Query().Where(adminaction.TargetUserID(uid)).Order(adminaction.ByID()).AllX(ctx)
		if len(lines) != 2 || lines[0].Action != account.AdminActionGrant || lines[1].Action != account.AdminActionRevoke || lines[0].AdminID != "" {
			t.Errorf("audit lines = %+v", lines)
		}
	})
}

func hasCode(errs []userError, code string) bool {
	for _, e := range errs {
		if e.Code == code {
			return true
		}
	}
	return false
}

// waitForSubject waits for an email to addr whose subject contains part.
func waitForSubject(t *testing.T, srv *testkit.Server, addr, part string) {
	t.Helper()
	srv.SMTP.WaitFor(t, func(m testkit.Email) bool {
		return len(m.To) == 1 && m.To[0] == addr && strings.Contains(m.Subject, part)
	}, 10*time.Second)
}

// TestSuspendedSocialLogIn: a suspended account's social log-in ends on the app with
// ?error=account_suspended and no session.
func TestSuspendedSocialLogIn(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		e := newSocialEnv(t, store)
		c := e.srv.Client(t)
		wantApp(t, e.browserLogIn(t, c, "google"), "error", "")
		v := socialViewerOf(t, c)
		if v == nil {
			t.Fatal("no account from the first social log-in")
		}
		e.srv.App.Store.Client.User.UpdateOneID(v.ID).SetSuspendedAt(e.srv.Clock.Now()).ExecX(t.Context())
		other := e.srv.Client(t)
		wantApp(t, e.browserLogIn(t, other, "google"), "error", "account_suspended")
		if socialViewerOf(t, other) != nil {
			t.Fatal("a suspended account got a session by social log-in")
		}
	})
}
