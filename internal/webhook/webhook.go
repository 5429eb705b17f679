// Package webhook tells other systems what happened to accounts, fleets and devices:
// events POSTed to HTTP endpoints following the Standard Webhooks specification
// (https://www.standardwebhooks.com), signed with each endpoint's secret, so every
// receiver can verify them with that specification's libraries.
//
// Events travel through a transactional outbox (emit.go): a use-case writes one row per
// endpoint in the transaction of the change it reports, so a change and its events
// commit together or not at all. A worker (worker.go) delivers them at least once, with
// the same webhook-id on every try, retrying with jittered exponential backoff for a
// day; each endpoint has its own bounded number of deliveries in flight, so a slow or
// dead receiver holds back neither a request nor the other receivers.
package webhook

import "time"

// Event types. Each names what happened, in the past tense of the domain.
const (
	UserCreated       = "user.created"
	UserEmailVerified = "user.email_verified"
	UserDeleted       = "user.deleted"
	// UserSuspended is emitted by the admin's suspension.
	UserSuspended = "user.suspended"
	// UserEmailChanged is emitted when a change of email completes.
	UserEmailChanged   = "user.email_changed"
	FleetCreated       = "fleet.created"
	FleetDeleted       = "fleet.deleted"
	FleetMemberAdded   = "fleet.member_added"
	FleetMemberRemoved = "fleet.member_removed"
	DeviceRegistered   = "device.registered"
	DeviceDeleted      = "device.deleted"
)

// EventTypes lists every event type (README's list is checked against it).
var EventTypes = []string{
	UserCreated, UserEmailVerified, UserDeleted, UserSuspended, UserEmailChanged,
	FleetCreated, FleetDeleted, FleetMemberAdded, FleetMemberRemoved,
	DeviceRegistered, DeviceDeleted,
}

// Event is something that happened, as a use-case reports it to Emit.
type Event struct {
	Type string
	Data Data
}

// Data is what an event says: ids and the least a receiver needs to act. It is a
// struct, not a map, so nothing but these fields, none of them a secret, can ever
// reach a receiver; an empty field is left out.
type Data struct {
	UserID   string `json:"user_id,omitempty"`
	FleetID  string `json:"fleet_id,omitempty"`
	MemberID string `json:"member_id,omitempty"`
	DeviceID string `json:"device_id,omitempty"`
	// Role is a member's role in a fleet (fleet.member_added).
	Role string `json:"role,omitempty"`
}

// Payload is the JSON body of a webhook, the shape Standard Webhooks recommends:
// {"type": ..., "timestamp": ..., "data": {...}}.
type Payload struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      Data      `json:"data"`
}
