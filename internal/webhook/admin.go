package webhook

import (
	"context"
	"fmt"
	"net/url"
	"regexp"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/webhookmessage"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/nickname"
)

// The admin audit log actions of endpoint management (README, Administration).
const (
	ActionCreateEndpoint = "create_webhook_endpoint"
	ActionDeleteEndpoint = "delete_webhook_endpoint"
)

// MaxEndpoints bounds the endpoints admins may add: the list is read whole, and every
// event is written once per endpoint in the transaction of its change.
const MaxEndpoints = 50

// Errors of the admin mutations.
var (
	ErrNameRequired     = fault.New(fault.InvalidInput, "Name the endpoint, so admins know what it is for.")
	ErrTooManyEndpoints = fault.New(fault.InvalidInput, fmt.Sprintf("At most %d webhook endpoints: delete one first.", MaxEndpoints))
)

// AdminWriteFunc is the admin write frame (account.Service.AdminWriteOn): the admin
// check, the reason, and one transaction with the change and its audit log line.
type AdminWriteFunc func(ctx context.Context, reason, action string, do func(tx *ent.Tx) (targetID, targetLabel string, err error)) error

// AdminCreateEndpoint adds an endpoint for an admin, with a fresh secret shown this once:
// the endpoint and the audit log line (target: the endpoint's id and name) commit in one
// transaction. The URL is checked (CheckURL); the name is required and follows the
// nickname profile (at most 200 characters).
func (s *Service) AdminCreateEndpoint(ctx context.Context, name, rawURL, reason string) (*CreatedEndpoint, error) {
	if err := s.authorize(ctx); err != nil {
		return nil, err
	}
	if s.AdminWrite == nil {
		return nil, ErrForbidden
	}
	desc, ferr := nickname.Enforce(name, endpointDescription)
	if ferr != nil {
		return nil, ferr.OnField("input", "name")
	}
	if desc == "" {
		return nil, ErrNameRequired.OnField("input", "name")
	}
	if err := s.checkURL(rawURL); err != nil {
		return nil, err
	}
	var created *CreatedEndpoint
	err := s.AdminWrite(ctx, reason, ActionCreateEndpoint, func(tx *ent.Tx) (string, string, error) {
		n, err := tx.WebhookEndpoint.Query().Count(ctx)
		if err != nil {
			return "", "", fmt.Errorf("webhook: count endpoints: %w", err)
		}
		if n >= MaxEndpoints {
			return "", "", ErrTooManyEndpoints.OnField("input", "url")
		}
		created, err = s.insertEndpoint(ctx, tx, rawURL, desc)
		if err != nil {
			return "", "", fmt.Errorf("webhook: create endpoint: %w", err)
		}
		return created.Endpoint.ID, desc, nil
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// AdminDeleteEndpoint removes an endpoint for an admin, with the messages still waiting
// for it and the audit log line, in one transaction. NOT_FOUND when there is none.
func (s *Service) AdminDeleteEndpoint(ctx context.Context, endpointID, reason string) error {
	if err := s.authorize(ctx); err != nil {
		return err
	}
	if s.AdminWrite == nil {
		return ErrForbidden
	}
	return s.AdminWrite(ctx, reason, ActionDeleteEndpoint, func(tx *ent.Tx) (string, string, error) {
		ep, err := tx.WebhookEndpoint.Get(ctx, endpointID)
		if ent.IsNotFound(err) {
			return "", "", ErrEndpointNotFound.OnField("input", "id")
		}
		if err != nil {
			return "", "", fmt.Errorf("webhook: find endpoint: %w", err)
		}
		if _, err := tx.WebhookMessage.Delete().Where(webhookmessage.EndpointID(endpointID)).Exec(ctx); err != nil {
			return "", "", fmt.Errorf("webhook: delete messages: %w", err)
		}
		if err := tx.WebhookEndpoint.DeleteOneID(endpointID).Exec(ctx); err != nil {
			return "", "", fmt.Errorf("webhook: delete endpoint: %w", err)
		}
		return ep.ID, ep.Description, nil
	})
}

// ShownURL is an endpoint's URL as the console shows it: without a query, a fragment
// or user information, any of which may hold a token.
func ShownURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	return u.String()
}

// queryOrUser matches, in an error's text, a URL's query (up to a space or a quote)
// and its user information.
var (
	urlQuery = regexp.MustCompile(`\?[^\s"']*`)
	urlUser  = regexp.MustCompile(`//[^/\s"'@]*@`)
)

// ErrorSummary is a message's last error as admins read it: the text the worker
// stored (a status, or the network error), with any URL's query and user information
// removed, since Go's client errors quote the URL.
func ErrorSummary(lastError string) string {
	s := urlUser.ReplaceAllString(lastError, "//")
	return urlQuery.ReplaceAllString(s, "")
}

// MessageState is where a message is: pending (to be tried, again or for the first
// time), delivered, or failed (given up on).
func MessageState(m *ent.WebhookMessage) string {
	switch {
	case m.DeliveredAt != nil:
		return "DELIVERED"
	case m.FailedAt != nil:
		return "FAILED"
	default:
		return "PENDING"
	}
}
