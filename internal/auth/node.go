package auth

import (
	"context"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/viewer"
)

// The lookups of node(id:) for sessions and API keys (graph/node.go holds the table).
// Each answers nil, without an error, for what the viewer may not see: someone else's
// object and a missing one look the same (Authorize; ASVS 8.2.2).

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
	if v == nil || !Visible(ctx, v.UserID) {
		return nil, nil
	}
	k, err := s.db.APIKey.Query().
		Where(apikey.ID(keyID), apikey.UserID(v.UserID), s.apiKeyActive()).
		Only(ctx)
	return store.Found(k, err, "api key")
}
