package account_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

// TestPasskeyAuthorizationMatrix runs every passkey mutation as every kind of principal:
// anonymous, a person's session, a person's API key, a READ_ONLY key, a key limited to a
// fleet, a device token and a provisioning key. Each cell is the outcome: "ok", or the
// code of the refusal (top-level or userError). Restricted principals are refused by
// graph.PrincipalGate before any resolver; an API key may not add or remove a way in.
func TestPasskeyAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		const addr = "matrix@example.com"
		session := srv.Client(t)
		session.Bearer = freshAccount(t, srv, addr)
		a := &testkit.Authenticator{Origin: origin, UserVerified: true}
		pk, _ := addPasskey(t, session, a, "Phone")
		keySecret, _ := mustCreateAPIKey(t, session, map[string]any{"name": "full", "password": strongPassword})

		secrets, _ := restrictedPrincipals(t, srv, addr, "Matrix")
		secrets["anonymous"], secrets["session"], secrets["apiKey"] = "", session.Bearer, keySecret

		const (
			ok     = "ok"
			unauth = "UNAUTHENTICATED"
			forb   = "FORBIDDEN"
		)
		principals := []string{"anonymous", "session", "apiKey", "readOnlyKey", "fleetKey", "device", "provisioningKey"}
		bad := json.RawMessage(`{}`)
		rows := []struct {
			query string
			vars  map[string]any
			want  [7]string
		}{
			{beginRegistrationOp, map[string]any{}, [7]string{unauth, ok, forb, forb, forb, forb, forb}},
			{finishRegistrationOp, map[string]any{"c": bad, "name": "X"}, [7]string{unauth, "INVALID_INPUT", forb, forb, forb, forb, forb}},
			{renamePasskeyOp, map[string]any{"id": pk.ID, "name": "Renamed"}, [7]string{unauth, ok, ok, forb, forb, forb, forb}},
			{beginPasskeyLogInOp, map[string]any{}, [7]string{ok, ok, ok, forb, forb, forb, forb}},
			{finishPasskeyLogInOp, map[string]any{"c": bad}, [7]string{"INVALID_INPUT", "INVALID_INPUT", "INVALID_INPUT", forb, forb, forb, forb}},
			{beginPasskeyTwoFactorOp, map[string]any{"ch": "acd_tfa_nothing"}, [7]string{"INVALID_TOKEN", "INVALID_TOKEN", "INVALID_TOKEN", forb, forb, forb, forb}},
			{finishPasskeyTwoFactorOp, map[string]any{"ch": "acd_tfa_nothing", "c": bad}, [7]string{"INVALID_TOKEN", "INVALID_TOKEN", "INVALID_TOKEN", forb, forb, forb, forb}},
			// Last: the session's run removes the passkey.
			{removePasskeyOp, map[string]any{"id": pk.ID}, [7]string{unauth, ok, forb, forb, forb, forb, forb}},
		}
		// removePasskey's order: every other principal first, the session last.
		removeOrder := []int{0, 2, 3, 4, 5, 6, 1}
		for _, row := range rows {
			order := []int{0, 1, 2, 3, 4, 5, 6}
			if row.query == removePasskeyOp {
				order = removeOrder
			}
			for _, i := range order {
				c := srv.Client(t)
				c.Bearer = secrets[principals[i]]
				if got := outcomeOf(t, c, row.query, row.vars); got != row.want[i] {
					t.Errorf("%s as %s: %s, want %s", firstField(row.query), principals[i], got, row.want[i])
				}
			}
		}
	})
}

// outcomeOf runs a mutation and names its outcome: the top-level error's code, the first
// userError's code, or ok.
func outcomeOf(t *testing.T, c *testkit.Client, query string, vars map[string]any) string {
	t.Helper()
	var out map[string]struct{ UserErrors []userError }
	resp := c.Do(query, vars, &out)
	if len(resp.Errors) > 0 {
		return resp.Code()
	}
	for _, p := range out {
		if len(p.UserErrors) > 0 {
			return p.UserErrors[0].Code
		}
		return "ok"
	}
	return fmt.Sprintf("no answer: %s", resp.Body)
}

func firstField(query string) string {
	for i := 0; i < len(query); i++ {
		if query[i] == '{' {
			rest := query[i+1:]
			for j := 0; j < len(rest); j++ {
				if rest[j] == '(' || rest[j] == ' ' && j > 1 {
					return rest[:j]
				}
			}
		}
	}
	return query
}
