package webhook

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/webhookendpoint"
	"github.com/accountd/accountd/ent/webhookmessage"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/nickname"
	"github.com/accountd/accountd/internal/outbox"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/viewer"
	"github.com/accountd/accountd/internal/webhook/standard"
)

// Errors of endpoint management.
var (
	ErrInvalidURL       = fault.New(fault.InvalidInput, "Enter an http or https URL that accountd may reach.")
	ErrEndpointNotFound = fault.New(fault.NotFound, "No such webhook endpoint.")
	ErrForbidden        = fault.New(fault.Forbidden, "Only an admin may manage webhook endpoints.")
)

// Deps are what the endpoint service needs.
type Deps struct {
	DB  *ent.Client
	Box *seal.Box
	// Authorize says whether the request in ctx may manage endpoints: the admin check
	// (a fault.Forbidden error when not). Nil refuses everyone.
	Authorize func(ctx context.Context) error
	// AdminWrite is the admin write frame of the admin mutations (AdminCreateEndpoint,
	// AdminDeleteEndpoint): account.Service.AdminWriteOn. Nil refuses them.
	AdminWrite AdminWriteFunc
	// Operator says whether the operator's endpoint is configured.
	Operator bool
	// AllowPrivate lets endpoints point inside the network (see CheckURL).
	AllowPrivate bool
	Now          func() time.Time
	Log          *slog.Logger
}

// Service manages the endpoints admins add and shows their deliveries.
type Service struct{ Deps }

// NewService returns the endpoint service.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{d}
}

func (s *Service) authorize(ctx context.Context) error {
	if s.Authorize == nil {
		return ErrForbidden
	}
	return s.Authorize(ctx)
}

// NewEndpoint is an endpoint to add.
type NewEndpoint struct {
	URL         string
	Description string
}

// CreatedEndpoint is an added endpoint and its secret, shown this once: it is stored
// sealed, to sign with, and never read out again.
type CreatedEndpoint struct {
	Endpoint *ent.WebhookEndpoint
	Secret   string
}

