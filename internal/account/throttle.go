package account

import (
	"context"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/ratelimit"
	"github.com/accountd/accountd/internal/viewer"
)

// Limits are the throttles of the flows that check a secret or send email. Every
// counter lives in the database, so all processes share them.
type Limits struct {
	// LogIn is the password log-ins one address gets per window; past it the address
	// is locked, for the right password too, until the window ends (NIST 800-63B
	// §5.2.2: at most 100 consecutive failures; ASVS 6.3.1). The attempt is counted
	// before the password is checked, atomically, so a burst of parallel guesses gets
	// no more checks than the limit (Keycloak CVE-2024-4629). A successful log-in and a
	// password reset start the count again.
	LogIn ratelimit.Rule
	// LogInPerIP is the failed log-ins one client IP gets per window across all
	// addresses (credential stuffing).
	LogInPerIP ratelimit.Rule
	// EmailsPerIP is the sign-ups, resends and reset requests one client IP gets per
	// window, whatever the address.
	EmailsPerIP ratelimit.Rule
}

// DefaultLimits are the limits when the configuration sets none.
var DefaultLimits = Limits{
	LogIn:       ratelimit.Rule{Limit: 10, Window: 15 * time.Minute},
	LogInPerIP:  ratelimit.Rule{Limit: 100, Window: 15 * time.Minute},
	EmailsPerIP: ratelimit.Rule{Limit: 30, Window: time.Hour},
}

// withDefaults fills the rules left zero from DefaultLimits.
func (l Limits) withDefaults() Limits {
	for _, r := range []struct{ rule, def *ratelimit.Rule }{
		{&l.LogIn, &DefaultLimits.LogIn},
		{&l.LogInPerIP, &DefaultLimits.LogInPerIP},
		{&l.EmailsPerIP, &DefaultLimits.EmailsPerIP},
	} {
		if r.rule.Limit <= 0 || r.rule.Window <= 0 {
			*r.rule = *r.def
		}
	}
	return l
}

// EventAccountLocked is the security log kind of a log-in lock.
const EventAccountLocked = "log_in_locked"

func logInKey(emailKey string) string { return ratelimit.Key("login", emailKey) }

func logInIPKey(network string) string { return ratelimit.Key("login-ip", network) }

// startLogIn counts a log-in attempt for the address and refuses it while the
// address or the client IP is locked. Unknown addresses are counted like known ones,
// so a lock tells nothing about accounts.
func (s *Service) startLogIn(ctx context.Context, emailKey string) (ratelimit.Count, error) {
	if err := s.Limiter.Check(ctx, logInIPKey(viewer.ClientFrom(ctx).Network()), s.cfg.Limits.LogInPerIP); err != nil {
		return ratelimit.Count{}, err
	}
	return s.Limiter.Hit(ctx, logInKey(emailKey), s.cfg.Limits.LogIn)
}

// failLogIn counts a failed attempt against the client IP and, when this attempt used
// up the address's allowance, tells the owner that log-ins are locked.
func (s *Service) failLogIn(ctx context.Context, u *ent.User, attempt ratelimit.Count) error {
	// Past its limit the IP is refused at the next startLogIn; this failure is
	// answered as what it is.
	if _, err := s.Limiter.Hit(ctx, logInIPKey(viewer.ClientFrom(ctx).Network()), s.cfg.Limits.LogInPerIP); err != nil {
		if f, ok := fault.As(err); !ok || f.Code != fault.RateLimited {
			return err
		}
	}
	if u == nil {
		return s.recordUnknown(ctx, s.DB, EventLogInFailed)
	}
	if err := s.record(ctx, s.DB, u.ID, EventLogInFailed); err != nil {
		return err
	}
	if attempt.Hits != s.cfg.Limits.LogIn.Limit {
		return nil
	}
	s.Log.WarnContext(ctx, "log-ins locked after failures", "user_id", u.ID, "until", attempt.Ends)
	return s.inTx(ctx, func(tx *ent.Tx) error {
		if err := s.record(ctx, tx.Client(), u.ID, EventAccountLocked); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, u.Email, mail.TemplateAccountLocked, map[string]string{
			"Until": attempt.Ends.Format("2006-01-02 15:04 MST"),
		})
	})
}

// endLogInLock forgets the failures of an address: after a successful log-in, or a
// password reset (the owner may have been locked out by someone else's guesses:
// Keycloak CVE-2024-1722).
func (s *Service) endLogInLock(ctx context.Context, emailKey string) {
	if err := s.Limiter.Reset(ctx, logInKey(emailKey)); err != nil {
		s.Log.WarnContext(ctx, "log-in counter reset failed", "error", err)
	}
}

// allowEmailFromIP counts a request that sends email against the client IP.
func (s *Service) allowEmailFromIP(ctx context.Context) error {
	return s.Limiter.Allow(ctx, ratelimit.Key("mail-ip", viewer.ClientFrom(ctx).Network()), s.cfg.Limits.EmailsPerIP)
}
