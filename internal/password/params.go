package password

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters. They are written into every PHC string, so a
// change applies to new hashes while old ones keep verifying (and are rehashed on log-in,
// see Hasher.NeedsRehash).
type Params struct {
	// MemoryKiB is the memory cost in KiB; each running hash holds this much.
	MemoryKiB uint32
	// Iterations is the number of passes over the memory.
	Iterations uint32
	// Parallelism is the number of lanes (threads) of one hash.
	Parallelism uint8
	// SaltLength is the length of the random salt in bytes.
	SaltLength uint32
	// KeyLength is the length of the derived key (the stored hash) in bytes.
	KeyLength uint32
}

// DefaultParams returns m=19456 KiB (19 MiB), t=2, p=1, a 16-byte salt and a 32-byte key:
// the minimum configuration the OWASP Password Storage Cheat Sheet gives for argon2id.
func DefaultParams() Params {
	return Params{MemoryKiB: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// The bounds below are what Validate accepts for new hashes and what Verify accepts from a
// stored PHC string. They refuse absurd values, not weak ones (tests hash with 64 KiB), so
// that a corrupted or forged row cannot make one log-in allocate gigabytes or spin for
// hours.
const (
	// maxMemoryKiB is 4 GiB, far above any setting one process should use per hash.
	maxMemoryKiB = 4 << 20
	// maxIterations is far above any sensible setting (OWASP's options stop at t=5).
	maxIterations = 64
	// minSaltLength follows RFC 9106 §4: a 128-bit salt suffices for all applications.
	minSaltLength = 16
	maxSaltLength = 64
	// minKeyLength follows RFC 9106 §4: a 128-bit tag suffices for most applications.
	minKeyLength = 16
	maxKeyLength = 64
)

// Validate reports whether p can be used to hash. It does not enforce OWASP's cost
// minimum, so tests can use cheap parameters; configuration should start from
// DefaultParams.
func (p Params) Validate() error {
	switch {
	case p.Parallelism < 1:
		return errors.New("password: argon2id parallelism must be at least 1")
	case p.MemoryKiB < 8*uint32(p.Parallelism):
		// argon2 needs 8 KiB per lane; x/crypto would silently raise it, making the
		// PHC string lie about the cost.
		return fmt.Errorf("password: argon2id memory must be at least %d KiB (8 KiB per lane)", 8*uint32(p.Parallelism))
	case p.MemoryKiB > maxMemoryKiB:
		return fmt.Errorf("password: argon2id memory must be at most %d KiB (4 GiB)", maxMemoryKiB)
	case p.Iterations < 1 || p.Iterations > maxIterations:
		return fmt.Errorf("password: argon2id iterations must be between 1 and %d", maxIterations)
	case p.SaltLength < minSaltLength || p.SaltLength > maxSaltLength:
		return fmt.Errorf("password: argon2id salt length must be between %d and %d bytes", minSaltLength, maxSaltLength)
	case p.KeyLength < minKeyLength || p.KeyLength > maxKeyLength:
		return fmt.Errorf("password: argon2id key length must be between %d and %d bytes", minKeyLength, maxKeyLength)
	}
	return nil
}

// ErrMalformedHash is returned by Hasher.Verify for a stored value that is not an argon2id
// PHC string this package accepts. It never carries the stored value, which must not reach
// logs.
var ErrMalformedHash = errors.New("password: malformed argon2id hash")

// phcHash is a decoded PHC string.
type phcHash struct {
	params Params
	salt   []byte
	key    []byte
}

// b64 is the PHC string encoding: standard base64 without padding, as written by the
// reference implementation. Strict refuses non-zero trailing bits, so one hash has one
// spelling.
var b64 = base64.RawStdEncoding.Strict()

// encodePHC writes $argon2id$v=19$m=...,t=...,p=...$salt$key.
func encodePHC(p Params, salt, key []byte) string {
	// $argon2id$v=%d$m=%d,t=%d,p=%d$<salt>$<key>, appended into one buffer.
	b := make([]byte, 0, len("$argon2id$v=19$m=4294967295,t=4294967295,p=255$$")+
		b64.EncodedLen(len(salt))+b64.EncodedLen(len(key)))
	b = strconv.AppendInt(append(b, "$argon2id$v="...), argon2.Version, 10)
	b = strconv.AppendUint(append(b, "$m="...), uint64(p.MemoryKiB), 10)
	b = strconv.AppendUint(append(b, ",t="...), uint64(p.Iterations), 10)
	b = strconv.AppendUint(append(b, ",p="...), uint64(p.Parallelism), 10)
	b = b64.AppendEncode(append(b, '$'), salt)
	b = b64.AppendEncode(append(b, '$'), key)
	return string(b)
}

// decodePHC parses what encodePHC writes, and nothing looser: the stored value comes from
// the database, and a parser that guesses is one a corrupted row can steer.
func decodePHC(s string) (phcHash, error) {
	malformed := func(why string) (phcHash, error) {
		return phcHash{}, fmt.Errorf("%w: %s", ErrMalformedHash, why)
	}
	var parts [6]string
	if splitExactly(s, "$", parts[:]) != nil || parts[0] != "" {
		return malformed("want 5 fields separated by $")
	}
	if parts[1] != "argon2id" {
		return malformed("not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return malformed("not argon2 version 19")
	}

	var h phcHash
	var kv [3]string
	if splitExactly(parts[3], ",", kv[:]) != nil {
		return malformed("want parameters m, t and p")
	}
	m, err := phcUint(kv[0], "m", 32)
	if err != nil {
		return malformed(err.Error())
	}
	t, err := phcUint(kv[1], "t", 32)
	if err != nil {
		return malformed(err.Error())
	}
	par, err := phcUint(kv[2], "p", 8)
	if err != nil {
		return malformed(err.Error())
	}
	h.params = Params{MemoryKiB: uint32(m), Iterations: uint32(t), Parallelism: uint8(par)}

	// Salt and key share one buffer: one allocation.
	buf := make([]byte, b64.DecodedLen(len(parts[4]))+b64.DecodedLen(len(parts[5])))
	n, err := b64.Decode(buf, []byte(parts[4]))
	if err != nil {
		return malformed("salt is not base64")
	}
	h.salt = buf[:n:n]
	n, err = b64.Decode(buf[len(h.salt):], []byte(parts[5]))
	if err != nil {
		return malformed("hash is not base64")
	}
	h.key = buf[len(h.salt) : len(h.salt)+n : len(h.salt)+n]
	// Go's base64 decoder skips \r and \n; refuse any spelling but the canonical one.
	// The strict decoder takes no other liberty (no padding, no stray bits), so the
	// canonical spelling is the one of exactly the encoded length.
	if b64.EncodedLen(len(h.salt)) != len(parts[4]) || b64.EncodedLen(len(h.key)) != len(parts[5]) {
		return malformed("base64 is not in canonical form")
	}
	h.params.SaltLength = uint32(len(h.salt))
	h.params.KeyLength = uint32(len(h.key))
	if err := h.params.Validate(); err != nil {
		return malformed(strings.TrimPrefix(err.Error(), "password: "))
	}
	return h, nil
}

// phcUint parses "name=decimal" in canonical form (no sign, no leading zero).
// splitExactly splits s around sep into exactly len(out) fields, without allocating; an
// error when s has another number of fields.
func splitExactly(s, sep string, out []string) error {
	for i := range len(out) - 1 {
		var ok bool
		if out[i], s, ok = strings.Cut(s, sep); !ok {
			return errors.New("too few fields")
		}
	}
	if strings.Contains(s, sep) {
		return errors.New("too many fields")
	}
	out[len(out)-1] = s
	return nil
}

func phcUint(field, name string, bits int) (uint64, error) {
	v, ok := strings.CutPrefix(field, name+"=")
	if !ok {
		return 0, fmt.Errorf("want parameter %s", name)
	}
	n, err := strconv.ParseUint(v, 10, bits)
	var canonical [20]byte
	if err != nil || string(strconv.AppendUint(canonical[:0], n, 10)) != v {
		return 0, fmt.Errorf("parameter %s is not a canonical %d-bit number", name, bits)
	}
	return n, nil
}
