package account_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/adminaction"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/webhook/standard"
)

const (
	adminWebhookEndpointsOp = `{ admin { webhookEndpoints { endpointId name url createdAt
		deliveries(recent: 5) { pending delivered failed recent { messageId eventType state attempts lastError nextAttemptAt } } } } }`
	adminCreateWebhookEndpointOp = `mutation($input: AdminCreateWebhookEndpointInput!) { adminCreateWebhookEndpoint(input: $input) {
		endpoint { endpointId name url } secret userErrors { code field message } } }`
	adminDeleteWebhookEndpointOp = `mutation($id: ID!, $reason: String!) { adminDeleteWebhookEndpoint(input: {id: $id, reason: $reason}) {
		deletedEndpointId userErrors { code field message } } }`
)

// eventLog is a receiver that records the type and data.user_id of every event posted
// to it, and accepts them.
type eventLog struct {
	mu  sync.Mutex
	got []string
}

func newEventLog(t *testing.T) (*eventLog, string) {
	l := &eventLog{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var p struct {
			Type string
			Data struct {
				UserID string `json:"user_id"`
			}
		}
		if json.Unmarshal(body, &p) == nil {
			l.mu.Lock()
			l.got = append(l.got, p.Type+" "+p.Data.UserID)
			l.mu.Unlock()
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(ts.Close)
	return l, ts.URL
}

// waitForEvent polls (with a deadline, by the wall clock) until the receiver got want.
func (l *eventLog) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		l.mu.Lock()
		ok := slices.Contains(l.got, want)
		l.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	t.Fatalf("no %q among the delivered events: %v", want, l.got)
}

// TestWebhookEventsOfSuspensionAndEmailChange: an admin's suspension delivers
// user.suspended, and a change of email delivers user.email_changed when it is confirmed
// and again when the old address undoes it, each with the account's id.
func TestWebhookEventsOfSuspensionAndEmailChange(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		rcv, url := newEventLog(t)
		srv := testkit.NewServer(t, store, testkit.WithWebhook(url, standard.NewSecret()))
		_, secret := adminAccount(t, srv, "admin@example.com")
		admin := logInWithSecondFactor(t, srv, "admin@example.com", secret)

		newAccount(t, srv, "spammer@example.com")
		spammer := userIDOf(t, srv, "spammer@example.com")
		var s struct {
			AdminSuspendUser struct{ UserErrors []userError }
		}
		admin.Do(adminMutation("adminSuspendUser"), map[string]any{"userId": spammer, "reason": "ticket #7"}, &s)
		wantCodes(t, s.AdminSuspendUser.UserErrors)
		rcv.waitFor(t, "user.suspended "+spammer)

		const oldAddr = "victor@example.com"
		newAccount(t, srv, oldAddr)
		victor := userIDOf(t, srv, oldAddr)
		c := clientWithFreshLogIn(t, srv, oldAddr)
		wantCodes(t, requestEmailChange(t, c, map[string]any{"newEmail": "victor.new@example.com"}))
		wantCodes(t, confirmEmailChange(t, c, mailedToken(t, srv, "victor.new@example.com", "/confirm-email-change", 1)).UserErrors)
		rcv.waitFor(t, "user.email_changed "+victor)
		wantCodes(t, revertEmailChange(t, srv.Client(t), mailedToken(t, srv, oldAddr, "/revert-email-change", 1)).UserErrors)
		deadline := time.Now().Add(20 * time.Second)
		for {
			rcv.mu.Lock()
			n := 0
			for _, e := range rcv.got {
				if e == "user.email_changed "+victor {
					n++
				}
			}
			rcv.mu.Unlock()
			if n == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("user.email_changed delivered %d times, want 2 (the change and its undo)", n)
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// TestAdminWebhookEndpoints: an admin adds an endpoint over GraphQL and gets its secret
// once (whsec_..., never read again); the list shows it with its delivery state and
// its URL without the query; bad input is a userError that writes nothing (neither
// endpoint nor audit line, one transaction); deleting writes its audit line and a
// second delete is NOT_FOUND. Each write is one admin audit log line naming the endpoint.
func TestAdminWebhookEndpoints(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		ctx, db := t.Context(), srv.App.Store.Client
		_, secret := adminAccount(t, srv, "admin@example.com")
		admin := logInWithSecondFactor(t, srv, "admin@example.com", secret)

		webhookLines := adminaction.ActionIn("create_webhook_endpoint", "delete_webhook_endpoint")
		type createOut struct {
			AdminCreateWebhookEndpoint struct {
				Endpoint   *struct{ EndpointID, Name, URL string }
				Secret     *string
				UserErrors []userError
			}
		}
		create := func(in map[string]any) createOut {
			var out createOut
			if resp := admin.Do(adminCreateWebhookEndpointOp, map[string]any{"input": in}, &out); len(resp.Errors) > 0 {
				t.Fatalf("adminCreateWebhookEndpoint: %s", resp.Body)
			}
			return out
		}
		for _, bad := range []struct {
			in    map[string]any
			field string
		}{
			{map[string]any{"name": "CRM", "url": "https://hooks.example.com/in", "reason": "  "}, "reason"},
			{map[string]any{"name": "", "url": "https://hooks.example.com/in", "reason": "ticket #1"}, "name"},
			{map[string]any{"name": "CRM", "url": "http://169.254.169.254/latest", "reason": "ticket #1"}, "url"},
			{map[string]any{"name": "CRM", "url": "ftp://hooks.example.com/", "reason": "ticket #1"}, "url"},
		} {
			p := create(bad.in).AdminCreateWebhookEndpoint
			if len(p.UserErrors) != 1 || p.UserErrors[0].Code != "INVALID_INPUT" || p.Secret != nil || p.Endpoint != nil {
				t.Errorf("create %v: %+v, want INVALID_INPUT on %s", bad.in, p, bad.field)
			}
		}
		if n := db.WebhookEndpoint.Query().CountX(ctx) + db.AdminAction.Query().Where(webhookLines).CountX(ctx); n != 0 {
			t.Fatalf("refused creates wrote %d rows", n)
		}

		p := create(map[string]any{"name": "CRM", "url": "https://hooks.example.com/in?token=abc", "reason": "ticket #1"}).AdminCreateWebhookEndpoint
		wantCodes(t, p.UserErrors)
		if p.Secret == nil || !strings.HasPrefix(*p.Secret, "whsec_") || p.Endpoint == nil {
			t.Fatalf("create: %+v", p)
		}
		if _, err := standard.ParseSecret(*p.Secret); err != nil {
			t.Fatalf("secret: %v", err)
		}
		epID := p.Endpoint.EndpointID
		// A message for it (example.com: never delivered, pending).
		newAccount(t, srv, "someone@example.com")
		var list struct {
			Admin struct {
				WebhookEndpoints []struct {
					EndpointID, Name, URL string
					Deliveries            struct {
						Pending, Delivered, Failed int
						Recent                     []struct {
							EventType, State string
							NextAttemptAt    *string
						}
					}
				}
			}
		}
		resp := admin.Do(adminWebhookEndpointsOp, nil, &list)
		if len(resp.Errors) > 0 || len(list.Admin.WebhookEndpoints) != 1 {
			t.Fatalf("webhookEndpoints: %s", resp.Body)
		}
		ep := list.Admin.WebhookEndpoints[0]
		if ep.EndpointID != epID || ep.Name != "CRM" || ep.URL != "https://hooks.example.com/in" {
			t.Errorf("endpoint = %+v; want the URL without its query", ep)
		}
		if strings.Contains(string(resp.Body), "whsec_") || strings.Contains(string(resp.Body), "token=abc") {
			t.Errorf("the list shows a secret: %s", resp.Body)
		}
		if ep.Deliveries.Pending == 0 || len(ep.Deliveries.Recent) == 0 || ep.Deliveries.Recent[0].State != "PENDING" ||
			ep.Deliveries.Recent[0].NextAttemptAt == nil {
			t.Errorf("deliveries = %+v, want pending messages with their next attempt", ep.Deliveries)
		}

		var del struct {
			AdminDeleteWebhookEndpoint struct {
				DeletedEndpointID *string
				UserErrors        []userError
			}
		}
		admin.Do(adminDeleteWebhookEndpointOp, map[string]any{"id": epID, "reason": ""}, &del)
		wantCodes(t, del.AdminDeleteWebhookEndpoint.UserErrors, "INVALID_INPUT")
		admin.Do(adminDeleteWebhookEndpointOp, map[string]any{"id": epID, "reason": "ticket #2"}, &del)
		wantCodes(t, del.AdminDeleteWebhookEndpoint.UserErrors)
		if del.AdminDeleteWebhookEndpoint.DeletedEndpointID == nil || *del.AdminDeleteWebhookEndpoint.DeletedEndpointID != epID {
			t.Fatalf("delete: %+v", del)
		}
		if n := db.WebhookEndpoint.Query().CountX(ctx) + db.WebhookMessage.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d rows left after the delete", n)
		}
		admin.Do(adminDeleteWebhookEndpointOp, map[string]any{"id": epID, "reason": "ticket #2"}, &del)
		wantCodes(t, del.AdminDeleteWebhookEndpoint.UserErrors, "NOT_FOUND")

		lines := db.AdminAction.Query().Where(webhookLines).Order(adminaction.ByID()).AllX(ctx)
		if len(lines) != 2 || lines[0].Action != "create_webhook_endpoint" || lines[1].Action != "delete_webhook_endpoint" {
			t.Fatalf("audit log: %+v", lines)
		}
		for _, l := range lines {
			if l.TargetKind != account.TargetWebhookEndpoint || l.TargetID != epID || l.TargetName != "CRM" ||
				l.TargetUserID != "" || l.TargetEmail != "" || l.Reason == "" {
				t.Errorf("audit line %+v: want the endpoint as its target, and no account", l)
			}
		}
		// As GraphQL shows them: the endpoint by its kind and id, and no account; a line
		// written before target_kind existed (the endpoint's id in target_user_id) reads
		// the same. Neither is among an account's lines.
		db.AdminAction.Create().SetAdminID(lines[0].AdminID).SetAction("delete_webhook_endpoint").
			SetTargetUserID(epID).SetTargetEmail("CRM").SetReason("before target_kind").SetCreatedAt(srv.Clock.Now()).ExecX(ctx)
		shown := 0
		for _, l := range auditLines(t, admin, "") {
			if strings.HasSuffix(l.Action, "_webhook_endpoint") {
				shown++
				if l.TargetKind != "WEBHOOK_ENDPOINT" || l.TargetID != epID || l.TargetName != "CRM" || l.TargetUserID != "" || l.TargetEmail != "" {
					t.Errorf("GraphQL audit line %+v: want the endpoint as its target", l)
				}
			}
		}
		if shown != 3 {
			t.Errorf("%d endpoint lines shown, want 3", shown)
		}
		if got := auditLines(t, admin, epID); len(got) != 0 {
			t.Errorf("auditLog(userId: an endpoint) = %+v, want none", got)
		}
	})
}
