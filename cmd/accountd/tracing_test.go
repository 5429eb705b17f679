package main

import (
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/accountd/accountd/internal/testkit"
)

// otlpReceiver is an OTLP/HTTP trace endpoint (POST /v1/traces, protobuf) that keeps
// every span it is sent.
type otlpReceiver struct {
	*httptest.Server
	mu    sync.Mutex
	spans []*tracepb.Span
}

func startOTLPReceiver(t *testing.T) *otlpReceiver {
	t.Helper()
	r := &otlpReceiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodPost || req.URL.Path != "/v1/traces" {
			http.NotFound(w, req)
			return
		}
		var body io.Reader = req.Body
		if req.Header.Get("Content-Encoding") == "gzip" {
			gz, err := gzip.NewReader(req.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			body = gz
		}
		raw, err := io.ReadAll(body)
		var export coltracepb.ExportTraceServiceRequest
		if err == nil {
			err = proto.Unmarshal(raw, &export)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		for _, rs := range export.GetResourceSpans() {
			for _, ss := range rs.GetScopeSpans() {
				r.spans = append(r.spans, ss.GetSpans()...)
			}
		}
		r.mu.Unlock()
		out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(out)
	}))
	t.Cleanup(r.Close)
	return r
}

// Spans returns the spans received so far.
func (r *otlpReceiver) Spans() []*tracepb.Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*tracepb.Span(nil), r.spans...)
}

// attrValue renders an attribute value as text, for the secret search.
func attrValue(v *commonpb.AnyValue) string {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return x.StringValue
	case *commonpb.AnyValue_BytesValue:
		return string(x.BytesValue)
	case *commonpb.AnyValue_ArrayValue:
		var parts []string
		for _, e := range x.ArrayValue.GetValues() {
			parts = append(parts, attrValue(e))
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v.GetValue())
}

