package password

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Hasher hashes and verifies passwords with argon2id, at most a fixed number at a time.
// Build it with NewHasher; it is safe for concurrent use.
type Hasher struct {
	params Params
	// slots is a semaphore: each running hash holds one, so at most cap(slots) hashes
	// hold their memory at once (19 MiB each by default) however many log-ins arrive.
	slots chan struct{}
	// waiting counts callers blocked on a slot, for QueueLength; at most maxWaiting
	// wait, and the next get ErrBusy at once.
	waiting    atomic.Int64
	maxWaiting int64
	busy       atomic.Int64
	// gate admits requests before they run (Admit), in front of slots and waiting.
	gate *gate
	// dummy is a hash of a random password with the current params, verified when there
	// is no stored hash so that an unknown email costs as much as a wrong password.
	dummy string
	// spanAttrs are the span attributes of a hash with params, made once.
	spanAttrs trace.SpanStartOption
}

// NewHasher returns a Hasher that hashes with p and runs at most workers hashes at once
// (runtime.GOMAXPROCS(0) when workers <= 0: argon2id with p=1 keeps one core busy, so
// more workers add memory, not throughput). It computes the dummy hash, which takes one
// hash's time. p must pass Validate (configuration checks it at start); NewHasher panics
// otherwise, as every sign-up would fail.
func NewHasher(p Params, workers int, opts ...Option) *Hasher {
	if err := p.Validate(); err != nil {
		panic(err)
	}
	workers = Workers(workers)
	h := &Hasher{params: p, slots: make(chan struct{}, workers), maxWaiting: int64(DefaultWaitingPerWorker * workers), gate: newGate(workers),
		spanAttrs: spanAttributes(p)}
	for _, o := range opts {
		o(h)
	}
	dummy, err := h.Hash(context.Background(), rand.Text())
	if err != nil {
		panic(fmt.Errorf("password: make the dummy hash: %w", err))
	}
	h.dummy = dummy
	return h
}

// Workers is how many hashes a Hasher built with workers runs at once: workers, or
// runtime.GOMAXPROCS(0) when workers <= 0.
func Workers(workers int) int {
	if workers <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return workers
}

// DefaultWaitingPerWorker is how many callers may wait for a slot per worker unless
// MaxWaiting says otherwise: at about 25 ms a hash, 64 per worker is a wait of about
// 1.6 s. Past it a flood gets ErrBusy at once instead of holding memory and connections
// for a wait no client would sit through.
const DefaultWaitingPerWorker = 64

// ErrBusy means too many callers already wait for a hashing slot; try again shortly.
var ErrBusy = errors.New("password: too many hashes waiting")

// Option changes a Hasher built by NewHasher.
type Option func(*Hasher)

// MaxWaiting bounds the callers waiting for a slot (n <= 0 keeps the default,
// DefaultWaitingPerWorker per worker).
func MaxWaiting(n int) Option {
	return func(h *Hasher) {
		if n > 0 {
			h.maxWaiting = int64(n)
		}
	}
}

// Refuse reports whether every waiting place is taken, so that a caller refuses its
// request early, before work it would have to undo, and counts that refusal in Refused.
// Hash and Verify enforce the bound themselves.
func (h *Hasher) Refuse() bool {
	if h.waiting.Load() < h.maxWaiting {
		return false
	}
	h.busy.Add(1)
	return true
}

// Refused returns how many calls got ErrBusy, how many Refuse calls said to refuse and
// how many requests Admit turned away, since the Hasher was made.
func (h *Hasher) Refused() int64 { return h.busy.Load() }

// Hash returns the PHC string of password with a new random salt. It waits for a free
// slot and returns ctx.Err() if ctx ends first, or ErrBusy when too many wait already.
// The password is normalized to NFKC first
// (see normalize); it is not truncated.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	ctx, span := startSpan(ctx, "password.hash", h.spanAttrs)
	defer span.End()
	salt := make([]byte, h.params.SaltLength)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: read salt: %w", err)
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	span.AddEvent("worker acquired")
	key := argon2.IDKey(normalize(password), salt, h.params.Iterations, h.params.MemoryKiB, h.params.Parallelism, h.params.KeyLength)
	return encodePHC(h.params, salt, key), nil
}

