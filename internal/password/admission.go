package password

import (
	"context"
	"sync"
	"time"
)

// Sizes of the admission gate, per hash worker (issue 26; security review finding 4).
const (
	// AdmitPerWorker is how many requests that hash may be in flight per hash worker:
	// one hashing and the others doing their database work before and after, so no
	// worker waits for work, and few enough that a flood queues almost nothing.
	AdmitPerWorker = 8
	// AdmitPerNetworkPerWorker is how many of them one client network may hold per
	// worker: one network alone keeps every worker busy (and a few people behind one
	// address or a load balancer's health-checked pool log in at once), and it takes
	// AdmitPerWorker/2 networks at their cap to fill the gate, so two or three flooding
	// networks leave room for everyone else, and the reserve below for newcomers.
	AdmitPerNetworkPerWorker = 2
	// AdmitReservePerWorker is how many tokens per worker only a network that holds
	// none may take: once the gate is down to them, networks already in it wait, and a
	// newcomer (a real user among many flooding networks) still gets in.
	AdmitReservePerWorker = 2

	// AdmitWaitingPerWorker is how many requests per worker may wait for a token
	// (AdmitWait) once the gate is full; past it a request is refused at once. 512 per
	// worker (1,024 on two CPUs) holds a 1,000-connection flood: each connection has
	// one request in flight and its goroutine anyway, and a waiter adds only a waiter
	// (a channel, a timer, its network), so waiting costs a few hundred bytes more than
	// refusing, where refusing at once costs the whole HTTP and GraphQL path again as
	// soon as the client retries.
	AdmitWaitingPerWorker = 512
	// AdmitWaitingNetworks is how many networks at their waiting cap fill the line: one
	// network may have at most 1/AdmitWaitingNetworks of its places waiting (64 per
	// worker, 128 on two CPUs), so a single flooding network cannot take every place
	// and a newcomer still waits instead of being refused at once. The cap costs the
	// flooding network next to nothing: its waiters are let in at most its share at a
	// time, so in DefaultAdmitWait it gets through at most what the whole gate hashes
	// in that time (some 50 to 70 log-ins a second on two CPUs, BENCHMARKS.md), and its
	// waiters past the cap would mostly have waited their second out and been refused.
	AdmitWaitingNetworks = 8
)

// DefaultAdmitWait is how long a request the gate cannot admit at once waits for a
// token before it is refused (AdmitWait): a hash takes tens of milliseconds and the
// gate holds AdmitPerWorker requests per worker, so a token frees every few
// milliseconds under load and a real log-in among a flood gets one well within a
// second; a second also bounds a closed-loop client's refusals to about one a second
// per connection (each answered refusal would have it send the next at once), and an
// admitted request's answer stays well under the two seconds clients commonly wait.
const DefaultAdmitWait = time.Second

// AdmitWait sets how long a request waits at a full gate before it is refused (d < 0
// keeps DefaultAdmitWait; 0 refuses at once, as the gate did before it queued).
func AdmitWait(d time.Duration) Option {
	return func(h *Hasher) {
		if d >= 0 {
			h.gate.wait = d
		}
	}
}

// AdmitMaxWaiting bounds the requests waiting at the gate (n <= 0 keeps the default,
// AdmitWaitingPerWorker per worker); one network may have 1/AdmitWaitingNetworks of
// them waiting (at least one).
func AdmitMaxWaiting(n int) Option {
	return func(h *Hasher) {
		if n > 0 {
			h.gate.maxWaiting = n
		}
	}
}

// OnAdmitWait calls f, without the gate's lock, each time a request starts to wait at
// the gate (queued, not yet admitted): tests synchronise on it instead of sleeping.
func OnAdmitWait(f func(network string)) Option {
	return func(h *Hasher) { h.gate.onWait = f }
}

// gate is the in-process admission gate in front of the hash queue (Admit).
type gate struct {
	mu      sync.Mutex
	free    int            // tokens left
	share   int            // tokens one network may hold
	reserve int            // tokens only a network holding none may take
	held    map[string]int // tokens held per network; no entry for none
	// head and tail are the queue of waiters, oldest first; waiting counts them, at
	// most maxWaiting, and waitingBy per network (no entry for none), at most
	// networkWaitCap.
	head, tail *waiter
	waiting    int
	waitingBy  map[string]int
	maxWaiting int
	wait       time.Duration // how long a waiter waits at most
	onWait     func(network string)
}

// waiter is a request waiting at the gate: all it holds is its network and the channel
// a hand-over closes.
type waiter struct {
	network    string
	granted    chan struct{} // closed once the waiter holds a token (under mu)
	prev, next *waiter
}

func newGate(workers int) *gate {
	return &gate{
		free:       workers * AdmitPerWorker,
		share:      max(1, workers*AdmitPerNetworkPerWorker),
		reserve:    workers * AdmitReservePerWorker,
		held:       make(map[string]int, workers*AdmitPerWorker),
		waitingBy:  make(map[string]int),
		maxWaiting: workers * AdmitWaitingPerWorker,
		wait:       DefaultAdmitWait,
	}
}

