package httpserver

import (
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// TestDepthLimit checks the depth rule on synthetic documents: accountd's schema has
// no cycle that a real query could nest past the limit with, so the rule guards the
// schemas to come.
func TestDepthLimit(t *testing.T) {
	t.Parallel()
	nested := func(depth int) string {
		return strings.Repeat("{ f ", depth) + strings.Repeat("}", depth)
	}
	for _, tc := range []struct {
		depth int
		ok    bool
	}{{1, true}, {maxDepth, true}, {maxDepth + 1, false}, {100, false}} {
		doc, err := parser.ParseQuery(&ast.Source{Input: nested(tc.depth)})
		if err != nil {
			t.Fatal(err)
		}
		oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
		gqlErr := queryLimits{}.MutateOperationContext(t.Context(), oc)
		if (gqlErr == nil) != tc.ok {
			t.Errorf("depth %d: error = %v, want ok=%v", tc.depth, gqlErr, tc.ok)
		}
		if gqlErr != nil && gqlErr.Extensions["code"] != "QUERY_TOO_COMPLEX" {
			t.Errorf("depth %d: code = %v", tc.depth, gqlErr.Extensions["code"])
		}
	}
}
