package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/accountd/accountd/internal/id"
)

// User is an account: one person, known by a verified email address.
type User struct{ ent.Schema }

// Mixin of the User.
func (User) Mixin() []ent.Mixin {
	return []ent.Mixin{idMixin{prefix: id.User}, createdMixin{}}
}

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		// email is the address as the person typed it (trimmed); mail goes there.
		field.String("email").MaxLen(254).NotEmpty(),
		// email_key is the address in a canonical form (NFKC, lower case). Its unique index
		// is what makes "A@x.com", "a@x.com" and look-alikes one account (ASVS 15.4.2).
		field.String("email_key").MaxLen(254).NotEmpty().Unique(),
		field.Time("email_verified_at").Optional().Nillable(),
		// password_hash is an argon2id PHC string; null for an account without a password.
		field.String("password_hash").Optional().Nillable().Sensitive(),
		field.Time("password_changed_at").Optional().Nillable(),
		// password_breached_at is when a log-in found the current password in the breach
		// corpus (Have I Been Pwned); a new password clears it. The owner was mailed once.
		field.Time("password_breached_at").Optional().Nillable(),
		// 100 characters, checked by the account flows; the column bounds bytes (4 per
		// character at most in UTF-8).
		field.String("name").Default("").MaxLen(400),
		field.String("company").Default("").MaxLen(400),
		field.Time("terms_accepted_at").Optional().Nillable(),
	}
}

// Edges of the User. Everything that belongs to an account goes with it.
func (User) Edges() []ent.Edge {
	cascade := entsql.OnDelete(entsql.Cascade)
	return []ent.Edge{
		edge.To("sessions", Session.Type).Annotations(cascade),
		edge.To("api_keys", APIKey.Type).Annotations(cascade),
		edge.To("one_time_tokens", OneTimeToken.Type).Annotations(cascade),
		edge.To("totp", TOTP.Type).Unique().Annotations(cascade),
		edge.To("recovery_codes", RecoveryCode.Type).Annotations(cascade),
		edge.To("identities", Identity.Type).Annotations(cascade),
		edge.To("owned_fleets", Fleet.Type).Annotations(cascade),
		edge.To("fleet_memberships", FleetMember.Type).Annotations(cascade),
		edge.To("sent_invitations", FleetInvitation.Type).Annotations(cascade),
		edge.To("device_authorizations", DeviceAuthorization.Type).Annotations(cascade),
		edge.To("security_events", SecurityEvent.Type).Annotations(entsql.OnDelete(entsql.SetNull)),
	}
}
