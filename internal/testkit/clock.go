package testkit

import (
	"sync"
	"time"
)

// Clock is a clock that tests move by hand, for expiry and rate-limit windows.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock at the current time, to the microsecond (what PostgreSQL
// keeps).
func NewClock() *Clock {
	return &Clock{now: time.Now().UTC().Truncate(time.Microsecond)}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
