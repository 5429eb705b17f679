package httpserver_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

// TestIntrospectionIsLimited: introspection fields count against the alias, root-field
// and complexity limits like any other field, so one request cannot ask for the
// schema a hundred times (issue 18, item 9: 11 KB of query made 34 MB of answer).
func TestIntrospectionIsLimited(t *testing.T) {
	srv := sqliteServer(t) // dev: introspection is on
	c := srv.Client(t)
	aliased := func(n int, sel string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " s%d: %s", i, sel)
		}
		return b.String() + " }"
	}
	const typeRef = `kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`
	deep := `__schema { types { name kind description fields { name description args { name description type { ` + typeRef +
		` } defaultValue } type { ` + typeRef + ` } isDeprecated deprecationReason } inputFields { name type { ` + typeRef +
		` } } interfaces { name } enumValues { name } possibleTypes { name } } }`
	for _, tc := range []struct{ name, query string }{
		{"100 aliased __schema", aliased(100, `__schema { types { name fields { name type { name ofType { name } } } } }`)},
		{"21 aliased __type", aliased(21, `__type(name: "User") { name }`)},
		{"10 full introspections", aliased(10, deep)},
		{"8 full introspections in a fragment", `{ ...F } fragment F on Query {` + aliased(8, deep)[1:]},
	} {
		t.Run("case="+tc.name, func(t *testing.T) {
			resp := c.Do(tc.query, nil, nil)
			if resp.Code() != "QUERY_TOO_COMPLEX" || len(resp.Data) > 0 && string(resp.Data) != "null" {
				t.Fatalf("got %d %s", resp.Status, clip(resp.Body))
			}
		})
	}
	// The playground's one introspection query, and the shapes a client uses, still work.
	for _, q := range []string{standardIntrospection, `{ __schema { queryType { name } } }`, `{ __type(name: "User") { fields { name } } }`, `{ __typename viewer { __typename } }`} {
		if resp := c.Do(q, nil, nil); len(resp.Errors) > 0 {
			t.Fatalf("refused: %s\n%s", clip(resp.Body), q)
		}
	}
}

// TestProductionIntrospectionIsAValidationError: outside dev, asking for the schema is
// a validation error like a field that does not exist (GRAPHQL_VALIDATION_FAILED, the
// same status), not an internal error, and the log has no ERROR line for it (issue 18,
// item 10).
func TestProductionIntrospectionIsAValidationError(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite", func(c *config.Config) { c.Env = "production" })
	c := srv.Client(t)
	unknown := c.Do(`{ viewer { passwordHash } }`, nil, nil)
	if unknown.Code() != "GRAPHQL_VALIDATION_FAILED" {
		t.Fatalf("unknown field: %d %s", unknown.Status, unknown.Body)
	}
	for _, q := range []string{
		`{ __schema { queryType { name } } }`,
		`{ __type(name: "User") { name } }`,
		`{ viewer { id } a: __schema { types { name } } }`,
		`query Q { ...F } fragment F on Query { __schema { types { name } } }`,
	} {
		resp := c.Do(q, nil, nil)
		if resp.Code() != "GRAPHQL_VALIDATION_FAILED" || resp.Status != unknown.Status || len(resp.Errors) != 1 {
			t.Errorf("%s: got %d %s, want %d GRAPHQL_VALIDATION_FAILED", q, resp.Status, resp.Body, unknown.Status)
		}
	}
	// __typename is not introspection of the schema: it stays.
	if resp := c.Do(`{ __typename }`, nil, nil); resp.Status != http.StatusOK || len(resp.Errors) > 0 {
		t.Errorf("__typename: %d %s", resp.Status, resp.Body)
	}
	if logs := srv.Logs.String(); strings.Contains(logs, "level=ERROR") {
		t.Fatalf("introspection logged at ERROR:\n%s", logs)
	}
}

// standardIntrospection is the introspection query of graphql-js (getIntrospectionQuery,
// v16), which GraphiQL and the playground send.
const standardIntrospection = `query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
}`
