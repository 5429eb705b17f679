package fleet_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/device"
	"github.com/accountd/accountd/ent/fleetinvitation"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

const invitationLink = testkit.PublicURL + "/accept-invitation?token="

// createFleet creates a fleet as c and returns its id.
func createFleet(t *testing.T, c *testkit.Client, name string) string {
	t.Helper()
	p, resp := mutate(t, c, createFleetOp, "createFleet", map[string]any{"name": name})
	if got := outcome(t, p, resp); got != ok {
		t.Fatalf("createFleet: %s %s", got, resp.Body)
	}
	var f struct{ ID, ViewerRole string }
	field(t, p, "fleet", &f)
	if f.ViewerRole != "OWNER" {
		t.Fatalf("creator's role = %s, want OWNER", f.ViewerRole)
	}
	return f.ID
}

// invite invites addr into a fleet and returns the outcome.
func invite(t *testing.T, c *testkit.Client, fleetID, addr, role string) string {
	t.Helper()
	p, resp := mutate(t, c, inviteOp, "inviteFleetMember", map[string]any{"id": fleetID, "email": addr, "role": role})
	return outcome(t, p, resp)
}

// accept redeems an invitation token as c and returns the outcome and the role.
func accept(t *testing.T, c *testkit.Client, tok string) (string, string) {
	t.Helper()
	p, resp := mutate(t, c, acceptOp, "acceptFleetInvitation", map[string]any{"token": tok})
	got := outcome(t, p, resp)
	var f *struct{ ID, ViewerRole string }
	if got == ok {
		field(t, p, "fleet", &f)
	}
	if f == nil {
		return got, ""
	}
	return got, f.ViewerRole
}

