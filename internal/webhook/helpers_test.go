package webhook_test

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/accountd/accountd/internal/testkit"
)

// The GraphQL operations the tests run, as a client sends them.
const (
	createFleetOp    = `mutation($name: String!) { createFleet(input: {name: $name}) { fleet { id } userErrors { code field message } } }`
	deleteFleetOp    = `mutation($id: ID!) { deleteFleet(input: {fleetId: $id}) { deletedFleetId userErrors { code field message } } }`
	registerDeviceOp = `mutation($id: ID!, $name: String!) { registerDevice(input: {fleetId: $id, name: $name}) { device { id } token userErrors { code field message } } }`
	deleteDeviceOp   = `mutation($id: ID!) { deleteDevice(input: {deviceId: $id}) { deletedDeviceId userErrors { code field message } } }`
	inviteOp         = `mutation($id: ID!, $email: String!, $role: FleetRole!) { inviteFleetMember(input: {fleetId: $id, email: $email, role: $role}) {
		invitation { id } userErrors { code field message } } }`
	acceptOp       = `mutation($token: String!) { acceptFleetInvitation(input: {token: $token}) { fleet { id } userErrors { code field message } } }`
	removeMemberOp = `mutation($id: ID!) { removeFleetMember(input: {memberId: $id}) { removedMemberId userErrors { code field message } } }`
	membersOp      = `query($id: ID!) { node(id: $id) { ... on Fleet { members(first: 100) { edges { node { id userId role } } } } } }`
	deleteOp       = `mutation($password: String!) { deleteAccount(input: {password: $password}) { deletedUserId userErrors { code field message } } }`
)

// newSecret makes an endpoint secret the way the specification describes it, with
// nothing of accountd's.
func newSecret(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

// specSignature computes webhook-signature from the Standard Webhooks specification
// alone (§ Signature scheme): the key is the base64 after whsec_, the signed content
// is id.timestamp.body, the signature is "v1," and base64 of its HMAC-SHA256. It is
// written here, independently of accountd's code, so that a mistake there cannot hide
// in a shared helper.
func specSignature(secret, id, timestamp string, body []byte) []byte {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return nil
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id))
	mac.Write([]byte("."))
	mac.Write([]byte(timestamp))
	mac.Write([]byte("."))
	mac.Write(body)
	return mac.Sum(nil)
}

