package auth

import (
	"slices"
	"testing"

	"github.com/accountd/accountd/ent/user"
)

// TestUserColumnsAreTheSchemas: authentication reads every column of the account, so a
// column added to the schema is not silently left zero in Viewer.User.
func TestUserColumnsAreTheSchemas(t *testing.T) {
	t.Parallel()
	got, want := slices.Sorted(slices.Values(userColumns)), slices.Sorted(slices.Values(user.Columns))
	if !slices.Equal(got, want) {
		t.Fatalf("userColumns = %v, the schema's user.Columns = %v", got, want)
	}
	var r userRow
	if len(r.dest()) != len(userColumns) {
		t.Fatalf("userRow scans %d columns, userColumns has %d", len(r.dest()), len(userColumns))
	}
}
