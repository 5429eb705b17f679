package httpserver

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/netip"
	"regexp"
	"runtime/debug"
	"time"

	"github.com/accountd/accountd/internal/tracing"
	"github.com/accountd/accountd/internal/viewer"
)

// requestIDPattern is what an incoming X-Request-Id must look like to be kept; anything
// else is replaced, so logs never carry attacker-shaped strings.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// withRequest gives every request an id, the client it came from, a log line and a
// recovery from panics. In a trace, the id is the trace id, so a log line leads to its
// trace and back.
func withRequest(log *slog.Logger, trustedProxies []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := tracing.TraceID(r.Context())
		if rid == "" {
			rid = r.Header.Get("X-Request-Id")
		}
		if !requestIDPattern.MatchString(rid) {
			rid = newRequestID()
		}
		w.Header().Set("X-Request-Id", rid)
		ip := clientIP(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), trustedProxies)
		ctx := viewer.WithClient(r.Context(), viewer.Client{IP: ip, UserAgent: r.UserAgent(), RequestID: rid})
		ctx, op := withOperation(ctx)
		rec := tracing.NewStatusWriter(w)
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.ErrorContext(ctx, "panic", "request_id", rid, "panic", p, "stack", string(debug.Stack()))
				if !rec.Wrote {
					writeError(rec, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "Internal server error.")
				}
			}
			level := slog.LevelInfo
			if op.refused {
				level = slog.LevelDebug
			}
			if log.Enabled(ctx, level) { // no attributes built for a line not written
				log.LogAttrs(ctx, level, "request",
					slog.String("request_id", rid), slog.String("method", r.Method), slog.String("path", r.URL.Path),
					slog.Int("status", rec.Status), slog.Int64("duration_ms", time.Since(start).Milliseconds()), slog.String("ip", ip),
					slog.String("operation", op.name), slog.String("graphql", op.label))
			}
		}()
		next.ServeHTTP(rec, r.WithContext(ctx))
	})
}

func newRequestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// writeError answers with a GraphQL-shaped error, so clients parse every failure the
// same way, even those that never reached GraphQL.
func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": code}}},
	})
}
