package fleet_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/device"
	"github.com/accountd/accountd/ent/fleetinvitation"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/internal/fleet"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// The callers of the matrix: the four roles, a stranger (an account that is no member),
// an anonymous client and an API key of the owner.
const (
	asStranger  = "stranger"
	asAnonymous = "anonymous"
	asAPIKey    = "apiKey"
)

var callers = []string{
	string(fleet.Owner), string(fleet.Developer), string(fleet.Operator), string(fleet.Observer),
	asStranger, asAnonymous, asAPIKey,
}

// matrixEnv is one server with an account per role and a stranger; every cell gets
// fresh fixture rows, so cells run in parallel and in any order.
type matrixEnv struct {
	srv      *testkit.Server
	accounts map[string]*account // by caller
	spare    *account            // a DEVELOPER the member operations act on
	ownerKey *testkit.Client     // the owner's API key
}

func newMatrixEnv(t *testing.T, srv *testkit.Server) *matrixEnv {
	e := &matrixEnv{srv: srv, accounts: map[string]*account{}}
	for _, c := range callers[:5] {
		e.accounts[c] = newAccount(t, srv, strings.ToLower(c)+"@example.test")
	}
	e.spare = newAccount(t, srv, "spare@example.test")
	var created struct {
		CreateApiKey struct {
			Key        *string
			UserErrors []userError
		}
	}
	resp := e.accounts[string(fleet.Owner)].Client.Do(`mutation($pw: String!) { createApiKey(input: {name: "matrix", password: $pw}) {
		key userErrors { code message } } }`, map[string]any{"pw": strongPassword}, &created)
	if created.CreateApiKey.Key == nil {
		t.Fatalf("createApiKey: %s", resp.Body)
	}
	e.ownerKey = srv.Client(t)
	e.ownerKey.Bearer = *created.CreateApiKey.Key
	return e
}

// client returns the client of a caller; the anonymous one has no credential.
func (e *matrixEnv) client(t *testing.T, caller string) *testkit.Client {
	if a, ok := e.accounts[caller]; ok {
		return a.Client
	}
	if caller == asAPIKey {
		return e.ownerKey
	}
	return e.srv.Client(t)
}

// fixture is a fleet with a member of every role, a spare DEVELOPER, a device and a
// pending invitation, written straight into the database (the flows that create them
// through the API are tested in their own tests).
type fixture struct {
	FleetID, DeviceID, SpareMemberID, InvitationID string
}

func (e *matrixEnv) fixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	db := e.srv.App.Store.Client
	owner := e.accounts[string(fleet.Owner)]
	f := db.Fleet.Create().SetOwnerID(owner.ID).SetName("Matrix").SaveX(ctx)
	for _, r := range fleet.Roles {
		db.FleetMember.Create().SetFleetID(f.ID).SetUserID(e.accounts[string(r)].ID).SetRole(r).ExecX(ctx)
	}
	spare := db.FleetMember.Create().SetFleetID(f.ID).SetUserID(e.spare.ID).SetRole(fleet.Developer).SaveX(ctx)
	secret, hash := token.New(token.Device)
	_ = secret
	d := db.Device.Create().SetFleetID(f.ID).SetName("Sensor").SetTokenHash(hash).SaveX(ctx)
	_, invHash := token.New(token.Invitation)
	inv := db.FleetInvitation.Create().
		SetFleetID(f.ID).
		SetInviterID(owner.ID).
		SetEmail("invitee@example.test").
		SetRole(fleetinvitation.RoleOBSERVER).
		SaveX(ctx)
	db.OneTimeToken.Create().
		SetUserID(owner.ID).
		SetPurpose(onetimetoken.PurposeFleetInvitation).
		SetTokenHash(invHash).
		SetEmail("invitee@example.test").
		SetInvitationID(inv.ID).
		SetExpiresAt(e.srv.Clock.Now().Add(time.Hour)).
		ExecX(ctx)
	return fixture{FleetID: f.ID, DeviceID: d.ID, SpareMemberID: spare.ID, InvitationID: inv.ID}
}

// snapshot describes the fixture's rows, to prove a refused operation changed nothing.
func (e *matrixEnv) snapshot(t *testing.T, fx fixture) string {
	t.Helper()
	ctx := context.Background()
	db := e.srv.App.Store.Client
	var b strings.Builder
	f, err := db.Fleet.Get(ctx, fx.FleetID)
	if ent.IsNotFound(err) {
		b.WriteString("no fleet;")
	} else {
		fmt.Fprintf(&b, "fleet %s owner %s;", f.Name, f.OwnerID)
	}
	var rows []string
	for _, m := range db.FleetMember.Query().Where(fleetmember.FleetID(fx.FleetID)).AllX(ctx) {
		rows = append(rows, m.ID+":"+string(m.Role))
	}
	for _, d := range db.Device.Query().Where(device.FleetID(fx.FleetID)).AllX(ctx) {
		rows = append(rows, d.ID+":"+d.Name)
	}
	for _, o := range db.FleetInvitation.Query().Where(fleetinvitation.ID(fx.InvitationID)).AllX(ctx) {
		rows = append(rows, o.ID)
	}
	sort.Strings(rows)
	b.WriteString(strings.Join(rows, ","))
	return b.String()
}

