package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// Fleet is a group of devices, owned by one account and shared with members.
type Fleet struct{ ent.Schema }

// Mixin of the Fleet.
func (Fleet) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.Fleet}, createdMixin{}}
}

// Fields of the Fleet.
func (Fleet) Fields() []ent.Field {
	return []ent.Field{
		field.String("owner_id"),
		field.String("name").MaxLen(100).NotEmpty(),
	}
}

// Edges of the Fleet. Deleting a fleet deletes its devices, memberships, invitations,
// provisioning keys and fleet-owned API keys.
func (Fleet) Edges() []ent.Edge {
	cascade := entsql.OnDelete(entsql.Cascade)
	return []ent.Edge{
		edge.From("owner", User.Type).Ref("owned_fleets").Field("owner_id").Unique().Required(),
		edge.To("members", FleetMember.Type).Annotations(cascade),
		edge.To("devices", Device.Type).Annotations(cascade),
		edge.To("invitations", FleetInvitation.Type).Annotations(cascade),
		edge.To("provisioning_keys", ProvisioningKey.Type).Annotations(cascade),
		edge.To("api_keys", APIKey.Type).Annotations(cascade),
	}
}

// Indexes of the Fleet.
func (Fleet) Indexes() []ent.Index {
	return []ent.Index{index.Fields("owner_id")}
}

// FleetMember gives an account a role in a fleet.
type FleetMember struct{ ent.Schema }

// Mixin of the FleetMember.
func (FleetMember) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.FleetMember}, createdMixin{}}
}

// Fields of the FleetMember.
func (FleetMember) Fields() []ent.Field {
	return []ent.Field{
		field.String("fleet_id").Immutable(),
		field.String("user_id").Immutable(),
		field.Enum("role").Values("OWNER", "DEVELOPER", "OPERATOR", "OBSERVER"),
	}
}

// Edges of the FleetMember.
func (FleetMember) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("fleet", Fleet.Type).Ref("members").Field("fleet_id").Unique().Required().Immutable(),
		edge.From("user", User.Type).Ref("fleet_memberships").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the FleetMember.
func (FleetMember) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("fleet_id", "user_id").Unique(),
		index.Fields("user_id"),
	}
}

// Device is one device of a fleet; it authenticates with its own token.
type Device struct{ ent.Schema }

// Mixin of the Device.
func (Device) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.Device}, createdMixin{}}
}

// Fields of the Device.
func (Device) Fields() []ent.Field {
	return []ent.Field{
		field.String("fleet_id").Immutable(),
		field.String("name").MaxLen(100).NotEmpty(),
		// token_hash changes when the token is rotated (rotateDeviceToken).
		rotatableTokenHash("token_hash"),
		field.Time("last_seen_at").Optional().Nillable(),
	}
}

// Edges of the Device.
func (Device) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("fleet", Fleet.Type).Ref("devices").Field("fleet_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Device.
func (Device) Indexes() []ent.Index {
	return []ent.Index{index.Fields("fleet_id")}
}
