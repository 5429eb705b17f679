package fleet_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/fleet"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/viewer"
)

const createKeyOp = `mutation($in: CreateApiKeyInput!) { createApiKey(input: $in) {
	key apiKey { id scope fleetId fleetRole fleetOwned } userErrors { code field message } } }`

// createKey creates an API key as a with the extra input fields and returns its
// outcome, id and secret.
func createKey(t *testing.T, a *account, extra map[string]any) (outcomeCode, id, key string) {
	t.Helper()
	in := map[string]any{"name": "script", "password": testkit.StrongPassword}
	for k, v := range extra {
		in[k] = v
	}
	p, resp := mutate(t, a.Client, createKeyOp, "createApiKey", map[string]any{"in": in})
	got := outcome(t, p, resp)
	if got != ok {
		return got, "", ""
	}
	var k struct{ ID string }
	field(t, p, "apiKey", &k)
	field(t, p, "key", &key)
	return got, k.ID, key
}

// join makes b a member of a fleet with role, straight in the database (the
// invitation flow has its own tests).
func join(t *testing.T, srv *testkit.Server, b *account, fleetID string, role fleet.Role) {
	t.Helper()
	srv.App.Store.Client.FleetMember.Create().SetFleetID(fleetID).SetUserID(b.ID).SetRole(role).ExecX(context.Background())
}

// membershipOf returns the membership id of addr in a fleet, as its owner lists it.
func membershipOf(t *testing.T, owner *account, fleetID, addr string) string {
	t.Helper()
	var out struct {
		Node struct {
			Members struct {
				Edges []struct{ Node struct{ ID, Email string } }
			}
		}
	}
	owner.Client.Do(membersOp, map[string]any{"id": fleetID}, &out)
	for _, e := range out.Node.Members.Edges {
		if e.Node.Email == addr {
			return e.Node.ID
		}
	}
	t.Fatalf("%s is no member of %s", addr, fleetID)
	return ""
}

// TestReadOnlyKey: a READ_ONLY key reads what its owner may, and every mutation is
// FORBIDDEN with an answer that says the key is read-only.
func TestReadOnlyKey(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := newFleet(t, owner, "Barn")
		got, keyID, key := createKey(t, owner, map[string]any{"scope": "READ_ONLY"})
		if got != ok {
			t.Fatalf("createApiKey READ_ONLY: %s", got)
		}
		ro := bearer(t, srv, key)
		var v struct {
			Viewer *struct {
				ID      string
				APIKeys []struct{ ID, Scope string } `json:"apiKeys"`
			}
		}
		if resp := ro.Do(`{ viewer { id apiKeys { id scope } } }`, nil, &v); v.Viewer == nil || v.Viewer.ID != owner.ID ||
			len(v.Viewer.APIKeys) != 1 || v.Viewer.APIKeys[0].ID != keyID || v.Viewer.APIKeys[0].Scope != "READ_ONLY" {
			t.Fatalf("viewer with a read-only key: %s", resp.Body)
		}
		for name, op := range map[string]operation{
			"createFleet":   {createFleetOp, map[string]any{"name": "Mine"}},
			"renameFleet":   {renameFleetOp, map[string]any{"id": fleetID, "name": "Mine"}},
			"updateProfile": {`mutation { updateProfile(input: {name: "x"}) { userErrors { code } } }`, nil},
			"revokeApiKeys": {`mutation($id: ID!) { revokeApiKeys(input: {ids: [$id]}) { revokedIds } }`, map[string]any{"id": keyID}},
			"createApiKey":  {createKeyOp, map[string]any{"in": map[string]any{"name": "more", "password": testkit.StrongPassword}}},
		} {
			resp := ro.Do(op.query, op.vars, nil)
			if resp.Code() != "FORBIDDEN" || !strings.Contains(resp.Errors[0].Message, "read-only") {
				t.Errorf("%s with a read-only key: %s", name, resp.Body)
			}
		}
		// The key still works: revokeApiKeys above did nothing.
		if resp := ro.Do(`{ viewer { id } }`, nil, nil); resp.Status != http.StatusOK {
			t.Fatalf("read-only key after refused mutations: %s", resp.Body)
		}
	})
}

