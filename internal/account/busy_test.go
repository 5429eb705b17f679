package account_test

import (
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/config"
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
	})
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
	inQueue := make([]payload, 2)
	for i := range inQueue {
		wg.Go(func() {
			var out struct{ LogIn payload }
			srv.Client(t).Do(logInOp, map[string]any{"email": "busy@example.com", "password": "wrong password number one"}, &out)
			inQueue[i] = out.LogIn
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

	// The third is refused at once, with a retry-after.
	start := time.Now()
	p := logIn(t, srv.Client(t), "busy@example.com", strongPassword)
	took := time.Since(start)
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
	if p := logIn(t, srv.Client(t), "busy@example.com", strongPassword); p.Token == nil {
		t.Fatalf("log-in after the refusal: %+v (the refused attempt counted against the address)", p.UserErrors)
	}
}
