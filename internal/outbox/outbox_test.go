package outbox

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	t.Run("case=plain doubling capped", func(t *testing.T) {
		b := Backoff{Base: time.Second, Max: 5 * time.Second}
		want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
		for i, w := range want {
			if got := b.After(i + 1); got != w {
				t.Errorf("After(%d) = %s, want %s", i+1, got, w)
			}
		}
	})
	t.Run("case=jitter stays within half and all of the wait, and varies", func(t *testing.T) {
		b := Backoff{Base: time.Second, Max: time.Hour, Jitter: true}
		seen := map[time.Duration]bool{}
		for range 200 {
			d := b.After(4) // 8 s without jitter
			if d < 4*time.Second || d > 8*time.Second {
				t.Fatalf("After(4) = %s, want within [4s, 8s]", d)
			}
			seen[d] = true
		}
		if len(seen) < 2 {
			t.Fatalf("200 jittered waits were all %v", seen)
		}
	})
}

func TestRecordUntil(t *testing.T) {
	t.Run("case=retried until it commits", func(t *testing.T) {
		calls := 0
		tries, err := RecordUntil(context.Background(), NewLease(time.Now(), time.Minute), time.Second, func(context.Context) error {
			calls++
			if calls < 3 {
				return errors.New("database busy")
			}
			return nil
		}, nil)
		if err != nil || tries != 3 {
			t.Fatalf("tries %d, err %v; want 3, nil", tries, err)
		}
	})
	t.Run("case=gives up when the lease is too close to its end", func(t *testing.T) {
		tries, err := RecordUntil(context.Background(), NewLease(time.Now(), time.Second), time.Second, func(context.Context) error {
			return errors.New("database down")
		}, nil)
		if err == nil || tries != 1 {
			t.Fatalf("tries %d, err %v; want 1 and the error", tries, err)
		}
	})
}

func TestClip(t *testing.T) {
	if got := Clip("héllo", 2); got != "h" {
		t.Fatalf("Clip split a UTF-8 sequence: %q", got)
	}
	if got := Clip("abc", 5); got != "abc" {
		t.Fatalf("Clip(abc, 5) = %q", got)
	}
}
