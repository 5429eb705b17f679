package account_test

import (
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

// TestCurrentPasswordWording: a logged-in person who confirms a change with the wrong
// password is told that the current password is wrong (the email is not in question),
// and one who left it empty is asked for it; both on the field, with the code clients
// already act on (INVALID_CREDENTIALS).
func TestCurrentPasswordWording(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := clientWithBearer(t, srv, newAccount(t, srv, "wanda@example.com"))
		for _, tc := range []struct {
			name, password, want, field string
			run                         func(password string) []userError
		}{
			{"change password, wrong", "not my password at all", "The current password is wrong.", "currentPassword",
				func(p string) []userError { return changePassword(t, c, p, newStrongPassword).UserErrors }},
			{"change password, empty", "", "Enter your current password.", "currentPassword",
				func(p string) []userError { return changePassword(t, c, p, newStrongPassword).UserErrors }},
			{"delete account, wrong", "not my password at all", "The current password is wrong.", "password",
				func(p string) []userError { return deleteAccount(t, c, p).UserErrors }},
			{"delete account, empty", "", "Enter your current password.", "password",
				func(p string) []userError { return deleteAccount(t, c, p).UserErrors }},
		} {
			errs := tc.run(tc.password)
			wantCodes(t, errs, "INVALID_CREDENTIALS")
			if errs[0].Message != tc.want {
				t.Errorf("%s: message %q, want %q", tc.name, errs[0].Message, tc.want)
			}
			if f := errs[0].Field; len(f) != 2 || f[1] != tc.field {
				t.Errorf("%s: field %v, want input.%s", tc.name, f, tc.field)
			}
		}
		if v, _ := viewer(t, c); v == nil {
			t.Fatal("the refused attempts ended the session")
		}
	})
}
