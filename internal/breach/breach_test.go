package breach_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/breach"
	"github.com/accountd/accountd/internal/testkit"
)

const (
	leaked = "violet tractor 88 sings alone"
	fresh  = "no breach has this one 7431 yet"
)

func newChecker(url string, clock *testkit.Clock, unavailable *atomic.Int64, timeout time.Duration) *breach.Checker {
	return breach.New(breach.Options{
		URL: url, Now: clock.Now, Timeout: timeout,
		OnUnavailable: func() { unavailable.Add(1) },
	})
}

// TestBreachedSendsOnlyThePrefix: the API is asked for the first 5 hex characters of
// the SHA-1 and nothing else of the password, with the padding header; the match is
// made here, and padding lines (count 0) match nothing.
func TestBreachedSendsOnlyThePrefix(t *testing.T) {
	t.Parallel()
	rs := testkit.StartRangeServer(t, leaked)
	var n atomic.Int64
	c := newChecker(rs.URL, testkit.NewClock(), &n, 0)
	ctx := context.Background()
	if !c.Breached(ctx, leaked) {
		t.Fatal("a leaked password was not found")
	}
	if c.Breached(ctx, fresh) {
		t.Fatal("a password no breach has was found")
	}
	for _, r := range rs.Requests() {
		prefix, ok := strings.CutPrefix(r.Path, "/range/")
		if !ok || len(prefix) != 5 || strings.Trim(prefix, "0123456789ABCDEF") != "" {
			t.Errorf("request path %q: want /range/ and 5 upper-case hex characters", r.Path)
		}
		if r.Padding != "true" {
			t.Errorf("Add-Padding = %q, want true", r.Padding)
		}
	}
	if got := len(rs.Requests()); got != 2 {
		t.Fatalf("%d requests, want 2", got)
	}
	if n.Load() != 0 {
		t.Fatalf("%d unavailable, want 0", n.Load())
	}
}

// TestBreachedPaddingLinesMatchNothing: a suffix listed with count 0 (padding) is no breach.
func TestBreachedPaddingLinesMatchNothing(t *testing.T) {
	t.Parallel()
	// SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("1E4C9B93F3F0682250B6CF8331B7EE68FD8:0\r\n"))
	}))
	t.Cleanup(hs.Close)
	var n atomic.Int64
	if newChecker(hs.URL, testkit.NewClock(), &n, 0).Breached(context.Background(), "password") {
		t.Fatal("a padding line (count 0) counted as a breach")
	}
}

// TestBreachedCachesByPrefix: a second check under the same prefix within the cache
// lifetime asks nothing; after it, the API is asked again.
func TestBreachedCachesByPrefix(t *testing.T) {
	t.Parallel()
	rs := testkit.StartRangeServer(t, leaked)
	clock := testkit.NewClock()
	var n atomic.Int64
	c := newChecker(rs.URL, clock, &n, 0)
	ctx := context.Background()
	for range 3 {
		if !c.Breached(ctx, leaked) {
			t.Fatal("not found")
		}
	}
	if got := len(rs.Requests()); got != 1 {
		t.Fatalf("%d requests for one prefix, want 1 (cached)", got)
	}
	clock.Advance(breach.DefaultCacheTTL + time.Second)
	c.Breached(ctx, leaked)
	if got := len(rs.Requests()); got != 2 {
		t.Fatalf("%d requests after the cache expired, want 2", got)
	}
}

// TestBreachedFailsOpenOnceAMinute: an API that fails (an error status, a refused
// connection, or no answer within the timeout) makes the check answer false and count
// the event; for the next minute the API is not asked at all, so an unreachable API
// costs one timeout a minute. The minute is the clock's, not the wall's. Only the case
// that waits for the timeout sets a short one; the others keep the default, so the
// answer that ends the minute never races a timeout on a busy machine.
func TestBreachedFailsOpenOnceAMinute(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		fail    func(rs *testkit.RangeServer)
		timeout time.Duration
		recover bool
	}{
		{"case=error status", func(rs *testkit.RangeServer) { rs.Fail(http.StatusServiceUnavailable) }, 0, true},
		{"case=no answer within the timeout", func(rs *testkit.RangeServer) { rs.Hang(true) }, 50 * time.Millisecond, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rs := testkit.StartRangeServer(t, leaked)
			tc.fail(rs)
			clock := testkit.NewClock()
			var n atomic.Int64
			c := newChecker(rs.URL, clock, &n, tc.timeout)
			ctx := context.Background()
			if c.Breached(ctx, leaked) {
				t.Fatal("a failed check did not fail open")
			}
			if got := len(rs.Requests()); got != 1 || n.Load() != 1 {
				t.Fatalf("requests %d, unavailable %d: want 1 and 1", got, n.Load())
			}
			for range 5 {
				clock.Advance(10 * time.Second)
				if c.Breached(ctx, leaked) {
					t.Fatal("a skipped check did not fail open")
				}
			}
			if got := len(rs.Requests()); got != 1 {
				t.Fatalf("the API was asked %d times within the minute after a failure, want 1", got)
			}
			if n.Load() != 6 {
				t.Fatalf("unavailable counted %d, want 6 (every unchecked password)", n.Load())
			}
			clock.Advance(11 * time.Second)
			if !tc.recover {
				c.Breached(ctx, leaked)
				if got := len(rs.Requests()); got != 2 {
					t.Fatalf("after the minute the API was asked %d times in all, want 2", got)
				}
				return
			}
			rs.Fail(0)
			if !c.Breached(ctx, leaked) {
				t.Fatal("after the minute the API was not asked again")
			}
			if got := len(rs.Requests()); got != 2 {
				t.Fatalf("%d requests, want 2", got)
			}
		})
	}
	t.Run("case=connection refused", func(t *testing.T) {
		t.Parallel()
		hs := httptest.NewServer(http.NotFoundHandler())
		url := hs.URL + "/range/"
		hs.Close()
		var n atomic.Int64
		c := newChecker(url, testkit.NewClock(), &n, 0)
		if c.Breached(context.Background(), leaked) || n.Load() != 1 {
			t.Fatalf("unreachable API: want false and one count, got count %d", n.Load())
		}
	})
}

// TestBreachedOff: without a URL nothing is asked and nothing is breached.
func TestBreachedOff(t *testing.T) {
	t.Parallel()
	var n atomic.Int64
	c := newChecker("", testkit.NewClock(), &n, 0)
	if c.Enabled() || c.Breached(context.Background(), "password") || n.Load() != 0 {
		t.Fatal("a checker without URL checked")
	}
	var nilChecker *breach.Checker
	if nilChecker.Enabled() || nilChecker.Breached(context.Background(), "password") {
		t.Fatal("a nil checker checked")
	}
}
