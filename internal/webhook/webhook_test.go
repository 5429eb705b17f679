package webhook_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/webhookmessage"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/webhook"
	"github.com/accountd/accountd/internal/webhook/standard"
)

// TestWebhookSignatures: what accountd posts verifies with an implementation of the
// specification written in the test and with the specification's Go library, within
// its timestamp tolerance; the payload is {type, timestamp, data} with ids only.
func TestWebhookSignatures(t *testing.T) {
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		srv, rcv := receiving(t, storeName, func(r *receiver) { r.strict = true })
		signUp(t, srv, "signed@example.com")

		testkit.Eventually(t, "user.created", func() bool { return len(rcv.received()) == 1 })
		_, _, bad := rcv.counts()
		if len(bad) > 0 {
			t.Fatalf("signatures that did not verify: %v", bad)
		}
		got := rcv.received()[0]
		if !strings.HasPrefix(got.ID, "msg_") {
			t.Errorf("webhook-id %q, want msg_...", got.ID)
		}
		var body map[string]json.RawMessage
		if err := json.Unmarshal(got.Body, &body); err != nil {
			t.Fatalf("body is not JSON: %s", got.Body)
		}
		keys := make([]string, 0, len(body))
		for k := range body {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"data", "timestamp", "type"}) {
			t.Errorf("payload keys %v, want data, timestamp, type", keys)
		}
		if got.Type != webhook.UserCreated || len(got.Data) != 1 || !strings.HasPrefix(got.Data["user_id"], "usr_") {
			t.Errorf("payload %s, want user.created with user_id only", got.Body)
		}
		if strings.Contains(string(got.Body), "signed@example.com") || strings.Contains(string(got.Body), "acd_") {
			t.Errorf("payload carries an address or a secret: %s", got.Body)
		}
	})
}

// TestWebhookSignMatchesSpec checks standard.Sign against the specification's
// library signing the same message.
func TestWebhookSignMatchesSpec(t *testing.T) {
	secret := newSecret(t)
	key, err := standard.ParseSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1700000000, 0)
	body := []byte(`{"type":"user.created"}`)
	want := "v1," + base64Std(specSignature(secret, "msg_1", "1700000000", body))
	if got := standard.Sign(key, "msg_1", at, body); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	for name, bad := range map[string]string{
		"no prefix":  strings.TrimPrefix(secret, "whsec_"),
		"not base64": "whsec_!!!",
		"too short":  "whsec_" + base64Std(make([]byte, 16)),
	} {
		if _, err := standard.ParseSecret(bad); err == nil {
			t.Errorf("case=%s: ParseSecret accepted it", name)
		}
	}
}

