package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/id"
)

// Page bounds of listings.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// Page is a request for a page of a list: at most First items after the cursor After.
type Page struct {
	First *int
	After *string
}

// limit returns the page size, or a user error for a size out of range.
func (p Page) limit() (int, error) {
	if p.First == nil {
		return defaultPageSize, nil
	}
	if *p.First < 0 || *p.First > maxPageSize {
		return 0, fault.New(fault.InvalidInput, fmt.Sprintf("Ask for 0 to %d items.", maxPageSize)).OnField("first")
	}
	return *p.First, nil
}

// EventPage is a page of the security log.
type EventPage struct {
	Events      []*ent.SecurityEvent
	HasNextPage bool
}

// SecurityEvents returns a page of the account's security log, newest first. Cursors
// are event ids, which grow with time; a cursor that is not an event id is a user error.
func (s *Service) SecurityEvents(ctx context.Context, userID string, p Page) (*EventPage, error) {
	if err := s.ownAccount(ctx, userID); err != nil {
		return nil, err
	}
	n, err := p.limit()
	if err != nil {
		return nil, err
	}
	q := s.DB.SecurityEvent.Query().
		Where(securityevent.UserID(userID)).
		Order(ent.Desc(securityevent.FieldID)).
		Limit(n + 1)
	if p.After != nil {
		if id.Prefix(*p.After) != id.Event {
			return nil, fault.New(fault.InvalidInput, "This cursor is not one of this list.").OnField("after")
		}
		q.Where(securityevent.IDLT(*p.After))
	}
	events, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("security events: %w", err)
	}
	page := &EventPage{Events: events}
	if len(events) > n {
		page.Events, page.HasNextPage = events[:n], true
	}
	return page, nil
}
