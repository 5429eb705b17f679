package account

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accountd/accountd/internal/webhook"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/adminaction"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/recoverycode"
	"github.com/accountd/accountd/ent/session"
	enttotp "github.com/accountd/accountd/ent/totp"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/email"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/nickname"
	"github.com/accountd/accountd/internal/page"
	"github.com/accountd/accountd/internal/viewer"
)

// Admins are accounts the operator flagged (`accountd admin grant EMAIL`): the
// platform's own staff, who may act on other people's accounts. Every admin operation,
// read or write, goes through requireAdmin: a session (never an API key or another
// principal), of an account still flagged, with two-factor authentication on, whose
// password and second factor were both proved within freshAuthWindow. Every admin write
// takes a reason and lands, in its own transaction, in the admin audit log
// (AdminAction) and in the affected person's security log.

// Refusals of the admin surface. FORBIDDEN ones are top-level errors; the stale proof is
// FRESH_AUTH_REQUIRED, the code every sensitive operation answers when its proof is old.
var (
	ErrNotAdmin               = fault.New(fault.Forbidden, "This is for the platform's admins only.")
	ErrAdminSessionRequired   = fault.New(fault.Forbidden, "Admin operations need a session of the admin's own log-in; an API key or another credential is never enough.")
	ErrAdminTwoFactorRequired = fault.New(fault.Forbidden, "Admins must have two-factor authentication on: enable it first.")
	ErrAdminFreshAuthRequired = fault.New(fault.FreshAuthRequired,
		"Admin operations need your password and second factor proved within the last 20 minutes: log out and log in again.")
	ErrReasonRequired  = fault.New(fault.InvalidInput, "Say why: the reason goes to the admin audit log.")
	ErrAlreadyVerified = fault.New(fault.InvalidInput, "This account has verified its address already.")
	ErrNotAdminOfSelf  = fault.New(fault.InvalidInput, "An admin cannot do this to their own account.")
	// ErrTargetIsAdmin refuses every admin write on an account that is an admin itself
	// (top-level FORBIDDEN): one stolen admin session must not lock the other admins out.
	// Admin rights are taken away only on the command line (accountd admin revoke), by
	// someone with access to the machine; then the account is an ordinary one.
	ErrTargetIsAdmin = fault.New(fault.Forbidden,
		"This account is an admin: admins cannot act on admins here. The operator revokes admin rights on the command line (accountd admin revoke) first.")
	errAdminUserMissing = fault.New(fault.NotFound, "No account has this id.")
)

// Admin actions: the action of an audit log line. README's "Administration" lists them.
const (
	AdminActionSuspend            = "suspend_user"
	AdminActionUnsuspend          = "unsuspend_user"
	AdminActionRevokeSessions     = "revoke_sessions"
	AdminActionResetTwoFactor     = "reset_two_factor"
	AdminActionDeleteUser         = "delete_user"
	AdminActionResendVerification = "resend_verification"
	AdminActionGrant              = "grant_admin"
	AdminActionRevoke             = "revoke_admin"
	// internal/webhook adds create_webhook_endpoint and delete_webhook_endpoint, through
	// AdminWriteOn.

	// The reads of personal data (noteRead): an account, its sessions, its security log,
	// a search of accounts.
	AdminActionViewUser        = "view_user"
	AdminActionViewSessions    = "view_sessions"
	AdminActionViewSecurityLog = "view_security_log"
	AdminActionSearchUsers     = "search_users"
	readReason                 = "a read (reads take no reason)"
)

// What an audit log line is about (AdminAction.target_kind).
const (
	TargetUser            = "user"
	TargetWebhookEndpoint = "webhook_endpoint"
	TargetUserSearch      = "user_search"
)

// AuditTarget is what an audit log line is about: its kind, its id (empty for a
// search) and its name then (an address, an endpoint's name, the text searched for).
type AuditTarget struct{ Kind, ID, Name string }

// targetByID is the target of an admin write on something named by its id: an account
// (usr_...) or a webhook endpoint (whe_...); anything else is a programming error.
func targetByID(targetID, name string) (AuditTarget, error) {
	switch id.Prefix(targetID) {
	case id.User:
		return AuditTarget{Kind: TargetUser, ID: targetID, Name: name}, nil
	case id.WebhookEndpoint:
		return AuditTarget{Kind: TargetWebhookEndpoint, ID: targetID, Name: name}, nil
	}
	return AuditTarget{}, fmt.Errorf("admin audit log: no target kind for the id %q", targetID)
}

