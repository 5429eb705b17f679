package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"

	"github.com/accountd/accountd/internal/id"
)

// WebhookEndpoint is a receiver of webhooks added by an admin (the operator's own
// endpoint comes from the configuration and has no row).
type WebhookEndpoint struct{ ent.Schema }

// Mixin of the WebhookEndpoint.
func (WebhookEndpoint) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.WebhookEndpoint}, createdMixin{}}
}

// Fields of the WebhookEndpoint.
func (WebhookEndpoint) Fields() []ent.Field {
	return []ent.Field{
		field.String("url").MaxLen(2000).NotEmpty().Immutable(),
		field.String("description").Default("").MaxLen(200),
		// secret is the signing key sealed with the service's secret key: unlike a
		// token it cannot be stored as a hash, since every delivery is signed with it.
		field.Bytes("secret").Sensitive().NotEmpty().Immutable(),
		// created_by is the admin who added it (no edge: the endpoint outlives them).
		field.String("created_by").Default("").MaxLen(40).Immutable(),
	}
}
