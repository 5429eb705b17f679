package account

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/identity"
	entpasskey "github.com/accountd/accountd/ent/passkey"
	"github.com/accountd/accountd/ent/predicate"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/onetime"
	"github.com/accountd/accountd/internal/social"
	"github.com/accountd/accountd/internal/webhook"
)

// Social log-in, the way a person meets it: "Continue with Google" (or GitHub) creates
// an account on first use and logs in afterwards; an address that already has an
// account is not taken over by proving it at a provider, its owner logs in with the
// password and links the provider; linked providers can be unlinked as long as some
// way to log in remains. Whoever proved the identity still meets the second factor:
// every path ends in completeLogIn.

// Security log event kinds of social log-in.
const (
	EventSocialLogIn    = "social_log_in"
	EventSocialSignUp   = "social_sign_up"
	EventIdentityLinked = "identity_linked"
	EventIdentityUnlink = "identity_unlinked"
	// EventUnverifiedAccountClaimed: a provider proved the address of an account that
	// was never verified; its password (chosen by whoever signed up) was cleared.
	EventUnverifiedAccountClaimed = "unverified_account_claimed"
)

// Domain errors of social log-in.
var (
	ErrAccountExists = fault.New(fault.AccountExists,
		"An account with this email address exists. Log in with your password, then link the provider in your account settings.")
	ErrIdentityTaken = fault.New(fault.IdentityTaken,
		"This provider account is linked to another account.")
	ErrProviderAlreadyLinked = fault.New(fault.ProviderAlreadyLinked,
		"Another account of this provider is linked already: unlink it first.")
	ErrLastLogInMethod = fault.New(fault.LastLogInMethod,
		"This is your only way to log in: set a password, add a passkey or link another provider first.")
	ErrIdentityNotLinked = fault.New(fault.NotFound, "This provider is not linked to your account.")
)

// ProviderProof is what a mobile app sends to log in or link: see social.Proof.
type ProviderProof = social.Proof

// LogInWithProvider logs in (or signs up) the person a mobile app's proof names.
func (s *Service) LogInWithProvider(ctx context.Context, proof ProviderProof) (*LogInResult, error) {
	c, err := s.social.Verify(ctx, proof)
	if err != nil {
		return nil, err
	}
	return s.LogInWithClaims(ctx, c)
}