// TestInvitation follows invitations end to end: the email, its link, the binding to
// the invited address, single use, expiry and revocation.
func TestInvitation(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := createFleet(t, owner.Client, "Greenhouse")

		t.Run("case=an address without an account signs up, then accepts", func(t *testing.T) {
			if got := invite(t, owner.Client, fleetID, "Newbie@Example.test", "OPERATOR"); got != ok {
				t.Fatalf("invite: %s", got)
			}
			m := srv.SMTP.WaitFor(t, func(m testkit.Email) bool {
				return m.FirstLink(invitationLink) != "" && m.To[0] == "Newbie@Example.test"
			}, 10*time.Second)
			if !strings.Contains(m.Text, "Greenhouse") || !strings.Contains(m.Text, "owner@example.test") || !strings.Contains(m.Text, "7 days") {
				t.Fatalf("invitation email lacks the fleet, the inviter or the lifetime:\n%s", m.Text)
			}
			tok := strings.TrimPrefix(m.FirstLink(invitationLink), invitationLink)
			if !strings.HasPrefix(tok, token.Invitation) {
				t.Fatalf("token %q lacks prefix %s", tok, token.Invitation)
			}
			// The address was typed in another case: the normalised key matches.
			newbie := srv.NewAccount(t, "newbie@example.test")
			if got, role := accept(t, newbie.Client, tok); got != ok || role != "OPERATOR" {
				t.Fatalf("accept: %s %s", got, role)
			}
			if got, _ := accept(t, newbie.Client, tok); got != "INVALID_TOKEN" {
				t.Fatalf("second accept: %s, want INVALID_TOKEN", got)
			}
			if got := invite(t, owner.Client, fleetID, "newbie@example.test", "OBSERVER"); got != "ALREADY_MEMBER" {
				t.Fatalf("invite a member: %s, want ALREADY_MEMBER", got)
			}
		})

		t.Run("case=a forwarded link does not work for another account", func(t *testing.T) {
			alice := srv.NewAccount(t, "alice@example.test")
			mallory := srv.NewAccount(t, "mallory@example.test")
			if got := invite(t, owner.Client, fleetID, alice.Email, "DEVELOPER"); got != ok {
				t.Fatalf("invite: %s", got)
			}
			tok := srv.LinkToken(t, alice.Email, invitationLink, 1)
			if got, _ := accept(t, mallory.Client, tok); got != "INVALID_TOKEN" {
				t.Fatalf("accept by another account: %s, want INVALID_TOKEN", got)
			}
			if got, _ := accept(t, srv.Client(t), tok); got != "UNAUTHENTICATED" {
				t.Fatalf("accept without logging in: %s, want UNAUTHENTICATED", got)
			}
			if got, role := accept(t, alice.Client, tok); got != ok || role != "DEVELOPER" {
				t.Fatalf("accept by the invited account after the refusals: %s %s", got, role)
			}
		})

		t.Run("case=a revoked invitation does not work", func(t *testing.T) {
			bob := srv.NewAccount(t, "bob@example.test")
			if got := invite(t, owner.Client, fleetID, bob.Email, "OBSERVER"); got != ok {
				t.Fatalf("invite: %s", got)
			}
			tok := srv.LinkToken(t, bob.Email, invitationLink, 1)
			var out struct {
				Node struct {
					Invitations struct {
						Edges []struct {
							Node struct{ ID, Email, Role string }
						}
					}
				}
			}
			owner.Client.Do(invitationsOp, map[string]any{"id": fleetID}, &out)
			var invID string
			for _, e := range out.Node.Invitations.Edges {
				if e.Node.Email == bob.Email {
					invID = e.Node.ID
				}
			}
			if invID == "" {
				t.Fatalf("fleet.invitations lacks bob's: %+v", out)
			}
			// An invitation is its own entity, with its own id prefix.
			if !strings.HasPrefix(invID, "inv_") {
				t.Fatalf("invitation id %q, want inv_...", invID)
			}
			ctx := context.Background()
			inv := srv.App.Store.Client.FleetInvitation.Query().Where(fleetinvitation.ID(invID)).WithToken().OnlyX(ctx)
			if inv.FleetID != fleetID || string(inv.Role) != "OBSERVER" || inv.Edges.Token == nil {
				t.Fatalf("stored invitation = %+v", inv)
			}
			p, resp := mutate(t, owner.Client, revokeOp, "revokeFleetInvitation", map[string]any{"id": invID})
			if got := outcome(t, p, resp); got != ok {
				t.Fatalf("revoke: %s", got)
			}
			if got, _ := accept(t, bob.Client, tok); got != "INVALID_TOKEN" {
				t.Fatalf("accept revoked: %s, want INVALID_TOKEN", got)
			}
			// Revoking deleted the invitation and, through the foreign key, its token.
			if n := srv.App.Store.Client.OneTimeToken.Query().Where(onetimetoken.ID(inv.Edges.Token.ID)).CountX(ctx); n != 0 {
				t.Fatalf("the revoked invitation's token is still stored")
			}
		})

		t.Run("case=bad invitations", func(t *testing.T) {
			db := srv.App.Store.Client
			ctx := context.Background()
			before := db.OneTimeToken.Query().Where(onetimetoken.PurposeEQ(onetimetoken.PurposeFleetInvitation)).CountX(ctx)
			for _, tc := range []struct{ name, email, role, want string }{
				{"invalid email", "not an address", "OBSERVER", "INVALID_EMAIL"},
				{"two recipients", "a@example.test, b@example.test", "OBSERVER", "INVALID_EMAIL"},
				{"owner role", "carol@example.test", "OWNER", "INVALID_INPUT"},
				{"the owner", "OWNER@example.test", "OBSERVER", "ALREADY_MEMBER"},
			} {
				if got := invite(t, owner.Client, fleetID, tc.email, tc.role); got != tc.want {
					t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
				}
			}
			if after := db.OneTimeToken.Query().Where(onetimetoken.PurposeEQ(onetimetoken.PurposeFleetInvitation)).CountX(ctx); after != before {
				t.Fatalf("refused invitations left tokens: %d -> %d", before, after)
			}
		})
	})
}