// TestWebhookEventsFromFlows: each flow emits its event with the ids it concerns.
func TestWebhookEventsFromFlows(t *testing.T) {
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		srv, rcv := receiving(t, storeName, nil)
		owner := newAccount(t, srv, "owner@example.com")
		friend := newAccount(t, srv, "friend@example.com")

		var cf struct{ Fleet struct{ ID string } }
		mutate(t, owner.Client, createFleetOp, "createFleet", map[string]any{"name": "Greenhouse"}, &cf)
		fleetID := cf.Fleet.ID
		var rd struct{ Device struct{ ID string } }
		mutate(t, owner.Client, registerDeviceOp, "registerDevice", map[string]any{"id": fleetID, "name": "Sensor"}, &rd)
		mutate(t, owner.Client, deleteDeviceOp, "deleteDevice", map[string]any{"id": rd.Device.ID}, nil)
		mutate(t, owner.Client, inviteOp, "inviteFleetMember", map[string]any{"id": fleetID, "email": friend.Email, "role": "OBSERVER"}, nil)
		mutate(t, friend.Client, acceptOp, "acceptFleetInvitation", map[string]any{"token": srv.LinkToken(t, friend.Email, testkit.PublicURL+"/accept-invitation?token=", 1)}, nil)
		var members struct {
			Node struct {
				Members struct {
					Edges []struct {
						Node struct{ ID, UserID, Role string }
					}
				}
			}
		}
		owner.Client.Do(membersOp, map[string]any{"id": fleetID}, &members)
		var memberID string
		for _, e := range members.Node.Members.Edges {
			if e.Node.UserID == friend.ID {
				memberID = e.Node.ID
			}
		}
		mutate(t, owner.Client, removeMemberOp, "removeFleetMember", map[string]any{"id": memberID}, nil)
		mutate(t, owner.Client, deleteFleetOp, "deleteFleet", map[string]any{"id": fleetID}, nil)
		mutate(t, owner.Client, createFleetOp, "createFleet", map[string]any{"name": "Orchard"}, &cf)
		orchard := cf.Fleet.ID
		mutate(t, owner.Client, deleteOp, "deleteAccount", map[string]any{"password": testkit.StrongPassword}, nil)

		want := []string{
			"user.created " + owner.ID, "user.email_verified " + owner.ID,
			"user.created " + friend.ID, "user.email_verified " + friend.ID,
			"fleet.created " + fleetID + " " + owner.ID,
			"device.registered " + fleetID + " " + rd.Device.ID,
			"device.deleted " + fleetID + " " + rd.Device.ID,
			"fleet.member_added " + fleetID + " " + memberID + " " + friend.ID + " OBSERVER",
			"fleet.member_removed " + fleetID + " " + memberID + " " + friend.ID,
			"fleet.deleted " + fleetID,
			"fleet.created " + orchard + " " + owner.ID,
			"fleet.deleted " + orchard,
			"user.deleted " + owner.ID,
		}
		testkit.Eventually(t, "every event", func() bool { return len(rcv.received()) >= len(want) })
		var got []string
		for _, e := range rcv.received() {
			s := e.Type
			for _, k := range []string{"fleet_id", "member_id", "user_id", "device_id", "role"} {
				if v := e.Data[k]; v != "" {
					s += " " + v
				}
			}
			got = append(got, s)
		}
		// Deliveries may overtake each other: compare as sets.
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// TestWebhookReceiverDownForAMinute: a receiver that answers 503 for a minute (by
// testkit's clock) gets every event exactly once by webhook-id once it is back, each
// with the id of its first try.
func TestWebhookReceiverDownForAMinute(t *testing.T) {
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		srv, rcv := receiving(t, storeName, func(r *receiver) { r.status = http.StatusServiceUnavailable })
		db := srv.App.Store.Client
		const n = 6
		for i := range n {
			signUp(t, srv, fmt.Sprintf("down%d@example.com", i))
		}
		tries := func(k int) func() bool {
			return func() bool {
				c, err := db.WebhookMessage.Query().Where(webhookmessage.AttemptsGTE(k), webhookmessage.LockedUntilIsNil()).Count(context.Background())
				return err == nil && c == n
			}
		}
		testkit.Eventually(t, "a first failed try of each", tries(1))
		// A minute down: every 10 s of the clock the retries come due (backoff at most
		// 10 s in testkit) and fail again.
		for k := 2; k <= 7; k++ {
			srv.Clock.Advance(10 * time.Second)
			srv.App.WebhookWorker.Wake()
			testkit.Eventually(t, fmt.Sprintf("try %d of each", k), tries(k))
		}
		if got := len(rcv.received()); got != 0 {
			t.Fatalf("%d accepted while the receiver was down", got)
		}
		rcv.setStatus(http.StatusOK)
		srv.Clock.Advance(10 * time.Second)
		srv.App.WebhookWorker.Wake()
		testkit.Eventually(t, "every event delivered", func() bool {
			c, err := db.WebhookMessage.Query().Where(webhookmessage.DeliveredAtNotNil()).Count(context.Background())
			return err == nil && c == n
		})
		ids, err := db.WebhookMessage.Query().IDs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		attempts, accepted, bad := rcv.counts()
		if len(bad) > 0 {
			t.Fatalf("signatures that did not verify: %v", bad)
		}
		if len(accepted) != n {
			t.Fatalf("accepted %d ids, want %d: %v", len(accepted), n, accepted)
		}
		for _, id := range ids {
			if accepted[id] != 1 {
				t.Errorf("%s accepted %d times, want exactly once", id, accepted[id])
			}
			if attempts[id] < 8 {
				t.Errorf("%s tried %d times with the same webhook-id, want 7 failures and the delivery", id, attempts[id])
			}
		}
	})
}

