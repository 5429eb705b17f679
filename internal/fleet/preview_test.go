package fleet_test

import (
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/testkit"
)

const previewOp = `query($token: String!) { invitation(token: $token) { inviterName fleetName role } }`

// TestInvitationPreview: the logged-out holder of an invitation link learns who invited
// them to which fleet as what, and nothing else (not the invited address); a wrong, used
// or malformed token is one typed error; look-ups are limited per client.
func TestInvitationPreview(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		fleetID := createFleet(t, owner.Client, "Greenhouse")
		if got := invite(t, owner.Client, fleetID, "guest@example.test", "OPERATOR"); got != ok {
			t.Fatalf("invite: %s", got)
		}
		tok := srv.LinkToken(t, "guest@example.test", invitationLink, 1)

		anon := srv.Client(t)
		var out struct {
			Invitation *struct{ InviterName, FleetName, Role string }
		}
		resp := anon.Do(previewOp, map[string]any{"token": tok}, &out)
		if len(resp.Errors) > 0 || out.Invitation == nil {
			t.Fatalf("preview: %s", resp.Body)
		}
		if got := *out.Invitation; got.InviterName != "owner@example.test" || got.FleetName != "Greenhouse" || got.Role != "OPERATOR" {
			t.Fatalf("preview = %+v", got)
		}
		if strings.Contains(string(resp.Body), "guest@") {
			t.Fatalf("preview reveals the invited address: %s", resp.Body)
		}

		for name, bad := range map[string]string{
			"malformed":     "nope",
			"unknown":       tok[:len(tok)-4] + "AAAA",
			"empty":         "",
			"other purpose": "acd_dev_" + strings.TrimPrefix(tok, "acd_inv_"),
		} {
			resp := anon.Do(previewOp, map[string]any{"token": bad}, nil)
			if resp.Code() != "INVALID_TOKEN" {
				t.Fatalf("%s token: %s", name, resp.Body)
			}
		}

		guest := srv.NewAccount(t, "guest@example.test")
		if got, _ := accept(t, guest.Client, tok); got != ok {
			t.Fatalf("accept: %s", got)
		}
		if resp := anon.Do(previewOp, map[string]any{"token": tok}, nil); resp.Code() != "INVALID_TOKEN" {
			t.Fatalf("preview of a used invitation: %s", resp.Body)
		}

		// The limit: this client has made 6 look-ups; the rest of the window's allowance
		// passes, the next is refused, whatever the token.
		for i := 6; i < limits.InvitationLookups.Limit; i++ {
			if resp := anon.Do(previewOp, map[string]any{"token": "nope"}, nil); resp.Code() != "INVALID_TOKEN" {
				t.Fatalf("look-up %d: %s", i+1, resp.Body)
			}
		}
		if resp := anon.Do(previewOp, map[string]any{"token": tok}, nil); resp.Code() != "RATE_LIMITED" {
			t.Fatalf("look-up past the limit: %s", resp.Body)
		}
	})
}
