package page_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/page"
)

// ids is an in-memory list in ascending id order; deleting from it shows what a page
// says when the item of a cursor is gone.
type ids []string

func (l *ids) list() page.List[string] {
	return page.List[string]{
		Prefix: "dev",
		Fetch: func(after string, n int) ([]string, error) {
			var out []string
			for _, v := range *l {
				if v > after && len(out) < n {
					out = append(out, v)
				}
			}
			return out, nil
		},
		Before: func(after string) (bool, error) {
			return slices.ContainsFunc(*l, func(v string) bool { return v <= after }), nil
		},
	}
}

func n(i int) *int            { return &i }
func s(v string) *string      { return &v }
func cursor(v string) *string { c := page.Cursor(v); return &c }

func TestRead(t *testing.T) {
	t.Parallel()
	all := make(ids, 150)
	for i := range all {
		all[i] = fmt.Sprintf("dev_%03d", i)
	}

	t.Run("case=default size", func(t *testing.T) {
		p, err := page.Read(page.Request{}, all.list())
		if err != nil || len(p.Items) != page.DefaultSize || !p.HasNext || p.HasPrevious {
			t.Fatalf("got %d items, next %v, previous %v, err %v", len(p.Items), p.HasNext, p.HasPrevious, err)
		}
	})
	t.Run("case=first above the cap is the cap, not an error", func(t *testing.T) {
		p, err := page.Read(page.Request{First: n(1000)}, all.list())
		if err != nil || len(p.Items) != page.MaxSize || !p.HasNext {
			t.Fatalf("first 1000: %d items, next %v, err %v", len(p.Items), p.HasNext, err)
		}
	})
	t.Run("case=negative first", func(t *testing.T) {
		_, err := page.Read(page.Request{First: n(-1)}, all.list())
		if !errors.Is(err, page.ErrInvalidFirst) {
			t.Fatalf("first -1: %v", err)
		}
	})
	t.Run("case=first 0", func(t *testing.T) {
		p, err := page.Read(page.Request{First: n(0)}, all.list())
		if err != nil || len(p.Items) != 0 || !p.HasNext {
			t.Fatalf("first 0: %+v, %v", p, err)
		}
	})
	t.Run("case=round trip", func(t *testing.T) {
		var walked []string
		var after *string
		for i := 0; ; i++ {
			p, err := page.Read(page.Request{First: n(40), After: after}, all.list())
			if err != nil {
				t.Fatal(err)
			}
			if p.HasPrevious != (i > 0) {
				t.Fatalf("page %d: hasPrevious %v", i, p.HasPrevious)
			}
			walked = append(walked, p.Items...)
			if !p.HasNext {
				break
			}
			after = cursor(p.Items[len(p.Items)-1])
		}
		if !slices.Equal(walked, all) {
			t.Fatalf("walked %d items, want %d in order", len(walked), len(all))
		}
	})
	t.Run("case=cursors are opaque", func(t *testing.T) {
		c := page.Cursor("dev_007")
		if strings.Contains(c, "dev_007") || strings.Contains(c, "dev_") {
			t.Fatalf("cursor %q shows the id", c)
		}
		for name, bad := range map[string]string{
			"raw id":                 "dev_007",
			"not base64":             "!!!",
			"base64 of a raw id":     base64.RawURLEncoding.EncodeToString([]byte("dev_007")),
			"cursor of another list": page.Cursor("flt_007"),
			"empty":                  "",
		} {
			if _, err := page.Read(page.Request{After: s(bad)}, all.list()); !errors.Is(err, page.ErrInvalidCursor) {
				t.Errorf("%s: %v, want ErrInvalidCursor", name, err)
			}
		}
	})
	t.Run("case=hasPrevious after the cursor's item is gone", func(t *testing.T) {
		l := ids{"dev_1", "dev_2", "dev_3"}
		c := cursor("dev_1")
		l = l[1:] // dev_1 deleted: nothing comes before dev_2 any more
		p, err := page.Read(page.Request{After: c}, l.list())
		if err != nil || p.HasPrevious || len(p.Items) != 2 {
			t.Fatalf("%+v, %v: want 2 items and no previous page", p, err)
		}
		l = ids{"dev_0", "dev_2"} // dev_1 gone but dev_0 before it stays
		if p, _ := page.Read(page.Request{After: c}, l.list()); !p.HasPrevious {
			t.Fatalf("dev_0 precedes the cursor: hasPrevious = false")
		}
	})
}
