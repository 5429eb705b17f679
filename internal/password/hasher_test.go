package password

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

// cheap keeps tests fast; only TestDefaultParams and the benchmarks pay the real cost.
func cheap() Params {
	return Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

func TestHasherRoundTrip(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 99)
	cases := []struct {
		name   string
		stored string // the password hashed
		given  string // the password verified
		want   bool
	}{
		{name: "same password", stored: "sleepy kettle moon", given: "sleepy kettle moon", want: true},
		{name: "wrong password", stored: "sleepy kettle moon", given: "sleepy kettle noon"},
		{name: "wrong letter case", stored: "Sleepy Kettle Moon", given: "sleepy kettle moon"},
		{name: "100 bytes differing in the last byte", stored: long + "a", given: long + "b"},
		{name: "100 bytes, same", stored: long + "a", given: long + "a", want: true},
		{name: "emoji and spaces", stored: "vélo 🚲 jaune", given: "vélo 🚲 jaune", want: true},
		{name: "NFKC: composed and decomposed é", stored: "caf\u00e9 au lait!", given: "cafe\u0301 au lait!", want: true},
		{name: "NFKC: full-width letters", stored: "ＡＢＣ full width", given: "ABC full width", want: true},
		{name: "empty given", stored: "sleepy kettle moon", given: ""},
	}
	h := NewHasher(cheap(), 0)
	for _, tc := range cases {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			phc, err := h.Hash(ctx, tc.stored)
			if err != nil {
				t.Fatal(err)
			}
			got, err := h.Verify(ctx, phc, tc.given)
			if err != nil || got != tc.want {
				t.Fatalf("Verify() = %v, %v; want %v, nil", got, err, tc.want)
			}
		})
	}
}

