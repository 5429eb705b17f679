package account_test

import (
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

// TestAPIKeyCannotTakeOverAccount tries every operation that creates or removes a way
// into the account with an API key (README, fresh authentication): each needs the
// password in the request, and turning two-factor off needs a session whatever the key
// proves.
func TestAPIKeyCannotTakeOverAccount(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "keyholder@example.com"
		session, _, recovery := twoFactorAccount(t, srv, addr)
		secret, _ := mustCreateAPIKey(t, session, map[string]any{"name": "ci", "password": strongPassword})
		key := clientWithBearer(t, srv, secret)

		t.Run("case=setPassword", func(t *testing.T) {
			wantCodes(t, setPassword(t, key, newStrongPassword).UserErrors, "PASSWORD_ALREADY_SET")
		})
		t.Run("case=createApiKey without password", func(t *testing.T) {
			p, _ := createAPIKey(t, key, map[string]any{"name": "more"})
			wantCodes(t, p.UserErrors, "FRESH_AUTH_REQUIRED")
		})
		t.Run("case=requestEmailChange without password", func(t *testing.T) {
			wantCodes(t, requestEmailChange(t, key, map[string]any{"newEmail": "thief@example.com"}), "FRESH_AUTH_REQUIRED")
		})
		t.Run("case=changePassword with a wrong current password", func(t *testing.T) {
			wantCodes(t, changePassword(t, key, "not the password", newStrongPassword).UserErrors, "INVALID_CREDENTIALS")
		})
		t.Run("case=disableTwoFactor needs a session", func(t *testing.T) {
			resp := key.Do(disableTwoFactorOp, map[string]any{"password": strongPassword, "code": "123456"}, nil)
			if resp.Code() != "FORBIDDEN" {
				t.Fatalf("disableTwoFactor with an API key: %s", resp.Body)
			}
			if st := twoFactorViewer(t, session); !st.TwoFactorEnabled {
				t.Fatal("two-factor was turned off by an API key")
			}
		})
		t.Run("case=regenerateRecoveryCodes needs a session", func(t *testing.T) {
			resp := key.Do(regenerateRecoveryCodesOp, map[string]any{"password": strongPassword, "code": "123456"}, nil)
			if resp.Code() != "FORBIDDEN" {
				t.Fatalf("regenerateRecoveryCodes with an API key: %s", resp.Body)
			}
		})
		t.Run("case=deleteAccount with a wrong password", func(t *testing.T) {
			wantCodes(t, deleteAccount(t, key, "not the password").UserErrors, "INVALID_CREDENTIALS")
		})
		if v, _ := viewer(t, session); v == nil {
			t.Fatal("the account changed under refused operations")
		}

		// With the password in the request, a key may change it (keeping the keys: by
		// default the change would revoke this one too), and delete the account.
		var changed struct{ ChangePassword passwordPayload }
		key.Do(changeKeepOp, map[string]any{"current": strongPassword, "new": newStrongPassword, "revoke": false}, &changed)
		wantCodes(t, changed.ChangePassword.UserErrors)
		// The account has two-factor on: deleting it also needs the second factor
		// (SECURITY.md row 30).
		wantCodes(t, deleteAccount(t, key, newStrongPassword).UserErrors, "INVALID_CODE")
		wantCodes(t, deleteAccountWithCode(t, key, newStrongPassword, &recovery[0]).UserErrors)
	})
}