// TestInvitationLimitNeedsTheRight: someone who cannot invite into a fleet cannot use
// up an address's invitation allowance either: the address is counted only for
// invitations its sender may send.
func TestInvitationLimitNeedsTheRight(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite")
	owner := srv.NewAccount(t, "owner@example.test")
	mallory := srv.NewAccount(t, "mallory@example.test")
	fleetID := createFleet(t, owner.Client, "Greenhouse")
	for range 20 {
		if got := invite(t, mallory.Client, fleetID, "victim@example.test", "OBSERVER"); got != "NOT_FOUND" {
			t.Fatalf("a stranger's invitation: %s, want NOT_FOUND", got)
		}
	}
	if got := invite(t, owner.Client, fleetID, "victim@example.test", "OBSERVER"); got != ok {
		t.Fatalf("the owner's invitation after a stranger's 20 attempts: %s", got)
	}
}

// TestInvitationExpires: an invitation works for 7 days, not a second more.
// TestInvitationLimits: fleets cannot be used to make accountd mail without end: one
// address receives at most 10 invitations a day, from anyone, and one person sends at
// most 50 an hour; past either, RATE_LIMITED, and no email goes out.
func TestInvitationLimits(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite")
	alice := srv.NewAccount(t, "alice@example.test")
	bob := srv.NewAccount(t, "bob@example.test")
	aliceFleet, bobFleet := createFleet(t, alice.Client, "A"), createFleet(t, bob.Client, "B")
	mailsTo := func(addr string) int {
		n := 0
		for _, m := range srv.SMTP.Messages() {
			if m.To[0] == addr {
				n++
			}
		}
		return n
	}

	// To one address: 10 a day, whoever sends them.
	for i := range 10 {
		c, f := alice.Client, aliceFleet
		if i%2 == 1 {
			c, f = bob.Client, bobFleet
		}
		if got := invite(t, c, f, "victim@example.test", "OBSERVER"); got != ok {
			t.Fatalf("invitation %d: %s", i+1, got)
		}
	}
	srv.SMTP.WaitFor(t, func(testkit.Email) bool { return mailsTo("victim@example.test") == 10 }, 10*time.Second)
	for _, who := range []*account{alice, bob} {
		if got := invite(t, who.Client, map[*account]string{alice: aliceFleet, bob: bobFleet}[who], "Victim@Example.test", "OBSERVER"); got != "RATE_LIMITED" {
			t.Fatalf("11th invitation to one address, by %s: %s, want RATE_LIMITED", who.Email, got)
		}
	}
	time.Sleep(200 * time.Millisecond) // the outbox would have sent a refused one by now
	if n := mailsTo("victim@example.test"); n != 10 {
		t.Fatalf("the address got %d invitations, want 10", n)
	}
	srv.Clock.Advance(24 * time.Hour)
	if got := invite(t, alice.Client, aliceFleet, "victim@example.test", "OBSERVER"); got != ok {
		t.Fatalf("a day later: %s", got)
	}

	// From one person: 50 an hour (alice's earlier ones are in windows that ended).
	srv.Clock.Advance(time.Hour)
	for i := range 50 {
		if got := invite(t, alice.Client, aliceFleet, fmt.Sprintf("guest%d@example.test", i), "OBSERVER"); got != ok {
			t.Fatalf("invitation %d of the hour: %s", i+1, got)
		}
	}
	if got := invite(t, alice.Client, aliceFleet, "guest50@example.test", "OBSERVER"); got != "RATE_LIMITED" {
		t.Fatalf("51st invitation of the hour: %s, want RATE_LIMITED", got)
	}
	if got := invite(t, bob.Client, bobFleet, "guest50@example.test", "OBSERVER"); got != ok {
		t.Fatalf("another person's invitation: %s", got)
	}
	srv.SMTP.WaitFor(t, func(testkit.Email) bool { return mailsTo("guest50@example.test") >= 1 }, 10*time.Second)
	time.Sleep(200 * time.Millisecond) // the outbox would have sent a refused one by now
	if n := mailsTo("guest50@example.test"); n != 1 {
		t.Fatalf("guest50 got %d invitations, want 1 (bob's)", n)
	}
}

