package password

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// fullGate returns a one-worker Hasher whose gate is full (AdmitPerWorker networks
// holding one token each, "held0" ... "held7"), with the waiting options opts, and a
// channel that receives the network of every request that starts to wait.
func fullGate(t *testing.T, opts ...Option) (*Hasher, chan string) {
	t.Helper()
	queued := make(chan string, 64)
	opts = append([]Option{AdmitWait(time.Hour), OnAdmitWait(func(n string) { queued <- n })}, opts...)
	h := NewHasher(cheap(), 1, opts...)
	for _, n := range held(0) {
		admitN(t, h, n, 1)
	}
	return h, queued
}

// wait starts Admit(ctx, network) and returns once it waits in line; its answer
// arrives on the returned channel.
func wait(ctx context.Context, h *Hasher, queued chan string, network string) chan bool {
	answer := make(chan bool, 1)
	go func() { answer <- h.Admit(ctx, network) }()
	<-queued
	return answer
}

// held names the networks fullGate holds tokens for, from the i-th on.
func held(i int) []string {
	names := make([]string, 0, AdmitPerWorker-i)
	for ; i < AdmitPerWorker; i++ {
		names = append(names, fmt.Sprintf("held%d", i))
	}
	return names
}

// checkRefused checks that h refused want requests.
func checkRefused(t *testing.T, h *Hasher, want int64) {
	t.Helper()
	if got := h.Refused(); got != want {
		t.Fatalf("Refused() = %d, want %d", got, want)
	}
}

// checkDrained releases what the test still holds and checks that the gate is back to
// all tokens free, nothing held, nobody waiting: no token leaked.
func checkDrained(t *testing.T, h *Hasher, holders ...string) {
	t.Helper()
	for _, n := range holders {
		h.Release(n)
	}
	g := h.gate
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.free != AdmitPerWorker || len(g.held) != 0 || g.waiting != 0 || len(g.waitingBy) != 0 || g.head != nil || g.tail != nil {
		t.Fatalf("gate after every release: %d free of %d, held %v, %d waiting %v", g.free, AdmitPerWorker, g.held, g.waiting, g.waitingBy)
	}
}

// TestAdmitWaitHandsOverInOrder: at a full gate new networks wait; each released
// token goes straight to the oldest waiter (first come, first served), and the
// others keep waiting.
func TestAdmitWaitHandsOverInOrder(t *testing.T) {
	t.Parallel()
	h, queued := fullGate(t)
	a := wait(t.Context(), h, queued, "192.0.2.1")
	b := wait(t.Context(), h, queued, "192.0.2.2")
	c := wait(t.Context(), h, queued, "192.0.2.3")
	h.Release("held0")
	if !<-a {
		t.Fatal("the oldest waiter was refused the released token")
	}
	if got := h.AdmitWaiting(); got != 2 {
		t.Fatalf("%d waiting after one hand-over, want 2", got)
	}
	h.Release("held1")
	if !<-b {
		t.Fatal("the second waiter was refused the second token")
	}
	h.Release("held2")
	if !<-c {
		t.Fatal("the third waiter was refused the third token")
	}
	checkRefused(t, h, 0)
	checkDrained(t, h, append(held(3), "192.0.2.1", "192.0.2.2", "192.0.2.3")...)
}

// TestAdmitWaitKeepsTheReserveOnHandOver: a released token that is all that is free is
// in the reserve: the oldest waiter, whose network already holds a token, is passed
// over and a network holding none, behind it, gets it; the passed-over waiter gets
// the next token once more than the reserve is free.
func TestAdmitWaitKeepsTheReserveOnHandOver(t *testing.T) {
	t.Parallel()
	h, queued := fullGate(t)
	holder := wait(t.Context(), h, queued, "held0") // holds one already
	newcomer := wait(t.Context(), h, queued, "192.0.2.1")
	h.Release("held1")
	if !<-newcomer {
		t.Fatal("a network holding no token did not get the reserve's token")
	}
	if got := h.AdmitWaiting(); got != 1 {
		t.Fatalf("%d waiting, want 1 (the network holding a token)", got)
	}
	// Free more than the reserve: the passed-over waiter gets a token.
	for i := 2; i < 2+AdmitReservePerWorker+1; i++ {
		h.Release(fmt.Sprintf("held%d", i))
	}
	if !<-holder {
		t.Fatal("the waiter of a network holding a token was not admitted once more than the reserve was free")
	}
	checkDrained(t, h, append(held(5), "held0", "held0", "192.0.2.1")...)
}

