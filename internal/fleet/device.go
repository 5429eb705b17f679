package fleet

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/device"
	entfleet "github.com/accountd/accountd/ent/fleet"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/page"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
	"github.com/accountd/accountd/internal/webhook"
)

// RegisteredDevice is a new device and its token, shown this once: only its SHA-256
// is stored (like API keys; README, "Principals").
type RegisteredDevice struct {
	Device *ent.Device
	Token  string
}

// RegisterDevice adds a device to a fleet and issues its token.
func (s *Service) RegisterDevice(ctx context.Context, fleetID, name string) (*RegisteredDevice, error) {
	if _, err := principal(ctx); err != nil {
		return nil, err
	}
	name, err := checkName(name, "name")
	if err != nil {
		return nil, err
	}
	var out *RegisteredDevice
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if _, err := s.authorize(ctx, tx.Client(), fleetID, RegisterDevice); err != nil {
			return notFoundOn(err, "fleetId")
		}
		secret, hash := token.New(token.Device)
		d, err := tx.Device.Create().
			SetFleetID(fleetID).
			SetName(name).
			SetTokenHash(hash).
			SetCreatedAt(s.Now()).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("create device: %w", err)
		}
		out = &RegisteredDevice{Device: d, Token: secret}
		return s.emit(ctx, tx, webhook.DeviceRegistered, webhook.Data{FleetID: fleetID, DeviceID: d.ID})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// deviceFor finds a device and authorizes the viewer for an action in its fleet. A
// device of a fleet the viewer is not in is not found, like a missing one.
func (s *Service) deviceFor(ctx context.Context, db *ent.Client, deviceID string, a Action) (*ent.Device, error) {
	if _, err := principal(ctx); err != nil {
		return nil, err
	}
	if id.Prefix(deviceID) != id.Device {
		return nil, ErrNotFound
	}
	d, err := db.Device.Get(ctx, deviceID)
	if ent.IsNotFound(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("find device: %w", err)
	}
	if _, err := s.authorize(ctx, db, d.FleetID, a); err != nil {
		return nil, err
	}
	return d, nil
}

// Device returns a device of a fleet the viewer is a member of.
func (s *Service) Device(ctx context.Context, deviceID string) (*ent.Device, error) {
	return s.deviceFor(ctx, s.DB, deviceID, ViewDevices)
}

// Devices lists the devices of a fleet, ordered by id.
func (s *Service) Devices(ctx context.Context, fleetID string, p page.Request) (*page.Slice[*ent.Device], error) {
	if _, err := s.authorize(ctx, s.DB, fleetID, ViewDevices); err != nil {
		return nil, err
	}
	of := func() *ent.DeviceQuery { return s.DB.Device.Query().Where(device.FleetID(fleetID)) }
	return page.Read(p, page.List[*ent.Device]{
		Prefix: id.Device,
		Fetch: func(after string, n int) ([]*ent.Device, error) {
			q := of()
			if after != "" {
				q.Where(device.IDGT(after))
			}
			ds, err := q.Order(ent.Asc(device.FieldID)).Limit(n).All(ctx)
			if err != nil {
				return nil, fmt.Errorf("list devices: %w", err)
			}
			return ds, nil
		},
		Before: func(after string) (bool, error) { return of().Where(device.IDLTE(after)).Exist(ctx) },
	})
}

// RenameDevice gives a device a new name.
func (s *Service) RenameDevice(ctx context.Context, deviceID, name string) (*ent.Device, error) {
	if _, err := principal(ctx); err != nil {
		return nil, err
	}
	name, err := checkName(name, "name")
	if err != nil {
		return nil, err
	}
	var out *ent.Device
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if _, err := s.deviceFor(ctx, tx.Client(), deviceID, RenameDevice); err != nil {
			return notFoundOn(err, "deviceId")
		}
		out, err = tx.Device.UpdateOneID(deviceID).SetName(name).Save(ctx)
		if err != nil {
			return fmt.Errorf("rename device: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteDevice deletes a device; its token stops working with it.
func (s *Service) DeleteDevice(ctx context.Context, deviceID string) error {
	return s.inTx(ctx, func(tx *ent.Tx) error {
		d, err := s.deviceFor(ctx, tx.Client(), deviceID, DeleteDevice)
		if err != nil {
			return notFoundOn(err, "deviceId")
		}
		if err := tx.Device.DeleteOneID(deviceID).Exec(ctx); err != nil {
			return fmt.Errorf("delete device: %w", err)
		}
		return s.emit(ctx, tx, webhook.DeviceDeleted, webhook.Data{FleetID: d.FleetID, DeviceID: d.ID})
	})
}

// RotateDeviceToken issues a device a new token, shown this once; the old one stops
// working at once (the hash is replaced in place, so the device keeps its id). For the
// roles that may register devices.
func (s *Service) RotateDeviceToken(ctx context.Context, deviceID string) (*RegisteredDevice, error) {
	if _, err := principal(ctx); err != nil {
		return nil, err
	}
	var out *RegisteredDevice
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		if _, err := s.deviceFor(ctx, tx.Client(), deviceID, RegisterDevice); err != nil {
			return notFoundOn(err, "deviceId")
		}
		secret, hash := token.New(token.Device)
		d, err := tx.Device.UpdateOneID(deviceID).SetTokenHash(hash).Save(ctx)
		if err != nil {
			return fmt.Errorf("rotate device token: %w", err)
		}
		out = &RegisteredDevice{Device: d, Token: secret}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CurrentDevice returns the device of the request's device token; nil for any other
// credential (Query.device answers null).
func (s *Service) CurrentDevice(ctx context.Context) (*ent.Device, error) {
	v := viewer.PrincipalFrom(ctx)
	if v == nil || v.Kind != viewer.Device {
		return nil, nil
	}
	d, err := s.DB.Device.Get(ctx, v.CredentialID)
	return store.Found(d, err, "device") // none: deleted during the request
}

// FleetName returns the name of a device's fleet. The device was handed out only to
// whoever may see it (the device itself, or a member who may view devices), and they
// may see its fleet's name.
func (s *Service) FleetName(ctx context.Context, d *ent.Device) (string, error) {
	name, err := s.DB.Fleet.Query().Where(entfleet.ID(d.FleetID)).Select(entfleet.FieldName).String(ctx)
	if err != nil {
		return "", fmt.Errorf("find fleet name: %w", err)
	}
	return name, nil
}
