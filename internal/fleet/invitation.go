package fleet

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/fleetinvitation"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/predicate"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/email"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/onetime"
	"github.com/accountd/accountd/internal/page"
	"github.com/accountd/accountd/internal/ratelimit"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
	"github.com/accountd/accountd/internal/webhook"
)

// An invitation is a FleetInvitation row (the fleet, the invited address, the role,
// the inviter) and its secret, a one-time token of internal/onetime linked to it: the
// token holds the hash, the expiry and the use, and is bound to the invited address.

// Invitation is a pending invitation, as the fleet's owner sees it.
type Invitation struct {
	ID        string
	Email     string
	Role      Role
	CreatedAt time.Time
	ExpiresAt time.Time
}

// invitationFrom presents an invitation loaded with its token.
func invitationFrom(inv *ent.FleetInvitation) *Invitation {
	out := &Invitation{ID: inv.ID, Email: inv.Email, Role: Role(inv.Role), CreatedAt: inv.CreatedAt}
	if t := inv.Edges.Token; t != nil {
		out.ExpiresAt = t.ExpiresAt
	}
	return out
}

// pending matches the invitations whose token is unused (and, when now is not zero,
// unexpired).
func pending(now time.Time) predicate.FleetInvitation {
	ps := []predicate.OneTimeToken{onetimetoken.UsedAtIsNil()}
	if !now.IsZero() {
		ps = append(ps, onetimetoken.ExpiresAtGT(now))
	}
	return fleetinvitation.HasTokenWith(ps...)
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
		inv, err := tx.FleetInvitation.Create().
			SetFleetID(fleetID).
			SetInviterID(g.UserID).
			SetEmail(addr).
			SetRole(fleetinvitation.Role(role)).
			SetCreatedAt(s.Now()).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("create invitation: %w", err)
		}
		secret, t, err := s.tokens().Issue(ctx, tx, onetime.FleetInvitation, onetime.Ticket{
			UserID:       g.UserID,
			Email:        addr,
			TTL:          s.cfg.InvitationTTL,
			InvitationID: inv.ID,
		})
		if err != nil {
			return err
		}
		inv.Edges.Token = t
		inviter, err := tx.User.Get(ctx, g.UserID)
		if err != nil {
			return fmt.Errorf("find inviter: %w", err)
		}
		out = invitationFrom(inv)
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

// tokens is the one-time store on the service's clock.
func (s *Service) tokens() onetime.Store { return onetime.Store{Now: s.Now} }

