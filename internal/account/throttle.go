package account

import (
	"context"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/ratelimit"
	"github.com/accountd/accountd/internal/viewer"
)

// Limits are the configurable throttles of the flows that check a password or send
// email (internal/limits has what each counts and why). Every counter lives in the
// database, so all processes share them. An address locked again within a day is
// locked for twice as long as the time before (see lockFor).
type Limits struct {
	// LogIn, LogInPerIP and EmailsPerIP: limits.LogIn, LogInPerIP and EmailsPerIP
	// with the configured limit and window.
	LogIn, LogInPerIP, EmailsPerIP ratelimit.Rule
	// LogInDevice is limits.LogInDevice with LogIn's limit and window.
	LogInDevice ratelimit.Rule
}

// withDefaults takes from internal/limits the rules, and the limits and windows left zero.
func (l Limits) withDefaults() Limits {
	l.LogIn = limits.LogIn.With(l.LogIn.Limit, l.LogIn.Window)
	l.LogInPerIP = limits.LogInPerIP.With(l.LogInPerIP.Limit, l.LogInPerIP.Window)
	l.EmailsPerIP = limits.EmailsPerIP.With(l.EmailsPerIP.Limit, l.EmailsPerIP.Window)
	l.LogInDevice = limits.LogInDevice.With(l.LogIn.Limit, l.LogIn.Window)
	return l
}

// EventAccountLocked is the security log kind of a log-in lock.
const EventAccountLocked = "log_in_locked"

func logInKey(emailKey string) string { return limits.LogIn.Key(emailKey) }

// lockoutsKey counts the locks of an address within limits.LogInLocks's window.
func lockoutsKey(emailKey string) string { return limits.LogInLocks.Key(emailKey) }

// maxLock is the longest a lock grows to.
const maxLock = 24 * time.Hour

// lockFor is how long the nth lock of an address within limits.LogInLocks's window lasts: the
// log-in window, doubled for each lock before it, up to maxLock (NIST 800-63B §5.2.2:
// guessing gets slower the longer it goes on; the checklist's "delays grow").
func lockFor(window time.Duration, n int) time.Duration {
	d := window
	for i := 1; i < n && d < maxLock; i++ {
		d *= 2
	}
	return min(d, maxLock)
}

func logInIPKey(network string) string { return limits.LogInPerIP.Key(network) }

// startLogIn counts a log-in attempt for the address and refuses it while the
// address or the client IP is locked. Unknown addresses are counted like known ones,
// so a lock tells nothing about accounts.
func (s *Service) startLogIn(ctx context.Context, emailKey string) (ratelimit.Count, error) {
	return s.countLogIn(ctx, logInKey(emailKey), s.cfg.Limits.LogIn)
}

// checkLogInIP refuses a log-in while the client IP has used up its failures.
func (s *Service) checkLogInIP(ctx context.Context) error {
	return s.limiter.Check(ctx, logInIPKey(viewer.ClientFrom(ctx).Network()), s.cfg.Limits.LogInPerIP)
}

// countLogIn counts a log-in attempt against counter under rule r, unless the client IP
// has used up its failures: then it refuses the attempt without counting it. One
// statement (ratelimit.HitUnless), before the hash.
func (s *Service) countLogIn(ctx context.Context, counter string, r ratelimit.Rule) (ratelimit.Count, error) {
	return s.limiter.HitUnless(ctx, counter, r, logInIPKey(viewer.ClientFrom(ctx).Network()), s.cfg.Limits.LogInPerIP)
}

