package account_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/accountd/accountd/ent/migrate"
	"github.com/accountd/accountd/ent/ratelimit"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/testkit"
)

// hostileStrings are what an attacker types into every text field: empty, huge,
// unicode tricks (a homoglyph and case variants of a registered address, a Kelvin
// sign, right-to-left override, NUL), a line break that forges a header, a terminal
// escape, SQL and HTML fragments, foreign ids and tokens.
var hostileStrings = []string{
	"",
	strings.Repeat("A", 100_000),
	"HOSTILE@EXAMPLE.COM",
	"ｈｏｓｔｉｌｅ@example.com",
	"hostile@exampl\u212a.com",
	"host\u202eile@example.com",
	"a\x00b@example.com",
	"Eve\r\nBcc: all@example.com",
	"\x1b[2J\x1b[31mred",
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
// introspection) with hostile values in every field, as a logged-in person (an admin
// with fresh factors for the admin mutations): every
// answer is typed (a userError or a top-level error with a known code), never a 500 or
// an internal error, and a refused mutation changes no table but the logs. No variant
// of a registered address makes a second account.
func TestHostileInputToEveryMutation(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		newAccount(t, srv, "hostile@example.com")
		// The admin mutations refuse anyone but a fresh admin before they read their
		// input: they are walked as one (two-factor on, both factors just proved).
		_, adminSecret := adminAccount(t, srv, "hostile-admin@example.com")
		sch := introspect(t, srv.Client(t))
		users := countRows(t, srv)["users"]

		for _, m := range sch.mutations() {
			if m.Name == "logOut" || m.Name == "refreshSession" {
				continue // they end the session the walk uses; no string input either
			}
			t.Run("mutation="+m.Name, func(t *testing.T) {
				c := clientWithFreshLogIn(t, srv, "hostile@example.com")
				if strings.HasPrefix(m.Name, "admin") {
					c = logInWithSecondFactor(t, srv, "hostile-admin@example.com", adminSecret)
					// Each admin mutation gets the admin's whole allowance of writes
					// (limits.AdminWrites), so the walk reaches every one with every value.
					adminID := userIDOf(t, srv, "hostile-admin@example.com")
					srv.App.Store.Client.RateLimit.Delete().Where(ratelimit.ID(limits.AdminWrites.Key(adminID))).ExecX(t.Context())
				}
				for i, h := range hostileStrings {
					vars, query := sch.call(m, h)
					srv.SettleIntents(t) // an accepted email request of the value before resolves later
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

// TestHostileInputToEveryQuery walks every root query field with arguments (found by
// introspection: node, passwordStrength, the public invitation preview, ...) with the
// hostile values in every argument, anonymously and as a logged-in person: every answer
// is typed, never a 500 or an internal error, and no query changes a table but the logs.
func TestHostileInputToEveryQuery(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		newAccount(t, srv, "hostile@example.com")
		sch := introspect(t, srv.Client(t))
		reached := map[string]bool{}
		for _, q := range sch.types[sch.query].Fields {
			if len(q.Args) == 0 {
				continue
			}
			reached[q.Name] = true
			t.Run("query="+q.Name, func(t *testing.T) {
				for who, c := range map[string]*testkit.Client{
					"anonymous": srv.Client(t),
					"person":    clientWithFreshLogIn(t, srv, "hostile@example.com"),
				} {
					for i, h := range hostileStrings {
						vars, query := sch.callField("query", q, h)
						before := countRows(t, srv)
						resp := c.Do(query, vars, nil)
						if resp.Status >= 500 || strings.Contains(string(resp.Body), "INTERNAL_SERVER_ERROR") {
							t.Fatalf("%s, value #%d: %d %s", who, i, resp.Status, clipBody(resp.Body))
						}
						for _, e := range resp.Errors {
							if code, _ := e.Extensions["code"].(string); code == "" {
								t.Fatalf("%s, value #%d: untyped error %s", who, i, clipBody(resp.Body))
							}
						}
						if after := countRows(t, srv); !equalExcept(before, after, logTables) {
							t.Fatalf("%s, value #%d: a query changed rows: %v -> %v", who, i, before, after)
						}
					}
				}
			})
		}
		if !reached["invitation"] {
			t.Fatalf("the walk did not reach the public invitation(token) query; reached %v", reached)
		}

		// The admin's reads (Query.admin's fields with arguments: users, user,
		// auditLog), as a fresh admin: typed answers, and nothing written but the logs
		// and the admin audit log (an audited read is a line of it).
		_, adminSecret := adminAccount(t, srv, "hostile-admin@example.com")
		admin := logInWithSecondFactor(t, srv, "hostile-admin@example.com", adminSecret)
		adminReached := 0
		for _, f := range sch.types["Admin"].Fields {
			if len(f.Args) == 0 {
				continue
			}
			adminReached++
			t.Run("query=admin."+f.Name, func(t *testing.T) {
				for i, h := range hostileStrings {
					vars, query := sch.callField("query", f, h)
					open := strings.Index(query, " { ")
					query = query[:open] + " { admin {" + query[open+2:] + " }"
					before := countRows(t, srv)
					resp := admin.Do(query, vars, nil)
					if resp.Status >= 500 || strings.Contains(string(resp.Body), "INTERNAL_SERVER_ERROR") {
						t.Fatalf("value #%d: %d %s", i, resp.Status, clipBody(resp.Body))
					}
					for _, e := range resp.Errors {
						if code, _ := e.Extensions["code"].(string); code == "" {
							t.Fatalf("value #%d: untyped error %s", i, clipBody(resp.Body))
						}
					}
					if after := countRows(t, srv); !equalExcept(before, after, append([]string{"admin_actions"}, logTables...)) {
						t.Fatalf("value #%d: a read changed rows: %v -> %v", i, before, after)
					}
				}
			})
		}
		if adminReached < 3 {
			t.Fatalf("the walk reached %d admin fields with arguments, want users, user and auditLog", adminReached)
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
	query    string
}

func introspect(t *testing.T, c *testkit.Client) *introspected {
	t.Helper()
	const ref = `kind name ofType { kind name ofType { kind name ofType { kind name } } }`
	var out struct {
		Schema struct {
			MutationType struct{ Name string }
			QueryType    struct{ Name string }
			Types        []*schemaType
		} `json:"__schema"`
	}
	resp := c.Do(`{ __schema { mutationType { name } queryType { name } types { name kind
		fields { name args { name type { `+ref+` } } type { `+ref+` } }
		inputFields { name type { `+ref+` } } enumValues { name } } } }`, nil, &out)
	if len(resp.Errors) > 0 {
		t.Fatalf("introspection: %s", resp.Body)
	}
	s := &introspected{types: map[string]*schemaType{}, mutation: out.Schema.MutationType.Name, query: out.Schema.QueryType.Name}
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
	return s.callField("mutation", m, h)
}

// callField builds an operation of kind (mutation or query) calling field m with every
// string of its arguments set to h, and the variables to send.
func (s *introspected) callField(kind string, m mutationField, h string) (map[string]any, string) {
	vars := map[string]any{}
	var params, args []string
	for _, a := range m.Args {
		vars[a.Name] = s.value(a.Type, h, 0)
		params = append(params, fmt.Sprintf("$%s: %s", a.Name, typeString(a.Type)))
		args = append(args, fmt.Sprintf("%s: $%s", a.Name, a.Name))
	}
	sel := " { __typename }"
	switch {
	case s.isLeaf(m.Type):
		sel = ""
	case s.hasField(m.Type, "userErrors"):
		sel = " { userErrors { code field message } }"
	}
	q := kind
	if len(params) > 0 {
		q += "(" + strings.Join(params, ", ") + ")"
	}
	q += " { " + m.Name
	if len(args) > 0 {
		q += "(" + strings.Join(args, ", ") + ")"
	}
	return vars, q + sel + " }"
}

// isLeaf reports whether a type is a scalar or an enum: selected without braces.
func (s *introspected) isLeaf(ref typeRef) bool {
	for ref.OfType != nil {
		ref = *ref.OfType
	}
	k := s.types[*ref.Name].Kind
	return k == "SCALAR" || k == "ENUM"
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
// SECURITY.md row 29). Plaintext secrets appear only in the payloads that create
// them, once.
func TestNoSecretInSchema(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite")
	sch := introspect(t, srv.Client(t))
	shownOnce := map[string]bool{ // type.field that hand out a new secret, once
		"EnableTwoFactorPayload.secret": true, "EnableTwoFactorPayload.uri": true,
		"AdminCreateWebhookEndpointPayload.secret": true, // a webhook endpoint's signing secret
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

// hostileNames are what a name must not carry (issue 18, items 7 and 11): lines that
// forge email headers or log lines, a terminal escape, a right-to-left override that
// makes "exe.pdf" read as "fdp.exe", an isolate, a zero-width space, a tab.
var hostileNames = []string{
	"Eve\r\nBcc: everyone@example.com",
	"Eve\nVisit https://evil.example/",
	"\x1b[2J\x1b[31mEve",
	"invoice\u202efdp.exe",
	"a\u2066b\u2069",
	"Ev\u200be",
	"Eve\tTab",
	"\u0007bell",
}

// TestEveryNameFieldIsANickname walks every mutation of the schema (by introspection)
// for the input fields that name something people see (name, company) and sends each
// hostile name in them: each is refused with INVALID_INPUT on that very field, whatever
// else the request got wrong, and nothing but the logs changes. A new mutation with a
// name field joins the walk by itself.
func TestEveryNameFieldIsANickname(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		newAccount(t, srv, "names@example.com")
		sch := introspect(t, srv.Client(t))
		c := clientWithFreshLogIn(t, srv, "names@example.com")
		// provisionDevice answers a provisioning key alone: it is walked with one.
		var fl struct {
			CreateFleet struct{ Fleet struct{ ID string } }
		}
		c.Do(`mutation { createFleet(input: {name: "Names"}) { fleet { id } } }`, nil, &fl)
		var prv struct {
			CreateProvisioningKey struct{ Key *string }
		}
		c.Do(`mutation($f: ID!) { createProvisioningKey(input: {fleetId: $f, name: "line"}) { key } }`,
			map[string]any{"f": fl.CreateFleet.Fleet.ID}, &prv)
		if prv.CreateProvisioningKey.Key == nil {
			t.Fatal("no provisioning key")
		}
		clients := map[string]*testkit.Client{"provisionDevice": clientWithBearer(t, srv, *prv.CreateProvisioningKey.Key)}
		// The admin mutations refuse anyone but a fresh admin before they read their input.
		_, adminSecret := adminAccount(t, srv, "names-admin@example.com")
		admin := logInWithSecondFactor(t, srv, "names-admin@example.com", adminSecret)
		walked := map[string]bool{}
		for _, m := range sch.mutations() {
			fields := sch.nameFields(m)
			if len(fields) == 0 {
				continue
			}
			walked[m.Name] = true
			c := c
			if other, ok := clients[m.Name]; ok {
				c = other
			}
			if strings.HasPrefix(m.Name, "admin") {
				c = admin
			}
			t.Run("mutation="+m.Name, func(t *testing.T) {
				for i, h := range hostileNames {
					// Every other text a valid time (the one string every scalar takes),
					// then the name fields hostile.
					vars, query := sch.call(m, "2099-01-02T03:04:05Z")
					setNames(vars, h)
					before := countRows(t, srv)
					var out map[string]struct{ UserErrors []userError }
					resp := c.Do(query, vars, &out)
					errs := out[m.Name].UserErrors
					for _, f := range fields {
						if !hasFieldError(errs, f, "INVALID_INPUT") {
							t.Errorf("name #%d in %s: not refused on the field: %s", i, f, clipBody(resp.Body))
						}
					}
					if after := countRows(t, srv); !equalExcept(before, after, logTables) {
						t.Fatalf("name #%d refused but rows changed: %v -> %v", i, before, after)
					}
				}
			})
		}
		for _, m := range []string{"signUp", "updateProfile", "createApiKey", "createFleet", "renameFleet", "registerDevice", "renameDevice"} {
			if !walked[m] {
				t.Errorf("the walk found no name field in %s", m)
			}
		}
	})
}

// nameFields are the input fields of m, at any depth, that name something people see.
func (s *introspected) nameFields(m mutationField) []string {
	var out []string
	var walk func(ref typeRef, depth int)
	walk = func(ref typeRef, depth int) {
		for ref.OfType != nil {
			ref = *ref.OfType
		}
		if ref.Kind != "INPUT_OBJECT" || depth > 5 {
			return
		}
		for _, f := range s.types[*ref.Name].InputFields {
			base := f.Type
			for base.OfType != nil {
				base = *base.OfType
			}
			if (f.Name == "name" || f.Name == "company") && base.Name != nil && *base.Name == "String" {
				out = append(out, f.Name)
			}
			walk(f.Type, depth+1)
		}
	}
	for _, a := range m.Args {
		walk(a.Type, 0)
	}
	return out
}

// setNames sets every name and company field in vars, at any depth, to h.
func setNames(v any, h string) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if k == "name" || k == "company" {
				v[k] = h
				continue
			}
			setNames(e, h)
		}
	case []any:
		for _, e := range v {
			setNames(e, h)
		}
	}
}

func hasFieldError(errs []userError, field, code string) bool {
	for _, e := range errs {
		if e.Code == code && len(e.Field) > 0 && e.Field[len(e.Field)-1] == field {
			return true
		}
	}
	return false
}

// TestGraphQLEscapesInEveryMutation walks every mutation (by introspection) with the
// escapes that only the GraphQL parser decodes, so that the HTTP layer's NUL filter
// cannot see them (issue 18, item 8): a NUL written as \u0000 and as \u{0} in every
// string of the arguments, as literals inline (nested input objects and lists
// included) and as a variable's default value. Each request is refused with a
// top-level INVALID_INPUT before anything runs, and no table changes but the logs.
// The same mutation asked under more aliases than allowed (__typename counted like any
// field) is refused as QUERY_TOO_COMPLEX before it runs (item 9).
func TestGraphQLEscapesInEveryMutation(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		newAccount(t, srv, "escapes@example.com")
		sch := introspect(t, srv.Client(t))
		c := clientWithFreshLogIn(t, srv, "escapes@example.com")
		for _, m := range sch.mutations() {
			if len(m.Args) == 0 {
				continue
			}
			t.Run("mutation="+m.Name, func(t *testing.T) {
				for _, esc := range []string{`x\u0000y`, `x\u{0}y`} {
					for _, form := range []string{"inline", "default"} {
						before := countRows(t, srv)
						resp := c.Do(sch.literalCall(m, esc, form == "default"), nil, nil)
						if resp.Code() != "INVALID_INPUT" || len(resp.Data) > 0 && string(resp.Data) != "null" {
							t.Fatalf("%s %s: got %d %s", form, esc, resp.Status, clipBody(resp.Body))
						}
						if after := countRows(t, srv); !equalExcept(before, after, logTables) {
							t.Fatalf("%s %s refused but rows changed: %v -> %v", form, esc, before, after)
						}
					}
				}
				vars, query := sch.call(m, "plain text")
				aliases := ""
				for i := range 21 {
					aliases += fmt.Sprintf(" t%d: __typename", i)
				}
				query = query[:strings.LastIndex(query, " } }")] + aliases + " } }"
				before := countRows(t, srv)
				if resp := c.Do(query, vars, nil); resp.Code() != "QUERY_TOO_COMPLEX" {
					t.Fatalf("21 aliases: got %d %s", resp.Status, clipBody(resp.Body))
				}
				if after := countRows(t, srv); !equalExcept(before, after, logTables) {
					t.Fatalf("21 aliases refused but rows changed: %v -> %v", before, after)
				}
			})
		}
	})
}

// literalCall builds the operation for m with its arguments written as GraphQL
// literals, every string set to esc verbatim (so a GraphQL escape stays an escape):
// inline, or as the default values of the operation's variables.
func (s *introspected) literalCall(m mutationField, esc string, asDefaults bool) string {
	var params, args []string
	for _, a := range m.Args {
		lit := s.literal(a.Type, esc)
		if !asDefaults {
			args = append(args, a.Name+": "+lit)
			continue
		}
		ty := typeString(a.Type)
		params = append(params, fmt.Sprintf("$%s: %s = %s", a.Name, strings.TrimSuffix(ty, "!"), lit))
		args = append(args, fmt.Sprintf("%s: $%s", a.Name, a.Name))
	}
	q := "mutation"
	if len(params) > 0 {
		q += "(" + strings.Join(params, ", ") + ")"
	}
	return q + " { " + m.Name + "(" + strings.Join(args, ", ") + ") { __typename } }"
}

// literal writes a value of a type as a GraphQL literal, as value makes it for
// variables, with esc (verbatim) for every string.
func (s *introspected) literal(ref typeRef, esc string) string {
	switch ref.Kind {
	case "NON_NULL":
		return s.literal(*ref.OfType, esc)
	case "LIST":
		return "[" + s.literal(*ref.OfType, esc) + "]"
	case "ENUM":
		return s.types[*ref.Name].EnumValues[0].Name
	case "INPUT_OBJECT":
		var fields []string
		for _, f := range s.types[*ref.Name].InputFields {
			v := s.literal(f.Type, esc)
			if f.Name == "acceptTerms" {
				v = "true"
			}
			fields = append(fields, f.Name+": "+v)
		}
		return "{" + strings.Join(fields, ", ") + "}"
	}
	switch *ref.Name {
	case "Int":
		return "2147483647"
	case "Boolean":
		return "false"
	}
	return `"` + esc + `"`
}
