package httpserver_test

import (
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

// TestNULInGraphQLLiterals: a NUL written as a GraphQL escape (\u0000, \u{0}) is not a
// NUL in the JSON body, so the HTTP filter cannot see it; PostgreSQL cannot store it
// (issue 18, item 8). Every string argument is checked after parsing, in literals,
// variables, variable defaults and nested inputs, and refused with INVALID_INPUT before
// anything runs.
func TestNULInGraphQLLiterals(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := srv.Client(t)
		for _, tc := range []struct {
			name, query string
			vars        map[string]any
		}{
			{"\\u0000 in a literal", `mutation { resendVerificationEmail(input: {email: "a\u0000b@example.com"}) { userErrors { code } } }`, nil},
			{"\\u{0} in a literal", `mutation { resendVerificationEmail(input: {email: "a\u{0}b@example.com"}) { userErrors { code } } }`, nil},
			{"\\u0000 in a sign-up name", `mutation { signUp(input: {email: "n@example.com", name: "x\u0000", acceptTerms: true}) { userErrors { code } } }`, nil},
			{"\\u0000 in a variable's default", `mutation($e: String = "a\u0000b@example.com") { resendVerificationEmail(input: {email: $e}) { userErrors { code } } }`, nil},
			{"\\u0000 in a nested list", `mutation { revokeApiKeys(input: {ids: ["a", "b\u0000"]}) { userErrors { code } } }`, nil},
			{"\\u0000 in a query's argument", `{ node(id: "usr_\u0000") { id } }`, nil},
		} {
			t.Run("case="+tc.name, func(t *testing.T) {
				resp := c.Do(tc.query, tc.vars, nil)
				if resp.Code() != "INVALID_INPUT" || resp.Status >= 500 || strings.Contains(string(resp.Data), "userErrors") {
					t.Fatalf("got %d %s", resp.Status, clip(resp.Body))
				}
			})
		}
		if logs := srv.Logs.String(); strings.Contains(logs, "level=ERROR") {
			t.Fatalf("an escape reached the error log:\n%s", logs)
		}
		if n := srv.App.Store.Client.User.Query().CountX(t.Context()); n != 0 {
			t.Fatalf("refused requests created %d accounts", n)
		}
	})
}
