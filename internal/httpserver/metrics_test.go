package httpserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

func TestMetrics(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := srv.Client(t)
		const secret = "not-the-password-of-anyone-42"
		c.Do(`query Me { viewer { id } }`, nil, nil)
		c.Do(`mutation SignUp { signUp(input: {email: "nope", acceptTerms: true}) { userErrors { code } } }`, nil, nil)
		c.Do(`mutation LogIn($p: String!) { logIn(input: {email: "who@example.com", password: $p}) { userErrors { code } } }`,
			map[string]any{"p": secret}, nil)
		c.Do(`mutation Resend { resendVerificationEmail(input: {email: "r@example.com"}) { userErrors { code } } }`, nil, nil)
		c.Do(`mutation Resend { resendVerificationEmail(input: {email: "r@example.com"}) { userErrors { code } } }`, nil, nil)
		c.Post("application/json", []byte(`{"query": "{`))

		resp, err := http.Get(srv.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("GET /metrics: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		text := string(body)
		for _, tc := range []struct{ name, want string }{
			{"query ok", `accountd_graphql_requests_total{operation="query.viewer",outcome="ok"} 1`},
			{"user error", `accountd_graphql_requests_total{operation="mutation.signUp",outcome="user_error"} 1`},
			{"bad request", `accountd_graphql_requests_total{operation="invalid",outcome="error"} 1`},
			{"latency", `accountd_graphql_request_duration_seconds_count{operation="mutation.logIn"} 1`},
			{"log-in result", `accountd_logins_total{result="invalid_credentials"} 1`},
			{"rate limit", `accountd_rate_limit_refusals_total{rule=`},
			{"hash queue", `accountd_password_hash_queue_length 0`},
			{"hash busy", `accountd_password_hash_busy_total 0`},
			{"runtime", `go_goroutines `},
		} {
			t.Run("case="+tc.name, func(t *testing.T) {
				if !strings.Contains(text, tc.want) {
					t.Errorf("/metrics has no %s", tc.want)
				}
			})
		}
		// What could tell a registered address from an unknown one is private: on the
		// metrics listener (ACCOUNTD_METRICS_ADDR), never on the public one.
		all, err := srv.App.Metrics.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, private := range []string{"accountd_outbox_pending_emails", "accountd_outbox_failed_emails", "accountd_emails_total"} {
			t.Run("case=private "+private, func(t *testing.T) {
				if strings.Contains(text, private) {
					t.Errorf("the public /metrics has %s", private)
				}
				found := false
				for k := range all {
					found = found || strings.HasPrefix(k, private)
				}
				if !found && private != "accountd_emails_total" { // no email was sent here
					t.Errorf("%s is not kept at all", private)
				}
			})
		}
		t.Run("case=access log names the operation, never the password", func(t *testing.T) {
			logs := srv.Logs.String()
			if !strings.Contains(logs, "operation=LogIn graphql=mutation.logIn") {
				t.Errorf("no access log line with the operation:\n%s", logs)
			}
			if strings.Contains(logs, secret) {
				t.Errorf("the password reached the log")
			}
		})
	})
}

// TestInternalErrorsAreGeneric: a resolver's database error reaches the client as the
// generic INTERNAL_SERVER_ERROR with a request id, never with its message.
func TestInternalErrorsAreGeneric(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		_ = srv.App.Store.DB.Close() // every query fails from now on
		resp := srv.Client(t).Do(`mutation { logIn(input: {email: "a@example.com", password: "correct horse battery staple 42"}) { userErrors { code } } }`, nil, nil)
		if resp.Code() != "INTERNAL_SERVER_ERROR" || resp.Errors[0].Extensions["requestId"] == nil ||
			strings.Contains(string(resp.Body), "sql") || strings.Contains(string(resp.Body), "log in:") {
			t.Fatalf("got %s", resp.Body)
		}
	})
}
