package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/metrics"
	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/webhook"
	"github.com/accountd/accountd/internal/webhook/standard"
)

// newWebhooks wires the webhook outbox: the worker that delivers, the Outbox the
// services emit into, and the endpoint service for admins.
func newWebhooks(cfg config.Config, o Options, st *store.Store, box *seal.Box, m *metrics.Metrics, now func() time.Time, log *slog.Logger) (*webhook.Worker, *webhook.Outbox, *webhook.Service, error) {
	var operator *webhook.Operator
	if cfg.WebhookURL != "" {
		key, err := standard.ParseSecret(cfg.WebhookSecret)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("ACCOUNTD_WEBHOOK_SECRET: %w", err)
		}
		operator = &webhook.Operator{URL: cfg.WebhookURL, Key: key}
	}
	var opts webhook.WorkerOptions
	if o.Webhooks != nil {
		opts = *o.Webhooks
	}
	opts.Timeout, opts.Concurrency = cfg.WebhookTimeout, cfg.WebhookConcurrency
	opts.AllowPrivate, opts.Now, opts.Observe = cfg.WebhookAllowPrivateNetworks, now, m.Webhook
	worker := webhook.NewWorker(st.Client, box, operator, opts, log)
	m.PrivateDBGaugeVec("accountd_webhook_messages", "Webhook messages in the outbox by endpoint id (operator for ACCOUNTD_WEBHOOK_URL) and state: pending, delivered, failed.",
		[]string{"endpoint", "state"}, func(ctx context.Context) ([]metrics.Sample, error) {
			counts, err := webhook.CountByEndpoint(ctx, st.Client)
			if err != nil {
				return nil, err
			}
			var out []metrics.Sample
			for ep, c := range counts {
				out = append(out,
					metrics.Sample{Labels: []string{ep, "pending"}, Value: c.Pending},
					metrics.Sample{Labels: []string{ep, "delivered"}, Value: c.Delivered},
					metrics.Sample{Labels: []string{ep, "failed"}, Value: c.Failed})
			}
			return out, nil
		})
	service := webhook.NewService(webhook.Deps{
		DB:  st.Client,
		Box: box,
		// Set by New once the account service exists (its admin check); until then
		// every management call is refused.
		Authorize:    nil,
		Operator:     operator != nil,
		AllowPrivate: cfg.WebhookAllowPrivateNetworks,
		Now:          now,
		Log:          log,
	})
	return worker, webhook.NewOutbox(operator != nil, now, worker.Wake), service, nil
}
