package graph

import (
	"context"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/viewer"
)

// viewerUser returns the viewer's account, for payloads that show it after a change
// (twoFactorEnabled, recoveryCodesRemaining); nil when anonymous.
func (r *Resolver) viewerUser(ctx context.Context) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, nil //nolint:nilnil // an anonymous request has no account to show
	}
	return r.Accounts.User(ctx, v.UserID)
}
