package ratelimit_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/ratelimit"
	"github.com/accountd/accountd/internal/testkit"
)

func newLimiter(t *testing.T, storeName string, clock *testkit.Clock) *ratelimit.Limiter {
	t.Helper()
	return ratelimit.New(testkit.NewStore(t, storeName), clock.Now)
}

func TestLimiter(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		clock := testkit.NewClock()
		l := newLimiter(t, storeName, clock)
		rule := ratelimit.Rule{Limit: 3, Window: time.Minute}

		t.Run("case=window", func(t *testing.T) {
			key := ratelimit.Rule{Name: "test"}.Key("a@example.com")
			for i := range 3 {
				if err := l.Allow(t.Context(), key, rule); err != nil {
					t.Fatalf("hit %d: %v", i+1, err)
				}
			}
			clock.Advance(15 * time.Second)
			err := l.Allow(t.Context(), key, rule)
			f, ok := fault.As(err)
			if !ok || f.Code != fault.RateLimited || f.RetryAfter != 45*time.Second {
				t.Fatalf("4th hit = %v, want RATE_LIMITED after 45s", err)
			}
			if err := l.Allow(t.Context(), ratelimit.Rule{Name: "test"}.Key("b@example.com"), rule); err != nil {
				t.Fatalf("another key is limited too: %v", err)
			}
			clock.Advance(45 * time.Second)
			if err := l.Allow(t.Context(), key, rule); err != nil {
				t.Fatalf("after the window: %v", err)
			}
		})
		t.Run("case=concurrent hits are counted atomically", func(t *testing.T) {
			// Keycloak CVE-2024-4629: a read-then-write counter lets a burst through.
			key := ratelimit.Rule{Name: "burst"}.Key("c@example.com")
			var allowed, limited atomic.Int32
			var wg sync.WaitGroup
			for range 50 {
				wg.Go(func() {
					err := l.Allow(t.Context(), key, ratelimit.Rule{Limit: 10, Window: time.Hour})
					switch {
					case err == nil:
						allowed.Add(1)
					case fault.CodeOf(err) == fault.RateLimited:
						limited.Add(1)
					default:
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if allowed.Load() != 10 || limited.Load() != 40 {
				t.Fatalf("%d allowed, %d limited of 50; want 10 and 40", allowed.Load(), limited.Load())
			}
		})
		t.Run("case=check does not count, reset forgets", func(t *testing.T) {
			key := ratelimit.Rule{Name: "fail"}.Key("d@example.com")
			rule := ratelimit.Rule{Limit: 2, Window: time.Minute}
			for i := range 5 {
				if err := l.Check(t.Context(), key, rule); err != nil {
					t.Fatalf("check %d counted: %v", i, err)
				}
			}
			for want := 1; want <= 2; want++ {
				if c, err := l.Hit(t.Context(), key, rule); c.Hits != want || err != nil {
					t.Fatalf("Hit = %+v, %v; want %d hits, nil", c, err, want)
				}
			}
			if f, ok := fault.As(l.Check(t.Context(), key, rule)); !ok || f.RetryAfter != time.Minute {
				t.Fatalf("check at the limit = %v, want RATE_LIMITED for a minute", f)
			}
			if err := l.Reset(t.Context(), key); err != nil {
				t.Fatal(err)
			}
			if err := l.Check(t.Context(), key, rule); err != nil {
				t.Fatalf("check after reset: %v", err)
			}
		})
		t.Run("case=hit unless the guard is at its limit", func(t *testing.T) {
			key := ratelimit.Rule{Name: "addr"}.Key("e@example.com")
			guard := ratelimit.Rule{Name: "ip"}.Key("192.0.2.1")
			keyRule := ratelimit.Rule{Limit: 5, Window: time.Minute}
			guardRule := ratelimit.Rule{Limit: 2, Window: 2 * time.Minute}
			// Below its limit (no counter, then one hit) the guard lets hits count.
			for want := 1; want <= 2; want++ {
				if c, err := l.HitUnless(t.Context(), key, keyRule, guard, guardRule); c.Hits != want || err != nil {
					t.Fatalf("HitUnless = %+v, %v; want %d hits, nil", c, err, want)
				}
				if _, err := l.Hit(t.Context(), guard, guardRule); err != nil {
					t.Fatal(err)
				}
			}
			// At its limit it refuses, with its own retry time, and key is not counted.
			for range 2 {
				_, err := l.HitUnless(t.Context(), key, keyRule, guard, guardRule)
				if f, ok := fault.As(err); !ok || f.Code != fault.RateLimited || f.RetryAfter != 2*time.Minute {
					t.Fatalf("HitUnless with the guard at its limit = %v, want RATE_LIMITED for 2 minutes", err)
				}
			}
			// key's own limit still refuses, past it, while the guard is below its own.
			other := ratelimit.Rule{Name: "ip"}.Key("192.0.2.2")
			for want := 3; want <= 6; want++ {
				c, err := l.HitUnless(t.Context(), key, keyRule, other, guardRule)
				if c.Hits != want || (want <= 5) != (err == nil) {
					t.Fatalf("HitUnless = %+v, %v; want %d hits, refused only past 5", c, err, want)
				}
			}
			// Once the guard's window ended, hits count again (from a new window of key).
			clock.Advance(2 * time.Minute)
			if c, err := l.HitUnless(t.Context(), key, keyRule, guard, guardRule); c.Hits != 1 || err != nil {
				t.Fatalf("HitUnless after the guard's window = %+v, %v; want 1 hit, nil", c, err)
			}
		})
		t.Run("case=prune", func(t *testing.T) {
			clock.Advance(3 * time.Hour)
			n, err := l.Prune(t.Context(), time.Hour)
			if err != nil || n == 0 {
				t.Fatalf("Prune = %d, %v; want old counters gone", n, err)
			}
		})
	})
}
