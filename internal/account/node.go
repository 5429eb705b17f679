package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/internal/viewer"
)

// The lookups of node(id:) for the account's own objects (graph/node.go holds the
// table). Each answers nil, without an error, for what the viewer may not see: someone
// else's object and a missing one look the same (ASVS 8.2.2). Each has the authorization
// of the field that lists the object: the viewer's own account only.

// UserNode returns the viewer's own account.
func (s *Service) UserNode(ctx context.Context, userID string) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v == nil || userID != v.UserID {
		return nil, nil
	}
	u, err := s.DB.User.Get(ctx, userID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	return u, nil
}

// SessionNode returns one of the viewer's active sessions (as viewer.sessions lists them).
func (s *Service) SessionNode(ctx context.Context, sessionID string) (*ActiveSession, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, nil
	}
	sessions, err := s.Sessions(ctx, v.UserID)
	if err != nil {
		return nil, err
	}
	for _, sess := range sessions {
		if sess.ID == sessionID {
			return sess, nil
		}
	}
	return nil, nil
}

// APIKeyNode returns one of the viewer's active keys (as viewer.apiKeys lists them).
func (s *Service) APIKeyNode(ctx context.Context, keyID string) (*ent.APIKey, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, nil
	}
	k, err := s.DB.APIKey.Query().
		Where(apikey.ID(keyID), apikey.UserID(v.UserID), s.apiKeyActive()).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find api key: %w", err)
	}
	return k, nil
}

// SecurityEventNode returns a line of the viewer's security log (as
// viewer.securityEvents lists them).
func (s *Service) SecurityEventNode(ctx context.Context, eventID string) (*ent.SecurityEvent, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, nil
	}
	e, err := s.DB.SecurityEvent.Query().
		Where(securityevent.ID(eventID), securityevent.UserID(v.UserID)).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find security event: %w", err)
	}
	return e, nil
}
