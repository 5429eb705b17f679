package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// Identity links an account to an account at a social login provider.
type Identity struct{ ent.Schema }

// Mixin of the Identity.
func (Identity) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.Identity}, createdMixin{}}
}

// Fields of the Identity.
func (Identity) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").Immutable(),
		field.String("provider").MaxLen(32).NotEmpty().Immutable(),
		// subject is the provider's stable identifier of the person (OIDC "sub").
		field.String("subject").MaxLen(255).NotEmpty().Immutable(),
		field.String("email").Default("").MaxLen(254),
	}
}

// Edges of the Identity.
func (Identity) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("identities").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Identity.
func (Identity) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("provider", "subject").Unique(),
		index.Fields("user_id"),
	}
}
