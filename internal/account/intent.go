package account

import (
	"context"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/viewer"
)

// Kinds of the email requests keyed by an address (mail intents): requestLogInCode,
// requestPasswordReset and resendVerificationEmail.
const (
	IntentLogInCode     = "log_in_code"
	IntentPasswordReset = "password_reset"
	IntentVerification  = "verification_resend"
)

// Keys of an intent's data (sealed in the outbox, like email data).
const (
	intentEmail     = "email"      // the address as typed, trimmed (parseEmail)
	intentKey       = "email_key"  // its key, which finds the account
	intentIP        = "ip"         // the client of the request, for the security log
	intentUserAgent = "user_agent" //
)

// queueIntent is the whole database work of an email request keyed by an address, once
// its input and limits passed: one outbox row, the same statement for every address,
// registered or not (ASVS 6.3.8: no difference in time or in work). Whether there is
// an account, and what it gets, is for the mail worker to find out (Resolvers).
func (s *Service) queueIntent(ctx context.Context, kind, addr, key string) error {
	c := viewer.ClientFrom(ctx)
	return s.inTx(ctx, func(tx *ent.Tx) error {
		return mail.QueueIntent(ctx, tx, s.box, s.now(), s.wakeMailer, kind, map[string]string{
			intentEmail: addr, intentKey: key, intentIP: c.IP, intentUserAgent: c.UserAgent,
		})
	})
}

// Resolvers are what the mail worker runs for the account's intents (mail.Worker.Resolve):
// each looks the account up and, when it qualifies, retires the older tokens, issues
// the new one, writes the security-log line and queues the email; for an address
// without a qualifying account it writes only the security-log line without a user,
// as the request did before it was deferred.
//
// Each locks the account's row (lockForUpdate) before it retires anything: two intents
// of one address resolved at once (two workers, or one worker's parallel senders) then
// run one after the other, and the second retires the token the first issued. Under
// PostgreSQL's READ COMMITTED, without the lock, each one's retiring DELETE would miss
// the other's uncommitted INSERT and both tokens would stay live. (SQLite's write
// transactions are serialised already.)
func (s *Service) Resolvers() map[string]mail.Resolver {
	return map[string]mail.Resolver{
		IntentLogInCode:     s.resolver(s.resolveLogInCode),
		IntentPasswordReset: s.resolver(s.resolvePasswordReset),
		IntentVerification:  s.resolver(s.resolveVerification),
	}
}

// resolver gives fn the address and key of an intent, with the request's client in
// ctx, so the security-log line names the client that asked.
func (s *Service) resolver(fn func(ctx context.Context, tx *ent.Tx, addr, key string) error) mail.Resolver {
	return func(ctx context.Context, tx *ent.Tx, data map[string]string) error {
		ctx = viewer.WithClient(ctx, viewer.Client{IP: data[intentIP], UserAgent: data[intentUserAgent]})
		return fn(ctx, tx, data[intentEmail], data[intentKey])
	}
}
