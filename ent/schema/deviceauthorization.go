package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// DeviceAuthorization is one request of the OAuth 2.0 device authorization grant
// (RFC 8628): a client without a keyboard asked for credentials, and a person approves
// or denies it by typing the user code in the console. The device code is stored only as
// its SHA-256, the user code only as an HMAC under the service's key; the credential is
// made when the client polls after the approval, once.
type DeviceAuthorization struct{ ent.Schema }

// Mixin of the DeviceAuthorization.
func (DeviceAuthorization) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.DeviceAuthorization}, createdMixin{}}
}

// Fields of the DeviceAuthorization.
func (DeviceAuthorization) Fields() []ent.Field {
	return []ent.Field{
		// device_code_hash is the SHA-256 of the device_code the client polls with.
		tokenHash("device_code_hash"),
		// user_code_mac is the HMAC-SHA256 (internal/seal's MAC, key derived from
		// ACCOUNTD_SECRET_KEY) of the normalized user code (8 letters): a plain hash of
		// so few values (2.56e10) would give a copy of the table its live codes by brute
		// force. Until 2026-11-30 it was user_code_hash, a plain SHA-256.
		tokenHash("user_code_mac"),
		// client_id is one of ACCOUNTD_DEVICE_CLIENTS.
		field.String("client_id").MaxLen(100).NotEmpty().Immutable(),
		// scope is what the client asked for (RFC 6749 §3.3), as it asked.
		field.String("scope").Default("").MaxLen(200).Immutable(),
		field.Enum("status").Values("pending", "approved", "denied").Default("pending"),
		// interval is the least number of seconds between two polls; slow_down adds 5.
		field.Int("interval"),
		// next_poll_at is when the client may poll again without slow_down.
		field.Time("next_poll_at"),
		field.Time("expires_at").Immutable(),
		// user_id is the person who approved or denied the request.
		field.String("user_id").Optional().Nillable(),
		field.Time("decided_at").Optional().Nillable(),
		// What the person granted: a READ_ONLY key, a key limited to a fleet with a
		// role, or a session instead of a key.
		field.Bool("grant_read_only").Default(false),
		field.String("grant_fleet_id").Optional().Nillable(),
		field.String("grant_fleet_role").Optional().Nillable(),
		field.Bool("grant_session").Default(false),
		// used_at is when the credential was handed to the client: once.
		field.Time("used_at").Optional().Nillable(),
	}
}

// Edges of the DeviceAuthorization.
func (DeviceAuthorization) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("device_authorizations").Field("user_id").Unique(),
	}
}

// Indexes of the DeviceAuthorization.
func (DeviceAuthorization) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at"), index.Fields("user_id")}
}
