package account

import (
	"context"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/viewer"
)

// The lookups of node(id:) for the account and its security log (graph/node.go
// holds the table; sessions and API keys are internal/auth's). Each answers nil,
// without an error, for what the viewer may not see: someone else's object and a
// missing one look the same (ASVS 8.2.2). Each has the authorization of the field that
// lists the object: auth.Visible, the viewer's own account only.

// UserNode returns the viewer's own account.
func (s *Service) UserNode(ctx context.Context, userID string) (*ent.User, error) {
	if !auth.Visible(ctx, userID) {
		return nil, nil
	}
	u, err := s.db.User.Get(ctx, userID)
	return store.Found(u, err, "user")
}

// SecurityEventNode returns a line of the viewer's security log (as
// viewer.securityEvents lists them).
func (s *Service) SecurityEventNode(ctx context.Context, eventID string) (*ent.SecurityEvent, error) {
	v := viewer.FromContext(ctx)
	if v == nil || !auth.Visible(ctx, v.UserID) {
		return nil, nil
	}
	e, err := s.db.SecurityEvent.Query().
		Where(securityevent.ID(eventID), securityevent.UserID(v.UserID)).
		Only(ctx)
	return store.Found(e, err, "security event")
}
