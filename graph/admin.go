package graph

import (
	"github.com/accountd/accountd/graph/model"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/webhook"
)

// adminUserPayload is the answer of an admin mutation on one account.
func adminUserPayload(u *account.AdminUser, err error) (*model.AdminUserPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	return &model.AdminUserPayload{User: u, UserErrors: ue}, nil
}

// webhooks is the webhook endpoint service, or the refusal of its admin operations
// when the server has none.
func (r *Resolver) webhooks() (*webhook.Service, error) {
	if r.Webhooks == nil {
		return nil, webhook.ErrForbidden
	}
	return r.Webhooks, nil
}

// adminTargetKind is the GraphQL kind of an audit log line's target, as
// account.Service.AdminAuditLog reads it (account.AuditTargetOf).
func adminTargetKind(kind string) model.AdminTargetKind {
	switch kind {
	case account.TargetWebhookEndpoint:
		return model.AdminTargetKindWebhookEndpoint
	case account.TargetUserSearch:
		return model.AdminTargetKindUserSearch
	}
	return model.AdminTargetKindUser
}
