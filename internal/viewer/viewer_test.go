package viewer

import "testing"

func TestClientNetwork(t *testing.T) {
	t.Parallel()
	for ip, want := range map[string]string{
		"203.0.113.7":           "203.0.113.7",
		"::ffff:203.0.113.7":    "203.0.113.7",
		"2001:db8:1:2:3:4:5:6":  "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1":  "2001:db8:1:2::/64",
		"2001:db8:1:3::1":       "2001:db8:1:3::/64",
		"not an address (pipe)": "not an address (pipe)",
	} {
		if got := (Client{IP: ip}).Network(); got != want {
			t.Errorf("Network() of %q = %q, want %q", ip, got, want)
		}
	}
}
