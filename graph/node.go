package graph

import (
	"context"

	"github.com/accountd/accountd/graph/model"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/id"
)

// nodeLookup finds the object of a global id for node(id:), or nil when the viewer may
// not see it.
type nodeLookup func(ctx context.Context, nodeID string) (model.Node, error)

// nodeTable is node(id:): one row per id prefix of a type that implements Node, each
// with the authorization of the field that lists the type. A new Node type is one row
// here (and one `implements Node` in the schema); TestNodeTableCoversEveryNodeType
// fails until it has one.
func (r *Resolver) nodeTable() map[string]nodeLookup {
	return map[string]nodeLookup{
		id.User:            lookup(r.Accounts.UserNode),
		id.Session:         lookup(r.Auth.SessionNode),
		id.APIKey:          lookup(r.Auth.APIKeyNode),
		id.Event:           lookup(r.Accounts.SecurityEventNode),
		id.Fleet:           lookup(r.Fleets.Fleet),
		id.FleetMember:     lookup(r.Fleets.Member),
		id.Invitation:      lookup(r.Fleets.Invitation),
		id.Device:          lookup(r.Fleets.Device),
		id.ProvisioningKey: lookup(r.Fleets.ProvisioningKey),
	}
}

// node resolves a global id through nodeTable; an unknown prefix is null like an
// unknown id.
func (r *Resolver) node(ctx context.Context, nodeID string) (model.Node, error) {
	find, ok := r.nodeTable()[id.Prefix(nodeID)]
	if !ok {
		return nil, nil
	}
	return find(ctx, nodeID)
}

// lookup adapts a typed finder to a nodeLookup: a nil object stays an untyped nil (a
// typed nil pointer in the interface would not be null), and a refusal that means "you
// may not see it" (NOT_FOUND, FORBIDDEN, UNAUTHENTICATED) is null like a missing
// object, so node(id:) tells nothing about ids the viewer cannot see.
func lookup[T any](find func(context.Context, string) (*T, error)) nodeLookup {
	return func(ctx context.Context, nodeID string) (model.Node, error) {
		n, err := find(ctx, nodeID)
		switch {
		case hidden(err):
			return nil, nil
		case err != nil:
			return nil, err
		case n == nil:
			return nil, nil
		}
		return n, nil
	}
}

// hidden reports whether err means "the viewer may not see it".
func hidden(err error) bool {
	switch fault.CodeOf(err) {
	case fault.NotFound, fault.Forbidden, fault.Unauthenticated:
		return true
	}
	return false
}
