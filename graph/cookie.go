package graph

import (
	"context"
	"time"
)

// Cookies lets a resolver hand the browser its cookies: the session cookie, and the
// sealed state of a social log-in round trip that startIdentityLink starts. The HTTP
// layer provides it (and knows the cookies' names and attributes); without one, as in
// a request that is not over HTTP, setting them does nothing.
type Cookies interface {
	// Set sets the HttpOnly session cookie to token until expires.
	Set(token string, expires time.Time)
	// Clear removes the session cookie.
	Clear()
	// SetOAuthState sets the short-lived, HttpOnly state cookie.
	SetOAuthState(sealed string)
	// SetSignUpProof sets the HttpOnly cookie proving that this browser signed up, for
	// ttl; "" clears it.
	SetSignUpProof(proof string, ttl time.Duration)
	// SignUpProof is the request's sign-up proof cookie, or "".
	SignUpProof() string
	// SetDevice sets the HttpOnly log-in device cookie for ttl.
	SetDevice(token string, ttl time.Duration)
	// Device is the request's log-in device cookie, or "".
	Device() string
}

type cookiesKey struct{}

// WithCookies returns a context through which resolvers set cookies.
func WithCookies(ctx context.Context, c Cookies) context.Context {
	return context.WithValue(ctx, cookiesKey{}, c)
}

func cookies(ctx context.Context) Cookies {
	if c, ok := ctx.Value(cookiesKey{}).(Cookies); ok {
		return c
	}
	return noCookies{}
}

type noCookies struct{}

func (noCookies) Set(string, time.Time) {}
func (noCookies) Clear()                {}
func (noCookies) SetOAuthState(string)  {}

func (noCookies) SetSignUpProof(string, time.Duration) {}
func (noCookies) SignUpProof() string                  { return "" }
func (noCookies) SetDevice(string, time.Duration)      {}
func (noCookies) Device() string                       { return "" }