// fits reports whether network may take a token now: one is free, the network holds
// less than its share, and it holds none or more than the reserve is free. mu held.
func (g *gate) fits(network string) bool {
	n := g.held[network]
	return g.free > 0 && n < g.share && (n == 0 || g.free > g.reserve)
}

// mayWait reports whether a request of network may join the line: the line has a
// place, and the network has fewer than its cap (networkWaitCap) waiting. mu held.
func (g *gate) mayWait(network string) bool {
	return g.waiting < g.maxWaiting && g.waitingBy[network] < g.networkWaitCap()
}

// networkWaitCap is how many requests of one network may wait: 1/AdmitWaitingNetworks
// of the line, at least one.
func (g *gate) networkWaitCap() int { return max(1, g.maxWaiting/AdmitWaitingNetworks) }

// decrement counts one less for network, deleting its entry at zero, so a count map
// holds only the networks it counts.
func decrement(m map[string]int, network string) {
	if n := m[network]; n <= 1 {
		delete(m, network)
	} else {
		m[network] = n - 1
	}
}

// take gives network a token. mu held, fits(network) true.
func (g *gate) take(network string) {
	g.free--
	g.held[network]++
}

// enqueue appends w to the queue. mu held.
func (g *gate) enqueue(w *waiter) {
	w.prev = g.tail
	if g.tail == nil {
		g.head = w
	} else {
		g.tail.next = w
	}
	g.tail = w
	g.waiting++
	g.waitingBy[w.network]++
}

// unlink takes w out of the queue. mu held, w queued.
func (g *gate) unlink(w *waiter) {
	if w.prev == nil {
		g.head = w.next
	} else {
		w.prev.next = w.next
	}
	if w.next == nil {
		g.tail = w.prev
	} else {
		w.next.prev = w.prev
	}
	w.prev, w.next = nil, nil
	g.waiting--
	decrement(g.waitingBy, w.network) // the map holds at most maxWaiting entries
}

// handOver gives free tokens to the oldest waiters that may take them (their network
// below its share, and the reserve kept for networks holding none), so no token stays
// free while a waiter could use it. mu held.
func (g *gate) handOver() {
	for w := g.head; w != nil && g.free > 0; {
		next := w.next
		if g.fits(w.network) {
			g.unlink(w)
			g.take(w.network)
			close(w.granted)
		}
		w = next
	}
}

// Admit is the admission gate in front of the hash queue: a request that will hash
// (a log-in, a sign-up, a password confirmation, ...) takes a token for its client
// network before it runs, and gives it back with Release once answered. A request may
// take a token when one is free, its network holds less than its share
// (AdmitPerNetworkPerWorker per worker), and its network holds none or more than the
// reserve (AdmitReservePerWorker per worker, for networks holding none) is free.
// Otherwise it waits in line, first come first served, until a released token is
// handed to it under the same rules (a waiter whose network may not take it yet is
// passed over, not the token lost), until its ctx ends, or until the gate's wait
// (DefaultAdmitWait) is over; with AdmitWaitingPerWorker per worker already waiting,
// or 1/AdmitWaitingNetworks of that from its own network, it does not wait. Admit says
// no on each of those; the caller then refuses the request
// with RATE_LIMITED, before any query or rate limit row: a flood costs next to
// nothing, its closed-loop clients wait instead of retrying at once, the admitted
// requests keep every worker busy, and a few networks cannot take every token.
// In memory; the decision and the wait depend only on what is in flight and from
// which network, never on the account asked for (no enumeration). A refusal counts in
// Refused.
func (h *Hasher) Admit(ctx context.Context, network string) bool {
	g := h.gate
	g.mu.Lock()
	if g.fits(network) {
		g.take(network)
		g.mu.Unlock()
		return true
	}
	if g.wait <= 0 || !g.mayWait(network) || ctx.Err() != nil {
		g.mu.Unlock()
		h.busy.Add(1)
		return false
	}
	w := &waiter{network: network, granted: make(chan struct{})}
	g.enqueue(w)
	g.mu.Unlock()
	if g.onWait != nil {
		g.onWait(network)
	}
	timer := time.NewTimer(g.wait)
	defer timer.Stop()
	select {
	case <-w.granted:
	case <-ctx.Done():
	case <-timer.C:
	}
	g.mu.Lock()
	granted := isClosed(w.granted)
	if !granted {
		g.unlink(w)
	}
	g.mu.Unlock()
	if granted {
		if ctx.Err() == nil {
			return true
		}
		h.Release(network) // handed a token as its caller went: it goes to the next waiter
	}
	h.busy.Add(1)
	return false
}

// isClosed reports whether c is closed.
func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// Release gives back the token Admit gave for network: to the oldest waiter that may
// take it, or to the free tokens.
func (h *Hasher) Release(network string) {
	g := h.gate
	g.mu.Lock()
	g.free++
	decrement(g.held, network) // the map holds at most the gate's size of entries
	if g.head != nil {
		g.handOver()
	}
	g.mu.Unlock()
}

// AdmitWaiting returns how many requests wait at the gate.
func (h *Hasher) AdmitWaiting() int {
	g := h.gate
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.waiting
}
