package fault_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/accountd/accountd/internal/fault"
)

// TestIsMeansIdentity: errors.Is matches an error value and the copies OnField made of
// it, never another error that only shares its code.
func TestIsMeansIdentity(t *testing.T) {
	busy := fault.Limited(2e9)
	slow := fault.New(fault.RateLimited, "Too many attempts. Try again later.")
	forbidden := fault.New(fault.Forbidden, "Your role does not allow this.")
	sessionOnly := fault.New(fault.Forbidden, "This needs a session.")

	cases := []struct {
		name   string
		err    error
		target error
		want   bool
	}{
		{"case=itself", busy, busy, true},
		{"case=wrapped", fmt.Errorf("log in: %w", busy), busy, true},
		{"case=copy on a field", forbidden.OnField("input", "id"), forbidden, true},
		{"case=copy of a copy", forbidden.OnField("a").OnField("b"), forbidden, true},
		{"case=same code and message, another value", slow, busy, false},
		{"case=same code, another error", sessionOnly, forbidden, false},
		{"case=copy against another error of its code", sessionOnly.OnField("x"), forbidden, false},
		{"case=original against its copy", forbidden, forbidden.OnField("x"), false},
		{"case=shared value", fault.ErrUnauthenticated, fault.ErrUnauthenticated, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := errors.Is(tc.err, tc.target); got != tc.want {
				t.Fatalf("errors.Is(%v, %v) = %v, want %v", tc.err, tc.target, got, tc.want)
			}
		})
	}
}

// TestCodeOf: the code accessor is how a caller asks for "any error of this kind".
func TestCodeOf(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want fault.Code
	}{
		{"case=fault", fault.Limited(1e9), fault.RateLimited},
		{"case=wrapped copy", fmt.Errorf("x: %w", fault.ErrInvalidEmail.OnField("input", "email")), fault.InvalidEmail},
		{"case=not a fault", errors.New("disk full"), ""},
		{"case=nil", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := fault.CodeOf(tc.err); got != tc.want {
				t.Fatalf("CodeOf(%v) = %q, want %q", tc.err, got, tc.want)
			}
		})
	}
}
