package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/accountd/accountd/internal/id"
)

// TOTP is an account's authenticator-app secret (RFC 6238), pending until confirmed.
type TOTP struct{ ent.Schema }

// Mixin of the TOTP.
func (TOTP) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.TOTP}, createdMixin{}}
}

// Fields of the TOTP.
func (TOTP) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").Unique().Immutable(),
		// secret_sealed is the shared secret encrypted with the service's secret key, so
		// a database dump alone does not hand out second factors.
		field.Bytes("secret_sealed").Sensitive(),
		field.Time("confirmed_at").Optional().Nillable(),
		// last_used_step is the RFC 6238 time step of the last accepted code: no code of
		// that step or an earlier one is accepted again (RFC 6238 §5.2).
		field.Int64("last_used_step").Default(0),
		// failures counts the wrong answers to the second factor since the last right
		// one; at the configured bound (account.Config.TwoFactorMaxFailures) the codes
		// of the app lock (locked_at) until a recovery code or a password reset.
		field.Int("failures").Default(0),
		field.Time("locked_at").Optional().Nillable(),
	}
}

// Edges of the TOTP.
func (TOTP) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("totp").Field("user_id").Unique().Required().Immutable(),
	}
}
