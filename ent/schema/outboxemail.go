package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// OutboxEmail is an email waiting to be sent (transactional outbox): written in the same
// transaction as the state change it reports, sent later by a worker with retries.
type OutboxEmail struct{ ent.Schema }

// Mixin of the OutboxEmail.
func (OutboxEmail) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.Email}, createdMixin{}}
}

// Fields of the OutboxEmail.
func (OutboxEmail) Fields() []ent.Field {
	return []ent.Field{
		field.String("to").MaxLen(254).NotEmpty().Immutable(),
		field.String("template").MaxLen(64).NotEmpty().Immutable(),
		// data is the template's data sealed with the service's secret key: it may hold a
		// link with a token until the email is sent, and is cleared once it is.
		field.Bytes("data").Optional().Nillable().Sensitive(),
		field.Int("attempts").Default(0),
		field.Time("next_attempt_at"),
		// locked_until is the lease of the worker sending it: several processes share the
		// queue and only the lease holder sends.
		field.Time("locked_until").Optional().Nillable(),
		field.Time("sent_at").Optional().Nillable(),
		field.Time("failed_at").Optional().Nillable(),
		field.String("last_error").Default("").MaxLen(1000),
	}
}

// Indexes of the OutboxEmail.
func (OutboxEmail) Indexes() []ent.Index {
	return []ent.Index{index.Fields("sent_at", "failed_at", "next_attempt_at")}
}
