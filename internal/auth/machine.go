package auth

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/accountd/accountd/ent/device"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
)

// authenticateDevice finds the device of an acd_dev_ token: one lookup by the unique
// index on its SHA-256, a statement prepared like the session's. An unknown token
// (never issued, rotated away, or of a deleted device) is ErrUnauthenticated, like any
// bad bearer token. The device's lastSeenAt is written at most once a minute, by a
// conditional update, as API keys' last use is.
func (s *Service) authenticateDevice(ctx context.Context, secret string) (*viewer.Viewer, error) {
	var (
		id, fleetID string
		lastSeen    stdsql.NullTime
	)
	err := s.deviceByToken.runMachine(ctx, s.sql, token.Hash(secret), &id, &fleetID, &lastSeen)
	if errors.Is(err, errNoCredential) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate device: %w", err)
	}
	now := s.now()
	s.touch(ctx, lastSeen, now, "device last-seen", "device_id", id, func(cutoff time.Time) (int, error) {
		return s.db.Device.Update().
			Where(device.ID(id), device.Or(device.LastSeenAtIsNil(), device.LastSeenAtLTE(cutoff))).
			SetLastSeenAt(now).Save(ctx)
	})
	return &viewer.Viewer{Kind: viewer.Device, CredentialID: id, FleetID: fleetID}, nil
}

// authenticateProvisioningKey finds the provisioning key of an acd_prv_ secret: one
// lookup by the unique index on its SHA-256. A revoked or expired key is
// ErrUnauthenticated like an unknown one. A key whose devices are all registered
// still authenticates: provisionDevice answers why it registers no more. A key whose
// creator is suspended is refused like a revoked one (the suspension revokes it; the
// creator's suspension is read in the same query, see creatorSuspension).
func (s *Service) authenticateProvisioningKey(ctx context.Context, secret string) (*viewer.Viewer, error) {
	var (
		id, fleetID                        string
		expires, revoked, creatorSuspended stdsql.NullTime
	)
	err := s.provisioningKeyByKey.runMachine(ctx, s.sql, token.Hash(secret), &id, &fleetID, &expires, &revoked, &creatorSuspended)
	if errors.Is(err, errNoCredential) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate provisioning key: %w", err)
	}
	if revoked.Valid || creatorSuspended.Valid || (expires.Valid && !s.now().Before(expires.Time)) {
		return nil, ErrUnauthenticated
	}
	return &viewer.Viewer{Kind: viewer.ProvisioningKey, CredentialID: id, FleetID: fleetID}, nil
}
