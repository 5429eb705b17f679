package account

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/apikey"
	"github.com/accountd/accountd/ent/device"
	"github.com/accountd/accountd/ent/deviceauthorization"
	"github.com/accountd/accountd/ent/fleet"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/ent/identity"
	"github.com/accountd/accountd/ent/onetimetoken"
	"github.com/accountd/accountd/ent/outboxemail"
	entpasskey "github.com/accountd/accountd/ent/passkey"
	"github.com/accountd/accountd/ent/recoverycode"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/ent/totp"
	"github.com/accountd/accountd/internal/viewer"
)

// EventAccountDataExported is the security log kind of a data export.
const EventAccountDataExported = "account_data_exported"

// Export is the document exportAccountData returns: everything stored about an account
// (GDPR Art. 15), without a secret or a hash of one. Its JSON names are its contract.
type Export struct {
	ExportedAt     time.Time        `json:"exportedAt"`
	Account        exportAccount    `json:"account"`
	Sessions       []exportSession  `json:"sessions"`
	APIKeys        []exportAPIKey   `json:"apiKeys"`
	TwoFactor      exportTwoFactor  `json:"twoFactor"`
	Identities     []exportIdentity `json:"identities"`
	Fleets         []exportFleet    `json:"fleets"`
	SecurityEvents []exportEvent    `json:"securityEvents"`
	Emails         []exportEmail    `json:"emails"`
	Passkeys       []exportPasskey  `json:"passkeys"`
	// DeviceAuthorizations are the device grant requests the person approved or
	// denied at /activate.
	DeviceAuthorizations []exportDeviceAuthorization `json:"deviceAuthorizations"`
	// EmailChanges are the changes of address asked for and not confirmed yet.
	EmailChanges []exportEmailChange `json:"emailChanges"`
}

type exportAccount struct {
	ID                string     `json:"id"`
	Email             string     `json:"email"`
	EmailVerifiedAt   *time.Time `json:"emailVerifiedAt"`
	Name              string     `json:"name"`
	Company           string     `json:"company"`
	HasPassword       bool       `json:"hasPassword"`
	PasswordChangedAt *time.Time `json:"passwordChangedAt"`
	TermsAcceptedAt   *time.Time `json:"termsAcceptedAt"`
	CreatedAt         time.Time  `json:"createdAt"`
}

type exportSession struct {
	ID         string     `json:"id"`
	CreatedAt  time.Time  `json:"createdAt"`
	LastUsedAt time.Time  `json:"lastUsedAt"`
	ExpiresAt  time.Time  `json:"expiresAt"`
	RotatedAt  *time.Time `json:"rotatedAt"`
	RevokedAt  *time.Time `json:"revokedAt"`
	UserAgent  string     `json:"userAgent"`
	IP         string     `json:"ip"`
}

type exportAPIKey struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Prefix      string     `json:"prefix"`
	CreatedAt   time.Time  `json:"createdAt"`
	LastUsedAt  *time.Time `json:"lastUsedAt"`
	ExpiresAt   *time.Time `json:"expiresAt"`
	RevokedAt   *time.Time `json:"revokedAt"`
	Scope       string     `json:"scope"`
	// FleetID and FleetRole limit a key to a fleet; a fleet's key the person made has
	// them too.
	FleetID   *string `json:"fleetId,omitempty"`
	FleetRole *string `json:"fleetRole,omitempty"`
}

// exportPasskey is a passkey without its public key: the credential id (base64url, as
// WebAuthn writes it) is what the person's authenticator shows.
type exportPasskey struct {
	Name           string     `json:"name"`
	CredentialID   string     `json:"credentialId"`
	CreatedAt      time.Time  `json:"createdAt"`
	LastUsedAt     *time.Time `json:"lastUsedAt"`
	UserVerified   bool       `json:"userVerified"`
	BackupEligible bool       `json:"backupEligible"`
	BackedUp       bool       `json:"backedUp"`
	Transports     []string   `json:"transports"`
}

type exportDeviceAuthorization struct {
	ClientID    string     `json:"clientId"`
	Scope       string     `json:"scope"`
	Status      string     `json:"status"`
	RequestedAt time.Time  `json:"requestedAt"`
	DecidedAt   *time.Time `json:"decidedAt"`
	CollectedAt *time.Time `json:"collectedAt"`
	ReadOnly    bool       `json:"readOnly"`
	FleetID     *string    `json:"fleetId,omitempty"`
	FleetRole   *string    `json:"fleetRole,omitempty"`
	Session     bool       `json:"session"`
}

type exportEmailChange struct {
	NewEmail    string    `json:"newEmail"`
	RequestedAt time.Time `json:"requestedAt"`
	ExpiresAt   time.Time `json:"expiresAt"`
}

