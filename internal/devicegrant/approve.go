package devicegrant

import (
	"context"
	"fmt"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/deviceauthorization"
	"github.com/accountd/accountd/ent/fleetmember"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/viewer"
)

// The user errors of code entry.
var (
	// ErrInvalidCode is the one answer for a code that is malformed, unknown, expired,
	// already decided or denied: the page cannot tell which (no oracle).
	ErrInvalidCode = fault.New(fault.InvalidCode, "This code is not valid: check it, or start again on the device.")
	// ErrSessionRequired refuses approval by anything but a person's session: an API
	// key (or a device) must not mint itself more credentials without the person.
	ErrSessionRequired = fault.New(fault.Forbidden, "Approve device requests from the console, logged in as yourself.")
)

// Request is a pending request as the approval page shows it: which client asks, for
// what, and since when (RFC 8628 §5.4: name the client and the time, so a phished code
// stands out).
type Request struct {
	ClientID    string
	ClientName  string
	Scope       string
	RequestedAt time.Time
	ExpiresAt   time.Time
}

// personSession returns the viewer when it is a person's session.
func personSession(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fault.ErrUnauthenticated
	}
	if v.Kind != viewer.SessionToken {
		return nil, ErrSessionRequired
	}
	return v, nil
}

// countGuess counts a look-up of a user code against the person's account, the
// client's IP and the global backstop, before the code is checked (atomically, so
// concurrent guesses cannot pass the limit). Code entry needs a session, so the
// account's budget holds first: one account guessing locks only itself. The returned
// func takes the hits back, for a right code.
func (s *Service) countGuess(ctx context.Context, userID string) (func(), error) {
	accountKey := limits.DeviceCodeAccountGuesses.Key(userID)
	ipKey := limits.DeviceCodeGuesses.Key(viewer.ClientFrom(ctx).Network())
	globalKey := limits.DeviceCodeBurst.Key("all")
	if err := s.Limiter.Check(ctx, globalKey, limits.DeviceCodeBurst); err != nil {
		return nil, err
	}
	var hit []string
	forgive := func() {
		for _, k := range hit {
			if err := s.Limiter.Unhit(ctx, k); err != nil {
				s.Log.WarnContext(ctx, "rate limit: taking back a hit failed", "error", err)
			}
		}
	}
	for _, c := range []struct {
		key  string
		rule limits.Rule
	}{{accountKey, limits.DeviceCodeAccountGuesses}, {ipKey, limits.DeviceCodeGuesses}, {globalKey, limits.DeviceCodeBurst}} {
		if err := s.Limiter.Allow(ctx, c.key, c.rule); err != nil {
			return nil, err
		}
		hit = append(hit, c.key)
	}
	return forgive, nil
}

// pending finds the live, undecided request of a typed user code, counting the guess.
func (s *Service) pending(ctx context.Context, db *ent.Client, userID, typed string) (*ent.DeviceAuthorization, error) {
	forgive, err := s.countGuess(ctx, userID)
	if err != nil {
		return nil, err
	}
	code, ok := NormalizeUserCode(typed)
	if !ok {
		return nil, ErrInvalidCode.OnField("input", "userCode")
	}
	da, err := db.DeviceAuthorization.Query().Where(
		deviceauthorization.UserCodeMAC(s.userCodeMAC(code)),
		deviceauthorization.StatusEQ(deviceauthorization.StatusPending),
		deviceauthorization.ExpiresAtGT(s.Now()),
	).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrInvalidCode.OnField("input", "userCode")
	}
	if err != nil {
		return nil, fmt.Errorf("device authorization: find: %w", err)
	}
	forgive()
	return da, nil
}

func (s *Service) request(da *ent.DeviceAuthorization) *Request {
	return &Request{
		ClientID: da.ClientID, ClientName: s.clients[da.ClientID].Name, Scope: da.Scope,
		RequestedAt: da.CreatedAt, ExpiresAt: da.ExpiresAt,
	}
}

// Lookup returns the pending request of a user code for the approval page, to a
// person's session; ErrInvalidCode when there is none. Each look-up counts as a guess.
func (s *Service) Lookup(ctx context.Context, userCode string) (*Request, error) {
	v, err := personSession(ctx)
	if err != nil {
		return nil, err
	}
	da, err := s.pending(ctx, s.DB, v.UserID, userCode)
	if err != nil {
		return nil, err
	}
	return s.request(da), nil
}

// Decision is a person's answer to a request.
type Decision struct {
	UserCode string
	Approve  bool
	// Password proves the person is present when the session's proof is stale.
	Password *string
	// ReadOnly narrows the key to queries; FleetID with FleetRole limits it to a fleet.
	// Neither applies to a client that asked for a session.
	ReadOnly  bool
	FleetID   string
	FleetRole fleetmember.Role
}

// Decide approves or denies a pending request. Approving is a sensitive operation
// (fresh authentication, from a person's session); denying only takes power away and
// needs a session alone. The decision is taken once, by a conditional update.
func (s *Service) Decide(ctx context.Context, d Decision) (*Request, error) {
	v, err := personSession(ctx)
	if err != nil {
		return nil, err
	}
	if d.Approve {
		if _, err := s.Accounts.RequireFresh(ctx, d.Password, "password"); err != nil {
			return nil, err
		}
	}
	if (d.FleetID == "") != (d.FleetRole == "") {
		return nil, fault.New(fault.InvalidInput, "Choose both the fleet and the role the key acts with, or neither.").OnField("input", "fleetId")
	}
	// The guess is counted outside the transaction (the counters are their own
	// writes); the conditional update below decides once.
	da, err := s.pending(ctx, s.DB, v.UserID, d.UserCode)
	if err != nil {
		return nil, err
	}
	var out *Request
	err = store.InTx(ctx, s.DB, func(tx *ent.Tx) error {
		status, kind := deviceauthorization.StatusDenied, EventDenied
		upd := tx.DeviceAuthorization.Update().Where(
			deviceauthorization.ID(da.ID),
			deviceauthorization.StatusEQ(deviceauthorization.StatusPending),
			deviceauthorization.ExpiresAtGT(s.Now()),
		).SetUserID(v.UserID).SetDecidedAt(s.Now())
		if d.Approve {
			status, kind = deviceauthorization.StatusApproved, EventApproved
			switch {
			case da.Scope == ScopeSession:
				upd.SetGrantSession(true)
			default:
				upd.SetGrantReadOnly(d.ReadOnly || da.Scope == ScopeReadOnly)
				if d.FleetID != "" {
					if err := s.Accounts.CheckFleetGrant(ctx, tx.Client(), v.UserID, d.FleetID, d.FleetRole); err != nil {
						return err
					}
					upd.SetGrantFleetID(d.FleetID).SetGrantFleetRole(string(d.FleetRole))
				}
			}
		}
		n, err := upd.SetStatus(status).Save(ctx)
		if err != nil {
			return fmt.Errorf("decide: %w", err)
		}
		if n != 1 {
			return ErrInvalidCode.OnField("input", "userCode")
		}
		out = s.request(da)
		return s.Auth.Record(ctx, tx.Client(), &v.UserID, kind)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