// AuditTargetOf is the target of an audit log line. Lines written before target_kind
// existed kept the target's id in target_user_id and its name in target_email, whatever
// it was (a webhook endpoint's too): they are read by the id's prefix.
func AuditTargetOf(a *ent.AdminAction) AuditTarget {
	if a.TargetKind != "" {
		return AuditTarget{Kind: a.TargetKind, ID: a.TargetID, Name: a.TargetName}
	}
	if t, err := targetByID(a.TargetUserID, a.TargetEmail); err == nil {
		return t
	}
	return AuditTarget{Kind: TargetUser, ID: a.TargetUserID, Name: a.TargetEmail}
}

// Security log kinds of what an admin (or the operator) did to an account: the
// affected person sees each in their own log. The line carries no address of the
// admin's client: only the audit log keeps where an admin acted from.
const (
	EventSuspendedByAdmin          = "account_suspended_by_admin"
	EventUnsuspendedByAdmin        = "account_unsuspended_by_admin"
	EventSessionsRevokedByAdmin    = "sessions_revoked_by_admin"
	EventTwoFactorResetByAdmin     = "two_factor_reset_by_admin"
	EventVerificationResentByAdmin = "verification_resent_by_admin"
	EventAdminGranted              = "admin_granted"
	EventAdminRevoked              = "admin_revoked"
)

// maxReasonChars bounds the reason of an admin action.
const maxReasonChars = 500

// adminOf is the admin a request acts as, after requireAdmin.
type adminOf struct {
	viewer *viewer.Viewer
	user   *ent.User
}

// requireAdmin lets an admin operation go ahead, or says why not: UNAUTHENTICATED
// without a credential; FORBIDDEN for any credential but a session (an API key, even
// the admin's own, a device, a provisioning key), for an account that is not an admin,
// and for an admin without two-factor authentication; FRESH_AUTH_REQUIRED when the
// session's password or second-factor proof is older than freshAuthWindow (ASVS 7.5.1,
// 8.2.1). The account is the one read with the credential: no query for it.
func (s *Service) requireAdmin(ctx context.Context) (*adminOf, error) {
	v := viewer.PrincipalFrom(ctx)
	if v == nil {
		return nil, ErrUnauthenticated
	}
	if v.Kind != viewer.SessionToken || !v.Person() || v.User == nil {
		return nil, ErrAdminSessionRequired
	}
	if v.User.AdminGrantedAt == nil {
		return nil, ErrNotAdmin
	}
	on, err := twoFactorOn(ctx, s.db, v.UserID)
	if err != nil {
		return nil, err
	}
	if !on {
		return nil, ErrAdminTwoFactorRequired
	}
	now := s.now()
	if v.AuthenticatedAt.IsZero() || now.Sub(v.AuthenticatedAt) >= freshAuthWindow ||
		v.SecondFactorAt.IsZero() || now.Sub(v.SecondFactorAt) >= freshAuthWindow {
		return nil, ErrAdminFreshAuthRequired
	}
	return &adminOf{viewer: v, user: v.User}, nil
}

// requireAdminRead is requireAdmin for a read, counted per admin (limits.AdminReads):
// RATE_LIMITED, with the seconds to wait, past the rule.
func (s *Service) requireAdminRead(ctx context.Context) (*adminOf, error) {
	return s.requireAdminCounted(ctx, limits.AdminReads)
}

// requireAdminWrite is requireAdmin for a write, counted per admin
// (limits.AdminWrites), whatever the write's outcome.
func (s *Service) requireAdminWrite(ctx context.Context) (*adminOf, error) {
	return s.requireAdminCounted(ctx, limits.AdminWrites)
}

func (s *Service) requireAdminCounted(ctx context.Context, rule limits.Rule) (*adminOf, error) {
	admin, err := s.requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.limiter.Allow(ctx, rule.Key(admin.user.ID), rule); err != nil {
		return nil, err
	}
	return admin, nil
}

