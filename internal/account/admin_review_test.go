package account_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/adminaction"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/deviceauthorization"
	"github.com/accountd/accountd/ent/provisioningkey"
	"github.com/accountd/accountd/ent/ratelimit"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// The audit log as the console reads it, with the target's kind, id and name.
const adminAuditTargetsOp = `query($u: ID) { admin { auditLog(userId: $u, first: 100) { edges { node {
	action adminUserId targetKind targetId targetName targetUserId targetEmail reason } } } } }`

type auditNode struct {
	Action, AdminUserID, TargetKind, TargetID, TargetName, TargetUserID, TargetEmail, Reason string
}

// auditLines reads the admin audit log (of one account when u is not empty) through
// GraphQL, newest first.
func auditLines(t *testing.T, c *testkit.Client, u string) []auditNode {
	t.Helper()
	vars := map[string]any{}
	if u != "" {
		vars["u"] = u
	}
	var out struct {
		Admin struct {
			AuditLog struct {
				Edges []struct{ Node auditNode }
			}
		}
	}
	if resp := c.Do(adminAuditTargetsOp, vars, &out); len(resp.Errors) > 0 {
		t.Fatalf("auditLog: %s", resp.Body)
	}
	lines := make([]auditNode, len(out.Admin.AuditLog.Edges))
	for i, e := range out.Admin.AuditLog.Edges {
		lines[i] = e.Node
	}
	return lines
}

