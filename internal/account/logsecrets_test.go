package account_test

import (
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

// TestNoSecretInLogs runs every flow that handles a secret, with the server logging at
// debug level, and then looks for each secret it saw in the logs: passwords, session
// tokens, API keys, link tokens, the TOTP secret and codes, recovery codes, device
// tokens (ASVS 16.2.5; SECURITY.md row 36: secrets never reach logs).
func TestNoSecretInLogs(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "quiet@example.com"
		secrets := []string{strongPassword, newStrongPassword, "a wrong password here"}
		c := srv.Client(t)

		// Sign up, verify, log in (right and wrong), refresh.
		wantCodes(t, signUp(t, c, map[string]any{"email": addr, "password": strongPassword, "acceptTerms": true}))
		verifyTok := verificationToken(t, srv, addr, 1)
		v := verify(t, c, verifyTok, nil)
		secrets = append(secrets, verifyTok, *v.Token)
		logIn(t, c, addr, "a wrong password here")
		session := clientWithFreshLogIn(t, srv, addr)
		secrets = append(secrets, session.Bearer)
		var refreshed struct{ RefreshSession payload }
		session.Do(refreshOp, nil, &refreshed)
		session.Bearer = *refreshed.RefreshSession.Token
		secrets = append(secrets, session.Bearer)

		// API key.
		key, _ := mustCreateAPIKey(t, session, map[string]any{"name": "logs"})
		secrets = append(secrets, key)
		if v, _ := viewer(t, clientWithBearer(t, srv, key)); v == nil {
			t.Fatal("the API key does not work")
		}

		// Two-factor: enrol, confirm, log in with a code and with a recovery code.
		e := enableTwoFactor(t, session)
		code := totpCode(t, *e.Secret, srv.Clock.Now())
		conf := confirmTwoFactor(t, session, code)
		wantCodes(t, conf.UserErrors)
		secrets = append(secrets, *e.Secret, *e.URI, code)
		secrets = append(secrets, conf.RecoveryCodes...)
		nextStep(srv)
		ch := challenge(t, srv.Client(t), addr)
		code = totpCode(t, *e.Secret, srv.Clock.Now())
		p := verifyTwoFactor(t, srv.Client(t), map[string]any{"challenge": ch, "code": code})
		secrets = append(secrets, ch, code, *p.Token)
		ch = challenge(t, srv.Client(t), addr)
		p = verifyTwoFactor(t, srv.Client(t), map[string]any{"challenge": ch, "recoveryCode": conf.RecoveryCodes[0]})
		secrets = append(secrets, ch, *p.Token)

		// Password reset and change.
		wantCodes(t, requestReset(t, c, addr))
		resetTok := mailedToken(t, srv, addr, "/reset-password", 1)
		wantCodes(t, resetPassword(t, c, resetTok, newStrongPassword))
		secrets = append(secrets, resetTok)
		fresh := srv.Client(t)
		ch = challenge2(t, fresh, addr, newStrongPassword)
		p = verifyTwoFactor(t, fresh, map[string]any{"challenge": ch, "recoveryCode": conf.RecoveryCodes[1]})
		fresh.Bearer = *p.Token
		wantCodes(t, changePassword(t, fresh, newStrongPassword, strongPassword).UserErrors)

		// A fleet: invitation link and device token.
		var fl struct {
			CreateFleet struct{ Fleet struct{ ID string } }
		}
		fresh.Do(`mutation { createFleet(input: {name: "logs"}) { fleet { id } } }`, nil, &fl)
		fresh.Do(`mutation($f: ID!) { inviteFleetMember(input: {fleetId: $f, email: "guest@example.com", role: OBSERVER}) { userErrors { code } } }`,
			map[string]any{"f": fl.CreateFleet.Fleet.ID}, nil)
		invite := mailedToken(t, srv, "guest@example.com", "/accept-invitation", 1)
		var dev struct {
			RegisterDevice struct{ Token *string }
		}
		fresh.Do(`mutation($f: ID!) { registerDevice(input: {fleetId: $f, name: "sensor"}) { token } }`,
			map[string]any{"f": fl.CreateFleet.Fleet.ID}, &dev)
		if dev.RegisterDevice.Token == nil {
			t.Fatal("no device token")
		}
		secrets = append(secrets, invite, *dev.RegisterDevice.Token)

		// The device authenticates, gets a new token; a provisioning key provisions a
		// device that authenticates; a READ_ONLY key is refused a mutation.
		if v := deviceName(t, clientWithBearer(t, srv, *dev.RegisterDevice.Token)); v != "sensor" {
			t.Fatalf("the device token does not work: %q", v)
		}
		var rot struct {
			RotateDeviceToken struct{ Token *string }
		}
		var devices struct {
			Node struct {
				Devices struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
		fresh.Do(`query($f: ID!) { node(id: $f) { ... on Fleet { devices { edges { node { id } } } } } }`, map[string]any{"f": fl.CreateFleet.Fleet.ID}, &devices)
		fresh.Do(`mutation($d: ID!) { rotateDeviceToken(input: {deviceId: $d}) { token } }`,
			map[string]any{"d": devices.Node.Devices.Edges[0].Node.ID}, &rot)
		var prv struct {
			CreateProvisioningKey struct{ Key *string }
		}
		fresh.Do(`mutation($f: ID!) { createProvisioningKey(input: {fleetId: $f, name: "line"}) { key } }`,
			map[string]any{"f": fl.CreateFleet.Fleet.ID}, &prv)
		if rot.RotateDeviceToken.Token == nil || prv.CreateProvisioningKey.Key == nil {
			t.Fatal("no rotated token or provisioning key")
		}
		var prov struct {
			ProvisionDevice struct{ Token *string }
		}
		clientWithBearer(t, srv, *prv.CreateProvisioningKey.Key).Do(`mutation { provisionDevice(input: {name: "field"}) { token } }`, nil, &prov)
		if prov.ProvisionDevice.Token == nil || deviceName(t, clientWithBearer(t, srv, *prov.ProvisionDevice.Token)) != "field" {
			t.Fatal("the provisioned device's token does not work")
		}
		roKey, _ := mustCreateAPIKey(t, fresh, map[string]any{"name": "ro", "scope": "READ_ONLY", "password": strongPassword})
		if resp := clientWithBearer(t, srv, roKey).Do(`mutation { createFleet(input: {name: "x"}) { userErrors { code } } }`, nil, nil); resp.Code() != "FORBIDDEN" {
			t.Fatalf("read-only key: %s", resp.Body)
		}
		secrets = append(secrets, *rot.RotateDeviceToken.Token, *prv.CreateProvisioningKey.Key, *prov.ProvisionDevice.Token, roKey)

		srv.App.Mail.RunOnce(t.Context())
		logs := srv.Logs.String()
		if len(logs) < 1000 {
			t.Fatalf("suspiciously few logs (%d bytes): is debug logging on?", len(logs))
		}
		for _, s := range secrets {
			if s != "" && strings.Contains(logs, s) {
				t.Errorf("a secret reached the logs: %.12s...", s)
			}
		}
	})
}

// challenge2 logs in with a password on a two-factor account and returns the challenge.
func challenge2(t *testing.T, c *testkit.Client, email, password string) string {
	t.Helper()
	f := logInFirstStep(t, c, email, password)
	if f.TwoFactorChallenge == nil {
		t.Fatalf("no challenge: %+v", f)
	}
	return *f.TwoFactorChallenge
}

// deviceName returns the name Query.device answers for c's device token ("" for none).
func deviceName(t *testing.T, c *testkit.Client) string {
	t.Helper()
	var out struct{ Device *struct{ Name string } }
	c.Do(`{ device { name } }`, nil, &out)
	if out.Device == nil {
		return ""
	}
	return out.Device.Name
}
