package httpserver_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/accountd/accountd/internal/testkit"
)

// specifiedDirectives are the directives of the GraphQL specification that every
// schema has without declaring them.
var specifiedDirectives = []string{"deprecated", "include", "oneOf", "skip", "specifiedBy"}

// TestIntrospectionDirectivesMatchSchemaFiles: introspection lists exactly the
// specified directives and those the .graphqls files declare (it listed @defer,
// which accountd does not deliver incrementally), and a document with @defer fails
// validation instead of running inline.
func TestIntrospectionDirectivesMatchSchemaFiles(t *testing.T) {
	t.Parallel()
	want := slices.Clone(specifiedDirectives)
	files, _ := filepath.Glob("../../graph/schema/*.graphqls")
	for _, f := range append(files, "../../schema.graphqls") {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := parser.ParseSchema(&ast.Source{Name: f, Input: string(b)})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range doc.Directives {
			want = append(want, d.Name)
		}
	}
	slices.Sort(want)

	srv := testkit.NewServer(t, "sqlite")
	c := srv.Client(t)
	var data struct {
		Schema struct {
			Directives []struct{ Name string } `json:"directives"`
		} `json:"__schema"`
	}
	if resp := c.Do(`{ __schema { directives { name } } }`, nil, &data); len(resp.Errors) > 0 {
		t.Fatalf("introspection: %s", resp.Body)
	}
	var got []string
	for _, d := range data.Schema.Directives {
		got = append(got, d.Name)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("introspection lists directives %v; the schema files and the specification declare %v", got, want)
	}

	resp := c.Do(`{ viewer { id ... @defer { email } } }`, nil, nil)
	if resp.Code() != "GRAPHQL_VALIDATION_FAILED" {
		t.Fatalf("@defer: %s, want GRAPHQL_VALIDATION_FAILED", resp.Body)
	}
}
