// Package viewer says who is asking: the authenticated account and credential of a
// request, and the client it came from. It travels in the context; the key is
// unexported so only this package can put a viewer there.
package viewer

import (
	"context"
	"net/netip"
	"time"

	"github.com/accountd/accountd/ent"
)

// Kind is the kind of credential a request was authenticated with.
type Kind int

// Kinds of credential.
const (
	// Anonymous means no credential.
	Anonymous Kind = iota
	// SessionToken is a session, presented as a bearer token or a cookie.
	SessionToken
	// APIKey is a long-lived key for scripts. It never suffices for operations that
	// create or reveal stronger credentials (README, fresh authentication).
	APIKey
	// Device is a device of a fleet, with its own token: it reads itself and nothing of
	// a person.
	Device
	// ProvisioningKey is a fleet's key that registers devices into that fleet, and does
	// nothing else.
	ProvisioningKey
)

// Viewer is an authenticated requester: a person (with a session or an API key), a
// fleet's API key, a device or a provisioning key.
type Viewer struct {
	// UserID is the person; empty for a fleet's key, a device or a provisioning key.
	UserID string
	Kind   Kind
	// CredentialID is the id of the session, API key, device or provisioning key used.
	CredentialID string
	// ReadOnly is set for an API key of scope READ_ONLY: it runs no mutation.
	ReadOnly bool
	// FleetID is the one fleet the credential is limited to: a fleet-limited or
	// fleet-owned API key, a device or a provisioning key. Empty for a person's
	// credential of full reach.
	FleetID string
	// FleetRole is the role a fleet-limited or fleet-owned API key acts with (for a
	// person's key, never more than the person's own role, checked at each use).
	FleetRole string
	// ViaCookie is true when the session came in a cookie rather than a header:
	// such requests need CSRF protection.
	ViaCookie bool
	// AuthenticatedAt is when the owner last proved the password (sessions only).
	AuthenticatedAt time.Time
	// SecondFactorAt is when the owner last proved the second factor in this session
	// (sessions only; zero when never): admin operations need it recent.
	SecondFactorAt time.Time
	// User is the account as it was read with the credential, at the start of the
	// request: the viewer query answers from it without a second query. Anything that
	// changes the account, or runs after a change, reads it again.
	User *ent.User
}

// Client describes where a request came from, for the security log and rate limits.
type Client struct {
	IP        string
	UserAgent string
	// RequestID ties the request's log lines and any error it got together.
	RequestID string
}

type viewerKey struct{}

// Network is what rate limits count a client by: its IPv4 address, or the /64 of its
// IPv6 address (a subscriber usually holds a whole /64 and can pick a new address per
// request). An IP that does not parse counts as itself.
func (c Client) Network() string {
	a, err := netip.ParseAddr(c.IP)
	if err != nil {
		return c.IP
	}
	a = a.Unmap()
	if a.Is6() {
		return netip.PrefixFrom(a, 64).Masked().String()
	}
	return a.String()
}

type clientKey struct{}

// NewContext returns a context carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the person asking with the reach of their account: a session, or
// a person's API key not limited to one fleet. Anything else (anonymous, a device, a
// provisioning key, a fleet-limited or fleet-owned key) is nil here, so no use-case of an
// account ever runs for a credential that is not the account's.
func FromContext(ctx context.Context) *Viewer {
	v := PrincipalFrom(ctx)
	if v == nil || !v.Person() {
		return nil
	}
	return v
}

// PrincipalFrom returns whoever the request authenticated as, or nil for an anonymous
// request. Only the fleet authorizer and the device flows read it.
func PrincipalFrom(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

// Person reports whether v acts for a person over their whole account.
func (v *Viewer) Person() bool {
	return v.UserID != "" && v.FleetID == "" && (v.Kind == SessionToken || v.Kind == APIKey)
}

// WithClient returns a context carrying the client of the request.
func WithClient(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

// ClientFrom returns the client of the request (zero when unknown).
func ClientFrom(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey{}).(Client)
	return c
}
