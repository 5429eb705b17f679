// Package id makes the public identifiers of accountd: a short type prefix and a ULID,
// such as usr_01JD6Z8Q1V3Q2W5M1Y0X4S7T9B. They are opaque, not sequential, sortable by
// creation time and spelled the same on SQLite and PostgreSQL; the prefix lets
// node(id:) find the entity type without a lookup table.
package id

import (
	"crypto/rand"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// Prefixes of every entity that has a public identifier.
const (
	User         = "usr"
	Session      = "ses"
	APIKey       = "key"
	OneTimeToken = "ott"
	Invitation   = "inv"
	TOTP         = "tfa"
	RecoveryCode = "rec"
	Identity     = "idn"
	Fleet        = "flt"
	FleetMember  = "mem"
	Device       = "dev"
	// ProvisioningKey is a fleet's key for devices registering themselves.
	ProvisioningKey = "prv"
	Event           = "evt"
	Email           = "eml"
	// DeviceAuthorization is a request of the OAuth device authorization grant.
	DeviceAuthorization = "dva"
)

// New returns a fresh identifier with the given prefix. The random part comes from
// crypto/rand; within one millisecond it grows by a random 32-bit step. Ids are not
// secrets (every lookup checks who may see the object), only hard to guess.
func New(prefix string) string {
	mu.Lock()
	defer mu.Unlock()
	return prefix + "_" + ulid.MustNew(ulid.Timestamp(time.Now()), entropy).String()
}

// entropy makes ids made in the same millisecond by this process increase, so ordering
// by id is creation order (the security log lists newest first by id).
var (
	mu      sync.Mutex
	entropy = ulid.Monotonic(rand.Reader, 0)
)

// Prefix returns the type prefix of an identifier, or "" when it has none.
func Prefix(s string) string {
	p, _, ok := strings.Cut(s, "_")
	if !ok {
		return ""
	}
	return p
}
