package fleet_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/device"
	"github.com/accountd/accountd/ent/fleetinvitation"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/provisioningkey"
	"github.com/accountd/accountd/internal/fleet"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// The callers of the matrix: the four roles, a stranger (an account that is no member),
// an anonymous client, an API key of the owner, and the principals that are not a
// person's whole account: the fixture's device (its token), a provisioning key of the
// fleet, a READ_ONLY key of the owner, and keys limited to the fleet at each role they
// may have, the owner's (fleetKey:) and the fleet's own (fleetOwnedKey:).
const (
	asStranger        = "stranger"
	asAnonymous       = "anonymous"
	asAPIKey          = "apiKey"
	asDevice          = "device"
	asProvisioningKey = "provisioningKey"
	asReadOnlyKey     = "readOnlyKey"
	asFleetKey        = "fleetKey:"
	asFleetOwnedKey   = "fleetOwnedKey:"
)

// keyRoles are the roles a key limited to a fleet may act with (never OWNER).
var keyRoles = []fleet.Role{fleet.Developer, fleet.Operator, fleet.Observer}

var callers = func() []string {
	c := []string{
		string(fleet.Owner), string(fleet.Developer), string(fleet.Operator), string(fleet.Observer),
		asStranger, asAnonymous, asAPIKey, asDevice, asProvisioningKey, asReadOnlyKey,
	}
	for _, r := range keyRoles {
		c = append(c, asFleetKey+string(r), asFleetOwnedKey+string(r))
	}
	return c
}()

// fleetKeyMutations are the mutations a key limited to a fleet may run at all
// (graph.PrincipalGate); its role decides the rest.
var fleetKeyMutations = map[string]bool{
	"registerDevice": true, "renameDevice": true, "deleteDevice": true, "rotateDeviceToken": true,
	"createProvisioningKey": true, "revokeProvisioningKey": true,
}

// matrixEnv is one server with an account per role and a stranger; every cell gets
// fresh fixture rows, so cells run in parallel and in any order.
type matrixEnv struct {
	srv      *testkit.Server
	accounts map[string]*account // by caller
	spare    *account            // a DEVELOPER the member operations act on
	ownerKey *testkit.Client     // the owner's API key
	readOnly *testkit.Client     // the owner's READ_ONLY API key
}

func newMatrixEnv(t *testing.T, srv *testkit.Server) *matrixEnv {
	e := &matrixEnv{srv: srv, accounts: map[string]*account{}}
	for _, c := range callers[:5] {
		e.accounts[c] = srv.NewAccount(t, strings.ToLower(c)+"@example.test")
	}
	e.spare = srv.NewAccount(t, "spare@example.test")
	var created struct {
		CreateApiKey struct {
			Key        *string
			UserErrors []userError
		}
	}
	resp := e.accounts[string(fleet.Owner)].Client.Do(`mutation($pw: String!) { createApiKey(input: {name: "matrix", password: $pw}) {
		key userErrors { code message } } }`, map[string]any{"pw": testkit.StrongPassword}, &created)
	if created.CreateApiKey.Key == nil {
		t.Fatalf("createApiKey: %s", resp.Body)
	}
	e.ownerKey = srv.Client(t)
	e.ownerKey.Bearer = *created.CreateApiKey.Key
	resp = e.accounts[string(fleet.Owner)].Client.Do(`mutation($pw: String!) { createApiKey(input: {name: "read", scope: READ_ONLY, password: $pw}) {
		key userErrors { code message } } }`, map[string]any{"pw": testkit.StrongPassword}, &created)
	if created.CreateApiKey.Key == nil {
		t.Fatalf("createApiKey READ_ONLY: %s", resp.Body)
	}
	e.readOnly = srv.Client(t)
	e.readOnly.Bearer = *created.CreateApiKey.Key
	return e
}

// client returns the client of a caller in a fixture; the anonymous one has no
// credential.
func (e *matrixEnv) client(t *testing.T, caller string, fx fixture) *testkit.Client {
	if a, ok := e.accounts[caller]; ok {
		return a.Client
	}
	switch caller {
	case asAPIKey:
		return e.ownerKey
	case asReadOnlyKey:
		return e.readOnly
	}
	c := e.srv.Client(t)
	c.Bearer = fx.Secrets[caller] // "" for the anonymous client
	return c
}

