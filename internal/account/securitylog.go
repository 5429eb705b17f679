package account

import (
	"context"
	"fmt"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/id"
	"github.com/accountd/accountd/internal/page"
)

// SecurityEvents returns a page of the account's security log, newest first (event ids
// grow with time), by the API's one pagination rule (internal/page).
func (s *Service) SecurityEvents(ctx context.Context, userID string, p page.Request) (*page.Slice[*ent.SecurityEvent], error) {
	if !auth.Visible(ctx, userID) {
		return &page.Slice[*ent.SecurityEvent]{Items: []*ent.SecurityEvent{}}, nil
	}
	of := func() *ent.SecurityEventQuery { return s.db.SecurityEvent.Query().Where(securityevent.UserID(userID)) }
	return page.Read(p, page.List[*ent.SecurityEvent]{
		Prefix: id.Event,
		Fetch: func(after string, n int) ([]*ent.SecurityEvent, error) {
			q := of()
			if after != "" {
				q.Where(securityevent.IDLT(after))
			}
			events, err := q.Order(ent.Desc(securityevent.FieldID)).Limit(n).All(ctx)
			if err != nil {
				return nil, fmt.Errorf("security events: %w", err)
			}
			return events, nil
		},
		// Newest first: what comes before a cursor is newer.
		Before: func(after string) (bool, error) { return of().Where(securityevent.IDGTE(after)).Exist(ctx) },
	})
}
