// Package tracing turns on OpenTelemetry tracing when the standard OTEL_* environment
// variables ask for it, and holds the few spans accountd makes by hand: the HTTP
// request (with the caller's W3C traceparent), outbound HTTP calls and the SQL
// driver's statements. Spans carry names, kinds and outcomes, never a secret: no
// GraphQL variables, no SQL parameters, no URL query, no email address.
package tracing

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/XSAM/otelsql"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// Name is the instrumentation scope of accountd's own spans.
const Name = "github.com/accountd/accountd"

// Tracer returns accountd's tracer from the global provider: a no-op one until Setup
// turned tracing on, which costs next to nothing.
func Tracer() trace.Tracer { return otel.Tracer(Name) }

// Enabled reports whether the environment asks for traces: an OTLP endpoint is set
// (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) or
// OTEL_TRACES_EXPORTER=otlp, and neither OTEL_SDK_DISABLED=true nor
// OTEL_TRACES_EXPORTER=none says otherwise.
func Enabled() bool {
	if strings.EqualFold(os.Getenv("OTEL_SDK_DISABLED"), "true") {
		return false
	}
	switch exporter := os.Getenv("OTEL_TRACES_EXPORTER"); exporter {
	case "none":
		return false
	case "otlp":
		return true
	}
	return os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// Setup turns tracing on when Enabled: an OTLP/HTTP (protobuf) exporter configured by
// the OTEL_EXPORTER_OTLP_* variables, batched (OTEL_BSP_*), sampled by OTEL_TRACES_SAMPLER
// (parent-based, always on by default), the resource from OTEL_SERVICE_NAME (accountd by
// default) and OTEL_RESOURCE_ATTRIBUTES, and W3C trace context accepted from callers.
// It returns whether tracing is on and a function that flushes and stops it.
func Setup(ctx context.Context, version string) (bool, func(context.Context) error, error) {
	noop := func(context.Context) error { return nil }
	if !Enabled() {
		return false, noop, nil
	}
	if exporter := os.Getenv("OTEL_TRACES_EXPORTER"); exporter != "" && exporter != "otlp" {
		return false, noop, fmt.Errorf("OTEL_TRACES_EXPORTER=%s: accountd exports otlp (or none)", exporter)
	}
	for _, v := range []string{"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"} {
		if p := os.Getenv(v); p != "" && p != "http/protobuf" {
			return false, noop, fmt.Errorf("%s=%s: accountd exports OTLP over http/protobuf", v, p)
		}
	}
	exporter, err := otlptracehttp.New(ctx)
	if err != nil {
		return false, noop, fmt.Errorf("OTEL_EXPORTER_OTLP_*: %w", err)
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", "accountd"), attribute.String("service.version", version)),
		resource.WithFromEnv(), resource.WithTelemetrySDK(), resource.WithHost())
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		return false, noop, fmt.Errorf("OTEL_RESOURCE_ATTRIBUTES: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithResource(res))
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	return true, tp.Shutdown, nil
}

// Middleware starts the server span of each request. A caller's W3C traceparent is
// continued (the span is its child) only when trusted says the request came through
// one of the operator's own proxies (ACCOUNTD_TRUSTED_PROXIES): anyone else could pick
// the trace id and the sampling decision of accountd's spans, to mix them into a trace
// of their own or to have every request of theirs recorded (issue 25, security
// review L4). From any other client the span starts a new trace and keeps the
// caller's span context only as a link. The span is named by method and path
// (accountd's routes have no ids in their paths); the query string is never recorded.
func Middleware(trusted func(*http.Request) bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		opts := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(
				attribute.String("http.request.method", r.Method),
				attribute.String("url.path", r.URL.Path),
			)}
		remote := trace.SpanContextFromContext(otel.GetTextMapPropagator().Extract(ctx, propagation.HeaderCarrier(r.Header)))
		switch {
		case !remote.IsValid():
		case trusted != nil && trusted(r):
			ctx = trace.ContextWithRemoteSpanContext(ctx, remote)
		default:
			opts = append(opts, trace.WithNewRoot(), trace.WithLinks(trace.Link{
				SpanContext: remote,
				Attributes:  []attribute.KeyValue{attribute.Bool("accountd.untrusted_parent", true)},
			}))
		}
		ctx, span := Tracer().Start(ctx, r.Method+" "+r.URL.Path, opts...)
		defer span.End()
		rec := NewStatusWriter(w)
		next.ServeHTTP(rec, r.WithContext(ctx))
		span.SetAttributes(attribute.Int("http.response.status_code", rec.Status))
		if rec.Status >= 500 {
			span.SetStatus(codes.Error, http.StatusText(rec.Status))
		}
	})
}

