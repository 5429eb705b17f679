package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/adminaction"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/store"
)

// TestAdminCommand runs `accountd admin grant|revoke EMAIL` against a database, as an
// operator would: it refuses an unknown address and an account without two-factor
// (status 1, saying why), grants and revokes, prints what changed (and "unchanged" the
// second time), and leaves one audit line per change.
func TestAdminCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "accountd.db")
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	u := st.Client.User.Create().SetEmail("Staff@Example.com").SetEmailKey("staff@example.com").SetEmailVerifiedAt(now).SaveX(ctx)

	env := processEnv(t, dbURL, "")
	run := func(args ...string) (string, int) {
		cmd := exec.Command(accountdBinary(t), args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if exit, ok := err.(*exec.ExitError); ok {
			return string(out), exit.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return string(out), 0
	}
	for _, tc := range []struct {
		name   string
		args   []string
		before func()
		status int
		want   string
	}{
		{"usage", []string{"admin", "grant"}, nil, 1, "usage: accountd admin grant EMAIL"},
		{"unknown address", []string{"admin", "grant", "nobody@example.com"}, nil, 1, "no account has this address"},
		{"no two-factor", []string{"admin", "grant", "staff@example.com"}, nil, 1, "no two-factor authentication"},
		{"grant", []string{"admin", "grant", "STAFF@example.com"}, func() {
			st.Client.TOTP.Create().SetUserID(u.ID).SetSecretSealed([]byte("sealed")).SetConfirmedAt(now).ExecX(ctx)
		}, 0, "granted: Staff@Example.com (" + u.ID + ") is now an admin"},
		{"grant again", []string{"admin", "grant", "staff@example.com"}, nil, 0, "unchanged: Staff@Example.com (" + u.ID + ") was an admin already"},
		{"revoke", []string{"admin", "revoke", "staff@example.com"}, nil, 0, "revoked: Staff@Example.com (" + u.ID + ") is no longer an admin"},
		{"revoke again", []string{"admin", "revoke", "staff@example.com"}, nil, 0, "unchanged: Staff@Example.com (" + u.ID + ") was not an admin"},
	} {
		if tc.before != nil {
			tc.before()
		}
		out, status := run(tc.args...)
		if status != tc.status || !strings.Contains(out, tc.want) {
			t.Errorf("%s: status %d, output %q; want status %d and %q", tc.name, status, out, tc.status, tc.want)
		}
		if tc.name == "grant" && st.Client.User.Query().Where(user.ID(u.ID), user.AdminGrantedAtNotNil()).CountX(ctx) != 1 {
			t.Errorf("grant: the account is not flagged")
		}
	}
	if n := st.Client.AdminAction.Query().Where(adminaction.TargetUserID(u.ID)).CountX(ctx); n != 2 {
		t.Errorf("audit lines = %d, want 2 (the grant and the revoke)", n)
	}
}
