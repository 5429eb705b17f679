package account

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/ratelimit"
)

// maxPasswordBytes bounds what a log-in will hash: no valid password is longer (the
// policy allows at most 1024 characters of up to 4 bytes), and hashing megabytes would
// hand attackers a cheap way to burn CPU.
const maxPasswordBytes = 4096

// Credentials are what a person types into the log-in form.
type Credentials struct {
	Email    string
	Password string
	// DeviceToken is the token an earlier log-in to this address gave this browser or
	// app (see device.go); "" for none.
	DeviceToken string
}

// LogInResult is the outcome of a step that can log a person in.
type LogInResult struct {
	User    *ent.User
	Session *auth.NewSession
	// Challenge is set instead of User and Session when the account has two-factor
	// authentication: the log-in goes on with VerifyTwoFactor.
	Challenge string
	// DeviceToken is set by a log-in with the password, once it is complete (by
	// VerifyTwoFactor when the account has a second factor): it exempts this browser or
	// app from the address's log-in lock from now on (see device.go).
	DeviceToken string
}

// LogIn checks the password and opens a session. An unknown email costs one hash
// verification like a wrong password and gets the same ErrInvalidCredentials (ASVS
// 6.3.8: no account enumeration); ErrEmailNotVerified comes only after a correct
// password, so it reveals nothing to someone who does not know it.
func (s *Service) LogIn(ctx context.Context, c Credentials) (*LogInResult, error) {
	res, err := s.logIn(ctx, c)
	if s.logIns != nil {
		s.logIns.LogIn(logInResult(res, err))
	}
	return res, err
}

func (s *Service) logIn(ctx context.Context, c Credentials) (*LogInResult, error) {
	if len(c.Email) > maxEmailLength || len(c.Password) > maxPasswordBytes {
		return nil, ErrInvalidCredentials
	}
	// A full hashing queue refuses before the attempt counts against the address: a
	// flood must not lock its owner out.
	if err := s.refuseWhenHashBusy(); err != nil {
		return nil, err
	}
	key := emailKey(c.Email)
	u, err := s.db.User.Query().Where(user.EmailKey(key)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("log in: find user: %w", err)
	}
	// A trusted device of this address is counted on its own, not against the
	// address: someone else's guesses do not lock it out (device.go).
	device, trusted := s.trustedDevice(key, deviceStamp(u), c.DeviceToken)
	counter := logInKey(key)
	var attempt ratelimit.Count
	if trusted {
		counter = deviceLogInKey(device)
		attempt, err = s.startDeviceLogIn(ctx, device)
	} else {
		attempt, err = s.startLogIn(ctx, key)
	}
	if err != nil {
		return nil, err
	}
	phc := passwordHashOf(u) // "" makes Verify check a dummy hash: same time, false
	ok, err := s.hasher.Verify(ctx, phc, c.Password)
	if err != nil {
		return nil, fmt.Errorf("log in: verify: %w", s.uncount(ctx, err, counter))
	}
	if !ok {
		if err := s.failLogIn(ctx, key, u, attempt, device); err != nil {
			return nil, fmt.Errorf("log in: %w", err)
		}
		return nil, ErrInvalidCredentials
	}
	// Every step from here on follows a correct password, which forgets the failures
	// counted before it: the address's (a password reset does the same), or only the
	// device's for a trusted device, so the address stays locked for whoever else is
	// guessing. The reset commits with the session and its security event, in one
	// transaction: one commit after the hash instead of two.
	if u.EmailVerifiedAt == nil {
		s.resetLogInCounter(ctx, counter)
		return nil, ErrEmailNotVerified
	}
	s.noticeBreachedPassword(ctx, u, phc, c.Password)
	if s.hasher.NeedsRehash(phc) {
		s.rehash(ctx, u, phc, c.Password)
	}
	var res *LogInResult
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if err := ratelimit.ResetIn(ctx, tx.Client(), counter); err != nil {
			return err
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventLogIn); err != nil {
			return err
		}
		res, err = s.completeLogInFrom(ctx, tx, u, true, deviceLogIn(u))
		return err
	})
	if errors.Is(err, ErrAccountSuspended) {
		// Refused after the password was proved: the transaction rolled back, and the
		// counter is reset on its own, as for any correct password.
		s.resetLogInCounter(ctx, counter)
	}
	if err != nil {
		return nil, fmt.Errorf("log in: %w", err)
	}
	// The device is trusted once the whole log-in succeeded: with a second factor
	// pending, VerifyTwoFactor hands the token out (security review H1).
	if res.Challenge == "" {
		res.DeviceToken = s.newDeviceToken(key, deviceStamp(u))
	}
	return res, nil
}

// completeLogIn is the one place where a proven person gets a session: every path
// that logs someone in (password, email link, social log-in) ends here, so a second
// factor, once the account has one, is asked for on every path. proved says the first
// step was a proof that counts as fresh authentication (the password, or a provider's
// log-in), not a bare link click.
func (s *Service) completeLogIn(ctx context.Context, tx *ent.Tx, u *ent.User, proved bool) (*LogInResult, error) {
	return s.completeLogInFrom(ctx, tx, u, proved, nil)
}

// completeLogInFrom is completeLogIn keeping data with the challenge, if one is opened
// (a password log-in's device binding, see device.go).
func (s *Service) completeLogInFrom(ctx context.Context, tx *ent.Tx, u *ent.User, proved bool, data map[string]string) (*LogInResult, error) {
	if u.SuspendedAt != nil {
		// Told only to whoever proved the first step: no enumeration of suspended
		// accounts. This refuses before a challenge is opened; auth.OpenSession checks
		// again, in tx, for every way in that ends in a session.
		return nil, ErrAccountSuspended
	}
	on, err := twoFactorOn(ctx, tx.Client(), u.ID)
	if err != nil {
		return nil, err
	}
	if on {
		challenge, err := s.openChallenge(ctx, tx, u, proved, data)
		if err != nil {
			return nil, err
		}
		return &LogInResult{Challenge: challenge}, nil
	}
	sess, err := s.auth.OpenSession(ctx, tx, u.ID, proved)
	if err != nil {
		return nil, err
	}
	return &LogInResult{User: u, Session: sess}, nil
}

// rehash stores the password again under the current hash parameters, after they
// changed. It is best effort: the log-in succeeds either way.
func (s *Service) rehash(ctx context.Context, u *ent.User, oldPHC, password string) {
	h, err := s.hasher.Hash(ctx, password)
	if err == nil {
		// Only if the hash is still the one just verified: a password changed meanwhile
		// must not be overwritten with the old one.
		_, err = s.db.User.Update().
			Where(user.ID(u.ID), user.PasswordHash(oldPHC)).
			SetPasswordHash(h).
			Save(ctx)
	}
	if err != nil {
		s.log.WarnContext(ctx, "password rehash failed", "user_id", u.ID, "error", err)
	}
}

func passwordHashOf(u *ent.User) string {
	if u == nil || u.PasswordHash == nil {
		return ""
	}
	return *u.PasswordHash
}

// logInResult names a log-in's outcome for the metrics.
func logInResult(res *LogInResult, err error) string {
	if err == nil {
		if res != nil && res.Challenge != "" {
			return "two_factor_challenge"
		}
		return "success"
	}
	if f, ok := fault.As(err); ok {
		return strings.ToLower(string(f.Code))
	}
	return "error"
}
