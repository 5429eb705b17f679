// Package seal encrypts small secrets at rest (TOTP secrets, queued email data) with
// AES-256-GCM under the service's secret key, so that a database dump alone does not
// reveal them.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// KeySize is the length of a secret key: 256 bits.
const KeySize = 32

// ErrOpen is returned when a sealed value was not made with this key or was altered.
var ErrOpen = errors.New("seal: cannot open: wrong key or altered data")

// Box seals and opens values with one key, and signs values with a key derived
// from it.
type Box struct {
	aead   cipher.AEAD
	macKey []byte
}

// New returns a Box for a 32-byte key.
func New(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("seal: key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	// The MAC key is derived, never the sealing key itself: one key, one use.
	m := hmac.New(sha256.New, key)
	m.Write([]byte("accountd/seal/mac-key"))
	return &Box{aead: aead, macKey: m.Sum(nil)}, nil
}

// MAC returns the HMAC-SHA256 of msg, bound to context like Seal, under a key derived
// from the box's key: a signature only this service can make, for values it hands
// out and takes back (device tokens). Compare with hmac.Equal.
func (b *Box) MAC(msg []byte, context string) []byte {
	m := hmac.New(sha256.New, b.macKey)
	m.Write(ad(context))
	m.Write(msg)
	return m.Sum(nil)
}

// Seal encrypts plaintext. context binds the result to its purpose (for example
// "totp:usr_..."), so a sealed value copied to another row or column does not open.
func (b *Box) Seal(plaintext []byte, context string) []byte {
	nonce := make([]byte, b.aead.NonceSize())
	_, _ = rand.Read(nonce) // crypto/rand.Read never fails (Go 1.24+)
	return b.aead.Seal(nonce, nonce, plaintext, ad(context))
}

// Open decrypts what Seal made with the same key and context.
func (b *Box) Open(sealed []byte, context string) ([]byte, error) {
	n := b.aead.NonceSize()
	if len(sealed) < n+b.aead.Overhead() {
		return nil, ErrOpen
	}
	out, err := b.aead.Open(nil, sealed[:n], sealed[n:], ad(context))
	if err != nil {
		return nil, ErrOpen
	}
	return out, nil
}

func ad(context string) []byte {
	h := sha256.Sum256([]byte("accountd/seal/" + context))
	return h[:]
}
