package fleet

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/nickname"
	"github.com/accountd/accountd/internal/page"
	"github.com/accountd/accountd/internal/webhook"
)

// Fleet is a fleet as one viewer sees it: with the viewer's role in it.
type Fleet struct {
	*ent.Fleet
	ViewerRole Role
}

// checkName applies the PRECIS Nickname profile to a fleet or device name (package
// nickname: no control characters, line breaks or direction overrides; spaces
// normalised) and checks its length.
func checkName(name, field string) (string, error) {
	name, bad := nickname.Enforce(name, nickname.Limit{Bytes: maxNameLength})
	if bad != nil {
		return "", bad.OnField("input", field)
	}
	if name == "" {
		return "", invalidName(field)
	}
	return name, nil
}

// CreateFleet creates a fleet owned by the viewer: the owner is recorded twice, as the
// fleet's owner_id and as a member with role OWNER, so that every check reads the
// membership alone.
func (s *Service) CreateFleet(ctx context.Context, name string) (*Fleet, error) {
	uid, err := viewerID(ctx)
	if err != nil {
		return nil, err
	}
	if name, err = checkName(name, "name"); err != nil {
		return nil, err
	}
	var out *Fleet
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		now := s.Now()
		f, err := tx.Fleet.Create().SetOwnerID(uid).SetName(name).SetCreatedAt(now).Save(ctx)
		if err != nil {
			return fmt.Errorf("create fleet: %w", err)
		}
		if err := tx.FleetMember.Create().SetFleetID(f.ID).SetUserID(uid).SetRole(Owner).SetCreatedAt(now).Exec(ctx); err != nil {
			return fmt.Errorf("create owner membership: %w", err)
		}
		out = &Fleet{Fleet: f, ViewerRole: Owner}
		return s.emit(ctx, tx, webhook.FleetCreated, webhook.Data{FleetID: f.ID, UserID: uid})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RenameFleet gives a fleet a new name.
func (s *Service) RenameFleet(ctx context.Context, fleetID, name string) (*Fleet, error) {
	if _, err := viewerID(ctx); err != nil {
		return nil, err
	}
	name, err := checkName(name, "name")
	if err != nil {
		return nil, err
	}
	var out *Fleet
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		g, err := s.authorize(ctx, tx.Client(), fleetID, RenameFleet)
		if err != nil {
			return notFoundOn(err, "fleetId")
		}
		f, err := tx.Fleet.UpdateOneID(fleetID).SetName(name).Save(ctx)
		if err != nil {
			return fmt.Errorf("rename fleet: %w", err)
		}
		g.Fleet = f
		out = g.fleet()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteFleet deletes a fleet; its devices, memberships and invitations (with their
// tokens) go with it (ON DELETE CASCADE).
func (s *Service) DeleteFleet(ctx context.Context, fleetID string) error {
	return s.inTx(ctx, func(tx *ent.Tx) error {
		if _, err := s.authorize(ctx, tx.Client(), fleetID, DeleteFleet); err != nil {
			return notFoundOn(err, "fleetId")
		}
		if err := tx.Fleet.DeleteOneID(fleetID).Exec(ctx); err != nil {
			return fmt.Errorf("delete fleet: %w", err)
		}
		return s.emit(ctx, tx, webhook.FleetDeleted, webhook.Data{FleetID: fleetID})
	})
}

// Fleet returns a fleet the viewer is a member of.
func (s *Service) Fleet(ctx context.Context, fleetID string) (*Fleet, error) {
	g, err := s.authorize(ctx, s.DB, fleetID, ViewFleet)
	if err != nil {
		return nil, err
	}
	return g.fleet(), nil
}

// Fleets lists the fleets of the viewer, owned and shared, each with the viewer's
// role, ordered by fleet id. userID is the account whose list is asked for: only the
// viewer's own can be read.
func (s *Service) Fleets(ctx context.Context, userID string, p page.Request) (*page.Slice[*Fleet], error) {
	uid, err := viewerID(ctx)
	if err != nil {
		return nil, err
	}
	if userID != uid {
		return nil, ErrForbidden
	}
	of := func() *ent.FleetMemberQuery { return s.DB.FleetMember.Query().Where(fleetmember.UserID(uid)) }
	return page.Read(p, page.List[*Fleet]{
		Prefix: id.Fleet,
		Fetch: func(after string, n int) ([]*Fleet, error) {
			q := of()
			if after != "" {
				q.Where(fleetmember.FleetIDGT(after))
			}
			ms, err := q.Order(ent.Asc(fleetmember.FieldFleetID)).Limit(n).WithFleet().All(ctx)
			if err != nil {
				return nil, fmt.Errorf("list fleets: %w", err)
			}
			out := make([]*Fleet, 0, len(ms))
			for _, m := range ms {
				if Allowed(ViewFleet, m.Role) { // the matrix decides, even for a listing
					out = append(out, &Fleet{Fleet: m.Edges.Fleet, ViewerRole: m.Role})
				}
			}
			return out, nil
		},
		Before: func(after string) (bool, error) { return of().Where(fleetmember.FleetIDLTE(after)).Exist(ctx) },
	})
}
