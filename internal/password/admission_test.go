package password

import (
	"fmt"
	"testing"
)

// admitN takes n tokens for network, failing the test on a refusal.
func admitN(t *testing.T, h *Hasher, network string, n int) {
	t.Helper()
	for i := range n {
		if !h.Admit(t.Context(), network) {
			t.Fatalf("%s: request %d of %d refused", network, i+1, n)
		}
	}
}

// TestAdmissionGate: one network gets AdmitPerNetworkPerWorker tokens per worker and no
// more (refused at once, counted); a released token admits the next request; nothing
// stays held.
func TestAdmissionGate(t *testing.T) {
	t.Parallel()
	h := NewHasher(cheap(), 2, AdmitWait(0))
	share, total := 2*AdmitPerNetworkPerWorker, 2*AdmitPerWorker
	admitN(t, h, "192.0.2.1", share)
	if h.Admit(t.Context(), "192.0.2.1") {
		t.Fatal("one network got more than its share of the gate")
	}
	if got := h.Refused(); got != 1 {
		t.Fatalf("Refused() = %d, want 1", got)
	}
	h.Release("192.0.2.1")
	admitN(t, h, "192.0.2.1", 1) // the freed token goes to whoever comes next
	for range share {
		h.Release("192.0.2.1")
	}
	if h.gate.free != total || len(h.gate.held) != 0 {
		t.Fatalf("after every release: %d free of %d, %d networks held", h.gate.free, total, len(h.gate.held))
	}
	admitN(t, h, "192.0.2.1", share)
}

// TestAdmissionGateTwoNetworksCannotStarveAThird: the review's probe (4 workers, two
// networks flooding) no longer fills the gate: both stop at their cap and a third
// network is admitted.
func TestAdmissionGateTwoNetworksCannotStarveAThird(t *testing.T) {
	t.Parallel()
	h := NewHasher(cheap(), 4, AdmitWait(0))
	share := 4 * AdmitPerNetworkPerWorker
	for _, network := range []string{"192.0.2.1", "2001:db8::/48"} {
		admitN(t, h, network, share)
		if h.Admit(t.Context(), network) {
			t.Fatalf("%s got more than its cap of %d", network, share)
		}
	}
	admitN(t, h, "198.51.100.7", share)
}

// TestAdmissionGateReserveIsForNewNetworks: when many networks have taken the gate down
// to its reserve, those networks are refused more, and a network holding nothing is
// still admitted until the very last token.
func TestAdmissionGateReserveIsForNewNetworks(t *testing.T) {
	t.Parallel()
	const workers = 2
	h := NewHasher(cheap(), workers, AdmitWait(0))
	total, reserve := workers*AdmitPerWorker, workers*AdmitReservePerWorker
	var holders []string
	for i := 0; h.gate.free > reserve; i++ { // flooding networks, one token each
		network := fmt.Sprintf("203.0.113.%d", i)
		admitN(t, h, network, 1)
		holders = append(holders, network)
	}
	if got := len(holders); got != total-reserve {
		t.Fatalf("%d networks got in before the reserve, want %d", got, total-reserve)
	}
	for _, network := range holders {
		if h.Admit(t.Context(), network) {
			t.Fatalf("%s holds a token and took one of the reserve", network)
		}
	}
	for i := range reserve {
		admitN(t, h, fmt.Sprintf("198.51.100.%d", i), 1)
	}
	if h.Admit(t.Context(), "192.0.2.99") {
		t.Fatal("an empty gate admitted a request")
	}
	h.Release(holders[0])
	admitN(t, h, "192.0.2.99", 1)
}