// StatusWriter is a ResponseWriter that keeps the status of its answer and whether
// anything was written yet: the span's status here, the request log's and the
// metrics' in internal/httpserver.
type StatusWriter struct {
	http.ResponseWriter
	// Status is the status code written first; 200 until WriteHeader says otherwise.
	Status int
	// Wrote is whether a header or body was written.
	Wrote bool
}

// NewStatusWriter wraps w.
func NewStatusWriter(w http.ResponseWriter) *StatusWriter {
	return &StatusWriter{ResponseWriter: w, Status: http.StatusOK}
}

func (s *StatusWriter) WriteHeader(code int) {
	if !s.Wrote {
		s.Status, s.Wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *StatusWriter) Write(b []byte) (int, error) {
	s.Wrote = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the writer underneath.
func (s *StatusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// TraceID returns the id of the trace ctx belongs to, in hex, or "" when there is none.
func TraceID(ctx context.Context) string {
	if sc := trace.SpanContextFromContext(ctx); sc.HasTraceID() {
		return sc.TraceID().String()
	}
	return ""
}

// Transport wraps an outbound HTTP transport (the OpenID Connect and GitHub calls) with
// a client span per request: method, host and path, and the status. Trace context is not
// sent to those third parties, and the query (codes, tokens) is never recorded.
func Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return roundTripper{base}
}

type roundTripper struct{ base http.RoundTripper }

func (t roundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, span := Tracer().Start(r.Context(), r.Method+" "+r.URL.Host, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(
			attribute.String("http.request.method", r.Method),
			attribute.String("server.address", r.URL.Hostname()),
			attribute.String("url.path", r.URL.Path),
		))
	defer span.End()
	resp, err := t.base.RoundTrip(r.WithContext(ctx))
	if err != nil {
		span.SetStatus(codes.Error, "request failed")
		return nil, err
	}
	span.SetAttributes(attribute.Int("http.response.status_code", resp.StatusCode))
	if resp.StatusCode >= 500 {
		span.SetStatus(codes.Error, http.StatusText(resp.StatusCode))
	}
	return resp, nil
}

// OpenDB is sql.Open with the driver wrapped so that each statement run within a traced
// operation (a request) gets a span with its SQL text, never its parameters: accountd's
// statements carry every value as a parameter. Work outside any trace (the mail
// worker's polling) makes no spans, so that traces are requests. With traced false no
// span is made at all, and the wrapper only tells observe.
//
// observe, when not nil, is called before each statement, transaction begin, commit and
// rollback with the operation's context (a transaction's commit and rollback: the
// context it began with), the operation (otelsql's method names: "sql.conn.exec",
// "sql.conn.query", "sql.stmt.exec", "sql.conn.begin_tx", "sql.tx.commit", ...) and
// the SQL text: tests count a request's statements and commits with it, or cut a
// request off at one of them.
func OpenDB(driverName, dsn, system string, traced bool, observe func(ctx context.Context, op, query string)) (*sql.DB, error) {
	return otelsql.Open(driverName, dsn,
		otelsql.WithAttributes(attribute.String("db.system.name", system)),
		otelsql.WithSpanOptions(otelsql.SpanOptions{
			OmitConnResetSession: true,
			OmitRows:             true,
			OmitConnectorConnect: true,
			SpanFilter: func(ctx context.Context, m otelsql.Method, query string, _ []driver.NamedValue) bool {
				if observe != nil {
					observe(ctx, string(m), query)
				}
				return traced && trace.SpanContextFromContext(ctx).IsValid()
			},
		}))
}