// noteRead writes the audit log line of an admin's read of personal data (view: an
// AdminActionView* or AdminActionSearchUsers), once per admin, view and target within
// limits.AdminReadAudit's window: the first read writes the line, the next pages and
// refreshes within the window do not (a counter decides, atomically, so concurrent
// reads write one line). When the line cannot be written the read fails (no trace, no
// data) and the counter's hit is taken back, so the next read tries again.
func (s *Service) noteRead(ctx context.Context, admin *adminOf, view string, t AuditTarget) error {
	key := limits.AdminReadAudit.Key(admin.user.ID, view, t.Kind, t.ID, t.Name)
	c, err := s.limiter.Hit(ctx, key, limits.AdminReadAudit)
	if err != nil {
		return err
	}
	if c.Hits > 1 {
		return nil
	}
	if err := s.auditLine(ctx, s.db, admin, view, t, readReason); err != nil {
		if uerr := s.limiter.Unhit(ctx, key); uerr != nil {
			s.log.WarnContext(ctx, "rate limit: taking back a hit failed", "error", uerr)
		}
		return err
	}
	return nil
}

// IsAdmin reports whether the viewer's account is an admin (whatever the freshness of
// its session): what the console asks to show its admin area. Nobody else is told.
func (s *Service) IsAdmin(ctx context.Context, userID string) bool {
	v := viewer.FromContext(ctx)
	return v != nil && v.UserID == userID && v.User != nil && v.User.AdminGrantedAt != nil
}

// CheckAdmin answers Query.admin: nil for an admin who may act now, or why not.
func (s *Service) CheckAdmin(ctx context.Context) error {
	_, err := s.requireAdmin(ctx)
	return err
}

// AdminUser is what an admin sees of an account.
type AdminUser struct {
	ID               string
	Email            string
	CreatedAt        time.Time
	EmailVerified    bool
	LastLogInAt      *time.Time
	TwoFactorEnabled bool
	Suspended        bool
	SuspendedAt      *time.Time
	Admin            bool
	FleetsCount      int
}

// AdminUsers lists accounts for an admin, oldest first, by the API's pagination rule:
// every account, or those whose address starts with query (case and width folded), or
// the one account whose id is query.
func (s *Service) AdminUsers(ctx context.Context, query string, p page.Request) (*page.Slice[*AdminUser], error) {
	admin, err := s.requireAdminRead(ctx)
	if err != nil {
		return nil, err
	}
	query = strings.TrimSpace(query)
	if len(query) > 254 || !utf8.ValidString(query) {
		return nil, fault.New(fault.InvalidInput, "Search by the start of an address or by an account id (usr_...).").OnField("query")
	}
	of := func() *ent.UserQuery {
		q := s.db.User.Query()
		switch {
		case id.Prefix(query) == id.User:
			q.Where(user.ID(query))
		case query != "":
			q.Where(user.EmailKeyHasPrefix(email.Key(query)))
		}
		return q
	}
	users, err := page.Read(p, page.List[*ent.User]{
		Prefix: id.User,
		Fetch: func(after string, n int) ([]*ent.User, error) {
			q := of()
			if after != "" {
				q.Where(user.IDGT(after))
			}
			rows, err := q.Order(ent.Asc(user.FieldID)).Limit(n).All(ctx)
			if err != nil {
				return nil, fmt.Errorf("admin users: %w", err)
			}
			return rows, nil
		},
		Before: func(after string) (bool, error) { return of().Where(user.IDLTE(after)).Exist(ctx) },
	})
	if err != nil {
		return nil, err
	}
	views, err := s.adminViews(ctx, users.Items)
	if err != nil {
		return nil, err
	}
	// One line per search (its text; "" is every account), not per page of it nor per
	// account listed: what a search shows follows from its text.
	if err := s.noteRead(ctx, admin, AdminActionSearchUsers, AuditTarget{Kind: TargetUserSearch, Name: query}); err != nil {
		return nil, err
	}
	return &page.Slice[*AdminUser]{Items: views, HasNext: users.HasNext, HasPrevious: users.HasPrevious}, nil
}

// AdminUserByID returns one account for an admin; nil when there is none. The read is
// in the audit log (view_user).
func (s *Service) AdminUserByID(ctx context.Context, userID string) (*AdminUser, error) {
	admin, err := s.requireAdminRead(ctx)
	if err != nil {
		return nil, err
	}
	u, err := s.db.User.Get(ctx, userID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("admin user: %w", err)
	}
	views, err := s.adminViews(ctx, []*ent.User{u})
	if err != nil {
		return nil, err
	}
	if err := s.noteRead(ctx, admin, AdminActionViewUser, AuditTarget{Kind: TargetUser, ID: u.ID, Name: u.Email}); err != nil {
		return nil, err
	}
	return views[0], nil
}

