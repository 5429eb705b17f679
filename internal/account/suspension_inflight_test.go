package account_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/fleetinvitation"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/provisioningkey"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/fleet"
	"github.com/accountd/accountd/internal/testkit"
	vw "github.com/accountd/accountd/internal/viewer"
)

// The fleet operations these tests send, as the console does.
const (
	suspensionCreateFleetOp = `mutation($n: String!) { createFleet(input: {name: $n}) { fleet { id } userErrors { code } } }`
	suspensionInviteOp      = `mutation($id: ID!, $email: String!) { inviteFleetMember(input: {fleetId: $id, email: $email, role: OPERATOR}) {
		invitation { id } userErrors { code field message } } }`
	suspensionAcceptOp  = `mutation($token: String!) { acceptFleetInvitation(input: {token: $token}) { fleet { id } userErrors { code message } } }`
	suspensionPreviewOp = `query($token: String!) { invitation(token: $token) { fleetName } }`
)

// suspendByAdmin suspends the account uid through the admin's mutation.
func suspendByAdmin(t *testing.T, admin *testkit.Client, uid string) {
	t.Helper()
	var out struct {
		AdminSuspendUser struct{ UserErrors []userError }
	}
	if resp := admin.Do(adminMutation("adminSuspendUser"), map[string]any{"userId": uid, "reason": "ticket 7"}, &out); len(resp.Errors) > 0 {
		t.Fatalf("adminSuspendUser: %s", resp.Body)
	}
	wantCodes(t, out.AdminSuspendUser.UserErrors)
}

// withAdmin runs f per store (testkit.ForEachServer) with the client of a fresh admin,
// admin@example.com.
func withAdmin(t *testing.T, f func(t *testing.T, srv *testkit.Server, admin *testkit.Client)) {
	t.Helper()
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		admin, _ := adminAccount(t, srv, "admin@example.com")
		f(t, srv, admin)
	})
}

// inFlight is the context of a request of the client c that authenticated now: what a
// request still running carries while an admin acts on its account.
func inFlight(t *testing.T, srv *testkit.Server, c *testkit.Client) context.Context {
	t.Helper()
	v, err := srv.App.Auth.Authenticate(context.Background(), c.Bearer)
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	return vw.NewContext(context.Background(), v)
}

// newFleetOf creates a fleet as the person behind c (its OWNER) and returns its id.
func newFleetOf(t *testing.T, c *testkit.Client, name string) string {
	t.Helper()
	var out struct {
		CreateFleet struct{ Fleet *struct{ ID string } }
	}
	resp := c.Do(suspensionCreateFleetOp, map[string]any{"n": name}, &out)
	if out.CreateFleet.Fleet == nil {
		t.Fatalf("createFleet: %s", resp.Body)
	}
	return out.CreateFleet.Fleet.ID
}

// mintedBy counts the API keys and provisioning keys the account uid created.
func mintedBy(t *testing.T, db *ent.Client, uid string) int {
	t.Helper()
	return db.APIKey.Query().Where(apikey.CreatorID(uid)).CountX(t.Context()) +
		db.ProvisioningKey.Query().Where(provisioningkey.CreatorID(uid)).CountX(t.Context())
}

