package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBadConfigurationExits: a wrong variable stops accountd at once with status 1 and
// a message naming it.
func TestBadConfigurationExits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, env, want string }{
		{"unparsable duration", "ACCOUNTD_SESSION_TTL=a week", "ACCOUNTD_SESSION_TTL: cannot read it as a time.Duration"},
		{"unparsable bool", "ACCOUNTD_AUTO_MIGRATE=maybe", "ACCOUNTD_AUTO_MIGRATE: cannot read it as a bool"},
		{"invalid value", "ACCOUNTD_DATABASE_URL=mysql://db", "ACCOUNTD_DATABASE_URL: want sqlite:PATH or postgres://HOST/DB"},
		{"production without key", "ACCOUNTD_ENV=production", "ACCOUNTD_SECRET_KEY: required in production"},
	} {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(accountdBinary(t), "serve")
			cmd.Env = []string{tc.env}
			out, err := cmd.CombinedOutput()
			exit, ok := err.(*exec.ExitError)
			if !ok || exit.ExitCode() != 1 {
				t.Fatalf("exit: %v, want status 1\n%s", err, out)
			}
			if !strings.HasPrefix(string(out), "accountd: bad configuration:") || !strings.Contains(string(out), tc.want) {
				t.Fatalf("output %q does not name the variable (%s)", out, tc.want)
			}
		})
	}
}
