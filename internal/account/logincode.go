package account

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/onetime"
)

// Security log kinds of log-in by emailed code.
const (
	EventLogInCodeRequested = "log_in_code_requested"
	EventLogInWithCode      = "log_in_with_code"
)

// logInCodeDigits is the length of an emailed log-in code: with limits.LogInCodeTries
// answers per code, a guess succeeds once in 200,000 codes (NIST 800-63B §5.1.3: an
// out-of-band secret of at least 6 digits, short-lived, used once).
const logInCodeDigits = 6

// Errors of log-in by emailed code.
var (
	ErrInvalidLogInCode       = fault.New(fault.InvalidCode, "The code is wrong, used or expired. Check the email, or ask for a new code.")
	ErrEmailCodeLogInDisabled = fault.New(fault.EmailCodeLogInDisabled, "Log-in by emailed code is turned off here: log in with your password.")
)

// codeMAC is the keyed hash of log-in codes (onetime.IssueCode): a copy of the table
// without the key does not give a live code away.
func (s *Service) codeMAC(msg []byte) []byte { return s.box.MAC(msg, "log-in-code") }

// RequestLogInCode mails a 6-digit log-in code, and a link that fills it in, to the
// address when it has a verified account. Every address gets the same answer, is
// counted by the same limits (ASVS 6.3.8) and costs the same database work: one
// outbox intent (queueIntent); the mail worker looks the account up and issues the
// code (resolveLogInCode).
func (s *Service) RequestLogInCode(ctx context.Context, email string) error {
	if s.cfg.NoEmailCodeLogIn {
		return ErrEmailCodeLogInDisabled
	}
	addr, key, ok := parseEmail(email)
	if !ok {
		return ErrInvalidEmail.OnField("input", "email")
	}
	if err := s.allowEmailFromIP(ctx); err != nil {
		return err
	}
	rule := limits.LogInCodeEmail.With(0, s.cfg.ResendInterval)
	if err := s.limiter.Allow(ctx, rule.Key(key), rule); err != nil {
		return err
	}
	if err := s.queueIntent(ctx, IntentLogInCode, addr, key); err != nil {
		return fmt.Errorf("request log-in code: %w", err)
	}
	return nil
}

// resolveLogInCode is the worker's half of RequestLogInCode, in the transaction that
// takes the intent: for a verified account, it retires the live code (only the newest
// emailed code works), issues a new one, writes the security-log line and queues the
// email; for any other address, only a security-log line without a user. The account
// row is locked first (see Resolvers).
func (s *Service) resolveLogInCode(ctx context.Context, tx *ent.Tx, addr, key string) error {
	u, err := tx.User.Query().Where(user.EmailKey(key), lockForUpdate()).Only(ctx)
	if ent.IsNotFound(err) || err == nil && (u.EmailVerifiedAt == nil || s.cfg.NoEmailCodeLogIn) {
		// An unverified account logs in only by verifying its address first.
		return s.recordUnknown(ctx, tx.Client(), EventLogInCodeRequested)
	}
	if err != nil {
		return fmt.Errorf("find user: %w", err)
	}
	if err := s.tokens().Retire(ctx, tx, u.ID, onetime.LogInCode, ""); err != nil {
		return err
	}
	code, _, err := s.tokens().IssueCode(ctx, tx, onetime.LogInCode, onetime.Ticket{
		UserID: u.ID, Email: u.Email, TTL: limits.LogInCodeTries.Window,
	}, logInCodeDigits, s.codeMAC)
	if err != nil {
		return err
	}
	if err := s.record(ctx, tx.Client(), u.ID, EventLogInCodeRequested); err != nil {
		return err
	}
	return s.queueMail(ctx, tx, u.Email, mail.TemplateLogInCode, map[string]string{
		"Code":      code,
		"Link":      s.link("/login/code", url.Values{"email": {addr}, "code": {code}}),
		"ExpiresIn": humanDuration(limits.LogInCodeTries.Window),
	})
}

// LogInWithCodeInput is what the code form sends.
type LogInWithCodeInput struct {
	Email string
	Code  string
}

// LogInWithCode opens a session with an emailed code, like LogIn with a password:
// the same per-address and per-client counts and locks, the two-factor challenge when
// the account has a second factor (completeLogIn), a security-log line. The code is
// counted on its token before it is compared, in constant time, and dies after
// limits.LogInCodeTries answers; a right one works once. An address without an account
// takes the same path and the same answer, ErrInvalidLogInCode. A code proves the
// mailbox, not the password: the session does not count as fresh authentication.
func (s *Service) LogInWithCode(ctx context.Context, in LogInWithCodeInput) (*LogInResult, error) {
	res, err := s.logInWithCode(ctx, in)
	if s.logIns != nil {
		s.logIns.LogIn(logInResult(res, err))
	}
	return res, err
}

func (s *Service) logInWithCode(ctx context.Context, in LogInWithCodeInput) (*LogInResult, error) {
	if s.cfg.NoEmailCodeLogIn {
		return nil, ErrEmailCodeLogInDisabled
	}
	if len(in.Email) > maxEmailLength || len(in.Code) > 64 {
		return nil, ErrInvalidLogInCode.OnField("input", "code")
	}
	key := emailKey(in.Email)
	u, err := s.db.User.Query().Where(user.EmailKey(key)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("log in with code: find user: %w", err)
	}
	attempt, err := s.startLogIn(ctx, key)
	if err != nil {
		return nil, err
	}
	// An address without an account checks against no account ("" matches no row): the
	// same queries and the same comparison as a wrong code (no timing difference).
	owner := ""
	if u != nil {
		owner = u.ID
	}
	t, err := s.tokens().CheckCode(ctx, s.db, onetime.LogInCode, owner, in.Code, limits.LogInCodeTries.Limit, s.codeMAC)
	if err != nil && !errors.Is(err, onetime.ErrInvalid) {
		return nil, fmt.Errorf("log in with code: %w", err)
	}
	if err != nil || u == nil || t.Email != u.Email || u.EmailVerifiedAt == nil {
		if err := s.failLogIn(ctx, key, u, attempt, ""); err != nil {
			return nil, fmt.Errorf("log in with code: %w", err)
		}
		return nil, ErrInvalidLogInCode.OnField("input", "code")
	}
	var res *LogInResult
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if err := s.tokens().Redeem(ctx, tx, t, limits.LogInCodeTries.Limit); err != nil {
			return err
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventLogInWithCode); err != nil {
			return err
		}
		res, err = s.completeLogIn(ctx, tx, u, false)
		return err
	})
	if errors.Is(err, onetime.ErrInvalid) { // a concurrent answer used it first
		return nil, ErrInvalidLogInCode.OnField("input", "code")
	}
	if err != nil {
		return nil, fmt.Errorf("log in with code: %w", err)
	}
	s.endLogInLock(ctx, key)
	return res, nil
}
