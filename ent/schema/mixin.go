package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/accountd/accountd/internal/id"
)

// idMixin gives an entity a prefixed ULID as its primary key (see internal/id).
type idMixin struct {
	mixin.Schema
	prefix string
}

// Fields of the idMixin.
func (m idMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").
			Immutable().
			NotEmpty().
			MaxLen(40).
			DefaultFunc(func() string { return id.New(m.prefix) }),
	}
}

// createdMixin records when a row was created. The domain sets it from its clock, so
// tests control time; the default only covers rows written outside a use-case.
type createdMixin struct{ mixin.Schema }

// Fields of the createdMixin.
func (createdMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Immutable().Default(func() time.Time { return time.Now().UTC() }),
	}
}

// tokenHash is the SHA-256 of an opaque secret: the secret itself is never stored. It is
// unique and indexed, so finding a credential is one index lookup.
func tokenHash(name string) ent.Field {
	return field.Bytes(name).Sensitive().Unique().Immutable().MinLen(32).MaxLen(32)
}

// rotatableTokenHash is a tokenHash that may be replaced: a device's token is rotated in
// place, so the device keeps its id.
func rotatableTokenHash(name string) ent.Field {
	return field.Bytes(name).Sensitive().Unique().MinLen(32).MaxLen(32)
}
