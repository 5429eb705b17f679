package account

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/onetimetoken"
	entpasskey "github.com/accountd/accountd/ent/passkey"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/onetime"
	"github.com/accountd/accountd/internal/passkey"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
)

// BeginPasskeyLogIn opens a passkey log-in and returns its
// PublicKeyCredentialRequestOptionsJSON for discoverable credentials: the browser
// offers the passkeys it has for this site. The address, when given, is checked for
// length only and scopes nothing: listing its passkeys (allowCredentials) would tell
// whether it has an account and how many passkeys, so the options are the same for
// every address (ASVS 6.3.8). The ceremony is bound to no account.
func (s *Service) BeginPasskeyLogIn(ctx context.Context, email *string) (json.RawMessage, error) {
	rp, err := s.passkeysOn()
	if err != nil {
		return nil, err
	}
	if err := s.checkLogInIP(ctx); err != nil {
		return nil, err
	}
	if err := s.limiter.Allow(ctx, limits.PasskeyBegin.Key(viewer.ClientFrom(ctx).Network()), limits.PasskeyBegin); err != nil {
		return nil, err
	}
	if email != nil && len(*email) > maxEmailLength {
		return nil, ErrInvalidEmail.OnField("input", "email")
	}
	return s.openAssertion(ctx, rp, "", nil, nil, map[string]string{dataUse: useLogIn})
}

// openAssertion stores an assertion ceremony and returns its options.
func (s *Service) openAssertion(ctx context.Context, rp *passkey.RP, userID string, allowed [][]byte, handle []byte, data map[string]string) (json.RawMessage, error) {
	var options json.RawMessage
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		// Ceremonies of nobody are pruned by nobody else.
		if err := s.tokens().PruneExpired(ctx, tx, onetime.PasskeyAssertion); err != nil {
			return err
		}
		cer := passkey.Ceremony{Handle: handle, Allowed: allowed}
		data[dataCeremony] = cer.Encode()
		secret, _, err := s.tokens().Issue(ctx, tx, onetime.PasskeyAssertion, onetime.Ticket{
			UserID: userID, TTL: passkeyTTL, Data: data,
		})
		if err != nil {
			return err
		}
		options, _, err = rp.RequestOptions(secret, allowed, handle)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("begin passkey assertion: %w", err)
	}
	return options, nil
}

// checked is an assertion verified against its ceremony and its account.
type checked struct {
	ceremony *ent.OneTimeToken
	passkey  *ent.Passkey
	user     *ent.User
	result   *passkey.Result
}

// checkAssertion finds the ceremony by the challenge inside the assertion and the
// passkey by its credential id, and verifies the signature, origin, relying party and
// counter. Every refusal of a well-formed answer is ErrInvalidPasskey (or
// ErrPasskeyChallenge for a ceremony that is not live), whether the account exists or not.
func (s *Service) checkAssertion(ctx context.Context, rp *passkey.RP, raw []byte, use string) (*checked, error) {
	a, err := passkey.ParseAssertion(raw)
	if err != nil {
		return nil, ErrMalformedCredential.OnField("input", "credential")
	}
	t, err := s.tokens().Find(ctx, s.db, onetime.PasskeyAssertion, a.Secret)
	if errors.Is(err, onetime.ErrInvalid) || (err == nil && t.Data[dataUse] != use) {
		return nil, ErrPasskeyChallenge.OnField("input", "credential")
	}
	if err != nil {
		return nil, err
	}
	cer, err := passkey.DecodeCeremony(t.Data[dataCeremony])
	if err != nil {
		return nil, fmt.Errorf("ceremony data: %w", err)
	}
	pk, err := s.db.Passkey.Query().Where(entpasskey.CredentialID(a.CredentialID())).WithUser().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrInvalidPasskey.OnField("input", "credential")
	}
	if err != nil {
		return nil, fmt.Errorf("find passkey: %w", err)
	}
	u := pk.Edges.User
	owner, err := s.passkeyOwner(ctx, s.db, u)
	if err != nil {
		return nil, err
	}
	res, err := rp.Verify(owner, cer, a)
	if err != nil {
		s.log.InfoContext(ctx, "passkey assertion refused", "user_id", u.ID, "passkey_id", pk.ID, "reason", err)
		if rerr := s.record(ctx, s.db, u.ID, EventPasskeyRefused); rerr != nil {
			return nil, rerr
		}
		return nil, ErrInvalidPasskey.OnField("input", "credential")
	}
	if res.CounterWentBack {
		s.log.WarnContext(ctx, "passkey signature counter went back: possible cloned authenticator",
			"user_id", u.ID, "passkey_id", pk.ID, "stored", pk.SignCount, "received", res.Credential.Authenticator.SignCount)
		if rerr := s.record(ctx, s.db, u.ID, EventPasskeyCounterWentBack); rerr != nil {
			return nil, rerr
		}
		return nil, ErrInvalidPasskey.OnField("input", "credential")
	}
	return &checked{ceremony: t, passkey: pk, user: u, result: res}, nil
}