// Verify reports whether password matches the PHC string phc, using the parameters
// written in phc so hashes made under older parameters keep working.
//
// When phc is "" (no such account, or an account without a password) it verifies against
// the dummy hash and returns false, so that an unknown email takes as long as a wrong
// password (OWASP ASVS 6.3.8: no account enumeration through timing). A phc that is not a
// valid argon2id PHC string returns false and an error wrapping ErrMalformedHash; it
// never returns true. It waits for a free slot and returns ctx.Err() if ctx ends first,
// or ErrBusy when too many wait already.
func (h *Hasher) Verify(ctx context.Context, phc, password string) (bool, error) {
	exists := phc != ""
	if !exists {
		phc = h.dummy
	}
	stored, err := decodePHC(phc)
	if err != nil {
		return false, err
	}
	// The span is the same for an unknown account (the dummy hash): a trace does not
	// tell whether the address has one.
	attrs := h.spanAttrs
	if stored.params != h.params {
		attrs = spanAttributes(stored.params)
	}
	ctx, span := startSpan(ctx, "password.verify", attrs)
	defer span.End()
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	span.AddEvent("worker acquired")
	p := stored.params
	key := argon2.IDKey(normalize(password), stored.salt, p.Iterations, p.MemoryKiB, p.Parallelism, p.KeyLength)
	// Constant time, so the comparison does not tell how many leading bytes matched.
	match := subtle.ConstantTimeCompare(key, stored.key) == 1
	return match && exists, nil
}

// NeedsRehash reports whether phc was made with parameters other than the Hasher's, so
// that the caller stores a new hash after a successful log-in (the only time the password
// is at hand). A phc that does not parse also needs one.
func (h *Hasher) NeedsRehash(phc string) bool {
	stored, err := decodePHC(phc)
	return err != nil || stored.params != h.params
}

// QueueLength returns how many callers are waiting for a free slot: a sustained non-zero
// value means log-ins are queueing behind hashing.
func (h *Hasher) QueueLength() int {
	return int(h.waiting.Load())
}

// acquire takes a slot, or returns ctx.Err() once ctx ends, or ErrBusy when maxWaiting
// callers wait already. An ended ctx never starts a hash, even when a slot is free: its
// caller has gone.
func (h *Hasher) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case h.slots <- struct{}{}:
		return nil
	default:
	}
	if h.waiting.Add(1) > h.maxWaiting {
		h.waiting.Add(-1)
		h.busy.Add(1)
		return ErrBusy
	}
	defer h.waiting.Add(-1)
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release frees the slot taken by acquire.
func (h *Hasher) release() { <-h.slots }

// normalize applies Unicode NFKC before hashing, as NIST SP 800-63B-4 §3.1.1.2 asks of
// verifiers that accept Unicode: the same password typed on two keyboards (é as one code
// point or as e plus a combining accent) must give the same hash. Changing this later
// would lock out every password it changes, so it stays fixed.
func normalize(password string) []byte {
	return []byte(norm.NFKC.String(password))
}

// tracer makes the hashes' spans (otel's global tracer: it follows the provider that
// tracing.Setup installs, even when made before).
var tracer = otel.Tracer("github.com/accountd/accountd")

// noSpan is what startSpan returns outside a trace: a span that records nothing.
var noSpan = trace.SpanFromContext(context.Background())

// startSpan starts the span of one hash: its argon2id parameters (attrs, from
// spanAttributes), never its input or output. The wait for a worker shows as the time
// before its "worker acquired" event. Outside a trace (tracing off: no request span) it
// makes nothing, which allocates nothing.
func startSpan(ctx context.Context, name string, attrs trace.SpanStartOption) (context.Context, trace.Span) {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ctx, noSpan
	}
	return tracer.Start(ctx, name, attrs)
}

// spanAttributes are the span attributes of a hash with p.
func spanAttributes(p Params) trace.SpanStartOption {
	return trace.WithAttributes(
		attribute.Int("argon2.memory_kib", int(p.MemoryKiB)),
		attribute.Int("argon2.iterations", int(p.Iterations)),
		attribute.Int("argon2.parallelism", int(p.Parallelism)),
	)
}