// TestTracingLogIn: with OTEL_EXPORTER_OTLP_ENDPOINT set, a log-in sent with a
// traceparent is one trace under the caller's: the HTTP request, the GraphQL operation
// by name, the database statements and the password hash, and its request id in the
// log is the trace id. No attribute of any span carries the password, the email
// address or a token.
func TestTracingLogIn(t *testing.T) {
	t.Parallel()
	const password = "correct horse battery staple 42"
	addr := "traced.person@example.com"
	otlp := startOTLPReceiver(t)
	smtp := testkit.StartSMTP(t)
	p := startAccountd(t, processEnv(t, testkit.NewDatabaseURL(t, "sqlite"), smtp.URL(),
		"OTEL_EXPORTER_OTLP_ENDPOINT="+otlp.URL,
		"OTEL_BSP_SCHEDULE_DELAY=50",
		"OTEL_SERVICE_NAME=accountd-test",
		// The test's client stands for the operator's proxy: only a trusted proxy's
		// traceparent is continued (internal/tracing TestMiddlewareTrustsTraceparentOnlyFromProxies).
		"ACCOUNTD_TRUSTED_PROXIES=127.0.0.1/32"), nil)
	c := p.Client(t)
	signUp(t, c, addr)
	email := smtp.WaitFor(t, func(e testkit.Email) bool { return len(e.To) == 1 && e.To[0] == addr }, 10*time.Second)
	verifyToken := strings.TrimPrefix(email.FirstLink(verifyPrefix), verifyPrefix)
	var verified struct{ VerifyEmail struct{ Token string } }
	if resp := c.Do(`mutation($t: String!, $p: String!) { verifyEmail(input: {token: $t, password: $p}) { token } }`,
		map[string]any{"t": verifyToken, "p": password}, &verified); verified.VerifyEmail.Token == "" {
		t.Fatalf("verify: %s", resp.Body)
	}

	traceID, parentID := make([]byte, 16), make([]byte, 8)
	_, _ = rand.Read(traceID)
	_, _ = rand.Read(parentID)
	c.Header.Set("Traceparent", "00-"+hex.EncodeToString(traceID)+"-"+hex.EncodeToString(parentID)+"-01")
	var out struct{ LogIn struct{ Token string } }
	if resp := c.Do(`mutation LogIn($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { token userErrors { code } } }`,
		map[string]any{"e": addr, "p": password}, &out); out.LogIn.Token == "" {
		t.Fatalf("log in: %s", resp.Body)
	}

	// The spans of the log-in's trace, once the batch with its server span arrived.
	var trace []*tracepb.Span
	byName := map[string][]*tracepb.Span{}
	if !waitUntil(20*time.Second, func() bool {
		trace, byName = nil, map[string][]*tracepb.Span{}
		for _, s := range otlp.Spans() {
			if hex.EncodeToString(s.GetTraceId()) == hex.EncodeToString(traceID) {
				trace = append(trace, s)
				byName[s.GetName()] = append(byName[s.GetName()], s)
			}
		}
		return len(byName["POST /graphql"]) > 0
	}) {
		t.Fatalf("no server span of the log-in's trace arrived; spans: %d\n%s", len(otlp.Spans()), p.Logs)
	}
	server := byName["POST /graphql"][0]
	t.Logf("the log-in's trace: %v", names(trace))
	t.Run("case=the caller's trace is continued", func(t *testing.T) {
		if got := hex.EncodeToString(server.GetParentSpanId()); got != hex.EncodeToString(parentID) {
			t.Fatalf("server span's parent = %s, want the traceparent's %x", got, parentID)
		}
		if server.GetKind() != tracepb.Span_SPAN_KIND_SERVER {
			t.Fatalf("server span kind = %v", server.GetKind())
		}
	})
	t.Run("case=operation, statements and hash spans", func(t *testing.T) {
		ops := byName["mutation LogIn"]
		if len(ops) != 1 || hex.EncodeToString(ops[0].GetParentSpanId()) != hex.EncodeToString(server.GetSpanId()) {
			t.Fatalf("want one span \"mutation LogIn\" under the server span; spans: %v", names(trace))
		}
		if len(byName["password.verify"]) != 1 {
			t.Fatalf("want one password.verify span; spans: %v", names(trace))
		}
		statements := 0
		for _, s := range trace {
			for _, a := range s.GetAttributes() {
				if a.GetKey() == "db.query.text" || a.GetKey() == "db.statement" {
					statements++
				}
			}
		}
		if statements < 2 {
			t.Fatalf("want the log-in's database statements as spans (with their SQL); %d in %v", statements, names(trace))
		}
	})
	t.Run("case=each email sent over SMTP is a client span", func(t *testing.T) {
		for _, s := range otlp.Spans() {
			if s.GetName() == "smtp send" && s.GetKind() == tracepb.Span_SPAN_KIND_CLIENT {
				return
			}
		}
		t.Fatal("no smtp send span for the verification email")
	})
	t.Run("case=no secret in any attribute", func(t *testing.T) {
		secrets := map[string]string{
			"password":           password,
			"email":              addr,
			"email's local part": "traced.person",
			"verification token": verifyToken,
			"session token":      out.LogIn.Token,
			"first session":      verified.VerifyEmail.Token,
		}
		for _, s := range otlp.Spans() { // every span exported, not only the log-in's
			attrs := s.GetAttributes()
			for _, e := range s.GetEvents() {
				attrs = append(attrs, e.GetAttributes()...)
			}
			texts := []string{s.GetName(), s.GetStatus().GetMessage()}
			for _, a := range attrs {
				texts = append(texts, a.GetKey()+"="+attrValue(a.GetValue()))
			}
			for _, text := range texts {
				for what, secret := range secrets {
					if strings.Contains(strings.ToLower(text), strings.ToLower(secret)) {
						t.Errorf("span %q carries the %s: %s", s.GetName(), what, text)
					}
				}
			}
		}
	})
	t.Run("case=the request id in the log is the trace id", func(t *testing.T) {
		want := "request_id=" + hex.EncodeToString(traceID)
		for _, line := range strings.Split(p.Logs.String(), "\n") {
			if strings.Contains(line, `msg=request `) && strings.Contains(line, "operation=LogIn") {
				if !strings.Contains(line, want) {
					t.Fatalf("log-in's request line has no %s:\n%s", want, line)
				}
				return
			}
		}
		t.Fatalf("no request line for the log-in:\n%s", p.Logs)
	})
}

func names(spans []*tracepb.Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.GetName()
	}
	return out
}
