package totp

import (
	"crypto/rand"
	"crypto/sha256"
	"strings"
)

// Recovery codes stand in for the authenticator app when it is lost. Each is single
// use and, being random, is stored only as its SHA-256: ASVS 6.5.2 allows an
// unsalted fast hash for such secrets when they carry at least 112 bits of entropy.
const (
	// RecoveryCodeCount is how many codes a person gets at a time.
	RecoveryCodeCount = 10
	// recoveryCodeBits is the entropy of one code: 120 bits, over ASVS 6.5.2's 112.
	recoveryCodeBits = 120
	// recoveryCodeLen is its length in base32 characters (5 bits each).
	recoveryCodeLen = recoveryCodeBits / 5
	// recoveryGroup is how many characters go between two dashes when it is shown.
	recoveryGroup = 4
)

// crockford is Douglas Crockford's base32 alphabet: digits and upper-case letters
// without I, L, O and U, so that nothing looks like something else on paper.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewRecoveryCodes returns RecoveryCodeCount fresh codes, formatted for people
// ("7Q2M-9XKD-..."), and the hash of each for storage, in the same order.
func NewRecoveryCodes() (codes []string, hashes [][]byte) {
	codes = make([]string, RecoveryCodeCount)
	hashes = make([][]byte, RecoveryCodeCount)
	for i := range codes {
		raw := make([]byte, recoveryCodeBits/8)
		_, _ = rand.Read(raw) // crypto/rand.Read never returns an error (Go 1.24+)
		plain := encode(raw)
		codes[i] = group(plain)
		hashes[i] = hashRecovery(plain)
	}
	return codes, hashes
}

// HashRecoveryCode returns the stored form of a code as a person typed it: in any
// letter case, with or without dashes and spaces, with O for 0 and I or L for 1. ok
// is false when it cannot be a recovery code at all.
func HashRecoveryCode(typed string) (hash []byte, ok bool) {
	plain, ok := NormaliseRecoveryCode(typed)
	if !ok {
		return nil, false
	}
	return hashRecovery(plain), true
}

// NormaliseRecoveryCode returns the canonical form of a typed code (upper case, no
// separators, look-alike letters mapped as Crockford's base32 does), or false when it
// has a character outside the alphabet or the wrong length.
func NormaliseRecoveryCode(typed string) (string, bool) {
	var b strings.Builder
	for _, r := range typed {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '_' || r == '.':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		switch r {
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if r > 0x7f || strings.IndexByte(crockford, byte(r)) < 0 {
			return "", false
		}
		b.WriteRune(r)
		if b.Len() > recoveryCodeLen {
			return "", false
		}
	}
	if b.Len() != recoveryCodeLen {
		return "", false
	}
	return b.String(), true
}

func hashRecovery(plain string) []byte {
	h := sha256.Sum256([]byte("accountd/recovery-code/" + plain))
	return h[:]
}

// encode writes bytes in Crockford base32, 5 bits per character.
func encode(raw []byte) string {
	var b strings.Builder
	var acc, bits uint
	for _, c := range raw {
		acc = acc<<8 | uint(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			b.WriteByte(crockford[(acc>>bits)&31])
		}
	}
	if bits > 0 {
		b.WriteByte(crockford[(acc<<(5-bits))&31])
	}
	return b.String()
}

// group puts a dash after every recoveryGroup characters.
func group(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += recoveryGroup {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(s[i:min(i+recoveryGroup, len(s))])
	}
	return b.String()
}
