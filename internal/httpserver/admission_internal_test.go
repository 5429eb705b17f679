package httpserver

import (
	"testing"

	"github.com/accountd/accountd/graph"
)

// TestGatedMutationsHaveARefusal: every mutation the admission gate decides has a
// refusal payload in graph (RefuseAdmitted), or a refused one would run after all.
func TestGatedMutationsHaveARefusal(t *testing.T) {
	for name := range hashingMutations {
		if !graph.Refusable(name) {
			t.Errorf("%s is gated but graph.RefuseAdmitted has no payload for it", name)
		}
	}
}
