package fleet_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/device"
	"github.com/accountd/accountd/ent/provisioningkey"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/fleet"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/viewer"
)

// The device and provisioning-key operations, as clients send them.
const (
	thisDeviceOp   = `{ device { id name fleetId fleetName createdAt lastSeenAt } }`
	viewerIDOp     = `{ viewer { id } }`
	rotateTokenOp  = `mutation($id: ID!) { rotateDeviceToken(input: {deviceId: $id}) { device { id } token userErrors { code field message } } }`
	createPrvKeyOp = `mutation($id: ID!, $name: String!, $max: Int, $expires: Time) { createProvisioningKey(input: {fleetId: $id, name: $name, maxDevices: $max, expiresAt: $expires}) {
		key provisioningKey { id name prefix maxDevices devicesRegistered expiresAt } userErrors { code field message } } }`
	revokePrvKeyOp   = `mutation($id: ID!) { revokeProvisioningKey(input: {provisioningKeyId: $id}) { revokedProvisioningKeyId userErrors { code field message } } }`
	prvKeysOp        = `query($id: ID!) { node(id: $id) { ... on Fleet { provisioningKeys { id name prefix devicesRegistered lastUsedAt } } } }`
	provisionOp      = `mutation($name: String!) { provisionDevice(input: {name: $name}) { device { id name fleetId } token userErrors { code field message } } }`
	fleetAPIKeysOp   = `query($id: ID!) { node(id: $id) { ... on Fleet { apiKeys { id name scope fleetId fleetRole fleetOwned } } } }`
	revokeFleetKeyOp = `mutation($id: ID!) { revokeFleetApiKey(input: {apiKeyId: $id}) { revokedApiKeyId userErrors { code field message } } }`
)

// newFleet creates a fleet as a and returns its id.
func newFleet(t *testing.T, a *account, name string) string {
	t.Helper()
	p, resp := mutate(t, a.Client, createFleetOp, "createFleet", map[string]any{"name": name})
	var f struct{ ID string }
	field(t, p, "fleet", &f)
	if f.ID == "" {
		t.Fatalf("createFleet: %s", resp.Body)
	}
	return f.ID
}

// registerDevice registers a device as a and returns its id and token.
func registerDevice(t *testing.T, a *account, fleetID, name string) (id, tok string) {
	t.Helper()
	p, resp := mutate(t, a.Client, registerDeviceOp, "registerDevice", map[string]any{"id": fleetID, "name": name})
	var d struct{ ID string }
	field(t, p, "device", &d)
	field(t, p, "token", &tok)
	if d.ID == "" || !strings.HasPrefix(tok, "acd_dev_") {
		t.Fatalf("registerDevice: %s", resp.Body)
	}
	return d.ID, tok
}

// bearer returns a client that sends secret as its bearer token.
func bearer(t *testing.T, srv *testkit.Server, secret string) *testkit.Client {
	c := srv.Client(t)
	c.Bearer = secret
	return c
}

type thisDevice struct {
	Device *struct {
		ID, Name, FleetID, FleetName string
		CreatedAt                    time.Time
		LastSeenAt                   *time.Time
	}
}

