package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/token"
)

// What internal/devicegrant asks of accounts: the device authorization grant ends in
// an API key of the person who approved it, made by the same rules as every other key
// (a session, when the client asks for one, is internal/auth's), and its approval is a
// sensitive operation.

// RequireFresh is requireFresh for the sensitive operations of other packages (the
// approval of a device authorization): the viewer's account, or FRESH_AUTH_REQUIRED.
func (s *Service) RequireFresh(ctx context.Context, password *string, field string) (*Fresh, error) {
	return s.requireFresh(ctx, password, field)
}

// CheckFleetGrant answers nil when userID may give a key role in fleetID (the rule of
// createApiKey's fleet keys), a fault otherwise.
func (s *Service) CheckFleetGrant(ctx context.Context, db *ent.Client, userID, fleetID string, role fleetmember.Role) error {
	if s.fleetKeys == nil {
		return ErrFleetKeysOff
	}
	return s.fleetKeys.CheckKeyGrant(ctx, db, userID, fleetID, role, false)
}

// ErrFleetKeysOff refuses a fleet-limited key where fleets are not wired (tests of
// accounts alone).
var ErrFleetKeysOff = fault.New(fault.NotFound, "Keys limited to a fleet are not available here.")

// DeviceKey is what an approved device authorization becomes: a person's API key.
type DeviceKey struct {
	UserID    string
	Name      string
	ReadOnly  bool
	FleetID   string
	FleetRole fleetmember.Role
}

// IssueDeviceKey creates, in tx, the API key of an approved device authorization and
// returns its secret, shown this once. It is listed, last-used and revoked like any key.
// ErrAccountSuspended when the account was suspended after the approval.
func (s *Service) IssueDeviceKey(ctx context.Context, tx *ent.Tx, k DeviceKey) (string, error) {
	if err := auth.RequireNotSuspended(ctx, tx, k.UserID); err != nil {
		return "", err
	}
	if k.FleetID != "" {
		if err := s.CheckFleetGrant(ctx, tx.Client(), k.UserID, k.FleetID, k.FleetRole); err != nil {
			return "", err
		}
	}
	secret, hash := token.New(token.APIKey)
	create := tx.APIKey.Create().
		SetUserID(k.UserID).
		SetCreatorID(k.UserID).
		SetName(k.Name).
		SetPrefix(secret[:len(token.APIKey)+apiKeyPublicChars]).
		SetKeyHash(hash).
		SetCreatedAt(s.now())
	if k.ReadOnly {
		create.SetScope(apikey.ScopeREAD_ONLY)
	}
	if k.FleetID != "" {
		create.SetFleetID(k.FleetID).SetFleetRole(apikey.FleetRole(k.FleetRole))
	}
	if err := create.Exec(ctx); err != nil {
		return "", fmt.Errorf("issue device key: %w", err)
	}
	if err := s.record(ctx, tx.Client(), k.UserID, EventAPIKeyCreated); err != nil {
		return "", err
	}
	return secret, nil
}
