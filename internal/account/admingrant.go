package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/email"
	"github.com/accountd/accountd/internal/store"
)

// The operator's refusals of `accountd admin grant`.
var (
	ErrNoSuchAccount       = errors.New("no account has this address")
	ErrGrantNeedsVerified  = errors.New("the account has not verified its address: an admin must")
	ErrGrantNeedsTwoFactor = errors.New("the account has no two-factor authentication: an admin must have it on " +
		"(the owner enables it in the console first; admin operations refuse an admin without it anyway)")
	ErrGrantSuspended = errors.New("the account is suspended")
)

// AdminChange is what `accountd admin grant` or `revoke` did to an account.
type AdminChange struct {
	UserID, Email string
	// Changed is false when the account already was (grant) or was not (revoke) an admin.
	Changed bool
}

// operatorReason is the reason of the audit log lines of the command line.
const operatorReason = "by the operator on the command line (accountd admin)"

// SetAdmin makes the account of addr an admin (grant) or takes that away, for the
// operator's command line: it talks to the database directly, with no viewer. A grant
// needs a verified address and two-factor authentication on, and is refused for a
// suspended account. A change lands in the admin audit log (with no admin: the
// operator) and in the person's security log, in one transaction.
func SetAdmin(ctx context.Context, db *ent.Client, addr string, grant bool, now time.Time) (*AdminChange, error) {
	var change *AdminChange
	err := store.InTx(ctx, db, func(tx *ent.Tx) error {
		u, err := tx.User.Query().Where(user.EmailKey(email.Key(addr))).Only(ctx)
		if ent.IsNotFound(err) {
			return ErrNoSuchAccount
		}
		if err != nil {
			return fmt.Errorf("find account: %w", err)
		}
		change = &AdminChange{UserID: u.ID, Email: u.Email}
		if (u.AdminGrantedAt != nil) == grant {
			return nil
		}
		action, event, update := AdminActionRevoke, EventAdminRevoked, tx.User.UpdateOneID(u.ID).ClearAdminGrantedAt()
		if grant {
			switch on, err := twoFactorOn(ctx, tx.Client(), u.ID); {
			case err != nil:
				return err
			case u.EmailVerifiedAt == nil:
				return ErrGrantNeedsVerified
			case u.SuspendedAt != nil:
				return ErrGrantSuspended
			case !on:
				return ErrGrantNeedsTwoFactor
			}
			action, event, update = AdminActionGrant, EventAdminGranted, tx.User.UpdateOneID(u.ID).SetAdminGrantedAt(now)
		}
		if err := update.Exec(ctx); err != nil {
			return fmt.Errorf("%s: %w", action, err)
		}
		if err := tx.AdminAction.Create().
			SetAction(action).
			SetTargetUserID(u.ID).
			SetTargetEmail(u.Email).
			SetTargetKind(TargetUser).
			SetTargetID(u.ID).
			SetTargetName(u.Email).
			SetReason(operatorReason).
			SetUserAgent("accountd admin").
			SetCreatedAt(now).
			Exec(ctx); err != nil {
			return fmt.Errorf("%s: audit log: %w", action, err)
		}
		change.Changed = true
		return recordByAdmin(ctx, tx.Client(), u.ID, event, now)
	})
	if err != nil {
		return nil, err
	}
	return change, nil
}
