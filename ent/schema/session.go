package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// Session is one signed-in device or browser. A refresh rotates the token by writing a
// new Session row in the same family and marking the old one rotated; a rotated token
// presented again revokes the whole family (refresh token reuse detection).
type Session struct{ ent.Schema }

// Mixin of the Session.
func (Session) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.Session}, createdMixin{}}
}

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").Immutable(),
		tokenHash("token_hash"),
		// family_id is the id of the first session of a refresh chain.
		field.String("family_id").Immutable(),
		field.Time("expires_at"),
		// absolute_expires_at caps a family however often it is refreshed.
		field.Time("absolute_expires_at").Immutable(),
		field.Time("last_used_at"),
		// authenticated_at is when the owner last proved the password (and second
		// factor) in this session: the basis of the fresh-authentication rule. Null when
		// the session came from an email link without a password.
		field.Time("authenticated_at").Optional().Nillable(),
		// second_factor_at is when the owner last proved the second factor in this
		// session (the log-in's challenge, or confirming enrolment): admin operations need
		// it, as well as authenticated_at, within the fresh-authentication window.
		field.Time("second_factor_at").Optional().Nillable(),
		field.String("user_agent").Default("").MaxLen(512),
		field.String("ip").Default("").MaxLen(64),
		field.Time("rotated_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

// Edges of the Session.
func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("sessions").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Session.
func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("family_id"), index.Fields("user_id")}
}
