package auth

import (
	"context"

	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/viewer"
)

// Access is what a principal wants to do with an object an account owns.
type Access int

const (
	// Read lists or looks up the object.
	Read Access = iota
	// Act changes or ends it.
	Act
)

// Answers of Authorize besides ErrUnauthenticated.
var (
	// ErrNotFound is the answer about an object of another account: a list is empty, a
	// lookup finds nothing, a revocation reports the id as not revoked. The same as for
	// an id that does not exist, so no answer confirms an id.
	ErrNotFound = fault.New(fault.NotFound, "Nothing with this id.")
	// ErrReadOnly refuses a change to a READ_ONLY key (graph/principal.go refuses its
	// mutations before; this is the service's own check).
	ErrReadOnly = fault.New(fault.Forbidden, "This API key is read-only.")
)

// Authorize is the one rule for the objects an account owns (sessions, API keys,
// recovery codes, the security log, identities, the two-factor state): may the
// principal of ctx read (Read) or change (Act) what the account ownerID owns? Only the
// account itself, by a session or by one of its keys; a READ_ONLY key only reads. It
// answers the viewer, or ErrUnauthenticated without a person (anonymous, a device, a
// provisioning key, a fleet's key: viewer.FromContext), ErrNotFound for another
// account, ErrReadOnly for a change by a READ_ONLY key. Lists and lookups read through
// Visible: whoever may not see answers empty, never an error.
func Authorize(ctx context.Context, ownerID string, a Access) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return nil, ErrUnauthenticated
	case v.UserID != ownerID:
		return nil, ErrNotFound
	case a == Act && v.ReadOnly:
		return nil, ErrReadOnly
	}
	return v, nil
}

// Visible is Authorize for reading what ownerID owns: false when the principal may
// not see it, anonymous included (the list is empty, the lookup finds nothing).
func Visible(ctx context.Context, ownerID string) bool {
	_, err := Authorize(ctx, ownerID, Read)
	return err == nil
}

// Self is Authorize for the principal's own account: the viewer when it is a person
// who may do a.
func Self(ctx context.Context, a Access) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, ErrUnauthenticated
	}
	return Authorize(ctx, v.UserID, a)
}