// adminViews adds to a page of accounts what the admin list shows of each, in three
// queries for the whole page: two-factor state, fleet count and last log-in.
func (s *Service) adminViews(ctx context.Context, users []*ent.User) ([]*AdminUser, error) {
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	twoFactor := map[string]bool{}
	fleets := map[string]int{}
	lastLogIn := map[string]time.Time{}
	if len(ids) > 0 {
		on, err := s.db.TOTP.Query().Where(enttotp.UserIDIn(ids...), enttotp.ConfirmedAtNotNil()).
			Select(enttotp.FieldUserID).Strings(ctx)
		if err != nil {
			return nil, fmt.Errorf("admin users: two-factor: %w", err)
		}
		for _, u := range on {
			twoFactor[u] = true
		}
		var counts []struct {
			UserID string `json:"user_id"`
			Count  int    `json:"count"`
		}
		if err := s.db.FleetMember.Query().Where(fleetmember.UserIDIn(ids...)).
			GroupBy(fleetmember.FieldUserID).Aggregate(ent.Count()).Scan(ctx, &counts); err != nil {
			return nil, fmt.Errorf("admin users: fleets: %w", err)
		}
		for _, c := range counts {
			fleets[c.UserID] = c.Count
		}
		// A session family is named after its first session, a ULID of the log-in's
		// time: the greatest family id is the last log-in (sessions are never deleted
		// but with their account).
		var families []struct {
			UserID string `json:"user_id"`
			Max    string `json:"max"`
		}
		if err := s.db.Session.Query().Where(session.UserIDIn(ids...)).
			GroupBy(session.FieldUserID).Aggregate(ent.Max(session.FieldFamilyID)).Scan(ctx, &families); err != nil {
			return nil, fmt.Errorf("admin users: last log-in: %w", err)
		}
		for _, f := range families {
			lastLogIn[f.UserID] = auth.LoggedInAt(f.Max, time.Time{})
		}
	}
	out := make([]*AdminUser, len(users))
	for i, u := range users {
		a := &AdminUser{
			ID: u.ID, Email: u.Email, CreatedAt: u.CreatedAt, EmailVerified: u.EmailVerifiedAt != nil,
			TwoFactorEnabled: twoFactor[u.ID], Suspended: u.SuspendedAt != nil, SuspendedAt: u.SuspendedAt,
			Admin: u.AdminGrantedAt != nil, FleetsCount: fleets[u.ID],
		}
		if t, ok := lastLogIn[u.ID]; ok && !t.IsZero() {
			a.LastLogInAt = &t
		}
		out[i] = a
	}
	return out, nil
}

// AdminSessions lists an account's active sessions for an admin, newest log-in first.
// The read is in the audit log (view_sessions).
func (s *Service) AdminSessions(ctx context.Context, u *AdminUser) ([]*auth.ActiveSession, error) {
	admin, err := s.requireAdminRead(ctx)
	if err != nil {
		return nil, err
	}
	sessions, err := s.auth.ActiveSessionsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if err := s.noteRead(ctx, admin, AdminActionViewSessions, AuditTarget{Kind: TargetUser, ID: u.ID, Name: u.Email}); err != nil {
		return nil, err
	}
	return sessions, nil
}

// AdminSecurityEvents is an account's security log, for an admin. The read is in the
// audit log (view_security_log): one line for the pages read within the window.
func (s *Service) AdminSecurityEvents(ctx context.Context, u *AdminUser, p page.Request) (*page.Slice[*ent.SecurityEvent], error) {
	admin, err := s.requireAdminRead(ctx)
	if err != nil {
		return nil, err
	}
	events, err := s.securityEvents(ctx, u.ID, p)
	if err != nil {
		return nil, err
	}
	if err := s.noteRead(ctx, admin, AdminActionViewSecurityLog, AuditTarget{Kind: TargetUser, ID: u.ID, Name: u.Email}); err != nil {
		return nil, err
	}
	return events, nil
}