// TestSuspensionRefusesCreatesInFlight (security review M1): a request that
// authenticated before its account was suspended mints no fleet credential. The
// reviewer's way: Accounts.CreateAPIKey and Fleets.CreateProvisioningKey called with
// the viewer read before the suspension. And the narrow window: the suspension commits
// after the password was checked and before the creating transaction (a hook suspends
// right after the password proof renews the session); the transaction reads the
// suspension again and refuses.
func TestSuspensionRefusesCreatesInFlight(t *testing.T) {
	withAdmin(t, func(t *testing.T, srv *testkit.Server, admin *testkit.Client) {
		db := srv.App.Store.Client
		password := strongPassword
		fleetOwned := func(fleetID string) account.NewAPIKeyInput {
			return account.NewAPIKeyInput{Name: "late", FleetID: fleetID, FleetRole: fleetmember.RoleDEVELOPER,
				FleetOwned: true, Password: &password}
		}
		// owner signs the person addr up with a fleet and returns their id, the fleet's
		// and the context of a request of theirs that authenticated now.
		owner := func(t *testing.T, addr string) (string, string, context.Context) {
			t.Helper()
			c := freshClient(t, srv, addr)
			return userIDOf(t, srv, addr), newFleetOf(t, c, "Fleet of "+addr), inFlight(t, srv, c)
		}

		t.Run("case=viewer read before the suspension", func(t *testing.T) {
			uid, fleetID, ctx := owner(t, "early@example.com")
			suspendByAdmin(t, admin, uid)
			k, err := srv.App.Accounts.CreateAPIKey(ctx, fleetOwned(fleetID))
			if !errors.Is(err, account.ErrAccountSuspended) || k != nil {
				t.Errorf("CreateAPIKey (fleet-owned) after the suspension: %+v, %v; want ACCOUNT_SUSPENDED", k, err)
			}
			p, err := srv.App.Fleets.CreateProvisioningKey(ctx, fleet.NewProvisioningKeyInput{FleetID: fleetID, Name: "late"})
			if !errors.Is(err, account.ErrAccountSuspended) || p != nil {
				t.Errorf("CreateProvisioningKey after the suspension: %+v, %v; want ACCOUNT_SUSPENDED", p, err)
			}
			if n := mintedBy(t, db, uid); n != 0 {
				t.Errorf("%d keys minted by the suspended account", n)
			}
		})

		t.Run("case=suspended between the password check and the write", func(t *testing.T) {
			uid, fleetID, ctx := owner(t, "racer@example.com")
			var armed, suspended atomic.Bool
			db.Session.Use(func(next ent.Mutator) ent.Mutator {
				return ent.MutateFunc(func(mctx context.Context, m ent.Mutation) (ent.Value, error) {
					v, err := next.Mutate(mctx, m)
					sm, ok := m.(*ent.SessionMutation)
					if !ok || !armed.Load() {
						return v, err
					}
					if _, renewed := sm.AuthenticatedAt(); renewed && suspended.CompareAndSwap(false, true) {
						suspendByAdmin(t, admin, uid)
					}
					return v, err
				})
			})
			armed.Store(true)
			k, err := srv.App.Accounts.CreateAPIKey(ctx, fleetOwned(fleetID))
			armed.Store(false)
			if !suspended.Load() {
				t.Fatal("the hook never ran: the test no longer suspends between the password check and the write")
			}
			if !errors.Is(err, account.ErrAccountSuspended) || k != nil {
				t.Errorf("CreateAPIKey (fleet-owned) suspended mid-request: %+v, %v; want ACCOUNT_SUSPENDED", k, err)
			}
			if n := mintedBy(t, db, uid); n != 0 {
				t.Errorf("%d keys minted by the suspended account", n)
			}
		})
	})
}

// TestFleetCredentialCreatesHoldTheCreatorsRow (security review M1, PostgreSQL): the
// transactions that create an API key and a provisioning key hold their creator's row
// FOR SHARE until they commit, so a suspension's UPDATE of the row waits for them (and
// then revokes what they made) instead of committing in between. Seen from another
// connection inside the create: a lock of the row for update is refused at once
// (NOWAIT, 55P03); after the commit it is granted. SQLite needs no lock: its write
// transactions run one at a time (BEGIN IMMEDIATE).
func TestFleetCredentialCreatesHoldTheCreatorsRow(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		if store != "postgres" {
			t.Skip("row locks are PostgreSQL's; SQLite serialises write transactions")
		}
		srv := testkit.NewServer(t, store)
		db, sqldb := srv.App.Store.Client, srv.App.Store.DB
		const addr = "holder@example.com"
		c := freshClient(t, srv, addr)
		uid := userIDOf(t, srv, addr)
		fleetID := newFleetOf(t, c, "Held")
		lockRow := func() error {
			var id string
			return sqldb.QueryRowContext(context.Background(),
				`SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE NOWAIT`, uid).Scan(&id)
		}
		var (
			mu       sync.Mutex
			inCreate = map[string]error{}
			armed    atomic.Bool
		)
		db.Use(func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				v, err := next.Mutate(ctx, m)
				if err == nil && armed.Load() && m.Op().Is(ent.OpCreate) &&
					(m.Type() == ent.TypeAPIKey || m.Type() == ent.TypeProvisioningKey) {
					lerr := lockRow()
					mu.Lock()
					inCreate[m.Type()] = lerr
					mu.Unlock()
				}
				return v, err
			})
		})
		armed.Store(true)
		mustCreateAPIKey(t, c, map[string]any{"name": "deploy", "fleetId": fleetID, "fleetRole": "DEVELOPER", "fleetOwned": true})
		var prv struct{ CreateProvisioningKey struct{ Key string } }
		if resp := c.Do(`mutation($f: ID!) { createProvisioningKey(input: {fleetId: $f, name: "line"}) { key } }`,
			map[string]any{"f": fleetID}, &prv); prv.CreateProvisioningKey.Key == "" {
			t.Fatalf("createProvisioningKey: %s", resp.Body)
		}
		armed.Store(false)
		mu.Lock()
		defer mu.Unlock()
		for _, kind := range []string{ent.TypeAPIKey, ent.TypeProvisioningKey} {
			err, ran := inCreate[kind]
			var state interface{ SQLState() string }
			switch {
			case !ran:
				t.Errorf("%s: the hook never ran", kind)
			case !errors.As(err, &state) || state.SQLState() != "55P03":
				t.Errorf("%s: locking the creator's row during the create: %v, want 55P03 lock_not_available", kind, err)
			}
		}
		if err := lockRow(); err != nil {
			t.Errorf("locking the creator's row after the commits: %v", err)
		}
	})
}