// spend uses the ceremony up and stores what the assertion changed of the passkey, in
// tx: of two uses of one challenge (a replayed assertion) exactly one gets here.
func (s *Service) spendAssertion(ctx context.Context, tx *ent.Tx, c *checked) error {
	if err := s.tokens().Redeem(ctx, tx, c.ceremony, 0); err != nil {
		if errors.Is(err, onetime.ErrInvalid) {
			return ErrPasskeyChallenge.OnField("input", "credential")
		}
		return err
	}
	cred := c.result.Credential
	n, err := tx.Passkey.Update().
		// The counter only grows: a concurrent use with a higher counter wins.
		Where(entpasskey.ID(c.passkey.ID), entpasskey.SignCountLTE(int64(cred.Authenticator.SignCount))).
		SetSignCount(int64(cred.Authenticator.SignCount)).
		SetBackupState(cred.Flags.BackupState).
		SetLastUsedAt(s.now()).
		Save(ctx)
	if err != nil {
		return fmt.Errorf("update passkey: %w", err)
	}
	if n != 1 && cred.Authenticator.SignCount != 0 {
		return ErrInvalidPasskey.OnField("input", "credential")
	}
	return nil
}

// FinishPasskeyLogIn logs in with a passkey, like LogIn: a passkey that verified the
// person (PIN, biometrics) is both factors and opens a session; one that did not is a
// first factor, and an account with two-factor on gets the challenge. Failures count
// against the client IP's log-in failures, like wrong passwords.
func (s *Service) FinishPasskeyLogIn(ctx context.Context, raw []byte) (*LogInResult, error) {
	rp, err := s.passkeysOn()
	if err != nil {
		return nil, err
	}
	if err := s.checkLogInIP(ctx); err != nil {
		return nil, err
	}
	c, err := s.checkAssertion(ctx, rp, raw, useLogIn)
	if err != nil {
		return nil, s.failPasskey(ctx, err)
	}
	u := c.user
	if u.EmailVerifiedAt == nil {
		return nil, ErrEmailNotVerified
	}
	var res *LogInResult
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if err := s.spendAssertion(ctx, tx, c); err != nil {
			return err
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventPasskeyLogIn); err != nil {
			return err
		}
		if c.result.UserVerified {
			// Both factors: no challenge. OpenSession refuses a suspended account.
			sess, err := s.auth.OpenSession(ctx, tx, u.ID, true)
			if err != nil {
				return err
			}
			res = &LogInResult{User: u, Session: sess}
			return nil
		}
		res, err = s.completeLogIn(ctx, tx, u, true)
		if err != nil || res.Challenge == "" {
			return err
		}
		// The passkey was the first factor: it may not answer its own challenge.
		_, err = tx.OneTimeToken.Update().
			Where(onetimetoken.TokenHash(token.Hash(res.Challenge))).
			SetData(map[string]string{dataPasswordProved: strconv.FormatBool(true), dataFirstFactor: "passkey"}).
			Save(ctx)
		return err
	})
	if err != nil {
		return nil, s.failPasskey(ctx, err)
	}
	return res, nil
}

