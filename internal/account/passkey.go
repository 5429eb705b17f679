package account

// Passkeys (WebAuthn Level 3), the way a person meets them: in security settings, add a
// passkey (begin, the browser asks the authenticator, finish), rename or remove it; on
// the log-in page, log in with it, without a password; after a password, answer the
// two-factor challenge with it instead of a code. internal/passkey checks what
// authenticators answer; this file keeps passkeys and ceremonies.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/identity"
	entpasskey "github.com/accountd/accountd/ent/passkey"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/nickname"
	"github.com/accountd/accountd/internal/onetime"
	"github.com/accountd/accountd/internal/passkey"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/viewer"
)

// Security log event kinds of passkeys.
const (
	EventPasskeyAdded   = "passkey_added"
	EventPasskeyRenamed = "passkey_renamed"
	EventPasskeyRemoved = "passkey_removed"
	EventPasskeyLogIn   = "passkey_log_in"
	// EventPasskeyRefused is a passkey answer refused for an account (its credential
	// was found): a wrong origin, a bad signature...
	EventPasskeyRefused = "passkey_refused"
	// EventPasskeyCounterWentBack: the signature counter did not grow, so two copies of
	// the private key may exist (WebAuthn L3 §6.1.1): the log-in was refused.
	EventPasskeyCounterWentBack = "passkey_possibly_cloned"
)

// Domain errors of passkeys.
var (
	ErrPasskeysOff = fault.New(fault.PasskeysNotEnabled,
		"Passkeys are off on this server: its public URL must be a domain name, not an IP address.")
	ErrInvalidPasskey = fault.New(fault.InvalidPasskey,
		"This passkey was not accepted. Try again, or log in another way.")
	ErrPasskeyChallenge = fault.New(fault.PasskeyChallengeExpired,
		"This passkey request has expired or was used already. Start again.")
	ErrMalformedCredential = fault.New(fault.InvalidInput,
		"This is not a WebAuthn credential in its JSON form (what credential.toJSON() gives).")
	ErrPasskeyNotFound = fault.New(fault.NotFound, "There is no such passkey.")
	ErrNoPasskeys      = fault.New(fault.InvalidPasskey, "This account has no passkey: enter a code instead.")
	// ErrPasskeyNotSecond: the log-in's first step was a passkey without user
	// verification; the same passkey cannot be the second factor too.
	ErrPasskeyNotSecond = fault.New(fault.InvalidCode,
		"You logged in with a passkey: enter a code from your authenticator app or a recovery code.")
)

// checkPasskeyName puts a passkey's name in the nickname form, or refuses it.
func checkPasskeyName(name *string) error {
	if errs := enforceName(nil, name, "name", passkeyNameLimit); len(errs) > 0 {
		return errs[0]
	}
	if *name == "" {
		return fault.New(fault.InvalidInput, "Name the passkey, so you can tell it apart later.").OnField("input", "name")
	}
	return nil
}

// passkeyNameLimit bounds a passkey's name (the column holds 100 bytes).
var passkeyNameLimit = nickname.Limit{Chars: 100, Bytes: 100}

// Data keys of passkey ceremonies and of a challenge a passkey opened.
const (
	dataCeremony = "ceremony"
	dataUse      = "use"
	dataTicket   = "ticket"
	useLogIn     = "log_in"
	useSecond    = "two_factor"
	// dataFirstFactor marks a two-factor challenge opened by a passkey without user
	// verification: only a code or a recovery code may answer it.
	dataFirstFactor = "first_factor"
)

// passkeyTTL is how long a ceremony's challenge works.
var passkeyTTL = limits.PasskeyChallenge.Window

func (s *Service) passkeysOn() (*passkey.RP, error) {
	if s.relyingParty == nil {
		return nil, ErrPasskeysOff
	}
	return s.relyingParty, nil
}

// passkeyHandle is the account's WebAuthn user handle: a MAC of its id, so it is
// stable, carries no personal data (WebAuthn L3 §14.6.1) and needs no column.
func (s *Service) passkeyHandle(userID string) []byte {
	return s.box.MAC([]byte(userID), "webauthn-user-handle")
}