// TestFleetCredentialsOfASuspendedCreatorRefused (security review M1, belt and braces):
// a fleet-owned API key and provisioning keys the suspension's revocation did not reach
// (the suspension is set straight in the database, as one a create in flight could
// have slipped past) are refused while their creator is suspended, by the credential
// query itself (the creator's suspended_at is read in the same query), and work again
// once the suspension is lifted.
func TestFleetCredentialsOfASuspendedCreatorRefused(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		db := srv.App.Store.Client
		const addr = "creator@example.com"
		fleetKey, prv, viaFleetKey := fleetCredentials(t, srv, freshClient(t, srv, addr), "Unrevoked")
		uid := userIDOf(t, srv, addr)
		db.User.UpdateOneID(uid).SetSuspendedAt(srv.Clock.Now()).ExecX(t.Context())
		if credentialAuthenticates(t, srv, fleetKey) {
			t.Error("a fleet-owned key of a suspended creator authenticates")
		}
		if provisioningKeyWorks(t, srv, prv) || provisioningKeyWorks(t, srv, viaFleetKey) {
			t.Error("a provisioning key of a suspended creator provisions")
		}
		db.User.UpdateOneID(uid).ClearSuspendedAt().ExecX(t.Context())
		if !credentialAuthenticates(t, srv, fleetKey) || !provisioningKeyWorks(t, srv, prv) || !provisioningKeyWorks(t, srv, viaFleetKey) {
			t.Error("the unrevoked fleet credentials do not work once the suspension is lifted")
		}
	})
}

// TestInvitationsOfASuspendedInviterWithdrawn (security review M2): an invitation
// speaks for its inviter. The suspension deletes the pending invitations the person
// sent, and so does a password reset (revokeCreatedForFleets); one that outlived the
// suspension (set straight in the database, as an invitation sent by a request in
// flight would) is withdrawn at preview and acceptance, and retired.
func TestInvitationsOfASuspendedInviterWithdrawn(t *testing.T) {
	withAdmin(t, func(t *testing.T, srv *testkit.Server, admin *testkit.Client) {
		db := srv.App.Store.Client
		// invited makes inviter a fleet, invites guest (an account of its own) and
		// returns the inviter's id, the invitation link's token and guest's client.
		invited := func(t *testing.T, inviter, guest string) (string, string, *testkit.Client) {
			t.Helper()
			c := freshClient(t, srv, inviter)
			fleetID := newFleetOf(t, c, "Fleet of "+inviter)
			var out struct {
				InviteFleetMember struct{ UserErrors []userError }
			}
			if resp := c.Do(suspensionInviteOp, map[string]any{"id": fleetID, "email": guest}, &out); len(resp.Errors) > 0 {
				t.Fatalf("inviteFleetMember: %s", resp.Body)
			}
			wantCodes(t, out.InviteFleetMember.UserErrors)
			return userIDOf(t, srv, inviter), mailedToken(t, srv, guest, "/accept-invitation", 1), freshClient(t, srv, guest)
		}
		accept := func(t *testing.T, guest *testkit.Client, tok string) (string, string) {
			t.Helper()
			var out struct {
				AcceptFleetInvitation struct {
					Fleet      *struct{ ID string }
					UserErrors []userError
				}
			}
			if resp := guest.Do(suspensionAcceptOp, map[string]any{"token": tok}, &out); len(resp.Errors) > 0 {
				t.Fatalf("acceptFleetInvitation: %s", resp.Body)
			}
			if out.AcceptFleetInvitation.Fleet != nil {
				return "ok", ""
			}
			ue := out.AcceptFleetInvitation.UserErrors
			if len(ue) == 0 {
				t.Fatal("acceptFleetInvitation: neither a fleet nor an error")
			}
			return ue[0].Code, ue[0].Message
		}
		pending := func(t *testing.T, uid string) int {
			t.Helper()
			return db.FleetInvitation.Query().Where(fleetinvitation.InviterID(uid)).CountX(t.Context())
		}

		t.Run("case=the suspension deletes them", func(t *testing.T) {
			uid, tok, guest := invited(t, "suspended-inviter@example.com", "guest-one@example.com")
			suspendByAdmin(t, admin, uid)
			if n := pending(t, uid); n != 0 {
				t.Errorf("%d invitations of the suspended person left", n)
			}
			if code, _ := accept(t, guest, tok); code != "INVALID_TOKEN" {
				t.Errorf("accepting after the inviter's suspension: %s, want INVALID_TOKEN", code)
			}
		})
		t.Run("case=the password reset deletes them", func(t *testing.T) {
			const inviter = "reset-inviter@example.com"
			uid, tok, guest := invited(t, inviter, "guest-two@example.com")
			wantCodes(t, requestReset(t, srv.Client(t), inviter))
			wantCodes(t, resetPassword(t, srv.Client(t), mailedToken(t, srv, inviter, "/reset-password", 1), newStrongPassword))
			if n := pending(t, uid); n != 0 {
				t.Errorf("%d invitations left after the inviter's password reset", n)
			}
			if code, _ := accept(t, guest, tok); code != "INVALID_TOKEN" {
				t.Errorf("accepting after the inviter's password reset: %s, want INVALID_TOKEN", code)
			}
		})
		t.Run("case=one that outlived the suspension is withdrawn", func(t *testing.T) {
			uid, tok, guest := invited(t, "slipped-inviter@example.com", "guest-three@example.com")
			db.User.UpdateOneID(uid).SetSuspendedAt(srv.Clock.Now()).ExecX(t.Context())
			resp := srv.Client(t).Do(suspensionPreviewOp, map[string]any{"token": tok}, nil)
			if resp.Code() != "INVALID_TOKEN" || !strings.Contains(string(resp.Body), "withdrawn") {
				t.Errorf("preview of an invitation of a suspended inviter: %s", resp.Body)
			}
			if code, msg := accept(t, guest, tok); code != "INVALID_TOKEN" || !strings.Contains(msg, "withdrawn") {
				t.Errorf("accepting an invitation of a suspended inviter: %s %q, want INVALID_TOKEN (withdrawn)", code, msg)
			}
			if n := pending(t, uid); n != 0 {
				t.Errorf("the withdrawn invitation was not retired (%d left)", n)
			}
			if n := db.FleetMember.Query().Where(fleetmember.UserID(userIDOf(t, srv, "guest-three@example.com"))).CountX(t.Context()); n != 0 {
				t.Errorf("the guest joined %d fleets", n)
			}
		})
	})
}

