package fleet

import (
	"strings"

	"github.com/accountd/accountd/ent/fleetmember"
)

// Role is what a member may do in a fleet, after balena's member types.
type Role = fleetmember.Role

// The roles, from most to least able.
const (
	// Owner may do everything, and is the only one who may delete the fleet, manage
	// its members or transfer its ownership. A fleet has exactly one.
	Owner Role = fleetmember.RoleOWNER
	// Developer may do everything about devices (register, rename, delete) and sees
	// the members.
	Developer Role = fleetmember.RoleDEVELOPER
	// Operator operates devices: reads and renames them, cannot register or delete.
	Operator Role = fleetmember.RoleOPERATOR
	// Observer reads only.
	Observer Role = fleetmember.RoleOBSERVER
)

// Roles lists every role, in the matrix's column order.
var Roles = []Role{Owner, Developer, Operator, Observer}

// Action is something a member may or may not do in a fleet.
type Action string

// The actions of the permission matrix.
const (
	ViewFleet         Action = "viewFleet"
	RenameFleet       Action = "renameFleet"
	DeleteFleet       Action = "deleteFleet"
	TransferOwnership Action = "transferOwnership"
	ViewMembers       Action = "viewMembers"
	ManageMembers     Action = "manageMembers"
	ViewDevices       Action = "viewDevices"
	RegisterDevice    Action = "registerDevice"
	RenameDevice      Action = "renameDevice"
	DeleteDevice      Action = "deleteDevice"
	// ManageProvisioningKeys lists, creates and revokes the fleet's provisioning keys:
	// the roles that may register devices, since a key registers devices.
	ManageProvisioningKeys Action = "manageProvisioningKeys"
	// ManageFleetKeys lists, creates and revokes the API keys owned by the fleet.
	ManageFleetKeys Action = "manageFleetKeys"
)

// Permission is one row of the matrix: an action, the API it covers and the roles
// allowed to do it.
type Permission struct {
	Action Action
	// Covers names the GraphQL fields that check this action.
	Covers string
	Allow  []Role
}

// Matrix is THE permission matrix: every check in this package reads it (through
// Allowed), README.md prints it (TestREADMEMatrix keeps the two equal), and the matrix
// test runs every cell over HTTP. Anything not listed is denied.
var Matrix = []Permission{
	{ViewFleet, "`node(id: flt_)`, `viewer.fleets`, `leaveFleet`", []Role{Owner, Developer, Operator, Observer}},
	{RenameFleet, "`renameFleet`", []Role{Owner}},
	{DeleteFleet, "`deleteFleet`", []Role{Owner}},
	{TransferOwnership, "`transferFleetOwnership`", []Role{Owner}},
	{ViewMembers, "`fleet.members`, `node(id: mem_)`", []Role{Owner, Developer}},
	{ManageMembers, "`inviteFleetMember`, `fleet.invitations`, `node(id:)` of an invitation, `revokeFleetInvitation`, `updateFleetMember`, `removeFleetMember`", []Role{Owner}},
	{ViewDevices, "`fleet.devices`, `node(id: dev_)`", []Role{Owner, Developer, Operator, Observer}},
	{RegisterDevice, "`registerDevice`, `rotateDeviceToken`", []Role{Owner, Developer}},
	{RenameDevice, "`renameDevice`", []Role{Owner, Developer, Operator}},
	{DeleteDevice, "`deleteDevice`", []Role{Owner, Developer}},
	{ManageProvisioningKeys, "`fleet.provisioningKeys`, `node(id: prv_)`, `createProvisioningKey`, `revokeProvisioningKey`", []Role{Owner, Developer}},
	{ManageFleetKeys, "`fleet.apiKeys`, `createApiKey(fleetOwned: true)`, `revokeFleetApiKey`", []Role{Owner}},
}

// Allowed reports whether a member with role r may do a. Unknown actions and roles are
// denied.
func Allowed(a Action, r Role) bool {
	for _, p := range Matrix {
		if p.Action != a {
			continue
		}
		for _, allowed := range p.Allow {
			if allowed == r {
				return true
			}
		}
		return false
	}
	return false
}

// MatrixMarkdown renders Matrix as the Markdown table README.md shows.
func MatrixMarkdown() string {
	var b strings.Builder
	b.WriteString("| action | GraphQL |")
	for _, r := range Roles {
		b.WriteString(" " + string(r) + " |")
	}
	b.WriteString("\n|---|---|")
	for range Roles {
		b.WriteString(":-:|")
	}
	b.WriteString("\n")
	for _, p := range Matrix {
		b.WriteString("| " + string(p.Action) + " | " + p.Covers + " |")
		for _, r := range Roles {
			if Allowed(p.Action, r) {
				b.WriteString(" yes |")
			} else {
				b.WriteString(" no |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
