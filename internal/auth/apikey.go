package auth

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/predicate"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/token"
	"github.com/accountd/accountd/internal/viewer"
)

// EventAPIKeyRevoked is the security log kind of a revoked API key.
const EventAPIKeyRevoked = "api_key_revoked"

// maxRevokeAPIKeys bounds one revokeApiKeys call, so one request cannot turn into an
// unbounded number of writes.
const maxRevokeAPIKeys = 100

// APIKeys lists the active API keys of an account, newest first: neither revoked nor
// expired. Only the owner sees them; anyone else gets an empty list.
func (s *Service) APIKeys(ctx context.Context, userID string) ([]*ent.APIKey, error) {
	if !Visible(ctx, userID) {
		return []*ent.APIKey{}, nil
	}
	keys, err := s.db.APIKey.Query().
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
		apikey.Or(apikey.ExpiresAtIsNil(), apikey.ExpiresAtGT(s.now())),
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
	v, err := Self(ctx, Act)
	if err != nil {
		return nil, err
	}
	if len(ids) > maxRevokeAPIKeys {
		return nil, fault.New(fault.InvalidInput, fmt.Sprintf("Revoke at most %d keys at once.", maxRevokeAPIKeys)).OnField("input", "ids")
	}
	res := &RevokeAPIKeysResult{Revoked: []string{}, NotRevoked: []string{}}
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		now := s.now()
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
// authenticateAPIKey scans them (then its creator's suspension).
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
		id, scope                                    string
		revoked, expires, lastUsed, creatorSuspended stdsql.NullTime
		fleetID, fleetRole                           stdsql.NullString
	)
	u, err := s.apiKeyByKey.run(ctx, s.sql, token.Hash(secret), &id, &revoked, &expires, &lastUsed, &scope, &fleetID, &fleetRole,
		&creatorSuspended)
	if errors.Is(err, errNoCredential) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate api key: %w", err)
	}
	now := s.now()
	if revoked.Valid || (expires.Valid && !now.Before(expires.Time)) {
		return nil, ErrUnauthenticated
	}
	if u.SuspendedAt != nil {
		// A person's key, of any scope or fleet: read with the key, no query of its own.
		return nil, ErrAccountSuspended
	}
	if creatorSuspended.Valid {
		// A fleet's key whose creator is suspended: the suspension revokes it for good,
		// so it answers as a revoked key does (its holder may be someone else, who is
		// told nothing of the creator's account). Read with the key too.
		return nil, ErrUnauthenticated
	}
	s.touch(ctx, lastUsed, now, "api key last-used", "api_key_id", id, func(cutoff time.Time) (int, error) {
		return s.db.APIKey.Update().
			Where(apikey.ID(id), apikey.Or(apikey.LastUsedAtIsNil(), apikey.LastUsedAtLTE(cutoff))).
			SetLastUsedAt(now).Save(ctx)
	})
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