// AdminAuditLog is the admin audit log, newest first; with userID, only the lines
// about that account (never an endpoint's, even one of the lines older than
// target_kind, which kept an endpoint's id in target_user_id). Each line is read with
// its target (AuditTargetOf): an older line about an endpoint comes out with its
// target_user_id and target_email empty, as newer ones are written.
func (s *Service) AdminAuditLog(ctx context.Context, userID *string, p page.Request) (*page.Slice[*ent.AdminAction], error) {
	if _, err := s.requireAdminRead(ctx); err != nil {
		return nil, err
	}
	of := func() *ent.AdminActionQuery {
		q := s.db.AdminAction.Query()
		if userID != nil {
			q.Where(adminaction.TargetUserID(*userID), adminaction.Or(adminaction.TargetKind(TargetUser),
				adminaction.And(adminaction.TargetKind(""), adminaction.TargetUserIDHasPrefix(id.User+"_"))))
		}
		return q
	}
	lines, err := page.Read(p, page.List[*ent.AdminAction]{
		Prefix: id.AdminAction,
		Fetch: func(after string, n int) ([]*ent.AdminAction, error) {
			q := of()
			if after != "" {
				q.Where(adminaction.IDLT(after))
			}
			rows, err := q.Order(ent.Desc(adminaction.FieldID)).Limit(n).All(ctx)
			if err != nil {
				return nil, fmt.Errorf("admin audit log: %w", err)
			}
			return rows, nil
		},
		Before: func(after string) (bool, error) { return of().Where(adminaction.IDGTE(after)).Exist(ctx) },
	})
	if err != nil {
		return nil, err
	}
	for _, a := range lines.Items {
		t := AuditTargetOf(a)
		a.TargetKind, a.TargetID, a.TargetName = t.Kind, t.ID, t.Name
		if t.Kind != TargetUser {
			a.TargetUserID, a.TargetEmail = "", ""
		}
	}
	return lines, nil
}

// adminWrite is the frame of every admin mutation: the admin check, the reason, the
// account acted on (NOT_FOUND when there is none), then one transaction with the
// change (do), the audit log line and the affected person's security log line (event;
// "" for none, when the account goes).
func (s *Service) adminWrite(ctx context.Context, userID, reason, action, event string,
	do func(tx *ent.Tx, target *ent.User) error,
) (*ent.User, error) {
	admin, err := s.requireAdminWrite(ctx)
	if err != nil {
		return nil, err
	}
	why, err := adminReason(reason)
	if err != nil {
		return nil, err
	}
	var target *ent.User
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		target, err = tx.User.Get(ctx, userID)
		if ent.IsNotFound(err) {
			return errAdminUserMissing.OnField("input", "userId")
		}
		if err != nil {
			return fmt.Errorf("admin %s: find user: %w", action, err)
		}
		switch {
		case target.ID == admin.user.ID:
			return ErrNotAdminOfSelf.OnField("input", "userId")
		case target.AdminGrantedAt != nil && target.ID != admin.user.ID:
			return ErrTargetIsAdmin
		}
		if err := do(tx, target); err != nil {
			return err
		}
		if err := s.auditLine(ctx, tx.Client(), admin, action, AuditTarget{Kind: TargetUser, ID: target.ID, Name: target.Email}, why); err != nil {
			return err
		}
		if event == "" {
			return nil
		}
		return recordByAdmin(ctx, tx.Client(), target.ID, event, s.now())
	})
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "admin action", "action", action, "admin_id", admin.user.ID, "user_id", target.ID)
	return target, nil
}

// auditLine writes an admin audit log line: in the transaction of an admin write
// (db is tx.Client()), or on its own for a read. target_user_id and target_email are
// the target's only when it is an account.
func (s *Service) auditLine(ctx context.Context, db *ent.Client, admin *adminOf, action string, t AuditTarget, why string) error {
	c := viewer.ClientFrom(ctx)
	name := auth.Clip(t.Name, 254)
	line := db.AdminAction.Create().
		SetAdminID(admin.user.ID).
		SetAdminEmail(admin.user.Email).
		SetAction(action).
		SetTargetKind(t.Kind).
		SetTargetID(t.ID).
		SetTargetName(name)
	if t.Kind == TargetUser {
		line.SetTargetUserID(t.ID).SetTargetEmail(name)
	}
	if err := line.
		SetReason(why).
		SetIP(auth.Clip(c.IP, 64)).
		SetUserAgent(auth.Clip(c.UserAgent, 512)).
		SetCreatedAt(s.now()).
		Exec(ctx); err != nil {
		return fmt.Errorf("admin %s: audit log: %w", action, err)
	}
	return nil
}

