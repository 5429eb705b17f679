// Package breach asks the Have I Been Pwned "Pwned Passwords" range API whether a
// password appears in known data breaches, as NIST SP 800-63B-4 §3.1.1.2 asks of a new
// password ("passwords obtained from previous breach corpuses") and OWASP ASVS 6.2.12.
//
// Only the first 5 hexadecimal characters of the password's SHA-1 leave the server
// (k-anonymity): the API answers with every suffix under that prefix and the match is made
// here. The request asks for padding (Add-Padding: true), so the answer's size does not
// tell an observer of the traffic which prefix was asked.
//
// The check fails open: when the API cannot be reached within Timeout, or answers with
// an error, the password is taken as not breached, the event is logged and counted, and
// the API is not asked again for Backoff (a minute), so an unreachable API costs one
// timeout a minute, never one per request. Answers are cached by prefix for CacheTTL.
package breach

import (
	"bufio"
	"context"
	"crypto/sha1" //nolint:gosec // the range API is keyed by SHA-1; it hashes no secret we store
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PublicURL is the Have I Been Pwned range API: the prefix is appended to it.
const PublicURL = "https://api.pwnedpasswords.com/range/"

// Defaults of a Checker.
const (
	// DefaultTimeout bounds one request to the API: a sign-up waits at most this long
	// for an API that does not answer.
	DefaultTimeout = 2 * time.Second
	// DefaultBackoff is how long the API is not asked again after it failed.
	DefaultBackoff = time.Minute
	// DefaultCacheTTL is how long the answer for a prefix is reused.
	DefaultCacheTTL = 10 * time.Minute
	// maxCached bounds the cache: each entry is one prefix's suffix set (about 1,000
	// suffixes of 35 bytes with padding: under 100 KiB).
	maxCached = 256
	// maxBody bounds what is read of one answer (real ones are about 40 KB).
	maxBody = 1 << 20
)

// Options configure a Checker; what is left zero takes the default.
type Options struct {
	// URL is the range API's base; the 5-character prefix is appended. Empty turns the
	// check off (Breached always answers false).
	URL      string
	Timeout  time.Duration
	Backoff  time.Duration
	CacheTTL time.Duration
	// Client makes the requests; nil uses a client of its own.
	Client *http.Client
	Now    func() time.Time
	Log    *slog.Logger
	// OnUnavailable is called once per request that failed open (metrics).
	OnUnavailable func()
}

// Checker answers whether a password is in the breach corpus. It is safe for concurrent
// use; a nil *Checker, or one without URL, checks nothing.
type Checker struct {
	opt Options

	mu        sync.Mutex
	cache     map[string]cached
	downUntil time.Time
}

type cached struct {
	suffixes map[string]struct{}
	until    time.Time
}

// New returns a Checker.
func New(o Options) *Checker {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Backoff <= 0 {
		o.Backoff = DefaultBackoff
	}
	if o.CacheTTL <= 0 {
		o.CacheTTL = DefaultCacheTTL
	}
	if o.Client == nil {
		o.Client = &http.Client{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.URL != "" && !strings.HasSuffix(o.URL, "/") {
		o.URL += "/"
	}
	return &Checker{opt: o, cache: map[string]cached{}}
}

// Enabled reports whether the check is on.
func (c *Checker) Enabled() bool { return c != nil && c.opt.URL != "" }

// Breached reports whether password appears in the breach corpus. It never returns an
// error: a failure of the API is logged, counted and answered false (fail open).
func (c *Checker) Breached(ctx context.Context, password string) bool {
	if !c.Enabled() {
		return false
	}
	sum := sha1.Sum([]byte(password)) //nolint:gosec // see the import
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	prefix, suffix := h[:5], h[5:]

	now := c.opt.Now()
	c.mu.Lock()
	if e, ok := c.cache[prefix]; ok && now.Before(e.until) {
		c.mu.Unlock()
		_, found := e.suffixes[suffix]
		return found
	}
	if now.Before(c.downUntil) {
		c.mu.Unlock()
		c.failedOpen(ctx, errSkipped)
		return false
	}
	c.mu.Unlock()

	suffixes, err := c.fetch(ctx, prefix)
	if err != nil {
		c.mu.Lock()
		c.downUntil = c.opt.Now().Add(c.opt.Backoff)
		c.mu.Unlock()
		c.failedOpen(ctx, err)
		return false
	}
	c.mu.Lock()
	c.remember(prefix, suffixes, c.opt.Now())
	c.mu.Unlock()
	_, found := suffixes[suffix]
	return found
}

// errSkipped is the reason of a check skipped because the API failed less than Backoff ago.
var errSkipped = errors.New("skipped: the API failed less than a minute ago")

// failedOpen logs and counts a check that could not be made.
func (c *Checker) failedOpen(ctx context.Context, err error) {
	c.opt.Log.WarnContext(ctx, "breached-password check unavailable: password accepted unchecked", "error", err)
	if c.opt.OnUnavailable != nil {
		c.opt.OnUnavailable()
	}
}

// remember caches a prefix's suffixes; c.mu is held. A full cache first drops what
// expired, then, if still full, everything (a cache, not a store).
func (c *Checker) remember(prefix string, suffixes map[string]struct{}, now time.Time) {
	if len(c.cache) >= maxCached {
		for p, e := range c.cache {
			if !now.Before(e.until) {
				delete(c.cache, p)
			}
		}
		if len(c.cache) >= maxCached {
			clear(c.cache)
		}
	}
	c.cache[prefix] = cached{suffixes: suffixes, until: now.Add(c.opt.CacheTTL)}
}

// fetch asks the API for the suffixes under prefix that appear in breaches (count > 0;
// the padding lines have count 0).
func (c *Checker) fetch(ctx context.Context, prefix string) (map[string]struct{}, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.opt.URL+prefix, nil)
	if err != nil {
		return nil, fmt.Errorf("breach: request: %w", err)
	}
	req.Header.Set("Add-Padding", "true")
	req.Header.Set("User-Agent", "accountd")
	resp, err := c.opt.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("breach: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
		return nil, fmt.Errorf("breach: the range API answered %s", resp.Status)
	}
	out := map[string]struct{}{}
	sc := bufio.NewScanner(io.LimitReader(resp.Body, maxBody))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		suffix, count, ok := strings.Cut(line, ":")
		if !ok || len(suffix) != 35 {
			continue
		}
		if n, err := strconv.Atoi(count); err == nil && n > 0 {
			out[strings.ToUpper(suffix)] = struct{}{}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("breach: read the answer: %w", err)
	}
	return out, nil
}