// retireInvitations deletes the pending invitations of a fleet to an address (their
// tokens go with them: ON DELETE CASCADE).
func retireInvitations(ctx context.Context, tx *ent.Tx, fleetID, key string) error {
	invs, err := tx.FleetInvitation.Query().
		Where(fleetinvitation.FleetID(fleetID), pending(time.Time{})).
		All(ctx)
	if err != nil {
		return fmt.Errorf("find invitations: %w", err)
	}
	var ids []string
	for _, inv := range invs {
		if email.Key(inv.Email) == key {
			ids = append(ids, inv.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.FleetInvitation.Delete().Where(fleetinvitation.IDIn(ids...)).Exec(ctx); err != nil {
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
	t, err := s.tokens().Find(ctx, s.DB, onetime.FleetInvitation, secret, func(q *ent.OneTimeTokenQuery) { q.WithInvitation() })
	if errors.Is(err, onetime.ErrInvalid) {
		return nil, ErrInvalidToken.OnField("input", "token")
	}
	if err != nil {
		return nil, fmt.Errorf("accept invitation: %w", err)
	}
	var out *Fleet
	withdrawn := false
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		inv := t.Edges.Invitation
		if inv == nil {
			return ErrInvalidToken.OnField("input", "token")
		}
		role := Role(inv.Role)
		if email.Key(inv.Email) != u.EmailKey || checkInvitableRole(role) != nil {
			return ErrInvalidToken.OnField("input", "token")
		}
		f, err := tx.Fleet.Get(ctx, inv.FleetID)
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
		may, err := inviterMayStill(ctx, tx.Client(), inv)
		if err != nil {
			return err
		}
		if !may {
			// Retired in this transaction, which commits: the refusal is final.
			if err := tx.FleetInvitation.DeleteOneID(inv.ID).Exec(ctx); err != nil {
				return fmt.Errorf("retire invitation: %w", err)
			}
			withdrawn = true
			return nil
		}
		// Single use, in this transaction: of concurrent acceptances one joins.
		err = s.tokens().Redeem(ctx, tx, t, 0)
		if errors.Is(err, onetime.ErrInvalid) {
			return ErrInvalidToken.OnField("input", "token")
		}
		if err != nil {
			return err
		}
		now := s.Now()
		m, err := tx.FleetMember.Create().SetFleetID(f.ID).SetUserID(uid).SetRole(role).SetCreatedAt(now).Save(ctx)
		if ent.IsConstraintError(err) { // joined through another invitation meanwhile
			return ErrAlreadyMember.OnField("input", "token")
		}
		if err != nil {
			return fmt.Errorf("create member: %w", err)
		}
		out = &Fleet{Fleet: f, ViewerRole: role}
		return s.emit(ctx, tx, webhook.FleetMemberAdded, webhook.Data{FleetID: f.ID, MemberID: m.ID, UserID: uid, Role: string(role)})
	})
	if err != nil {
		return nil, err
	}
	if withdrawn {
		return nil, ErrInvitationWithdrawn.OnField("input", "token")
	}
	return out, nil
}

// inviterMayStill reports whether the member who sent an invitation may still invite
// into its fleet at its role, read in the accepting transaction: an invitation speaks
// for its inviter, so it is worth no more than the inviter's rights now (security
// review L5). An inviter who left the fleet, was removed, or lost ManageMembers (or
// whose role no longer reaches the invitation's), or whose account is suspended
// (security review M2; the suspension also deletes the invitations), has withdrawn it.
func inviterMayStill(ctx context.Context, db *ent.Client, inv *ent.FleetInvitation) (bool, error) {
	m, err := db.FleetMember.Query().Where(fleetmember.FleetID(inv.FleetID), fleetmember.UserID(inv.InviterID),
		fleetmember.HasUserWith(user.SuspendedAtIsNil())).Only(ctx)
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find inviter: %w", err)
	}
	return Allowed(ManageMembers, m.Role) && atMost(Role(inv.Role), m.Role), nil
}

// RevokeInvitation deletes a pending invitation: its link stops working.
func (s *Service) RevokeInvitation(ctx context.Context, invitationID string) error {
	if _, err := viewerID(ctx); err != nil {
		return err
	}
	if id.Prefix(invitationID) != id.Invitation {
		return ErrNotFound.OnField("input", "invitationId")
	}
	return s.inTx(ctx, func(tx *ent.Tx) error {
		inv, err := tx.FleetInvitation.Query().
			Where(fleetinvitation.ID(invitationID), pending(time.Time{})).
			Only(ctx)
		if ent.IsNotFound(err) {
			return ErrNotFound.OnField("input", "invitationId")
		}
		if err != nil {
			return fmt.Errorf("find invitation: %w", err)
		}
		if _, err := s.authorize(ctx, tx.Client(), inv.FleetID, ManageMembers); err != nil {
			return notFoundOn(err, "invitationId")
		}
		if err := tx.FleetInvitation.DeleteOneID(inv.ID).Exec(ctx); err != nil {
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
	if id.Prefix(invitationID) != id.Invitation {
		return nil, ErrNotFound
	}
	inv, err := s.DB.FleetInvitation.Query().
		Where(fleetinvitation.ID(invitationID), pending(s.Now())).
		WithToken().
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("find invitation: %w", err)
	}
	if _, err := s.authorize(ctx, s.DB, inv.FleetID, ManageMembers); err != nil {
		return nil, err
	}
	return invitationFrom(inv), nil
}

// Invitations lists the pending invitations of a fleet, ordered by id.
func (s *Service) Invitations(ctx context.Context, fleetID string, p page.Request) (*page.Slice[*Invitation], error) {
	if _, err := s.authorize(ctx, s.DB, fleetID, ManageMembers); err != nil {
		return nil, err
	}
	now := s.Now()
	of := func() *ent.FleetInvitationQuery {
		return s.DB.FleetInvitation.Query().Where(fleetinvitation.FleetID(fleetID), pending(now))
	}
	return page.Read(p, page.List[*Invitation]{
		Prefix: id.Invitation,
		Fetch: func(after string, n int) ([]*Invitation, error) {
			q := of().WithToken()
			if after != "" {
				q.Where(fleetinvitation.IDGT(after))
			}
			invs, err := q.Order(ent.Asc(fleetinvitation.FieldID)).Limit(n).All(ctx)
			if err != nil {
				return nil, fmt.Errorf("list invitations: %w", err)
			}
			out := make([]*Invitation, len(invs))
			for i, inv := range invs {
				out[i] = invitationFrom(inv)
			}
			return out, nil
		},
		Before: func(after string) (bool, error) { return of().Where(fleetinvitation.IDLTE(after)).Exist(ctx) },
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
	t, err := s.tokens().Find(ctx, s.DB, onetime.FleetInvitation, secret, func(q *ent.OneTimeTokenQuery) {
		q.WithInvitation(func(iq *ent.FleetInvitationQuery) { iq.WithFleet().WithInviter() })
	})
	if errors.Is(err, onetime.ErrInvalid) {
		return nil, ErrInvalidToken.OnField("token")
	}
	if err != nil {
		return nil, fmt.Errorf("preview invitation: %w", err)
	}
	inv := t.Edges.Invitation
	if inv == nil || inv.Edges.Fleet == nil || inv.Edges.Inviter == nil || checkInvitableRole(Role(inv.Role)) != nil {
		return nil, ErrInvalidToken.OnField("token")
	}
	may, err := inviterMayStill(ctx, s.DB, inv)
	if err != nil {
		return nil, fmt.Errorf("preview invitation: %w", err)
	}
	if !may {
		return nil, ErrInvitationWithdrawn.OnField("token")
	}
	inviter := inv.Edges.Inviter.Name
	if inviter == "" {
		inviter = inv.Edges.Inviter.Email
	}
	return &InvitationPreview{InviterName: inviter, FleetName: inv.Edges.Fleet.Name, Role: Role(inv.Role)}, nil
}
