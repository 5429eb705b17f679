package account

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/predicate"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/nickname"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
)

// Security log event kinds of API keys.
const (
	EventAPIKeyCreated = "api_key_created"
	EventAPIKeyRevoked = "api_key_revoked"
)

// Bounds of an API key's input.
const (
	maxAPIKeyNameLength        = 100
	maxAPIKeyDescriptionLength = 500
	// maxRevokeAPIKeys bounds one revokeApiKeys call, so one request cannot turn into
	// an unbounded number of writes.
	maxRevokeAPIKeys = 100
	// apiKeyPublicChars is how many characters after token.APIKey make up the public
	// prefix: 48 bits, enough to tell keys apart and to recognise a leaked one, and
	// leaving 208 secret bits.
	apiKeyPublicChars = 8
	// apiKeyCreateAttempts bounds retries after the rare clash of two public prefixes.
	apiKeyCreateAttempts = 3
)

// NewAPIKeyInput is what a person types to create an API key.
type NewAPIKeyInput struct {
	Name        string
	Description string
	// ExpiresAt is optional; a key without it lives until it is revoked.
	ExpiresAt *time.Time
	// Password proves the owner is present. With an API key, or a session whose last
	// proof of the password is over 20 minutes old, it is required.
	Password *string
	// ReadOnly makes a key of scope READ_ONLY: queries only.
	ReadOnly bool
	// FleetID and FleetRole limit the key to one fleet, acting with that role (never
	// more than the creator's own role there). Both or neither.
	FleetID   string
	FleetRole fleetmember.Role
	// FleetOwned makes the key the fleet's rather than the creator's (OWNER only): it
	// survives any member leaving and is listed and revoked on the fleet.
	FleetOwned bool
}

// NewAPIKey is an API key just created: the key is shown this once.
type NewAPIKey struct {
	Key    string
	APIKey *ent.APIKey
}

// CreateAPIKey creates a named API key for the viewer and mails the owner a notice. A
// key can do everything a session can, so creating one is a sensitive operation: it
// needs fresh authentication (ASVS 7.5.1), and an API key alone never suffices.
func (s *Service) CreateAPIKey(ctx context.Context, in NewAPIKeyInput) (*NewAPIKey, error) {
	if viewer.FromContext(ctx) == nil {
		return nil, ErrUnauthenticated
	}
	in.Description = strings.TrimSpace(in.Description)
	if in.ExpiresAt != nil {
		// What PostgreSQL keeps, so the key shown now equals the key listed later.
		t := in.ExpiresAt.UTC().Truncate(time.Microsecond)
		in.ExpiresAt = &t
	}
	if err := s.checkAPIKeyInput(&in); err != nil {
		return nil, err
	}
	fresh, err := s.requireFresh(ctx, in.Password, "password")
	if err != nil {
		return nil, err
	}
	u := fresh.User
	var out *NewAPIKey
	for attempt := 1; ; attempt++ {
		err = s.inTx(ctx, func(tx *ent.Tx) error {
			create := tx.APIKey.Create()
			if in.FleetID != "" {
				if err := s.fleetKeys.CheckKeyGrant(ctx, tx.Client(), u.ID, in.FleetID, in.FleetRole, in.FleetOwned); err != nil {
					return err
				}
				create.SetFleetID(in.FleetID).SetFleetRole(apikey.FleetRole(in.FleetRole))
			}
			if !in.FleetOwned {
				create.SetUserID(u.ID)
			}
			if in.ReadOnly {
				create.SetScope(apikey.ScopeREAD_ONLY)
			}
			secret, hash := token.New(token.APIKey)
			k, err := create.
				SetName(in.Name).
				SetDescription(in.Description).
				SetPrefix(secret[:len(token.APIKey)+apiKeyPublicChars]).
				SetKeyHash(hash).
				SetNillableExpiresAt(in.ExpiresAt).
				SetCreatedAt(s.Now()).
				Save(ctx)
			if err != nil {
				return fmt.Errorf("insert: %w", err)
			}
			if err := s.record(ctx, tx.Client(), u.ID, EventAPIKeyCreated); err != nil {
				return err
			}
			out = &NewAPIKey{Key: secret, APIKey: k}
			return s.queueMail(ctx, tx, u.Email, mail.TemplateAPIKeyCreated, map[string]string{
				"KeyName": k.Name,
			})
		})
		// Two keys sharing a public prefix (48 random bits) is rare but possible: the
		// unique index refuses the second, so draw a new key.
		if err != nil && ent.IsConstraintError(err) && attempt < apiKeyCreateAttempts {
			continue
		}
		break
	}
	if err != nil {
		return nil, fmt.Errorf("create api key: %w", err)
	}
	return out, nil
}

