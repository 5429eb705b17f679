// Package graph is the GraphQL layer: thin resolvers that take an input, call one
// use-case or one ent query, and return a payload. errors.go is the one place where
// domain errors become userErrors or extensions.code.
package graph

import (
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/devicegrant"
	"github.com/accountd/accountd/internal/fleet"
	"github.com/accountd/accountd/internal/webhook"
)

// Resolver holds the dependencies of every resolver, and nothing else.
type Resolver struct {
	Auth     *auth.Service
	Accounts *account.Service
	Fleets   *fleet.Service
	// DeviceGrants is the OAuth device authorization grant.
	DeviceGrants *devicegrant.Service
	// Webhooks manages the webhook endpoints admins add.
	Webhooks *webhook.Service
}

// deref returns what p points at, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// keepAPIKeys reads revokeApiKeys of a password reset or change: only an explicit
// false keeps the keys; null, like leaving it out, revokes them.
func keepAPIKeys(revoke *bool) bool { return revoke != nil && !*revoke }
