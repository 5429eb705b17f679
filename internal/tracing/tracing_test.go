package tracing_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/accountd/accountd/internal/tracing"
)

// TestTransport: a call to a social log-in provider is a client span with its method,
// host and path, under the request's span; its query (codes, tokens) is in no
// attribute, and no trace context is sent to the provider.
func TestTransport(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	otel.SetTextMapPropagator(propagation.TraceContext{})
	var sent http.Header
	provider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent = r.Header.Clone()
		w.WriteHeader(http.StatusTeapot)
	}))
	defer provider.Close()

	ctx, parent := tracing.Tracer().Start(t.Context(), "request")
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, provider.URL+"/token?code=secret-code-42", nil)
	resp, err := (&http.Client{Transport: tracing.Transport(nil)}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	parent.End()

	if sent.Get("Traceparent") != "" {
		t.Errorf("trace context sent to the provider: %q", sent.Get("Traceparent"))
	}
	spans := rec.Ended()
	if len(spans) != 2 || spans[0].Parent().SpanID() != parent.SpanContext().SpanID() {
		t.Fatalf("want the call's span under the request's, got %d spans", len(spans))
	}
	call := spans[0]
	attrs := map[string]string{}
	for _, a := range call.Attributes() {
		attrs[string(a.Key)] = a.Value.String()
		if strings.Contains(a.Value.String(), "secret-code-42") {
			t.Errorf("attribute %s carries the query: %s", a.Key, a.Value.String())
		}
	}
	if attrs["http.request.method"] != "POST" || attrs["url.path"] != "/token" || attrs["http.response.status_code"] != "418" {
		t.Errorf("attributes = %v", attrs)
	}
	if strings.Contains(call.Name(), "secret") {
		t.Errorf("span name %q carries the query", call.Name())
	}
}

// TestMiddlewareTrustsTraceparentOnlyFromProxies (issue 25; security review L4): a
// traceparent is continued only from a request the operator's proxy forwarded; from any
// other client the server span starts a trace of its own and keeps the caller's span
// context as a link, so no client picks accountd's trace ids or sampling.
func TestMiddlewareTrustsTraceparentOnlyFromProxies(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	otel.SetTextMapPropagator(propagation.TraceContext{})
	const (
		callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
		callerSpan  = "00f067aa0ba902b7"
	)
	handler := tracing.Middleware(func(r *http.Request) bool { return r.RemoteAddr == "10.0.0.1:4000" },
		http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	serve := func(remote string, traceparent bool) sdktrace.ReadOnlySpan {
		t.Helper()
		before := len(rec.Ended())
		r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		r.RemoteAddr = remote
		if traceparent {
			r.Header.Set("Traceparent", "00-"+callerTrace+"-"+callerSpan+"-01")
		}
		handler.ServeHTTP(httptest.NewRecorder(), r)
		spans := rec.Ended()
		if len(spans) != before+1 {
			t.Fatalf("want one server span, got %d", len(spans)-before)
		}
		return spans[len(spans)-1]
	}
	t.Run("case=trusted proxy: the caller's trace is continued", func(t *testing.T) {
		s := serve("10.0.0.1:4000", true)
		if s.SpanContext().TraceID().String() != callerTrace || s.Parent().SpanID().String() != callerSpan {
			t.Fatalf("trace %s parent %s, want the caller's %s %s", s.SpanContext().TraceID(), s.Parent().SpanID(), callerTrace, callerSpan)
		}
		if len(s.Links()) != 0 {
			t.Fatalf("links = %v, want none", s.Links())
		}
	})
	t.Run("case=any other client: a new trace, linked to the caller's", func(t *testing.T) {
		s := serve("203.0.113.9:5000", true)
		if s.SpanContext().TraceID().String() == callerTrace || s.Parent().IsValid() {
			t.Fatalf("trace %s parent %v: an untrusted traceparent was continued", s.SpanContext().TraceID(), s.Parent())
		}
		if !s.SpanContext().IsSampled() {
			t.Fatal("the new trace is not sampled")
		}
		links := s.Links()
		if len(links) != 1 || links[0].SpanContext.TraceID().String() != callerTrace || links[0].SpanContext.SpanID().String() != callerSpan {
			t.Fatalf("links = %+v, want one to the caller's span", links)
		}
	})
	t.Run("case=no traceparent: a new trace without links", func(t *testing.T) {
		s := serve("10.0.0.1:4000", false)
		if s.Parent().IsValid() || len(s.Links()) != 0 {
			t.Fatalf("parent %v links %v, want neither", s.Parent(), s.Links())
		}
	})
}
