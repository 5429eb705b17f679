package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/accountd/accountd/internal/id"
)

// FleetInvitation invites an address into a fleet with a role. Its secret is a
// one-time token of purpose fleet_invitation (internal/onetime) linked to it by
// one_time_tokens.invitation_id: the token holds the hash, the expiry and the use, so
// the single-use rule is the one store's; this row holds what the invitation is about.
// Deleting the fleet or the inviter's account deletes the invitation, and the
// invitation its token (ON DELETE CASCADE both ways down).
type FleetInvitation struct{ ent.Schema }

// Mixin of the FleetInvitation.
func (FleetInvitation) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.Invitation}, createdMixin{}}
}

// Fields of the FleetInvitation.
func (FleetInvitation) Fields() []ent.Field {
	return []ent.Field{
		field.String("fleet_id").Immutable(),
		// inviter_id is the member who sent it.
		field.String("inviter_id").Immutable(),
		// email is the invited address, as typed; only the account with this verified
		// address (compared by its key) can accept.
		field.String("email").MaxLen(254).NotEmpty().Immutable(),
		// role is what the invitee becomes; never OWNER (ownership is transferred).
		field.Enum("role").Values("DEVELOPER", "OPERATOR", "OBSERVER").Immutable(),
	}
}

// Edges of the FleetInvitation.
func (FleetInvitation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("fleet", Fleet.Type).Ref("invitations").Field("fleet_id").Unique().Required().Immutable(),
		edge.From("inviter", User.Type).Ref("sent_invitations").Field("inviter_id").Unique().Required().Immutable(),
		edge.To("token", OneTimeToken.Type).Unique().Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the FleetInvitation.
func (FleetInvitation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("fleet_id"), index.Fields("inviter_id")}
}
