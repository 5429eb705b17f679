package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/outbox"
	"github.com/accountd/accountd/internal/store"
)

// OperatorEndpoint is the endpoint id of the operator's endpoint (ACCOUNTD_WEBHOOK_URL),
// which has no row of its own.
const OperatorEndpoint = "operator"

// Outbox writes events into the webhook outbox. A nil *Outbox emits nothing (services
// built without webhooks, as in some unit tests).
type Outbox struct {
	operator bool
	now      func() time.Time
	wake     func()
}

// NewOutbox returns the outbox. operator says whether the operator's endpoint is
// configured; wake, the worker's Wake, runs after each commit that emitted.
func NewOutbox(operator bool, now func() time.Time, wake func()) *Outbox {
	if now == nil {
		now = time.Now
	}
	if wake == nil {
		wake = func() {}
	}
	return &Outbox{operator: operator, now: now, wake: wake}
}

// Emit writes e for every endpoint (the operator's, if configured, and each an admin
// added) within tx, the transaction of the change e reports: both commit, or neither
// (a rolled-back change emits nothing). The worker is woken once tx has committed.
func (o *Outbox) Emit(ctx context.Context, tx *ent.Tx, e Event) error {
	if o == nil {
		return nil
	}
	if !slices.Contains(EventTypes, e.Type) {
		return fmt.Errorf("webhook: unknown event type %q", e.Type)
	}
	endpoints, err := tx.WebhookEndpoint.Query().IDs(ctx)
	if err != nil {
		return fmt.Errorf("webhook: list endpoints: %w", err)
	}
	if o.operator {
		endpoints = append([]string{OperatorEndpoint}, endpoints...)
	}
	if len(endpoints) == 0 {
		return nil
	}
	now := outbox.DBTime(o.now())
	body, err := json.Marshal(Payload{Type: e.Type, Timestamp: now, Data: e.Data})
	if err != nil {
		return fmt.Errorf("webhook: encode %s: %w", e.Type, err)
	}
	rows := make([]*ent.WebhookMessageCreate, len(endpoints))
	for i, ep := range endpoints {
		rows[i] = tx.WebhookMessage.Create().
			SetID(id.New(id.WebhookMessage)).
			SetEndpointID(ep).
			SetEventType(e.Type).
			SetPayload(body).
			SetNextAttemptAt(now).
			SetCreatedAt(now)
	}
	if err := tx.WebhookMessage.CreateBulk(rows...).Exec(ctx); err != nil {
		return fmt.Errorf("webhook: queue %s: %w", e.Type, err)
	}
	store.AfterCommit(tx, o.wake)
	return nil
}