// AdminWriteOn is the frame of an admin mutation on something that is not an account
// (a webhook endpoint, internal/webhook): the admin check, the reason, then one
// transaction with the change (do, which returns the id and the name of what it acted
// on) and the audit log line, whose target is that id (its kind read from the id's
// prefix: whe_... is a webhook endpoint) and name.
func (s *Service) AdminWriteOn(ctx context.Context, reason, action string,
	do func(tx *ent.Tx) (targetID, targetLabel string, err error),
) error {
	admin, err := s.requireAdminWrite(ctx)
	if err != nil {
		return err
	}
	why, err := adminReason(reason)
	if err != nil {
		return err
	}
	var targetID string
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		var label string
		targetID, label, err = do(tx)
		if err != nil {
			return err
		}
		t, err := targetByID(targetID, label)
		if err != nil {
			return err
		}
		return s.auditLine(ctx, tx.Client(), admin, action, t, why)
	})
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "admin action", "action", action, "admin_id", admin.user.ID, "target_id", targetID)
	return nil
}

// recordByAdmin writes a line of the affected person's security log for what an admin
// (or the operator) did. It has no client address: the admin's is in the audit log.
func recordByAdmin(ctx context.Context, db *ent.Client, userID, kind string, at time.Time) error {
	if err := db.SecurityEvent.Create().SetUserID(userID).SetKind(kind).SetCreatedAt(at).Exec(ctx); err != nil {
		return fmt.Errorf("record %s: %w", kind, err)
	}
	return nil
}

// adminReason checks the reason an admin gave: required, at most maxReasonChars, and
// free of control characters, direction overrides and invisible characters (the
// nickname profile, as every text that people read).
func adminReason(reason string) (string, error) {
	why, f := nickname.Enforce(reason, nickname.Limit{Chars: maxReasonChars})
	if f != nil {
		return "", f.OnField("input", "reason")
	}
	if why == "" {
		return "", ErrReasonRequired.OnField("input", "reason")
	}
	return why, nil
}

// AdminSuspendUser suspends an account: from the commit on, its log-ins (password,
// social, email links, two-factor challenges) and every credential of the person
// (sessions, API keys of any scope, including keys limited to a fleet) are refused with
// ACCOUNT_SUSPENDED; its sessions end; the owner is mailed. What the person minted for
// their fleets is revoked for good, by the code path of a password reset
// (revokeCreatedForFleets): the fleet-owned API keys and provisioning keys they created,
// so neither they nor whoever holds their credentials keeps a way in through a fleet.
// Device authorizations they approved that no device collected yet are denied
// (denyUncollectedDeviceGrants). Fleets and their devices are the fleet's and go on;
// the person's own API keys are only held back (they work again on unsuspension).
func (s *Service) AdminSuspendUser(ctx context.Context, userID, reason string) (*AdminUser, error) {
	u, err := s.adminWrite(ctx, userID, reason, AdminActionSuspend, EventSuspendedByAdmin, func(tx *ent.Tx, target *ent.User) error {
		if target.SuspendedAt == nil {
			if err := tx.User.UpdateOneID(target.ID).SetSuspendedAt(s.now()).Exec(ctx); err != nil {
				return fmt.Errorf("suspend: %w", err)
			}
		}
		if _, err := s.auth.RevokeSessionsOf(ctx, tx, target.ID, ""); err != nil {
			return err
		}
		if _, _, err := s.revokeCreatedForFleets(ctx, tx, target.ID, true); err != nil {
			return err
		}
		if err := denyUncollectedDeviceGrants(ctx, tx, target.ID); err != nil {
			return err
		}
		if err := s.emitUser(ctx, tx, webhook.UserSuspended, target.ID); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, target.Email, mail.TemplateAccountSuspended, map[string]string{})
	})
	return s.adminView(ctx, u, err)
}

