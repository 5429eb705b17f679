package account_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/accountd/accountd/ent/migrate"
	"github.com/accountd/accountd/internal/testkit"
)

// hostileStrings are what an attacker types into every text field: empty, huge,
// unicode tricks (a homoglyph and case variants of a registered address, a Kelvin
// sign, right-to-left override, NUL), SQL and HTML fragments, foreign ids and tokens.
var hostileStrings = []string{
	"",
	strings.Repeat("A", 100_000),
	"HOSTILE@EXAMPLE.COM",
	"ｈｏｓｔｉｌｅ@example.com",
	"hostile@exampl\u212a.com",
	"host\u202eile@example.com",
	"a\x00b@example.com",
	"' OR '1'='1' --",
	"\"; DROP TABLE users; --",
	"<script>alert(1)</script>",
	"usr_01J00000000000000000000000",
	"acd_sess_" + strings.Repeat("A", 43),
	"../../../etc/passwd",
}

// logTables are the tables a refused request may still write: the security log, the
// rate-limit counters and the mail outbox.
var logTables = []string{"security_events", "rate_limits", "outbox_emails"}

// TestHostileInputToEveryMutation walks every mutation of the schema (found by
// introspection) with hostile values in every field, as a logged-in person: every
// answer is typed (a userError or a top-level error with a known code), never a 500 or
// an internal error, and a refused mutation changes no table but the logs. No variant
// of a registered address makes a second account.
func TestHostileInputToEveryMutation(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		newAccount(t, srv, "hostile@example.com")
		sch := introspect(t, srv.Client(t))
		users := countRows(t, srv)["users"]

		for _, m := range sch.mutations() {
			if m.Name == "logOut" || m.Name == "refreshSession" {
				continue // they end the session the walk uses; no string input either
			}
			t.Run("mutation="+m.Name, func(t *testing.T) {
				c := clientWithFreshLogIn(t, srv, "hostile@example.com")
				for i, h := range hostileStrings {
					vars, query := sch.call(m, h)
					before := countRows(t, srv)
					resp := c.Do(query, vars, nil)
					if resp.Status >= 500 || strings.Contains(string(resp.Body), "INTERNAL_SERVER_ERROR") {
						t.Fatalf("value #%d: %d %s", i, resp.Status, clipBody(resp.Body))
					}
					refused := len(resp.Errors) > 0 || hasUserErrors(resp.Data)
					for _, e := range resp.Errors {
						if code, _ := e.Extensions["code"].(string); code == "" {
							t.Fatalf("value #%d: untyped error %s", i, clipBody(resp.Body))
						}
					}
					if !refused {
						continue
					}
					if after := countRows(t, srv); !equalExcept(before, after, logTables) {
						t.Fatalf("value #%d refused but rows changed: %v -> %v\n%s", i, before, after, clipBody(resp.Body))
					}
				}
			})
		}
		if got := countRows(t, srv)["users"]; got != users {
			t.Fatalf("users: %d -> %d", users, got)
		}
	})
}

func clipBody(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "..."
	}
	return string(b)
}

// hasUserErrors reports whether any payload in data has a non-empty userErrors list.
func hasUserErrors(data json.RawMessage) bool {
	var payloads map[string]struct {
		UserErrors []json.RawMessage `json:"userErrors"`
	}
	if json.Unmarshal(data, &payloads) != nil {
		return false
	}
	for _, p := range payloads {
		if len(p.UserErrors) > 0 {
			return true
		}
	}
	return false
}

func countRows(t *testing.T, srv *testkit.Server) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tbl := range migrate.Tables {
		var n int
		if err := srv.App.Store.DB.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM "+tbl.Name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tbl.Name] = n
	}
	return out
}

func equalExcept(a, b map[string]int, skip []string) bool {
	for k, v := range a {
		if !slices.Contains(skip, k) && b[k] != v {
			return false
		}
	}
	return true
}

// The parts of the introspected schema the walk needs.
type typeRef struct {
	Kind   string
	Name   *string
	OfType *typeRef
}

type inputValue struct {
	Name string
	Type typeRef
}

type schemaType struct {
	Name   string
	Kind   string
	Fields []struct {
		Name string
		Args []inputValue
		Type typeRef
	}
	InputFields []inputValue
	EnumValues  []struct{ Name string }
}

type introspected struct {
	types    map[string]*schemaType
	mutation string
}

