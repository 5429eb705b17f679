package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// AdminAction is one line of the admin audit log: who did what to whom, when, from
// where and why. The ids and addresses are copied, not linked: the log outlives both the
// admin's and the affected account (adminDeleteUser is itself a line). Its target is
// named by target_kind, target_id and target_name (an account, a webhook endpoint, a
// search of accounts); target_user_id and target_email are set only when the target is
// an account, so a filter by account never meets anything else. Lines written before
// target_kind existed have it empty: their target is read from target_user_id's prefix
// (account.AuditTarget).
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
		// target_user_id and target_email: the account acted on or read, when the
		// target is an account; empty otherwise.
		field.String("target_user_id").Default("").MaxLen(40).Immutable(),
		field.String("target_email").Default("").MaxLen(254).Immutable(),
		// target_kind is what the target is: user, webhook_endpoint, user_search; empty
		// on lines older than the field.
		field.String("target_kind").Default("").MaxLen(32).Immutable(),
		// target_id is the target's id (usr_..., whe_...); empty for a search.
		field.String("target_id").Default("").MaxLen(40).Immutable(),
		// target_name names the target as it was: an account's address, an endpoint's
		// name, the text of a search.
		field.String("target_name").Default("").MaxLen(254).Immutable(),
		field.String("reason").MaxLen(2000).NotEmpty().Immutable(),
		field.String("ip").Default("").MaxLen(64).Immutable(),
		field.String("user_agent").Default("").MaxLen(512).Immutable(),
	}
}

// Indexes of the AdminAction.
func (AdminAction) Indexes() []ent.Index {
	return []ent.Index{index.Fields("target_user_id")}
}