// TestAdminReadsAreAudited (security review: admin reads left no trace): an admin
// looking at an account, its sessions and its security log, or searching accounts,
// leaves a line in the admin audit log naming the admin, the view and the person (or
// the search's text), with no reason asked. Within the window one line per admin, view
// and person: refreshing and the next pages of the security log add none; after the
// window the next read writes a new line. Another admin's read is their own line. An
// account that does not exist leaves no line (nothing was read).
func TestAdminReadsAreAudited(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		admin, _ := adminAccount(t, srv, "admin@example.com")
		adminID := userIDOf(t, srv, "admin@example.com")
		other, _ := adminAccount(t, srv, "other-admin@example.com")
		newAccount(t, srv, "owner@example.com")
		uid := userIDOf(t, srv, "owner@example.com")
		clientWithFreshLogIn(t, srv, "owner@example.com") // a second session, a few events
		reads := func(c *testkit.Client) map[string]int {
			t.Helper()
			n := map[string]int{}
			for _, l := range auditLines(t, c, uid) {
				if l.TargetKind != "USER" || l.TargetID != uid || l.TargetUserID != uid || l.TargetEmail != "owner@example.com" ||
					l.TargetName != "owner@example.com" {
					t.Errorf("line %+v does not name the account read", l)
				}
				if strings.HasPrefix(l.Action, "view_") {
					if l.Reason == "" {
						t.Errorf("read line %+v has no reason text", l)
					}
					n[l.AdminUserID+" "+l.Action]++
				}
			}
			return n
		}
		if got := reads(admin); len(got) != 0 {
			t.Fatalf("read lines before any read: %v", got)
		}

		view := func(c *testkit.Client) {
			t.Helper()
			if resp := c.Do(adminUserOp, map[string]any{"id": uid}, nil); len(resp.Errors) > 0 {
				t.Fatalf("admin.user: %s", resp.Body)
			}
		}
		view(admin)
		want := map[string]int{adminID + " view_user": 1, adminID + " view_sessions": 1, adminID + " view_security_log": 1}
		if got := reads(admin); !equalCounts(got, want) {
			t.Fatalf("after one read: %v, want %v", got, want)
		}
		// A refresh, and the next page of the security log, within the window: no line.
		view(admin)
		if resp := admin.Do(`query($id: ID!) { admin { user(id: $id) { securityEvents(first: 1, after: null) { pageInfo { endCursor } } } } }`,
			map[string]any{"id": uid}, nil); len(resp.Errors) > 0 {
			t.Fatalf("security log page: %s", resp.Body)
		}
		if got := reads(admin); !equalCounts(got, want) {
			t.Fatalf("after a refresh in the window: %v, want %v", got, want)
		}
		// Another admin's read is theirs.
		view(other)
		otherID := userIDOf(t, srv, "other-admin@example.com")
		want[otherID+" view_user"], want[otherID+" view_sessions"], want[otherID+" view_security_log"] = 1, 1, 1
		if got := reads(admin); !equalCounts(got, want) {
			t.Fatalf("after another admin's read: %v, want %v", got, want)
		}
		// After the window (and within the admin's 20 minutes of fresh proof): new lines.
		srv.Clock.Advance(limits.AdminReadAudit.Window + time.Second)
		view(admin)
		want[adminID+" view_user"], want[adminID+" view_sessions"], want[adminID+" view_security_log"] = 2, 2, 2
		if got := reads(admin); !equalCounts(got, want) {
			t.Fatalf("after the window: %v, want %v", got, want)
		}

		// A search: one line with its text, for every page of it.
		for range 2 {
			if resp := admin.Do(adminUsersOp, map[string]any{"q": "OWNER@", "first": 1}, nil); len(resp.Errors) > 0 {
				t.Fatalf("admin.users: %s", resp.Body)
			}
		}
		searches := 0
		for _, l := range auditLines(t, admin, "") {
			if l.Action == account.AdminActionSearchUsers {
				searches++
				if l.TargetKind != "USER_SEARCH" || l.TargetName != "OWNER@" || l.TargetID != "" || l.TargetUserID != "" || l.AdminUserID != adminID {
					t.Errorf("search line %+v", l)
				}
			}
		}
		if searches != 1 {
			t.Errorf("%d search lines, want 1", searches)
		}

		// An account that does not exist: null, and no line.
		before := srv.App.Store.Client.AdminAction.Query().CountX(t.Context())
		var missing struct {
			Admin struct{ User *struct{ UserID string } }
		}
		admin.Do(adminUserOp, map[string]any{"id": "usr_01J00000000000000000000000"}, &missing)
		if missing.Admin.User != nil {
			t.Fatalf("admin.user of nobody = %+v", missing.Admin.User)
		}
		if after := srv.App.Store.Client.AdminAction.Query().CountX(t.Context()); after != before {
			t.Errorf("reading no account wrote %d lines", after-before)
		}
	})
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestAdminCannotActOnAdmins (security review: one stolen admin account could lock
// out every other): every admin mutation on an account that is an admin is a top-level
// FORBIDDEN that changes nothing (the other admin keeps their sessions and their
// account); an admin cannot act on their own account either (INVALID_INPUT on userId).
// Once the operator revokes the rights on the command line, the account is an
// ordinary one and an admin may suspend it.
func TestAdminCannotActOnAdmins(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ctx, db := context.Background(), srv.App.Store.Client
		admin, _ := adminAccount(t, srv, "admin@example.com")
		adminID := userIDOf(t, srv, "admin@example.com")
		peer, _ := adminAccount(t, srv, "peer@example.com")
		peerID := userIDOf(t, srv, "peer@example.com")
		sessions := db.Session.Query().Where(session.UserID(peerID), session.RevokedAtIsNil()).CountX(ctx)

		for _, m := range []string{"adminSuspendUser", "adminUnsuspendUser", "adminRevokeSessions", "adminResetTwoFactor", "adminResendVerification", "adminDeleteUser"} {
			op := adminMutation(m)
			if m == "adminDeleteUser" {
				op = adminDeleteOp
			}
			before := countRows(t, srv)
			resp := admin.Do(op, map[string]any{"userId": peerID, "reason": "takeover"}, nil)
			if got := outcome(resp, m); got != "FORBIDDEN" || !strings.Contains(resp.Errors[0].Message, "accountd admin revoke") {
				t.Errorf("%s on another admin = %s, want FORBIDDEN naming the command line: %s", m, got, clipBody(resp.Body))
			}
			if after := countRows(t, srv); !equalExcept(before, after, logTables) {
				t.Errorf("%s on another admin changed rows: %v -> %v", m, before, after)
			}
			resp = admin.Do(op, map[string]any{"userId": adminID, "reason": "oops"}, nil)
			if got := outcome(resp, m); got != "INVALID_INPUT" {
				t.Errorf("%s on oneself = %s, want INVALID_INPUT: %s", m, got, clipBody(resp.Body))
			}
		}
		if n := db.Session.Query().Where(session.UserID(peerID), session.RevokedAtIsNil()).CountX(ctx); n != sessions {
			t.Errorf("the other admin's sessions: %d, want %d", n, sessions)
		}
		if resp := peer.Do(`{ viewer { isAdmin } }`, nil, nil); resp.Status != http.StatusOK || len(resp.Errors) > 0 {
			t.Errorf("the other admin after the refusals: %d %s", resp.Status, resp.Body)
		}
		if n := db.AdminAction.Query().Where(adminaction.AdminID(adminID), adminaction.ActionNotIn(
			account.AdminActionViewUser, account.AdminActionViewSessions, account.AdminActionViewSecurityLog, account.AdminActionSearchUsers)).CountX(ctx); n != 0 {
			t.Errorf("%d audit lines of refused writes", n)
		}

		if _, err := account.SetAdmin(ctx, db, "peer@example.com", false, srv.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		var sus struct {
			AdminSuspendUser struct {
				User       struct{ Suspended bool }
				UserErrors []userError
			}
		}
		admin.Do(adminMutation("adminSuspendUser"), map[string]any{"userId": peerID, "reason": "left the company"}, &sus)
		wantCodes(t, sus.AdminSuspendUser.UserErrors)
		if !sus.AdminSuspendUser.User.Suspended {
			t.Error("a former admin was not suspended")
		}
	})
}

