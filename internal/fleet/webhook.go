package fleet

import (
	"context"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/webhook"
)

// emit writes a webhook event within tx, the transaction of the change it reports.
func (s *Service) emit(ctx context.Context, tx *ent.Tx, typ string, d webhook.Data) error {
	return s.Webhooks.Emit(ctx, tx, webhook.Event{Type: typ, Data: d})
}
