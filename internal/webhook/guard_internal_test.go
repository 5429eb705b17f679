package webhook

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// TestDeliveryRefusesInsideAddresses: unless private networks are allowed, the client
// of admin-added endpoints refuses to connect to a loopback address, whatever name led
// there: the check runs on the address dialled (SSRF, ASVS 12.6.1).
func TestDeliveryRefusesInsideAddresses(t *testing.T) {
	hit := false
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	defer srv.Close()
	resp, err := newClient(5*time.Second, false, 1).Post(srv.URL, "application/json", nil)
	if err == nil {
		_ = resp.Body.Close()
	}
	if !errors.Is(err, errPrivateAddress) || hit {
		t.Fatalf("posted to loopback: err %v, reached %v", err, hit)
	}
	resp, err = newClient(5*time.Second, true, 1).Post(srv.URL, "application/json", nil)
	if err != nil {
		t.Fatalf("allowed: %v", err)
	}
	_ = resp.Body.Close()
}

// TestDeliveryDoesNotFollowRedirects: a receiver's redirect is a failed delivery, and
// the place it points to is never contacted.
func TestDeliveryDoesNotFollowRedirects(t *testing.T) {
	reached := false
	elsewhere := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }))
	defer elsewhere.Close()
	redirect := httptest.NewServer(http.RedirectHandler(elsewhere.URL, http.StatusTemporaryRedirect))
	defer redirect.Close()
	resp, err := newClient(5*time.Second, true, 1).Post(redirect.URL, "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || reached {
		t.Fatalf("status %d, redirect followed %v", resp.StatusCode, reached)
	}
}

func TestPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"93.184.215.14": true, "2606:4700::1111": true,
		"127.0.0.1": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.0.1": false,
		"169.254.169.254": false, "fe80::1": false, "fd00::1": false, "100.64.0.1": false, "0.0.0.0": false,
		"0.1.2.3": false, "::": false, "224.0.0.1": false, "::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false,
	} {
		if got := public(netip.MustParseAddr(addr)); got != want {
			t.Errorf("public(%s) = %v, want %v", addr, got, want)
		}
	}
}
