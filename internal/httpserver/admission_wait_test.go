package httpserver_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/httpserver"
	"github.com/accountd/accountd/internal/password"
	"github.com/accountd/accountd/internal/testkit"
)

// gateParams are cheap argon2id parameters for a gate's own Hasher (it only admits).
var gateParams = password.Params{MemoryKiB: 8, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// fullGate returns a one-worker gate whose every token is held (by AdmitPerWorker
// other networks, "198.51.100.0" ...), with opts.
func fullGate(tb testing.TB, opts ...password.Option) *password.Hasher {
	tb.Helper()
	gate := password.NewHasher(gateParams, 1, opts...)
	for i := range password.AdmitPerWorker {
		if !gate.Admit(tb.Context(), fmt.Sprintf("198.51.100.%d", i)) {
			tb.Fatal("the idle gate refused")
		}
	}
	return gate
}

// gatedHandler is the /graphql handler of srv with gate as its admission gate,
// logging to log (srv's when nil).
func gatedHandler(tb testing.TB, srv *testkit.Server, gate *password.Hasher, log *slog.Logger) http.Handler {
	tb.Helper()
	a := srv.App
	if log == nil {
		log = a.Log
	}
	h, err := httpserver.New(httpserver.Options{
		Auth: a.Auth, Accounts: a.Accounts, Fleets: a.Fleets, Ping: a.Store.Ping,
		Metrics: a.Metrics, Log: log, Admission: gate,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// logInRequest is a logIn POST from 192.0.2.1 (a network holding no token).
func logInRequest(email, pw string) *http.Request {
	body, _ := json.Marshal(map[string]any{"query": admissionLogIn, "variables": map[string]any{"email": email, "password": pw}})
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "192.0.2.1:4321"
	return req
}

// serve serves req with h.
func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// logInAnswer decodes the logIn payload of rec.
func logInAnswer(t *testing.T, rec *httptest.ResponseRecorder) admissionAnswer {
	t.Helper()
	var out struct {
		Data   struct{ LogIn admissionAnswer }
		Errors []any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusOK || len(out.Errors) != 0 {
		t.Fatalf("logIn: status %d, %s", rec.Code, rec.Body)
	}
	return out.Data.LogIn
}

// TestAdmissionGateWaitsForAToken: while the gate is full a log-in waits at it instead
// of being refused, and runs (a session) once a running request gives its token back;
// past the gate's wait (a tiny ACCOUNTD_ADMISSION_WAIT here) it is refused with
// RATE_LIMITED and retryAfterSeconds, and gives nothing back it did not take.
func TestAdmissionGateWaitsForAToken(t *testing.T) {
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		srv.NewAccount(t, "waiter@example.com")
		queued := make(chan string, 1)
		gate := fullGate(t, password.AdmitWait(time.Hour), password.OnAdmitWait(func(n string) { queued <- n }))
		h := gatedHandler(t, srv, gate, nil)
		answer := make(chan *httptest.ResponseRecorder, 1)
		go func() { answer <- serve(h, logInRequest("waiter@example.com", testkit.StrongPassword)) }()
		if n := <-queued; n != "192.0.2.1" {
			t.Fatalf("the waiting request counts against %q, want its network 192.0.2.1", n)
		}
		gate.Release("198.51.100.0") // a running log-in ends: its token goes to the waiter
		if a := logInAnswer(t, <-answer); a.Token == nil || len(a.UserErrors) != 0 {
			t.Fatalf("log-in admitted after waiting: %+v, want a session", a)
		}
		if got := gate.AdmitWaiting(); got != 0 || gate.Refused() != 0 {
			t.Fatalf("%d waiting, %d refused after the hand-over, want 0 and 0", got, gate.Refused())
		}

		short := fullGate(t, password.AdmitWait(time.Millisecond))
		a := logInAnswer(t, serve(gatedHandler(t, srv, short, nil), logInRequest("waiter@example.com", testkit.StrongPassword)))
		if a.Token != nil || len(a.UserErrors) != 1 || a.UserErrors[0].Code != "RATE_LIMITED" ||
			a.UserErrors[0].RetryAfterSeconds == nil || *a.UserErrors[0].RetryAfterSeconds < 1 {
			t.Fatalf("log-in past the gate's wait: %+v, want RATE_LIMITED with retryAfterSeconds", a)
		}
		if short.Refused() != 1 || short.AdmitWaiting() != 0 {
			t.Fatalf("after the refusal: %d refused, %d waiting, want 1 and 0", short.Refused(), short.AdmitWaiting())
		}
		// The admitted log-in's access log line is at info, the refusal's at debug.
		logs := srv.Logs.String()
		if !strings.Contains(logs, `level=INFO msg=request`) || !strings.Contains(logs, `level=DEBUG msg=request`) {
			t.Fatalf("access log lines: want the admitted log-in at INFO and the refused one at DEBUG:\n%s", logs)
		}
	})
}

// BenchmarkRefusedLogIn measures the whole /graphql handler answering a log-in (no
// credential, from a network holding no token) that the full admission gate refuses
// at once (ACCOUNTD_ADMISSION_WAIT=0): what a flood costs per request once waiting
// is over (issue 26). It logs as served by default: JSON at level info (to nowhere).
//
//	go test -run '^$' -bench RefusedLogIn -benchmem ./internal/httpserver
func BenchmarkRefusedLogIn(b *testing.B) {
	srv := testkit.NewServer(b, "sqlite")
	h := gatedHandler(b, srv, fullGate(b, password.AdmitWait(0)), slog.New(slog.NewJSONHandler(io.Discard, nil)))
	body, _ := json.Marshal(map[string]any{"query": admissionLogIn, "variables": map[string]any{"email": "someone@example.com", "password": "correct horse battery staple"}})
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "192.0.2.1:4321"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"RATE_LIMITED"`) {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
