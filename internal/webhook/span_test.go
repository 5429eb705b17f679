package webhook_test

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/webhook"
	"github.com/accountd/accountd/internal/webhook/standard"
)

// TestWebhookSpanPerDelivery: each post is a client span naming the event type and
// the endpoint id, never the endpoint's URL.
func TestWebhookSpanPerDelivery(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	t.Cleanup(func() { otel.SetTracerProvider(prev) })

	secret := newSecret(t)
	rcv := newReceiver(t, secret)
	st := testkit.NewStore(t, "sqlite")
	ctx := context.Background()
	out := webhook.NewOutbox(true, time.Now, nil)
	err := store.InTx(ctx, st.Client, func(tx *ent.Tx) error {
		return out.Emit(ctx, tx, webhook.Event{Type: webhook.FleetCreated, Data: webhook.Data{FleetID: "flt_1", UserID: "usr_1"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	key, _ := standard.ParseSecret(secret)
	w := webhook.NewWorker(st.Client, nil, &webhook.Operator{URL: rcv.URL + "?token=receivers-own-secret", Key: key}, webhook.WorkerOptions{}, nil)
	if n, err := w.RunOnce(ctx); n != 1 || err != nil {
		t.Fatalf("RunOnce: %d, %v", n, err)
	}
	var spans []sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		if strings.HasPrefix(s.Name(), "webhook ") {
			spans = append(spans, s)
		}
	}
	if len(spans) != 1 || spans[0].Name() != "webhook fleet.created" {
		t.Fatalf("spans %v, want one named webhook fleet.created", spans)
	}
	attrs := map[string]string{}
	for _, a := range spans[0].Attributes() {
		attrs[string(a.Key)] = a.Value.String()
		if strings.Contains(a.Value.String(), "127.0.0.1") || strings.Contains(a.Value.String(), "receivers-own-secret") {
			t.Errorf("the span names the URL: %s=%s", a.Key, a.Value.String())
		}
	}
	if attrs["webhook.endpoint_id"] != webhook.OperatorEndpoint || attrs["http.response.status_code"] != "204" {
		t.Errorf("attributes %v", attrs)
	}
}

// TestREADMEListsEveryEvent: README's table of events is webhook.EventTypes.
func TestREADMEListsEveryEvent(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Webhooks\n")
	if !ok {
		t.Fatal("README.md has no Webhooks section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var listed []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z_.]+)` \\|").FindAllStringSubmatch(section, -1) {
		listed = append(listed, m[1])
	}
	want := slices.Clone(webhook.EventTypes)
	slices.Sort(listed)
	slices.Sort(want)
	if !slices.Equal(listed, want) {
		t.Fatalf("README lists %v, want %v", listed, want)
	}
}
