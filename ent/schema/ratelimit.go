package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// RateLimit is one fixed-window counter (internal/ratelimit). It lives in the database so
// that every accountd process serving it shares the same limits.
type RateLimit struct{ ent.Schema }

// Fields of the RateLimit.
func (RateLimit) Fields() []ent.Field {
	return []ent.Field{
		// id is the counter's key, such as "mail:<sha256 of the address>".
		field.String("id").MaxLen(128).NotEmpty().Immutable(),
		field.Int("hits"),
		// window_ends_ms is the end of the current window in Unix milliseconds: an integer
		// compares the same way on SQLite and PostgreSQL.
		field.Int64("window_ends_ms"),
	}
}
