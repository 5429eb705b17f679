package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// WebhookMessage is one event on its way to one endpoint (transactional outbox): written
// in the same transaction as the change it reports, delivered later by a worker with
// retries. Its id is the webhook-id of every attempt, so receivers can drop duplicates.
type WebhookMessage struct{ ent.Schema }

// Mixin of the WebhookMessage.
func (WebhookMessage) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.WebhookMessage}, createdMixin{}}
}

// Fields of the WebhookMessage.
func (WebhookMessage) Fields() []ent.Field {
	return []ent.Field{
		// endpoint_id is a WebhookEndpoint's id, or "operator" for the configured one
		// (hence no foreign key); deleting an endpoint deletes its messages with it.
		field.String("endpoint_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("event_type").MaxLen(64).NotEmpty().Immutable(),
		// payload is the JSON body: ids and the minimum, never a secret.
		field.Bytes("payload").NotEmpty().Immutable(),
		field.Int("attempts").Default(0),
		field.Time("next_attempt_at"),
		// locked_until is the lease of the worker delivering it: several processes
		// share the outbox and only the lease holder posts.
		field.Time("locked_until").Optional().Nillable(),
		field.Time("delivered_at").Optional().Nillable(),
		field.Time("failed_at").Optional().Nillable(),
		field.String("last_error").Default("").MaxLen(1000),
	}
}

// Indexes of the WebhookMessage.
func (WebhookMessage) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("delivered_at", "failed_at", "next_attempt_at"),
		index.Fields("endpoint_id"),
	}
}
