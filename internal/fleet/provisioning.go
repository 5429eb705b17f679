package fleet

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/provisioningkey"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
	"github.com/accountd/accountd/internal/webhook"
)

// Bounds of a provisioning key.
const (
	// provisioningPublicChars is how many characters after token.Provisioning make up
	// the public prefix shown in lists (48 bits), as for API keys.
	provisioningPublicChars = 8
	// maxMaxDevices bounds maxDevices: a key for more is a key without a bound.
	maxMaxDevices = 1_000_000
	// maxProvisioningKeysListed bounds Fleet.provisioningKeys.
	maxProvisioningKeysListed = 100
	// provisioningCreateAttempts bounds retries after the rare clash of two prefixes.
	provisioningCreateAttempts = 3
)

// NewProvisioningKeyInput is what a member types to create a provisioning key.
type NewProvisioningKeyInput struct {
	FleetID string
	Name    string
	// ExpiresAt and MaxDevices are optional bounds.
	ExpiresAt  *time.Time
	MaxDevices *int
}

// CreatedProvisioningKey is a provisioning key just created: the key is shown this
// once, and only its SHA-256 is kept.
type CreatedProvisioningKey struct {
	Key             string
	ProvisioningKey *ent.ProvisioningKey
}

// CreateProvisioningKey creates a key that devices in the field use to register
// themselves into the fleet (balena's provisioning keys), for the roles that may
// register devices.
func (s *Service) CreateProvisioningKey(ctx context.Context, in NewProvisioningKeyInput) (*CreatedProvisioningKey, error) {
	if _, err := principal(ctx); err != nil {
		return nil, err
	}
	name, err := checkName(in.Name, "name")
	var errs []*fault.Error
	if f, ok := fault.As(err); ok {
		errs = append(errs, f)
	}
	if in.ExpiresAt != nil {
		t := in.ExpiresAt.UTC().Truncate(time.Microsecond) // what PostgreSQL keeps
		in.ExpiresAt = &t
		if !t.After(s.Now()) {
			errs = append(errs, fault.New(fault.InvalidInput, "Choose an expiry time in the future.").OnField("input", "expiresAt"))
		}
	}
	if in.MaxDevices != nil && (*in.MaxDevices < 1 || *in.MaxDevices > maxMaxDevices) {
		errs = append(errs, fault.New(fault.InvalidInput, fmt.Sprintf("maxDevices is 1 to %d, or left out for no bound.", maxMaxDevices)).OnField("input", "maxDevices"))
	}
	if err := fault.Join(errs...); err != nil {
		return nil, err
	}
	var out *CreatedProvisioningKey
	for attempt := 1; ; attempt++ {
		out, err = s.createProvisioningKey(ctx, in, name)
		// Two keys sharing a public prefix (48 random bits) is rare but possible: the
		// unique index refuses the second, so draw a new key.
		if err != nil && ent.IsConstraintError(err) && attempt < provisioningCreateAttempts {
			continue
		}
		return out, err
	}
}

// creatorOf names the account behind a grant: the person, or for a fleet's own API key
// the account that created that key (so a provisioning key minted through it ends
// with that account's password reset too); "" when none is recorded.
func (s *Service) creatorOf(ctx context.Context, tx *ent.Tx, g *grant) (string, error) {
	if g.UserID != "" {
		return g.UserID, nil
	}
	v, err := principal(ctx)
	if err != nil {
		return "", err
	}
	k, err := tx.APIKey.Get(ctx, v.CredentialID)
	if ent.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("find the key's creator: %w", err)
	}
	if k.CreatorID == nil {
		return "", nil
	}
	return *k.CreatorID, nil
}

// createProvisioningKey authorizes and writes one new key, in one transaction. The
// creator's suspension is read again there, holding the account's row
// (auth.HoldNotSuspended): a request in flight when the creator's suspension commits
// mints no key, and a suspension committing after this read waits for the key, then
// revokes it (security review M1).
func (s *Service) createProvisioningKey(ctx context.Context, in NewProvisioningKeyInput, name string) (*CreatedProvisioningKey, error) {
	var out *CreatedProvisioningKey
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		g, err := s.authorize(ctx, tx.Client(), in.FleetID, ManageProvisioningKeys)
		if err != nil {
			return notFoundOn(err, "fleetId")
		}
		creator, err := s.creatorOf(ctx, tx, g)
		if err != nil {
			return err
		}
		if creator != "" {
			if err := auth.HoldNotSuspended(ctx, tx, creator); err != nil {
				return err
			}
		}
		secret, hash := token.New(token.Provisioning)
		k, err := tx.ProvisioningKey.Create().
			SetFleetID(g.Fleet.ID).
			SetCreatorID(creator).
			SetName(name).
			SetPrefix(secret[:len(token.Provisioning)+provisioningPublicChars]).
			SetKeyHash(hash).
			SetNillableExpiresAt(in.ExpiresAt).
			SetNillableMaxDevices(in.MaxDevices).
			SetCreatedAt(s.Now()).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("create provisioning key: %w", err)
		}
		out = &CreatedProvisioningKey{Key: secret, ProvisioningKey: k}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ProvisioningKeys lists a fleet's provisioning keys that are not revoked, newest first
// (at most 100), expired ones included so people see why a key stopped.
func (s *Service) ProvisioningKeys(ctx context.Context, fleetID string) ([]*ent.ProvisioningKey, error) {
	if _, err := s.authorize(ctx, s.DB, fleetID, ManageProvisioningKeys); err != nil {
		return nil, err
	}
	keys, err := s.DB.ProvisioningKey.Query().
		Where(provisioningkey.FleetID(fleetID), provisioningkey.RevokedAtIsNil()).
		Order(ent.Desc(provisioningkey.FieldID)).
		Limit(maxProvisioningKeysListed).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list provisioning keys: %w", err)
	}
	return keys, nil
}

