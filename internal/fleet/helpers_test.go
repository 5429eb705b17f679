package fleet_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

type userError = testkit.UserError

// account is a verified account and a client logged in as it (bearer token).
type account = testkit.Account

// mutate runs a mutation whose field is named field and returns its payload (nil when
// the field is null) and the response.
func mutate(t *testing.T, c *testkit.Client, query, field string, vars map[string]any) (map[string]json.RawMessage, *testkit.Response) {
	t.Helper()
	var data map[string]map[string]json.RawMessage
	resp := c.Do(query, vars, &data)
	return data[field], resp
}

// userErrorsOf decodes the userErrors of a payload.
func userErrorsOf(t *testing.T, p map[string]json.RawMessage) []userError {
	t.Helper()
	var ue []userError
	if raw, ok := p["userErrors"]; ok {
		if err := json.Unmarshal(raw, &ue); err != nil {
			t.Fatalf("decode userErrors %s: %v", raw, err)
		}
	}
	return ue
}

// outcome sums up how an operation ended: the top-level error code, else the
// userErrors' codes, else "ok".
func outcome(t *testing.T, p map[string]json.RawMessage, resp *testkit.Response) string {
	t.Helper()
	if len(resp.Errors) > 0 {
		return resp.Code()
	}
	ue := userErrorsOf(t, p)
	if len(ue) == 0 {
		return "ok"
	}
	codes := make([]string, len(ue))
	for i, e := range ue {
		codes[i] = e.Code
	}
	return strings.Join(codes, ",")
}

// field decodes one field of a payload into out.
func field(t *testing.T, p map[string]json.RawMessage, name string, out any) {
	t.Helper()
	raw, ok := p[name]
	if !ok {
		t.Fatalf("payload has no %s: %v", name, p)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("decode %s %s: %v", name, raw, err)
	}
}

// The fleet operations, as a client sends them.
const (
	createFleetOp = `mutation($name: String!) { createFleet(input: {name: $name}) { fleet { id name viewerRole } userErrors { code field message } } }`
	renameFleetOp = `mutation($id: ID!, $name: String!) { renameFleet(input: {fleetId: $id, name: $name}) { fleet { id name } userErrors { code field message } } }`
	deleteFleetOp = `mutation($id: ID!) { deleteFleet(input: {fleetId: $id}) { deletedFleetId userErrors { code field message } } }`
	inviteOp      = `mutation($id: ID!, $email: String!, $role: FleetRole!) { inviteFleetMember(input: {fleetId: $id, email: $email, role: $role}) {
		invitation { id email role expiresAt } userErrors { code field message } } }`
	acceptOp         = `mutation($token: String!) { acceptFleetInvitation(input: {token: $token}) { fleet { id name viewerRole } userErrors { code field message } } }`
	revokeOp         = `mutation($id: ID!) { revokeFleetInvitation(input: {invitationId: $id}) { revokedInvitationId userErrors { code field message } } }`
	updateMemberOp   = `mutation($id: ID!, $role: FleetRole!) { updateFleetMember(input: {memberId: $id, role: $role}) { member { id role } userErrors { code field message } } }`
	removeMemberOp   = `mutation($id: ID!) { removeFleetMember(input: {memberId: $id}) { removedMemberId userErrors { code field message } } }`
	leaveFleetOp     = `mutation($id: ID!) { leaveFleet(input: {fleetId: $id}) { leftFleetId userErrors { code field message } } }`
	transferOp       = `mutation($id: ID!, $member: ID!) { transferFleetOwnership(input: {fleetId: $id, memberId: $member}) { fleet { id viewerRole } userErrors { code field message } } }`
	registerDeviceOp = `mutation($id: ID!, $name: String!) { registerDevice(input: {fleetId: $id, name: $name}) { device { id name fleetId } token userErrors { code field message } } }`
	renameDeviceOp   = `mutation($id: ID!, $name: String!) { renameDevice(input: {deviceId: $id, name: $name}) { device { id name } userErrors { code field message } } }`
	deleteDeviceOp   = `mutation($id: ID!) { deleteDevice(input: {deviceId: $id}) { deletedDeviceId userErrors { code field message } } }`

	fleetNodeOp      = `query($id: ID!) { node(id: $id) { id ... on Fleet { name viewerRole } } }`
	deviceNodeOp     = `query($id: ID!) { node(id: $id) { id ... on Device { name fleetId } } }`
	memberNodeOp     = `query($id: ID!) { node(id: $id) { id ... on FleetMember { userId email role } } }`
	invitationNodeOp = `query($id: ID!) { node(id: $id) { id ... on FleetInvitation { email role expiresAt } } }`
	membersOp        = `query($id: ID!) { node(id: $id) { ... on Fleet { members(first: 100) { edges { node { id userId email role } } } } } }`
	devicesOp        = `query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Fleet { devices(first: $first, after: $after) {
		edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`
	invitationsOp = `query($id: ID!) { node(id: $id) { ... on Fleet { invitations(first: 100) { edges { node { id email role } } } } } }`
	myFleetsOp    = `query($first: Int, $after: String) { viewer { fleets(first: $first, after: $after) {
		edges { cursor node { id name viewerRole } } pageInfo { hasNextPage endCursor } } } }`
)

// withOwner runs f per store (testkit.ForEachServer) with the server's first account,
// owner@example.test, who creates the fleets.
func withOwner(t *testing.T, f func(t *testing.T, srv *testkit.Server, owner *account)) {
	t.Helper()
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		f(t, srv, srv.NewAccount(t, "owner@example.test"))
	})
}

// operation is a GraphQL operation and its variables, as a table of tests lists them.
type operation struct {
	query string
	vars  map[string]any
}
