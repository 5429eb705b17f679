package httpserver

import (
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/accountd/accountd/internal/fault"
)

// Admission is the admission gate in front of the hash queue (password.Hasher.Admit):
// the transport asks it before a hashing mutation runs.
type Admission interface {
	// Admit takes a token for a request from network, or says no.
	Admit(network string) bool
	// Release gives back a token Admit gave.
	Release(network string)
}

// hashingMutations are the mutations that hash a password (argon2id) for anonymous
// callers: the ones a credential-stuffing or sign-up flood sends. The transport
// decides them at the admission gate once the document is parsed and validated,
// before GraphQL runs anything and without the database (graph.RefuseAdmitted answers
// a refusal). Each must be graph.Refusable.
var hashingMutations = map[string]bool{
	"logIn": true, "signUp": true, "resetPassword": true, "verifyEmail": true,
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
