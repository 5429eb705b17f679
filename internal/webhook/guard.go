package webhook

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// maxURLLen is the schema's limit on an endpoint's URL.
const maxURLLen = 2000

// errPrivateAddress is why a delivery to an address inside the network was refused.
var errPrivateAddress = errors.New("refused: the endpoint resolves to a loopback, private or link-local address (ACCOUNTD_WEBHOOK_ALLOW_PRIVATE_NETWORKS)")

// CheckURL says what is wrong with an endpoint URL, or nil: it must be an absolute
// http or https URL with a host, without credentials or a fragment. Unless
// allowPrivate, a host that is an address inside the network (loopback, private,
// link-local: see public) or "localhost" is refused too; a name that resolves to one is
// refused when delivering, at each connection (see dialer), since DNS may answer
// differently then (OWASP SSRF Prevention Cheat Sheet; ASVS 12.6.1).
func CheckURL(raw string, allowPrivate bool) error {
	if len(raw) > maxURLLen {
		return fmt.Errorf("longer than %d characters", maxURLLen)
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return errors.New("not an absolute URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("want an http or https URL")
	}
	if u.Hostname() == "" {
		return errors.New("the URL has no host")
	}
	if u.User != nil {
		return errors.New("credentials in the URL are not allowed: receivers verify the signature")
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return errors.New("a fragment is not allowed")
	}
	if allowPrivate {
		return nil
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return errors.New("localhost is not allowed (ACCOUNTD_WEBHOOK_ALLOW_PRIVATE_NETWORKS)")
	}
	if ip, err := netip.ParseAddr(host); err == nil && !public(ip) {
		return errors.New("a loopback, private or link-local address is not allowed (ACCOUNTD_WEBHOOK_ALLOW_PRIVATE_NETWORKS)")
	}
	return nil
}

// sharedAddressSpace is 100.64.0.0/10 (RFC 6598), carrier-grade NAT: inside a network.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// public reports whether ip is an address on the internet: not loopback, private
// (RFC 1918, RFC 4193), link-local (cloud metadata services live at 169.254.169.254),
// shared, unspecified or multicast.
func public(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() &&
		!ip.IsLinkLocalMulticast() && !ip.IsInterfaceLocalMulticast() && !ip.IsMulticast() &&
		!ip.IsUnspecified() && !sharedAddressSpace.Contains(ip) &&
		!(ip.Is4() && ip.As4()[0] == 0) // 0.0.0.0/8, "this network"
}

// dialer connects to receivers. Unless allowPrivate, it refuses, at the moment of
// connecting, any address that is not public: the check sees the address actually
// dialled, after DNS, so a name that resolves (or rebinds) to an inside address is
// refused as well.
func dialer(timeout time.Duration, allowPrivate bool) *net.Dialer {
	d := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return errPrivateAddress
			}
			ip, err := netip.ParseAddr(host)
			if err != nil || !public(ip) {
				return errPrivateAddress
			}
			return nil
		}
	}
	return d
}

// newClient is the HTTP client of deliveries: the whole exchange bounded by timeout,
// redirects not followed (a 3xx is a failed delivery: a receiver cannot send accountd
// elsewhere), and no proxy from the environment when addresses are checked (the check
// must see the receiver's address, not the proxy's). Connections are not capped per
// host: two endpoints on one host must not wait for each other; the worker bounds the
// deliveries in flight per endpoint instead.
func newClient(timeout time.Duration, allowPrivate bool, perEndpoint int) *http.Client {
	t := &http.Transport{
		DialContext:           dialer(timeout, allowPrivate).DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   perEndpoint,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	if allowPrivate {
		t.Proxy = http.ProxyFromEnvironment
	}
	return &http.Client{
		Transport: t,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
