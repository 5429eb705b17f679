package graph

import (
	"github.com/accountd/accountd/graph/model"
)

// idIfDone returns the id a mutation acted on when it succeeded, nil otherwise.
func idIfDone(objID string, ue []*model.UserError) *string {
	if len(ue) > 0 {
		return nil
	}
	return &objID
}
