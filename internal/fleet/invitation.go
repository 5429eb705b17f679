package fleet

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/predicate"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/email"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/page"
	"github.com/accountd/accountd/internal/ratelimit"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
)

// An invitation is a OneTimeToken of purpose fleet_invitation: its email is the invited
// address (the token is bound to it), its data names the fleet and the role, and its
// user is the member who sent it, so it goes with their account.
const (
	dataFleetID = "fleet_id"
	dataRole    = "role"
)

// Invitation is a pending invitation, as the fleet's owner sees it.
type Invitation struct {
	ID        string
	Email     string
	Role      Role
	CreatedAt time.Time
	ExpiresAt time.Time
}

func invitationFrom(t *ent.OneTimeToken) *Invitation {
	return &Invitation{
		ID: t.ID, Email: t.Email, Role: Role(t.Data[dataRole]),
		CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt,
	}
}

// invitationOf matches the invitation tokens of a fleet (a JSON field; the same SQL
// works on SQLite and PostgreSQL).
func invitationOf(fleetID string) predicate.OneTimeToken {
	return func(s *sql.Selector) {
		s.Where(sqljson.ValueEQ(s.C(onetimetoken.FieldData), fleetID, sqljson.Path(dataFleetID)))
	}
}

// checkInvitableRole refuses OWNER: a fleet has one owner, and ownership is handed on
// with TransferOwnership, never given by an invitation or a role change.
func checkInvitableRole(r Role) error {
	switch r {
	case Developer, Operator, Observer:
		return nil
	}
	return ErrInvalidRole.OnField("input", "role")
}

