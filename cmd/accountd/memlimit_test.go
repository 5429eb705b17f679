package main

import (
	"testing"

	"github.com/accountd/accountd/internal/password"
)

// The default soft memory limit of accountd serve: 128 MiB plus twice the memory of
// the hashes that may run at once (README, configuration; BENCHMARKS.md).
func TestMemoryLimit(t *testing.T) {
	def := password.DefaultParams().MemoryKiB
	for _, c := range []struct {
		workers int
		kib     uint32
		mib     int64
	}{
		{1, def, 128 + 2*19},
		{2, def, 204}, // the defaults on 2 CPUs: the load test's 1,000-connection flood
		{8, def, 128 + 16*19},
		{2, 64 << 10, 128 + 4*64},
	} {
		if got := memoryLimit(c.workers, c.kib); got != c.mib<<20 {
			t.Errorf("memoryLimit(%d, %d KiB) = %d MiB (%d bytes), want %d MiB", c.workers, c.kib, got>>20, got, c.mib)
		}
	}
}