// matrixOp is one operation of the API that touches a fleet, and what each role gets.
type matrixOp struct {
	name string
	// action is the Matrix row the operation checks ("" for createFleet, which needs
	// no fleet).
	action fleet.Action
	// read: a query, which answers an anonymous client with null (NOT_FOUND here)
	// rather than UNAUTHENTICATED.
	read bool
	// want is the outcome for OWNER, DEVELOPER, OPERATOR, OBSERVER: "ok", or the error
	// code. A stranger always gets NOT_FOUND (but for createFleet).
	want [4]string
	run  func(t *testing.T, c *testkit.Client, fx fixture) string
}

const (
	ok        = "ok"
	forbidden = "FORBIDDEN"
	notFound  = "NOT_FOUND"
)

// mutation returns a matrixOp runner for a mutation with variables built from the
// fixture.
func mutation(query, fieldName string, vars func(fixture) map[string]any) func(*testing.T, *testkit.Client, fixture) string {
	return func(t *testing.T, c *testkit.Client, fx fixture) string {
		p, resp := mutate(t, c, query, fieldName, vars(fx))
		return outcome(t, p, resp)
	}
}

// nodeRead returns a matrixOp runner for node(id:) with an id from the fixture; sub
// names a field of the node that must be non-null for "ok" ("" for the node itself).
func nodeRead(query string, idOf func(fixture) string, sub string) func(*testing.T, *testkit.Client, fixture) string {
	return func(t *testing.T, c *testkit.Client, fx fixture) string {
		var out struct{ Node map[string]json.RawMessage }
		resp := c.Do(query, map[string]any{"id": idOf(fx)}, &out)
		switch {
		case len(resp.Errors) > 0:
			return resp.Code()
		case out.Node == nil:
			return notFound
		case sub != "" && (out.Node[sub] == nil || string(out.Node[sub]) == "null"):
			return "null " + sub
		}
		return ok
	}
}

func fleetID(fx fixture) string      { return fx.FleetID }
func deviceID(fx fixture) string     { return fx.DeviceID }
func memberID(fx fixture) string     { return fx.SpareMemberID }
func invitationID(fx fixture) string { return fx.InvitationID }

var matrixOps = []matrixOp{
	{"node(fleet)", fleet.ViewFleet, true, [4]string{ok, ok, ok, ok}, nodeRead(fleetNodeOp, fleetID, "")},
	{"viewer.fleets", fleet.ViewFleet, true, [4]string{ok, ok, ok, ok}, func(t *testing.T, c *testkit.Client, fx fixture) string {
		// Every account is in many fixtures' fleets: page through them all.
		var after *string
		for range 50 {
			var out struct {
				Viewer *struct {
					Fleets struct {
						Edges    []struct{ Node struct{ ID string } }
						PageInfo struct {
							HasNextPage bool
							EndCursor   *string
						}
					}
				}
			}
			resp := c.Do(myFleetsOp, map[string]any{"first": 100, "after": after}, &out)
			if len(resp.Errors) > 0 {
				return resp.Code()
			}
			if out.Viewer == nil {
				return notFound
			}
			for _, e := range out.Viewer.Fleets.Edges {
				if e.Node.ID == fx.FleetID {
					return ok
				}
			}
			if !out.Viewer.Fleets.PageInfo.HasNextPage {
				break
			}
			after = out.Viewer.Fleets.PageInfo.EndCursor
		}
		return notFound
	}},
	{"fleet.devices", fleet.ViewDevices, true, [4]string{ok, ok, ok, ok}, nodeRead(devicesOp, fleetID, "devices")},
	{"node(device)", fleet.ViewDevices, true, [4]string{ok, ok, ok, ok}, nodeRead(deviceNodeOp, deviceID, "")},
	{"fleet.members", fleet.ViewMembers, true, [4]string{ok, ok, forbidden, forbidden}, nodeRead(membersOp, fleetID, "members")},
	{"fleet.invitations", fleet.ManageMembers, true, [4]string{ok, forbidden, forbidden, forbidden}, nodeRead(invitationsOp, fleetID, "invitations")},
	// node(id:) has the authorization of the field that lists the type; a role that
	// may not read the list gets null, like a stranger and an unknown id.
	{"node(member)", fleet.ViewMembers, true, [4]string{ok, ok, notFound, notFound}, nodeRead(memberNodeOp, memberID, "")},
	{"node(invitation)", fleet.ManageMembers, true, [4]string{ok, notFound, notFound, notFound}, nodeRead(invitationNodeOp, invitationID, "")},
	{"createFleet", "", false, [4]string{ok, ok, ok, ok}, mutation(createFleetOp, "createFleet", func(fixture) map[string]any {
		return map[string]any{"name": "Mine"}
	})},
	{"renameFleet", fleet.RenameFleet, false, [4]string{ok, forbidden, forbidden, forbidden}, mutation(renameFleetOp, "renameFleet", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.FleetID, "name": "Renamed"}
	})},
	{"deleteFleet", fleet.DeleteFleet, false, [4]string{ok, forbidden, forbidden, forbidden}, mutation(deleteFleetOp, "deleteFleet", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.FleetID}
	})},
	{"transferFleetOwnership", fleet.TransferOwnership, false, [4]string{ok, forbidden, forbidden, forbidden}, mutation(transferOp, "transferFleetOwnership", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.FleetID, "member": fx.SpareMemberID}
	})},
	{"inviteFleetMember", fleet.ManageMembers, false, [4]string{ok, forbidden, forbidden, forbidden}, mutation(inviteOp, "inviteFleetMember", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.FleetID, "email": "new@example.test", "role": "OPERATOR"}
	})},
	{"revokeFleetInvitation", fleet.ManageMembers, false, [4]string{ok, forbidden, forbidden, forbidden}, mutation(revokeOp, "revokeFleetInvitation", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.InvitationID}
	})},
	{"updateFleetMember", fleet.ManageMembers, false, [4]string{ok, forbidden, forbidden, forbidden}, mutation(updateMemberOp, "updateFleetMember", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.SpareMemberID, "role": "OBSERVER"}
	})},
	{"removeFleetMember", fleet.ManageMembers, false, [4]string{ok, forbidden, forbidden, forbidden}, mutation(removeMemberOp, "removeFleetMember", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.SpareMemberID}
	})},
	// Leaving needs only membership; the owner cannot leave (a domain rule after the
	// matrix: a fleet keeps its owner).
	{"leaveFleet", fleet.ViewFleet, false, [4]string{"LAST_OWNER", ok, ok, ok}, mutation(leaveFleetOp, "leaveFleet", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.FleetID}
	})},
	{"registerDevice", fleet.RegisterDevice, false, [4]string{ok, ok, forbidden, forbidden}, mutation(registerDeviceOp, "registerDevice", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.FleetID, "name": "New"}
	})},
	{"renameDevice", fleet.RenameDevice, false, [4]string{ok, ok, ok, forbidden}, mutation(renameDeviceOp, "renameDevice", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.DeviceID, "name": "Renamed"}
	})},
	{"deleteDevice", fleet.DeleteDevice, false, [4]string{ok, ok, forbidden, forbidden}, mutation(deleteDeviceOp, "deleteDevice", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.DeviceID}
	})},
}