func TestInvitationExpires(t *testing.T) {
	// Sessions outlive the invitation here (the option below), so the refusal is the
	// invitation's.
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		owner := srv.NewAccount(t, "owner@example.test")
		late := srv.NewAccount(t, "late@example.test")
		fleetID := createFleet(t, owner.Client, "Barn")
		if got := invite(t, owner.Client, fleetID, late.Email, "OBSERVER"); got != ok {
			t.Fatalf("invite: %s", got)
		}
		tok := srv.LinkToken(t, late.Email, invitationLink, 1)
		srv.Clock.Advance(7 * 24 * time.Hour)
		if got := db(srv).OneTimeToken.Query().Where(onetimetoken.ExpiresAtGT(srv.Clock.Now())).CountX(context.Background()); got != 0 {
			t.Fatalf("an invitation lives longer than 7 days")
		}
		srv.Clock.Advance(time.Second)
		if got, _ := accept(t, late.Client, tok); got != "INVALID_TOKEN" {
			t.Fatalf("accept after 7 days: %s, want INVALID_TOKEN", got)
		}
	}, func(c *config.Config) { c.SessionTTL = 30 * 24 * time.Hour })
}

// TestBadInput: unknown ids, ids of the wrong type, bad names and the owner's
// membership get typed userErrors and change nothing.
func TestBadInput(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		c := owner.Client
		fleetID := createFleet(t, c, "Orchard")
		p, _ := mutate(t, c, registerDeviceOp, "registerDevice", map[string]any{"id": fleetID, "name": "Pump"})
		var d struct{ ID string }
		field(t, p, "device", &d)
		db := srv.App.Store.Client
		ownerMember := db.FleetMember.Query().Where(fleetmember.FleetID(fleetID)).OnlyX(context.Background())

		long := strings.Repeat("x", 101)
		for _, tc := range []struct {
			name, query, field string
			vars               map[string]any
			want               string
		}{
			{"unknown fleet", renameFleetOp, "renameFleet", map[string]any{"id": "flt_01JD6Z8Q1V3Q2W5M1Y0X4S7T9B", "name": "x"}, "NOT_FOUND"},
			{"device id as fleet id", deleteFleetOp, "deleteFleet", map[string]any{"id": d.ID}, "NOT_FOUND"},
			{"fleet id as device id", deleteDeviceOp, "deleteDevice", map[string]any{"id": fleetID}, "NOT_FOUND"},
			{"garbage id", registerDeviceOp, "registerDevice", map[string]any{"id": "'; DROP TABLE fleets; --", "name": "x"}, "NOT_FOUND"},
			{"user id as member id", removeMemberOp, "removeFleetMember", map[string]any{"id": owner.ID}, "NOT_FOUND"},
			{"fleet name too long", createFleetOp, "createFleet", map[string]any{"name": long}, "INVALID_INPUT"},
			{"fleet name empty", renameFleetOp, "renameFleet", map[string]any{"id": fleetID, "name": "  "}, "INVALID_INPUT"},
			{"device name too long", registerDeviceOp, "registerDevice", map[string]any{"id": fleetID, "name": long}, "INVALID_INPUT"},
			{"device name of 26 emoji (104 bytes)", renameDeviceOp, "renameDevice", map[string]any{"id": d.ID, "name": strings.Repeat("🌱", 26)}, "INVALID_INPUT"},
			{"remove the owner", removeMemberOp, "removeFleetMember", map[string]any{"id": ownerMember.ID}, "LAST_OWNER"},
			{"demote the owner", updateMemberOp, "updateFleetMember", map[string]any{"id": ownerMember.ID, "role": "OBSERVER"}, "LAST_OWNER"},
			{"owner leaves", leaveFleetOp, "leaveFleet", map[string]any{"id": fleetID}, "LAST_OWNER"},
			{"make someone owner by role", updateMemberOp, "updateFleetMember", map[string]any{"id": ownerMember.ID, "role": "OWNER"}, "INVALID_INPUT"},
			{"bad invitation token", acceptOp, "acceptFleetInvitation", map[string]any{"token": "acd_inv_nope"}, "INVALID_TOKEN"},
		} {
			t.Run("case="+tc.name, func(t *testing.T) {
				p, resp := mutate(t, c, tc.query, tc.field, tc.vars)
				if got := outcome(t, p, resp); got != tc.want {
					t.Fatalf("got %s, want %s (%s)", got, tc.want, resp.Body)
				}
			})
		}
		ctx := context.Background()
		if n := db.Fleet.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d fleets after the refusals, want 1", n)
		}
		if got := db.Device.GetX(ctx, d.ID).Name; got != "Pump" {
			t.Fatalf("device renamed to %q by a refused call", got)
		}
		if n := db.FleetMember.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d members after the refusals, want 1", n)
		}
	})
}

