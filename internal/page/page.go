// Package page cuts every list of the API into Relay connection pages (Relay Cursor
// Connections spec) by one rule: items in a fixed order of their ids, `first` items
// (default DefaultSize; more than MaxSize is read as MaxSize, never refused) after an
// opaque cursor, with hasNextPage and hasPreviousPage.
package page

import (
	"encoding/base64"
	"strings"

	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/id"
)

// Bounds of a page.
const (
	DefaultSize = 20
	MaxSize     = 100
)

// Refusals of a page request: the top-level INVALID_INPUT of the list field.
var (
	ErrInvalidFirst  = fault.New(fault.InvalidInput, "first must be 0 or more.")
	ErrInvalidCursor = fault.New(fault.InvalidInput, "This cursor did not come from this list.")
)

// Request asks for a page: the first First items after the cursor After.
type Request struct {
	// First is how many items; nil means DefaultSize, more than MaxSize is read as
	// MaxSize, less than 0 is ErrInvalidFirst (the spec: a negative first is an error).
	First *int
	// After is an opaque cursor from an earlier page of the same list; nil starts at
	// the beginning.
	After *string
}

// Slice is one page of a list.
type Slice[T any] struct {
	Items []T
	// HasNext reports whether more items follow the last one.
	HasNext bool
	// HasPrevious reports whether items come before the first one: the item of the
	// After cursor, or any other before it, still exists.
	HasPrevious bool
}

// cursorPrefix keeps cursors opaque: a client should not build them from ids.
const cursorPrefix = "cursor:"

// Cursor returns the opaque cursor of the item with the given key (its id).
func Cursor(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + key))
}

// List is how one list reads its rows; the keys are ids with the prefix Prefix.
type List[T any] struct {
	// Prefix is the id prefix of the list's keys: a cursor of another list is refused.
	Prefix string
	// Fetch returns at most n rows in the list's order, those after the key after
	// ("" for the start).
	Fetch func(after string, n int) ([]T, error)
	// Before reports whether a row at or before the key after exists, in the list's
	// order (it is asked only when a cursor was given).
	Before func(after string) (bool, error)
}

// Read returns the page r asks for of the list l.
func Read[T any](r Request, l List[T]) (*Slice[T], error) {
	limit := DefaultSize
	if r.First != nil {
		if *r.First < 0 {
			return nil, ErrInvalidFirst.OnField("first")
		}
		limit = min(*r.First, MaxSize)
	}
	after := ""
	if r.After != nil {
		b, err := base64.RawURLEncoding.DecodeString(*r.After)
		key, ok := strings.CutPrefix(string(b), cursorPrefix)
		if err != nil || !ok || id.Prefix(key) != l.Prefix {
			return nil, ErrInvalidCursor.OnField("after")
		}
		after = key
	}
	rows, err := l.Fetch(after, limit+1)
	if err != nil {
		return nil, err
	}
	s := &Slice[T]{Items: rows}
	if len(rows) > limit {
		s.Items, s.HasNext = rows[:limit], true
	}
	if after != "" {
		if s.HasPrevious, err = l.Before(after); err != nil {
			return nil, err
		}
	}
	return s, nil
}