// TestAdmitWaitKeepsTheShareOnHandOver: a network at its share waits even with tokens
// free, a later network is admitted past it at once, and the waiter gets a token as
// soon as its network gives one back.
func TestAdmitWaitKeepsTheShareOnHandOver(t *testing.T) {
	t.Parallel()
	queued := make(chan string, 8)
	h := NewHasher(cheap(), 1, AdmitWait(time.Hour), OnAdmitWait(func(n string) { queued <- n }))
	const flood = "203.0.113.9"
	admitN(t, h, flood, AdmitPerNetworkPerWorker)
	over := wait(t.Context(), h, queued, flood)
	admitN(t, h, "192.0.2.1", 1) // not held up behind the waiter its share stops
	if got := h.AdmitWaiting(); got != 1 {
		t.Fatalf("%d waiting, want the network at its share", got)
	}
	h.Release("192.0.2.1") // another network's token: the flood's share is still taken
	if got := h.AdmitWaiting(); got != 1 {
		t.Fatalf("%d waiting after another network's release, want 1: a hand-over broke the share", got)
	}
	h.Release(flood)
	if !<-over {
		t.Fatal("the waiter was not admitted once its network gave a token back")
	}
	checkDrained(t, h, flood, flood)
}

// TestAdmitWaitLeavesOnCancel: a waiter whose request ends leaves the line at once,
// refused and counted, and takes nothing: the next release frees its token.
func TestAdmitWaitLeavesOnCancel(t *testing.T) {
	t.Parallel()
	h, queued := fullGate(t)
	ctx, cancel := context.WithCancel(t.Context())
	gone := wait(ctx, h, queued, "192.0.2.1")
	cancel()
	if <-gone {
		t.Fatal("a cancelled waiter was admitted")
	}
	checkRefused(t, h, 1)
	checkDrained(t, h, held(0)...)
}

// TestAdmitWaitHandOverRacesCancel: a token handed to a waiter whose request ends at
// the same moment is given back (to the next waiter), never lost: here both happen
// before the waiter looks, and, repeated, in either order.
func TestAdmitWaitHandOverRacesCancel(t *testing.T) {
	t.Parallel()
	t.Run("both", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		var h *Hasher
		var once sync.Once
		next := make(chan string, 1)
		h = NewHasher(cheap(), 1, AdmitWait(time.Hour), OnAdmitWait(func(n string) {
			if n == "192.0.2.1" {
				once.Do(func() { // the token is handed over and the request ends, before Admit looks
					h.Release("held0")
					cancel()
				})
				return
			}
			next <- n
		}))
		for _, n := range held(0) {
			admitN(t, h, n, 1)
		}
		if h.Admit(ctx, "192.0.2.1") {
			t.Fatal("a waiter whose request ended was admitted")
		}
		// The token it gave back is free (a newcomer takes the reserve at once).
		admitN(t, h, "192.0.2.2", 1)
		checkDrained(t, h, append(held(1), "192.0.2.2")...)
	})
	t.Run("repeated", func(t *testing.T) {
		t.Parallel()
		h, queued := fullGate(t)
		for i := range 200 {
			ctx, cancel := context.WithCancel(t.Context())
			network := fmt.Sprintf("198.51.100.%d", i%250)
			answer := wait(ctx, h, queued, network)
			done := make(chan struct{})
			go func() { h.Release("held0"); close(done) }()
			cancel()
			<-done
			if <-answer { // admitted before the cancel was seen: it holds the token
				h.Release(network)
			}
			admitN(t, h, "held0", 1) // the token is back, whoever had it
			cancel()
		}
		checkDrained(t, h, held(0)...)
	})
}