// TestDeviceAuthenticates: a device token makes the device the principal: Query.device
// answers it, viewer is null, lastSeenAt is written at most once a minute, and every
// person's mutation is FORBIDDEN with an answer that names the device token.
func TestDeviceAuthenticates(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := newFleet(t, owner, "Greenhouse")
		devID, tok := registerDevice(t, owner, fleetID, "Thermometer")
		dev := bearer(t, srv, tok)

		var out thisDevice
		resp := dev.Do(thisDeviceOp, nil, &out)
		if len(resp.Errors) > 0 || out.Device == nil {
			t.Fatalf("device: %s", resp.Body)
		}
		d := out.Device
		if d.ID != devID || d.Name != "Thermometer" || d.FleetID != fleetID || d.FleetName != "Greenhouse" || d.LastSeenAt == nil {
			t.Fatalf("device = %+v", d)
		}
		first := *d.LastSeenAt
		if !first.Equal(srv.Clock.Now()) {
			t.Fatalf("lastSeenAt %v, want the authentication's time %v", first, srv.Clock.Now())
		}

		t.Run("case=lastSeenAt at most once a minute", func(t *testing.T) {
			srv.Clock.Advance(59 * time.Second)
			dev.Do(thisDeviceOp, nil, &out)
			if !out.Device.LastSeenAt.Equal(first) {
				t.Fatalf("lastSeenAt rewritten within the minute: %v -> %v", first, out.Device.LastSeenAt)
			}
			srv.Clock.Advance(time.Second)
			dev.Do(thisDeviceOp, nil, &out)
			if !out.Device.LastSeenAt.Equal(srv.Clock.Now()) {
				t.Fatalf("lastSeenAt %v after a minute, want %v", out.Device.LastSeenAt, srv.Clock.Now())
			}
		})

		t.Run("case=viewer is null", func(t *testing.T) {
			var v struct{ Viewer *struct{ ID string } }
			resp := dev.Do(viewerIDOp, nil, &v)
			if len(resp.Errors) > 0 || v.Viewer != nil || string(resp.Data) != `{"viewer":null}` {
				t.Fatalf("viewer for a device: %s", resp.Body)
			}
			var n struct{ Node map[string]any }
			if resp := dev.Do(fleetNodeOp, map[string]any{"id": fleetID}, &n); n.Node != nil {
				t.Fatalf("a device reads its fleet: %s", resp.Body)
			}
		})

		t.Run("case=person's mutations are FORBIDDEN", func(t *testing.T) {
			for name, op := range map[string]operation{
				"createFleet":    {createFleetOp, map[string]any{"name": "Mine"}},
				"renameDevice":   {renameDeviceOp, map[string]any{"id": devID, "name": "Hacked"}},
				"registerDevice": {registerDeviceOp, map[string]any{"id": fleetID, "name": "Twin"}},
				"updateProfile":  {`mutation { updateProfile(input: {name: "x"}) { userErrors { code } } }`, nil},
				"logOut":         {`mutation { logOut { userErrors { code } } }`, nil},
			} {
				resp := dev.Do(op.query, op.vars, nil)
				if resp.Code() != "FORBIDDEN" || !strings.Contains(resp.Errors[0].Message, "device token") {
					t.Errorf("%s with a device token: %s", name, resp.Body)
				}
			}
			if n := srv.App.Store.Client.Device.Query().Where(device.FleetID(fleetID)).CountX(context.Background()); n != 1 {
				t.Fatalf("%d devices after refused mutations, want 1", n)
			}
		})
	})
}

// TestBadDeviceTokens: an unknown, malformed, rotated or deleted device's token gets
// the same 401 as any bad bearer token, body and all.
func TestBadDeviceTokens(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := newFleet(t, owner, "Yard")
		devID, rotated := registerDevice(t, owner, fleetID, "Gate")
		p, resp := mutate(t, owner.Client, rotateTokenOp, "rotateDeviceToken", map[string]any{"id": devID})
		var fresh string
		field(t, p, "token", &fresh)
		if fresh == "" || fresh == rotated {
			t.Fatalf("rotateDeviceToken: %s", resp.Body)
		}
		deletedID, deleted := registerDevice(t, owner, fleetID, "Gone")
		if p, resp := mutate(t, owner.Client, deleteDeviceOp, "deleteDevice", map[string]any{"id": deletedID}); outcome(t, p, resp) != "ok" {
			t.Fatalf("deleteDevice: %s", resp.Body)
		}

		reference := bearer(t, srv, "acd_sess_"+strings.Repeat("A", 43)).Do(thisDeviceOp, nil, nil)
		if reference.Status != http.StatusUnauthorized {
			t.Fatalf("bad session token: %d %s", reference.Status, reference.Body)
		}
		for name, secret := range map[string]string{
			"unknown":   "acd_dev_" + strings.Repeat("A", 43),
			"malformed": "acd_dev_",
			"too long":  "acd_dev_" + strings.Repeat("A", 200),
			"rotated":   rotated,
			"deleted":   deleted,
		} {
			resp := bearer(t, srv, secret).Do(thisDeviceOp, nil, nil)
			if resp.Status != http.StatusUnauthorized || string(resp.Body) != string(reference.Body) ||
				resp.Header.Get("WWW-Authenticate") != reference.Header.Get("WWW-Authenticate") {
				t.Errorf("case=%s: %d %s, want %d %s", name, resp.Status, resp.Body, reference.Status, reference.Body)
			}
		}
		var out thisDevice
		if resp := bearer(t, srv, fresh).Do(thisDeviceOp, nil, &out); out.Device == nil || out.Device.ID != devID {
			t.Fatalf("the rotated-to token: %s", resp.Body)
		}
	})
}

