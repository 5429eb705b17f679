package fleet_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/fleet"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/viewer"
)

// domain is the fleet Service on a fresh store, without HTTP.
func domain(t *testing.T, store string) (*fleet.Service, *ent.Client) {
	t.Helper()
	st := testkit.NewStore(t, store)
	box, err := seal.New(bytes.Repeat([]byte{7}, seal.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return fleet.NewService(fleet.Config{PublicURL: testkit.PublicURL}, fleet.Deps{DB: st.Client, Box: box}), st.Client
}

func newUser(t *testing.T, db *ent.Client, addr string) *ent.User {
	t.Helper()
	return db.User.Create().SetEmail(addr).SetEmailKey(addr).SaveX(context.Background())
}

func as(u *ent.User, kind viewer.Kind) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{UserID: u.ID, Kind: kind})
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// TestAccountDeletionCascades deletes an account's row (what deleteAccount does in the
// end) and counts what is left: the fleets it owned, their devices, members and
// invitations, and its memberships in others' fleets are gone, through the foreign
// keys' ON DELETE CASCADE of each store; other people's fleets stay whole.
func TestAccountDeletionCascades(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		s, db := domain(t, store)
		ctx := context.Background()
		ada, bob := newUser(t, db, "ada@example.test"), newUser(t, db, "bob@example.test")

		// Ada's fleet, with two devices, Bob as a member and a pending invitation.
		adas := must[*fleet.Fleet](t)(s.CreateFleet(as(ada, viewer.SessionToken), "Ada's"))
		for _, n := range []string{"a1", "a2"} {
			must[*fleet.RegisteredDevice](t)(s.RegisterDevice(as(ada, viewer.SessionToken), adas.ID, n))
		}
		db.FleetMember.Create().SetFleetID(adas.ID).SetUserID(bob.ID).SetRole(fleet.Developer).ExecX(ctx)
		must[*fleet.Invitation](t)(s.Invite(as(ada, viewer.SessionToken), adas.ID, "carol@example.test", fleet.Observer))
		// Bob's fleet, with a device, Ada as a member and Bob's own invitation.
		bobs := must[*fleet.Fleet](t)(s.CreateFleet(as(bob, viewer.SessionToken), "Bob's"))
		bobDevice := must[*fleet.RegisteredDevice](t)(s.RegisterDevice(as(bob, viewer.SessionToken), bobs.ID, "b1"))
		db.FleetMember.Create().SetFleetID(bobs.ID).SetUserID(ada.ID).SetRole(fleet.Observer).ExecX(ctx)
		must[*fleet.Invitation](t)(s.Invite(as(bob, viewer.SessionToken), bobs.ID, "dan@example.test", fleet.Observer))

		count := func() map[string]int {
			return map[string]int{
				"users":           db.User.Query().CountX(ctx),
				"fleets":          db.Fleet.Query().CountX(ctx),
				"fleet_members":   db.FleetMember.Query().CountX(ctx),
				"devices":         db.Device.Query().CountX(ctx),
				"one_time_tokens": db.OneTimeToken.Query().CountX(ctx),
				"invitations":     db.FleetInvitation.Query().CountX(ctx),
			}
		}
		before := count()
		want := map[string]int{"users": 2, "fleets": 2, "fleet_members": 4, "devices": 3, "one_time_tokens": 2, "invitations": 2}
		for k, v := range want {
			if before[k] != v {
				t.Fatalf("before: %s = %d, want %d", k, before[k], v)
			}
		}

		if err := db.User.DeleteOneID(ada.ID).Exec(ctx); err != nil {
			t.Fatalf("delete user: %v", err)
		}

		after := count()
		want = map[string]int{"users": 1, "fleets": 1, "fleet_members": 1, "devices": 1, "one_time_tokens": 1, "invitations": 1}
		for k, v := range want {
			if after[k] != v {
				t.Errorf("after: %s = %d, want %d", k, after[k], v)
			}
		}
		if n := db.FleetMember.Query().Where(fleetmember.UserID(ada.ID)).CountX(ctx); n != 0 {
			t.Errorf("%d memberships of the deleted account remain", n)
		}
		// Bob's fleet is whole and works.
		f, err := s.Fleet(as(bob, viewer.SessionToken), bobs.ID)
		if err != nil || f.Name != "Bob's" || f.OwnerID != bob.ID {
			t.Fatalf("Bob's fleet after Ada's deletion: %+v %v", f, err)
		}
		if _, err := s.Device(as(bob, viewer.SessionToken), bobDevice.Device.ID); err != nil {
			t.Fatalf("Bob's device: %v", err)
		}
		if _, err := s.Fleet(as(bob, viewer.SessionToken), adas.ID); !errors.Is(err, fleet.ErrNotFound) {
			t.Fatalf("Ada's fleet for Bob: %v, want ErrNotFound", err)
		}
	})
}

