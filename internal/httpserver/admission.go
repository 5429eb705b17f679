package httpserver

import (
	"context"
	"net/netip"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/accountd/accountd/internal/fault"
)

// Admission is the admission gate in front of the hash queue (password.Hasher.Admit):
// the transport asks it before a hashing mutation runs.
type Admission interface {
	// Admit takes a token for a request from network, waiting a short while at a full
	// gate (until ctx ends at most), or says no.
	Admit(ctx context.Context, network string) bool
	// Release gives back a token Admit gave.
	Release(network string)
}

// hashingMutations are the mutations that hash a password (argon2id): the anonymous
// ones a credential-stuffing or sign-up flood sends, and every mutation that takes a
// password to confirm or set (with a session or an API key, a flood of those hashes
// just as well). The transport decides them at the admission gate once the document
// is parsed and validated, before GraphQL runs anything and without the database
// (graph.RefuseAdmitted answers a refusal). Each must be graph.Refusable. A mutation
// whose password is optional is gated with or without it: the gate only refuses when
// it is full, and telling the two apart would mean reading variables here.
var hashingMutations = map[string]bool{
	"logIn": true, "signUp": true, "resetPassword": true, "verifyEmail": true,
	"changePassword": true, "setPassword": true, "deleteAccount": true, "createApiKey": true,
	"requestEmailChange": true, "approveDeviceAuthorization": true,
	"beginPasskeyRegistration": true, "removePasskey": true,
	"linkIdentity": true, "startIdentityLink": true, "unlinkIdentity": true,
	"enableTwoFactor": true, "confirmTwoFactor": true, "disableTwoFactor": true,
	"regenerateRecoveryCodes": true,
}

// gateNetwork is the network a client's request counts against at the admission gate:
// its IPv4 address, or its IPv6 /48 (the usual size of one site's allocation, so one
// attacker's addresses count as one network). Behind a proxy the client address is
// only right with ACCOUNTD_TRUSTED_PROXIES set; without it every client is the proxy.
func gateNetwork(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is6() {
		return netip.PrefixFrom(a, 48).Masked().String()
	}
	return a.String()
}

// admissionRetry is the retry-after of a request the gate turns away: the gate drains
// in a few hash times (tens of milliseconds); a second is the least a client is told.
const admissionRetry = time.Second

// admissionRefusal answers a request the gate turned away: the RATE_LIMITED (in the
// payload's userErrors, with retryAfterSeconds) a full hash queue gives, so clients
// see no difference.
var admissionRefusal = fault.Limited(admissionRetry)

// hashes reports whether an operation is a mutation that runs a hashing mutation.
func hashes(op *ast.OperationDefinition) bool {
	return op != nil && op.Operation == ast.Mutation && selectsAny(op.SelectionSet, hashingMutations)
}
