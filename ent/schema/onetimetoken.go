package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// OneTimeToken is a secret sent by email (or handed out for a log-in step) that works
// once and expires: email verification, password reset, fleet invitation, the
// two-factor challenge between the password and the code, the links of an email change
// (confirm, to the new address; revert, to the old one) and the emailed log-in code.
type OneTimeToken struct{ ent.Schema }

// Mixin of the OneTimeToken.
func (OneTimeToken) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.OneTimeToken}, createdMixin{}}
}

// Fields of the OneTimeToken.
func (OneTimeToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").Optional().Nillable().Immutable(),
		field.Enum("purpose").Values("verify_email", "reset_password", "fleet_invitation", "two_factor_challenge",
			// The challenges of WebAuthn ceremonies (internal/passkey): the secret is the
			// challenge the authenticator signs.
			"passkey_registration", "passkey_assertion",
			"email_change", "email_change_revert", "log_in_code").Immutable(),
		tokenHash("token_hash"),
		// email is the address the token was sent to: a token is bound to it.
		field.String("email").Default("").MaxLen(254).Immutable(),
		field.Time("expires_at"),
		field.Time("used_at").Optional().Nillable(),
		// attempts counts wrong answers given against the token (two-factor codes).
		field.Int("attempts").Default(0),
		// invitation_id links the token of a fleet invitation to it (FleetInvitation).
		field.String("invitation_id").Optional().Nillable().Immutable(),
		// data holds what the purpose needs beyond the user (whether the first step of
		// a two-factor challenge proved the password); never a secret.
		field.JSON("data", map[string]string{}).Optional().
			// json, not jsonb: nothing queries inside it, and lib/pq's binary parameters
			// (one round trip per query, see internal/store) cannot send jsonb.
			SchemaType(map[string]string{dialect.Postgres: "json"}),
	}
}

// Edges of the OneTimeToken.
func (OneTimeToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("one_time_tokens").Field("user_id").Unique().Immutable(),
		edge.From("invitation", FleetInvitation.Type).Ref("token").Field("invitation_id").Unique().Immutable(),
	}
}

// Indexes of the OneTimeToken.
func (OneTimeToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id", "purpose")}
}
