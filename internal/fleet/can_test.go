package fleet

import (
	"reflect"
	"strings"
	"testing"
)

// TestCanCoversMatrix: Fleet.viewerCan has one answer per action of the Matrix, each
// equal to Allowed for every role, so a new action cannot be left out of what the
// console is told.
func TestCanCoversMatrix(t *testing.T) {
	ct := reflect.TypeOf(Can{})
	for _, p := range Matrix {
		name := strings.ToUpper(string(p.Action[:1])) + string(p.Action[1:])
		m, ok := ct.MethodByName(name)
		if !ok {
			t.Errorf("Can has no method %s for action %s", name, p.Action)
			continue
		}
		for _, r := range Roles {
			got := m.Func.Call([]reflect.Value{reflect.ValueOf(Can{role: r})})[0].Bool()
			if got != Allowed(p.Action, r) {
				t.Errorf("Can{%s}.%s() = %v, Matrix says %v", r, name, got, Allowed(p.Action, r))
			}
		}
	}
	// LeaveFleet is the one extra answer: the LAST_OWNER rule on top of viewFleet.
	if ct.NumMethod() != len(Matrix)+1 {
		t.Errorf("Can has %d methods, want one per Matrix action plus LeaveFleet (%d)", ct.NumMethod(), len(Matrix)+1)
	}
	for _, r := range Roles {
		if got, want := (Can{role: r}).LeaveFleet(), r != Owner; got != want {
			t.Errorf("Can{%s}.LeaveFleet() = %v, want %v", r, got, want)
		}
	}
}
