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

// Can is what the viewer may do in one fleet (Fleet.viewerCan), for a client that shows
// only the actions that will work. Every answer is read from Matrix through Allowed, so
// the console never keeps its own copy of the matrix; TestCanCoversMatrix keeps one
// method per action.
type Can struct{ role Role }

// ViewerCan answers for the viewer's role in this fleet.
func (f *Fleet) ViewerCan() Can { return Can{role: f.ViewerRole} }

// ViewFleet reports whether the viewer may see the fleet (every member may).
func (c Can) ViewFleet() bool { return Allowed(ViewFleet, c.role) }

// RenameFleet reports whether the viewer may rename the fleet.
func (c Can) RenameFleet() bool { return Allowed(RenameFleet, c.role) }

// DeleteFleet reports whether the viewer may delete the fleet.
func (c Can) DeleteFleet() bool { return Allowed(DeleteFleet, c.role) }

// TransferOwnership reports whether the viewer may make another member the owner.
func (c Can) TransferOwnership() bool { return Allowed(TransferOwnership, c.role) }

// ViewMembers reports whether the viewer may list the members.
func (c Can) ViewMembers() bool { return Allowed(ViewMembers, c.role) }

// ManageMembers reports whether the viewer may invite, remove, re-role members and
// cancel invitations.
func (c Can) ManageMembers() bool { return Allowed(ManageMembers, c.role) }

// ViewDevices reports whether the viewer may list the devices.
func (c Can) ViewDevices() bool { return Allowed(ViewDevices, c.role) }

// RegisterDevice reports whether the viewer may add a device.
func (c Can) RegisterDevice() bool { return Allowed(RegisterDevice, c.role) }

// RenameDevice reports whether the viewer may rename a device.
func (c Can) RenameDevice() bool { return Allowed(RenameDevice, c.role) }

// DeleteDevice reports whether the viewer may delete a device.
func (c Can) DeleteDevice() bool { return Allowed(DeleteDevice, c.role) }

// LeaveFleet reports whether leaveFleet would succeed: every member who may see the
// fleet, except its owner (a fleet cannot lose its owner: LAST_OWNER).
func (c Can) LeaveFleet() bool { return Allowed(ViewFleet, c.role) && c.role != Owner }

// ManageProvisioningKeys reports whether the viewer may create and revoke the fleet's
// provisioning keys.
func (c Can) ManageProvisioningKeys() bool { return Allowed(ManageProvisioningKeys, c.role) }

// ManageFleetKeys reports whether the viewer may list, create and revoke the fleet's API keys.
func (c Can) ManageFleetKeys() bool { return Allowed(ManageFleetKeys, c.role) }
