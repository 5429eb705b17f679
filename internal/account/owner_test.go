package account_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"testing"

	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/page"
	"github.com/accountd/accountd/internal/testkit"
	principal "github.com/accountd/accountd/internal/viewer"
)

// TestOwnedObjectsOneRule walks every kind of object an account owns (sessions, API
// keys, recovery codes, the security log, identities, the two-factor state, the
// account's node) as its owner, as another account, as the owner's READ_ONLY key and as
// a device: each answers by auth.Authorize. The owner sees them; another account and a
// device see nothing (an empty list, a null node, zero, false: never an error that
// would confirm an id); a READ_ONLY key reads but may not revoke; a device is no person
// (viewer.FromContext), so a change is UNAUTHENTICATED.
func TestOwnedObjectsOneRule(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		ctx := context.Background()
		authn, accounts, db := srv.App.Auth, srv.App.Accounts, srv.App.Store.Client
		ownerToken := newAccount(t, srv, "owner@example.com")
		otherToken := newAccount(t, srv, "other@example.com")
		_, key := mustCreateAPIKey(t, clientWithFreshLogIn(t, srv, "owner@example.com"), map[string]any{"name": "ci"})
		ownerSession, err := authn.AuthenticateSession(ctx, ownerToken)
		if err != nil {
			t.Fatal(err)
		}
		owner := ownerSession.UserID
		otherSession, err := authn.AuthenticateSession(ctx, otherToken)
		if err != nil {
			t.Fatal(err)
		}
		hash := sha256.Sum256([]byte("recovery"))
		db.RecoveryCode.Create().SetUserID(owner).SetCodeHash(hash[:]).SetCreatedAt(srv.Clock.Now()).SaveX(ctx)
		events, err := accounts.SecurityEvents(principal.NewContext(ctx, ownerSession), owner, page.Request{})
		if err != nil || len(events.Items) == 0 {
			t.Fatalf("owner's security log: %v, %v", events, err)
		}
		event := events.Items[0].ID

		principals := []struct {
			name string
			v    *principal.Viewer
			sees bool
			// act is what Authorize answers a change of the owner's objects: nil, or the
			// refusal; revoke what a revocation of them answers (another account acts on
			// its own, where the owner's ids are not found: not revoked).
			act, revoke error
		}{
			{"owner", ownerSession, true, nil, nil},
			{"another account", otherSession, false, auth.ErrNotFound, nil},
			{"read-only key", &principal.Viewer{UserID: owner, Kind: principal.APIKey, CredentialID: key.ID, ReadOnly: true}, true, auth.ErrReadOnly, auth.ErrReadOnly},
			{"device", &principal.Viewer{Kind: principal.Device, CredentialID: "dev_x", FleetID: "flt_x"}, false, auth.ErrUnauthenticated, auth.ErrUnauthenticated},
		}
		for _, p := range principals {
			t.Run(p.name, func(t *testing.T) {
				ctx := principal.NewContext(ctx, p.v)
				seen := map[string]bool{}
				sessions, err := authn.Sessions(ctx, owner)
				seen["sessions"] = err == nil && len(sessions) > 0
				sessionNode, err := authn.SessionNode(ctx, ownerSession.CredentialID)
				seen["session node"] = err == nil && sessionNode != nil
				keys, err := authn.APIKeys(ctx, owner)
				seen["api keys"] = err == nil && len(keys) == 1
				keyNode, err := authn.APIKeyNode(ctx, key.ID)
				seen["api key node"] = err == nil && keyNode != nil
				n, err := accounts.RecoveryCodesRemaining(ctx, owner)
				seen["recovery codes"] = err == nil && n == 1
				log, err := accounts.SecurityEvents(ctx, owner, page.Request{})
				seen["security log"] = err == nil && len(log.Items) > 0
				eventNode, err := accounts.SecurityEventNode(ctx, event)
				seen["security event node"] = err == nil && eventNode != nil
				userNode, err := accounts.UserNode(ctx, owner)
				seen["user node"] = err == nil && userNode != nil
				for kind, ok := range seen {
					if ok != p.sees {
						t.Errorf("%s: sees %s = %v, want %v", p.name, kind, ok, p.sees)
					}
				}
				// Lists and lookups never answer an error to someone who may not see.
				for kind, err := range map[string]error{
					"identities":  second(accounts.Identities(ctx, owner)),
					"two-factor":  second(accounts.TwoFactorEnabled(ctx, owner)),
					"sessions":    second(authn.Sessions(ctx, owner)),
					"api keys":    second(authn.APIKeys(ctx, owner)),
					"recovery":    second(accounts.RecoveryCodesRemaining(ctx, owner)),
					"session log": second(accounts.SecurityEvents(ctx, owner, page.Request{})),
				} {
					if err != nil {
						t.Errorf("%s: %s answered %v", p.name, kind, err)
					}
				}
				if _, err := auth.Authorize(ctx, owner, auth.Act); !errors.Is(err, p.act) {
					t.Errorf("%s: Authorize(Act) = %v, want %v", p.name, err, p.act)
				}
				if p.act == nil {
					return
				}
				keysRes, err := authn.RevokeAPIKeys(ctx, []string{key.ID})
				if !errors.Is(err, p.revoke) || (err == nil && len(keysRes.Revoked) != 0) {
					t.Errorf("%s: RevokeAPIKeys = %+v, %v, want %v", p.name, keysRes, err, p.revoke)
				}
				sessRes, err := authn.RevokeSessions(ctx, auth.RevokeSessionsInput{IDs: []string{ownerSession.CredentialID}})
				if !errors.Is(err, p.revoke) || (err == nil && len(sessRes.Revoked) != 0) {
					t.Errorf("%s: RevokeSessions = %+v, %v, want %v", p.name, sessRes, err, p.revoke)
				}
			})
		}
		// Nothing the others tried ended the owner's key or session.
		if _, err := authn.AuthenticateSession(ctx, ownerToken); err != nil {
			t.Fatalf("owner's session after the others: %v", err)
		}
		if keys, err := authn.APIKeys(principal.NewContext(ctx, ownerSession), owner); err != nil || len(keys) != 1 {
			t.Fatalf("owner's keys after the others: %v, %v", keys, err)
		}
		// Anonymous: Authorize asks for a credential; reads are empty.
		if _, err := auth.Authorize(ctx, owner, auth.Read); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Fatalf("anonymous Authorize = %v", err)
		}
	})
}

func second[T any](_ T, err error) error { return err }
