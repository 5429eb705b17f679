package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// SecurityEvent is one line of an account's security log.
type SecurityEvent struct{ ent.Schema }

// Mixin of the SecurityEvent.
func (SecurityEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.Event}, createdMixin{}}
}

// Fields of the SecurityEvent.
func (SecurityEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").Optional().Nillable(),
		field.String("kind").MaxLen(64).NotEmpty().Immutable(),
		field.String("ip").Default("").MaxLen(64).Immutable(),
		field.String("user_agent").Default("").MaxLen(512).Immutable(),
	}
}

// Edges of the SecurityEvent. The log outlives the account only as far as abuse
// handling needs: the user link is cleared on deletion.
func (SecurityEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("security_events").Field("user_id").Unique(),
	}
}

// Indexes of the SecurityEvent.
func (SecurityEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id", "created_at")}
}
