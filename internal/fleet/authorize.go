package fleet

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/viewer"
)

// grant is what the authorizer found: who asks, the fleet, and their membership in it.
type grant struct {
	UserID string
	Fleet  *ent.Fleet
	Member *ent.FleetMember
}

// fleet returns the fleet as this viewer sees it.
func (g *grant) fleet() *Fleet { return &Fleet{Fleet: g.Fleet, ViewerRole: g.Member.Role} }

// viewerID returns the account asking, or ErrUnauthenticated. The kind of credential
// does not matter here: an API key acts with its owner's rights in fleets.
func viewerID(ctx context.Context) (string, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID == "" {
		return "", ErrUnauthenticated
	}
	return v.UserID, nil
}

// authorize is the one authorizer of the package: every use-case that touches a
// fleet, or a member, invitation or device of one, calls it with the fleet's id and
// the action, within the transaction that acts (so the check and the change see the
// same membership). The answer follows the rule in errors.go:
//
//   - no viewer: ErrUnauthenticated;
//   - not a fleet id, no such fleet, or the viewer is not a member: ErrNotFound, one
//     answer for all three (ASVS 8.2.2);
//   - a member whose role the Matrix does not allow the action: ErrForbidden.
func (s *Service) authorize(ctx context.Context, db *ent.Client, fleetID string, a Action) (*grant, error) {
	uid, err := viewerID(ctx)
	if err != nil {
		return nil, err
	}
	if id.Prefix(fleetID) != id.Fleet {
		return nil, ErrNotFound
	}
	m, err := db.FleetMember.Query().
		Where(fleetmember.FleetID(fleetID), fleetmember.UserID(uid)).
		WithFleet().
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("authorize %s: %w", a, err)
	}
	if !Allowed(a, m.Role) {
		return nil, ErrForbidden
	}
	return &grant{UserID: uid, Fleet: m.Edges.Fleet, Member: m}, nil
}
