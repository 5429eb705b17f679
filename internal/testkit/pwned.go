package testkit

import (
	"crypto/sha1" //nolint:gosec // the range API is keyed by SHA-1
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/accountd/accountd/internal/config"
)

// RangeServer is a local Pwned Passwords range API: GET /range/{5 hex} answers the
// suffixes of the passwords it was given, padded with lines of count 0 like the real one.
// It records what it was asked, and can be told to fail or to hang.
type RangeServer struct {
	URL string

	mu       sync.Mutex
	breached map[string][]string // prefix -> suffixes
	requests []RangeRequest
	status   int  // 0: 200
	hang     bool // wait for the client to give up
}

// RangeRequest is one request the range server saw.
type RangeRequest struct {
	Path    string
	Padding string
}

// StartRangeServer starts a range server that knows passwords as breached.
func StartRangeServer(t testing.TB, passwords ...string) *RangeServer {
	t.Helper()
	rs := &RangeServer{breached: map[string][]string{}}
	rs.Add(passwords...)
	hs := httptest.NewServer(http.HandlerFunc(rs.serve))
	t.Cleanup(hs.Close)
	rs.URL = hs.URL + "/range/"
	return rs
}

// Add marks passwords as breached.
func (rs *RangeServer) Add(passwords ...string) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, p := range passwords {
		sum := sha1.Sum([]byte(p)) //nolint:gosec // see the import
		h := strings.ToUpper(hex.EncodeToString(sum[:]))
		rs.breached[h[:5]] = append(rs.breached[h[:5]], h[5:])
	}
}

// Fail makes the server answer status (0: answer normally again).
func (rs *RangeServer) Fail(status int) {
	SetLocked(&rs.mu, &rs.status, status)
}

// Hang makes the server hold every request until the client gives up (on: true).
func (rs *RangeServer) Hang(on bool) {
	SetLocked(&rs.mu, &rs.hang, on)
}

// Requests returns what the server was asked so far.
func (rs *RangeServer) Requests() []RangeRequest {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return append([]RangeRequest(nil), rs.requests...)
}

func (rs *RangeServer) serve(w http.ResponseWriter, r *http.Request) {
	rs.mu.Lock()
	rs.requests = append(rs.requests, RangeRequest{Path: r.URL.Path, Padding: r.Header.Get("Add-Padding")})
	status, hang := rs.status, rs.hang
	prefix := strings.TrimPrefix(r.URL.Path, "/range/")
	suffixes := append([]string(nil), rs.breached[strings.ToUpper(prefix)]...)
	rs.mu.Unlock()
	if hang {
		<-r.Context().Done()
		return
	}
	if status != 0 {
		http.Error(w, "unavailable", status)
		return
	}
	if len(prefix) != 5 {
		http.Error(w, "The hash prefix was not in a valid format", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	for _, s := range suffixes {
		fmt.Fprintf(w, "%s:%d\r\n", s, 42)
	}
	// Padding, as the real API adds with Add-Padding: suffixes that no password has.
	for i := range 3 {
		fmt.Fprintf(w, "%035X:0\r\n", i+1)
	}
}

// WithBreachedPasswords points the server's breached-password check at rs (the test
// harness leaves it off otherwise: this machine may have no internet).
func WithBreachedPasswords(rs *RangeServer) Option {
	return func(c *config.Config) { c.BreachedPasswordURL = rs.URL }
}
