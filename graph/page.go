package graph

import (
	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/graph/model"
	"github.com/accountd/accountd/internal/page"
)

// pageOf is the page request of a list field's arguments.
func pageOf(first *int, after *string) page.Request { return page.Request{First: first, After: after} }

// connection turns a page of any list into Relay edges and pageInfo: every connection
// of the API is built here, with opaque cursors (page.Cursor of the item's id).
func connection[T, E any](s *page.Slice[T], idOf func(T) string, edge func(cursor string, node T) E) ([]E, *model.PageInfo) {
	edges := make([]E, len(s.Items))
	info := &model.PageInfo{HasNextPage: s.HasNext, HasPreviousPage: s.HasPrevious}
	for i, n := range s.Items {
		c := page.Cursor(idOf(n))
		edges[i] = edge(c, n)
		if i == 0 {
			info.StartCursor = &c
		}
		info.EndCursor = &c
	}
	return edges, info
}

// securityEventConnection is a page of a person's security log as the API gives it, to
// its owner (User.securityEvents) or to an admin (AdminUser.securityEvents).
func securityEventConnection(s *page.Slice[*ent.SecurityEvent], err error) (*model.SecurityEventConnection, error) {
	if err != nil {
		return nil, err
	}
	edges, info := connection(s, func(e *ent.SecurityEvent) string { return e.ID },
		func(c string, e *ent.SecurityEvent) *model.SecurityEventEdge {
			return &model.SecurityEventEdge{Cursor: c, Node: e}
		})
	return &model.SecurityEventConnection{Edges: edges, PageInfo: info}, nil
}
