package fleet

import (
	"strconv"

	"github.com/accountd/accountd/internal/fault"
)

// Domain errors of the fleet flows. graph/errors.go turns them into userErrors
// (NOT_FOUND, LAST_OWNER, ...) or top-level errors (UNAUTHENTICATED, FORBIDDEN).
//
// The rule: a fleet the viewer is not a member of answers exactly like a missing one,
// and so do its devices, members and invitations, and ids of the wrong type
// (ErrNotFound, a NOT_FOUND userError, or null from a query), so a stranger cannot learn
// whether an id exists (ASVS 8.2.2). A member whose role does not allow an action gets
// ErrForbidden, a top-level FORBIDDEN error: they can see the fleet, so nothing leaks,
// and no form can fix a role.
var (
	ErrUnauthenticated = fault.ErrUnauthenticated
	ErrNotFound        = fault.New(fault.NotFound, "Not found, or not shared with you.")
	ErrForbidden       = fault.New(fault.Forbidden, "Your role in this fleet does not allow this.")
	ErrLastOwner       = fault.New(fault.LastOwner, "A fleet cannot lose its owner: transfer ownership first, or delete the fleet.")
	ErrAlreadyMember   = fault.New(fault.AlreadyMember, "This person is already a member of the fleet.")
	ErrInvalidEmail    = fault.ErrInvalidEmail
	ErrInvalidToken    = fault.New(fault.InvalidToken, "This invitation is invalid, has expired, or was sent to another address.")
	// ErrInvitationWithdrawn: the member who sent the invitation may no longer invite
	// into the fleet at its role (left, removed, or lost the right); it is retired.
	ErrInvitationWithdrawn = fault.New(fault.InvalidToken, "This invitation was withdrawn: the person who sent it can no longer invite you. Ask a fleet owner for a new one.")
	ErrEmailNotVerified    = fault.New(fault.EmailNotVerified, "Verify your email address first.")
	ErrInvalidRole         = fault.New(fault.InvalidInput, "Choose DEVELOPER, OPERATOR or OBSERVER; ownership is transferred with transferFleetOwnership.")
	// ErrKeyRevoked: the API key or provisioning key of the request was revoked (or
	// expired) after the request was authenticated; nothing was done.
	ErrKeyRevoked = fault.New(fault.Unauthenticated, "The key was revoked or has expired.")
	// ErrReadOnlyKey: a READ_ONLY API key asked for a change.
	ErrReadOnlyKey = fault.New(fault.Forbidden, "This API key is read-only.")
	// ErrDeviceLimit: the provisioning key has registered its maxDevices.
	ErrDeviceLimit = fault.New(fault.DeviceLimitReached, "This provisioning key may register no more devices.")
	// ErrNotProvisioningKey: provisionDevice needs an acd_prv_ provisioning key.
	ErrNotProvisioningKey = fault.New(fault.Forbidden, "Only a provisioning key (acd_prv_...) provisions devices.")
	// ErrKeyRole: a key's fleet role above its creator's role, or OWNER.
	ErrKeyRole = fault.New(fault.InvalidInput, "Choose DEVELOPER, OPERATOR or OBSERVER, no more than your own role in the fleet.")
)

// maxNameLength bounds the names of fleets and devices (the column holds 100 bytes).
const maxNameLength = 100

func invalidName(field string) *fault.Error {
	return fault.New(fault.InvalidInput, "Use a name of 1 to "+strconv.Itoa(maxNameLength)+" characters (bytes in UTF-8).").OnField("input", field)
}

// notFoundOn puts ErrNotFound on the input field that named the missing object; other
// errors pass through.
func notFoundOn(err error, field string) error {
	if f, ok := fault.As(err); ok && f.Code == fault.NotFound {
		return ErrNotFound.OnField("input", field)
	}
	return err
}