// TestAdminRateLimits: admin writes and reads are counted per admin (limits.AdminWrites,
// limits.AdminReads). Past the writes' rule a mutation answers RATE_LIMITED with the
// seconds to wait and does nothing; another admin is not held back. Past the reads' rule
// a read is a top-level RATE_LIMITED with retryAfterSeconds.
func TestAdminRateLimits(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ctx, db := context.Background(), srv.App.Store.Client
		admin, _ := adminAccount(t, srv, "admin@example.com")
		other, _ := adminAccount(t, srv, "other@example.com")
		newAccount(t, srv, "target@example.com")
		target := userIDOf(t, srv, "target@example.com")
		type payload struct {
			AdminRevokeSessions struct {
				UserErrors []struct {
					Code              string
					RetryAfterSeconds *int
				}
			}
		}
		revoke := func(c *testkit.Client) payload {
			t.Helper()
			var out payload
			c.Do(`mutation($u: ID!) { adminRevokeSessions(input: {userId: $u, reason: "ticket 1"}) { userErrors { code retryAfterSeconds } } }`,
				map[string]any{"u": target}, &out)
			return out
		}
		for i := range limits.AdminWrites.Limit {
			if p := revoke(admin); len(p.AdminRevokeSessions.UserErrors) > 0 {
				t.Fatalf("write #%d: %+v", i+1, p.AdminRevokeSessions.UserErrors)
			}
		}
		lines := db.AdminAction.Query().Where(adminaction.Action(account.AdminActionRevokeSessions)).CountX(ctx)
		p := revoke(admin)
		if e := p.AdminRevokeSessions.UserErrors; len(e) != 1 || e[0].Code != "RATE_LIMITED" || e[0].RetryAfterSeconds == nil || *e[0].RetryAfterSeconds <= 0 {
			t.Fatalf("write past the limit: %+v, want RATE_LIMITED with retryAfterSeconds", e)
		}
		if n := db.AdminAction.Query().Where(adminaction.Action(account.AdminActionRevokeSessions)).CountX(ctx); n != lines {
			t.Errorf("a refused write wrote an audit line: %d -> %d", lines, n)
		}
		if p := revoke(other); len(p.AdminRevokeSessions.UserErrors) > 0 {
			t.Errorf("another admin held back: %+v", p.AdminRevokeSessions.UserErrors)
		}

		// Reads: the admin's counter stands at the limit (as after that many reads).
		adminID := userIDOf(t, srv, "admin@example.com")
		key := limits.AdminReads.Key(adminID)
		ends := srv.Clock.Now().Add(limits.AdminReads.Window).UnixMilli()
		if err := db.RateLimit.Create().SetID(key).SetHits(limits.AdminReads.Limit - 1).SetWindowEndsMs(ends).
			OnConflictColumns(ratelimit.FieldID).UpdateNewValues().Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if resp := admin.Do(adminAuditOp, nil, nil); len(resp.Errors) > 0 {
			t.Fatalf("the last read within the limit: %s", resp.Body)
		}
		resp := admin.Do(adminAuditOp, nil, nil)
		if resp.Code() != "RATE_LIMITED" {
			t.Fatalf("a read past the limit: %s, want RATE_LIMITED", resp.Body)
		}
		if s, ok := resp.Errors[0].Extensions["retryAfterSeconds"].(float64); !ok || s <= 0 {
			t.Errorf("a read past the limit has no retryAfterSeconds: %s", resp.Body)
		}
	})
}

