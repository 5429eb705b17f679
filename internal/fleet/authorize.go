package fleet

import (
	"context"
	"fmt"
	"slices"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/viewer"
)

// grant is what the authorizer found: who asks, the fleet, their membership in it and
// the role the request acts with.
type grant struct {
	// UserID is the person asking, or the creator of a fleet-limited key; empty for a
	// fleet's own key.
	UserID string
	Fleet  *ent.Fleet
	// Member is UserID's membership; nil for a fleet's own key.
	Member *ent.FleetMember
	// Role is what the request may do: the member's role, or a key's role (never more
	// than its creator's).
	Role Role
	// Personal is true when the member asks in person (a session or a key of full
	// reach), not through a key limited to the fleet: only then may they act on their
	// own membership (leave, hand the fleet over).
	Personal bool
}

// fleet returns the fleet as this viewer sees it.
func (g *grant) fleet() *Fleet { return &Fleet{Fleet: g.Fleet, ViewerRole: g.Role} }

// viewerID returns the person asking over their whole account, or ErrUnauthenticated.
// A person's key of full reach acts with its owner's rights in fleets; keys limited to
// a fleet, devices and provisioning keys have no person here (see authorize).
func viewerID(ctx context.Context) (string, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID == "" {
		return "", ErrUnauthenticated
	}
	return v.UserID, nil
}

// principal returns whoever authenticated, or ErrUnauthenticated.
func principal(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.PrincipalFrom(ctx)
	if v == nil {
		return nil, ErrUnauthenticated
	}
	return v, nil
}

// authorize is the one authorizer of the package: every use-case that touches a
// fleet, or a member, invitation, device or key of one, calls it with the fleet's id
// and the action, within the transaction that acts (so the check and the change see
// the same membership). The answer follows the rule in errors.go:
//
//   - no viewer: ErrUnauthenticated;
//   - not a fleet id, no such fleet, the viewer is not a member, a key limited to
//     another fleet, a device or a provisioning key: ErrNotFound, one answer for all
//     (ASVS 8.2.2);
//   - a key revoked or expired since the request was authenticated: ErrKeyRevoked;
//   - a role the Matrix does not allow the action: ErrForbidden.
//
// A READ_ONLY key is refused every write by inTx (ErrReadOnlyKey).
//
// A key limited to a fleet acts with its own role, and a person's such key never with
// more than the person's role there now: when they lose it, so does the key.
func (s *Service) authorize(ctx context.Context, db *ent.Client, fleetID string, a Action) (*grant, error) {
	v, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if id.Prefix(fleetID) != id.Fleet {
		return nil, ErrNotFound
	}
	switch {
	case v.Kind == viewer.Device || v.Kind == viewer.ProvisioningKey:
		return nil, ErrNotFound
	case v.FleetID != "" && v.FleetID != fleetID:
		return nil, ErrNotFound
	}
	g := &grant{UserID: v.UserID, Personal: v.FleetID == ""}
	if v.UserID != "" {
		m, err := db.FleetMember.Query().
			Where(fleetmember.FleetID(fleetID), fleetmember.UserID(v.UserID)).
			WithFleet().
			Only(ctx)
		if ent.IsNotFound(err) {
			return nil, ErrNotFound
		}
		if err != nil {
			return nil, fmt.Errorf("authorize %s: %w", a, err)
		}
		g.Fleet, g.Member, g.Role = m.Edges.Fleet, m, m.Role
	} else {
		f, err := db.Fleet.Get(ctx, fleetID)
		if ent.IsNotFound(err) {
			return nil, ErrNotFound
		}
		if err != nil {
			return nil, fmt.Errorf("authorize %s: %w", a, err)
		}
		g.Fleet = f
	}
	if v.FleetID != "" {
		// Read again in the acting transaction: a key revoked, or past its expiry,
		// after the request was authenticated does nothing more (security review L3).
		live, err := db.APIKey.Query().Where(apikey.ID(v.CredentialID), apikey.RevokedAtIsNil(),
			apikey.Or(apikey.ExpiresAtIsNil(), apikey.ExpiresAtGT(s.Now()))).Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("authorize %s: check key: %w", a, err)
		}
		if !live {
			return nil, ErrKeyRevoked
		}
		role := Role(v.FleetRole)
		if g.Member != nil {
			role = lesser(role, g.Member.Role)
		}
		g.Role = role
	}
	if !Allowed(a, g.Role) {
		return nil, ErrForbidden
	}
	return g, nil
}

// lesser returns the less able of two roles; an unknown role is the least able.
func lesser(a, b Role) Role {
	ia, ib := slices.Index(Roles, a), slices.Index(Roles, b)
	if ia < 0 || ib < 0 {
		return Observer
	}
	return Roles[max(ia, ib)]
}

// atMost reports whether role a is no more able than role b.
func atMost(a, b Role) bool {
	ia, ib := slices.Index(Roles, a), slices.Index(Roles, b)
	return ia >= 0 && ib >= 0 && ia >= ib
}
