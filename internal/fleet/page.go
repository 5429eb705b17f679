package fleet

import (
	"encoding/base64"
	"strings"
)

// Bounds of a page of a list (Relay connections).
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Page asks for a slice of a list ordered by id: the first First items after the
// cursor After. Ids are ULIDs, so the order is the order of creation and stays stable
// while rows are added or removed.
type Page struct {
	// First is how many items; nil means DefaultPageSize, more than MaxPageSize is
	// read as MaxPageSize.
	First *int
	// After is an opaque cursor from an earlier page; nil starts at the beginning.
	After *string
}

// Slice is one page of a list.
type Slice[T any] struct {
	Items []T
	// HasNext reports whether more items follow the last one.
	HasNext bool
}

// cursorPrefix keeps cursors opaque: a client should not build them from ids.
const cursorPrefix = "cursor:"

// Cursor returns the opaque cursor of the item with the given id.
func Cursor(itemID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + itemID))
}

// bounds returns how many items to return and the id after which they start.
func (p Page) bounds() (limit int, after string, err error) {
	limit = DefaultPageSize
	if p.First != nil {
		limit = min(*p.First, MaxPageSize)
	}
	if limit < 0 {
		return 0, "", ErrInvalidFirst
	}
	if p.After != nil {
		b, err := base64.RawURLEncoding.DecodeString(*p.After)
		if err != nil || !strings.HasPrefix(string(b), cursorPrefix) {
			return 0, "", ErrInvalidCursor
		}
		after = strings.TrimPrefix(string(b), cursorPrefix)
	}
	return limit, after, nil
}

// slice cuts what a query returned (up to limit+1 rows) into a page.
func slice[T any](rows []T, limit int) *Slice[T] {
	if len(rows) > limit {
		return &Slice[T]{Items: rows[:limit], HasNext: true}
	}
	return &Slice[T]{Items: rows}
}