// TestWebhookHangingReceiver: a receiver that never answers holds its own endpoint's
// deliveries, not sign-ups and not another endpoint. Every sign-up returns, and the
// other endpoint gets every event, while the hanging receiver still holds its
// requests.
func TestWebhookHangingReceiver(t *testing.T) {
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		secret := newSecret(t)
		hang := newReceiver(t, secret)
		release := hang.holdRequests()
		other := newReceiver(t, "")
		// 16 hash workers, so the admission gate in front of the hash queue lets all 12
		// concurrent sign-ups of this one client in.
		srv := testkit.NewServer(t, storeName, testkit.WithWebhook(hang.URL, secret),
			func(c *config.Config) { c.HashWorkers = 16 })
		t.Cleanup(release) // before the server stops
		srv.App.Webhooks.Authorize = func(context.Context) error { return nil }
		created, err := srv.App.Webhooks.CreateEndpoint(context.Background(), webhook.NewEndpoint{URL: other.URL, Description: "Billing"})
		if err != nil {
			t.Fatal(err)
		}
		other.setSecret(created.Secret)

		const n = 12 // three times the endpoint's concurrency
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { signUp(t, srv, fmt.Sprintf("hang%d@example.com", i)) })
		}
		wg.Wait() // every sign-up has answered
		testkit.Eventually(t, "the other endpoint to get every event", func() bool { return len(other.received()) == n })
		if held := hang.heldNow(); held == 0 {
			t.Fatalf("the hanging receiver holds no request: the test proves nothing")
		}
		if got := len(hang.received()); got != 0 {
			t.Fatalf("the hanging receiver accepted %d", got)
		}
		if held := hang.heldNow(); held > webhook.DefaultConcurrency {
			t.Fatalf("%d deliveries in flight to one endpoint, want at most %d", held, webhook.DefaultConcurrency)
		}
	})
}

