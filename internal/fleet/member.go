package fleet

import (
	"context"
	"fmt"
	"time"

	"github.com/accountd/accountd/ent"
	entfleet "github.com/accountd/accountd/ent/fleet"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/page"
	"github.com/accountd/accountd/internal/webhook"
)

// Member is a member of a fleet as other members see them: the account's id, address
// and name, and nothing else of the account (ASVS 8.2.3).
type Member struct {
	ID        string
	UserID    string
	Email     string
	Name      string
	Role      Role
	CreatedAt time.Time
}

func memberOf(m *ent.FleetMember) *Member {
	out := &Member{ID: m.ID, UserID: m.UserID, Role: m.Role, CreatedAt: m.CreatedAt}
	if u := m.Edges.User; u != nil {
		out.Email, out.Name = u.Email, u.Name
	}
	return out
}

// Members lists the members of a fleet, ordered by membership id.
func (s *Service) Members(ctx context.Context, fleetID string, p page.Request) (*page.Slice[*Member], error) {
	if _, err := s.authorize(ctx, s.DB, fleetID, ViewMembers); err != nil {
		return nil, err
	}
	of := func() *ent.FleetMemberQuery { return s.DB.FleetMember.Query().Where(fleetmember.FleetID(fleetID)) }
	return page.Read(p, page.List[*Member]{
		Prefix: id.FleetMember,
		Fetch: func(after string, n int) ([]*Member, error) {
			q := of()
			if after != "" {
				q.Where(fleetmember.IDGT(after))
			}
			ms, err := q.Order(ent.Asc(fleetmember.FieldID)).Limit(n).WithUser().All(ctx)
			if err != nil {
				return nil, fmt.Errorf("list members: %w", err)
			}
			out := make([]*Member, len(ms))
			for i, m := range ms {
				out[i] = memberOf(m)
			}
			return out, nil
		},
		Before: func(after string) (bool, error) { return of().Where(fleetmember.IDLTE(after)).Exist(ctx) },
	})
}

// Member returns a membership of a fleet in which the viewer may see the members
// (ViewMembers, like the field fleet.members). A membership of a fleet the viewer is not
// in is ErrNotFound, like a missing one; a role that may not see members, ErrForbidden.
func (s *Service) Member(ctx context.Context, memberID string) (*Member, error) {
	if _, err := principal(ctx); err != nil {
		return nil, err
	}
	if id.Prefix(memberID) != id.FleetMember {
		return nil, ErrNotFound
	}
	m, err := s.DB.FleetMember.Query().Where(fleetmember.ID(memberID)).WithUser().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("find member: %w", err)
	}
	if _, err := s.authorize(ctx, s.DB, m.FleetID, ViewMembers); err != nil {
		return nil, err
	}
	return memberOf(m), nil
}

// memberToManage finds a membership by id and authorizes the viewer to manage the
// members of its fleet. A membership of a fleet the viewer is not in is not found.
func (s *Service) memberToManage(ctx context.Context, tx *ent.Tx, memberID string, a Action) (*grant, *ent.FleetMember, error) {
	if _, err := viewerID(ctx); err != nil {
		return nil, nil, err
	}
	if id.Prefix(memberID) != id.FleetMember {
		return nil, nil, ErrNotFound.OnField("input", "memberId")
	}
	m, err := tx.FleetMember.Query().Where(fleetmember.ID(memberID)).WithUser().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, ErrNotFound.OnField("input", "memberId")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find member: %w", err)
	}
	g, err := s.authorize(ctx, tx.Client(), m.FleetID, a)
	if err != nil {
		return nil, nil, notFoundOn(err, "memberId")
	}
	return g, m, nil
}

