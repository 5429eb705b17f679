package devicegrant_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/accountd/accountd/ent/deviceauthorization"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// TestUserCodeStoredAsMAC: the user code (34.6 bits) is stored as an HMAC under a key
// derived from ACCOUNTD_SECRET_KEY, not as a SHA-256 anyone could compute for all 20^8
// codes from a copy of the table; the code typed at /activate is still found by it.
func TestUserCodeStoredAsMAC(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ada := newPerson(t, srv, "ada@example.com")
		started := start(t, srv, "")
		code := strings.ReplaceAll(started.str("user_code"), "-", "")
		row := srv.App.Store.Client.DeviceAuthorization.Query().
			Where(deviceauthorization.DeviceCodeHash(token.Hash(started.str("device_code")))).OnlyX(t.Context())

		key, err := config.DecodeKey(srv.App.Config.SecretKey)
		if err != nil {
			t.Fatal(err)
		}
		box, err := seal.New(key)
		if err != nil {
			t.Fatal(err)
		}
		if want := box.MAC([]byte(code), "device-user-code"); !bytes.Equal(row.UserCodeMAC, want) {
			t.Fatalf("stored %x, want the MAC of the code %x", row.UserCodeMAC, want)
		}
		for _, plain := range [][]byte{token.Hash(code), token.Hash("user-code:" + code)} {
			if bytes.Equal(row.UserCodeMAC, plain) {
				t.Fatal("the user code is stored as a plain SHA-256")
			}
		}
		// Another key makes another MAC: the stored value is worth nothing without it.
		other, err := seal.New(bytes.Repeat([]byte{7}, seal.KeySize))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(row.UserCodeMAC, other.MAC([]byte(code), "device-user-code")) {
			t.Fatal("the MAC does not depend on the key")
		}

		// The typed code (lower case, with a space) is found and approved through the MAC.
		typed := strings.ToLower(code[:4] + " " + code[4:])
		if got := decide(t, ada.Client, map[string]any{"userCode": typed, "approve": true}); got != "" {
			t.Fatalf("approve %q: %s", typed, got)
		}
		if a := poll(t, srv, "accountd-cli", started.str("device_code")); a.Status != 200 || a.str("access_token") == "" {
			t.Fatalf("poll after approval: %d %v", a.Status, a.Body)
		}
	})
}
