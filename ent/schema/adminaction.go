package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// AdminAction is one line of the admin audit log: who did what to whom, when, from
// where and why. The ids and addresses are copied, not linked: the log outlives both the
// admin's and the affected account (adminDeleteUser is itself a line).
type AdminAction struct{ ent.Schema }

// Mixin of the AdminAction.
func (AdminAction) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.AdminAction}, createdMixin{}}
}

// Fields of the AdminAction.
func (AdminAction) Fields() []ent.Field {
	return []ent.Field{
		// admin_id is the admin's account; empty for the operator's command line
		// (accountd admin grant / revoke).
		field.String("admin_id").Default("").MaxLen(40).Immutable(),
		field.String("admin_email").Default("").MaxLen(254).Immutable(),
		// action is what was done, such as suspend_user (README, Administration).
		field.String("action").MaxLen(64).NotEmpty().Immutable(),
		field.String("target_user_id").MaxLen(40).NotEmpty().Immutable(),
		field.String("target_email").Default("").MaxLen(254).Immutable(),
		field.String("reason").MaxLen(2000).NotEmpty().Immutable(),
		field.String("ip").Default("").MaxLen(64).Immutable(),
		field.String("user_agent").Default("").MaxLen(512).Immutable(),
	}
}

// Indexes of the AdminAction.
func (AdminAction) Indexes() []ent.Index {
	return []ent.Index{index.Fields("target_user_id")}
}
