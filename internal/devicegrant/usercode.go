package devicegrant

import (
	"crypto/rand"
	"strings"
)

// userCodeAlphabet is RFC 8628 §6.1's example: 20 consonants, no vowels (no words
// spelled by chance) and no look-alikes (no 0/O, 1/I/L, 5/S... since there are no
// digits and no vowels). 8 of them give 20^8 = 2.56e10 codes (34.6 bits).
const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ"

// userCodeLength is the number of letters of a user code, shown as two groups of four.
const userCodeLength = 8

// newUserCode draws a user code, uniformly: bytes of 240 and above are drawn again, so
// that each letter has the same chance (240 = 12 × 20).
func newUserCode() string {
	var b strings.Builder
	buf := make([]byte, 16)
	for b.Len() < userCodeLength {
		_, _ = rand.Read(buf) // crypto/rand.Read never returns an error (Go 1.24+)
		for _, c := range buf {
			if c < 240 && b.Len() < userCodeLength {
				b.WriteByte(userCodeAlphabet[int(c)%len(userCodeAlphabet)])
			}
		}
	}
	return b.String()
}

// FormatUserCode writes a normalized code the way people read it: XXXX-XXXX.
func FormatUserCode(code string) string {
	if len(code) != userCodeLength {
		return code
	}
	return code[:4] + "-" + code[4:]
}

// NormalizeUserCode reads a code as a person typed it: any case, with or without the
// dash, with spaces (RFC 8628 §6.1: "the server should ignore ... characters such as
// punctuation"). It answers the 8 letters, or false when the input cannot be a code.
func NormalizeUserCode(s string) (string, bool) {
	if len(s) > 64 {
		return "", false
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\u00a0':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		if r > 'Z' || !strings.ContainsRune(userCodeAlphabet, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	if b.Len() != userCodeLength {
		return "", false
	}
	return b.String(), true
}

// userCodeMACPurpose binds the MAC of a user code to its use.
const userCodeMACPurpose = "device-user-code"

// userCodeMAC is what is stored of a user code: an HMAC-SHA256 under a key derived from
// the service's secret key (internal/seal), not a plain hash. A user code has only
// 34.6 bits, so anyone holding a copy of the table could hash every code of the
// alphabet and read the live ones off a SHA-256; without the key a MAC gives nothing.
func (s *Service) userCodeMAC(normalized string) []byte {
	return s.Box.MAC([]byte(normalized), userCodeMACPurpose)
}