// TestWebhookAtomicWithTheChange: events are written in the transaction of the change:
// a rolled-back change emits nothing, a committed one reaches the receiver.
func TestWebhookAtomicWithTheChange(t *testing.T) {
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		srv, rcv := receiving(t, storeName, nil)
		db := srv.App.Store.Client
		ctx := context.Background()
		out := webhook.NewOutbox(true, srv.Clock.Now, srv.App.WebhookWorker.Wake)
		create := func(tx *ent.Tx, addr string) error {
			u, err := tx.User.Create().SetEmail(addr).SetEmailKey(addr).SetCreatedAt(srv.Clock.Now()).Save(ctx)
			if err != nil {
				return err
			}
			return out.Emit(ctx, tx, webhook.Event{Type: webhook.UserCreated, Data: webhook.Data{UserID: u.ID}})
		}
		boom := errors.New("the change fails after the event was written")
		err := store.InTx(ctx, db, func(tx *ent.Tx) error {
			if err := create(tx, "rolledback@example.com"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx: %v", err)
		}
		if c, err := db.WebhookMessage.Query().Count(ctx); err != nil || c != 0 {
			t.Fatalf("%d messages after a rollback (%v), want 0", c, err)
		}
		if err := store.InTx(ctx, db, func(tx *ent.Tx) error { return create(tx, "committed@example.com") }); err != nil {
			t.Fatal(err)
		}
		testkit.Eventually(t, "the committed event", func() bool { return len(rcv.received()) == 1 })
		if _, err := db.User.Query().Only(ctx); err != nil {
			t.Fatalf("want only the committed user: %v", err)
		}
		if err := out.Emit(ctx, mustTx(t, db), webhook.Event{Type: "user.renamed"}); err == nil {
			t.Fatal("an unknown event type was emitted")
		}
	})
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func mustTx(t *testing.T, db *ent.Client) *ent.Tx {
	t.Helper()
	tx, err := db.Tx(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	return tx
}

// TestWebhookGivesUpAfterADay: a receiver that always fails is retried until a day
// after the event, then the message is failed for good; /metrics counts by endpoint id.
func TestWebhookGivesUpAfterADay(t *testing.T) {
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		srv, _ := receiving(t, storeName, func(r *receiver) { r.status = http.StatusInternalServerError })
		db := srv.App.Store.Client
		ctx := context.Background()
		signUp(t, srv, "failing@example.com")
		testkit.Eventually(t, "a first failed try", func() bool {
			m, err := db.WebhookMessage.Query().Only(ctx)
			return err == nil && m.Attempts == 1 && m.LockedUntil == nil
		})
		m, _ := db.WebhookMessage.Query().Only(ctx)
		if m.FailedAt != nil || !strings.Contains(m.LastError, "500") {
			t.Fatalf("after one failure: failed_at %v, last_error %q; want pending with the status", m.FailedAt, m.LastError)
		}
		srv.Clock.Advance(23 * time.Hour)
		srv.App.WebhookWorker.Wake()
		testkit.Eventually(t, "a retry within the day", func() bool {
			m, err := db.WebhookMessage.Query().Only(ctx)
			return err == nil && m.Attempts == 2 && m.LockedUntil == nil
		})
		if m, _ := db.WebhookMessage.Query().Only(ctx); m.FailedAt != nil {
			t.Fatal("given up within the day")
		}
		srv.Clock.Advance(2 * time.Hour)
		srv.App.WebhookWorker.Wake()
		testkit.Eventually(t, "the message failed", func() bool {
			m, err := db.WebhookMessage.Query().Only(ctx)
			return err == nil && m.FailedAt != nil
		})
		got, err := srv.App.Metrics.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string]float64{
			"accountd_webhook_deliveries_total/endpoint=operator/result=retry":  2,
			"accountd_webhook_deliveries_total/endpoint=operator/result=failed": 1,
			"accountd_webhook_messages/endpoint=operator/state=failed":          1,
			"accountd_webhook_messages/endpoint=operator/state=pending":         0,
		} {
			if got[key] != want {
				t.Errorf("%s = %v, want %v", key, got[key], want)
			}
		}
		for key := range got {
			if strings.Contains(key, "127.0.0.1") || strings.Contains(key, "hooks") {
				t.Errorf("a metric names the endpoint's URL: %s", key)
			}
		}
	})
}