// TestAPIKeyViewerActsAsUser: the authorizer does not look at the kind of credential;
// an API key has its owner's rights in fleets, no more, no less. (The HTTP column of
// the matrix test waits for createApiKey from the API-keys branch.)
func TestAPIKeyViewerActsAsUser(t *testing.T) {
	t.Parallel()
	s, db := domain(t, "sqlite")
	ada, eve := newUser(t, db, "ada@example.test"), newUser(t, db, "eve@example.test")
	key := as(ada, viewer.APIKey)
	f := must[*fleet.Fleet](t)(s.CreateFleet(key, "By key"))
	if _, err := s.RenameFleet(key, f.ID, "Renamed by key"); err != nil {
		t.Fatalf("owner's key renames: %v", err)
	}
	d := must[*fleet.RegisteredDevice](t)(s.RegisterDevice(key, f.ID, "d"))
	if _, err := s.Device(as(eve, viewer.APIKey), d.Device.ID); !errors.Is(err, fleet.ErrNotFound) {
		t.Fatalf("a stranger's key reads a device: %v, want ErrNotFound", err)
	}
	db.FleetMember.Create().SetFleetID(f.ID).SetUserID(eve.ID).SetRole(fleet.Observer).ExecX(context.Background())
	if err := s.DeleteDevice(as(eve, viewer.APIKey), d.Device.ID); !errors.Is(err, fleet.ErrForbidden) {
		t.Fatalf("an observer's key deletes a device: %v, want ErrForbidden", err)
	}
	if err := s.DeleteFleet(key, f.ID); err != nil {
		t.Fatalf("owner's key deletes the fleet: %v", err)
	}
}

// TestAccountVanishedBeforeTheWrite: a request authenticated as an account that is
// deleted before its write (deleteAccount committing mid-request) hits the foreign key
// to the account; the answer is UNAUTHENTICATED, like for any request without a live
// account, never an internal error (issue 18, item 12, widened to the fleet writes).
func TestAccountVanishedBeforeTheWrite(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		svc, db := domain(t, store)
		owner := newUser(t, db, "owner@example.com")
		f := must[*fleet.Fleet](t)(svc.CreateFleet(as(owner, viewer.SessionToken), "Kept"))
		gone := newUser(t, db, "gone@example.com")
		ctx := as(gone, viewer.SessionToken)                     // authenticated as gone ...
		db.User.DeleteOneID(gone.ID).ExecX(context.Background()) // ... then deleted
		_, err := svc.CreateFleet(ctx, "Orphan")
		if !errors.Is(err, fleet.ErrUnauthenticated) {
			t.Fatalf("createFleet: %v", err)
		}
		// The live owner's writes go on as before.
		if _, err := svc.RenameFleet(as(owner, viewer.SessionToken), f.ID, "Still kept"); err != nil {
			t.Fatalf("renameFleet by the owner: %v", err)
		}
		if n := db.Fleet.Query().CountX(context.Background()); n != 1 {
			t.Fatalf("%d fleets", n)
		}
	})
}

// TestFleetAndDeviceNamesAreNormalised: fleet and device names take the form of the
// PRECIS Nickname profile, and the profile's refusals come back on the name field
// (issue 18, item 11; TestEveryNameFieldIsANickname walks them over GraphQL).
func TestFleetAndDeviceNamesAreNormalised(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		svc, db := domain(t, store)
		ctx := as(newUser(t, db, "owner@example.com"), viewer.SessionToken)
		f := must[*fleet.Fleet](t)(svc.CreateFleet(ctx, " Ｂｉｇ\u00a0 fleet "))
		if f.Name != "Big fleet" {
			t.Fatalf("fleet name %q", f.Name)
		}
		d := must[*fleet.RegisteredDevice](t)(svc.RegisterDevice(ctx, f.ID, "sensor\u2003 1"))
		if d.Device.Name != "sensor 1" {
			t.Fatalf("device name %q", d.Device.Name)
		}
		for _, bad := range []string{"a\nb", "\u202eexe", "\x1b[0m"} {
			_, err := svc.RenameFleet(ctx, f.ID, bad)
			if fe, ok := fault.As(err); !ok || fe.Code != fault.InvalidInput || len(fe.Field) != 2 || fe.Field[1] != "name" {
				t.Fatalf("renameFleet %q: %v", bad, err)
			}
		}
	})
}
