// Package onetime is the one store of single-use secrets: the links of email
// verification, password reset and change of email (confirm and undo), the two-factor
// challenge between password and code, the token of a fleet invitation, and the
// emailed log-in code. Every flow issues, finds, redeems and retires them here, so the
// rules hold for all of them at once and the next flow (a device code, say) reuses them:
//
//   - a secret is 256 random bits with a prefix that says what it is (internal/token),
//     shown once and stored only as its SHA-256;
//   - it works until it expires, and once: Redeem is a conditional update
//     (UPDATE ... SET used_at = now WHERE id = ? AND used_at IS NULL AND expires_at > now)
//     run inside the caller's transaction, so of concurrent redemptions exactly one
//     changes the row, and a redemption whose flow fails later rolls back with it;
//   - it is bound to the address it was sent to (Token.Email): callers compare it with
//     the account's current address (ASVS 6.4.1);
//   - a short code a person types (the emailed log-in code) is too small to be stored
//     as a bare SHA-256 (a million values are tried in a second), so it is stored as a
//     keyed MAC of the code and a random salt (IssueCode), and checked against the
//     account's one live code, counting the attempt first (CheckCode);
//   - issuing a new one may retire the older ones of the same account and purpose, so
//     only the newest link works.
//
// The store knows no flow: callers map ErrInvalid to their own typed error.
package onetime

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/predicate"
	"github.com/accountd/accountd/internal/token"
)

// Kind is a flow's sort of secret: its purpose in the table and the prefix of its
// secrets.
type Kind struct {
	Purpose onetimetoken.Purpose
	Prefix  string
}

// The kinds of one-time secret.
var (
	VerifyEmail        = Kind{onetimetoken.PurposeVerifyEmail, token.VerifyEmail}
	ResetPassword      = Kind{onetimetoken.PurposeResetPassword, token.ResetPassword}
	FleetInvitation    = Kind{onetimetoken.PurposeFleetInvitation, token.Invitation}
	TwoFactorChallenge = Kind{onetimetoken.PurposeTwoFactorChallenge, token.Challenge}
	// PasskeyRegistration and PasskeyAssertion are WebAuthn challenges (internal/passkey).
	PasskeyRegistration = Kind{onetimetoken.PurposePasskeyRegistration, token.PasskeyRegistration}
	PasskeyAssertion    = Kind{onetimetoken.PurposePasskeyAssertion, token.PasskeyAssertion}
	EmailChange         = Kind{onetimetoken.PurposeEmailChange, token.EmailChange}
	EmailChangeRevert   = Kind{onetimetoken.PurposeEmailChangeRevert, token.EmailRevert}
	// LogInCode is a short code a person types (IssueCode), not a prefixed secret.
	LogInCode = Kind{Purpose: onetimetoken.PurposeLogInCode}
)

// ErrInvalid is the answer for a secret that is not a live token of the kind asked for:
// malformed, unknown, of another kind, used, expired or out of attempts. The store
// never says which.
var ErrInvalid = errors.New("onetime: no live token")

// Store issues and redeems one-time secrets; Now is the clock of expiry and use.
type Store struct {
	Now func() time.Time
}

// Ticket is what a new secret is issued for.
type Ticket struct {
	// UserID is the account the secret belongs to (the inviter, for an invitation);
	// empty for none. The token goes with the account.
	UserID string
	// Email is the address the secret is sent to; it is bound to it.
	Email string
	// TTL is how long the secret works.
	TTL time.Duration
	// Data is kept beside the token for the flow (never a secret); nil for none.
	Data map[string]string
	// InvitationID links the token to the fleet invitation it is the secret of.
	InvitationID string
}

// Issue writes a new token of kind k in tx and returns its secret, which starts with
// k.Prefix, and the stored row. Only the secret's SHA-256 is stored.
func (s Store) Issue(ctx context.Context, tx *ent.Tx, k Kind, t Ticket) (string, *ent.OneTimeToken, error) {
	now := s.Now()
	secret, hash := token.New(k.Prefix)
	c := tx.OneTimeToken.Create().
		SetPurpose(k.Purpose).
		SetTokenHash(hash).
		SetEmail(t.Email).
		SetExpiresAt(now.Add(t.TTL)).
		SetCreatedAt(now)
	if t.UserID != "" {
		c.SetUserID(t.UserID)
	}
	if t.Data != nil {
		c.SetData(t.Data)
	}
	if t.InvitationID != "" {
		c.SetInvitationID(t.InvitationID)
	}
	row, err := c.Save(ctx)
	if err != nil {
		return "", nil, fmt.Errorf("onetime: issue %s: %w", k.Purpose, err)
	}
	return secret, row, nil
}

