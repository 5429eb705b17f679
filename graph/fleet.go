package graph

import (
	"github.com/accountd/accountd/graph/model"
	"github.com/accountd/accountd/internal/fleet"
	"github.com/accountd/accountd/internal/id"
)

// isFleetNode reports whether node(id:) is for internal/fleet: fleets and devices.
func isFleetNode(nodeID string) bool {
	p := id.Prefix(nodeID)
	return p == id.Fleet || p == id.Device
}

// connection turns a page of the domain into Relay edges and pageInfo.
func connection[T, E any](s *fleet.Slice[T], idOf func(T) string, edge func(cursor string, node T) E) ([]E, *model.PageInfo) {
	edges := make([]E, len(s.Items))
	info := &model.PageInfo{HasNextPage: s.HasNext}
	for i, n := range s.Items {
		c := fleet.Cursor(idOf(n))
		edges[i] = edge(c, n)
		info.EndCursor = &c
	}
	return edges, info
}

func page(first *int, after *string) fleet.Page { return fleet.Page{First: first, After: after} }

// idIfDone returns the id a mutation acted on when it succeeded, nil otherwise.
func idIfDone(objID string, ue []*model.UserError) *string {
	if len(ue) > 0 {
		return nil
	}
	return &objID
}