type exportTwoFactor struct {
	Enabled                bool       `json:"enabled"`
	ConfirmedAt            *time.Time `json:"confirmedAt"`
	RecoveryCodesRemaining int        `json:"recoveryCodesRemaining"`
}

type exportIdentity struct {
	Provider  string    `json:"provider"`
	Subject   string    `json:"subject"`
	Email     string    `json:"email"`
	CreatedAt time.Time `json:"createdAt"`
}

type exportFleet struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	Role      string         `json:"role"`
	CreatedAt time.Time      `json:"createdAt"`
	Devices   []exportDevice `json:"devices,omitempty"`
}

type exportDevice struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"createdAt"`
	LastSeenAt *time.Time `json:"lastSeenAt"`
}

type exportEvent struct {
	Kind      string    `json:"kind"`
	CreatedAt time.Time `json:"createdAt"`
	IP        string    `json:"ip"`
	UserAgent string    `json:"userAgent"`
}

type exportEmail struct {
	Template  string     `json:"template"`
	CreatedAt time.Time  `json:"createdAt"`
	SentAt    *time.Time `json:"sentAt"`
}

// ExportAccountData returns the viewer's data as an indented JSON document. Fleets the
// account owns come with their devices; fleets shared with it show only the role.
// Email contents are left out: they held links with live tokens. Passkeys come without
// their public keys, API keys without their secrets.
func (s *Service) ExportAccountData(ctx context.Context) ([]byte, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, ErrUnauthenticated
	}
	var doc *Export
	err := s.inTx(ctx, func(tx *ent.Tx) error {
		var err error
		doc, err = s.collectExport(ctx, tx, v.UserID)
		if err != nil {
			return err
		}
		return s.record(ctx, tx.Client(), v.UserID, EventAccountDataExported)
	})
	if err != nil {
		return nil, fmt.Errorf("export account data: %w", err)
	}
	return json.MarshalIndent(doc, "", "  ")
}

func (s *Service) collectExport(ctx context.Context, tx *ent.Tx, userID string) (*Export, error) {
	u, err := tx.User.Get(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	doc := &Export{
		ExportedAt: s.now(),
		Account: exportAccount{
			ID: u.ID, Email: u.Email, EmailVerifiedAt: u.EmailVerifiedAt, Name: u.Name,
			Company: u.Company, HasPassword: u.PasswordHash != nil, PasswordChangedAt: u.PasswordChangedAt,
			TermsAcceptedAt: u.TermsAcceptedAt, CreatedAt: u.CreatedAt,
		},
		Sessions: []exportSession{}, APIKeys: []exportAPIKey{}, Identities: []exportIdentity{},
		Fleets: []exportFleet{}, SecurityEvents: []exportEvent{}, Emails: []exportEmail{},
		Passkeys: []exportPasskey{}, DeviceAuthorizations: []exportDeviceAuthorization{}, EmailChanges: []exportEmailChange{},
	}
	sessions, err := tx.Session.Query().Where(session.UserID(userID)).Order(ent.Asc(session.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	for _, r := range sessions {
		doc.Sessions = append(doc.Sessions, exportSession{r.ID, r.CreatedAt, r.LastUsedAt, r.ExpiresAt, r.RotatedAt, r.RevokedAt, r.UserAgent, r.IP})
	}
	// The person's keys, and the fleet-owned keys they created while they are still a
	// member of that fleet: once they left, the fleet's keys are none of theirs.
	keys, err := tx.APIKey.Query().Where(apikey.Or(apikey.UserID(userID), apikey.And(apikey.CreatorID(userID),
		apikey.HasFleetWith(fleet.HasMembersWith(fleetmember.UserID(userID)))))).Order(ent.Asc(apikey.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("api keys: %w", err)
	}
	for _, k := range keys {
		var role *string
		if k.FleetRole != nil {
			role = new(string(*k.FleetRole))
		}
		doc.APIKeys = append(doc.APIKeys, exportAPIKey{k.ID, k.Name, k.Description, k.Prefix, k.CreatedAt, k.LastUsedAt,
			k.ExpiresAt, k.RevokedAt, string(k.Scope), k.FleetID, role})
	}
	t, err := tx.TOTP.Query().Where(totp.UserID(userID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
	case err != nil:
		return nil, fmt.Errorf("two-factor: %w", err)
	default:
		doc.TwoFactor.Enabled, doc.TwoFactor.ConfirmedAt = t.ConfirmedAt != nil, t.ConfirmedAt
	}
	if doc.TwoFactor.RecoveryCodesRemaining, err = tx.RecoveryCode.Query().
		Where(recoverycode.UserID(userID), recoverycode.UsedAtIsNil()).Count(ctx); err != nil {
		return nil, fmt.Errorf("recovery codes: %w", err)
	}
	ids, err := tx.Identity.Query().Where(identity.UserID(userID)).Order(ent.Asc(identity.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("identities: %w", err)
	}
	for _, i := range ids {
		doc.Identities = append(doc.Identities, exportIdentity{i.Provider, i.Subject, i.Email, i.CreatedAt})
	}
	if doc.Fleets, err = exportFleets(ctx, tx, userID); err != nil {
		return nil, err
	}
	events, err := tx.SecurityEvent.Query().Where(securityevent.UserID(userID)).Order(ent.Asc(securityevent.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("security events: %w", err)
	}
	for _, e := range events {
		doc.SecurityEvents = append(doc.SecurityEvents, exportEvent{e.Kind, e.CreatedAt, e.IP, e.UserAgent})
	}
	emails, err := tx.OutboxEmail.Query().Where(outboxemail.To(u.Email)).Order(ent.Asc(outboxemail.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("emails: %w", err)
	}
	for _, m := range emails {
		doc.Emails = append(doc.Emails, exportEmail{m.Template, m.CreatedAt, m.SentAt})
	}
	if err := exportCredentials(ctx, tx, userID, s.now(), doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// exportCredentials adds the passkeys, the device grant requests the person decided
// and the pending changes of address to doc.
func exportCredentials(ctx context.Context, tx *ent.Tx, userID string, now time.Time, doc *Export) error {
	passkeys, err := tx.Passkey.Query().Where(entpasskey.UserID(userID)).Order(ent.Asc(entpasskey.FieldID)).All(ctx)
	if err != nil {
		return fmt.Errorf("passkeys: %w", err)
	}
	for _, p := range passkeys {
		transports := p.Transports
		if transports == nil {
			transports = []string{}
		}
		doc.Passkeys = append(doc.Passkeys, exportPasskey{p.Name, base64.RawURLEncoding.EncodeToString(p.CredentialID),
			p.CreatedAt, p.LastUsedAt, p.UserVerified, p.BackupEligible, p.BackupState, transports})
	}
	grants, err := tx.DeviceAuthorization.Query().Where(deviceauthorization.UserID(userID)).
		Order(ent.Asc(deviceauthorization.FieldID)).All(ctx)
	if err != nil {
		return fmt.Errorf("device authorizations: %w", err)
	}
	for _, g := range grants {
		doc.DeviceAuthorizations = append(doc.DeviceAuthorizations, exportDeviceAuthorization{g.ClientID, g.Scope,
			string(g.Status), g.CreatedAt, g.DecidedAt, g.UsedAt, g.GrantReadOnly, g.GrantFleetID, g.GrantFleetRole, g.GrantSession})
	}
	changes, err := tx.OneTimeToken.Query().Where(onetimetoken.UserID(userID),
		onetimetoken.PurposeEQ(onetimetoken.PurposeEmailChange), onetimetoken.UsedAtIsNil(),
		onetimetoken.ExpiresAtGT(now)).Order(ent.Asc(onetimetoken.FieldID)).All(ctx)
	if err != nil {
		return fmt.Errorf("email changes: %w", err)
	}
	for _, c := range changes {
		doc.EmailChanges = append(doc.EmailChanges, exportEmailChange{c.Email, c.CreatedAt, c.ExpiresAt})
	}
	return nil
}

// exportFleets lists the fleets the account is a member of, with its role, and the
// devices of those it owns.
func exportFleets(ctx context.Context, tx *ent.Tx, userID string) ([]exportFleet, error) {
	fleets, err := tx.Fleet.Query().
		Where(fleet.Or(fleet.OwnerID(userID), fleet.HasMembersWith(fleetmember.UserID(userID)))).
		WithMembers(func(q *ent.FleetMemberQuery) { q.Where(fleetmember.UserID(userID)) }).
		Order(ent.Asc(fleet.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("fleets: %w", err)
	}
	out := make([]exportFleet, 0, len(fleets))
	for _, f := range fleets {
		ef := exportFleet{ID: f.ID, Name: f.Name, Role: string(fleetmember.RoleOWNER), CreatedAt: f.CreatedAt}
		if len(f.Edges.Members) > 0 {
			ef.Role = string(f.Edges.Members[0].Role)
		}
		if f.OwnerID == userID {
			devices, err := tx.Device.Query().Where(device.FleetID(f.ID)).Order(ent.Asc(device.FieldID)).All(ctx)
			if err != nil {
				return nil, fmt.Errorf("devices: %w", err)
			}
			for _, d := range devices {
				ef.Devices = append(ef.Devices, exportDevice{d.ID, d.Name, d.CreatedAt, d.LastSeenAt})
			}
		}
		out = append(out, ef)
	}
	return out, nil
}
