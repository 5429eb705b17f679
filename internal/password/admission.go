package password

import "sync"

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
)

// gate is the in-process admission gate in front of the hash queue (Admit).
type gate struct {
	mu      sync.Mutex
	free    int            // tokens left
	share   int            // tokens one network may hold
	reserve int            // tokens only a network holding none may take
	held    map[string]int // tokens held per network; no entry for none
}

func newGate(workers int) *gate {
	return &gate{
		free:    workers * AdmitPerWorker,
		share:   max(1, workers*AdmitPerNetworkPerWorker),
		reserve: workers * AdmitReservePerWorker,
		held:    make(map[string]int, workers*AdmitPerWorker),
	}
}

// Admit is the admission gate in front of the hash queue: a request that will hash
// (a log-in, a sign-up, a password confirmation, ...) takes a token for its client
// network before it runs, and gives it back with Release once answered. Admit says no
// when no token is left, when its network holds its share (AdmitPerNetworkPerWorker
// per worker) already, or when its network holds a token and only the reserve
// (AdmitReservePerWorker per worker, for networks holding none) is left; the caller
// then refuses the request at once with RATE_LIMITED, before any query or rate limit
// row: a flood costs next to nothing, the admitted requests keep every worker busy,
// and a few networks cannot take every token. O(1), in memory. The decision depends
// only on what is in flight and from which network, never on the account asked for
// (no enumeration). A refusal counts in Refused.
func (h *Hasher) Admit(network string) bool {
	g := h.gate
	g.mu.Lock()
	n := g.held[network]
	ok := g.free > 0 && n < g.share && (n == 0 || g.free > g.reserve)
	if ok {
		g.free--
		g.held[network] = n + 1
	}
	g.mu.Unlock()
	if !ok {
		h.busy.Add(1)
	}
	return ok
}

// Release gives back the token Admit gave for network.
func (h *Hasher) Release(network string) {
	g := h.gate
	g.mu.Lock()
	g.free++
	if n := g.held[network]; n <= 1 {
		delete(g.held, network) // the map holds at most the gate's size of entries
	} else {
		g.held[network] = n - 1
	}
	g.mu.Unlock()
}
