package httpserver

import (
	"net/netip"
	"strings"
	"testing"
)

func TestClientIP(t *testing.T) {
	t.Parallel()
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	long := strings.Repeat("10.0.0.9, ", 40) + "10.0.0.8"
	cases := []struct {
		name, remote string
		xff          []string
		trusted      []netip.Prefix
		want         string
	}{
		{"direct, no proxies trusted", "203.0.113.7:5123", nil, nil, "203.0.113.7"},
		{"direct client's X-Forwarded-For is ignored", "203.0.113.7:5123", []string{"198.51.100.1"}, proxies, "203.0.113.7"},
		{"no proxies configured: header ignored", "10.0.0.2:80", []string{"198.51.100.1"}, nil, "10.0.0.2"},
		{"one trusted proxy", "10.0.0.2:80", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
		{"spoofed entries left of the real client", "10.0.0.2:80", []string{"1.2.3.4, 5.6.7.8, 198.51.100.1"}, proxies, "198.51.100.1"},
		{"two trusted proxies", "10.0.0.2:80", []string{"198.51.100.1, 10.1.1.1"}, proxies, "198.51.100.1"},
		{"several headers read as one list", "10.0.0.2:80", []string{"9.9.9.9", "198.51.100.1, 10.1.1.1"}, proxies, "198.51.100.1"},
		{"trusted proxy without the header", "10.0.0.2:80", nil, proxies, "10.0.0.2"},
		{"garbage stops the walk at the last good hop", "10.0.0.2:80", []string{"198.51.100.1, nonsense, 10.1.1.1"}, proxies, "10.1.1.1"},
		{"garbage right away: the proxy itself", "10.0.0.2:80", []string{"<script>"}, proxies, "10.0.0.2"},
		{"address with port", "10.0.0.2:80", []string{"198.51.100.1:4711"}, proxies, "198.51.100.1"},
		{"IPv6 in brackets with port", "[fd00::1]:80", []string{"[2001:db8::5]:4711"}, proxies, "2001:db8::5"},
		{"IPv6 bare", "[fd00::1]:80", []string{"2001:db8::5"}, proxies, "2001:db8::5"},
		{"IPv4-mapped IPv6 peer", "[::ffff:10.0.0.2]:80", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
		{"all hops trusted: the leftmost", "10.0.0.2:80", []string{"10.3.3.3, 10.1.1.1"}, proxies, "10.3.3.3"},
		{"over-long chain read only 16 hops deep", "10.0.0.2:80", []string{"198.51.100.1, " + long}, proxies, "10.0.0.9"},
		{"remote without port", "203.0.113.7", nil, nil, "203.0.113.7"},
	}
	for _, tc := range cases {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			if got := clientIP(tc.remote, tc.xff, tc.trusted); got != tc.want {
				t.Fatalf("clientIP(%q, %q) = %q, want %q", tc.remote, tc.xff, got, tc.want)
			}
		})
	}
}
