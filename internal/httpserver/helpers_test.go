package httpserver_test

import (
	"testing"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

// forEachEnv runs the test in parallel and f as a parallel subtest per ACCOUNTD_ENV,
// dev and production, each on a server (SQLite) and with a client of its own.
func forEachEnv(t *testing.T, f func(t *testing.T, env string, srv *testkit.Server, c *testkit.Client)) {
	t.Helper()
	t.Parallel()
	for _, env := range []string{"dev", "production"} {
		t.Run("env="+env, func(t *testing.T) {
			t.Parallel()
			srv := testkit.NewServer(t, "sqlite", func(c *config.Config) { c.Env = env })
			f(t, env, srv, srv.Client(t))
		})
	}
}

// sqliteServer runs the test in parallel and starts its server on SQLite: for what
// does not depend on the store.
func sqliteServer(t *testing.T) *testkit.Server {
	t.Helper()
	t.Parallel()
	return testkit.NewServer(t, "sqlite")
}
