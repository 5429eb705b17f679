// Package standard is what accountd takes from the Standard Webhooks specification
// (https://www.standardwebhooks.com, github.com/standard-webhooks/standard-webhooks,
// spec/standard-webhooks.md): the form of a secret and the signature. It is a leaf, so
// the configuration can check a secret without importing the outbox.
package standard

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SecretPrefix starts every endpoint secret, the form the specification's libraries
// take: "whsec_" and the base64 of the key.
const SecretPrefix = "whsec_"

// secretSize is the length of the keys accountd makes: 256 bits, within the 24 to 64
// bytes Standard Webhooks asks for (§ Signature scheme: "secrets ... between 24 bytes
// and 64 bytes").
const secretSize = 32

// NewSecret returns a fresh endpoint secret: whsec_ and 32 random bytes in base64.
func NewSecret() string {
	b := make([]byte, secretSize)
	_, _ = rand.Read(b)
	return SecretPrefix + base64.StdEncoding.EncodeToString(b)
}

// ParseSecret returns the key of a whsec_ secret: the bytes its base64 part encodes,
// 24 to 64 of them.
func ParseSecret(s string) ([]byte, error) {
	rest, ok := strings.CutPrefix(s, SecretPrefix)
	if !ok {
		return nil, errors.New("want whsec_ followed by base64")
	}
	key, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return nil, errors.New("the part after whsec_ is not base64")
	}
	if len(key) < 24 || len(key) > 64 {
		return nil, fmt.Errorf("the key is %d bytes, want 24 to 64", len(key))
	}
	return key, nil
}

// Sign is the webhook-signature header of a message: "v1," and the base64 of
// HMAC-SHA256 under key of "id.timestamp.body", the timestamp in Unix seconds
// (Standard Webhooks, § Signature scheme).
func Sign(key []byte, msgID string, at time.Time, body []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(msgID + "." + strconv.FormatInt(at.Unix(), 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