// ProvisioningKey returns a provisioning key that is not revoked, for the roles that
// see the fleet's provisioning keys (node(id: prv_)); otherwise ErrNotFound or
// ErrForbidden, like the list.
func (s *Service) ProvisioningKey(ctx context.Context, keyID string) (*ent.ProvisioningKey, error) {
	if _, err := principal(ctx); err != nil {
		return nil, err
	}
	if id.Prefix(keyID) != id.ProvisioningKey {
		return nil, ErrNotFound
	}
	k, err := s.DB.ProvisioningKey.Query().Where(provisioningkey.ID(keyID), provisioningkey.RevokedAtIsNil()).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("find provisioning key: %w", err)
	}
	if _, err := s.authorize(ctx, s.DB, k.FleetID, ManageProvisioningKeys); err != nil {
		return nil, err
	}
	return k, nil
}

// RevokeProvisioningKey ends a provisioning key: it registers nothing more, even in a
// request that authenticated before (provisionDevice checks it in its transaction).
// Devices it registered keep their own tokens.
func (s *Service) RevokeProvisioningKey(ctx context.Context, keyID string) error {
	if _, err := principal(ctx); err != nil {
		return err
	}
	if id.Prefix(keyID) != id.ProvisioningKey {
		return ErrNotFound.OnField("input", "provisioningKeyId")
	}
	return s.inTx(ctx, func(tx *ent.Tx) error {
		k, err := tx.ProvisioningKey.Query().Where(provisioningkey.ID(keyID), provisioningkey.RevokedAtIsNil()).Only(ctx)
		if ent.IsNotFound(err) {
			return ErrNotFound.OnField("input", "provisioningKeyId")
		}
		if err != nil {
			return fmt.Errorf("find provisioning key: %w", err)
		}
		if _, err := s.authorize(ctx, tx.Client(), k.FleetID, ManageProvisioningKeys); err != nil {
			return notFoundOn(err, "provisioningKeyId")
		}
		if err := tx.ProvisioningKey.UpdateOneID(k.ID).SetRevokedAt(s.Now()).Exec(ctx); err != nil {
			return fmt.Errorf("revoke provisioning key: %w", err)
		}
		return nil
	})
}

// ProvisionDevice registers one device into the fleet of the request's provisioning
// key and issues the device its own token. The key's bounds hold under concurrency:
// one conditional UPDATE counts the device against maxDevices only while the key is
// live (not revoked, not expired) and under its bound; the database serialises
// updates of the row (PostgreSQL re-checks the condition on the row it waited for;
// SQLite has one writer), so 20 concurrent calls against maxDevices 5 make 5 devices.
func (s *Service) ProvisionDevice(ctx context.Context, name string) (*RegisteredDevice, error) {
	v, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if v.Kind != viewer.ProvisioningKey {
		return nil, ErrNotProvisioningKey
	}
	name, err = checkName(name, "name")
	if err != nil {
		return nil, err
	}
	if s.Limiter != nil {
		if err := s.Limiter.Allow(ctx, limits.Provisioning.Key(v.CredentialID), limits.Provisioning); err != nil {
			return nil, err
		}
	}
	var out *RegisteredDevice
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		now := s.Now()
		n, err := tx.ProvisioningKey.Update().
			Where(
				provisioningkey.ID(v.CredentialID),
				provisioningkey.RevokedAtIsNil(),
				provisioningkey.Or(provisioningkey.ExpiresAtIsNil(), provisioningkey.ExpiresAtGT(now)),
				provisioningkey.Or(provisioningkey.MaxDevicesIsNil(), underMaxDevices()),
			).
			AddDevicesRegistered(1).
			SetLastUsedAt(now).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("count provisioned device: %w", err)
		}
		if n == 0 {
			return s.whyNotProvisioned(ctx, tx, v.CredentialID)
		}
		secret, hash := token.New(token.Device)
		d, err := tx.Device.Create().
			SetFleetID(v.FleetID).
			SetName(name).
			SetTokenHash(hash).
			SetCreatedAt(now).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("provision device: %w", err)
		}
		out = &RegisteredDevice{Device: d, Token: secret}
		return s.emit(ctx, tx, webhook.DeviceRegistered, webhook.Data{FleetID: v.FleetID, DeviceID: d.ID})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// underMaxDevices matches keys that have registered fewer devices than their bound.
func underMaxDevices() func(*sql.Selector) {
	return func(s *sql.Selector) {
		s.Where(sql.ColumnsLT(s.C(provisioningkey.FieldDevicesRegistered), s.C(provisioningkey.FieldMaxDevices)))
	}
}

// whyNotProvisioned tells a key at its bound (ErrDeviceLimit) from one revoked or
// expired since the request was authenticated (ErrKeyRevoked).
func (s *Service) whyNotProvisioned(ctx context.Context, tx *ent.Tx, keyID string) error {
	k, err := tx.ProvisioningKey.Get(ctx, keyID)
	if ent.IsNotFound(err) {
		return ErrKeyRevoked
	}
	if err != nil {
		return fmt.Errorf("read provisioning key: %w", err)
	}
	if k.RevokedAt != nil || (k.ExpiresAt != nil && !s.Now().Before(*k.ExpiresAt)) {
		return ErrKeyRevoked
	}
	return ErrDeviceLimit
}