// TestDevices: a device token is shown once with its prefix and stored only as its
// SHA-256; rename and delete work; a fleet's deletion takes its devices.
func TestDevices(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		c := owner.Client
		fleetID := createFleet(t, c, "Vineyard")
		p, resp := mutate(t, c, registerDeviceOp, "registerDevice", map[string]any{"id": fleetID, "name": " Valve 1 "})
		if got := outcome(t, p, resp); got != ok {
			t.Fatalf("registerDevice: %s", got)
		}
		var d struct{ ID, Name, FleetID string }
		var tok string
		field(t, p, "device", &d)
		field(t, p, "token", &tok)
		if d.Name != "Valve 1" || d.FleetID != fleetID || !strings.HasPrefix(tok, token.Device) {
			t.Fatalf("device %+v token %q", d, tok)
		}
		ctx := context.Background()
		db := srv.App.Store.Client
		if got := db.Device.GetX(ctx, d.ID).TokenHash; !token.Equal(got, token.Hash(tok)) {
			t.Fatal("stored token hash is not the SHA-256 of the token")
		}
		if strings.Contains(srv.Logs.String(), tok) {
			t.Fatal("the device token reached the log")
		}
		p, resp = mutate(t, c, renameDeviceOp, "renameDevice", map[string]any{"id": d.ID, "name": "Valve A"})
		if got := outcome(t, p, resp); got != ok || db.Device.GetX(ctx, d.ID).Name != "Valve A" {
			t.Fatalf("renameDevice: %s", got)
		}
		p, resp = mutate(t, c, deleteDeviceOp, "deleteDevice", map[string]any{"id": d.ID})
		if got := outcome(t, p, resp); got != ok || db.Device.Query().Where(device.ID(d.ID)).ExistX(ctx) {
			t.Fatalf("deleteDevice: %s", got)
		}
		mutate(t, c, registerDeviceOp, "registerDevice", map[string]any{"id": fleetID, "name": "Valve 2"})
		p, resp = mutate(t, c, deleteFleetOp, "deleteFleet", map[string]any{"id": fleetID})
		if got := outcome(t, p, resp); got != ok {
			t.Fatalf("deleteFleet: %s", got)
		}
		if n := db.Device.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d devices survived their fleet", n)
		}
		if n := db.FleetMember.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d memberships survived their fleet", n)
		}
	})
}

// TestTransferOwnership: the new owner gets everything, the old one becomes a
// DEVELOPER and loses the owner's rights at the next request.
func TestTransferOwnership(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		heir := srv.NewAccount(t, "heir@example.test")
		fleetID := createFleet(t, owner.Client, "Estate")
		if got := invite(t, owner.Client, fleetID, heir.Email, "OBSERVER"); got != ok {
			t.Fatalf("invite: %s", got)
		}
		if got, _ := accept(t, heir.Client, srv.LinkToken(t, heir.Email, invitationLink, 1)); got != ok {
			t.Fatalf("accept: %s", got)
		}
		m := srv.App.Store.Client.FleetMember.Query().Where(fleetmember.FleetID(fleetID), fleetmember.UserID(heir.ID)).OnlyX(context.Background())
		p, resp := mutate(t, owner.Client, transferOp, "transferFleetOwnership", map[string]any{"id": fleetID, "member": m.ID})
		if got := outcome(t, p, resp); got != ok {
			t.Fatalf("transfer: %s", got)
		}
		p, resp = mutate(t, owner.Client, deleteFleetOp, "deleteFleet", map[string]any{"id": fleetID})
		if got := outcome(t, p, resp); got != forbidden {
			t.Fatalf("previous owner deletes: %s, want FORBIDDEN", got)
		}
		f := srv.App.Store.Client.Fleet.GetX(context.Background(), fleetID)
		if f.OwnerID != heir.ID {
			t.Fatalf("owner_id = %s, want %s", f.OwnerID, heir.ID)
		}
		p, resp = mutate(t, heir.Client, leaveFleetOp, "leaveFleet", map[string]any{"id": fleetID})
		if got := outcome(t, p, resp); got != "LAST_OWNER" {
			t.Fatalf("new owner leaves: %s, want LAST_OWNER", got)
		}
	})
}

