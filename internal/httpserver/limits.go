package httpserver

import (
	"context"
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// Shape limits of one GraphQL operation, beyond the complexity limit (OWASP GraphQL
// Cheat Sheet: depth, aliases and batching; SECURITY.md row 10 and 34).
const (
	// maxDepth bounds field nesting. The deepest real query, a fleet's devices through
	// viewer.fleets, is 8 levels.
	maxDepth = 12
	// maxRootFields bounds the top-level fields of one operation.
	maxRootFields = 10
	// maxAliases bounds aliased fields in one operation: aliases are how one request
	// asks the same field many times (100 logIn mutations, say).
	maxAliases = 20
)

// credentialMutations check a secret (a password, a code, a link's token) or create a
// credential. One request may run at most one of them, so aliases cannot turn one HTTP
// request into a hundred guesses (OWASP GraphQL Cheat Sheet, "Batching Attacks").
var credentialMutations = map[string]bool{
	"signUp": true, "logIn": true, "verifyEmail": true, "verifyTwoFactor": true,
	"requestPasswordReset": true, "resetPassword": true, "changePassword": true,
	"setPassword": true, "deleteAccount": true, "createApiKey": true,
	"adminCreateWebhookEndpoint": true,
	"confirmTwoFactor":           true, "disableTwoFactor": true, "regenerateRecoveryCodes": true,
	"acceptFleetInvitation": true, "logInWithProvider": true, "linkIdentity": true,
	"unlinkIdentity": true, "startIdentityLink": true, "resendVerificationEmail": true,
	"provisionDevice": true, "createProvisioningKey": true, "rotateDeviceToken": true,
	"approveDeviceAuthorization": true, "startDeviceAuthorization": true, "pollDeviceAuthorization": true,
	"beginPasskeyRegistration": true, "finishPasskeyRegistration": true, "removePasskey": true,
	"beginPasskeyLogIn": true, "finishPasskeyLogIn": true,
	"beginPasskeyTwoFactor": true, "finishPasskeyTwoFactor": true,
	"requestEmailChange": true, "confirmEmailChange": true, "revertEmailChange": true,
	"requestLogInCode": true, "logInWithCode": true,
}

// queryLimits refuses operations whose shape exceeds the limits above, after
// validation and before anything runs, and string values that no column can hold.
// Introspection (__schema, __type) counts like any other field for the aliases, the
// root fields and the complexity: gqlgen's complexity walk skips __schema, and one
// request asking for the schema a hundred times under aliases made 34 MB of answer
// (issue 18, item 9). Its depth is not counted: the introspection query of GraphiQL
// nests type references 14 levels deep, and the complexity bounds it instead.
type queryLimits struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = queryLimits{}

// ExtensionName implements graphql.HandlerExtension.
func (queryLimits) ExtensionName() string { return "QueryLimits" }

// Validate implements graphql.HandlerExtension.
func (queryLimits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (queryLimits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	op := oc.Operation
	if op == nil {
		return nil
	}
	if err := checkStrings(oc); err != nil {
		return err
	}
	var s shape
	roots := s.walk(op.SelectionSet, 1, nil)
	complexity := s.introspection
	// What extension.FixedComplexityLimit, which runs first, computed for the rest.
	if stats, ok := oc.Stats.GetExtension("ComplexityLimit").(*extension.ComplexityStats); ok {
		complexity += stats.Complexity
	}
	switch {
	case complexity > complexityLimit:
		return tooComplex(fmt.Sprintf("The operation has a complexity of %d; at most %d is allowed.", complexity, complexityLimit))
	case s.depth > maxDepth:
		return tooComplex(fmt.Sprintf("The query nests %d levels deep; at most %d are allowed.", s.depth, maxDepth))
	case len(roots) > maxRootFields:
		return tooComplex(fmt.Sprintf("The operation has %d top-level fields; at most %d are allowed.", len(roots), maxRootFields))
	case s.aliases > maxAliases:
		return tooComplex(fmt.Sprintf("The operation has %d aliases; at most %d are allowed.", s.aliases, maxAliases))
	}
	if op.Operation == ast.Mutation {
		n := 0
		for _, f := range roots {
			if credentialMutations[f] {
				n++
			}
		}
		if n > 1 {
			return &gqlerror.Error{
				Message:    "Send one log-in, password or code mutation per request.",
				Extensions: map[string]any{"code": "BAD_REQUEST"},
			}
		}
	}
	return nil
}

// noIntrospection is the validation rule of production: asking for the schema
// (__schema, __type) is a validation error like a field that does not exist, with
// gqlgen's code GRAPHQL_VALIDATION_FAILED. Without it gqlgen refuses such a field only
// as it runs, with an error the presenter takes for an internal one (issue 18, item 10).
var noIntrospection = core.Rule{
	Name: "NoIntrospection",
	RuleFunc: func(observers *core.Events, addError core.AddErrFunc) {
		seen := map[*ast.Field]bool{} // the walker visits a fragment's fields once per use
		observers.OnField(func(_ *core.Walker, f *ast.Field) {
			if isIntrospection(f.Name) && !seen[f] {
				seen[f] = true
				addError(core.Message("Introspection is disabled."), core.At(f.Position))
			}
		})
	},
}

// rulesWithoutIntrospection are gqlparser's default validation rules and noIntrospection.
func rulesWithoutIntrospection() *rules.Rules {
	r := rules.NewDefaultRules()
	r.AddRule(noIntrospection.Name, noIntrospection.RuleFunc)
	return r
}

func tooComplex(msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": "QUERY_TOO_COMPLEX"}}
}

// shape is what walking a selection set found.
type shape struct {
	depth   int
	aliases int
	// introspection is the complexity of the introspection fields, which gqlgen's
	// complexity calculation leaves out: 1 for each field, as gqlgen counts others.
	introspection int
}

// isIntrospection reports whether a field reads the schema (__typename does not).
func isIntrospection(name string) bool { return name == "__schema" || name == "__type" }

// walk visits a selection set at the given depth, following fragments, and returns
// the names of its fields (the root fields, at depth 1). visiting holds the fragments
// on the current path: validation already refuses cycles, this only makes sure.
func (s *shape) walk(set ast.SelectionSet, depth int, visiting []string) []string {
	var names []string
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			names = append(names, sel.Name)
			if sel.Alias != "" && sel.Alias != sel.Name {
				s.aliases++
			}
			if isIntrospection(sel.Name) {
				s.introspection += 1 + s.cost(sel.SelectionSet, nil)
				continue
			}
			s.depth = max(s.depth, depth)
			s.walk(sel.SelectionSet, depth+1, visiting)
		case *ast.InlineFragment:
			names = append(names, s.walk(sel.SelectionSet, depth, visiting)...)
		case *ast.FragmentSpread:
			if sel.Definition == nil || slices.Contains(visiting, sel.Name) {
				continue
			}
			names = append(names, s.walk(sel.Definition.SelectionSet, depth, append(visiting, sel.Name))...)
		}
	}
	return names
}

// cost is the complexity of an introspection selection set, 1 for each field it
// selects (following fragments), and counts its aliases.
func (s *shape) cost(set ast.SelectionSet, visiting []string) int {
	n := 0
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if sel.Alias != "" && sel.Alias != sel.Name {
				s.aliases++
			}
			n += 1 + s.cost(sel.SelectionSet, visiting)
		case *ast.InlineFragment:
			n += s.cost(sel.SelectionSet, visiting)
		case *ast.FragmentSpread:
			if sel.Definition == nil || slices.Contains(visiting, sel.Name) {
				continue
			}
			n += s.cost(sel.Definition.SelectionSet, append(visiting, sel.Name))
		}
	}
	return n
}
