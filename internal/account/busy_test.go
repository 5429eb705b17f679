package account_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/testkit"
)

// TestLogInWhenHashingIsBusy: with the one hash worker busy and the one waiting place
// taken, a further log-in gets RATE_LIMITED with a retry-after at once, without waiting
// and without counting as an attempt against the address; the two in the queue finish.
func TestLogInWhenHashingIsBusy(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite", func(c *config.Config) {
		// Slow enough hashing that two log-ins are still in the pool while a third comes.
		c.Argon2MemoryKiB, c.Argon2Iterations = 64*1024, 3
		c.HashWorkers, c.HashMaxWaiting = 1, 1
		c.LogInMaxAttempts = 3
		// Each request from its own network (X-Forwarded-For): the admission gate lets
		// one network hold one token per worker, and this test is about the pool.
		c.TrustedProxies = []string{"127.0.0.1"}
	})
	var clients atomic.Int32
	client := func() *testkit.Client {
		c := srv.Client(t)
		c.Header.Set("X-Forwarded-For", fmt.Sprintf("192.0.2.%d", clients.Add(1)))
		return c
	}
	newAccount(t, srv, "busy@example.com")
	gauge := func(name string) float64 {
		m, err := srv.App.Metrics.Gather()
		if err != nil {
			t.Fatal(err)
		}
		return m[name]
	}

	// Two wrong passwords: the first hashes, the second waits (attempts 1 and 2 of 3).
	var wg sync.WaitGroup
	var answered atomic.Int64
	inQueue := make([]payload, 2)
	for i := range inQueue {
		wg.Go(func() {
			var out struct{ LogIn payload }
			client().Do(logInOp, map[string]any{"email": "busy@example.com", "password": "wrong password number one"}, &out)
			inQueue[i] = out.LogIn
			answered.Add(1)
		})
		deadline := time.Now().Add(20 * time.Second)
		for gauge("accountd_password_hash_queue_length") < float64(i) {
			if time.Now().After(deadline) {
				t.Fatal("the log-ins did not reach the hash pool")
			}
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond) // the first holds the worker before the second comes
	}
	deadline := time.Now().Add(20 * time.Second)
	for gauge("accountd_password_hash_queue_length") < 1 {
		if time.Now().After(deadline) {
			t.Fatal("no log-in waits for the hash worker")
		}
		time.Sleep(time.Millisecond)
	}

	// The third is refused at once, with a retry-after: while the one that waits for the
	// worker is still waiting (it needs a whole hash after the first).
	start := time.Now()
	p := logIn(t, client(), "busy@example.com", strongPassword)
	took := time.Since(start)
	if n := answered.Load(); n == 2 {
		t.Fatal("the refusal came after both queued log-ins were answered: it waited")
	}
	wantCodes(t, p.UserErrors, "RATE_LIMITED")
	if ra := p.UserErrors[0].RetryAfterSeconds; ra == nil || *ra < 1 {
		t.Fatalf("retryAfterSeconds = %v, want >= 1", ra)
	}
	if p.Token != nil {
		t.Fatal("a refused log-in got a session")
	}
	if gauge("accountd_password_hash_busy_total") != 1 {
		t.Fatalf("accountd_password_hash_busy_total = %v, want 1", gauge("accountd_password_hash_busy_total"))
	}
	wg.Wait()
	for _, p := range inQueue {
		wantCodes(t, p.UserErrors, "INVALID_CREDENTIALS")
	}
	t.Logf("refused in %s while two log-ins were in the pool", took.Round(time.Millisecond))

	// The refusal did not count: this is attempt 3 of 3, and the right password works.
	if p := logIn(t, client(), "busy@example.com", strongPassword); p.Token == nil {
		t.Fatalf("log-in after the refusal: %+v (the refused attempt counted against the address)", p.UserErrors)
	}
}

// TestHashBusyInABurstCountsNoAttempt: a burst of wrong log-ins for one address, most of
// them turned away by the full hashing queue, counts against the address only the
// attempts whose password was checked; a refusal that came after the count takes its
// hit back. The same for sign-up: a refused sign-up does not spend the minute's email.
func TestHashBusyInABurstCountsNoAttempt(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, testHashBusyInABurst)
}

func testHashBusyInABurst(t *testing.T, store string) {
	srv := testkit.NewServer(t, store, func(c *config.Config) {
		c.Argon2MemoryKiB, c.Argon2Iterations = 16*1024, 2
		c.HashWorkers, c.HashMaxWaiting = 1, 2
		c.LogInMaxAttempts = 100
	})
	newAccount(t, srv, "burst@example.com")
	const n = 40
	codes := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var out struct{ LogIn payload }
			srv.Client(t).Do(logInOp, map[string]any{"email": "burst@example.com", "password": fmt.Sprintf("wrong password %d", i)}, &out)
			if len(out.LogIn.UserErrors) == 1 {
				codes[i] = out.LogIn.UserErrors[0].Code
			}
		})
	}
	wg.Wait()
	checked, refused := 0, 0
	for _, c := range codes {
		switch c {
		case "INVALID_CREDENTIALS":
			checked++
		case "RATE_LIMITED":
			refused++
		default:
			t.Fatalf("answer %q", c)
		}
	}
	if refused == 0 {
		t.Skip("no log-in of the burst found the queue full on this machine: nothing to check")
	}
	counter, err := srv.App.Store.Client.RateLimit.Get(context.Background(), limits.LogIn.Key("burst@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	if counter.Hits != checked {
		t.Fatalf("the address counts %d attempts; %d passwords were checked and %d refused for load", counter.Hits, checked, refused)
	}
	t.Logf("%d checked, %d refused for load, %d counted", checked, refused, counter.Hits)
}