func db(srv *testkit.Server) *ent.Client { return srv.App.Store.Client }

// TestConcurrentTransfersKeepOneOwner: ten concurrent transfers to two members end with
// exactly one owner, whose member row and the fleet agree (ASVS 15.4.2;
// SECURITY.md row 28).
func TestConcurrentTransfersKeepOneOwner(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := createFleet(t, owner.Client, "Contested")
		var heirs []string
		for i, addr := range []string{"a@example.test", "b@example.test"} {
			heir := srv.NewAccount(t, addr)
			if got := invite(t, owner.Client, fleetID, heir.Email, "DEVELOPER"); got != ok {
				t.Fatalf("invite: %s", got)
			}
			if got, _ := accept(t, heir.Client, srv.LinkToken(t, heir.Email, invitationLink, 1)); got != ok {
				t.Fatalf("accept %d: %s", i, got)
			}
			m := db(srv).FleetMember.Query().Where(fleetmember.FleetID(fleetID), fleetmember.UserID(heir.ID)).OnlyX(context.Background())
			heirs = append(heirs, m.ID)
		}
		var mu sync.Mutex
		wins := 0
		var wg sync.WaitGroup
		for i := range 10 {
			wg.Go(func() {
				p, resp := mutate(t, owner.Client, transferOp, "transferFleetOwnership", map[string]any{"id": fleetID, "member": heirs[i%2]})
				if outcome(t, p, resp) == ok {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("%d transfers succeeded, want 1", wins)
		}
		owners := db(srv).FleetMember.Query().Where(fleetmember.FleetID(fleetID), fleetmember.RoleEQ(fleetmember.RoleOWNER)).AllX(context.Background())
		f := db(srv).Fleet.GetX(context.Background(), fleetID)
		if len(owners) != 1 || owners[0].UserID != f.OwnerID || f.OwnerID == owner.ID {
			t.Fatalf("owners %+v, fleet owner %s", owners, f.OwnerID)
		}
	})
}

// TestInvitationDiesWithTheInvitersRight (security review L5): an invitation speaks for
// the member who sent it, so it is worth no more than their rights at acceptance: after
// the inviter handed the fleet on (and so lost the right to invite) or left it, the
// pending invitation is refused with its own message, retired (gone from the fleet's
// list; the link is then simply invalid), and its preview says so; an invitation of a
// member who still may invite works.
func TestInvitationDiesWithTheInvitersRight(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		heir := srv.NewAccount(t, "heir@example.test")
		guest := srv.NewAccount(t, "guest@example.test")
		late := srv.NewAccount(t, "late@example.test")
		fleetID := createFleet(t, owner.Client, "Orchard")
		for _, addr := range []string{heir.Email, guest.Email} {
			if got := invite(t, owner.Client, fleetID, addr, "OPERATOR"); got != ok {
				t.Fatalf("invite %s: %s", addr, got)
			}
		}
		if got, _ := accept(t, heir.Client, srv.LinkToken(t, heir.Email, invitationLink, 1)); got != ok {
			t.Fatalf("heir accepts: %s", got)
		}
		guestToken := srv.LinkToken(t, guest.Email, invitationLink, 1)

		// The owner hands the fleet on: no longer an OWNER, they may not invite.
		m := srv.App.Store.Client.FleetMember.Query().Where(fleetmember.FleetID(fleetID), fleetmember.UserID(heir.ID)).OnlyX(context.Background())
		if p, resp := mutate(t, owner.Client, transferOp, "transferFleetOwnership", map[string]any{"id": fleetID, "member": m.ID}); outcome(t, p, resp) != ok {
			t.Fatalf("transfer: %s", resp.Body)
		}
		t.Run("case=the preview says it was withdrawn", func(t *testing.T) {
			resp := srv.Client(t).Do(previewOp, map[string]any{"token": guestToken}, nil)
			if resp.Code() != "INVALID_TOKEN" || !strings.Contains(string(resp.Body), "withdrawn") {
				t.Fatalf("preview: %s", resp.Body)
			}
		})
		t.Run("case=accepting is refused and retires the invitation", func(t *testing.T) {
			p, resp := mutate(t, guest.Client, acceptOp, "acceptFleetInvitation", map[string]any{"token": guestToken})
			if got := outcome(t, p, resp); got != "INVALID_TOKEN" || !strings.Contains(string(resp.Body), "withdrawn") {
				t.Fatalf("accept after the inviter lost the right: %s %s", got, resp.Body)
			}
			if n := srv.App.Store.Client.FleetMember.Query().Where(fleetmember.FleetID(fleetID), fleetmember.UserID(guest.ID)).CountX(context.Background()); n != 0 {
				t.Fatal("the guest joined through a withdrawn invitation")
			}
			var out struct {
				Node struct {
					Invitations struct {
						Edges []struct{ Node struct{ Email string } }
					}
				}
			}
			heir.Client.Do(invitationsOp, map[string]any{"id": fleetID}, &out)
			if len(out.Node.Invitations.Edges) != 0 {
				t.Fatalf("the withdrawn invitation is still pending: %+v", out.Node.Invitations.Edges)
			}
			p, resp = mutate(t, guest.Client, acceptOp, "acceptFleetInvitation", map[string]any{"token": guestToken})
			if got := outcome(t, p, resp); got != "INVALID_TOKEN" || strings.Contains(string(resp.Body), "withdrawn") {
				t.Fatalf("second accept: %s %s, want a plain INVALID_TOKEN", got, resp.Body)
			}
		})
		t.Run("case=an inviter who left the fleet", func(t *testing.T) {
			if got := invite(t, heir.Client, fleetID, late.Email, "OBSERVER"); got != ok {
				t.Fatalf("the new owner invites: %s", got)
			}
			tok := srv.LinkToken(t, late.Email, invitationLink, 1)
			// The new owner hands the fleet back and leaves.
			back := srv.App.Store.Client.FleetMember.Query().Where(fleetmember.FleetID(fleetID), fleetmember.UserID(owner.ID)).OnlyX(context.Background())
			if p, resp := mutate(t, heir.Client, transferOp, "transferFleetOwnership", map[string]any{"id": fleetID, "member": back.ID}); outcome(t, p, resp) != ok {
				t.Fatalf("transfer back: %s", resp.Body)
			}
			if p, resp := mutate(t, heir.Client, leaveFleetOp, "leaveFleet", map[string]any{"id": fleetID}); outcome(t, p, resp) != ok {
				t.Fatalf("leave: %s", resp.Body)
			}
			if got, _ := accept(t, late.Client, tok); got != "INVALID_TOKEN" {
				t.Fatalf("accept after the inviter left: %s", got)
			}
		})
		t.Run("case=an invitation of a member who still may invite works", func(t *testing.T) {
			if got := invite(t, owner.Client, fleetID, guest.Email, "OBSERVER"); got != ok {
				t.Fatalf("invite: %s", got)
			}
			if got, role := accept(t, guest.Client, srv.LinkToken(t, guest.Email, invitationLink, 2)); got != ok || role != "OBSERVER" {
				t.Fatalf("accept: %s %s", got, role)
			}
		})
	})
}