// Find returns the live token of kind k whose secret this is, without using it up (so
// a form with a mistake can be corrected and the link still works), or ErrInvalid.
// with adds edges to load (q.WithUser(), ...).
func (s Store) Find(ctx context.Context, db *ent.Client, k Kind, secret string, with ...func(*ent.OneTimeTokenQuery)) (*ent.OneTimeToken, error) {
	if !token.Plausible(secret, k.Prefix) {
		return nil, ErrInvalid
	}
	q := db.OneTimeToken.Query().Where(
		onetimetoken.TokenHash(token.Hash(secret)),
		onetimetoken.PurposeEQ(k.Purpose),
		onetimetoken.UsedAtIsNil(),
		onetimetoken.ExpiresAtGT(s.Now()),
	)
	for _, w := range with {
		w(q)
	}
	t, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("onetime: find %s: %w", k.Purpose, err)
	}
	return t, nil
}

// Redeem uses the token up, within the caller's transaction: the single-use guarantee.
// Of concurrent redemptions exactly one updates the row (UPDATE ... WHERE used_at IS
// NULL AND expires_at > now); the others get ErrInvalid. maxAttempts > 0 also requires
// the token to have taken at most that many attempts (see CountAttempt).
func (s Store) Redeem(ctx context.Context, tx *ent.Tx, t *ent.OneTimeToken, maxAttempts int) error {
	now := s.Now()
	u := tx.OneTimeToken.Update().Where(
		onetimetoken.ID(t.ID),
		onetimetoken.UsedAtIsNil(),
		onetimetoken.ExpiresAtGT(now),
	)
	if maxAttempts > 0 {
		u.Where(onetimetoken.AttemptsLTE(maxAttempts))
	}
	n, err := u.SetUsedAt(now).Save(ctx)
	if err != nil {
		return fmt.Errorf("onetime: redeem %s: %w", t.Purpose, err)
	}
	if n != 1 {
		return ErrInvalid
	}
	return nil
}

// CountAttempt counts an answer given against a live token of kind k before the answer
// is checked, atomically (UPDATE ... SET attempts = attempts + 1 WHERE attempts < max),
// so that even concurrent guesses get at most maxAttempts checks per token. It returns
// the token, or ErrInvalid when it is not live or out of attempts.
func (s Store) CountAttempt(ctx context.Context, db *ent.Client, k Kind, secret string, maxAttempts int, with ...func(*ent.OneTimeTokenQuery)) (*ent.OneTimeToken, error) {
	if !token.Plausible(secret, k.Prefix) {
		return nil, ErrInvalid
	}
	hash := token.Hash(secret)
	n, err := db.OneTimeToken.Update().
		Where(
			onetimetoken.TokenHash(hash),
			onetimetoken.PurposeEQ(k.Purpose),
			onetimetoken.UsedAtIsNil(),
			onetimetoken.ExpiresAtGT(s.Now()),
			onetimetoken.AttemptsLT(maxAttempts),
		).
		AddAttempts(1).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("onetime: count %s attempt: %w", k.Purpose, err)
	}
	if n != 1 {
		return nil, ErrInvalid
	}
	q := db.OneTimeToken.Query().Where(onetimetoken.TokenHash(hash))
	for _, w := range with {
		w(q)
	}
	t, err := q.Only(ctx)
	if ent.IsNotFound(err) { // retired meanwhile
		return nil, ErrInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("onetime: find %s: %w", k.Purpose, err)
	}
	return t, nil
}

// Retire deletes the account's tokens of kind k but keepID (empty: all of them): only
// the newest link works, and a used one makes the others pointless.
func (s Store) Retire(ctx context.Context, tx *ent.Tx, userID string, k Kind, keepID string) error {
	d := tx.OneTimeToken.Delete().Where(onetimetoken.UserID(userID), onetimetoken.PurposeEQ(k.Purpose))
	if keepID != "" {
		d.Where(onetimetoken.IDNEQ(keepID))
	}
	if _, err := d.Exec(ctx); err != nil {
		return fmt.Errorf("onetime: retire %s: %w", k.Purpose, err)
	}
	return nil
}

// Prune deletes the account's expired tokens of kind k.
func (s Store) Prune(ctx context.Context, tx *ent.Tx, userID string, k Kind) error {
	if _, err := tx.OneTimeToken.Delete().Where(
		onetimetoken.UserID(userID),
		onetimetoken.PurposeEQ(k.Purpose),
		onetimetoken.ExpiresAtLT(s.Now()),
	).Exec(ctx); err != nil {
		return fmt.Errorf("onetime: prune %s: %w", k.Purpose, err)
	}
	return nil
}