// TestExportListsFleetKeysOnlyWhileMember (security review L6): the export lists the
// fleet-owned API keys the person created only while they are a member of that fleet;
// their own keys, limited to the fleet or not, stay listed after they left it.
func TestExportListsFleetKeysOnlyWhileMember(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		ctx, db := t.Context(), srv.App.Store.Client
		const addr = "leaver@example.com"
		c := freshClient(t, srv, addr)
		uid := userIDOf(t, srv, addr)
		fleetID := newFleetOf(t, c, "Shared")
		mustCreateAPIKey(t, c, map[string]any{"name": "fleet deploy", "fleetId": fleetID, "fleetRole": "DEVELOPER", "fleetOwned": true})
		mustCreateAPIKey(t, c, map[string]any{"name": "mine in the fleet", "fleetId": fleetID, "fleetRole": "DEVELOPER"})
		exported := func(t *testing.T) string {
			t.Helper()
			var out struct {
				ExportAccountData struct{ Document *string }
			}
			if resp := c.Do(exportOp, nil, &out); len(resp.Errors) > 0 || out.ExportAccountData.Document == nil {
				t.Fatalf("export: %s", resp.Body)
			}
			var doc exportDoc
			if err := json.Unmarshal([]byte(*out.ExportAccountData.Document), &doc); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			names := make([]string, len(doc.APIKeys))
			for i, k := range doc.APIKeys {
				names[i] = k.Name
			}
			return strings.Join(names, ",")
		}
		if got := exported(t); got != "fleet deploy,mine in the fleet" && got != "mine in the fleet,fleet deploy" {
			t.Fatalf("API keys exported while a member: %q", got)
		}
		// The fleet handed on to another account, then left, as transferFleetOwnership
		// and leaveFleet leave the rows.
		other := db.User.Create().SetEmail("heir@example.com").SetEmailKey("heir@example.com").SaveX(ctx)
		db.FleetMember.Create().SetFleetID(fleetID).SetUserID(other.ID).SetRole(fleetmember.RoleOWNER).ExecX(ctx)
		db.Fleet.UpdateOneID(fleetID).SetOwnerID(other.ID).ExecX(ctx)
		db.FleetMember.Delete().Where(fleetmember.FleetID(fleetID), fleetmember.UserID(uid)).ExecX(ctx)
		if got := exported(t); got != "mine in the fleet" {
			t.Fatalf("API keys exported after leaving the fleet: %q, want only the person's own", got)
		}
	})
}