// TestSuspensionEndsWhatThePersonMinted (security review: a suspended person kept a
// way in through what they created): suspending an account revokes the fleet-owned
// API key and the provisioning keys it created (also one minted through that fleet
// key), by the code path of a password reset, and denies the device authorization it
// approved that no device collected yet; lifting the suspension brings none of them
// back. The fleet's devices are the fleet's and keep working, and so do another
// member's keys of the same fleet.
func TestSuspensionEndsWhatThePersonMinted(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ctx, db := context.Background(), srv.App.Store.Client
		admin, _ := adminAccount(t, srv, "admin@example.com")
		const addr = "minter@example.com"
		newAccount(t, srv, addr)
		uid := userIDOf(t, srv, addr)
		fleetKey, prv, viaFleetKey := fleetCredentials(t, srv, clientWithFreshLogIn(t, srv, addr), "Minted")
		fleetID := db.APIKey.Query().Where(apikey.CreatorID(uid), apikey.UserIDIsNil()).OnlyX(ctx).FleetID
		// A device the provisioning key registered: the fleet's, it stays.
		var dev struct {
			ProvisionDevice struct{ Token *string }
		}
		clientWithBearer(t, srv, prv).Do(`mutation { provisionDevice(input: {name: "sensor"}) { token } }`, nil, &dev)
		if dev.ProvisionDevice.Token == nil {
			t.Fatal("provisionDevice gave no token")
		}
		// A key of the same fleet that someone else made: not the person's, it stays.
		bystander, hash := token.New(token.APIKey)
		db.APIKey.Create().SetName("someone else's").SetPrefix(bystander[:16]).SetKeyHash(hash).
			SetFleetID(*fleetID).SetFleetRole(apikey.FleetRoleOBSERVER).ExecX(ctx)
		// A device authorization the person approved, not yet collected.
		_, codeHash := token.New(token.Device)
		_, userCodeMAC := token.New(token.Device) // any unique value: the test never types the code
		da := db.DeviceAuthorization.Create().SetDeviceCodeHash(codeHash).SetUserCodeMAC(userCodeMAC).
			SetClientID("accountd-cli").SetInterval(5).SetNextPollAt(srv.Clock.Now()).SetExpiresAt(srv.Clock.Now().Add(10 * time.Minute)).
			SetStatus(deviceauthorization.StatusApproved).SetUserID(uid).SetDecidedAt(srv.Clock.Now()).SaveX(ctx)
		if !credentialAuthenticates(t, srv, fleetKey) || !provisioningKeyWorks(t, srv, prv) || !provisioningKeyWorks(t, srv, viaFleetKey) {
			t.Fatal("the fleet credentials do not work before the suspension")
		}

		for _, m := range []string{"adminSuspendUser", "adminUnsuspendUser"} {
			var out map[string]struct{ UserErrors []userError }
			admin.Do(adminMutation(m), map[string]any{"userId": uid, "reason": "ticket 9"}, &out)
			wantCodes(t, out[m].UserErrors)
			if credentialAuthenticates(t, srv, fleetKey) {
				t.Errorf("after %s: the fleet-owned API key the person created still authenticates", m)
			}
			if provisioningKeyWorks(t, srv, prv) || provisioningKeyWorks(t, srv, viaFleetKey) {
				t.Errorf("after %s: a provisioning key the person created still provisions", m)
			}
			if s := db.DeviceAuthorization.GetX(ctx, da.ID).Status; s != deviceauthorization.StatusDenied {
				t.Errorf("after %s: the approved device authorization is %s, want denied", m, s)
			}
			if !credentialAuthenticates(t, srv, *dev.ProvisionDevice.Token) {
				t.Errorf("after %s: the fleet's device was cut off", m)
			}
			if !credentialAuthenticates(t, srv, bystander) {
				t.Errorf("after %s: another fleet key was revoked", m)
			}
		}
		if n := db.ProvisioningKey.Query().Where(provisioningkey.CreatorID(uid), provisioningkey.RevokedAtIsNil()).CountX(ctx); n != 0 {
			t.Errorf("%d provisioning keys of the person left live", n)
		}
	})
}