// TestDeviceTokenAsCookie: a device or provisioning token in the session cookie is no
// session: the request goes on anonymous and the cookie is cleared.
func TestDeviceTokenAsCookie(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite")
	owner := srv.NewAccount(t, "owner@example.test")
	fleetID := newFleet(t, owner, "Yard")
	_, tok := registerDevice(t, owner, fleetID, "Gate")
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ viewer { id } device { id } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: "accountd_session", Value: tok})
	resp := srv.Client(t).Send(req)
	if resp.Status != http.StatusOK || string(resp.Data) != `{"viewer":null,"device":null}` {
		t.Fatalf("device token as cookie: %d %s", resp.Status, resp.Body)
	}
	if !strings.Contains(resp.Header.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("the cookie was not cleared: %v", resp.Header)
	}
}

// createPrvKey creates a provisioning key as a and returns its id and secret.
func createPrvKey(t *testing.T, a *account, fleetID string, maxDevices *int, expires *time.Time) (id, key string) {
	t.Helper()
	vars := map[string]any{"id": fleetID, "name": "Factory line 3"}
	if maxDevices != nil {
		vars["max"] = *maxDevices
	}
	if expires != nil {
		vars["expires"] = expires.Format(time.RFC3339Nano)
	}
	p, resp := mutate(t, a.Client, createPrvKeyOp, "createProvisioningKey", vars)
	var k struct{ ID, Prefix string }
	field(t, p, "provisioningKey", &k)
	field(t, p, "key", &key)
	if k.ID == "" || !strings.HasPrefix(key, "acd_prv_") || !strings.HasPrefix(key, k.Prefix) || len(k.Prefix) != len("acd_prv_")+8 {
		t.Fatalf("createProvisioningKey: %s", resp.Body)
	}
	return k.ID, key
}

