package fleet_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

type devicePage struct {
	IDs         []string
	Cursors     []string
	HasNext     bool
	HasPrevious bool
	Start, End  *string
	Code        string
}

func devicesPage(t *testing.T, c *testkit.Client, fleetID string, first *int, after *string) devicePage {
	t.Helper()
	var out struct {
		Node *struct {
			Devices struct {
				Edges []struct {
					Cursor string
					Node   struct{ ID string }
				}
				PageInfo struct {
					HasNextPage, HasPreviousPage bool
					StartCursor, EndCursor       *string
				}
			}
		}
	}
	vars := map[string]any{"id": fleetID}
	if first != nil {
		vars["first"] = *first
	}
	if after != nil {
		vars["after"] = *after
	}
	resp := c.Do(devicesOp, vars, &out)
	if len(resp.Errors) > 0 {
		return devicePage{Code: resp.Code()}
	}
	info := out.Node.Devices.PageInfo
	p := devicePage{HasNext: info.HasNextPage, HasPrevious: info.HasPreviousPage, Start: info.StartCursor, End: info.EndCursor}
	for _, e := range out.Node.Devices.Edges {
		p.IDs = append(p.IDs, e.Node.ID)
		p.Cursors = append(p.Cursors, e.Cursor)
	}
	return p
}

// TestPagination walks fleet.devices across page boundaries: exact fits, one over,
// empty pages, the bounds of first, and cursors that were not handed out.
func TestPagination(t *testing.T) {
	withOwner(t, func(t *testing.T, srv *testkit.Server, owner *account) {
		c := owner.Client
		fleetID := createFleet(t, c, "Field")
		var ids []string
		for i := range 5 {
			p, _ := mutate(t, c, registerDeviceOp, "registerDevice", map[string]any{"id": fleetID, "name": fmt.Sprint("d", i)})
			var d struct{ ID string }
			field(t, p, "device", &d)
			ids = append(ids, d.ID)
		}
		n := func(i int) *int { return &i }
		s := func(v string) *string { return &v }

		t.Run("case=pages of two", func(t *testing.T) {
			var got []string
			var after *string
			for i, wantNext := range []bool{true, true, false} {
				p := devicesPage(t, c, fleetID, n(2), after)
				if p.HasNext != wantNext {
					t.Fatalf("page %d: hasNextPage = %v, want %v", i, p.HasNext, wantNext)
				}
				if p.HasPrevious != (i > 0) {
					t.Fatalf("page %d: hasPreviousPage = %v", i, p.HasPrevious)
				}
				if *p.Start != p.Cursors[0] || *p.End != p.Cursors[len(p.Cursors)-1] {
					t.Fatalf("page %d: startCursor %s endCursor %s, edges %v", i, *p.Start, *p.End, p.Cursors)
				}
				for j, c := range p.Cursors {
					if strings.Contains(c, p.IDs[j]) {
						t.Fatalf("cursor %s shows the id %s", c, p.IDs[j])
					}
				}
				got = append(got, p.IDs...)
				after = p.End
			}
			// By id: creation order to the millisecond (ULIDs made within one
			// millisecond are not monotonic), and stable.
			want := slices.Sorted(slices.Values(ids))
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("walked %v, want %v", got, want)
			}
		})
		t.Run("case=exactly all", func(t *testing.T) {
			if p := devicesPage(t, c, fleetID, n(5), nil); len(p.IDs) != 5 || p.HasNext {
				t.Fatalf("first 5 of 5: %+v", p)
			}
		})
		t.Run("case=one short", func(t *testing.T) {
			if p := devicesPage(t, c, fleetID, n(4), nil); len(p.IDs) != 4 || !p.HasNext {
				t.Fatalf("first 4 of 5: %+v", p)
			}
		})
		t.Run("case=after the last", func(t *testing.T) {
			all := devicesPage(t, c, fleetID, nil, nil)
			if len(all.IDs) != 5 || all.HasNext {
				t.Fatalf("default page: %+v", all)
			}
			if p := devicesPage(t, c, fleetID, nil, all.End); len(p.IDs) != 0 || p.HasNext || p.End != nil || p.Start != nil || !p.HasPrevious {
				t.Fatalf("after the last: %+v", p)
			}
		})
		t.Run("case=first 0", func(t *testing.T) {
			if p := devicesPage(t, c, fleetID, n(0), nil); len(p.IDs) != 0 || !p.HasNext {
				t.Fatalf("first 0: %+v", p)
			}
		})
		t.Run("case=first above the maximum is the maximum", func(t *testing.T) {
			if p := devicesPage(t, c, fleetID, n(1000), nil); len(p.IDs) != 5 {
				t.Fatalf("first 1000: %+v", p)
			}
		})
		t.Run("case=negative first", func(t *testing.T) {
			if p := devicesPage(t, c, fleetID, n(-1), nil); p.Code != "INVALID_INPUT" {
				t.Fatalf("first -1: %+v", p)
			}
		})
		t.Run("case=a cursor not handed out", func(t *testing.T) {
			if p := devicesPage(t, c, fleetID, nil, s(ids[0])); p.Code != "INVALID_INPUT" {
				t.Fatalf("a raw id as cursor: %+v", p)
			}
			// A cursor of another list (viewer.fleets) is refused too.
			var out struct {
				Viewer struct {
					Fleets struct{ Edges []struct{ Cursor string } }
				}
			}
			c.Do(myFleetsOp, map[string]any{"first": 1}, &out)
			if p := devicesPage(t, c, fleetID, nil, s(out.Viewer.Fleets.Edges[0].Cursor)); p.Code != "INVALID_INPUT" {
				t.Fatalf("a fleet's cursor on the devices: %+v", p)
			}
		})
		t.Run("case=viewer.fleets across a boundary", func(t *testing.T) {
			for i := range 2 {
				createFleet(t, c, fmt.Sprint("more ", i))
			}
			var seen []string
			var after *string
			for _, want := range []struct {
				n    int
				next bool
			}{{2, true}, {1, false}} {
				var out struct {
					Viewer struct {
						Fleets struct {
							Edges    []struct{ Node struct{ ID string } }
							PageInfo struct {
								HasNextPage bool
								EndCursor   *string
							}
						}
					}
				}
				c.Do(myFleetsOp, map[string]any{"first": 2, "after": after}, &out)
				f := out.Viewer.Fleets
				if len(f.Edges) != want.n || f.PageInfo.HasNextPage != want.next {
					t.Fatalf("page after %v: %+v", after, f)
				}
				for _, e := range f.Edges {
					seen = append(seen, e.Node.ID)
				}
				after = f.PageInfo.EndCursor
			}
			if !slices.IsSorted(seen) || !slices.Contains(seen, fleetID) {
				t.Fatalf("fleets not in id order, or one missing: %v", seen)
			}
		})
	})
}
