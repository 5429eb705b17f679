package fleet_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/fleet"
)

var update = flag.Bool("update", false, "rewrite README.md's permission matrix from the code")

// The markers around the generated table in README.md.
const (
	matrixBegin = "<!-- permission matrix: generated from internal/fleet/roles.go by `go test ./internal/fleet -run TestREADMEMatrix -update` -->\n"
	matrixEnd   = "<!-- end of permission matrix -->\n"
)

// TestREADMEMatrix keeps the permission matrix in README.md equal to the one the code
// enforces (fleet.Matrix).
func TestREADMEMatrix(t *testing.T) {
	const path = "../../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, matrixBegin)
	end := strings.Index(readme, matrixEnd)
	if start < 0 || end < start {
		t.Fatalf("README.md lacks the markers of the permission matrix:\n%s%s", matrixBegin, matrixEnd)
	}
	got := readme[start+len(matrixBegin) : end]
	want := fleet.MatrixMarkdown()
	if got == want {
		return
	}
	if *update {
		readme = readme[:start+len(matrixBegin)] + want + readme[end:]
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("README.md's permission matrix differs from fleet.Matrix; run go test ./internal/fleet -run TestREADMEMatrix -update\nREADME:\n%s\ncode:\n%s", got, want)
}
