package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// Passkey is a WebAuthn credential of an account (internal/passkey): the public key an
// authenticator made for this relying party, and what later assertions are checked
// against. Nothing in it is secret; the private key never leaves the authenticator.
type Passkey struct{ ent.Schema }

// Mixin of the Passkey.
func (Passkey) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.Passkey}, createdMixin{}}
}

// Fields of the Passkey.
func (Passkey) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").Immutable(),
		field.String("name").MaxLen(100).NotEmpty(),
		// credential_id is the authenticator's id of the credential (at most 1023 bytes,
		// WebAuthn L3 §5.1); one credential belongs to one account.
		field.Bytes("credential_id").Unique().Immutable().NotEmpty().MaxLen(1023),
		// public_key is the COSE_Key of the credential.
		field.Bytes("public_key").Immutable().NotEmpty().MaxLen(4096),
		field.String("attestation_type").Default("").MaxLen(40).Immutable(),
		field.Bytes("aaguid").Optional().Immutable().MaxLen(16),
		// sign_count is the highest signature counter seen; a lower one is refused as a
		// possible cloned authenticator (WebAuthn L3 §6.1.1).
		field.Int64("sign_count").Default(0),
		// user_verified: the authenticator verified the person at registration.
		field.Bool("user_verified").Default(false),
		// backup_eligible (BE) cannot change over a credential's life; backup_state (BS)
		// says whether it is synced now.
		field.Bool("backup_eligible").Default(false).Immutable(),
		field.Bool("backup_state").Default(false),
		field.JSON("transports", []string{}).Optional().
			SchemaType(map[string]string{dialect.Postgres: "json"}),
		field.Time("last_used_at").Optional().Nillable(),
	}
}

// Edges of the Passkey.
func (Passkey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("passkeys").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Passkey.
func (Passkey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id")}
}