// TestAdmitWaitIsBounded: with AdmitMaxWaiting requests waiting the next is refused at
// once (here it would otherwise wait an hour); a waiter past the gate's wait is
// refused and leaves the line.
func TestAdmitWaitIsBounded(t *testing.T) {
	t.Parallel()
	h, queued := fullGate(t, AdmitMaxWaiting(2))
	a := wait(t.Context(), h, queued, "192.0.2.1")
	b := wait(t.Context(), h, queued, "192.0.2.2")
	if h.Admit(t.Context(), "192.0.2.3") {
		t.Fatal("a request past the waiting bound was admitted")
	}
	checkRefused(t, h, 1)
	h.Release("held0")
	h.Release("held1")
	if !<-a || !<-b {
		t.Fatal("the waiters within the bound were not admitted")
	}

	short, _ := fullGate(t, AdmitWait(time.Millisecond))
	if short.Admit(t.Context(), "192.0.2.1") {
		t.Fatal("a full gate admitted a request whose wait ended")
	}
	if got := short.AdmitWaiting(); got != 0 {
		t.Fatalf("%d still waiting after the wait", got)
	}
	checkDrained(t, short, held(0)...)
	checkDrained(t, h, append(held(2), "192.0.2.1", "192.0.2.2")...)
}

// TestAdmitWaitCapsEachNetwork: one network may fill only 1/AdmitWaitingNetworks of the
// line: past that its next request is refused at once while a newcomer still waits, and is handed a token past the flood's waiter
// that the reserve holds back; a flood waiter that leaves the line makes room for one
// more of its network.
func TestAdmitWaitCapsEachNetwork(t *testing.T) {
	t.Parallel()
	if got, want := NewHasher(cheap(), 2).gate.networkWaitCap(), 2*AdmitWaitingPerWorker/AdmitWaitingNetworks; got != want {
		t.Fatalf("waiting cap of a network with two workers = %d, want %d", got, want)
	}
	h, queued := fullGate(t, AdmitMaxWaiting(2*AdmitWaitingNetworks)) // two per network
	const flood = "203.0.113.9"
	first := wait(t.Context(), h, queued, flood)
	second := wait(t.Context(), h, queued, flood)
	// Refused at once, not queued (without the cap it would wait an hour).
	overCtx, overCancel := context.WithCancel(t.Context())
	defer overCancel()
	over := make(chan bool, 1)
	go func() { over <- h.Admit(overCtx, flood) }()
	select {
	case admitted := <-over:
		if admitted {
			t.Fatal("a request past its network's waiting cap was admitted")
		}
	case <-queued:
		overCancel()
		t.Fatal("a request past its network's waiting cap waits in line")
	}
	checkRefused(t, h, 1)
	newcomer := wait(t.Context(), h, queued, "192.0.2.1")
	if got := h.AdmitWaiting(); got != 3 {
		t.Fatalf("%d waiting, want the flood's two and the newcomer", got)
	}

	h.Release("held0") // to the oldest waiter: the flood held no token
	if !<-first {
		t.Fatal("the flood's oldest waiter was refused the released token")
	}
	ctx, cancel := context.WithCancel(t.Context())
	// Room again: one of the flood's two left the line.
	third := wait(ctx, h, queued, flood)
	// The reserve's token: the newcomer's, past the flood's waiters.
	h.Release("held1")
	if !<-newcomer {
		t.Fatal("the newcomer was refused the reserve's token")
	}
	cancel()
	if <-third {
		t.Fatal("a cancelled waiter was admitted")
	}
	checkRefused(t, h, 2)
	for _, n := range held(2)[:AdmitReservePerWorker+1] { // more than the reserve free
		h.Release(n)
	}
	if !<-second {
		t.Fatal("the flood's second waiter was not admitted once more than the reserve was free")
	}
	checkDrained(t, h, append(held(3+AdmitReservePerWorker), flood, flood, "192.0.2.1")...)
}
