package auth

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/viewer"
	"github.com/oklog/ulid/v2"
)

// EventSessionsRevoked is the security log kind of revokeSessions.
const EventSessionsRevoked = "sessions_revoked"

// maxRevokeIDs bounds one revokeSessions request.
const maxRevokeIDs = 100

// ActiveSession is a logged-in browser or app, as the sessions page lists it.
type ActiveSession struct {
	ID string
	// CreatedAt is when the person logged in; a refresh keeps it.
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
	UserAgent  string
	IP         string
	// Current is whether the request asking came with this session.
	Current bool
}

// Sessions lists the account's active sessions, newest log-in first.
func (s *Service) Sessions(ctx context.Context, userID string) ([]*ActiveSession, error) {
	if !Visible(ctx, userID) {
		return []*ActiveSession{}, nil
	}
	now := s.now()
	rows, err := s.db.Session.Query().
		Where(
			session.UserID(userID),
			session.RevokedAtIsNil(),
			session.RotatedAtIsNil(),
			session.ExpiresAtGT(now),
			session.AbsoluteExpiresAtGT(now),
		).
		Order(ent.Desc(session.FieldFamilyID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	v := viewer.FromContext(ctx)
	out := make([]*ActiveSession, 0, len(rows))
	for _, r := range rows {
		out = append(out, &ActiveSession{
			ID:         r.ID,
			CreatedAt:  loggedInAt(r),
			LastUsedAt: r.LastUsedAt,
			ExpiresAt:  r.ExpiresAt,
			UserAgent:  r.UserAgent,
			IP:         r.IP,
			Current:    v.Kind == viewer.SessionToken && v.CredentialID == r.ID,
		})
	}
	return out, nil
}

// loggedInAt is when a session's family began: its id is the first session's, a ULID
// that carries its creation time.
func loggedInAt(r *ent.Session) time.Time {
	_, raw, _ := strings.Cut(r.FamilyID, "_")
	u, err := ulid.ParseStrict(raw)
	if err != nil {
		return r.CreatedAt
	}
	return ulid.Time(u.Time()).UTC()
}

// RevokeSessionsInput chooses the sessions to end.
type RevokeSessionsInput struct {
	IDs              []string
	AllExceptCurrent bool
}

// RevokeResult says which of the asked ids were revoked and which were not.
type RevokeResult struct {
	Revoked    []string
	NotRevoked []string
}

// RevokeSessions ends sessions of the viewer's account: those named by id (a session
// and its refresh chain) and, with AllExceptCurrent, every one but the current. An id
// that is not a live session of the viewer's account is reported as not revoked and
// nothing of its owner changes, so the answer reveals nothing about other accounts.
func (s *Service) RevokeSessions(ctx context.Context, in RevokeSessionsInput) (*RevokeResult, error) {
	v, err := Self(ctx, Act)
	if err != nil {
		return nil, err
	}
	if len(in.IDs) > maxRevokeIDs {
		return nil, fault.New(fault.InvalidInput, fmt.Sprintf("Revoke at most %d sessions at once.", maxRevokeIDs)).OnField("input", "ids")
	}
	res := &RevokeResult{Revoked: []string{}, NotRevoked: []string{}}
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		now := s.now()
		ids := slices.Compact(slices.Sorted(slices.Values(in.IDs)))
		if len(ids) > 0 {
			rows, err := tx.Session.Query().
				Where(session.IDIn(ids...), session.UserID(v.UserID), session.RevokedAtIsNil(), session.RotatedAtIsNil()).
				All(ctx)
			if err != nil {
				return fmt.Errorf("find sessions: %w", err)
			}
			families := make([]string, 0, len(rows))
			for _, r := range rows {
				families = append(families, r.FamilyID)
				res.Revoked = append(res.Revoked, r.ID)
			}
			for _, id := range ids {
				if !slices.Contains(res.Revoked, id) {
					res.NotRevoked = append(res.NotRevoked, id)
				}
			}
			if _, err := tx.Session.Update().
				Where(session.FamilyIDIn(families...), session.UserID(v.UserID), session.RevokedAtIsNil()).
				SetRevokedAt(now).
				Save(ctx); err != nil {
				return fmt.Errorf("revoke sessions: %w", err)
			}
		}
		if in.AllExceptCurrent {
			keep, err := FamilyOf(ctx, tx, v)
			if err != nil {
				return err
			}
			others, err := tx.Session.Query().
				Where(session.UserID(v.UserID), session.RevokedAtIsNil(), session.RotatedAtIsNil(), session.FamilyIDNEQ(keep)).
				IDs(ctx)
			if err != nil {
				return fmt.Errorf("find sessions: %w", err)
			}
			for _, id := range others {
				if !slices.Contains(res.Revoked, id) {
					res.Revoked = append(res.Revoked, id)
				}
			}
			if _, err := s.RevokeSessionsOf(ctx, tx, v.UserID, keep); err != nil {
				return err
			}
		}
		if len(res.Revoked) == 0 {
			return nil
		}
		return s.record(ctx, tx.Client(), v.UserID, EventSessionsRevoked)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
