package httpserver

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// checkStrings refuses an operation when a string value of any argument, at any depth
// of an input object or list, holds a NUL or is not valid UTF-8. The HTTP layer refuses
// a NUL in the JSON body (checkBody), but a GraphQL string literal can write one as an
// escape ("\u0000", "\u{0}") that only the GraphQL parser decodes, and a lone
// surrogate ("\uD800") decodes to bytes that are not UTF-8: PostgreSQL stores neither,
// so such a value reached it as an internal error (issue 18, item 8). The values are
// checked after parsing, with the variables (and their defaults) already applied, so
// literals, variables and nested inputs are all seen.
func checkStrings(oc *graphql.OperationContext) *gqlerror.Error {
	for _, v := range oc.Variables {
		if !cleanValue(v) {
			return invalidString()
		}
	}
	if !cleanArguments(oc.Operation.SelectionSet, oc.Variables, nil) {
		return invalidString()
	}
	return nil
}

func invalidString() *gqlerror.Error {
	return &gqlerror.Error{
		Message:    "A text value holds a NUL character or is not valid Unicode.",
		Extensions: map[string]any{"code": "INVALID_INPUT"},
	}
}

// cleanArguments checks the arguments of every field of a selection set, following
// fragments (visiting holds those on the current path).
func cleanArguments(set ast.SelectionSet, vars map[string]any, visiting []string) bool {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			for _, v := range sel.ArgumentMap(vars) {
				if !cleanValue(v) {
					return false
				}
			}
			if !cleanArguments(sel.SelectionSet, vars, visiting) {
				return false
			}
		case *ast.InlineFragment:
			if !cleanArguments(sel.SelectionSet, vars, visiting) {
				return false
			}
		case *ast.FragmentSpread:
			if sel.Definition == nil || slices.Contains(visiting, sel.Name) {
				continue
			}
			if !cleanArguments(sel.Definition.SelectionSet, vars, append(visiting, sel.Name)) {
				return false
			}
		}
	}
	return true
}

// cleanValue checks a decoded value: strings, and the strings inside lists and objects.
func cleanValue(v any) bool {
	switch v := v.(type) {
	case string:
		return utf8.ValidString(v) && !strings.ContainsRune(v, 0)
	case []any:
		for _, e := range v {
			if !cleanValue(e) {
				return false
			}
		}
	case map[string]any:
		for k, e := range v {
			if !cleanValue(k) || !cleanValue(e) {
				return false
			}
		}
	}
	return true
}
