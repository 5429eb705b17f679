package password

import "testing"

// TestAdmissionGate: the gate admits AdmitPerWorker requests per worker in all and
// AdmitPerNetworkPerWorker from one network; past either it says no at once and counts
// the refusal; a released token admits the next request; nothing stays held.
func TestAdmissionGate(t *testing.T) {
	t.Parallel()
	h := NewHasher(cheap(), 2)
	share, total := 2*AdmitPerNetworkPerWorker, 2*AdmitPerWorker
	admit := func(network string, n int) {
		t.Helper()
		for i := range n {
			if !h.Admit(network) {
				t.Fatalf("%s: request %d of %d refused", network, i+1, n)
			}
		}
	}
	admit("192.0.2.1", share)
	if h.Admit("192.0.2.1") {
		t.Fatal("one network got more than its share of the gate")
	}
	admit("2001:db8::/64", total-share) // another network fills the gate
	if h.Admit("198.51.100.7") {
		t.Fatal("a full gate admitted a third network")
	}
	if got := h.Refused(); got != 2 {
		t.Fatalf("Refused() = %d, want 2", got)
	}
	h.Release("192.0.2.1")
	admit("198.51.100.7", 1) // the freed token goes to whoever comes next
	if h.Admit("192.0.2.1") {
		t.Fatal("a full gate admitted a request")
	}
	h.Release("198.51.100.7")
	for range share - 1 {
		h.Release("192.0.2.1")
	}
	for range total - share {
		h.Release("2001:db8::/64")
	}
	if h.gate.free != total || len(h.gate.held) != 0 {
		t.Fatalf("after every release: %d free of %d, %d networks held", h.gate.free, total, len(h.gate.held))
	}
	admit("192.0.2.1", share)
}
