package testkit

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"testing"
)

// Authenticator is a software WebAuthn authenticator for tests: it makes ES256
// credentials with attestation "none" and signs real assertions, written from the
// WebAuthn Level 3 specification (§6.1 authenticator data, §6.5 attestation, §8.7 "none")
// and independent of the relying party's library. Its fields say what it claims, so a
// test can make it lie: another origin, another relying party id, a counter gone back.
type Authenticator struct {
	// Origin is what the client data says the page's origin is.
	Origin string
	// RPID, when set, is hashed into the authenticator data instead of the options' rpId.
	RPID string
	// UserVerified sets the UV flag: the authenticator checked a PIN or biometrics.
	UserVerified bool
	// BackupEligible and BackedUp set the BE and BS flags (a synced passkey).
	BackupEligible, BackedUp bool
	// CredentialID, when set, is the id of the next credential Create makes (to claim
	// someone else's).
	CredentialID []byte
}

// SoftCredential is a credential a software authenticator made.
type SoftCredential struct {
	ID         []byte
	Key        *ecdsa.PrivateKey
	UserHandle []byte
	RPID       string
	// Counter is the signature counter; each assertion adds one first.
	Counter uint32
}

var b64 = base64.RawURLEncoding

// Create answers navigator.credentials.create for options (PublicKeyCredentialCreationOptionsJSON)
// and returns what credential.toJSON() gives (RegistrationResponseJSON).
func (a *Authenticator) Create(t testing.TB, options json.RawMessage) (json.RawMessage, *SoftCredential) {
	t.Helper()
	var o struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID string `json:"id"`
		} `json:"rp"`
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	if err := json.Unmarshal(options, &o); err != nil || o.Challenge == "" {
		t.Fatalf("authenticator: creation options %s: %v", options, err)
	}
	handle, err := b64.DecodeString(o.User.ID)
	if err != nil {
		t.Fatalf("authenticator: user.id %q: %v", o.User.ID, err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	c := &SoftCredential{ID: make([]byte, 32), Key: key, UserHandle: handle, RPID: o.RP.ID}
	_, _ = rand.Read(c.ID)
	if a.CredentialID != nil {
		c.ID = a.CredentialID
	}
	clientData := a.clientData("webauthn.create", o.Challenge)
	// Attested credential data: AAGUID (zero), credential id length and id, COSE key.
	ecdh, err := key.PublicKey.ECDH()
	if err != nil {
		t.Fatal(err)
	}
	raw := ecdh.Bytes() // 0x04 || X || Y
	coseKey := cborMap(
		cborInt(1), cborInt(2), // kty: EC2
		cborInt(3), cborInt(-7), // alg: ES256
		cborInt(-1), cborInt(1), // crv: P-256
		cborInt(-2), cborBytes(raw[1:33]),
		cborInt(-3), cborBytes(raw[33:65]),
	)
	attested := make([]byte, 16, 16+2+len(c.ID)+len(coseKey))
	attested = binary.BigEndian.AppendUint16(attested, uint16(len(c.ID)))
	attested = append(attested, c.ID...)
	attested = append(attested, coseKey...)
	authData := a.authData(c.rpID(a), 0x40, 0, attested) // AT
	attObj := cborMap(
		cborText("fmt"), cborText("none"),
		cborText("attStmt"), cborMap(),
		cborText("authData"), cborBytes(authData),
	)
	out, _ := json.Marshal(map[string]any{
		"id": b64.EncodeToString(c.ID), "rawId": b64.EncodeToString(c.ID), "type": "public-key",
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(clientData),
			"attestationObject": b64.EncodeToString(attObj),
			"transports":        []string{"internal"},
		},
		"clientExtensionResults":  map[string]any{},
		"authenticatorAttachment": "platform",
	})
	return out, c
}

// Get answers navigator.credentials.get for options (PublicKeyCredentialRequestOptionsJSON)
// with credential c, and returns what credential.toJSON() gives (AuthenticationResponseJSON).
func (a *Authenticator) Get(t testing.TB, options json.RawMessage, c *SoftCredential) json.RawMessage {
	t.Helper()
	var o struct {
		Challenge string `json:"challenge"`
		RPID      string `json:"rpId"`
	}
	if err := json.Unmarshal(options, &o); err != nil || o.Challenge == "" {
		t.Fatalf("authenticator: request options %s: %v", options, err)
	}
	c.Counter++
	return a.Sign(t, o.Challenge, c)
}

// Sign makes an assertion of c over challenge (base64url), as Get does but without
// touching the counter.
func (a *Authenticator) Sign(t testing.TB, challenge string, c *SoftCredential) json.RawMessage {
	t.Helper()
	clientData := a.clientData("webauthn.get", challenge)
	authData := a.authData(c.rpID(a), 0, c.Counter, nil)
	h := sha256.Sum256(clientData)
	digest := sha256.Sum256(append(append([]byte(nil), authData...), h[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, c.Key, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(map[string]any{
		"id": b64.EncodeToString(c.ID), "rawId": b64.EncodeToString(c.ID), "type": "public-key",
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(clientData),
			"authenticatorData": b64.EncodeToString(authData),
			"signature":         b64.EncodeToString(sig),
			"userHandle":        b64.EncodeToString(c.UserHandle),
		},
		"clientExtensionResults":  map[string]any{},
		"authenticatorAttachment": "platform",
	})
	return out
}

func (c *SoftCredential) rpID(a *Authenticator) string {
	if a.RPID != "" {
		return a.RPID
	}
	return c.RPID
}

func (a *Authenticator) clientData(typ, challenge string) []byte {
	b, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": a.Origin, "crossOrigin": false})
	return b
}

// authData is the authenticator data (§6.1): rpIdHash, flags, signCount, then extra.
func (a *Authenticator) authData(rpID string, flags byte, counter uint32, extra []byte) []byte {
	flags |= 0x01 // UP
	if a.UserVerified {
		flags |= 0x04
	}
	if a.BackupEligible {
		flags |= 0x08
	}
	if a.BackedUp {
		flags |= 0x10
	}
	h := sha256.Sum256([]byte(rpID))
	out := append(h[:], flags)
	out = binary.BigEndian.AppendUint32(out, counter)
	return append(out, extra...)
}

// A few lines of CBOR (RFC 8949), enough for attestation objects and COSE keys.
func cborHead(major byte, n uint64) []byte {
	switch {
	case n < 24:
		return []byte{major<<5 | byte(n)}
	case n < 1<<8:
		return []byte{major<<5 | 24, byte(n)}
	case n < 1<<16:
		return binary.BigEndian.AppendUint16([]byte{major<<5 | 25}, uint16(n))
	default:
		return binary.BigEndian.AppendUint32([]byte{major<<5 | 26}, uint32(n))
	}
}

func cborInt(v int64) []byte {
	if v >= 0 {
		return cborHead(0, uint64(v))
	}
	return cborHead(1, uint64(-1-v))
}

func cborBytes(b []byte) []byte { return append(cborHead(2, uint64(len(b))), b...) }
func cborText(s string) []byte  { return append(cborHead(3, uint64(len(s))), s...) }

func cborMap(kv ...[]byte) []byte {
	if len(kv)%2 != 0 {
		panic(fmt.Sprintf("cbor map: %d items", len(kv)))
	}
	out := cborHead(5, uint64(len(kv)/2))
	for _, x := range kv {
		out = append(out, x...)
	}
	return out
}
