package metrics_test

import (
	"context"
	"errors"
	"testing"

	"github.com/accountd/accountd/internal/metrics"
)

// TestDBGaugeKeepsLastValue: a count the database cannot answer leaves the gauge at
// its last value (absent before the first), never at a made-up figure such as -1.
func TestDBGaugeKeepsLastValue(t *testing.T) {
	m := metrics.New()
	var n int
	var down bool
	m.DBGauge("test_pending", "test", func(context.Context) (int, error) {
		if down {
			return 0, errors.New("database down")
		}
		return n, nil
	})
	read := func() (float64, bool) {
		got, err := m.Gather()
		if err != nil {
			t.Fatal(err)
		}
		v, ok := got["test_pending"]
		return v, ok
	}
	down = true
	if v, ok := read(); ok {
		t.Fatalf("gauge = %v before any count succeeded, want absent", v)
	}
	down, n = false, 7
	if v, ok := read(); !ok || v != 7 {
		t.Fatalf("gauge = %v, %v; want 7", v, ok)
	}
	down, n = true, 9
	if v, ok := read(); !ok || v != 7 {
		t.Fatalf("gauge = %v, %v while the database is down; want the last value 7", v, ok)
	}
}