// fixture is a fleet with a member of every role, a spare DEVELOPER, a device and a
// pending invitation, written straight into the database (the flows that create them
// through the API are tested in their own tests).
type fixture struct {
	FleetID, DeviceID, SpareMemberID, InvitationID string
	// ProvisioningKeyID and FleetAPIKeyID are keys the revoking operations act on.
	ProvisioningKeyID, FleetAPIKeyID string
	// Secrets are the credentials of the fixture's own callers: its device, a
	// provisioning key and the keys limited to its fleet.
	Secrets map[string]string
	// StartDevice opens a device authorization as a CLI would and returns its user
	// code (only the cells that approve one call it).
	StartDevice func(t *testing.T) string
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
	secrets := map[string]string{}
	secret, hash := token.New(token.Device)
	secrets[asDevice] = secret
	d := db.Device.Create().SetFleetID(f.ID).SetName("Sensor").SetTokenHash(hash).SaveX(ctx)
	newPrvKey := func() (string, string) {
		secret, hash := token.New(token.Provisioning)
		k := db.ProvisioningKey.Create().SetFleetID(f.ID).SetName("line").SetPrefix(secret[:16]).SetKeyHash(hash).SaveX(ctx)
		return k.ID, secret
	}
	prvID, _ := newPrvKey()
	_, secrets[asProvisioningKey] = newPrvKey()
	newKey := func(role fleet.Role, userID string) (string, string) {
		secret, hash := token.New(token.APIKey)
		c := db.APIKey.Create().SetName("fleet").SetPrefix(secret[:16]).SetKeyHash(hash).
			SetFleetID(f.ID).SetFleetRole(apikey.FleetRole(role))
		if userID != "" {
			c.SetUserID(userID)
		}
		return c.SaveX(ctx).ID, secret
	}
	for _, r := range keyRoles {
		_, secrets[asFleetKey+string(r)] = newKey(r, owner.ID)
		_, secrets[asFleetOwnedKey+string(r)] = newKey(r, "")
	}
	fleetKeyID, _ := newKey(fleet.Observer, "")
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
	startDevice := func(t *testing.T) string {
		t.Helper()
		resp, err := http.PostForm(e.srv.URL+"/oauth/device_authorization", url.Values{"client_id": {"accountd-cli"}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			UserCode string `json:"user_code"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.UserCode == "" {
			t.Fatalf("device authorization: %d %v", resp.StatusCode, err)
		}
		return out.UserCode
	}
	return fixture{FleetID: f.ID, DeviceID: d.ID, SpareMemberID: spare.ID, InvitationID: inv.ID,
		ProvisioningKeyID: prvID, FleetAPIKeyID: fleetKeyID, Secrets: secrets, StartDevice: startDevice}
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
		rows = append(rows, fmt.Sprintf("%s:%s:%x", d.ID, d.Name, d.TokenHash))
	}
	for _, k := range db.ProvisioningKey.Query().Where(provisioningkey.FleetID(fx.FleetID)).AllX(ctx) {
		rows = append(rows, fmt.Sprintf("%s:%v:%d", k.ID, k.RevokedAt != nil, k.DevicesRegistered))
	}
	for _, k := range db.APIKey.Query().Where(apikey.FleetID(fx.FleetID)).AllX(ctx) {
		rows = append(rows, fmt.Sprintf("%s:%v", k.ID, k.RevokedAt != nil))
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

// onlyFor names the operations meant for one caller alone: every other authenticated
// caller gets FORBIDDEN, an anonymous one UNAUTHENTICATED.
var onlyFor = map[string]string{"provisionDevice": asProvisioningKey}

// sessionOnly names the operations only a person's session runs: a person's API key of
// full reach is refused them too (graph/principal.go).
var sessionOnly = map[string]bool{"approveDeviceAuthorization": true}

// approveDeviceOp approves a device's request with a key limited to the fixture's
// fleet: the grant is checked against the approver's role there, like createApiKey's.
const approveDeviceOp = `mutation($input: ApproveDeviceAuthorizationInput!) { approveDeviceAuthorization(input: $input) {
	request { clientId } userErrors { code field message } } }`

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
	{"rotateDeviceToken", fleet.RegisterDevice, false, [4]string{ok, ok, forbidden, forbidden}, mutation(rotateTokenOp, "rotateDeviceToken", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.DeviceID}
	})},
	{"node(provisioningKey)", fleet.ManageProvisioningKeys, true, [4]string{ok, ok, notFound, notFound}, nodeRead(`query($id: ID!) { node(id: $id) { id ... on ProvisioningKey { name } } }`,
		func(fx fixture) string { return fx.ProvisioningKeyID }, "")},
	{"fleet.provisioningKeys", fleet.ManageProvisioningKeys, true, [4]string{ok, ok, forbidden, forbidden}, nodeRead(prvKeysOp, fleetID, "provisioningKeys")},
	{"createProvisioningKey", fleet.ManageProvisioningKeys, false, [4]string{ok, ok, forbidden, forbidden}, mutation(createPrvKeyOp, "createProvisioningKey", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.FleetID, "name": "Line 4"}
	})},
	{"revokeProvisioningKey", fleet.ManageProvisioningKeys, false, [4]string{ok, ok, forbidden, forbidden}, mutation(revokePrvKeyOp, "revokeProvisioningKey", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.ProvisioningKeyID}
	})},
	{"fleet.apiKeys", fleet.ManageFleetKeys, true, [4]string{ok, forbidden, forbidden, forbidden}, nodeRead(fleetAPIKeysOp, fleetID, "apiKeys")},
	{"revokeFleetApiKey", fleet.ManageFleetKeys, false, [4]string{ok, forbidden, forbidden, forbidden}, mutation(revokeFleetKeyOp, "revokeFleetApiKey", func(fx fixture) map[string]any {
		return map[string]any{"id": fx.FleetAPIKeyID}
	})},
	// Approving a device's request for a key limited to the fleet: any member may
	// give a role up to their own; a stranger's fleet is NOT_FOUND.
	{"approveDeviceAuthorization", fleet.ViewFleet, false, [4]string{ok, ok, ok, ok}, func(t *testing.T, c *testkit.Client, fx fixture) string {
		p, resp := mutate(t, c, approveDeviceOp, "approveDeviceAuthorization", map[string]any{"input": map[string]any{
			"userCode": fx.StartDevice(t), "approve": true, "password": testkit.StrongPassword,
			"fleetId": fx.FleetID, "fleetRole": "OBSERVER",
		}})
		return outcome(t, p, resp)
	}},
	{"provisionDevice", "", false, [4]string{forbidden, forbidden, forbidden, forbidden}, mutation(provisionOp, "provisionDevice", func(fixture) map[string]any {
		return map[string]any{"name": "Field unit"}
	})},
}

// want is the expected outcome of op for a caller.
func (op matrixOp) wantFor(caller string) string {
	if only, isFor := onlyFor[op.name]; isFor {
		switch caller {
		case only:
			return ok
		case asAnonymous:
			return "UNAUTHENTICATED"
		}
		return forbidden
	}
	for i, r := range fleet.Roles {
		if caller == string(r) {
			return op.want[i]
		}
	}
	if role, ok := strings.CutPrefix(caller, asFleetKey); ok {
		return op.wantForKey(fleet.Role(role))
	}
	if role, ok := strings.CutPrefix(caller, asFleetOwnedKey); ok {
		return op.wantForKey(fleet.Role(role))
	}
	switch {
	case caller == asDevice || caller == asProvisioningKey:
		// Nothing of a fleet: reads are null, every mutation FORBIDDEN.
		if op.read {
			return notFound
		}
		return forbidden
	case caller == asReadOnlyKey && !op.read:
		return forbidden
	case caller == asReadOnlyKey:
		return op.want[0] // the owner's rights, reading
	case caller == asAPIKey && sessionOnly[op.name]:
		return forbidden
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

// wantForKey is the outcome of op for a key limited to the fixture's fleet with role:
// no viewer (so viewer.fleets is not found), the role's reads, and only the device
// mutations, as the role allows them.
func (op matrixOp) wantForKey(role fleet.Role) string {
	i := slices.Index(fleet.Roles, role)
	switch {
	case op.name == "viewer.fleets":
		return notFound
	case op.read:
		return op.want[i]
	case !fleetKeyMutations[op.name]:
		return forbidden
	}
	return op.want[i]
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
// it was (ASVS 8.2.1, 8.2.2; SECURITY.md row 27).
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
						got := op.run(t, e.client(t, caller, fx), fx)
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