// specVerify checks a webhook-signature header (space-separated "v1,<base64>" entries)
// against specSignature, in constant time.
func specVerify(secret, id, timestamp, header string, body []byte) bool {
	want := specSignature(secret, id, timestamp, body)
	for _, entry := range strings.Fields(header) {
		version, sig, ok := strings.Cut(entry, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(sig)
		if err == nil && hmac.Equal(got, want) {
			return true
		}
	}
	return false
}

// received is a webhook a receiver accepted.
type received struct {
	ID        string
	Timestamp string
	Type      string
	Data      map[string]string
	Body      []byte
}

// receiver is a webhook endpoint for tests: it verifies every request's signature
// (with specVerify and with the specification's own Go library), answers with a status
// the test sets, may hold requests until released, and counts by webhook-id.
type receiver struct {
	URL string

	mu       sync.Mutex
	secret   string
	strict   bool // also check the timestamp's tolerance (the clock was not moved)
	status   int
	hold     chan struct{}
	held     int
	attempts map[string]int
	accepted map[string]int
	events   []received
	bad      []string
}

func newReceiver(t *testing.T, secret string) *receiver {
	t.Helper()
	r := &receiver{secret: secret, status: http.StatusNoContent, attempts: map[string]int{}, accepted: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(srv.Close)
	r.URL = srv.URL + "/hooks/accountd"
	return r
}

// receiving starts a receiver with a new secret, configured by configure (when not
// nil) before any request, and a server on storeName that sends the operator's
// webhooks to it.
func receiving(t *testing.T, storeName string, configure func(*receiver)) (*testkit.Server, *receiver) {
	t.Helper()
	secret := newSecret(t)
	rcv := newReceiver(t, secret)
	if configure != nil {
		configure(rcv)
	}
	return testkit.NewServer(t, storeName, testkit.WithWebhook(rcv.URL, secret)), rcv
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	id, ts, sig := req.Header.Get("webhook-id"), req.Header.Get("webhook-timestamp"), req.Header.Get("webhook-signature")
	r.mu.Lock()
	secret, strict := r.secret, r.strict
	r.mu.Unlock()
	lib, err := standardwebhooks.NewWebhook(secret)
	if err == nil {
		if strict {
			err = lib.Verify(body, req.Header)
		} else {
			err = lib.VerifyIgnoringTimestamp(body, req.Header)
		}
	}
	if req.Method != http.MethodPost || id == "" || !specVerify(secret, id, ts, sig, body) || err != nil ||
		req.Header.Get("Content-Type") != "application/json" {
		r.mu.Lock()
		r.bad = append(r.bad, id+": "+sig)
		r.mu.Unlock()
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	r.mu.Lock()
	r.attempts[id]++
	hold := r.hold
	if hold != nil {
		r.held++
	}
	r.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-req.Context().Done():
		}
		r.mu.Lock()
		r.held--
		r.mu.Unlock()
		if req.Context().Err() != nil {
			return
		}
	}
	r.mu.Lock()
	status := r.status
	if status < 300 {
		var p struct {
			Type string            `json:"type"`
			Data map[string]string `json:"data"`
		}
		_ = json.Unmarshal(body, &p)
		r.accepted[id]++
		r.events = append(r.events, received{ID: id, Timestamp: ts, Type: p.Type, Data: p.Data, Body: body})
	}
	r.mu.Unlock()
	w.WriteHeader(status)
}

func (r *receiver) setStatus(code int) {
	testkit.SetLocked(&r.mu, &r.status, code)
}

func (r *receiver) setSecret(s string) {
	testkit.SetLocked(&r.mu, &r.secret, s)
}

// holdRequests makes the receiver hang on every request until release is called.
func (r *receiver) holdRequests() (release func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ch := make(chan struct{})
	r.hold = ch
	var once sync.Once
	return func() {
		once.Do(func() {
			r.mu.Lock()
			r.hold = nil
			r.mu.Unlock()
			close(ch)
		})
	}
}

func (r *receiver) heldNow() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.held
}

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.events...)
}

func (r *receiver) counts() (attempts, accepted map[string]int, bad []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	attempts, accepted = map[string]int{}, map[string]int{}
	for k, v := range r.attempts {
		attempts[k] = v
	}
	for k, v := range r.accepted {
		accepted[k] = v
	}
	return attempts, accepted, append([]string(nil), r.bad...)
}

// signUp signs addr up and fails the test on any error (it may run in a goroutine).
func signUp(t *testing.T, srv *testkit.Server, addr string) {
	t.Helper()
	srv.SignUp(t, srv.Client(t), addr)
}

// account is a verified account and a client logged in as it.
type account = testkit.Account

// newAccount signs up, follows the verification link from the email and returns the
// account with a client that uses the session it got.
func newAccount(t *testing.T, srv *testkit.Server, addr string) *account {
	t.Helper()
	return srv.NewAccount(t, addr)
}

// mutate runs an operation and decodes the named field of data into out, failing the
// test on errors or userErrors.
func mutate(t *testing.T, c *testkit.Client, query, field string, vars map[string]any, out any) {
	t.Helper()
	var data map[string]json.RawMessage
	resp := c.Do(query, vars, &data)
	if len(resp.Errors) > 0 || strings.Contains(string(data[field]), `"userErrors":[{`) {
		t.Fatalf("%s: %s", field, resp.Body)
	}
	if out != nil {
		if err := json.Unmarshal(data[field], out); err != nil {
			t.Fatalf("decode %s: %v", field, err)
		}
	}
}