// passkeyOwner is the account with its passkeys as go-webauthn sees them.
func (s *Service) passkeyOwner(ctx context.Context, db *ent.Client, u *ent.User) (*passkey.Owner, error) {
	rows, err := db.Passkey.Query().Where(entpasskey.UserID(u.ID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("passkeys: %w", err)
	}
	o := &passkey.Owner{Handle: s.passkeyHandle(u.ID), Email: u.Email, DisplayName: u.Name}
	for _, p := range rows {
		o.Credentials = append(o.Credentials, credentialOf(p))
	}
	return o, nil
}

func credentialOf(p *ent.Passkey) webauthn.Credential {
	ts := make([]protocol.AuthenticatorTransport, len(p.Transports))
	for i, t := range p.Transports {
		ts[i] = protocol.AuthenticatorTransport(t)
	}
	return webauthn.Credential{
		ID:              p.CredentialID,
		PublicKey:       p.PublicKey,
		AttestationType: p.AttestationType,
		Transport:       ts,
		Flags: webauthn.CredentialFlags{
			UserPresent:    true,
			UserVerified:   p.UserVerified,
			BackupEligible: p.BackupEligible,
			BackupState:    p.BackupState,
		},
		Authenticator: webauthn.Authenticator{AAGUID: p.Aaguid, SignCount: uint32(p.SignCount)},
	}
}

// BeginPasskeyRegistration opens a registration for the viewer's account and returns
// its PublicKeyCredentialCreationOptionsJSON. Like every change of credentials it needs
// fresh authentication; only the newest registration of an account works.
func (s *Service) BeginPasskeyRegistration(ctx context.Context, password *string) (json.RawMessage, error) {
	rp, err := s.passkeysOn()
	if err != nil {
		return nil, err
	}
	// A passkey is a way in: an API key may not add one (like a password or a key).
	if _, err := auth.SessionViewer(ctx); err != nil {
		return nil, err
	}
	f, err := s.requireFresh(ctx, password, "password")
	if err != nil {
		return nil, err
	}
	owner, err := s.passkeyOwner(ctx, s.db, f.User)
	if err != nil {
		return nil, err
	}
	var options json.RawMessage
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		if err := s.tokens().Retire(ctx, tx, f.User.ID, onetime.PasskeyRegistration, ""); err != nil {
			return err
		}
		cer := passkey.Ceremony{Handle: owner.Handle}
		secret, _, err := s.tokens().Issue(ctx, tx, onetime.PasskeyRegistration, onetime.Ticket{
			UserID: f.User.ID, Email: f.User.Email, TTL: passkeyTTL,
			Data: map[string]string{dataCeremony: cer.Encode()},
		})
		if err != nil {
			return err
		}
		options, _, err = rp.CreationOptions(owner, secret)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("begin passkey registration: %w", err)
	}
	return options, nil
}

