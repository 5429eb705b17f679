// Package fleet holds the use-cases of fleets: a person's devices live in fleets, and a
// fleet is shared with other people, each with a role. Authorization is a property of
// this package: every read and write of a fleet, member, invitation or device goes
// through one authorizer (authorize.go) that looks the viewer's role up in the one
// permission matrix (roles.go).
package fleet

import (
	"context"
	"log/slog"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/ratelimit"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/viewer"
	"github.com/accountd/accountd/internal/webhook"
)

// Config holds the links and lifetimes of the fleet flows.
type Config struct {
	// PublicURL is the base of every link in an email.
	PublicURL string
	// InvitationTTL is how long an invitation link works (7 days).
	InvitationTTL time.Duration
}

// DefaultInvitationTTL is the life of an invitation when Config does not say.
const DefaultInvitationTTL = 7 * 24 * time.Hour

// Deps are what the Service needs from the rest of the program.
type Deps struct {
	DB  *ent.Client
	Box *seal.Box
	// Limiter counts invitations and provisioned devices; nil counts nothing (tests of
	// other things).
	Limiter *ratelimit.Limiter
	// WakeMailer is called after a commit that queued email, so it goes out at once.
	WakeMailer func()
	// Webhooks receives the events of the use-cases, in their transactions; nil emits
	// nothing.
	Webhooks *webhook.Outbox
	Now      func() time.Time
	Log      *slog.Logger
}

// Service runs the fleet use-cases.
type Service struct {
	Deps
	cfg Config
}

// NewService returns a Service.
func NewService(cfg Config, d Deps) *Service {
	if d.WakeMailer == nil {
		d.WakeMailer = func() {}
	}
	if d.Now == nil {
		d.Now = func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if cfg.InvitationTTL <= 0 {
		cfg.InvitationTTL = DefaultInvitationTTL
	}
	return &Service{Deps: d, cfg: cfg}
}

// inTx runs fn in a transaction and commits it when fn returns nil, so a use-case is
// done entirely or not at all. Mail queued by fn goes out once the transaction
// committed (transactional outbox). A write that failed because the viewer's account
// was deleted meanwhile is UNAUTHENTICATED (viewer.Vanished).
//
// Every write of the package runs here, so this is also where a READ_ONLY API key is
// refused any change (graph.PrincipalGate refuses its mutations before; this holds
// should a write ever be reached another way).
func (s *Service) inTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	if v := viewer.PrincipalFrom(ctx); v != nil && v.ReadOnly {
		return ErrReadOnlyKey
	}
	return viewer.Vanished(ctx, s.DB, store.InTx(ctx, s.DB, fn))
}

// queueMail writes an email into the outbox within tx.
func (s *Service) queueMail(ctx context.Context, tx *ent.Tx, to, template string, data map[string]string) error {
	return mail.Queue(ctx, tx, s.Box, s.Now(), s.WakeMailer, to, template, data)
}
