package graph

import (
	"errors"

	"github.com/accountd/accountd/graph/model"
	"github.com/accountd/accountd/internal/devicegrant"
	"github.com/accountd/accountd/internal/fault"
)

// deviceRequest presents a pending device authorization request.
func deviceRequest(r *devicegrant.Request) *model.DeviceAuthorizationRequest {
	if r == nil {
		return nil
	}
	return &model.DeviceAuthorizationRequest{
		ClientID: r.ClientID, ClientName: r.ClientName, Scope: r.Scope,
		RequestedAt: r.RequestedAt, ExpiresAt: r.ExpiresAt,
	}
}

// pollState turns the OAuth answers of a poll that are states into the GraphQL enum;
// other errors pass on.
func pollState(err error) (*model.DeviceAuthorizationState, error) {
	var s model.DeviceAuthorizationState
	switch {
	case errors.Is(err, devicegrant.ErrAuthorizationPending):
		s = model.DeviceAuthorizationStatePending
	case errors.Is(err, devicegrant.ErrSlowDown):
		s = model.DeviceAuthorizationStateSlowDown
	case errors.Is(err, devicegrant.ErrAccessDenied):
		s = model.DeviceAuthorizationStateDenied
	case errors.Is(err, devicegrant.ErrExpiredToken):
		s = model.DeviceAuthorizationStateExpired
	default:
		return nil, err
	}
	return &s, nil
}

// The userErrors of the GraphQL mirror for the OAuth errors that are a client's mistake.
var (
	errUnknownClient = fault.New(fault.InvalidInput, "Unknown client: use a client id of ACCOUNTD_DEVICE_CLIENTS.")
	errUnknownScope  = fault.New(fault.InvalidInput, "Ask for one scope of: full, read_only, session.")
	errDeviceCode    = fault.New(fault.InvalidToken, "This device code is unknown, was used, or belongs to another client: start again.")
)

// deviceGrantFault turns the OAuth errors of the grant into faults on their fields.
func deviceGrantFault(err error) error {
	switch {
	case errors.Is(err, devicegrant.ErrInvalidClient):
		return errUnknownClient.OnField("input", "clientId")
	case errors.Is(err, devicegrant.ErrInvalidScope):
		return errUnknownScope.OnField("input", "scope")
	case errors.Is(err, devicegrant.ErrInvalidGrant), errors.Is(err, devicegrant.ErrInvalidRequest):
		return errDeviceCode.OnField("input", "deviceCode")
	}
	return err
}