// FinishPasskeyRegistration stores the passkey an authenticator made for the ceremony
// its challenge names, which must be the viewer's. Like enabling two-factor, adding a
// passkey ends the account's other sessions (a stolen session must not outlive the
// owner's new credential).
func (s *Service) FinishPasskeyRegistration(ctx context.Context, raw []byte, name string) (*ent.Passkey, error) {
	rp, err := s.passkeysOn()
	if err != nil {
		return nil, err
	}
	v, err := auth.SessionViewer(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkPasskeyName(&name); err != nil {
		return nil, err
	}
	cr, err := passkey.ParseCreation(raw)
	if err != nil {
		return nil, ErrMalformedCredential.OnField("input", "credential")
	}
	var out *ent.Passkey
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		t, err := s.tokens().Find(ctx, tx.Client(), onetime.PasskeyRegistration, cr.Secret, func(q *ent.OneTimeTokenQuery) { q.WithUser() })
		if errors.Is(err, onetime.ErrInvalid) {
			return ErrPasskeyChallenge.OnField("input", "credential")
		}
		if err != nil {
			return err
		}
		u := t.Edges.User
		if u == nil || u.ID != v.UserID {
			return ErrPasskeyChallenge.OnField("input", "credential")
		}
		if err := s.tokens().Redeem(ctx, tx, t, 0); err != nil {
			if errors.Is(err, onetime.ErrInvalid) {
				return ErrPasskeyChallenge.OnField("input", "credential")
			}
			return err
		}
		cer, err := passkey.DecodeCeremony(t.Data[dataCeremony])
		if err != nil {
			return fmt.Errorf("ceremony data: %w", err)
		}
		owner, err := s.passkeyOwner(ctx, tx.Client(), u)
		if err != nil {
			return err
		}
		cred, err := rp.Register(owner, cer, cr)
		if err != nil {
			s.log.InfoContext(ctx, "passkey registration refused", "user_id", u.ID, "reason", err)
			return ErrInvalidPasskey.OnField("input", "credential")
		}
		// One credential, one account: a credential id seen before is refused, whoever
		// has it (the unique index holds it under races).
		taken, err := tx.Passkey.Query().Where(entpasskey.CredentialID(cred.ID)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("passkey exists: %w", err)
		}
		if taken {
			return ErrInvalidPasskey.OnField("input", "credential")
		}
		transports := make([]string, len(cred.Transport))
		for i, t := range cred.Transport {
			transports[i] = string(t)
		}
		out, err = tx.Passkey.Create().
			SetUserID(u.ID).
			SetName(name).
			SetCredentialID(cred.ID).
			SetPublicKey(cred.PublicKey).
			SetAttestationType(clipText(cred.AttestationType, 40)).
			SetAaguid(cred.Authenticator.AAGUID).
			SetSignCount(int64(cred.Authenticator.SignCount)).
			SetUserVerified(cred.Flags.UserVerified).
			SetBackupEligible(cred.Flags.BackupEligible).
			SetBackupState(cred.Flags.BackupState).
			SetTransports(transports).
			SetCreatedAt(s.now()).
			Save(ctx)
		if ent.IsConstraintError(err) {
			return ErrInvalidPasskey.OnField("input", "credential")
		}
		if err != nil {
			return fmt.Errorf("store passkey: %w", err)
		}
		if v.Kind == viewer.SessionToken {
			keep, err := auth.FamilyOf(ctx, tx, v)
			if err != nil {
				return err
			}
			if _, err := s.auth.RevokeSessionsOf(ctx, tx, u.ID, keep); err != nil {
				return err
			}
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventPasskeyAdded); err != nil {
			return err
		}
		// The owner hears of every new way in, as of a linked social log-in.
		return s.queueMail(ctx, tx, u.Email, mail.TemplatePasskeyAdded, map[string]string{"PasskeyName": name})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Passkeys lists the account's passkeys, newest first.
func (s *Service) Passkeys(ctx context.Context, userID string) ([]*ent.Passkey, error) {
	if !auth.Visible(ctx, userID) {
		return []*ent.Passkey{}, nil
	}
	ps, err := s.db.Passkey.Query().
		Where(entpasskey.UserID(userID)).
		Order(ent.Desc(entpasskey.FieldCreatedAt), ent.Desc(entpasskey.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("passkeys: %w", err)
	}
	return ps, nil
}

// PasskeyNode returns one of the viewer's passkeys (node(id:)); nil for anyone else's.
func (s *Service) PasskeyNode(ctx context.Context, passkeyID string) (*ent.Passkey, error) {
	v, err := auth.Self(ctx, auth.Read)
	if err != nil {
		return nil, nil
	}
	p, err := s.db.Passkey.Query().Where(entpasskey.ID(passkeyID), entpasskey.UserID(v.UserID)).Only(ctx)
	return store.Found(p, err, "passkey")
}

// RenamePasskey renames one of the viewer's passkeys; another account's is NOT_FOUND,
// like one that does not exist.
func (s *Service) RenamePasskey(ctx context.Context, id, name string) (*ent.Passkey, error) {
	v, err := auth.Self(ctx, auth.Act)
	if err != nil {
		return nil, err
	}
	if err := checkPasskeyName(&name); err != nil {
		return nil, err
	}
	var out *ent.Passkey
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		n, err := tx.Passkey.Update().
			Where(entpasskey.ID(id), entpasskey.UserID(v.UserID)).
			SetName(name).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("rename passkey: %w", err)
		}
		if n != 1 {
			return ErrPasskeyNotFound.OnField("input", "id")
		}
		if out, err = tx.Passkey.Get(ctx, id); err != nil {
			return fmt.Errorf("rename passkey: %w", err)
		}
		return s.record(ctx, tx.Client(), v.UserID, EventPasskeyRenamed)
	})
	return out, err
}

// RemovePasskey removes one of the viewer's passkeys. It needs fresh authentication,
// and is refused when the passkey is the account's last way in (no password, no
// provider, no other passkey).
func (s *Service) RemovePasskey(ctx context.Context, id string, password *string) error {
	if _, err := auth.SessionViewer(ctx); err != nil {
		return err
	}
	f, err := s.requireFresh(ctx, password, "password")
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *ent.Tx) error {
		// The account row is locked first, so two removals of its last two passkeys run
		// one after the other and the second sees the first's (see UnlinkIdentity).
		u, err := tx.User.Query().Where(user.ID(f.User.ID), lockForUpdate()).Only(ctx)
		if ent.IsNotFound(err) {
			return ErrUnauthenticated
		}
		if err != nil {
			return fmt.Errorf("lock user: %w", err)
		}
		mine, err := tx.Passkey.Query().Where(entpasskey.UserID(u.ID)).IDs(ctx)
		if err != nil {
			return fmt.Errorf("passkeys: %w", err)
		}
		found := false
		for _, p := range mine {
			found = found || p == id
		}
		if !found {
			return ErrPasskeyNotFound.OnField("input", "id")
		}
		if u.PasswordHash == nil && len(mine) == 1 {
			linked, err := tx.Identity.Query().Where(identity.UserID(u.ID)).Exist(ctx)
			if err != nil {
				return fmt.Errorf("identities: %w", err)
			}
			if !linked {
				return ErrLastLogInMethod.OnField("input", "id")
			}
		}
		if err := tx.Passkey.DeleteOneID(id).Exec(ctx); err != nil {
			return fmt.Errorf("remove passkey: %w", err)
		}
		return s.record(ctx, tx.Client(), u.ID, EventPasskeyRemoved)
	})
}

// clipText cuts s to at most n bytes (a stored label from an authenticator).
func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