// failPasskey counts a refused passkey log-in against the client IP, like a wrong
// password (limits.LogInPerIP), and returns err.
func (s *Service) failPasskey(ctx context.Context, err error) error {
	if !errors.Is(err, ErrInvalidPasskey) && !errors.Is(err, ErrPasskeyChallenge) && !errors.Is(err, ErrMalformedCredential) {
		return err
	}
	if _, herr := s.limiter.Hit(ctx, logInIPKey(viewer.ClientFrom(ctx).Network()), s.cfg.Limits.LogInPerIP); herr != nil {
		s.log.DebugContext(ctx, "passkey failure: per-IP counter", "error", herr)
	}
	return err
}

// BeginPasskeyTwoFactor opens an assertion of the account's passkeys for the second
// step of a log-in, bound to its challenge.
func (s *Service) BeginPasskeyTwoFactor(ctx context.Context, challenge string) (json.RawMessage, error) {
	rp, err := s.passkeysOn()
	if err != nil {
		return nil, err
	}
	ch, err := s.tokens().Find(ctx, s.db, onetime.TwoFactorChallenge, challenge, func(q *ent.OneTimeTokenQuery) { q.WithUser() })
	u, err := challengeUser(ch, err, "begin passkey two-factor")
	if err != nil {
		return nil, err
	}
	if ch.Data[dataFirstFactor] == "passkey" {
		return nil, ErrPasskeyNotSecond.OnField("input", "challenge")
	}
	owner, err := s.passkeyOwner(ctx, s.db, u)
	if err != nil {
		return nil, err
	}
	if len(owner.Credentials) == 0 {
		return nil, ErrNoPasskeys.OnField("input", "challenge")
	}
	allowed := make([][]byte, len(owner.Credentials))
	for i, c := range owner.Credentials {
		allowed[i] = c.ID
	}
	return s.openAssertion(ctx, rp, u.ID, allowed, owner.Handle, map[string]string{dataUse: useSecond, dataTicket: ch.ID})
}

// FinishPasskeyTwoFactor completes a log-in that stopped at a challenge with an
// assertion of one of the account's passkeys. Each answer counts against the
// challenge's attempts, like a code.
func (s *Service) FinishPasskeyTwoFactor(ctx context.Context, challenge string, raw []byte) (*LogInResult, error) {
	rp, err := s.passkeysOn()
	if err != nil {
		return nil, err
	}
	ch, err := s.tokens().CountAttempt(ctx, s.db, onetime.TwoFactorChallenge, challenge, maxChallengeAttempts,
		func(q *ent.OneTimeTokenQuery) { q.WithUser() })
	u, err := challengeUser(ch, err, "finish passkey two-factor")
	if err != nil {
		return nil, err
	}
	if ch.Data[dataFirstFactor] == "passkey" {
		return nil, ErrPasskeyNotSecond.OnField("input", "challenge")
	}
	c, err := s.checkAssertion(ctx, rp, raw, useSecond)
	if err != nil {
		return nil, err
	}
	if c.ceremony.Data[dataTicket] != ch.ID || c.user.ID != u.ID {
		return nil, ErrPasskeyChallenge.OnField("input", "credential")
	}
	if ok, err := twoFactorOn(ctx, s.db, u.ID); err != nil || !ok {
		if err != nil {
			return nil, err
		}
		return nil, ErrInvalidChallenge.OnField("input", "challenge")
	}
	return s.finishChallenge(ctx, ch, u, func(ctx context.Context, tx *ent.Tx) error {
		return s.spendAssertion(ctx, tx, c)
	})
}
