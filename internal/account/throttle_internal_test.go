package account

import (
	"testing"
	"time"
)

func TestLockFor(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]time.Duration{
		0: 15 * time.Minute, 1: 15 * time.Minute, 2: 30 * time.Minute, 3: time.Hour, 4: 2 * time.Hour,
		7: 16 * time.Hour, 8: 24 * time.Hour, 9: 24 * time.Hour, 1000: 24 * time.Hour,
	} {
		if got := lockFor(15*time.Minute, n); got != want {
			t.Errorf("lockFor(15m, %d) = %s, want %s", n, got, want)
		}
	}
	if got := lockFor(48*time.Hour, 1); got != maxLock {
		t.Errorf("a window longer than maxLock: lockFor = %s, want %s", got, maxLock)
	}
}