func TestHasherSaltsDiffer(t *testing.T) {
	t.Parallel()
	h := NewHasher(cheap(), 1)
	a, _ := h.Hash(context.Background(), "same password")
	b, _ := h.Hash(context.Background(), "same password")
	if a == b {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
}

func TestDefaultParams(t *testing.T) {
	t.Parallel()
	h := NewHasher(DefaultParams(), 1)
	ctx := context.Background()
	phc, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	const prefix = "$argon2id$v=19$m=19456,t=2,p=1$"
	if !strings.HasPrefix(phc, prefix) {
		t.Fatalf("PHC string %q does not start with %q", phc, prefix)
	}
	fields := strings.Split(strings.TrimPrefix(phc, prefix), "$")
	if len(fields) != 2 {
		t.Fatalf("PHC string %q: want salt and hash after the parameters", phc)
	}
	for i, want := range []int{16, 32} {
		b, err := base64.RawStdEncoding.DecodeString(fields[i])
		if err != nil || len(b) != want {
			t.Fatalf("field %q decodes to %d bytes (%v), want %d", fields[i], len(b), err, want)
		}
	}
	if ok, err := h.Verify(ctx, phc, "correct horse battery staple"); !ok || err != nil {
		t.Fatalf("Verify(right) = %v, %v", ok, err)
	}
	if ok, err := h.Verify(ctx, phc, "correct horse battery stapler"); ok || err != nil {
		t.Fatalf("Verify(wrong) = %v, %v", ok, err)
	}
	if h.NeedsRehash(phc) {
		t.Fatal("NeedsRehash of a fresh hash")
	}
}

func TestVerifyMalformed(t *testing.T) {
	t.Parallel()
	h := NewHasher(cheap(), 1)
	good, err := h.Hash(context.Background(), "pw")
	if err != nil {
		t.Fatal(err)
	}
	salt := strings.Split(good, "$")[4]
	key := strings.Split(good, "$")[5]
	phc := func(params string) string { return "$argon2id$v=19$" + params + "$" + salt + "$" + key }
	cases := map[string]string{
		"garbage":               "not a hash",
		"bcrypt":                "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":               strings.Replace(good, "argon2id", "argon2i", 1),
		"version 16":            strings.Replace(good, "v=19", "v=16", 1),
		"no version":            strings.Replace(good, "$v=19", "", 1),
		"empty fields":          "$argon2id$$$$",
		"missing hash":          strings.Join(strings.Split(good, "$")[:5], "$"),
		"extra field":           good + "$x",
		"trailing newline":      good + "\n",
		"zero memory":           phc("m=0,t=1,p=1"),
		"memory above 4 GiB":    phc("m=4194305,t=1,p=1"),
		"memory below 8 p":      phc("m=15,t=1,p=2"),
		"memory overflows":      phc("m=99999999999,t=1,p=1"),
		"zero iterations":       phc("m=64,t=0,p=1"),
		"too many iterations":   phc("m=64,t=65,p=1"),
		"zero parallelism":      phc("m=64,t=1,p=0"),
		"parallelism over 255":  phc("m=64,t=1,p=256"),
		"parameters reordered":  phc("t=1,m=64,p=1"),
		"missing parameter":     phc("m=64,t=1"),
		"extra parameter":       phc("m=64,t=1,p=1,k=2"),
		"signed number":         phc("m=+64,t=1,p=1"),
		"negative number":       phc("m=-64,t=1,p=1"),
		"leading zero":          phc("m=064,t=1,p=1"),
		"not a number":          phc("m=lots,t=1,p=1"),
		"salt not base64":       "$argon2id$v=19$m=64,t=1,p=1$!!!!$" + key,
		"salt padded":           "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key,
		"salt too short":        "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$" + key,
		"key length 0":          "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$",
		"key too short":         "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + b64.EncodeToString(make([]byte, 15)),
		"key too long":          "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + b64.EncodeToString(make([]byte, 65)),
		"key not base64":        "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + strings.Repeat("*", len(key)),
		"non-zero trailing bit": "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:len(key)-1] + "B",
	}
	for name, stored := range cases {
		t.Run("case="+name, func(t *testing.T) {
			t.Parallel()
			ok, err := h.Verify(context.Background(), stored, "pw")
			if ok || !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("Verify() = %v, %v; want false, ErrMalformedHash", ok, err)
			}
			if strings.Contains(err.Error(), key) || strings.Contains(err.Error(), salt) {
				t.Fatalf("error %q leaks the stored hash", err)
			}
			if !h.NeedsRehash(stored) {
				t.Fatal("NeedsRehash(malformed) = false")
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	t.Parallel()
	h := NewHasher(cheap(), 1)
	cases := []struct {
		name   string
		change func(*Params)
		want   bool
	}{
		{name: "same params", change: func(*Params) {}},
		{name: "memory", change: func(p *Params) { p.MemoryKiB = 128 }, want: true},
		{name: "iterations", change: func(p *Params) { p.Iterations = 2 }, want: true},
		{name: "parallelism", change: func(p *Params) { p.Parallelism = 2 }, want: true},
		{name: "salt length", change: func(p *Params) { p.SaltLength = 32 }, want: true},
		{name: "key length", change: func(p *Params) { p.KeyLength = 16 }, want: true},
	}
	for _, tc := range cases {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			old := cheap()
			tc.change(&old)
			phc, err := NewHasher(old, 1).Hash(context.Background(), "pw")
			if err != nil {
				t.Fatal(err)
			}
			if got := h.NeedsRehash(phc); got != tc.want {
				t.Fatalf("NeedsRehash() = %v, want %v", got, tc.want)
			}
			// A hash under old parameters still verifies.
			if ok, err := h.Verify(context.Background(), phc, "pw"); !ok || err != nil {
				t.Fatalf("Verify() = %v, %v", ok, err)
			}
		})
	}
}

func TestVerifyNoHash(t *testing.T) {
	t.Parallel()
	h := NewHasher(cheap(), 1)
	if h.NeedsRehash(h.dummy) {
		t.Fatal("the dummy hash does not use the current parameters, so its cost differs")
	}
	for _, pw := range []string{"", "pw", "anything at all"} {
		t.Run("case="+pw, func(t *testing.T) {
			t.Parallel()
			ok, err := h.Verify(context.Background(), "", pw)
			if ok || err != nil {
				t.Fatalf("Verify(\"\") = %v, %v; want false, nil", ok, err)
			}
		})
	}
}

func TestHasherPoolFull(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		call func(h *Hasher, ctx context.Context) error
	}{
		{name: "hash", call: func(h *Hasher, ctx context.Context) error {
			_, err := h.Hash(ctx, "pw")
			return err
		}},
		{name: "verify", call: func(h *Hasher, ctx context.Context) error {
			_, err := h.Verify(ctx, h.dummy, "pw")
			return err
		}},
		{name: "verify without a hash", call: func(h *Hasher, ctx context.Context) error {
			_, err := h.Verify(ctx, "", "pw")
			return err
		}},
	}
	for _, tc := range cases {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			h := NewHasher(cheap(), 2)
			for range 2 { // fill the pool
				if err := h.acquire(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- tc.call(h, ctx) }()
			waitFor(t, func() bool { return h.QueueLength() == 1 })
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if n := h.QueueLength(); n != 0 {
				t.Fatalf("QueueLength() = %d after the caller left", n)
			}

			// A freed slot lets the next caller through.
			h.release()
			if err := tc.call(h, context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestHasherQueueBound: with every slot taken and MaxWaiting callers waiting, the next
// caller gets ErrBusy at once (Refuse says so beforehand), and a freed waiting place
// lets one in again.
func TestHasherQueueBound(t *testing.T) {
	t.Parallel()
	const waiting = 3
	h := NewHasher(cheap(), 1, MaxWaiting(waiting))
	if err := h.acquire(context.Background()); err != nil { // take the only slot
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, waiting)
	for range waiting {
		go func() {
			_, err := h.Verify(ctx, "", "pw")
			done <- err
		}()
	}
	waitFor(t, func() bool { return h.QueueLength() == waiting })
	if !h.Refuse() {
		t.Fatal("Refuse() = false with every waiting place taken")
	}
	if _, err := h.Hash(context.Background(), "pw"); !errors.Is(err, ErrBusy) {
		t.Fatalf("Hash() with a full queue: err = %v, want ErrBusy", err)
	}
	if _, err := h.Verify(context.Background(), "", "pw"); !errors.Is(err, ErrBusy) {
		t.Fatalf("Verify() with a full queue: err = %v, want ErrBusy", err)
	}
	if n := h.Refused(); n != 3 {
		t.Fatalf("Refused() = %d, want 3 (one Refuse, one Hash, one Verify)", n)
	}
	if n := h.QueueLength(); n != waiting {
		t.Fatalf("QueueLength() = %d after refusals, want %d", n, waiting)
	}
	cancel() // the waiting callers leave
	for range waiting {
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("waiting caller: err = %v, want context.Canceled", err)
		}
	}
	if h.Refuse() {
		t.Fatal("Refuse() = true with nobody waiting")
	}
	h.release()
	if _, err := h.Hash(context.Background(), "pw"); err != nil {
		t.Fatalf("Hash() after the queue emptied: %v", err)
	}
}

func TestHasherDefaultQueueBound(t *testing.T) {
	t.Parallel()
	if h := NewHasher(cheap(), 3); h.maxWaiting != 3*DefaultWaitingPerWorker {
		t.Fatalf("maxWaiting = %d with 3 workers, want %d", h.maxWaiting, 3*DefaultWaitingPerWorker)
	}
	if h := NewHasher(cheap(), 3, MaxWaiting(0)); h.maxWaiting != 3*DefaultWaitingPerWorker {
		t.Fatalf("MaxWaiting(0) changed the default: %d", h.maxWaiting)
	}
}

func TestHasherCancelledContext(t *testing.T) {
	t.Parallel()
	h := NewHasher(cheap(), 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Hash(ctx, "pw"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Hash() err = %v, want context.Canceled even with a free slot", err)
	}
}

func TestParamsValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		change func(*Params)
		ok     bool
	}{
		{name: "default", change: func(p *Params) { *p = DefaultParams() }, ok: true},
		{name: "cheap", change: func(*Params) {}, ok: true},
		{name: "zero", change: func(p *Params) { *p = Params{} }},
		{name: "memory below 8 KiB per lane", change: func(p *Params) { p.Parallelism = 16 }},
		{name: "memory above 4 GiB", change: func(p *Params) { p.MemoryKiB = 4<<20 + 1 }},
		{name: "zero iterations", change: func(p *Params) { p.Iterations = 0 }},
		{name: "zero parallelism", change: func(p *Params) { p.Parallelism = 0 }},
		{name: "short salt", change: func(p *Params) { p.SaltLength = 8 }},
		{name: "zero key", change: func(p *Params) { p.KeyLength = 0 }},
		{name: "long key", change: func(p *Params) { p.KeyLength = 65 }},
	}
	for _, tc := range cases {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			p := cheap()
			tc.change(&p)
			if err := p.Validate(); (err == nil) != tc.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestNewHasherPanicsOnInvalidParams(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Fatal("NewHasher accepted invalid params")
		}
	}()
	NewHasher(Params{}, 1)
}

// FuzzDecodePHC checks that no stored value makes parsing panic, and that whatever parses
// is within bounds and re-encodes to itself.
func FuzzDecodePHC(f *testing.F) {
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U")
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$$")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := decodePHC(s)
		if err != nil {
			return
		}
		if err := h.params.Validate(); err != nil {
			t.Fatalf("decoded params out of bounds: %v", err)
		}
		if got := encodePHC(h.params, h.salt, h.key); got != s {
			t.Fatalf("re-encoded %q as %q", s, got)
		}
	})
}

func BenchmarkHashDefault(b *testing.B) {
	h := NewHasher(DefaultParams(), 1)
	ctx := context.Background()
	for b.Loop() {
		if _, err := h.Hash(ctx, "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyDefault(b *testing.B) {
	h := NewHasher(DefaultParams(), 1)
	ctx := context.Background()
	phc, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, err := h.Verify(ctx, phc, "correct horse battery staple"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// waitFor polls cond until it holds, for at most 5 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(time.Millisecond)
	}
}