// TestFleetKey: a person's key limited to one fleet sees that fleet only, acts with
// its role, never above the creator's role, and loses its rights when the creator
// loses theirs.
func TestFleetKey(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		dev := srv.NewAccount(t, "dev@example.test")
		op := srv.NewAccount(t, "op@example.test")
		fleetID := newFleet(t, owner, "Field")
		otherID := newFleet(t, owner, "Other")
		join(t, srv, dev, fleetID, fleet.Developer)
		join(t, srv, dev, otherID, fleet.Developer)
		join(t, srv, op, fleetID, fleet.Operator)
		deviceID, _ := registerDevice(t, owner, fleetID, "Pump")
		otherDevice, _ := registerDevice(t, owner, otherID, "Valve")

		t.Run("case=role never above the creator's", func(t *testing.T) {
			for name, c := range map[string]struct {
				who  *account
				role string
				want string
			}{
				"operator asks DEVELOPER": {op, "DEVELOPER", "INVALID_INPUT"},
				"developer asks OWNER":    {dev, "OWNER", "INVALID_INPUT"},
				"owner asks OWNER":        {owner, "OWNER", "INVALID_INPUT"},
				"operator asks OPERATOR":  {op, "OPERATOR", ok},
			} {
				if got, _, _ := createKey(t, c.who, map[string]any{"fleetId": fleetID, "fleetRole": c.role}); got != c.want {
					t.Errorf("%s: %s, want %s", name, got, c.want)
				}
			}
			for name, extra := range map[string]map[string]any{
				"role without fleet": {"fleetRole": "OBSERVER"},
				"fleet without role": {"fleetId": fleetID},
			} {
				if got, _, _ := createKey(t, dev, extra); got != "INVALID_INPUT" {
					t.Errorf("%s: %s", name, got)
				}
			}
			if got, _, _ := createKey(t, op, map[string]any{"fleetId": "flt_01JNOTAFLEET", "fleetRole": "OBSERVER"}); got != notFound {
				t.Errorf("unknown fleet: %s", got)
			}
		})

		got, _, key := createKey(t, dev, map[string]any{"fleetId": fleetID, "fleetRole": "OPERATOR"})
		if got != ok {
			t.Fatalf("createApiKey for a fleet: %s", got)
		}
		fk := bearer(t, srv, key)

		t.Run("case=its fleet only, with its role", func(t *testing.T) {
			var n struct {
				Node *struct{ ID, ViewerRole string }
			}
			if resp := fk.Do(fleetNodeOp, map[string]any{"id": fleetID}, &n); n.Node == nil || n.Node.ViewerRole != "OPERATOR" {
				t.Fatalf("its fleet: %s", resp.Body)
			}
			if resp := fk.Do(fleetNodeOp, map[string]any{"id": otherID}, &n); n.Node != nil {
				t.Fatalf("another fleet of its creator: %s", resp.Body)
			}
			if p, resp := mutate(t, fk, renameDeviceOp, "renameDevice", map[string]any{"id": deviceID, "name": "Pump 2"}); outcome(t, p, resp) != ok {
				t.Fatalf("renameDevice as OPERATOR: %s", resp.Body)
			}
			if p, resp := mutate(t, fk, registerDeviceOp, "registerDevice", map[string]any{"id": fleetID, "name": "New"}); outcome(t, p, resp) != forbidden {
				t.Fatalf("registerDevice as OPERATOR: %s", resp.Body)
			}
			// A fleet key on another fleet: NOT_FOUND, as for a stranger.
			if p, resp := mutate(t, fk, renameDeviceOp, "renameDevice", map[string]any{"id": otherDevice, "name": "x"}); outcome(t, p, resp) != notFound {
				t.Fatalf("renameDevice in another fleet: %s", resp.Body)
			}
			if p, resp := mutate(t, fk, registerDeviceOp, "registerDevice", map[string]any{"id": otherID, "name": "x"}); outcome(t, p, resp) != notFound {
				t.Fatalf("registerDevice in another fleet: %s", resp.Body)
			}
			var v struct{ Viewer *struct{ ID string } }
			if resp := fk.Do(viewerIDOp, nil, &v); v.Viewer != nil {
				t.Fatalf("viewer of a fleet key: %s", resp.Body)
			}
			for name, q := range map[string]string{
				"createFleet": createFleetOp, "leaveFleet": leaveFleetOp,
			} {
				resp := fk.Do(q, map[string]any{"name": "x", "id": fleetID}, nil)
				if resp.Code() != forbidden || !strings.Contains(resp.Errors[0].Message, "limited to a fleet") {
					t.Errorf("%s with a fleet key: %s", name, resp.Body)
				}
			}
		})

		t.Run("case=loses its rights with its creator", func(t *testing.T) {
			devMember := membershipOf(t, owner, fleetID, dev.Email)
			if p, resp := mutate(t, owner.Client, updateMemberOp, "updateFleetMember", map[string]any{"id": devMember, "role": "OBSERVER"}); outcome(t, p, resp) != ok {
				t.Fatalf("demote: %s", resp.Body)
			}
			if p, resp := mutate(t, fk, renameDeviceOp, "renameDevice", map[string]any{"id": deviceID, "name": "Pump 3"}); outcome(t, p, resp) != forbidden {
				t.Fatalf("renameDevice after the creator became OBSERVER: %s", resp.Body)
			}
			if p, resp := mutate(t, owner.Client, removeMemberOp, "removeFleetMember", map[string]any{"id": devMember}); outcome(t, p, resp) != ok {
				t.Fatalf("remove: %s", resp.Body)
			}
			var n struct{ Node *struct{ ID string } }
			if resp := fk.Do(fleetNodeOp, map[string]any{"id": fleetID}, &n); n.Node != nil {
				t.Fatalf("the fleet after its creator left: %s", resp.Body)
			}
		})
	})
}