func introspect(t *testing.T, c *testkit.Client) *introspected {
	t.Helper()
	const ref = `kind name ofType { kind name ofType { kind name ofType { kind name } } }`
	var out struct {
		Schema struct {
			MutationType struct{ Name string }
			Types        []*schemaType
		} `json:"__schema"`
	}
	resp := c.Do(`{ __schema { mutationType { name } types { name kind
		fields { name args { name type { `+ref+` } } type { `+ref+` } }
		inputFields { name type { `+ref+` } } enumValues { name } } } }`, nil, &out)
	if len(resp.Errors) > 0 {
		t.Fatalf("introspection: %s", resp.Body)
	}
	s := &introspected{types: map[string]*schemaType{}, mutation: out.Schema.MutationType.Name}
	for _, ty := range out.Schema.Types {
		s.types[ty.Name] = ty
	}
	return s
}

type mutationField = struct {
	Name string
	Args []inputValue
	Type typeRef
}

func (s *introspected) mutations() []mutationField {
	return s.types[s.mutation].Fields
}

// call builds the operation for m with every string in its input set to h, and the
// variables to send.
func (s *introspected) call(m mutationField, h string) (map[string]any, string) {
	vars := map[string]any{}
	var params, args []string
	for _, a := range m.Args {
		vars[a.Name] = s.value(a.Type, h, 0)
		params = append(params, fmt.Sprintf("$%s: %s", a.Name, typeString(a.Type)))
		args = append(args, fmt.Sprintf("%s: $%s", a.Name, a.Name))
	}
	sel := "__typename"
	if s.hasField(m.Type, "userErrors") {
		sel = "userErrors { code field message }"
	}
	q := "mutation"
	if len(params) > 0 {
		q += "(" + strings.Join(params, ", ") + ")"
	}
	q += " { " + m.Name
	if len(args) > 0 {
		q += "(" + strings.Join(args, ", ") + ")"
	}
	return vars, q + " { " + sel + " } }"
}

func (s *introspected) hasField(ref typeRef, name string) bool {
	for ref.OfType != nil {
		ref = *ref.OfType
	}
	ty := s.types[*ref.Name]
	for _, f := range ty.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// value makes a value of a type: h for text, a boundary number for Int, false for
// Boolean (a true allExceptCurrent would end the walk's own sessions), the first enum
// value, and every field of an input object.
func (s *introspected) value(ref typeRef, h string, depth int) any {
	switch ref.Kind {
	case "NON_NULL":
		return s.value(*ref.OfType, h, depth)
	case "LIST":
		return []any{s.value(*ref.OfType, h, depth)}
	case "ENUM":
		return s.types[*ref.Name].EnumValues[0].Name
	case "INPUT_OBJECT":
		obj := map[string]any{}
		for _, f := range s.types[*ref.Name].InputFields {
			obj[f.Name] = s.value(f.Type, h, depth+1)
		}
		if _, ok := obj["acceptTerms"]; ok {
			obj["acceptTerms"] = true // so a sign-up gets past the terms to the address
		}
		return obj
	}
	switch *ref.Name {
	case "Int":
		return 2147483647
	case "Boolean":
		return false
	case "Time":
		if h == "" {
			return "2026-13-45T99:99:99Z"
		}
	}
	return h
}

func typeString(ref typeRef) string {
	switch ref.Kind {
	case "NON_NULL":
		return typeString(*ref.OfType) + "!"
	case "LIST":
		return "[" + typeString(*ref.OfType) + "]"
	}
	return *ref.Name
}

// TestNoSecretInSchema reads every output type of the schema: no field can return a
// password hash, a token hash, a sealed TOTP secret or a stored password (ASVS 8.2.3;
// SECURITY-CHECKLIST 29). Plaintext secrets appear only in the payloads that create
// them, once.
func TestNoSecretInSchema(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite")
	sch := introspect(t, srv.Client(t))
	shownOnce := map[string]bool{ // type.field that hand out a new secret, once
		"EnableTwoFactorPayload.secret": true, "EnableTwoFactorPayload.uri": true,
	}
	for name, ty := range sch.types {
		if ty.Kind != "OBJECT" || strings.HasPrefix(name, "__") || name == "Query" || name == "Mutation" {
			continue
		}
		for _, f := range ty.Fields {
			lower := strings.ToLower(f.Name)
			if strings.Contains(lower, "hash") || strings.Contains(lower, "sealed") ||
				strings.Contains(lower, "password") && lower != "haspassword" && lower != "passwordbreached" ||
				strings.Contains(lower, "secret") && !shownOnce[name+"."+f.Name] {
				t.Errorf("%s.%s may expose a secret", name, f.Name)
			}
		}
	}
}
