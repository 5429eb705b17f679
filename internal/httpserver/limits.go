package httpserver

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Shape limits of one GraphQL operation, beyond the complexity limit (OWASP GraphQL
// Cheat Sheet: depth, aliases and batching; SECURITY-CHECKLIST 10 and 34).
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
	"confirmTwoFactor": true, "disableTwoFactor": true, "regenerateRecoveryCodes": true,
	"acceptFleetInvitation": true, "logInWithProvider": true, "linkIdentity": true,
	"unlinkIdentity": true, "startIdentityLink": true, "resendVerificationEmail": true,
	"provisionDevice": true, "createProvisioningKey": true, "rotateDeviceToken": true,
}

// queryLimits refuses operations whose shape exceeds the limits above, after
// validation and before anything runs.
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
	var s shape
	roots := s.walk(op.SelectionSet, 1, nil)
	switch {
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

func tooComplex(msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": "QUERY_TOO_COMPLEX"}}
}

// shape is what walking a selection set found.
type shape struct {
	depth   int
	aliases int
}

// walk visits a selection set at the given depth, following fragments, and returns
// the names of its fields (the root fields, at depth 1). visiting holds the fragments
// on the current path: validation already refuses cycles, this only makes sure.
func (s *shape) walk(set ast.SelectionSet, depth int, visiting []string) []string {
	var names []string
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(sel.Name, "__") {
				continue // introspection (dev only) has its own fixed shape
			}
			names = append(names, sel.Name)
			if sel.Alias != "" && sel.Alias != sel.Name {
				s.aliases++
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
