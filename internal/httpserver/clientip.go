package httpserver

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// maxForwardedHops bounds how much of X-Forwarded-For is read: no real chain of proxies
// is longer, and a longer header is someone's invention.
const maxForwardedHops = 16

// clientIP is the address a request came from. It is the TCP peer, unless the peer is
// one of the trusted proxies (ACCOUNTD_TRUSTED_PROXIES): then X-Forwarded-For is read
// from the right, past every trusted proxy, and the first address that is not one is
// the client. Entries left of it are whatever the client sent and are never believed;
// a request that reaches accountd directly cannot choose its address at all.
func clientIP(remoteAddr string, forwardedFor []string, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	client := peer.Unmap().WithZone("")
	if !isTrusted(client, trusted) {
		return client.String()
	}
	var hops []string
	for _, h := range forwardedFor {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0 && i >= len(hops)-maxForwardedHops; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break // garbage: the last good address is as far as the chain can be followed
		}
		client = a
		if !isTrusted(client, trusted) {
			break
		}
	}
	return client.String()
}

// fromTrustedProxy reports whether a request's TCP peer is one of the trusted proxies:
// only then is its traceparent continued (tracing.Middleware), as only then is its
// X-Forwarded-For believed.
func fromTrustedProxy(trusted []netip.Prefix) func(*http.Request) bool {
	return func(r *http.Request) bool {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		peer, err := netip.ParseAddr(host)
		return err == nil && isTrusted(peer.Unmap().WithZone(""), trusted)
	}
}

// parseHop reads one X-Forwarded-For entry: an address, possibly with a port, and IPv6
// possibly in brackets.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
