package graph

import (
	"context"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/graph/model"
	"github.com/accountd/accountd/internal/account"
)

// loggedIn is what every payload of a step that logs in carries.
type loggedIn struct {
	Token      *string
	ExpiresAt  *time.Time
	User       *ent.User
	UserErrors []*model.UserError
	// TwoFactorChallenge is set instead of a session when a second factor is due.
	TwoFactorChallenge *string
}

// logInOutcome turns the result of a log-in step into payload fields, and sets the
// session cookie when a session was opened.
func logInOutcome(ctx context.Context, res *account.LogInResult, err error) (*loggedIn, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	out := &loggedIn{UserErrors: ue}
	if res == nil {
		return out, nil
	}
	out.User = res.User
	if res.Challenge != "" {
		out.TwoFactorChallenge = &res.Challenge
	}
	if s := res.Session; s != nil {
		out.Token, out.ExpiresAt = &s.Token, &s.ExpiresAt
		cookies(ctx).Set(s.Token, s.ExpiresAt)
	}
	return out, nil
}