// Invite mails an invitation into a fleet to an address, with a link that works once,
// for InvitationTTL, and only for an account with that address (verified). The address
// needs no account yet: its owner can sign up, then follow the link. A new invitation
// to the same address replaces an older one.
func (s *Service) Invite(ctx context.Context, fleetID, address string, role Role) (*Invitation, error) {
	uid, err := viewerID(ctx)
	if err != nil {
		return nil, err
	}
	addr, key, ok := email.Parse(address)
	if !ok {
		return nil, ErrInvalidEmail.OnField("input", "email")
	}
	if err := checkInvitableRole(role); err != nil {
		return nil, err
	}
	// The sender's allowance is counted first, whatever the fleet (the answer tells
	// nothing about it); the address's only once the sender may invite into the fleet,
	// so nobody can spend someone else's allowance with fleets they cannot manage.
	if err := s.allow(ctx, limits.Invitations.Key(uid), limits.Invitations); err != nil {
		return nil, err
	}
	if _, err := s.authorize(ctx, s.DB, fleetID, ManageMembers); err != nil {
		return nil, notFoundOn(err, "fleetId")
	}
	if err := s.allow(ctx, limits.InvitationsTo.Key(key), limits.InvitationsTo); err != nil {
		return nil, err
	}
	var out *Invitation
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		g, err := s.authorize(ctx, tx.Client(), fleetID, ManageMembers)
		if err != nil {
			return notFoundOn(err, "fleetId")
		}
		member, err := tx.FleetMember.Query().
			Where(fleetmember.FleetID(fleetID), fleetmember.HasUserWith(user.EmailKey(key))).
			Exist(ctx)
		if err != nil {
			return fmt.Errorf("find member: %w", err)
		}
		if member {
			return ErrAlreadyMember.OnField("input", "email")
		}
		if err := retireInvitations(ctx, tx, fleetID, key); err != nil {
			return err
		}
		now := s.Now()
		secret, hash := token.New(token.Invitation)
		t, err := tx.OneTimeToken.Create().
			SetUserID(g.UserID).
			SetPurpose(onetimetoken.PurposeFleetInvitation).
			SetTokenHash(hash).
			SetEmail(addr).
			SetData(map[string]string{dataFleetID: fleetID, dataRole: string(role)}).
			SetExpiresAt(now.Add(s.cfg.InvitationTTL)).
			SetCreatedAt(now).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("create invitation: %w", err)
		}
		inviter, err := tx.User.Get(ctx, g.UserID)
		if err != nil {
			return fmt.Errorf("find inviter: %w", err)
		}
		out = invitationFrom(t)
		return s.queueMail(ctx, tx, addr, mail.TemplateFleetInvitation, map[string]string{
			"FleetName":    g.Fleet.Name,
			"InviterEmail": inviter.Email,
			"Role":         string(role),
			"Link":         s.cfg.PublicURL + "/accept-invitation?" + url.Values{"token": {secret}}.Encode(),
			"ExpiresIn":    days(s.cfg.InvitationTTL),
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// allow counts a hit of an invitation limit (limits.Invitations per sender,
// limits.InvitationsTo per invited address, whoever sends): nobody can use fleets to
// make accountd mail an address without end.
func (s *Service) allow(ctx context.Context, key string, r ratelimit.Rule) error {
	if s.Limiter == nil {
		return nil
	}
	return s.Limiter.Allow(ctx, key, r)
}

// retireInvitations deletes the pending invitations of a fleet to an address.
func retireInvitations(ctx context.Context, tx *ent.Tx, fleetID, key string) error {
	ts, err := tx.OneTimeToken.Query().
		Where(onetimetoken.PurposeEQ(onetimetoken.PurposeFleetInvitation), invitationOf(fleetID), onetimetoken.UsedAtIsNil()).
		All(ctx)
	if err != nil {
		return fmt.Errorf("find invitations: %w", err)
	}
	var ids []string
	for _, t := range ts {
		if email.Key(t.Email) == key {
			ids = append(ids, t.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.OneTimeToken.Delete().Where(onetimetoken.IDIn(ids...)).Exec(ctx); err != nil {
		return fmt.Errorf("retire invitations: %w", err)
	}
	return nil
}

// AcceptInvitation makes the viewer a member of the fleet an invitation names. The
// link works once, even under concurrent requests, until it expires, and only for the
// account whose verified address it was sent to: a link forwarded to someone else does
// nothing (ASVS 6.4.1; the same rule as email verification).
func (s *Service) AcceptInvitation(ctx context.Context, secret string) (*Fleet, error) {
	uid, err := viewerID(ctx)
	if err != nil {
		return nil, err
	}
	if !token.Plausible(secret, token.Invitation) {
		return nil, ErrInvalidToken.OnField("input", "token")
	}
	u, err := s.DB.User.Get(ctx, uid)
	if ent.IsNotFound(err) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("accept invitation: find user: %w", err)
	}
	if u.EmailVerifiedAt == nil {
		return nil, ErrEmailNotVerified
	}
	var out *Fleet
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		now := s.Now()
		t, err := tx.OneTimeToken.Query().
			Where(
				onetimetoken.TokenHash(token.Hash(secret)),
				onetimetoken.PurposeEQ(onetimetoken.PurposeFleetInvitation),
				onetimetoken.UsedAtIsNil(),
				onetimetoken.ExpiresAtGT(now),
			).
			Only(ctx)
		if ent.IsNotFound(err) {
			return ErrInvalidToken.OnField("input", "token")
		}
		if err != nil {
			return fmt.Errorf("find invitation: %w", err)
		}
		role := Role(t.Data[dataRole])
		if email.Key(t.Email) != u.EmailKey || checkInvitableRole(role) != nil {
			return ErrInvalidToken.OnField("input", "token")
		}
		f, err := tx.Fleet.Get(ctx, t.Data[dataFleetID])
		if ent.IsNotFound(err) {
			return ErrInvalidToken.OnField("input", "token")
		}
		if err != nil {
			return fmt.Errorf("find fleet: %w", err)
		}
		member, err := tx.FleetMember.Query().Where(fleetmember.FleetID(f.ID), fleetmember.UserID(uid)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("find member: %w", err)
		}
		if member {
			return ErrAlreadyMember.OnField("input", "token")
		}
		// The single-use guarantee: of concurrent redemptions exactly one updates the
		// row (UPDATE ... WHERE used_at IS NULL AND expires_at > now).
		n, err := tx.OneTimeToken.Update().
			Where(onetimetoken.ID(t.ID), onetimetoken.UsedAtIsNil(), onetimetoken.ExpiresAtGT(now)).
			SetUsedAt(now).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("use invitation: %w", err)
		}
		if n != 1 {
			return ErrInvalidToken.OnField("input", "token")
		}
		err = tx.FleetMember.Create().SetFleetID(f.ID).SetUserID(uid).SetRole(role).SetCreatedAt(now).Exec(ctx)
		if ent.IsConstraintError(err) { // joined through another invitation meanwhile
			return ErrAlreadyMember.OnField("input", "token")
		}
		if err != nil {
			return fmt.Errorf("create member: %w", err)
		}
		out = &Fleet{Fleet: f, ViewerRole: role}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RevokeInvitation deletes a pending invitation: its link stops working.
func (s *Service) RevokeInvitation(ctx context.Context, invitationID string) error {
	if _, err := viewerID(ctx); err != nil {
		return err
	}
	if id.Prefix(invitationID) != id.OneTimeToken {
		return ErrNotFound.OnField("input", "invitationId")
	}
	return s.inTx(ctx, func(tx *ent.Tx) error {
		t, err := tx.OneTimeToken.Query().
			Where(
				onetimetoken.ID(invitationID),
				onetimetoken.PurposeEQ(onetimetoken.PurposeFleetInvitation),
				onetimetoken.UsedAtIsNil(),
			).
			Only(ctx)
		if ent.IsNotFound(err) {
			return ErrNotFound.OnField("input", "invitationId")
		}
		if err != nil {
			return fmt.Errorf("find invitation: %w", err)
		}
		if _, err := s.authorize(ctx, tx.Client(), t.Data[dataFleetID], ManageMembers); err != nil {
			return notFoundOn(err, "invitationId")
		}
		if err := tx.OneTimeToken.DeleteOneID(t.ID).Exec(ctx); err != nil {
			return fmt.Errorf("revoke invitation: %w", err)
		}
		return nil
	})
}

// Invitation returns a pending invitation of a fleet whose members the viewer manages
// (ManageMembers, like the field fleet.invitations). One of a fleet the viewer is not in
// is ErrNotFound, like a missing, used or expired one; a role that may not manage
// members, ErrForbidden.
func (s *Service) Invitation(ctx context.Context, invitationID string) (*Invitation, error) {
	if _, err := viewerID(ctx); err != nil {
		return nil, err
	}
	if id.Prefix(invitationID) != id.OneTimeToken {
		return nil, ErrNotFound
	}
	t, err := s.DB.OneTimeToken.Query().
		Where(
			onetimetoken.ID(invitationID),
			onetimetoken.PurposeEQ(onetimetoken.PurposeFleetInvitation),
			onetimetoken.UsedAtIsNil(),
			onetimetoken.ExpiresAtGT(s.Now()),
		).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("find invitation: %w", err)
	}
	if _, err := s.authorize(ctx, s.DB, t.Data[dataFleetID], ManageMembers); err != nil {
		return nil, err
	}
	return invitationFrom(t), nil
}

// Invitations lists the pending invitations of a fleet, ordered by id.
func (s *Service) Invitations(ctx context.Context, fleetID string, p page.Request) (*page.Slice[*Invitation], error) {
	if _, err := s.authorize(ctx, s.DB, fleetID, ManageMembers); err != nil {
		return nil, err
	}
	now := s.Now()
	of := func() *ent.OneTimeTokenQuery {
		return s.DB.OneTimeToken.Query().Where(
			onetimetoken.PurposeEQ(onetimetoken.PurposeFleetInvitation),
			invitationOf(fleetID),
			onetimetoken.UsedAtIsNil(),
			onetimetoken.ExpiresAtGT(now),
		)
	}
	return page.Read(p, page.List[*Invitation]{
		Prefix: id.OneTimeToken,
		Fetch: func(after string, n int) ([]*Invitation, error) {
			q := of()
			if after != "" {
				q.Where(onetimetoken.IDGT(after))
			}
			ts, err := q.Order(ent.Asc(onetimetoken.FieldID)).Limit(n).All(ctx)
			if err != nil {
				return nil, fmt.Errorf("list invitations: %w", err)
			}
			out := make([]*Invitation, len(ts))
			for i, t := range ts {
				out[i] = invitationFrom(t)
			}
			return out, nil
		},
		Before: func(after string) (bool, error) { return of().Where(onetimetoken.IDLTE(after)).Exist(ctx) },
	})
}

// days writes a lifetime of whole days for an email: "7 days".
func days(d time.Duration) string {
	n := int((d + 12*time.Hour) / (24 * time.Hour))
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// InvitationPreview is what the holder of an invitation link may see before logging in:
// who invited them, to which fleet, as what. The invitation email already told them all
// three (it names the inviter by address), so the query reveals nothing new.
type InvitationPreview struct {
	// InviterName is the inviter's name, or their address when they gave no name.
	InviterName string
	FleetName   string
	Role        Role
}

// PreviewInvitation answers the public invitation query for the holder of a link. An
// unknown, used or expired token, or one whose fleet is gone, is one answer
// (ErrInvalidToken). Look-ups are limited per client network (limits.InvitationLookups).
func (s *Service) PreviewInvitation(ctx context.Context, secret string) (*InvitationPreview, error) {
	if err := s.allow(ctx, limits.InvitationLookups.Key(viewer.ClientFrom(ctx).Network()), limits.InvitationLookups); err != nil {
		return nil, err
	}
	if !token.Plausible(secret, token.Invitation) {
		return nil, ErrInvalidToken.OnField("token")
	}
	t, err := s.DB.OneTimeToken.Query().
		Where(
			onetimetoken.TokenHash(token.Hash(secret)),
			onetimetoken.PurposeEQ(onetimetoken.PurposeFleetInvitation),
			onetimetoken.UsedAtIsNil(),
			onetimetoken.ExpiresAtGT(s.Now()),
		).
		WithUser().
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrInvalidToken.OnField("token")
	}
	if err != nil {
		return nil, fmt.Errorf("preview invitation: %w", err)
	}
	role := Role(t.Data[dataRole])
	if checkInvitableRole(role) != nil || t.Edges.User == nil {
		return nil, ErrInvalidToken.OnField("token")
	}
	f, err := s.DB.Fleet.Get(ctx, t.Data[dataFleetID])
	if ent.IsNotFound(err) {
		return nil, ErrInvalidToken.OnField("token")
	}
	if err != nil {
		return nil, fmt.Errorf("preview invitation: find fleet: %w", err)
	}
	inviter := t.Edges.User.Name
	if inviter == "" {
		inviter = t.Edges.User.Email
	}
	return &InvitationPreview{InviterName: inviter, FleetName: f.Name, Role: role}, nil
}
