package httpserver

import (
	"net/http"

	"github.com/accountd/accountd/internal/auth"
)

// AuthMiddleware is the authentication middleware alone, for the benchmarks of the
// external test package (which cannot import this one's internals).
func AuthMiddleware(s *auth.Service, next http.Handler) http.Handler {
	a := &authenticator{auth: s}
	return a.middleware(next)
}

// WithoutQueryCache returns o with gqlgen's parsed-query cache off, for the benchmark
// that measures what the cache saves.
func WithoutQueryCache(o Options) Options {
	o.noQueryCache = true
	return o
}
