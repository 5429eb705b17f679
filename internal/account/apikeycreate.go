package account

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/nickname"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
)

// EventAPIKeyCreated is the security log kind of CreateAPIKey (auth.EventAPIKeyRevoked
// of a revocation).
const EventAPIKeyCreated = "api_key_created"

// Bounds of an API key's input.
const (
	maxAPIKeyNameLength        = 100
	maxAPIKeyDescriptionLength = 500
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
// needs fresh authentication (ASVS 7.5.1), and an API key alone never suffices. The
// creator's suspension is read again in the creating transaction, holding the account's
// row (auth.HoldNotSuspended): a request in flight when a suspension commits mints no
// key, a fleet-owned one least of all (security review M1).
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
			if err := auth.HoldNotSuspended(ctx, tx, u.ID); err != nil {
				return err
			}
			create := tx.APIKey.Create().SetCreatorID(u.ID)
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
				SetCreatedAt(s.now()).
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
	if in.ExpiresAt != nil && !in.ExpiresAt.After(s.now()) {
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