// UpdateMember changes a member's role. The owner's role is not changed here (a fleet
// keeps its one owner: transferFleetOwnership hands it on), and nobody becomes owner.
func (s *Service) UpdateMember(ctx context.Context, memberID string, role Role) (*Member, error) {
	if _, err := viewerID(ctx); err != nil {
		return nil, err
	}
	if err := checkInvitableRole(role); err != nil {
		return nil, err
	}
	var out *Member
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		_, m, err := s.memberToManage(ctx, tx, memberID, ManageMembers)
		if err != nil {
			return err
		}
		if m.Role == Owner {
			return ErrLastOwner.OnField("input", "memberId")
		}
		// The condition on the role makes the check and the change one statement, so a
		// concurrent transfer cannot slip between them.
		n, err := tx.FleetMember.Update().
			Where(fleetmember.ID(m.ID), fleetmember.RoleNEQ(Owner)).
			SetRole(role).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("update member: %w", err)
		}
		if n != 1 {
			return ErrLastOwner.OnField("input", "memberId")
		}
		m.Role = role
		out = memberOf(m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RemoveMember takes a member out of a fleet. The owner cannot be removed.
func (s *Service) RemoveMember(ctx context.Context, memberID string) error {
	return s.inTx(ctx, func(tx *ent.Tx) error {
		_, m, err := s.memberToManage(ctx, tx, memberID, ManageMembers)
		if err != nil {
			return err
		}
		return s.deleteMember(ctx, tx, m, "memberId")
	})
}

// LeaveFleet takes the viewer out of a fleet. The owner cannot leave: they transfer
// the fleet first, or delete it.
func (s *Service) LeaveFleet(ctx context.Context, fleetID string) error {
	return s.inTx(ctx, func(tx *ent.Tx) error {
		g, err := s.authorize(ctx, tx.Client(), fleetID, ViewFleet)
		if err != nil {
			return notFoundOn(err, "fleetId")
		}
		if !g.Personal || g.Member == nil {
			return ErrForbidden // a key never ends its creator's membership
		}
		return s.deleteMember(ctx, tx, g.Member, "fleetId")
	})
}

// deleteMember deletes a membership that is not the owner's.
func (s *Service) deleteMember(ctx context.Context, tx *ent.Tx, m *ent.FleetMember, field string) error {
	if m.Role == Owner {
		return ErrLastOwner.OnField("input", field)
	}
	n, err := tx.FleetMember.Delete().Where(fleetmember.ID(m.ID), fleetmember.RoleNEQ(Owner)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("delete member: %w", err)
	}
	if n != 1 {
		return ErrLastOwner.OnField("input", field)
	}
	return s.emit(ctx, tx, webhook.FleetMemberRemoved, webhook.Data{FleetID: m.FleetID, MemberID: m.ID, UserID: m.UserID})
}

// TransferOwnership makes another member the owner of a fleet; the previous owner
// stays as a DEVELOPER.
func (s *Service) TransferOwnership(ctx context.Context, fleetID, memberID string) (*Fleet, error) {
	var out *Fleet
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		g, err := s.authorize(ctx, tx.Client(), fleetID, TransferOwnership)
		if err != nil {
			return notFoundOn(err, "fleetId")
		}
		if !g.Personal || g.Member == nil {
			return ErrForbidden // only the owner in person hands a fleet on
		}
		if id.Prefix(memberID) != id.FleetMember {
			return ErrNotFound.OnField("input", "memberId")
		}
		to, err := tx.FleetMember.Query().Where(fleetmember.ID(memberID), fleetmember.FleetID(fleetID)).Only(ctx)
		if ent.IsNotFound(err) {
			return ErrNotFound.OnField("input", "memberId")
		}
		if err != nil {
			return fmt.Errorf("find new owner: %w", err)
		}
		if to.ID == g.Member.ID {
			return nil // already the owner
		}
		// Conditional on the current owner: of two concurrent transfers one wins.
		n, err := tx.Fleet.Update().
			Where(entfleet.ID(fleetID), entfleet.OwnerID(g.UserID)).
			SetOwnerID(to.UserID).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("transfer fleet: %w", err)
		}
		if n != 1 {
			return ErrForbidden
		}
		if err := tx.FleetMember.UpdateOneID(to.ID).SetRole(Owner).Exec(ctx); err != nil {
			return fmt.Errorf("promote new owner: %w", err)
		}
		if err := tx.FleetMember.UpdateOneID(g.Member.ID).SetRole(Developer).Exec(ctx); err != nil {
			return fmt.Errorf("demote previous owner: %w", err)
		}
		f, err := tx.Fleet.Get(ctx, fleetID)
		if err != nil {
			return fmt.Errorf("reload fleet: %w", err)
		}
		out = &Fleet{Fleet: f, ViewerRole: Developer}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil { // the viewer named themselves: nothing changed
		return s.Fleet(ctx, fleetID)
	}
	return out, nil
}