// failLogIn counts a failed attempt against the client IP and, when this attempt used
// up the address's allowance, tells the owner that log-ins are locked. The failure of
// a trusted device (device names it; attempt counts the device) locks only that
// device, but like the address's own locks (security review H1): the lock counts in the
// address's lock history, so each lock of the address or of any of its devices makes
// the next one last twice as long, and the owner is told. A stolen device token buys
// no more guesses than the address itself allows.
func (s *Service) failLogIn(ctx context.Context, key string, u *ent.User, attempt ratelimit.Count, device string) error {
	// Past its limit the IP is refused at the next startLogIn; this failure is
	// answered as what it is.
	if _, err := s.limiter.Hit(ctx, logInIPKey(viewer.ClientFrom(ctx).Network()), s.cfg.Limits.LogInPerIP); err != nil {
		if f, ok := fault.As(err); !ok || f.Code != fault.RateLimited {
			return err
		}
	}
	locked := attempt.Hits == s.cfg.Limits.LogIn.Limit
	if locked {
		// This failure locks the address (known or not: the same answers either way),
		// or the device.
		counter := logInKey(key)
		if device != "" {
			counter = deviceLogInKey(device)
		}
		ends, err := s.growLock(ctx, key, counter, attempt)
		if err != nil {
			return err
		}
		attempt.Ends = ends
	}
	if u == nil {
		return s.recordUnknown(ctx, s.db, EventLogInFailed)
	}
	if err := s.record(ctx, s.db, u.ID, EventLogInFailed); err != nil {
		return err
	}
	if !locked {
		return nil
	}
	s.log.WarnContext(ctx, "log-ins locked after failures", "user_id", u.ID, "until", attempt.Ends, "device", device != "")
	return s.inTx(ctx, func(tx *ent.Tx) error {
		if err := s.record(ctx, tx.Client(), u.ID, EventAccountLocked); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, u.Email, mail.TemplateAccountLocked, map[string]string{
			"Until": attempt.Ends.Format("2006-01-02 15:04 MST"),
		})
	})
}

// growLock counts a lock in the history of the address key and, when it is not the
// first within limits.LogInLocks's window, makes the locked counter (the address's, or
// one of its devices') last lockFor from now instead of until the window's end. It
// returns when the lock ends.
func (s *Service) growLock(ctx context.Context, key, counter string, attempt ratelimit.Count) (time.Time, error) {
	locks, err := s.limiter.Hit(ctx, lockoutsKey(key), limits.LogInLocks)
	if err != nil {
		return time.Time{}, err
	}
	if locks.Hits <= 1 {
		return attempt.Ends, nil
	}
	until := s.now().Add(lockFor(s.cfg.Limits.LogIn.Window, locks.Hits))
	if !until.After(attempt.Ends) {
		return attempt.Ends, nil
	}
	if err := s.limiter.Extend(ctx, counter, until); err != nil {
		return time.Time{}, err
	}
	return until, nil
}

// endLogInLock forgets the failures of an address: after a successful log-in, or a
// password reset (the owner may have been locked out by someone else's guesses:
// Keycloak CVE-2024-1722).
func (s *Service) endLogInLock(ctx context.Context, emailKey string) {
	s.resetLogInCounter(ctx, logInKey(emailKey))
}

// resetLogInCounter forgets the failures counted by a log-in counter (an address's or a
// trusted device's), after a correct password that did not end in a session.
func (s *Service) resetLogInCounter(ctx context.Context, counter string) {
	if err := s.limiter.Reset(ctx, counter); err != nil {
		s.log.WarnContext(ctx, "log-in counter reset failed", "error", err)
	}
}

// forgetLockouts forgets the locks of an address, after a password reset: the owner took
// the account back, and whoever keeps guessing starts again from the shortest lock
// instead of keeping the owner out ever longer.
func (s *Service) forgetLockouts(ctx context.Context, emailKey string) {
	if err := s.limiter.Reset(ctx, lockoutsKey(emailKey)); err != nil {
		s.log.WarnContext(ctx, "log-in lock history reset failed", "error", err)
	}
}

// emailIPKey is the counter of email requests of the request's client.
func emailIPKey(ctx context.Context) string {
	return limits.EmailsPerIP.Key(viewer.ClientFrom(ctx).Network())
}

// allowEmailFromIP counts a request that sends email against the client IP.
func (s *Service) allowEmailFromIP(ctx context.Context) error {
	return s.limiter.Allow(ctx, emailIPKey(ctx), s.cfg.Limits.EmailsPerIP)
}