// TestFleetOwnedKey: the OWNER creates a key owned by the fleet; it is listed and
// revoked on the fleet, and survives its creator leaving.
func TestFleetOwnedKey(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		dev := srv.NewAccount(t, "dev@example.test")
		fleetID := newFleet(t, owner, "CI")
		join(t, srv, dev, fleetID, fleet.Developer)

		if got, _, _ := createKey(t, dev, map[string]any{"fleetId": fleetID, "fleetRole": "OBSERVER", "fleetOwned": true}); got != forbidden {
			t.Fatalf("fleet-owned key by a DEVELOPER: %s", got)
		}
		if got, _, _ := createKey(t, owner, map[string]any{"fleetOwned": true}); got != "INVALID_INPUT" {
			t.Fatalf("fleet-owned key without a fleet: %s", got)
		}
		got, keyID, key := createKey(t, owner, map[string]any{"fleetId": fleetID, "fleetRole": "DEVELOPER", "fleetOwned": true})
		if got != ok {
			t.Fatalf("fleet-owned key: %s", got)
		}
		var mine struct {
			Viewer struct {
				APIKeys []struct{ ID string } `json:"apiKeys"`
			}
		}
		if owner.Client.Do(`{ viewer { apiKeys { id } } }`, nil, &mine); len(mine.Viewer.APIKeys) != 0 {
			t.Fatalf("a fleet's key among its creator's keys: %+v", mine)
		}
		listed := func(a *account) string {
			return string(a.Client.Do(fleetAPIKeysOp, map[string]any{"id": fleetID}, nil).Body)
		}
		if l := listed(owner); !strings.Contains(l, keyID) || !strings.Contains(l, `"fleetOwned":true`) || !strings.Contains(l, `"fleetRole":"DEVELOPER"`) {
			t.Fatalf("Fleet.apiKeys: %s", l)
		}
		if l := listed(dev); !strings.Contains(l, `"FORBIDDEN"`) {
			t.Fatalf("Fleet.apiKeys for a DEVELOPER: %s", l)
		}

		// The creator hands the fleet on and leaves: the key goes on.
		devMember := membershipOf(t, owner, fleetID, dev.Email)
		if p, resp := mutate(t, owner.Client, transferOp, "transferFleetOwnership", map[string]any{"id": fleetID, "member": devMember}); outcome(t, p, resp) != ok {
			t.Fatalf("transfer: %s", resp.Body)
		}
		if p, resp := mutate(t, owner.Client, leaveFleetOp, "leaveFleet", map[string]any{"id": fleetID}); outcome(t, p, resp) != ok {
			t.Fatalf("leave: %s", resp.Body)
		}
		fk := bearer(t, srv, key)
		if p, resp := mutate(t, fk, registerDeviceOp, "registerDevice", map[string]any{"id": fleetID, "name": "Runner"}); outcome(t, p, resp) != ok {
			t.Fatalf("fleet key after its creator left: %s", resp.Body)
		}
		// The new owner sees it and revokes it there.
		if l := listed(dev); !strings.Contains(l, keyID) {
			t.Fatalf("Fleet.apiKeys for the new owner: %s", l)
		}
		if p, resp := mutate(t, dev.Client, revokeFleetKeyOp, "revokeFleetApiKey", map[string]any{"id": keyID}); outcome(t, p, resp) != ok {
			t.Fatalf("revokeFleetApiKey: %s", resp.Body)
		}
		if resp := fk.Do(fleetNodeOp, map[string]any{"id": fleetID}, nil); resp.Status != http.StatusUnauthorized {
			t.Fatalf("revoked fleet key: %d %s", resp.Status, resp.Body)
		}
	})
}