// TestWebhookWorkersShareTheOutbox: workers of several processes on one database, run
// at the same time, deliver each message once.
func TestWebhookWorkersShareTheOutbox(t *testing.T) {
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		secret := newSecret(t)
		rcv := newReceiver(t, secret)
		st := testkit.NewStore(t, storeName)
		ctx := context.Background()
		out := webhook.NewOutbox(true, time.Now, nil)
		const n = 40
		err := store.InTx(ctx, st.Client, func(tx *ent.Tx) error {
			for i := range n {
				if err := out.Emit(ctx, tx, webhook.Event{Type: webhook.DeviceRegistered, Data: webhook.Data{DeviceID: fmt.Sprint("dev_", i)}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		key, _ := standard.ParseSecret(secret)
		var workers []*webhook.Worker
		for range 3 {
			workers = append(workers, webhook.NewWorker(st.Client, nil, &webhook.Operator{URL: rcv.URL, Key: key},
				webhook.WorkerOptions{Concurrency: 8, BatchSize: 5}, nil))
		}
		testkit.Eventually(t, "every message delivered", func() bool {
			var wg sync.WaitGroup
			for _, w := range workers {
				wg.Go(func() { _, _ = w.RunOnce(ctx) })
			}
			wg.Wait()
			c, err := st.Client.WebhookMessage.Query().Where(webhookmessage.DeliveredAtNotNil()).Count(ctx)
			return err == nil && c == n
		})
		attempts, accepted, bad := rcv.counts()
		if len(bad) > 0 || len(accepted) != n {
			t.Fatalf("accepted %d ids, bad %v", len(accepted), bad)
		}
		for id, c := range attempts {
			if c != 1 {
				t.Errorf("%s posted %d times", id, c)
			}
		}
	})
}

// TestWebhookEndpoints: the endpoint service refuses whoever the admin check refuses,
// and everyone when no check is wired; an added endpoint's secret is shown once and sealed at rest; its URL must be
// http(s) and, by default, outside the network; deleting it takes its pending
// messages with it.
func TestWebhookEndpoints(t *testing.T) {
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		srv := testkit.NewServer(t, storeName, func(c *config.Config) { c.WebhookAllowPrivateNetworks = false })
		svc := srv.App.Webhooks
		ctx := context.Background()
		// As wired by the app: the admin check refuses a caller who is nobody.
		if _, err := svc.CreateEndpoint(ctx, webhook.NewEndpoint{URL: "https://hooks.example.com/a"}); fault.CodeOf(err) != fault.Unauthenticated {
			t.Fatalf("anonymous: %v, want UNAUTHENTICATED from the admin check", err)
		}
		// Deny by default: without an admin check, everyone is refused.
		svc.Authorize = nil
		if _, err := svc.CreateEndpoint(ctx, webhook.NewEndpoint{URL: "https://hooks.example.com/a"}); fault.CodeOf(err) != fault.Forbidden {
			t.Fatalf("without an admin check: %v, want FORBIDDEN", err)
		}
		if _, err := svc.Endpoints(ctx); fault.CodeOf(err) != fault.Forbidden {
			t.Fatalf("list without an admin check: %v, want FORBIDDEN", err)
		}
		svc.Authorize = func(context.Context) error { return nil }
		for _, bad := range []string{
			"ftp://hooks.example.com/", "file:///etc/passwd", "javascript:alert(1)", "/relative", "https://user:pw@hooks.example.com/",
			"http://127.0.0.1:8080/", "http://localhost/", "http://[::1]/", "http://10.0.0.8/", "http://169.254.169.254/latest/meta-data",
			"http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/",
		} {
			_, err := svc.CreateEndpoint(ctx, webhook.NewEndpoint{URL: bad})
			if fault.CodeOf(err) != fault.InvalidInput {
				t.Errorf("case=%s: %v, want INVALID_INPUT", bad, err)
			}
		}
		if _, err := svc.CreateEndpoint(ctx, webhook.NewEndpoint{URL: "https://hooks.example.com/b", Description: "bad\u202ename"}); fault.CodeOf(err) != fault.InvalidInput {
			t.Errorf("a bidirectional override in the description: %v", err)
		}
		created, err := svc.CreateEndpoint(ctx, webhook.NewEndpoint{URL: "https://hooks.example.com/accountd", Description: "Billing"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := standard.ParseSecret(created.Secret); err != nil {
			t.Fatalf("secret %v", err)
		}
		row, err := srv.App.Store.Client.WebhookEndpoint.Get(ctx, created.Endpoint.ID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(row.Secret), strings.TrimPrefix(created.Secret, "whsec_")) {
			t.Fatal("the secret is stored in the clear")
		}
		list, err := svc.Endpoints(ctx)
		if err != nil || len(list) != 1 {
			t.Fatalf("Endpoints: %v %v", list, err)
		}
		signUp(t, srv, "pending@example.com") // a message for it, never delivered (example.com)
		d, err := svc.Deliveries(ctx, created.Endpoint.ID, 10)
		if err != nil || len(d.Recent) != 1 || d.Recent[0].EventType != webhook.UserCreated {
			t.Fatalf("Deliveries: %+v %v", d, err)
		}
		if err := svc.DeleteEndpoint(ctx, created.Endpoint.ID); err != nil {
			t.Fatal(err)
		}
		if c, _ := srv.App.Store.Client.WebhookMessage.Query().Count(ctx); c != 0 {
			t.Fatalf("%d messages left for a deleted endpoint", c)
		}
		if err := svc.DeleteEndpoint(ctx, created.Endpoint.ID); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("deleting twice: %v, want NOT_FOUND", err)
		}
	})
}
