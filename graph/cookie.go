package graph

import (
	"context"
	"time"
)

// SessionCookie lets a resolver hand the browser its session cookie. The HTTP layer
// provides it (and knows the cookie's name and attributes); without one, as in a
// request that is not over HTTP, setting it does nothing.
type SessionCookie interface {
	// Set sets the HttpOnly session cookie to token until expires.
	Set(token string, expires time.Time)
	// Clear removes the session cookie.
	Clear()
}

type cookieKey struct{}

// WithSessionCookie returns a context through which resolvers set the session cookie.
func WithSessionCookie(ctx context.Context, c SessionCookie) context.Context {
	return context.WithValue(ctx, cookieKey{}, c)
}

func sessionCookie(ctx context.Context) SessionCookie {
	if c, ok := ctx.Value(cookieKey{}).(SessionCookie); ok {
		return c
	}
	return noCookie{}
}

type noCookie struct{}

func (noCookie) Set(string, time.Time) {}
func (noCookie) Clear()                {}