// want is the expected outcome of op for a caller.
func (op matrixOp) wantFor(caller string) string {
	for i, r := range fleet.Roles {
		if caller == string(r) {
			return op.want[i]
		}
	}
	switch {
	case caller == asAPIKey:
		return op.want[0] // the owner's key: the owner's rights
	case caller == asAnonymous && op.read:
		return notFound
	case caller == asAnonymous:
		return "UNAUTHENTICATED"
	case op.action == "": // createFleet: any account
		return ok
	}
	return notFound
}

// TestMatrixAgreesWithRoles checks the expectations written out in matrixOps against
// the code's matrix, so that the HTTP test below proves the code's matrix cell by cell.
func TestMatrixAgreesWithRoles(t *testing.T) {
	t.Parallel()
	covered := map[fleet.Action]bool{}
	for _, op := range matrixOps {
		if op.action == "" {
			continue
		}
		covered[op.action] = true
		for i, r := range fleet.Roles {
			passes := op.want[i] != forbidden && op.want[i] != notFound
			if passes != fleet.Allowed(op.action, r) {
				t.Errorf("op=%s role=%s: test expects %s, matrix says allowed=%v", op.name, r, op.want[i], fleet.Allowed(op.action, r))
			}
		}
	}
	for _, p := range fleet.Matrix {
		if !covered[p.Action] {
			t.Errorf("no operation of the matrix test checks action %s", p.Action)
		}
	}
}

// TestPermissionMatrix runs every operation that touches a fleet, member, invitation
// or device as every caller, over HTTP, and checks each cell: allowed, FORBIDDEN for
// a member whose role does not allow it, NOT_FOUND (or null) for a stranger,
// UNAUTHENTICATED without a credential. A refused operation must leave every row as
// it was (ASVS 8.2.1, 8.2.2; SECURITY-CHECKLIST 27).
func TestPermissionMatrix(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		e := newMatrixEnv(t, testkit.NewServer(t, store))
		for _, op := range matrixOps {
			t.Run("op="+op.name, func(t *testing.T) {
				t.Parallel()
				for _, caller := range callers {
					t.Run("as="+caller, func(t *testing.T) {
						t.Parallel()
						fx := e.fixture(t)
						before := e.snapshot(t, fx)
						want := op.wantFor(caller)
						got := op.run(t, e.client(t, caller), fx)
						if got != want {
							t.Fatalf("got %s, want %s", got, want)
						}
						if !op.read && got != ok {
							if after := e.snapshot(t, fx); after != before {
								t.Fatalf("refused with %s but rows changed:\nbefore %s\nafter  %s", got, before, after)
							}
						}
					})
				}
			})
		}
	})
}
