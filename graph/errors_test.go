package graph

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"

	"github.com/accountd/accountd/internal/fault"
)

// faultCodes reads every constant of type fault.Code from the source of internal/fault,
// so a code added there is checked here without a list to keep in step.
func faultCodes(t *testing.T) []fault.Code {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../internal/fault/fault.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []fault.Code
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			if typ, ok := v.Type.(*ast.Ident); !ok || typ.Name != "Code" {
				continue
			}
			for _, val := range v.Values {
				lit, ok := val.(*ast.BasicLit)
				if !ok {
					t.Fatalf("a fault.Code constant is not a string literal: %T", val)
				}
				c, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				codes = append(codes, fault.Code(c))
			}
		}
	}
	if len(codes) < 10 {
		t.Fatalf("found only %d fault codes in internal/fault/fault.go: is the parser reading the right file?", len(codes))
	}
	return codes
}

// TestFaultCodesAreUserErrorCodes: every code a use-case can return as a userError is a
// value of the GraphQL enum UserErrorCode, and every value of the enum is a code of
// internal/fault. The top-level codes (UNAUTHENTICATED, FORBIDDEN) never reach a
// userError (userErrors turns them into top-level errors), so they are not in the enum.
func TestFaultCodesAreUserErrorCodes(t *testing.T) {
	enum := parsedSchema.Types["UserErrorCode"]
	if enum == nil {
		t.Fatal("the schema has no UserErrorCode")
	}
	var values []fault.Code
	for _, v := range enum.EnumValues {
		values = append(values, fault.Code(v.Name))
	}
	codes := faultCodes(t)
	for _, c := range codes {
		switch in := slices.Contains(values, c); {
		case topLevel(c) && in:
			t.Errorf("%s is a top-level code but is in UserErrorCode", c)
		case !topLevel(c) && !in:
			t.Errorf("fault code %s is missing from the GraphQL enum UserErrorCode", c)
		}
	}
	for _, v := range values {
		if !slices.Contains(codes, v) {
			t.Errorf("UserErrorCode %s is no code of internal/fault", v)
		}
	}
}
