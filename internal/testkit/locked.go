package testkit

import "sync"

// SetLocked sets *dst to v while holding mu: the setters of the fake servers, whose
// handlers read on other goroutines what a test sets.
func SetLocked[T any](mu *sync.Mutex, dst *T, v T) {
	mu.Lock()
	defer mu.Unlock()
	*dst = v
}
