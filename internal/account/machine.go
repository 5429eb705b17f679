package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/device"
	"github.com/accountd/accountd/ent/provisioningkey"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
)

// authenticateDevice finds the device of an acd_dev_ token: one lookup by the unique
// index on its SHA-256. An unknown token (never issued, rotated away, or of a deleted
// device) is ErrUnauthenticated, like any bad bearer token. The device's lastSeenAt is
// written at most once a minute, by a conditional update, as API keys' last use is.
func (s *Service) authenticateDevice(ctx context.Context, secret string) (*viewer.Viewer, error) {
	d, err := s.DB.Device.Query().
		Where(device.TokenHash(token.Hash(secret))).
		Select(device.FieldID, device.FieldFleetID, device.FieldLastSeenAt).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate device: %w", err)
	}
	now := s.Now()
	if d.LastSeenAt == nil || now.Sub(*d.LastSeenAt) >= lastUsedPrecision {
		// Conditional, so concurrent requests of one device write it once a minute at
		// most; a failure costs nothing but precision.
		if _, err := s.DB.Device.Update().
			Where(device.ID(d.ID), device.Or(device.LastSeenAtIsNil(), device.LastSeenAtLTE(now.Add(-lastUsedPrecision)))).
			SetLastSeenAt(now).
			Save(ctx); err != nil {
			s.Log.WarnContext(ctx, "device last-seen update failed", "device_id", d.ID, "error", err)
		}
	}
	return &viewer.Viewer{Kind: viewer.Device, CredentialID: d.ID, FleetID: d.FleetID}, nil
}

// authenticateProvisioningKey finds the provisioning key of an acd_prv_ secret: one
// lookup by the unique index on its SHA-256. A revoked or expired key is
// ErrUnauthenticated like an unknown one. A key whose devices are all registered
// still authenticates: provisionDevice answers why it registers no more.
func (s *Service) authenticateProvisioningKey(ctx context.Context, secret string) (*viewer.Viewer, error) {
	k, err := s.DB.ProvisioningKey.Query().
		Where(provisioningkey.KeyHash(token.Hash(secret))).
		Select(provisioningkey.FieldID, provisioningkey.FieldFleetID, provisioningkey.FieldExpiresAt, provisioningkey.FieldRevokedAt).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate provisioning key: %w", err)
	}
	if k.RevokedAt != nil || (k.ExpiresAt != nil && !s.Now().Before(*k.ExpiresAt)) {
		return nil, ErrUnauthenticated
	}
	return &viewer.Viewer{Kind: viewer.ProvisioningKey, CredentialID: k.ID, FleetID: k.FleetID}, nil
}
