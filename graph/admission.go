package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/accountd/accountd/graph/model"
	"github.com/accountd/accountd/internal/fault"
)

type refusalKey struct{}

// WithRefusal marks ctx so that the operation's mutation answers f (a RATE_LIMITED)
// in its payload's userErrors without running: the HTTP layer's admission gate
// decided before execution that the hash queue takes no more work.
func WithRefusal(ctx context.Context, f *fault.Error) context.Context {
	return context.WithValue(ctx, refusalKey{}, f)
}

// refusedPayloads build the payload of each mutation the admission gate can refuse,
// with only userErrors set: the shape the mutation has when its use-case refuses.
var refusedPayloads = map[string]func([]*model.UserError) any{
	"logIn":          func(ue []*model.UserError) any { return &model.LogInPayload{UserErrors: ue} },
	"signUp":         func(ue []*model.UserError) any { return &model.SignUpPayload{UserErrors: ue} },
	"resetPassword":  func(ue []*model.UserError) any { return &model.ResetPasswordPayload{UserErrors: ue} },
	"verifyEmail":    func(ue []*model.UserError) any { return &model.VerifyEmailPayload{UserErrors: ue} },
	"changePassword": func(ue []*model.UserError) any { return &model.ChangePasswordPayload{UserErrors: ue} },
	"setPassword":    func(ue []*model.UserError) any { return &model.SetPasswordPayload{UserErrors: ue} },
	"deleteAccount":  func(ue []*model.UserError) any { return &model.DeleteAccountPayload{UserErrors: ue} },
	"createApiKey":   func(ue []*model.UserError) any { return &model.CreateAPIKeyPayload{UserErrors: ue} },
	"requestEmailChange": func(ue []*model.UserError) any {
		return &model.RequestEmailChangePayload{UserErrors: ue}
	},
	"approveDeviceAuthorization": func(ue []*model.UserError) any {
		return &model.ApproveDeviceAuthorizationPayload{UserErrors: ue}
	},
	"beginPasskeyRegistration": func(ue []*model.UserError) any {
		return &model.BeginPasskeyRegistrationPayload{UserErrors: ue}
	},
	"removePasskey":     func(ue []*model.UserError) any { return &model.RemovePasskeyPayload{UserErrors: ue} },
	"linkIdentity":      func(ue []*model.UserError) any { return &model.LinkIdentityPayload{UserErrors: ue} },
	"startIdentityLink": func(ue []*model.UserError) any { return &model.StartIdentityLinkPayload{UserErrors: ue} },
	"unlinkIdentity":    func(ue []*model.UserError) any { return &model.UnlinkIdentityPayload{UserErrors: ue} },
	"enableTwoFactor":   func(ue []*model.UserError) any { return &model.EnableTwoFactorPayload{UserErrors: ue} },
	"confirmTwoFactor":  func(ue []*model.UserError) any { return &model.ConfirmTwoFactorPayload{UserErrors: ue} },
	"disableTwoFactor":  func(ue []*model.UserError) any { return &model.DisableTwoFactorPayload{UserErrors: ue} },
	"regenerateRecoveryCodes": func(ue []*model.UserError) any {
		return &model.RegenerateRecoveryCodesPayload{UserErrors: ue}
	},
}

// Refusable reports whether the admission gate can refuse the mutation (WithRefusal).
func Refusable(mutation string) bool { _, ok := refusedPayloads[mutation]; return ok }

// RefuseAdmitted is a field middleware (handler.Server.AroundFields): a root mutation
// field of an operation marked by WithRefusal returns its refusal payload without
// calling its resolver, so nothing reaches the use-case, the database or the hasher.
func RefuseAdmitted(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Object != "Mutation" {
		return next(ctx)
	}
	f, _ := ctx.Value(refusalKey{}).(*fault.Error)
	build := refusedPayloads[fc.Field.Name]
	if f == nil || build == nil {
		return next(ctx)
	}
	ue, err := userErrors(f)
	if err != nil {
		return nil, err
	}
	return build(ue), nil
}
