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