// TestProvisioningKey: a provisioning key registers devices into its fleet, each with
// its own token, and does nothing else; it is listed (without the key) and revoked on
// the fleet; it stops at its expiry.
func TestProvisioningKey(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := newFleet(t, owner, "Orchard")
		otherFleet := newFleet(t, owner, "Other")
		expires := srv.Clock.Now().Add(time.Hour)
		keyID, key := createPrvKey(t, owner, fleetID, nil, &expires)
		prv := bearer(t, srv, key)

		p, resp := mutate(t, prv, provisionOp, "provisionDevice", map[string]any{"name": "Sprinkler 1"})
		var d struct{ ID, FleetID string }
		var devToken string
		field(t, p, "device", &d)
		field(t, p, "token", &devToken)
		if d.FleetID != fleetID || !strings.HasPrefix(devToken, "acd_dev_") {
			t.Fatalf("provisionDevice: %s", resp.Body)
		}
		var me thisDevice
		if resp := bearer(t, srv, devToken).Do(thisDeviceOp, nil, &me); me.Device == nil || me.Device.ID != d.ID || me.Device.FleetName != "Orchard" {
			t.Fatalf("the provisioned device's token: %s", resp.Body)
		}

		t.Run("case=listed without the key", func(t *testing.T) {
			resp := owner.Client.Do(prvKeysOp, map[string]any{"id": fleetID}, nil)
			if len(resp.Errors) > 0 || !strings.Contains(string(resp.Body), keyID) || !strings.Contains(string(resp.Body), `"devicesRegistered":1`) ||
				strings.Contains(string(resp.Body), key) {
				t.Fatalf("provisioningKeys: %s", resp.Body)
			}
			stored := srv.App.Store.Client.ProvisioningKey.GetX(context.Background(), keyID)
			if strings.Contains(string(stored.KeyHash), key) || len(stored.KeyHash) != 32 {
				t.Fatalf("key stored as %x", stored.KeyHash)
			}
		})

		t.Run("case=does nothing else", func(t *testing.T) {
			var v struct {
				Viewer *struct{ ID string }
				Device *struct{ ID string }
			}
			if resp := prv.Do(`{ viewer { id } device { id } }`, nil, &v); len(resp.Errors) > 0 || v.Viewer != nil || v.Device != nil {
				t.Fatalf("viewer/device with a provisioning key: %s", resp.Body)
			}
			for _, id := range []string{fleetID, otherFleet} {
				var n struct{ Node map[string]any }
				if resp := prv.Do(fleetNodeOp, map[string]any{"id": id}, &n); n.Node != nil {
					t.Fatalf("a provisioning key reads a fleet: %s", resp.Body)
				}
			}
			for name, op := range map[string]operation{
				"createFleet":    {createFleetOp, map[string]any{"name": "Mine"}},
				"registerDevice": {registerDeviceOp, map[string]any{"id": otherFleet, "name": "Twin"}},
				"deleteDevice":   {deleteDeviceOp, map[string]any{"id": d.ID}},
				"revokeKey":      {revokePrvKeyOp, map[string]any{"id": keyID}},
			} {
				resp := prv.Do(op.query, op.vars, nil)
				if resp.Code() != "FORBIDDEN" || !strings.Contains(resp.Errors[0].Message, "provisioning key") {
					t.Errorf("%s with a provisioning key: %s", name, resp.Body)
				}
			}
			// A person's credential cannot provision: it registers devices instead.
			resp := owner.Client.Do(provisionOp, map[string]any{"name": "x"}, nil)
			if resp.Code() != "FORBIDDEN" {
				t.Fatalf("provisionDevice with a session: %s", resp.Body)
			}
			if resp := srv.Client(t).Do(provisionOp, map[string]any{"name": "x"}, nil); resp.Code() != "UNAUTHENTICATED" {
				t.Fatalf("provisionDevice anonymous: %s", resp.Body)
			}
		})

		t.Run("case=bad input", func(t *testing.T) {
			p, resp := mutate(t, prv, provisionOp, "provisionDevice", map[string]any{"name": strings.Repeat("x", 101)})
			if outcome(t, p, resp) != "INVALID_INPUT" {
				t.Fatalf("long name: %s", resp.Body)
			}
			past := srv.Clock.Now().Add(-time.Minute).Format(time.RFC3339)
			p, resp = mutate(t, owner.Client, createPrvKeyOp, "createProvisioningKey", map[string]any{"id": fleetID, "name": " ", "max": 0, "expires": past})
			if got := outcome(t, p, resp); got != "INVALID_INPUT,INVALID_INPUT,INVALID_INPUT" {
				t.Fatalf("bad key input: %s", resp.Body)
			}
		})

		t.Run("case=expires", func(t *testing.T) {
			_, shortKey := createPrvKey(t, owner, otherFleet, nil, ptr(srv.Clock.Now().Add(time.Minute)))
			srv.Clock.Advance(time.Minute)
			if resp := bearer(t, srv, shortKey).Do(provisionOp, map[string]any{"name": "late"}, nil); resp.Status != http.StatusUnauthorized {
				t.Fatalf("expired provisioning key: %d %s", resp.Status, resp.Body)
			}
		})

		t.Run("case=revoked", func(t *testing.T) {
			p, resp := mutate(t, owner.Client, revokePrvKeyOp, "revokeProvisioningKey", map[string]any{"id": keyID})
			if outcome(t, p, resp) != "ok" {
				t.Fatalf("revokeProvisioningKey: %s", resp.Body)
			}
			if resp := prv.Do(provisionOp, map[string]any{"name": "after"}, nil); resp.Status != http.StatusUnauthorized {
				t.Fatalf("revoked provisioning key: %d %s", resp.Status, resp.Body)
			}
			// The devices it registered keep working.
			if resp := bearer(t, srv, devToken).Do(thisDeviceOp, nil, &me); me.Device == nil {
				t.Fatalf("device of a revoked key: %s", resp.Body)
			}
		})
	})
}

func ptr[T any](v T) *T { return &v }

