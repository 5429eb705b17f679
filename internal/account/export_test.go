package account_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/passkey"
	"github.com/accountd/accountd/internal/testkit"
)

// exportDoc is the part of the export document TestExportHoldsEverySection reads.
type exportDoc struct {
	Sessions []struct{ ID string }
	APIKeys  []struct {
		Name   string
		Prefix string
		Scope  string
	}
	Identities []struct{ Provider, Subject, Email string }
	Fleets     []struct{ ID, Name, Role string }
	Passkeys   []struct {
		Name         string
		CredentialID string
		CreatedAt    time.Time
		LastUsedAt   *time.Time
		UserVerified bool
	}
	DeviceAuthorizations []struct {
		ClientID  string
		Status    string
		DecidedAt *time.Time
		ReadOnly  bool
	}
	EmailChanges []struct {
		NewEmail  string
		ExpiresAt time.Time
	}
	SecurityEvents []struct{ Kind string }
}

// TestExportHoldsEverySection gives an account one of everything it can hold (a
// session, an API key, a linked identity, its own fleet and a membership in another, a
// passkey, a device grant it approved, a pending change of address) and checks that
// exportAccountData lists each with its content, and no passkey public key.
func TestExportHoldsEverySection(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ctx := t.Context()
		db := srv.App.Store.Client
		const addr = "xena@example.com"
		c := clientWithBearer(t, srv, freshAccount(t, srv, addr))
		v, _ := viewer(t, c)

		a := &testkit.Authenticator{Origin: origin, UserVerified: true}
		pk, _ := addPasskey(t, c, a, "Laptop")
		if resp := c.Do(`mutation { createApiKey(input: {name: "backup script"}) { key } }`, nil, nil); len(resp.Errors) > 0 {
			t.Fatalf("createApiKey: %s", resp.Body)
		}
		if resp := c.Do(`mutation { createFleet(input: {name: "Greenhouse"}) { fleet { id } } }`, nil, nil); len(resp.Errors) > 0 {
			t.Fatalf("createFleet: %s", resp.Body)
		}
		// A membership in someone else's fleet, and a linked Google identity.
		other := db.User.Create().SetEmail("olga@example.com").SetEmailKey("olga@example.com").SaveX(ctx)
		theirs := db.Fleet.Create().SetOwnerID(other.ID).SetName("Orchard").SaveX(ctx)
		db.FleetMember.Create().SetFleetID(theirs.ID).SetUserID(v.ID).SetRole(fleetmember.RoleOPERATOR).ExecX(ctx)
		db.Identity.Create().SetUserID(v.ID).SetProvider("google").SetSubject("google-sub-42").SetEmail(addr).ExecX(ctx)

		// A device grant the person approved at /activate.
		resp, err := http.PostForm(srv.URL+"/oauth/device_authorization", url.Values{"client_id": {"accountd-cli"}, "scope": {"read_only"}})
		if err != nil {
			t.Fatal(err)
		}
		var started struct {
			UserCode string `json:"user_code"`
		}
		err = json.NewDecoder(resp.Body).Decode(&started)
		_ = resp.Body.Close()
		if err != nil || started.UserCode == "" {
			t.Fatalf("device_authorization: %d %v", resp.StatusCode, err)
		}
		var approved struct {
			ApproveDeviceAuthorization struct{ UserErrors []userError }
		}
		c.Do(`mutation($code: String!) { approveDeviceAuthorization(input: {userCode: $code, approve: true}) { userErrors { code field message } } }`,
			map[string]any{"code": started.UserCode}, &approved)
		wantCodes(t, approved.ApproveDeviceAuthorization.UserErrors)

		// A change of address asked for, not confirmed.
		wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": "xena.new@example.com"}))

		var out struct {
			ExportAccountData struct {
				Document   *string
				UserErrors []userError
			}
		}
		if resp := c.Do(exportOp, nil, &out); len(resp.Errors) > 0 || out.ExportAccountData.Document == nil {
			t.Fatalf("export: %s", resp.Body)
		}
		raw := *out.ExportAccountData.Document
		var doc exportDoc
		if err := json.Unmarshal([]byte(raw), &doc); err != nil {
			t.Fatalf("not JSON: %v", err)
		}

		row := db.Passkey.Query().Where(passkey.ID(pk.ID)).OnlyX(ctx)
		if len(doc.Passkeys) != 1 || doc.Passkeys[0].Name != "Laptop" || !doc.Passkeys[0].UserVerified ||
			doc.Passkeys[0].CredentialID != base64.RawURLEncoding.EncodeToString(row.CredentialID) || doc.Passkeys[0].CreatedAt.IsZero() {
			t.Errorf("passkeys = %+v", doc.Passkeys)
		}
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if strings.Contains(raw, enc.EncodeToString(row.PublicKey)) {
				t.Error("the export holds the passkey's public key")
			}
		}
		if len(doc.DeviceAuthorizations) != 1 || doc.DeviceAuthorizations[0].ClientID != "accountd-cli" ||
			doc.DeviceAuthorizations[0].Status != "approved" || doc.DeviceAuthorizations[0].DecidedAt == nil || !doc.DeviceAuthorizations[0].ReadOnly {
			t.Errorf("device authorizations = %+v", doc.DeviceAuthorizations)
		}
		if len(doc.Identities) != 1 || doc.Identities[0].Provider != "google" || doc.Identities[0].Subject != "google-sub-42" {
			t.Errorf("identities = %+v", doc.Identities)
		}
		if len(doc.APIKeys) != 1 || doc.APIKeys[0].Name != "backup script" || doc.APIKeys[0].Prefix == "" || doc.APIKeys[0].Scope != "FULL" {
			t.Errorf("api keys = %+v", doc.APIKeys)
		}
		roles := map[string]string{}
		for _, f := range doc.Fleets {
			roles[f.Name] = f.Role
		}
		if len(doc.Fleets) != 2 || roles["Greenhouse"] != "OWNER" || roles["Orchard"] != "OPERATOR" {
			t.Errorf("fleets = %+v", doc.Fleets)
		}
		if len(doc.EmailChanges) != 1 || doc.EmailChanges[0].NewEmail != "xena.new@example.com" || doc.EmailChanges[0].ExpiresAt.IsZero() {
			t.Errorf("email changes = %+v", doc.EmailChanges)
		}
		if len(doc.Sessions) == 0 {
			t.Error("no sessions")
		}
		kinds := map[string]bool{}
		for _, e := range doc.SecurityEvents {
			kinds[e.Kind] = true
		}
		for _, k := range []string{"passkey_added", "device_authorization_approved", "email_change_requested"} {
			if !kinds[k] {
				t.Errorf("security log lacks %s: %+v", k, doc.SecurityEvents)
			}
		}
	})
}
