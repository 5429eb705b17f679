package contract

import (
	"strings"
	"testing"
)

// descriptionRules are graphql-schema-linter's rules that every type, field, argument,
// input field and enum value has a description: they become the doc comments of the
// code that client generators (graphql-codegen, Apollo Kotlin, Relay) write.
var descriptionRules = []string{
	"types-have-descriptions",
	"fields-have-descriptions",
	"arguments-have-descriptions",
	"input-object-values-have-descriptions",
	"enum-values-have-descriptions",
}

// TestSchemaDescriptions runs graphql-schema-linter (pinned) with the description rules
// over the schema files: 0 violations.
func TestSchemaDescriptions(t *testing.T) {
	t.Parallel()
	node := requireNode(t, "graphql-schema-linter")
	writeSchema(t, ".lint/schema.graphql")
	out := run(t, node, "node_modules/graphql-schema-linter/lib/cli.js",
		"--rules", strings.Join(descriptionRules, ","), ".lint/schema.graphql")
	if !strings.Contains(out, "0 errors detected") {
		t.Fatalf("graphql-schema-linter: %s", out)
	}
}
