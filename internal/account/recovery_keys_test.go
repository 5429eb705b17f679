package account_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/testkit"
)

const (
	resetKeepOp = `mutation($token: String!, $pw: String!, $revoke: Boolean) {
		resetPassword(input: {token: $token, newPassword: $pw, revokeApiKeys: $revoke}) { userErrors { code field message } } }`
	changeKeepOp = `mutation($current: String!, $new: String!, $revoke: Boolean) {
		changePassword(input: {currentPassword: $current, newPassword: $new, revokeApiKeys: $revoke}) {
			user { id } userErrors { code field message } } }`
)

// keyWorks tells whether an API key still authenticates.
func keyWorks(t *testing.T, srv *testkit.Server, key string) bool {
	t.Helper()
	v, resp := viewer(t, clientWithBearer(t, srv, key))
	if v == nil && resp.Status != http.StatusUnauthorized {
		t.Fatalf("viewer with a key: %d %s", resp.Status, resp.Body)
	}
	return v != nil
}

// passwordChangedMail waits for the n-th "password was changed" email to addr.
func passwordChangedMail(t *testing.T, srv *testkit.Server, addr string, n int) testkit.Email {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got []testkit.Email
		for _, m := range srv.SMTP.Messages() {
			if len(m.To) == 1 && m.To[0] == addr && strings.Contains(m.Subject, "password was changed") {
				got = append(got, m)
			}
		}
		if len(got) >= n {
			return got[n-1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no password-changed email #%d to %s", n, addr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// resetWithRevoke makes an account addr with an API key named keyName, resets its
// password through the email with revokeApiKeys: revoke, and returns the key.
func resetWithRevoke(t *testing.T, srv *testkit.Server, addr, keyName string, revoke any) (string, apiKeyData) {
	t.Helper()
	key, data := mustCreateAPIKey(t, freshClient(t, srv, addr), map[string]any{"name": keyName})
	advancePastMail(t, srv, 2*time.Minute)
	wantCodes(t, requestReset(t, srv.Client(t), addr))
	var out struct {
		ResetPassword struct{ UserErrors []userError }
	}
	srv.Client(t).Do(resetKeepOp, map[string]any{"token": mailedToken(t, srv, addr, "/reset-password", 1), "pw": newStrongPassword, "revoke": revoke}, &out)
	wantCodes(t, out.ResetPassword.UserErrors)
	return key, data
}

// An intruder's API key must not outlive the owner's recovery: a password reset (and
// a change) revokes every key unless the person chooses to keep them, and the email
// says what was revoked and lists what stayed.
func TestPasswordRecoveryRevokesAPIKeys(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		t.Run("case=reset revokes every key by default", func(t *testing.T) {
			const addr = "keys-reset@example.com"
			intruder := freshClient(t, srv, addr)
			planted, _ := mustCreateAPIKey(t, intruder, map[string]any{"name": "backup"})
			other, _ := mustCreateAPIKey(t, intruder, map[string]any{"name": "sync"})
			wantCodes(t, requestReset(t, srv.Client(t), addr))
			wantCodes(t, resetPassword(t, srv.Client(t), mailedToken(t, srv, addr, "/reset-password", 1), newStrongPassword))
			if keyWorks(t, srv, planted) || keyWorks(t, srv, other) {
				t.Fatal("an API key outlived the password reset")
			}
			m := passwordChangedMail(t, srv, addr, 1)
			if !strings.Contains(m.Text, "API keys were revoked (2)") || strings.Contains(m.Text, "were kept") {
				t.Fatalf("confirmation email:\n%s", m.Text)
			}
		})
		t.Run("case=reset keeps the keys when asked and lists them", func(t *testing.T) {
			const addr = "keys-kept@example.com"
			key, data := resetWithRevoke(t, srv, addr, "deploy", false)
			if !keyWorks(t, srv, key) {
				t.Fatal("revokeApiKeys: false revoked the key")
			}
			m := passwordChangedMail(t, srv, addr, 1)
			if !strings.Contains(m.Text, "deploy ("+data.Prefix+"...)") || !strings.Contains(m.HTML, data.Prefix) {
				t.Fatalf("confirmation email does not list the kept key %s:\n%s", data.Prefix, m.Text)
			}
		})
		t.Run("case=null counts as revoke", func(t *testing.T) {
			const addr = "keys-null@example.com"
			key, _ := resetWithRevoke(t, srv, addr, "n", nil)
			if keyWorks(t, srv, key) {
				t.Fatal("revokeApiKeys: null kept the key")
			}
		})
		t.Run("case=change offers the same choice", func(t *testing.T) {
			const addr = "keys-change@example.com"
			owner := freshClient(t, srv, addr)
			kept, data := mustCreateAPIKey(t, owner, map[string]any{"name": "ci"})
			var out struct{ ChangePassword passwordPayload }
			owner.Do(changeKeepOp, map[string]any{"current": strongPassword, "new": newStrongPassword, "revoke": false}, &out)
			wantCodes(t, out.ChangePassword.UserErrors)
			if !keyWorks(t, srv, kept) {
				t.Fatal("changePassword with revokeApiKeys: false revoked the key")
			}
			if m := passwordChangedMail(t, srv, addr, 1); !strings.Contains(m.Text, "ci ("+data.Prefix+"...)") {
				t.Fatalf("confirmation email does not list the kept key:\n%s", m.Text)
			}
			// By default a change revokes them all.
			if p := changePassword(t, owner, newStrongPassword, strongPassword); len(p.UserErrors) > 0 {
				t.Fatalf("changePassword: %+v", p.UserErrors)
			}
			if keyWorks(t, srv, kept) {
				t.Fatal("an API key outlived the password change")
			}
			if m := passwordChangedMail(t, srv, addr, 2); !strings.Contains(m.Text, "API keys were revoked (1)") {
				t.Fatalf("confirmation email:\n%s", m.Text)
			}
		})
	})
}

// credentialAuthenticates tells whether a bearer credential still gets past
// authentication (a fleet's key has no viewer to ask about).
func credentialAuthenticates(t *testing.T, srv *testkit.Server, secret string) bool {
	t.Helper()
	resp := clientWithBearer(t, srv, secret).Do(`{ __typename }`, nil, nil)
	if resp.Status != http.StatusOK && resp.Status != http.StatusUnauthorized {
		t.Fatalf("a query with a credential: %d %s", resp.Status, resp.Body)
	}
	return resp.Status == http.StatusOK
}

// provisioningKeyWorks tells whether a provisioning key still provisions a device.
func provisioningKeyWorks(t *testing.T, srv *testkit.Server, key string) bool {
	t.Helper()
	var out struct {
		ProvisionDevice struct{ Token *string }
	}
	resp := clientWithBearer(t, srv, key).Do(`mutation { provisionDevice(input: {name: "probe"}) { token userErrors { code } } }`, nil, &out)
	if out.ProvisionDevice.Token == nil && resp.Status != http.StatusUnauthorized {
		t.Fatalf("provisionDevice: %d %s", resp.Status, resp.Body)
	}
	return out.ProvisionDevice.Token != nil
}

// fleetCredentials makes, as the account behind c, a fleet with a fleet-owned API key
// (DEVELOPER), a provisioning key and a provisioning key minted through the fleet's
// key, and returns the three secrets.
func fleetCredentials(t *testing.T, srv *testkit.Server, c *testkit.Client, fleetName string) (fleetKey, provisioning, viaFleetKey string) {
	t.Helper()
	var fl struct {
		CreateFleet struct{ Fleet struct{ ID string } }
	}
	c.Do(`mutation($n: String!) { createFleet(input: {name: $n}) { fleet { id } } }`, map[string]any{"n": fleetName}, &fl)
	fleetID := fl.CreateFleet.Fleet.ID
	if fleetID == "" {
		t.Fatal("createFleet gave no fleet")
	}
	fleetKey, _ = mustCreateAPIKey(t, c, map[string]any{"name": "fleet deploy", "fleetId": fleetID, "fleetRole": "DEVELOPER", "fleetOwned": true})
	provision := func(c *testkit.Client, name string) string {
		t.Helper()
		var out struct{ CreateProvisioningKey struct{ Key string } }
		resp := c.Do(`mutation($f: ID!, $n: String!) { createProvisioningKey(input: {fleetId: $f, name: $n}) { key } }`,
			map[string]any{"f": fleetID, "n": name}, &out)
		if out.CreateProvisioningKey.Key == "" {
			t.Fatalf("createProvisioningKey: %s", resp.Body)
		}
		return out.CreateProvisioningKey.Key
	}
	return fleetKey, provision(c, "line one"), provision(clientWithBearer(t, srv, fleetKey), "line two")
}

// TestPasswordRecoveryRevokesFleetCredentials (security review M1): what an intruder
// mints for a fleet with a stolen password, a fleet-owned API key and provisioning keys
// (also one made through that fleet key), ends with the owner's password reset or
// change like the account's own keys, under the same revokeApiKeys choice; another
// account's fleet credentials are not touched.
func TestPasswordRecoveryRevokesFleetCredentials(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const bystanderAddr = "bystander@example.com"
		newAccount(t, srv, bystanderAddr)
		bystanderKey, bystanderPrv, _ := fleetCredentials(t, srv, clientWithFreshLogIn(t, srv, bystanderAddr), "Bystander")
		bystanderUnharmed := func(t *testing.T) {
			t.Helper()
			if !credentialAuthenticates(t, srv, bystanderKey) || !provisioningKeyWorks(t, srv, bystanderPrv) {
				t.Fatal("another account's fleet credentials were revoked")
			}
		}
		revokedEvents := func(addr string) int {
			t.Helper()
			u := srv.App.Store.Client.User.Query().Where(user.EmailKey(addr)).OnlyX(t.Context())
			return srv.App.Store.Client.SecurityEvent.Query().Where(securityevent.UserID(u.ID),
				securityevent.KindIn(account.EventFleetAPIKeyRevoked, account.EventProvisioningKeyRevoked)).CountX(t.Context())
		}

		t.Run("case=reset revokes the fleet keys the account created", func(t *testing.T) {
			const addr = "fleet-reset@example.com"
			newAccount(t, srv, addr)
			fleetKey, prv, viaFleetKey := fleetCredentials(t, srv, clientWithFreshLogIn(t, srv, addr), "Stolen")
			if !credentialAuthenticates(t, srv, fleetKey) || !provisioningKeyWorks(t, srv, prv) {
				t.Fatal("the fleet credentials do not work before the reset")
			}
			wantCodes(t, requestReset(t, srv.Client(t), addr))
			wantCodes(t, resetPassword(t, srv.Client(t), mailedToken(t, srv, addr, "/reset-password", 1), newStrongPassword))
			if credentialAuthenticates(t, srv, fleetKey) {
				t.Fatal("the fleet-owned API key outlived the password reset")
			}
			if provisioningKeyWorks(t, srv, prv) || provisioningKeyWorks(t, srv, viaFleetKey) {
				t.Fatal("a provisioning key outlived the password reset")
			}
			if n := revokedEvents(addr); n != 3 {
				t.Fatalf("%d security-log events of revoked fleet credentials, want 3", n)
			}
			if m := passwordChangedMail(t, srv, addr, 1); !strings.Contains(m.Text, "API keys were revoked (3)") {
				t.Fatalf("confirmation email:\n%s", m.Text)
			}
			bystanderUnharmed(t)
		})
		t.Run("case=change revokes them by default, keeps and lists them on request", func(t *testing.T) {
			const addr = "fleet-change@example.com"
			owner := freshClient(t, srv, addr)
			fleetKey, prv, _ := fleetCredentials(t, srv, owner, "Kept")
			var out struct{ ChangePassword passwordPayload }
			owner.Do(changeKeepOp, map[string]any{"current": strongPassword, "new": newStrongPassword, "revoke": false}, &out)
			wantCodes(t, out.ChangePassword.UserErrors)
			if !credentialAuthenticates(t, srv, fleetKey) || !provisioningKeyWorks(t, srv, prv) {
				t.Fatal("revokeApiKeys: false revoked a fleet credential")
			}
			if m := passwordChangedMail(t, srv, addr, 1); !strings.Contains(m.Text, "fleet deploy (") || !strings.Contains(m.Text, "line one (") {
				t.Fatalf("confirmation email does not list the kept fleet credentials:\n%s", m.Text)
			}
			if p := changePassword(t, owner, newStrongPassword, strongPassword); len(p.UserErrors) > 0 {
				t.Fatalf("changePassword: %+v", p.UserErrors)
			}
			if credentialAuthenticates(t, srv, fleetKey) || provisioningKeyWorks(t, srv, prv) {
				t.Fatal("a fleet credential outlived the password change")
			}
			bystanderUnharmed(t)
		})
	})
}
