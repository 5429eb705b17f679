package graph

import (
	"github.com/accountd/accountd/graph/model"
	"github.com/accountd/accountd/internal/account"
)

// adminUserPayload is the answer of an admin mutation on one account.
func adminUserPayload(u *account.AdminUser, err error) (*model.AdminUserPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	return &model.AdminUserPayload{User: u, UserErrors: ue}, nil
}
