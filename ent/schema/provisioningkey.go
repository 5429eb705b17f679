package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// ProvisioningKey lets devices in the field register themselves into one fleet
// (balena's provisioning keys): whoever holds it may call provisionDevice, at most
// max_devices times, until it expires or is revoked, and nothing else.
type ProvisioningKey struct{ ent.Schema }

// Mixin of the ProvisioningKey.
func (ProvisioningKey) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.ProvisioningKey}, createdMixin{}}
}

// Fields of the ProvisioningKey.
func (ProvisioningKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("fleet_id").Immutable(),
		// creator_id is the account that created the key (through a fleet's own API
		// key: the account that created that key); the key belongs to the fleet and
		// outlives the creator's membership, but not a password reset or change of the
		// creator's account (see account.afterNewPassword).
		field.String("creator_id").Default("").Immutable(),
		field.String("name").MaxLen(100).NotEmpty(),
		// prefix is the public start of the key, shown in lists.
		field.String("prefix").MaxLen(40).Unique().Immutable(),
		tokenHash("key_hash"),
		field.Time("expires_at").Optional().Nillable().Immutable(),
		// max_devices bounds devices_registered; null for no bound.
		field.Int("max_devices").Optional().Nillable().Immutable(),
		field.Int("devices_registered").Default(0),
		field.Time("last_used_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

// Edges of the ProvisioningKey.
func (ProvisioningKey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("fleet", Fleet.Type).Ref("provisioning_keys").Field("fleet_id").Unique().Required().Immutable(),
	}
}

// Indexes of the ProvisioningKey.
func (ProvisioningKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("fleet_id"), index.Fields("creator_id")}
}
