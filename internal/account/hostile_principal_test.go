package account_test

import (
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

// TestHostileInputAsEveryPrincipal walks every mutation of the schema with hostile
// values as each credential that is not a person's whole account: a device token, a
// provisioning key, a READ_ONLY key and a key limited to a fleet. Every answer is typed,
// never a 500; a refused mutation changes no table but the logs; only a provisioning
// key's provisionDevice may succeed (a device with a sane name).
func TestHostileInputAsEveryPrincipal(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		newAccount(t, srv, "hostile@example.com")
		secrets, fleetID := restrictedPrincipals(t, srv, "hostile@example.com", "Hostile")

		sch := introspect(t, srv.Client(t))
		values := []string{"", strings.Repeat("A", 100_000), "' OR '1'='1' --", "host\u202eile", fleetID}
		for principal, secret := range secrets {
			t.Run("as="+principal, func(t *testing.T) {
				c := clientWithBearer(t, srv, secret)
				for _, m := range sch.mutations() {
					for i, h := range values {
						vars, query := sch.call(m, h)
						before := countRows(t, srv)
						resp := c.Do(query, vars, nil)
						if resp.Status >= 500 || strings.Contains(string(resp.Body), "INTERNAL_SERVER_ERROR") {
							t.Fatalf("%s value #%d: %d %s", m.Name, i, resp.Status, clipBody(resp.Body))
						}
						for _, e := range resp.Errors {
							if code, _ := e.Extensions["code"].(string); code == "" {
								t.Fatalf("%s value #%d: untyped error %s", m.Name, i, clipBody(resp.Body))
							}
						}
						refused := len(resp.Errors) > 0 || hasUserErrors(resp.Data)
						if !refused && (principal != "provisioningKey" || m.Name != "provisionDevice") &&
							(principal != "fleetKey" || !strings.Contains(m.Name, "Device") && !strings.Contains(m.Name, "ProvisioningKey")) {
							t.Fatalf("%s value #%d done for a %s: %s", m.Name, i, principal, clipBody(resp.Body))
						}
						if refused {
							if after := countRows(t, srv); !equalExcept(before, after, logTables) {
								t.Fatalf("%s value #%d refused but rows changed: %v -> %v\n%s", m.Name, i, before, after, clipBody(resp.Body))
							}
						}
					}
				}
			})
		}
	})
}
