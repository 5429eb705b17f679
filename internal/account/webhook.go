package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/fleet"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/webhook"
)

// emitUser writes a webhook event about an account within tx, the transaction of the
// change it reports.
func (s *Service) emitUser(ctx context.Context, tx *ent.Tx, typ, userID string) error {
	return s.webhooks.Emit(ctx, tx, webhook.Event{Type: typ, Data: webhook.Data{UserID: userID}})
}

// emitDeletion writes the events of an account's deletion, before the rows go: each
// fleet it owns is deleted with it (fleet.deleted; their devices and members go with
// them without events of their own), it leaves the fleets it was a member of
// (fleet.member_removed), and then the account itself (user.deleted).
func (s *Service) emitDeletion(ctx context.Context, tx *ent.Tx, userID string) error {
	owned, err := tx.Fleet.Query().Where(fleet.OwnerID(userID)).IDs(ctx)
	if err != nil {
		return fmt.Errorf("find owned fleets: %w", err)
	}
	for _, f := range owned {
		if err := s.webhooks.Emit(ctx, tx, webhook.Event{Type: webhook.FleetDeleted, Data: webhook.Data{FleetID: f}}); err != nil {
			return err
		}
	}
	memberships, err := tx.FleetMember.Query().Where(fleetmember.UserID(userID), fleetmember.FleetIDNotIn(owned...)).All(ctx)
	if err != nil {
		return fmt.Errorf("find memberships: %w", err)
	}
	for _, m := range memberships {
		d := webhook.Data{FleetID: m.FleetID, MemberID: m.ID, UserID: userID}
		if err := s.webhooks.Emit(ctx, tx, webhook.Event{Type: webhook.FleetMemberRemoved, Data: d}); err != nil {
			return err
		}
	}
	return s.emitUser(ctx, tx, webhook.UserDeleted, userID)
}
