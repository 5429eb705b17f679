package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// APIKey is a named, long-lived credential for scripts and the CLI. A person's key
// (user_id set) acts for them, with all of their rights (scope FULL) or only reading
// (READ_ONLY), optionally limited to one fleet with a role no higher than the person's
// own there. A fleet's key (user_id null, fleet_id set) belongs to the fleet: it acts
// in that fleet only, with its role, whoever comes and goes.
type APIKey struct{ ent.Schema }

// Mixin of the APIKey.
func (APIKey) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.APIKey}, createdMixin{}}
}

// Fields of the APIKey.
func (APIKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").Optional().Immutable(),
		// creator_id is the account that created the key (for a person's key, the
		// person; for a fleet's key, the OWNER who made it); null for keys made before
		// it was recorded. A password reset or change revokes the keys its account
		// created, the fleet's included, so a key minted with a stolen password does
		// not outlive the owner's recovery.
		field.String("creator_id").Optional().Nillable().Immutable(),
		field.String("name").MaxLen(100).NotEmpty(),
		field.String("description").Default("").MaxLen(500),
		// prefix is the short public part of the key, shown in lists so a person can
		// tell keys apart and recognise a leaked one.
		field.String("prefix").MaxLen(40).Unique().Immutable(),
		tokenHash("key_hash"),
		field.Time("last_used_at").Optional().Nillable(),
		field.Time("expires_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
		field.Enum("scope").Values("FULL", "READ_ONLY").Default("FULL").Immutable(),
		field.String("fleet_id").Optional().Nillable().Immutable(),
		field.Enum("fleet_role").Values("OWNER", "DEVELOPER", "OPERATOR", "OBSERVER").Optional().Nillable().Immutable(),
	}
}

// Edges of the APIKey.
func (APIKey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("api_keys").Field("user_id").Unique().Immutable(),
		edge.From("fleet", Fleet.Type).Ref("api_keys").Field("fleet_id").Unique().Immutable(),
	}
}

// Indexes of the APIKey.
func (APIKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id"), index.Fields("fleet_id"), index.Fields("creator_id")}
}
