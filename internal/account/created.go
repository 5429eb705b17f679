package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/fleetinvitation"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/provisioningkey"
)

// Security log kinds of the credentials an account created for a fleet, revoked with
// the account's password (see revokeCreatedForFleets).
const (
	EventFleetAPIKeyRevoked     = "fleet_api_key_revoked"
	EventProvisioningKeyRevoked = "provisioning_key_revoked"
)

// createdCredentialsListedLimit bounds each kind of kept key the email lists.
const createdCredentialsListedLimit = 100

// A password reset or change is how an owner takes their account back from whoever
// stole the password, so it ends what the thief could have minted with it (security
// review M1): besides the account's own API keys (afterNewPassword), the fleet-owned
// API keys and the provisioning keys the account created, although they belong to a
// fleet and outlive the creator's membership otherwise. One rule for both flows: the
// person's revokeApiKeys choice (true by default) covers every credential the account
// created, and the "password changed" email counts and lists them all. Keys made before
// their creator was recorded (fleet-owned API keys before creator_id) are not
// recognised as the account's and stay.

// recordEach writes the event to the account's security log n times, in tx: one line
// per credential a bulk change revoked.
func (s *Service) recordEach(ctx context.Context, tx *ent.Tx, userID, event string, n int) error {
	for range n {
		if err := s.record(ctx, tx.Client(), userID, event); err != nil {
			return err
		}
	}
	return nil
}

// revokeCreatedForFleets revokes, when revoke is set, the live fleet-owned API keys and
// provisioning keys created by the account, with a security-log event each, and
// deletes the pending invitations the account sent (an invitation speaks for its
// inviter: one the intruder or the suspended person sent would let its holder join
// the fleet later; security review M2), in the caller's transaction; it returns how
// many keys it revoked and the lines naming those that stay live (name, prefix and
// fleet).
func (s *Service) revokeCreatedForFleets(ctx context.Context, tx *ent.Tx, userID string, revoke bool) (int, []string, error) {
	now := s.now()
	fleetKeys := apikey.And(apikey.CreatorID(userID), apikey.UserIDIsNil(), apikey.RevokedAtIsNil(),
		apikey.Or(apikey.ExpiresAtIsNil(), apikey.ExpiresAtGT(now)))
	provisioning := provisioningkey.And(provisioningkey.CreatorID(userID), provisioningkey.RevokedAtIsNil(),
		provisioningkey.Or(provisioningkey.ExpiresAtIsNil(), provisioningkey.ExpiresAtGT(now)))
	revoked := 0
	if revoke {
		n, err := tx.APIKey.Update().Where(fleetKeys).SetRevokedAt(now).Save(ctx)
		if err != nil {
			return 0, nil, fmt.Errorf("revoke fleet api keys: %w", err)
		}
		if err := s.recordEach(ctx, tx, userID, EventFleetAPIKeyRevoked, n); err != nil {
			return 0, nil, err
		}
		m, err := tx.ProvisioningKey.Update().Where(provisioning).SetRevokedAt(now).Save(ctx)
		if err != nil {
			return 0, nil, fmt.Errorf("revoke provisioning keys: %w", err)
		}
		if err := s.recordEach(ctx, tx, userID, EventProvisioningKeyRevoked, m); err != nil {
			return 0, nil, err
		}
		revoked = n + m
		if _, err := tx.FleetInvitation.Delete().Where(fleetinvitation.InviterID(userID),
			fleetinvitation.HasTokenWith(onetimetoken.UsedAtIsNil())).Exec(ctx); err != nil {
			return 0, nil, fmt.Errorf("withdraw invitations: %w", err)
		}
	}
	var lines []string
	keys, err := tx.APIKey.Query().Where(fleetKeys).WithFleet().
		Order(ent.Asc(apikey.FieldCreatedAt), ent.Asc(apikey.FieldID)).Limit(createdCredentialsListedLimit).All(ctx)
	if err != nil {
		return 0, nil, fmt.Errorf("list fleet api keys: %w", err)
	}
	for _, k := range keys {
		lines = append(lines, fmt.Sprintf("%s (%s...), an API key of the fleet %s", k.Name, k.Prefix, fleetName(k.Edges.Fleet)))
	}
	pkeys, err := tx.ProvisioningKey.Query().Where(provisioning).WithFleet().
		Order(ent.Asc(provisioningkey.FieldCreatedAt), ent.Asc(provisioningkey.FieldID)).Limit(createdCredentialsListedLimit).All(ctx)
	if err != nil {
		return 0, nil, fmt.Errorf("list provisioning keys: %w", err)
	}
	for _, k := range pkeys {
		lines = append(lines, fmt.Sprintf("%s (%s...), a provisioning key of the fleet %s", k.Name, k.Prefix, fleetName(k.Edges.Fleet)))
	}
	return revoked, lines, nil
}

func fleetName(f *ent.Fleet) string {
	if f == nil {
		return "(deleted)"
	}
	return f.Name
}
