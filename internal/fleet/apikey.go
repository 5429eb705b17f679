package fleet

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/id"
)

// CheckKeyGrant says whether a person may create an API key acting in a fleet with a
// role, within the transaction that creates it (account.FleetKeyGrants). A key's role
// is DEVELOPER, OPERATOR or OBSERVER: what only an OWNER may do (delete the fleet,
// manage members, hand the fleet on, manage the fleet's keys) stays with a person.
// A person's key never gets more than the person's own role; a fleet-owned key is
// created by the OWNER only. The fleet is named like any other: one the person is not
// in is ErrNotFound on fleetId.
func (s *Service) CheckKeyGrant(ctx context.Context, db *ent.Client, userID, fleetID string, role Role, fleetOwned bool) error {
	if id.Prefix(fleetID) != id.Fleet {
		return ErrNotFound.OnField("input", "fleetId")
	}
	m, err := db.FleetMember.Query().Where(fleetmember.FleetID(fleetID), fleetmember.UserID(userID)).Only(ctx)
	if ent.IsNotFound(err) {
		return ErrNotFound.OnField("input", "fleetId")
	}
	if err != nil {
		return fmt.Errorf("check key grant: %w", err)
	}
	if fleetOwned && !Allowed(ManageFleetKeys, m.Role) {
		return ErrForbidden
	}
	if role == Owner || !atMost(role, m.Role) {
		return ErrKeyRole.OnField("input", "fleetRole")
	}
	return nil
}

// APIKeys lists the active API keys owned by a fleet (not revoked, not expired), newest
// first, for its OWNER.
func (s *Service) APIKeys(ctx context.Context, fleetID string) ([]*ent.APIKey, error) {
	if _, err := s.authorize(ctx, s.DB, fleetID, ManageFleetKeys); err != nil {
		return nil, err
	}
	keys, err := s.DB.APIKey.Query().
		Where(apikey.FleetID(fleetID), apikey.UserIDIsNil(), apikey.RevokedAtIsNil(),
			apikey.Or(apikey.ExpiresAtIsNil(), apikey.ExpiresAtGT(s.Now()))).
		Order(ent.Desc(apikey.FieldCreatedAt), ent.Desc(apikey.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list fleet api keys: %w", err)
	}
	return keys, nil
}

// RevokeAPIKey revokes a key owned by a fleet (OWNER): it stops at once, even in a
// request it authenticated before (authorize reads the key again).
func (s *Service) RevokeAPIKey(ctx context.Context, keyID string) error {
	if _, err := principal(ctx); err != nil {
		return err
	}
	if id.Prefix(keyID) != id.APIKey {
		return ErrNotFound.OnField("input", "apiKeyId")
	}
	return s.inTx(ctx, func(tx *ent.Tx) error {
		k, err := tx.APIKey.Query().Where(apikey.ID(keyID), apikey.UserIDIsNil(), apikey.FleetIDNotNil(), apikey.RevokedAtIsNil()).Only(ctx)
		if ent.IsNotFound(err) {
			return ErrNotFound.OnField("input", "apiKeyId")
		}
		if err != nil {
			return fmt.Errorf("find fleet api key: %w", err)
		}
		if _, err := s.authorize(ctx, tx.Client(), *k.FleetID, ManageFleetKeys); err != nil {
			return notFoundOn(err, "apiKeyId")
		}
		if err := tx.APIKey.UpdateOneID(k.ID).SetRevokedAt(s.Now()).Exec(ctx); err != nil {
			return fmt.Errorf("revoke fleet api key: %w", err)
		}
		return nil
	})
}
