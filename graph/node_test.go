package graph

import (
	"testing"

	"github.com/accountd/accountd/internal/id"
)

// nodePrefixes is the id prefix of each GraphQL type that implements Node.
var nodePrefixes = map[string]string{
	"User":            id.User,
	"Session":         id.Session,
	"ApiKey":          id.APIKey,
	"Passkey":         id.Passkey,
	"SecurityEvent":   id.Event,
	"Fleet":           id.Fleet,
	"FleetMember":     id.FleetMember,
	"FleetInvitation": id.Invitation,
	"Device":          id.Device,
	"ProvisioningKey": id.ProvisioningKey,
}

// TestNodeTableCoversEveryNodeType: every type of the schema that implements Node has
// a row in node(id:)'s table, and every row is for such a type (a type with an id that
// a client may refetch must resolve through node).
func TestNodeTableCoversEveryNodeType(t *testing.T) {
	t.Parallel()
	table := (&Resolver{}).nodeTable()
	seen := map[string]bool{}
	for _, def := range parsedSchema.PossibleTypes["Node"] {
		p, ok := nodePrefixes[def.Name]
		if !ok {
			t.Errorf("type %s implements Node but has no id prefix in this test", def.Name)
			continue
		}
		if table[p] == nil {
			t.Errorf("type %s (%s_) implements Node but node(id:) has no row for it", def.Name, p)
		}
		seen[p] = true
	}
	for p := range table {
		if !seen[p] {
			t.Errorf("node(id:) resolves %s_, which is no type implementing Node", p)
		}
	}
	// Every type with an id field implements Node.
	for name, def := range parsedSchema.Types {
		if def.Fields.ForName("id") != nil && def.Kind == "OBJECT" {
			if _, ok := nodePrefixes[name]; !ok {
				t.Errorf("type %s has an id but does not implement Node", name)
			}
		}
	}
}
