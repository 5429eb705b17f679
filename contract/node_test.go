// Package contract checks accountd's contract with its clients using the clients' own
// tooling from npm (pinned in package-lock.json): the graphql-http package's
// GraphQL-over-HTTP audit against a running accountd, relay-compiler over fragments of
// every connection and Node type, and graphql-schema-linter's description rule.
// Each needs Node.js and `npm ci` in this folder; without them the tests skip, unless
// CI=true, where they fail.
package contract

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// requireNode returns the node binary, or skips (fails under CI=true) when Node.js or
// this folder's npm packages are missing.
func requireNode(t *testing.T, pkg string) string {
	t.Helper()
	miss := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf(format+" (required under CI=true)", args...)
		}
		t.Skipf(format, args...)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		miss("node is not installed")
		return ""
	}
	if _, err := os.Stat(filepath.Join("node_modules", pkg, "package.json")); err != nil {
		miss("node_modules/%s is missing: run `npm ci` in contract/", pkg)
		return ""
	}
	return node
}

// run runs a node script of this folder and fails the test with its output when it
// exits non-zero.
func run(t *testing.T, node string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, node, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("node %v: %v\n%s", args, err, out)
	}
	return string(out)
}
