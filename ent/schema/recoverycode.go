package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// RecoveryCode is a single-use code that stands in for the authenticator app.
type RecoveryCode struct{ ent.Schema }

// Mixin of the RecoveryCode.
func (RecoveryCode) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.RecoveryCode}, createdMixin{}}
}

// Fields of the RecoveryCode.
func (RecoveryCode) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").Immutable(),
		tokenHash("code_hash"),
		field.Time("used_at").Optional().Nillable(),
	}
}

// Edges of the RecoveryCode.
func (RecoveryCode) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("recovery_codes").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the RecoveryCode.
func (RecoveryCode) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id")}
}