// AdminUnsuspendUser lifts a suspension: log-ins work again, and so do the API keys the
// suspension held back (sessions it ended stay ended). The owner is mailed.
func (s *Service) AdminUnsuspendUser(ctx context.Context, userID, reason string) (*AdminUser, error) {
	u, err := s.adminWrite(ctx, userID, reason, AdminActionUnsuspend, EventUnsuspendedByAdmin, func(tx *ent.Tx, target *ent.User) error {
		if target.SuspendedAt == nil {
			return nil
		}
		if err := tx.User.UpdateOneID(target.ID).ClearSuspendedAt().Exec(ctx); err != nil {
			return fmt.Errorf("unsuspend: %w", err)
		}
		return s.queueMail(ctx, tx, target.Email, mail.TemplateAccountUnsuspended, map[string]string{})
	})
	return s.adminView(ctx, u, err)
}

// AdminRevokeSessions ends every session of an account (its API keys stay).
func (s *Service) AdminRevokeSessions(ctx context.Context, userID, reason string) (*AdminUser, error) {
	u, err := s.adminWrite(ctx, userID, reason, AdminActionRevokeSessions, EventSessionsRevokedByAdmin, func(tx *ent.Tx, target *ent.User) error {
		_, err := s.auth.RevokeSessionsOf(ctx, tx, target.ID, "")
		return err
	})
	return s.adminView(ctx, u, err)
}

// AdminResetTwoFactor removes an account's second factor and recovery codes, after the
// support process proved who the person is (README, Administration): the owner is
// mailed, every session ends, and the next log-in needs only the password; the person
// must enrol again. TWO_FACTOR_NOT_ENABLED when there is none.
func (s *Service) AdminResetTwoFactor(ctx context.Context, userID, reason string) (*AdminUser, error) {
	u, err := s.adminWrite(ctx, userID, reason, AdminActionResetTwoFactor, EventTwoFactorResetByAdmin, func(tx *ent.Tx, target *ent.User) error {
		n, err := tx.TOTP.Delete().Where(enttotp.UserID(target.ID)).Exec(ctx)
		if err != nil {
			return fmt.Errorf("reset two-factor: %w", err)
		}
		if n == 0 {
			return ErrTwoFactorNotEnabled
		}
		if _, err := tx.RecoveryCode.Delete().Where(recoverycode.UserID(target.ID)).Exec(ctx); err != nil {
			return fmt.Errorf("reset two-factor: recovery codes: %w", err)
		}
		if _, err := s.auth.RevokeSessionsOf(ctx, tx, target.ID, ""); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, target.Email, mail.TemplateTwoFactorReset, map[string]string{})
	})
	return s.adminView(ctx, u, err)
}

// AdminResendVerification sends a new verification link to an account that has not
// verified its address (INVALID_INPUT otherwise).
func (s *Service) AdminResendVerification(ctx context.Context, userID, reason string) (*AdminUser, error) {
	u, err := s.adminWrite(ctx, userID, reason, AdminActionResendVerification, EventVerificationResentByAdmin, func(tx *ent.Tx, target *ent.User) error {
		if target.EmailVerifiedAt != nil {
			return ErrAlreadyVerified.OnField("input", "userId")
		}
		bind, err := latestSignUpBinding(ctx, tx, target.ID)
		if err != nil {
			return err
		}
		return s.sendVerification(ctx, tx, target, bind)
	})
	return s.adminView(ctx, u, err)
}

// AdminDeleteUser deletes an account with the cascade of deleteAccount (deleteUser):
// its sessions, keys, links, second factor, identities, the fleets it owns with their
// devices, its memberships and its security log; the owner is mailed. The audit log
// line stays. It returns the deleted account's id.
func (s *Service) AdminDeleteUser(ctx context.Context, userID, reason string) (string, error) {
	u, err := s.adminWrite(ctx, userID, reason, AdminActionDeleteUser, "", func(tx *ent.Tx, target *ent.User) error {
		return s.deleteUser(ctx, tx, target)
	})
	if err != nil {
		return "", err
	}
	return u.ID, nil
}

// adminView reads the account again after an admin write, as the admin sees it.
func (s *Service) adminView(ctx context.Context, u *ent.User, err error) (*AdminUser, error) {
	if err != nil {
		return nil, err
	}
	fresh, err := s.db.User.Get(ctx, u.ID)
	if err != nil {
		return nil, fmt.Errorf("admin: read user: %w", err)
	}
	views, err := s.adminViews(ctx, []*ent.User{fresh})
	if err != nil {
		return nil, err
	}
	return views[0], nil
}