// PruneExpired deletes the expired tokens of kind k of every account and of none: for
// kinds issued to anonymous callers (a passkey log-in's challenge), which no account's
// Prune reaches.
func (s Store) PruneExpired(ctx context.Context, tx *ent.Tx, k Kind) error {
	if _, err := tx.OneTimeToken.Delete().Where(
		onetimetoken.PurposeEQ(k.Purpose),
		onetimetoken.ExpiresAtLT(s.Now()),
	).Exec(ctx); err != nil {
		return fmt.Errorf("onetime: prune %s: %w", k.Purpose, err)
	}
	return nil
}

// MAC is the keyed hash under which short codes are stored (seal.Box.MAC with a
// context): without the key, a copy of the table does not give the codes away.
type MAC func(msg []byte) []byte

// codeSalt is the data key of a code's salt (random, not a secret).
const codeSalt = "salt"

// IssueCode writes a new token of kind k in tx whose secret is a code of digits decimal
// digits, and returns the code. The row holds mac(salt || code), the salt beside it in
// Data (with t.Data's entries): the token_hash stays unique, and only the key's holder
// can check a code. Callers retire the account's older codes first, so CheckCode finds
// one live code.
func (s Store) IssueCode(ctx context.Context, tx *ent.Tx, k Kind, t Ticket, digits int, mac MAC) (string, *ent.OneTimeToken, error) {
	max := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)
	n, err := rand.Int(rand.Reader, max)
	if err != nil {
		return "", nil, fmt.Errorf("onetime: code: %w", err)
	}
	code := fmt.Sprintf("%0*d", digits, n)
	salt := make([]byte, 16)
	_, _ = rand.Read(salt) // crypto/rand.Read never returns an error (Go 1.24+)
	data := map[string]string{codeSalt: hex.EncodeToString(salt)}
	for key, v := range t.Data {
		data[key] = v
	}
	now := s.Now()
	c := tx.OneTimeToken.Create().
		SetPurpose(k.Purpose).
		SetTokenHash(codeHash(mac, salt, code)).
		SetEmail(t.Email).
		SetExpiresAt(now.Add(t.TTL)).
		SetCreatedAt(now).
		SetData(data)
	if t.UserID != "" {
		c.SetUserID(t.UserID)
	}
	row, err := c.Save(ctx)
	if err != nil {
		return "", nil, fmt.Errorf("onetime: issue %s: %w", k.Purpose, err)
	}
	return code, row, nil
}

func codeHash(mac MAC, salt []byte, code string) []byte {
	return mac(append(append([]byte{}, salt...), code...))
}

// CheckCode counts an attempt against the account's live code of kind k, before the
// code is compared (UPDATE ... SET attempts = attempts + 1 WHERE attempts < max): of
// any number of guesses, concurrent or not, at most maxAttempts are ever compared,
// and then the code is dead. It compares in constant time and returns the token when
// the code is right; ErrInvalid when there is no live code, it is out of attempts or
// the code is wrong. The caller redeems the token (Redeem with maxAttempts).
func (s Store) CheckCode(ctx context.Context, db *ent.Client, k Kind, userID, code string, maxAttempts int, mac MAC) (*ent.OneTimeToken, error) {
	live := []predicate.OneTimeToken{
		onetimetoken.UserID(userID),
		onetimetoken.PurposeEQ(k.Purpose),
		onetimetoken.UsedAtIsNil(),
		onetimetoken.ExpiresAtGT(s.Now()),
	}
	n, err := db.OneTimeToken.Update().
		Where(append(live, onetimetoken.AttemptsLT(maxAttempts))...).
		AddAttempts(1).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("onetime: count %s attempt: %w", k.Purpose, err)
	}
	// The same work follows whether an attempt was counted or not: no live code, an
	// account that does not exist and a wrong code take one path (ASVS 6.3.8).
	rows, err := db.OneTimeToken.Query().Where(append(live, onetimetoken.AttemptsLTE(maxAttempts))...).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("onetime: find %s: %w", k.Purpose, err)
	}
	if n == 0 {
		rows = nil
		SpendCodeCheck(mac, code)
	}
	var found *ent.OneTimeToken
	for _, t := range rows {
		salt, err := hex.DecodeString(t.Data[codeSalt])
		if err != nil || len(salt) == 0 {
			continue
		}
		if token.Equal(codeHash(mac, salt, code), t.TokenHash) && found == nil {
			found = t
		}
	}
	if found == nil {
		return nil, ErrInvalid
	}
	return found, nil
}

// SpendCodeCheck does the work of checking a code against nothing, for an answer
// that must take as long as a real check (an address without an account).
func SpendCodeCheck(mac MAC, code string) {
	salt := make([]byte, 16)
	token.Equal(codeHash(mac, salt, code), make([]byte, 32))
}
