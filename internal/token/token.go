// Package token makes the opaque secrets of accountd: session tokens, API keys, email
// links, two-factor challenges, device tokens. Each is 256 random bits (OWASP ASVS
// 7.2.3 asks for at least 128), carries a prefix that says what it is (so a leaked one
// is recognisable by people and secret scanners), is shown once and is stored only as
// its SHA-256. A high-entropy secret needs no slow hash: nobody can guess one from its
// SHA-256, and a fast hash keeps authentication one index lookup.
package token

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"
)

// Prefixes of the kinds of secret.
const (
	Session       = "acd_sess_"
	APIKey        = "acd_key_"
	VerifyEmail   = "acd_ver_"
	ResetPassword = "acd_rst_"
	Invitation    = "acd_inv_"
	Challenge     = "acd_tfa_"
	Device        = "acd_dev_"
	// Provisioning is a fleet's provisioning key: it registers devices, nothing else.
	Provisioning = "acd_prv_"
	// SignUpProof is handed to the browser or app that signed up with a password: only
	// it may verify the address without typing a password again.
	SignUpProof = "acd_sup_"
	// TrustedDevice marks a browser or app that logged in to an address before: it
	// is signed (HMAC), not stored, and exempts its holder from that address's lock.
	TrustedDevice = "acd_tdv_"
	// DeviceCode is the device_code of the OAuth device authorization grant (RFC 8628):
	// the client polls with it until a person approves.
	DeviceCode = "acd_dvc_"
)

// Size is the number of random bytes in a secret.
const Size = 256 / 8

// maxLen bounds what Hash accepts as a plausible secret; longer input is not ours.
const maxLen = 128

// New returns a fresh secret with the given prefix and its hash for storage.
func New(prefix string) (secret string, hash []byte) {
	b := make([]byte, Size)
	_, _ = rand.Read(b) // crypto/rand.Read never returns an error (Go 1.24+)
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, Hash(secret)
}

// Hash returns the SHA-256 of a secret, the only form in which secrets are stored.
func Hash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// Plausible reports whether s looks like a secret of the given kind: the right prefix
// and a sane length. It lets callers refuse garbage before touching the database; the
// hash lookup remains the real check.
func Plausible(s, prefix string) bool {
	return strings.HasPrefix(s, prefix) && len(s) <= maxLen && len(s) > len(prefix)
}

// Equal compares two hashes in constant time.
func Equal(a, b []byte) bool {
	return subtle.ConstantTimeCompare(a, b) == 1
}