// TestFleetKeyRevokedMidRequest: a fleet key revoked after its request authenticated
// changes nothing: the authorizer reads the key again in the acting transaction.
func TestFleetKeyRevokedMidRequest(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := newFleet(t, owner, "Field")
		deviceID, _ := registerDevice(t, owner, fleetID, "Pump")
		_, keyID, key := createKey(t, owner, map[string]any{"fleetId": fleetID, "fleetRole": "DEVELOPER"})
		v, err := srv.App.Auth.Authenticate(context.Background(), key)
		if err != nil || v.FleetID != fleetID {
			t.Fatalf("Authenticate: %+v %v", v, err)
		}
		ctx := viewer.NewContext(context.Background(), v)
		resp := owner.Client.Do(`mutation($id: ID!) { revokeApiKeys(input: {ids: [$id]}) { revokedIds } }`, map[string]any{"id": keyID}, nil)
		if !strings.Contains(string(resp.Body), keyID) {
			t.Fatalf("revokeApiKeys: %s", resp.Body)
		}
		if _, err := srv.App.Fleets.RenameDevice(ctx, deviceID, "Renamed"); err != fleet.ErrKeyRevoked {
			t.Fatalf("RenameDevice after revocation: %v", err)
		}
		if d := srv.App.Store.Client.Device.GetX(context.Background(), deviceID); d.Name != "Pump" {
			t.Fatalf("device renamed by a revoked key: %s", d.Name)
		}
	})
}

// TestFleetKeyExpiredMidRequest (security review L3): a fleet key that expires between
// the authentication of a request and its acting transaction does nothing (authorize
// reads the key's expiry again), and over HTTP the expired key is refused outright.
func TestFleetKeyExpiredMidRequest(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := newFleet(t, owner, "Field")
		deviceID, _ := registerDevice(t, owner, fleetID, "Pump")
		expires := srv.Clock.Now().Add(time.Hour).Format(time.RFC3339Nano)
		_, _, key := createKey(t, owner, map[string]any{"fleetId": fleetID, "fleetRole": "DEVELOPER", "expiresAt": expires})
		v, err := srv.App.Auth.Authenticate(context.Background(), key)
		if err != nil || v.FleetID != fleetID {
			t.Fatalf("Authenticate: %+v %v", v, err)
		}
		ctx := viewer.NewContext(context.Background(), v)
		srv.Clock.Advance(time.Hour + time.Second)
		if _, err := srv.App.Fleets.RenameDevice(ctx, deviceID, "Renamed"); err != fleet.ErrKeyRevoked {
			t.Fatalf("RenameDevice after the key's expiry: %v", err)
		}
		if d := srv.App.Store.Client.Device.GetX(context.Background(), deviceID); d.Name != "Pump" {
			t.Fatalf("device renamed by an expired key: %s", d.Name)
		}
		c := srv.Client(t)
		c.Bearer = key
		if resp := c.Do(`mutation($id: ID!) { renameDevice(input: {deviceId: $id, name: "Over HTTP"}) { userErrors { code } } }`,
			map[string]any{"id": deviceID}, nil); resp.Status != http.StatusUnauthorized {
			t.Fatalf("expired key over HTTP: %d %s", resp.Status, resp.Body)
		}
	})
}