// TestProvisionMaxDevicesUnderConcurrency: 20 concurrent provisionDevice calls against
// maxDevices 5 make exactly 5 devices; the other 15 get DEVICE_LIMIT_REACHED.
func TestProvisionMaxDevicesUnderConcurrency(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := newFleet(t, owner, "Swarm")
		keyID, key := createPrvKey(t, owner, fleetID, ptr(5), nil)
		const calls = 20
		outcomes := make([]string, calls)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range calls {
			wg.Go(func() {
				c := bearer(t, srv, key)
				<-start
				p, resp := mutate(t, c, provisionOp, "provisionDevice", map[string]any{"name": "Drone"})
				outcomes[i] = outcome(t, p, resp)
			})
		}
		close(start)
		wg.Wait()
		counts := map[string]int{}
		for _, o := range outcomes {
			counts[o]++
		}
		if counts["ok"] != 5 || counts["DEVICE_LIMIT_REACHED"] != calls-5 {
			t.Fatalf("outcomes %v, want 5 ok and %d DEVICE_LIMIT_REACHED", counts, calls-5)
		}
		db := srv.App.Store.Client
		if n := db.Device.Query().Where(device.FleetID(fleetID)).CountX(context.Background()); n != 5 {
			t.Fatalf("%d devices, want 5", n)
		}
		if k := db.ProvisioningKey.Query().Where(provisioningkey.ID(keyID)).OnlyX(context.Background()); k.DevicesRegistered != 5 {
			t.Fatalf("devicesRegistered %d, want 5", k.DevicesRegistered)
		}
	})
}

// TestProvisioningKeyRevokedMidRequest: a request that authenticated with a key that is
// revoked before it acts registers nothing (the key is checked again in the
// transaction that registers).
func TestProvisioningKeyRevokedMidRequest(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := newFleet(t, owner, "Swarm")
		keyID, key := createPrvKey(t, owner, fleetID, nil, nil)
		v, err := srv.App.Auth.Authenticate(context.Background(), key)
		if err != nil || v.Kind != viewer.ProvisioningKey {
			t.Fatalf("Authenticate: %+v %v", v, err)
		}
		ctx := viewer.NewContext(context.Background(), v) // the request, authenticated
		if p, resp := mutate(t, owner.Client, revokePrvKeyOp, "revokeProvisioningKey", map[string]any{"id": keyID}); outcome(t, p, resp) != "ok" {
			t.Fatalf("revoke: %s", resp.Body)
		}
		_, err = srv.App.Fleets.ProvisionDevice(ctx, "Late")
		if f, ok := fault.As(err); !ok || f.Code != fault.Unauthenticated || err != fleet.ErrKeyRevoked {
			t.Fatalf("ProvisionDevice after revocation: %v", err)
		}
		if n := srv.App.Store.Client.Device.Query().Where(device.FleetID(fleetID)).CountX(context.Background()); n != 0 {
			t.Fatalf("%d devices registered by a revoked key", n)
		}
	})
}

// TestProvisioningRateLimited: one provisioning key registers at most 60 devices a
// minute (limits.Provisioning), whatever its maxDevices; the next minute it goes on.
func TestProvisioningRateLimited(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := newFleet(t, owner, "Flood")
		_, key := createPrvKey(t, owner, fleetID, nil, nil)
		v, err := srv.App.Auth.Authenticate(context.Background(), key)
		if err != nil {
			t.Fatal(err)
		}
		ctx := viewer.NewContext(context.Background(), v)
		for i := range 60 {
			if _, err := srv.App.Fleets.ProvisionDevice(ctx, "unit"); err != nil {
				t.Fatalf("provision #%d: %v", i+1, err)
			}
		}
		p, resp := mutate(t, bearer(t, srv, key), provisionOp, "provisionDevice", map[string]any{"name": "one too many"})
		if got := outcome(t, p, resp); got != "RATE_LIMITED" {
			t.Fatalf("the 61st device within a minute: %s", resp.Body)
		}
		srv.Clock.Advance(time.Minute)
		if p, resp := mutate(t, bearer(t, srv, key), provisionOp, "provisionDevice", map[string]any{"name": "next minute"}); outcome(t, p, resp) != ok {
			t.Fatalf("a minute later: %s", resp.Body)
		}
		if n := srv.App.Store.Client.Device.Query().Where(device.FleetID(fleetID)).CountX(context.Background()); n != 61 {
			t.Fatalf("%d devices, want 61", n)
		}
	})
}
