package contract

import (
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

// TestGraphQLOverHTTPAudit runs graphql-http's serverAudits (audit.mjs) against a real
// accountd: 0 failures, 0 warnings and 0 notices. The server runs in dev: several audits
// query __type, which production refuses (introspection is dev only).
func TestGraphQLOverHTTPAudit(t *testing.T) {
	t.Parallel()
	node := requireNode(t, "graphql-http")
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		out := run(t, node, "audit.mjs", srv.URL+"/graphql")
		if !strings.Contains(out, " 0 failures, 0 warnings, 0 notices") {
			t.Fatalf("audit: %s", out)
		}
		t.Log(strings.TrimSpace(out))
	})
}