// LogInWithClaims logs in the person a provider proved:
//   - an identity linked before logs its account in;
//   - an address without an account gets a new, verified account without a password;
//   - an address of a verified account is refused (ErrAccountExists): proving an
//     address at a provider must not silently take an account over, its owner links
//     the provider after logging in with the password;
//   - an address of an account never verified (perhaps registered by someone else to
//     squat it) is claimed: the provider proved the address, so the unverified password
//     is cleared, the address verified and the identity linked.
//
// A provider proof counts as a fresh authentication, like a password.
func (s *Service) LogInWithClaims(ctx context.Context, c *social.Claims) (*LogInResult, error) {
	if !c.EmailVerified {
		return nil, social.ErrEmailNotVerified
	}
	addr, key, ok := parseEmail(c.Email)
	if !ok {
		return nil, social.ErrEmailNotVerified
	}
	var res *LogInResult
	logIn := func() error {
		return s.inTx(ctx, func(tx *ent.Tx) error {
			var err error
			res, err = s.logInWithClaimsTx(ctx, tx, c, addr, key)
			return err
		})
	}
	err := logIn()
	if ent.IsConstraintError(err) {
		// A concurrent first log-in of the same person created the account or the
		// identity: now it is an existing one.
		err = logIn()
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (s *Service) logInWithClaimsTx(ctx context.Context, tx *ent.Tx, c *social.Claims, addr, key string) (*LogInResult, error) {
	now := s.now()
	idn, err := tx.Identity.Query().
		Where(identity.Provider(string(c.Provider)), identity.Subject(c.Subject)).
		WithUser().
		Only(ctx)
	switch {
	case err == nil:
		if idn.Email != addr {
			if err := tx.Identity.UpdateOne(idn).SetEmail(addr).Exec(ctx); err != nil {
				return nil, fmt.Errorf("update identity email: %w", err)
			}
		}
		if err := s.record(ctx, tx.Client(), idn.UserID, EventSocialLogIn); err != nil {
			return nil, err
		}
		return s.completeLogIn(ctx, tx, idn.Edges.User, true)
	case !ent.IsNotFound(err):
		return nil, fmt.Errorf("find identity: %w", err)
	}

	u, err := tx.User.Query().Where(user.EmailKey(key)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		u, err = tx.User.Create().
			SetEmail(addr).
			SetEmailKey(key).
			SetEmailVerifiedAt(now).
			SetCreatedAt(now).
			Save(ctx)
		if err != nil {
			return nil, fmt.Errorf("create user: %w", err)
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventSocialSignUp); err != nil {
			return nil, err
		}
		// Created with an address the provider proved: verified from the start.
		if err := s.emitUser(ctx, tx, webhook.UserCreated, u.ID); err != nil {
			return nil, err
		}
		if err := s.emitUser(ctx, tx, webhook.UserEmailVerified, u.ID); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fmt.Errorf("find user: %w", err)
	case u.EmailVerifiedAt != nil:
		return nil, ErrAccountExists
	default:
		// Conditional on the account still being unverified: a verification that
		// commits meanwhile wins, and this log-in is refused as for a verified account.
		n, err := tx.User.Update().
			Where(user.ID(u.ID), user.EmailVerifiedAtIsNil()).
			ClearPasswordHash().
			ClearPasswordChangedAt().
			SetEmailVerifiedAt(now).
			Save(ctx)
		if err != nil {
			return nil, fmt.Errorf("claim unverified account: %w", err)
		}
		if n != 1 {
			return nil, ErrAccountExists
		}
		if err := s.tokens().Retire(ctx, tx, u.ID, onetime.VerifyEmail, ""); err != nil {
			return nil, err
		}
		if u, err = tx.User.Get(ctx, u.ID); err != nil {
			return nil, fmt.Errorf("find user: %w", err)
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventUnverifiedAccountClaimed); err != nil {
			return nil, err
		}
		if err := s.emitUser(ctx, tx, webhook.UserEmailVerified, u.ID); err != nil {
			return nil, err
		}
	}
	if err := tx.Identity.Create().
		SetUserID(u.ID).
		SetProvider(string(c.Provider)).
		SetSubject(c.Subject).
		SetEmail(addr).
		SetCreatedAt(now).
		Exec(ctx); err != nil {
		return nil, fmt.Errorf("create identity: %w", err)
	}
	if err := s.record(ctx, tx.Client(), u.ID, EventIdentityLinked); err != nil {
		return nil, err
	}
	return s.completeLogIn(ctx, tx, u, true)
}

// LinkInput links a provider to the viewer's account with a mobile app's proof.
type LinkInput struct {
	Proof ProviderProof
	// Password confirms the link when the last log-in is not fresh.
	Password *string
}

// LinkIdentity links the identity a proof names to the viewer's account, after a fresh
// authentication (a new way to log in is a new credential: ASVS 7.5.1).
func (s *Service) LinkIdentity(ctx context.Context, in LinkInput) (*ent.Identity, error) {
	f, err := s.requireFresh(ctx, in.Password, "password")
	if err != nil {
		return nil, err
	}
	c, err := s.social.Verify(ctx, in.Proof)
	if err != nil {
		return nil, err
	}
	return s.LinkClaims(ctx, f.User.ID, c)
}

// StartLinkInput starts linking a provider in the browser.
type StartLinkInput struct {
	Provider social.Provider
	// Redirect is the app URL to return to, on the allow-list.
	Redirect string
	Password *string
}

// StartIdentityLink begins a browser round trip that links a provider to the viewer's
// account: it checks fresh authentication now (the callback is a plain GET that cannot
// ask for a password) and returns the provider's authorization URL and the sealed
// state, bound to the viewer's account, for the state cookie. Only a browser session
// (the cookie) can do it: the callback finds the account again through that cookie;
// mobile apps link with LinkIdentity.
func (s *Service) StartIdentityLink(ctx context.Context, in StartLinkInput) (authURL, sealedState string, err error) {
	v, err := auth.SessionViewer(ctx)
	if err != nil {
		return "", "", err
	}
	if !v.ViaCookie {
		return "", "", ErrSessionRequired
	}
	f, err := s.requireFresh(ctx, in.Password, "password")
	if err != nil {
		return "", "", err
	}
	if !s.social.Enabled(in.Provider) {
		return "", "", social.ErrProviderNotEnabled.OnField("input", "provider")
	}
	authURL, sealedState, err = s.social.Begin(ctx, in.Provider, in.Redirect, social.ModeLink, f.User.ID)
	if err != nil {
		return "", "", asFault(err, "redirect")
	}
	return authURL, sealedState, nil
}

// LinkClaims links the identity a provider proved to the account userID. The caller
// established that the account's owner asked for it with a fresh authentication
// (LinkIdentity, or the callback of StartIdentityLink, which requires the same
// account's session). An identity of another account is refused, as is a second
// identity of one provider; linking the same identity again changes nothing. The owner
// is told by email.
func (s *Service) LinkClaims(ctx context.Context, userID string, c *social.Claims) (*ent.Identity, error) {
	if !c.EmailVerified {
		return nil, social.ErrEmailNotVerified
	}
	addr, _, ok := parseEmail(c.Email)
	if !ok {
		return nil, social.ErrEmailNotVerified
	}
	var out *ent.Identity
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		u, err := tx.User.Get(ctx, userID)
		if ent.IsNotFound(err) {
			return ErrUnauthenticated
		}
		if err != nil {
			return fmt.Errorf("find user: %w", err)
		}
		existing, err := tx.Identity.Query().
			Where(identity.Provider(string(c.Provider)), identity.Subject(c.Subject)).
			Only(ctx)
		switch {
		case err == nil && existing.UserID == userID:
			out = existing
			return nil
		case err == nil:
			return ErrIdentityTaken
		case !ent.IsNotFound(err):
			return fmt.Errorf("find identity: %w", err)
		}
		taken, err := tx.Identity.Query().
			Where(identity.UserID(userID), identity.Provider(string(c.Provider))).
			Exist(ctx)
		if err != nil {
			return fmt.Errorf("find identities: %w", err)
		}
		if taken {
			return ErrProviderAlreadyLinked
		}
		out, err = tx.Identity.Create().
			SetUserID(userID).
			SetProvider(string(c.Provider)).
			SetSubject(c.Subject).
			SetEmail(addr).
			SetCreatedAt(s.now()).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("create identity: %w", err)
		}
		if err := s.record(ctx, tx.Client(), userID, EventIdentityLinked); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, u.Email, mail.TemplateIdentityLinked, map[string]string{
			"Provider": c.Provider.Title(), "Email": addr,
		})
	})
	if ent.IsConstraintError(err) {
		return nil, ErrIdentityTaken // a concurrent link of the same identity won
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UnlinkInput unlinks a provider from the viewer's account.
type UnlinkInput struct {
	Provider social.Provider
	Password *string
}

// UnlinkIdentity removes the viewer's identities of a provider after a fresh
// authentication, unless that would leave the account without a way to log in (no
// password, no other provider, and no passkey while passkeys are on). The owner is
// told by email.
func (s *Service) UnlinkIdentity(ctx context.Context, in UnlinkInput) (*ent.User, error) {
	f, err := s.requireFresh(ctx, in.Password, "password")
	if err != nil {
		return nil, err
	}
	var out *ent.User
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		// The account row is locked first, so two unlinks of one account (each of the
		// other's identity) run one after the other and the second sees the first's
		// result: under PostgreSQL's READ COMMITTED both would otherwise pass the
		// check below. SQLite transactions are IMMEDIATE: one writer at a time anyway.
		u, err := tx.User.Query().Where(user.ID(f.User.ID), lockForUpdate()).Only(ctx)
		if ent.IsNotFound(err) {
			return ErrUnauthenticated
		}
		if err != nil {
			return fmt.Errorf("lock user: %w", err)
		}
		ids, err := tx.Identity.Query().Where(identity.UserID(u.ID)).All(ctx)
		if err != nil {
			return fmt.Errorf("find identities: %w", err)
		}
		var gone, others int
		for _, i := range ids {
			if i.Provider == string(in.Provider) {
				gone++
			} else {
				others++
			}
		}
		if gone == 0 {
			return ErrIdentityNotLinked.OnField("input", "provider")
		}
		if u.PasswordHash == nil && others == 0 {
			// A passkey logs in alone too (one that verified the person is both
			// factors, another a first factor): it is a way in like a provider, while
			// passkeys are on (with them off, the account's passkeys log nobody in).
			passkeys := false
			if s.relyingParty != nil {
				if passkeys, err = tx.Passkey.Query().Where(entpasskey.UserID(u.ID)).Exist(ctx); err != nil {
					return fmt.Errorf("find passkeys: %w", err)
				}
			}
			if !passkeys {
				return ErrLastLogInMethod.OnField("input", "provider")
			}
		}
		if _, err := tx.Identity.Delete().
			Where(identity.UserID(u.ID), identity.Provider(string(in.Provider))).
			Exec(ctx); err != nil {
			return fmt.Errorf("delete identity: %w", err)
		}
		if err := s.record(ctx, tx.Client(), u.ID, EventIdentityUnlink); err != nil {
			return err
		}
		if err := s.queueMail(ctx, tx, u.Email, mail.TemplateIdentityUnlinked, map[string]string{
			"Provider": in.Provider.Title(),
		}); err != nil {
			return err
		}
		out = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out.Unwrap(), nil
}

// Identities lists the providers linked to the viewer's own account, oldest first.
func (s *Service) Identities(ctx context.Context, userID string) ([]*ent.Identity, error) {
	if !auth.Visible(ctx, userID) {
		return []*ent.Identity{}, nil
	}
	ids, err := s.db.Identity.Query().
		Where(identity.UserID(userID)).
		Order(ent.Asc(identity.FieldCreatedAt), ent.Asc(identity.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list identities: %w", err)
	}
	return ids, nil
}

// lockForUpdate adds FOR UPDATE on PostgreSQL; SQLite has no row locks (and needs
// none: its write transactions are serialised).
func lockForUpdate() predicate.User {
	return func(s *entsql.Selector) {
		if s.Dialect() == dialect.Postgres {
			s.ForUpdate()
		}
	}
}

// asFault puts a fault on an input field, and passes any other error through.
func asFault(err error, field string) error {
	if f, ok := fault.As(err); ok && f.Field == nil {
		return f.OnField("input", field)
	}
	return err
}