// CreateEndpoint adds an endpoint that receives every event from now on, with a fresh
// secret. The URL is checked (CheckURL); the description follows the nickname profile.
func (s *Service) CreateEndpoint(ctx context.Context, in NewEndpoint) (*CreatedEndpoint, error) {
	if err := s.authorize(ctx); err != nil {
		return nil, err
	}
	if err := s.checkURL(in.URL); err != nil {
		return nil, err
	}
	desc, ferr := nickname.Enforce(in.Description, endpointDescription)
	if ferr != nil {
		return nil, ferr.OnField("input", "description")
	}
	var created *CreatedEndpoint
	err := store.InTx(ctx, s.DB, func(tx *ent.Tx) error {
		var err error
		created, err = s.insertEndpoint(ctx, tx, in.URL, desc)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("webhook: create endpoint: %w", err)
	}
	s.Log.InfoContext(ctx, "webhook endpoint added", "endpoint_id", created.Endpoint.ID, "by", created.Endpoint.CreatedBy)
	return created, nil
}

// endpointDescription is the profile of an endpoint's description (or name): nickname's,
// at most 200 characters.
var endpointDescription = nickname.Limit{Chars: 200, Bytes: 200}

// checkURL refuses, on the url field, a URL that CheckURL refuses.
func (s *Service) checkURL(rawURL string) error {
	if err := CheckURL(rawURL, s.AllowPrivate); err != nil {
		return fault.New(fault.InvalidInput, "Enter an http or https URL that accountd may reach: "+err.Error()+".").OnField("input", "url")
	}
	return nil
}

// insertEndpoint adds an endpoint in tx, made by the viewer, with a fresh secret that
// is stored sealed to the endpoint's row and returned this once.
func (s *Service) insertEndpoint(ctx context.Context, tx *ent.Tx, rawURL, desc string) (*CreatedEndpoint, error) {
	secret := standard.NewSecret()
	epID := id.New(id.WebhookEndpoint)
	var by string
	if v := viewer.FromContext(ctx); v != nil {
		by = v.UserID
	}
	ep, err := tx.WebhookEndpoint.Create().
		SetID(epID).
		SetURL(rawURL).
		SetDescription(desc).
		SetSecret(s.Box.Seal([]byte(secret), secretContext(epID))).
		SetCreatedBy(by).
		SetCreatedAt(outbox.DBTime(s.Now())).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	return &CreatedEndpoint{Endpoint: ep, Secret: secret}, nil
}

// Endpoints lists the endpoints admins added, oldest first.
func (s *Service) Endpoints(ctx context.Context) ([]*ent.WebhookEndpoint, error) {
	if err := s.authorize(ctx); err != nil {
		return nil, err
	}
	return s.DB.WebhookEndpoint.Query().Order(ent.Asc(webhookendpoint.FieldID)).All(ctx)
}

// DeleteEndpoint removes an endpoint and, in the same transaction, the messages still
// waiting for it: nothing is posted to it afterwards.
func (s *Service) DeleteEndpoint(ctx context.Context, endpointID string) error {
	if err := s.authorize(ctx); err != nil {
		return err
	}
	err := store.InTx(ctx, s.DB, func(tx *ent.Tx) error {
		if _, err := tx.WebhookMessage.Delete().Where(webhookmessage.EndpointID(endpointID)).Exec(ctx); err != nil {
			return fmt.Errorf("delete messages: %w", err)
		}
		return tx.WebhookEndpoint.DeleteOneID(endpointID).Exec(ctx)
	})
	if ent.IsNotFound(err) {
		return ErrEndpointNotFound.OnField("input", "id")
	}
	if err != nil {
		return fmt.Errorf("webhook: delete endpoint: %w", err)
	}
	s.Log.InfoContext(ctx, "webhook endpoint deleted", "endpoint_id", endpointID)
	return nil
}

// Counts are an endpoint's messages by state.
type Counts struct {
	Pending, Delivered, Failed int
}

// Deliveries are the delivery state of one endpoint (OperatorEndpoint for the
// operator's): its counts and its most recent messages, newest first.
type Deliveries struct {
	Counts
	Recent []*ent.WebhookMessage
}

// maxRecent bounds the messages Deliveries lists.
const maxRecent = 100

// Deliveries shows how delivery to an endpoint goes: how many messages are pending,
// delivered and failed, and the last ones with their attempts and last error.
func (s *Service) Deliveries(ctx context.Context, endpointID string, recent int) (*Deliveries, error) {
	if err := s.authorize(ctx); err != nil {
		return nil, err
	}
	if endpointID != OperatorEndpoint || !s.Operator { // the operator's has no row
		if ok, err := s.DB.WebhookEndpoint.Query().Where(webhookendpoint.ID(endpointID)).Exist(ctx); err != nil || !ok {
			if err != nil {
				return nil, fmt.Errorf("webhook: find endpoint: %w", err)
			}
			return nil, ErrEndpointNotFound.OnField("endpointId")
		}
	}
	counts, err := CountByEndpoint(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	msgs, err := s.DB.WebhookMessage.Query().
		Where(webhookmessage.EndpointID(endpointID)).
		Order(ent.Desc(webhookmessage.FieldID)).
		Limit(min(max(recent, 0), maxRecent)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("webhook: list messages: %w", err)
	}
	return &Deliveries{Counts: counts[endpointID], Recent: msgs}, nil
}

// CountByEndpoint counts the messages of every endpoint by state (metrics and
// Deliveries).
func CountByEndpoint(ctx context.Context, db *ent.Client) (map[string]Counts, error) {
	out := map[string]Counts{}
	for _, st := range []struct {
		where func(*ent.WebhookMessageQuery) *ent.WebhookMessageQuery
		add   func(*Counts, int)
	}{
		{func(q *ent.WebhookMessageQuery) *ent.WebhookMessageQuery {
			return q.Where(webhookmessage.DeliveredAtIsNil(), webhookmessage.FailedAtIsNil())
		}, func(c *Counts, n int) { c.Pending = n }},
		{func(q *ent.WebhookMessageQuery) *ent.WebhookMessageQuery {
			return q.Where(webhookmessage.DeliveredAtNotNil())
		}, func(c *Counts, n int) { c.Delivered = n }},
		{func(q *ent.WebhookMessageQuery) *ent.WebhookMessageQuery {
			return q.Where(webhookmessage.FailedAtNotNil())
		}, func(c *Counts, n int) { c.Failed = n }},
	} {
		var v []struct {
			EndpointID string `json:"endpoint_id"`
			Count      int    `json:"count"`
		}
		err := st.where(db.WebhookMessage.Query()).
			GroupBy(webhookmessage.FieldEndpointID).
			Aggregate(ent.Count()).
			Scan(ctx, &v)
		if err != nil {
			return nil, fmt.Errorf("webhook: count messages: %w", err)
		}
		for _, r := range v {
			c := out[r.EndpointID]
			st.add(&c, r.Count)
			out[r.EndpointID] = c
		}
	}
	return out, nil
}
