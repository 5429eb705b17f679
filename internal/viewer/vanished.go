package viewer

import (
	"context"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/store"
)

// Vanished returns fault.ErrUnauthenticated in place of err when a write of the request failed
// because the viewer's account no longer exists: a foreign key to the account refused
// an insert, or the account's row was not found to update, and the account is indeed
// gone (deleteAccount committed between the request's authentication and its write).
// Any other error, and any error while the account exists, is returned as it is, so a
// real fault stays visible. Both services run their writes through it (inTx), so every
// mutation answers UNAUTHENTICATED, and not INTERNAL_SERVER_ERROR, for such a race
// (issue 18, item 12).
func Vanished(ctx context.Context, db *ent.Client, err error) error {
	if err == nil {
		return nil
	}
	v := FromContext(ctx)
	if v == nil || v.UserID == "" {
		return err
	}
	if _, ok := fault.As(err); ok {
		return err
	}
	if !store.IsForeignKeyViolation(err) && !ent.IsNotFound(err) {
		return err
	}
	// The request's own context may be what failed; the look-up still needs to run.
	exists, lookErr := db.User.Query().Where(user.ID(v.UserID)).Exist(context.WithoutCancel(ctx))
	if lookErr != nil || exists {
		return err
	}
	return fault.ErrUnauthenticated
}
