package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/fleet"
	"github.com/accountd/accountd/internal/viewer"
)

// The answers of PrincipalGate: top-level FORBIDDEN, each saying which credential
// cannot do what, so a client can tell a wrong token from a wrong role.
var (
	errDeviceToken       = fault.New(fault.Forbidden, "A device token (acd_dev_) reads its device and nothing else; this needs a person's credential.")
	errProvisioningToken = fault.New(fault.Forbidden, "A provisioning key (acd_prv_) only provisions devices (provisionDevice).")
	errFleetKey          = fault.New(fault.Forbidden, "An API key limited to a fleet only manages that fleet's devices and provisioning keys.")
	errSessionOnly       = fault.New(fault.Forbidden, "Only a person's session (log in to the console) may approve a device's request: a key, a device or a provisioning key never may.")
)

// sessionOnlyMutations are run only by a person's session: approving a device
// authorization hands a new credential to a client, which no key may do on its own.
var sessionOnlyMutations = map[string]bool{
	"approveDeviceAuthorization": true,
}

// fleetKeyMutations are the mutations an API key limited to one fleet (a person's or
// the fleet's own) may run: the device work of its role. Anything of an account, and
// what only an OWNER in person may do, is refused; a mutation added later is refused
// until it is listed here (deny by default).
var fleetKeyMutations = map[string]bool{
	"registerDevice":        true,
	"renameDevice":          true,
	"deleteDevice":          true,
	"rotateDeviceToken":     true,
	"createProvisioningKey": true,
	"revokeProvisioningKey": true,
}

// PrincipalGate is a root field middleware (handler.Server.AroundRootFields): the one
// place that decides which mutations a credential that is not a person's full account
// may run at all, before any resolver. A device runs none; a provisioning key only
// provisionDevice; a READ_ONLY key none; a key limited to a fleet only
// fleetKeyMutations. Queries are not gated: for these credentials viewer and node
// answer null, and each fleet read is authorized in internal/fleet. The use-cases
// check again (internal/fleet's authorizer; viewer.FromContext has no person for them).
func PrincipalGate(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	// RootFieldContext.Object holds the field's name, not its type's: the operation
	// says whether this is a mutation's root field.
	rc := graphql.GetRootFieldContext(ctx)
	if rc == nil || !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	if op := graphql.GetOperationContext(ctx).Operation; op == nil || op.Operation != ast.Mutation {
		return next(ctx)
	}
	if err := mayMutate(viewer.PrincipalFrom(ctx), rc.Field.Name); err != nil {
		graphql.AddError(ctx, err)
		return graphql.Null
	}
	return next(ctx)
}

// mayMutate says whether principal v may run the mutation: nil, or the FORBIDDEN fault.
func mayMutate(v *viewer.Viewer, mutation string) error {
	if v == nil {
		return nil // anonymous: each use-case decides (most answer UNAUTHENTICATED)
	}
	if sessionOnlyMutations[mutation] && (v.Kind != viewer.SessionToken || !v.Person()) {
		return errSessionOnly
	}
	if mutation == "provisionDevice" {
		if v.Kind == viewer.ProvisioningKey {
			return nil
		}
		return fleet.ErrNotProvisioningKey
	}
	switch {
	case v.Kind == viewer.Device:
		return errDeviceToken
	case v.Kind == viewer.ProvisioningKey:
		return errProvisioningToken
	case v.ReadOnly:
		return fleet.ErrReadOnlyKey
	case v.FleetID != "" && !fleetKeyMutations[mutation]:
		return errFleetKey
	}
	return nil
}