// checkAPIKeyInput reports every wrong field of a new key at once. Lengths are
// counted in bytes of UTF-8, as the columns bound them (ent's MaxLen), which also
// bounds the characters.
func (s *Service) checkAPIKeyInput(in *NewAPIKeyInput) error {
	var errs []*fault.Error
	n := len(errs)
	errs = enforceName(errs, &in.Name, "name", nickname.Limit{Bytes: maxAPIKeyNameLength})
	if len(errs) == n && in.Name == "" {
		errs = append(errs, fault.New(fault.InvalidInput, "Name the key, so you can tell it apart later.").OnField("input", "name"))
	}
	if !fitsText(in.Description, maxAPIKeyDescriptionLength) {
		errs = append(errs, tooLong("description", maxAPIKeyDescriptionLength))
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(s.Now()) {
		errs = append(errs, fault.New(fault.InvalidInput, "Choose an expiry time in the future.").OnField("input", "expiresAt"))
	}
	switch {
	case in.FleetID != "" && in.FleetRole == "":
		errs = append(errs, fault.New(fault.InvalidInput, "Choose the role the key acts with in the fleet.").OnField("input", "fleetRole"))
	case in.FleetID == "" && in.FleetRole != "":
		errs = append(errs, fault.New(fault.InvalidInput, "Choose the fleet the role is for.").OnField("input", "fleetId"))
	case in.FleetOwned && in.FleetID == "":
		errs = append(errs, fault.New(fault.InvalidInput, "Choose the fleet that owns the key.").OnField("input", "fleetId"))
	case in.FleetID != "" && s.fleetKeys == nil:
		errs = append(errs, fault.New(fault.InvalidInput, "Keys limited to a fleet are not available here.").OnField("input", "fleetId"))
	}
	return fault.Join(errs...)
}

// fitsText reports whether s is valid UTF-8 of at most n bytes (so also n characters).
func fitsText(s string, n int) bool {
	return len(s) <= n && utf8.ValidString(s)
}

// APIKeys lists the active API keys of an account, newest first: neither revoked nor
// expired. Only the owner sees them; anyone else gets an empty list.
func (s *Service) APIKeys(ctx context.Context, userID string) ([]*ent.APIKey, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID != userID {
		return []*ent.APIKey{}, nil
	}
	keys, err := s.DB.APIKey.Query().
		Where(apikey.UserID(userID), s.apiKeyActive()).
		Order(ent.Desc(apikey.FieldCreatedAt), ent.Desc(apikey.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	return keys, nil
}

// apiKeyActive matches keys that still work: not revoked and not expired.
func (s *Service) apiKeyActive() predicate.APIKey {
	return apikey.And(
		apikey.RevokedAtIsNil(),
		apikey.Or(apikey.ExpiresAtIsNil(), apikey.ExpiresAtGT(s.Now())),
	)
}

// RevokeAPIKeysResult says which of the requested keys were revoked, in the order asked.
type RevokeAPIKeysResult struct {
	Revoked    []string
	NotRevoked []string
}

// RevokeAPIKeys revokes the viewer's keys among ids, in one transaction. An id that is
// unknown, already revoked or someone else's is reported as not revoked, and nothing of
// another account changes. Revoking needs no fresh authentication: it only takes power
// away, and a leaked key must be easy to kill, even by a script holding another key.
func (s *Service) RevokeAPIKeys(ctx context.Context, ids []string) (*RevokeAPIKeysResult, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, ErrUnauthenticated
	}
	if len(ids) > maxRevokeAPIKeys {
		return nil, fault.New(fault.InvalidInput, fmt.Sprintf("Revoke at most %d keys at once.", maxRevokeAPIKeys)).OnField("input", "ids")
	}
	res := &RevokeAPIKeysResult{Revoked: []string{}, NotRevoked: []string{}}
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		now := s.Now()
		seen := make(map[string]bool, len(ids))
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			// One conditional UPDATE per key: its row count says whether this call
			// revoked it, even when a concurrent call revokes the same key.
			n, err := tx.APIKey.Update().
				Where(apikey.ID(id), apikey.UserID(v.UserID), apikey.RevokedAtIsNil()).
				SetRevokedAt(now).
				Save(ctx)
			if err != nil {
				return fmt.Errorf("revoke api key: %w", err)
			}
			if n == 0 {
				res.NotRevoked = append(res.NotRevoked, id)
				continue
			}
			res.Revoked = append(res.Revoked, id)
			if err := s.record(ctx, tx.Client(), v.UserID, EventAPIKeyRevoked); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("revoke api keys: %w", err)
	}
	return res, nil
}

// apiKeyCredentialColumns are what authentication reads of an API key, in the order
// authenticateAPIKey scans them.
var apiKeyCredentialColumns = []string{
	apikey.FieldID, apikey.FieldRevokedAt, apikey.FieldExpiresAt, apikey.FieldLastUsedAt,
	apikey.FieldScope, apikey.FieldFleetID, apikey.FieldFleetRole,
}

// Authenticate finds the viewer of a bearer credential, by its prefix: a session token,
// an API key, a device token or a provisioning key. Each is one indexed lookup of the
// secret's SHA-256; anything else is ErrUnauthenticated, the same for every kind.
func (s *Service) Authenticate(ctx context.Context, secret string) (*viewer.Viewer, error) {
	switch {
	case token.Plausible(secret, token.APIKey):
		return s.authenticateAPIKey(ctx, secret)
	case token.Plausible(secret, token.Device):
		return s.authenticateDevice(ctx, secret)
	case token.Plausible(secret, token.Provisioning):
		return s.authenticateProvisioningKey(ctx, secret)
	}
	return s.AuthenticateSession(ctx, secret)
}

// authenticateAPIKey finds the key of an API key secret, and its account (Viewer.User)
// in the same query. An unknown, revoked or expired key gets the same
// ErrUnauthenticated: the answer tells nothing about which.
func (s *Service) authenticateAPIKey(ctx context.Context, secret string) (*viewer.Viewer, error) {
	var (
		id, scope                  string
		revoked, expires, lastUsed stdsql.NullTime
		fleetID, fleetRole         stdsql.NullString
	)
	u, err := s.apiKeyByKey.run(ctx, s.SQL, token.Hash(secret), &id, &revoked, &expires, &lastUsed, &scope, &fleetID, &fleetRole)
	if errors.Is(err, errNoCredential) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate api key: %w", err)
	}
	now := s.Now()
	if revoked.Valid || (expires.Valid && !now.Before(expires.Time)) {
		return nil, ErrUnauthenticated
	}
	if u.SuspendedAt != nil {
		// A person's key, of any scope or fleet: read with the key, no query of its own.
		return nil, ErrAccountSuspended
	}
	if !lastUsed.Valid || now.Sub(lastUsed.Time) >= lastUsedPrecision {
		// Conditional, so concurrent requests write it once a minute at most; a
		// failure costs nothing but precision.
		if _, err := s.DB.APIKey.Update().
			Where(apikey.ID(id), apikey.Or(apikey.LastUsedAtIsNil(), apikey.LastUsedAtLTE(now.Add(-lastUsedPrecision)))).
			SetLastUsedAt(now).
			Save(ctx); err != nil {
			s.Log.WarnContext(ctx, "api key last-used update failed", "api_key_id", id, "error", err)
		}
	}
	v := &viewer.Viewer{
		UserID: u.ID, Kind: viewer.APIKey, CredentialID: id,
		ReadOnly:  scope == apikey.ScopeREAD_ONLY.String(),
		FleetID:   fleetID.String,
		FleetRole: fleetRole.String,
	}
	if u.ID != "" {
		v.User = u
	}
	if v.UserID == "" && v.FleetID == "" {
		// A key of neither a person nor a fleet cannot be made; never let one act.
		return nil, ErrUnauthenticated
	}
	return v, nil
}
