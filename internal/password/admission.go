package password

import "sync"

// Sizes of the admission gate, per hash worker (issue 26).
const (
	// AdmitPerWorker is how many requests that hash may be in flight per hash worker:
	// one hashing and the others doing their database work before and after, so no
	// worker waits for work, and few enough that a flood queues almost nothing.
	AdmitPerWorker = 8
	// AdmitPerNetworkPerWorker is how many of them one client network may hold per
	// worker: enough to keep every worker busy alone, and half the gate, so one
	// flooding network leaves room for everyone else.
	AdmitPerNetworkPerWorker = 4
)

// gate is the in-process admission gate in front of the hash queue (Admit).
type gate struct {
	mu    sync.Mutex
	free  int            // tokens left
	share int            // tokens one network may hold
	held  map[string]int // tokens held per network; no entry for none
}

func newGate(workers int) *gate {
	return &gate{
		free:  workers * AdmitPerWorker,
		share: workers * AdmitPerNetworkPerWorker,
		held:  make(map[string]int, workers*AdmitPerWorker),
	}
}

// Admit is the admission gate in front of the hash queue: a request that will hash
// (a log-in, a sign-up, ...) takes a token for its client network before it runs, and
// gives it back with Release once answered. With no token left, or with its network
// holding its share (AdmitPerNetworkPerWorker per worker) already, Admit says no and
// the caller refuses the request at once with RATE_LIMITED, before any query or rate
// limit row: a flood then costs next to nothing, and the admitted requests keep every
// worker busy. The decision depends only on what is in flight and from which network,
// never on the account asked for (no enumeration). A refusal counts in Refused.
func (h *Hasher) Admit(network string) bool {
	g := h.gate
	g.mu.Lock()
	n := g.held[network]
	ok := g.free > 0 && n < g.share
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
