package contract

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// schemaSources reads the schema files (schema.graphqls and graph/schema/*.graphqls).
func schemaSources(t *testing.T) []*ast.Source {
	t.Helper()
	files, err := filepath.Glob("../graph/schema/*.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	var out []*ast.Source
	for _, f := range append([]string{"../schema.graphqls"}, files...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &ast.Source{Name: f, Input: string(b)})
	}
	return out
}

// extension is a top-level `extend type ... { ... }` block of a schema file.
var extension = regexp.MustCompile(`(?ms)^extend [^\n]*\{.*?^\}\n?`)

// writeSchema writes the schema files, concatenated, to path (tools that take one file).
// Every extension goes last: a file may extend a type another file defines, and
// relay-compiler reads one file from the top.
func writeSchema(t *testing.T, path string) {
	t.Helper()
	var b, extensions strings.Builder
	for _, s := range schemaSources(t) {
		b.WriteString(extension.ReplaceAllStringFunc(s.Input, func(block string) string {
			extensions.WriteString(block)
			extensions.WriteString("\n")
			return ""
		}))
		b.WriteString("\n")
	}
	b.WriteString(extensions.String())
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRelayCompiler compiles relay/Contract.ts, fragments with @connection on every
// connection field and @refetchable on every type with an id, with relay-compiler
// against the schema. It first checks that the fragments cover the schema, so that a
// new connection or type with an id joins them.
func TestRelayCompiler(t *testing.T) {
	t.Parallel()
	schema, err := gqlparser.LoadSchema(schemaSources(t)...)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("relay/Contract.ts")
	if err != nil {
		t.Fatal(err)
	}
	for _, def := range schema.Types {
		if def.Kind != ast.Object || strings.HasPrefix(def.Name, "__") {
			continue
		}
		if id := def.Fields.ForName("id"); id != nil && id.Type.String() == "ID!" {
			re := regexp.MustCompile(`fragment \w+ on ` + def.Name + `\s+@refetchable`)
			if !re.Match(src) {
				t.Errorf("relay/Contract.ts has no @refetchable fragment on %s, a type with an id", def.Name)
			}
		}
		for _, f := range def.Fields {
			if !strings.HasSuffix(f.Type.Name(), "Connection") {
				continue
			}
			re := regexp.MustCompile(`fragment \w+ on ` + def.Name + `\b[^` + "`" + `]*\b` + f.Name + `\(first: \$count, after: \$cursor\) @connection`)
			if !re.Match(src) {
				t.Errorf("relay/Contract.ts has no @connection on %s.%s", def.Name, f.Name)
			}
		}
	}

	node := requireNode(t, "relay-compiler")
	writeSchema(t, ".relay/schema.graphql")
	if err := os.RemoveAll(".relay/__generated__"); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(".relay/__generated__", 0o755); err != nil {
		t.Fatal(err)
	}
	out := run(t, node, "node_modules/relay-compiler/cli.js", "--output", "quiet-with-errors")
	t.Log(out)
}
