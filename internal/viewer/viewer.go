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
	// create or reveal stronger credentials (DESIGN.md, fresh authentication).
	APIKey
)

// Viewer is an authenticated requester.
type Viewer struct {
	UserID string
	Kind   Kind
	// CredentialID is the id of the session or API key used.
	CredentialID string
	// ViaCookie is true when the session came in a cookie rather than a header:
	// such requests need CSRF protection.
	ViaCookie bool
	// AuthenticatedAt is when the owner last proved the password (sessions only).
	AuthenticatedAt time.Time
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

// FromContext returns the viewer of the request, or nil for an anonymous one.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
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
