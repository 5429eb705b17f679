package account_test

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// The API key operations, as a script or the settings page would send them.
const (
	createAPIKeyOp = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
		key apiKey { id name description prefix createdAt lastUsedAt expiresAt } userErrors { code field message } } }`
	revokeAPIKeysOp = `mutation($ids: [ID!]!) { revokeApiKeys(input: {ids: $ids}) {
		revokedIds notRevokedIds userErrors { code field message } } }`
	apiKeysOp    = `query { viewer { apiKeys { id name description prefix createdAt lastUsedAt expiresAt } } }`
	apiKeyNodeOp = `query($id: ID!) { node(id: $id) { id ... on ApiKey { name prefix } } }`
)

type apiKeyData struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Prefix      string     `json:"prefix"`
	CreatedAt   time.Time  `json:"createdAt"`
	LastUsedAt  *time.Time `json:"lastUsedAt"`
	ExpiresAt   *time.Time `json:"expiresAt"`
}

type createAPIKeyPayload struct {
	Key        *string     `json:"key"`
	APIKey     *apiKeyData `json:"apiKey"`
	UserErrors []userError `json:"userErrors"`
}

type revokeAPIKeysPayload struct {
	RevokedIDs    []string    `json:"revokedIds"`
	NotRevokedIDs []string    `json:"notRevokedIds"`
	UserErrors    []userError `json:"userErrors"`
}

// createAPIKey sends createApiKey; top-level errors are the caller's to check.
func createAPIKey(t *testing.T, c *testkit.Client, input map[string]any) (createAPIKeyPayload, *testkit.Response) {
	t.Helper()
	var out struct{ CreateApiKey createAPIKeyPayload }
	resp := c.Do(createAPIKeyOp, map[string]any{"input": input}, &out)
	return out.CreateApiKey, resp
}

// mustCreateAPIKey creates a key that must work out and returns it.
func mustCreateAPIKey(t *testing.T, c *testkit.Client, input map[string]any) (string, apiKeyData) {
	t.Helper()
	p, resp := createAPIKey(t, c, input)
	if len(resp.Errors) > 0 || len(p.UserErrors) > 0 || p.Key == nil || p.APIKey == nil {
		t.Fatalf("createApiKey %v: %s", input, resp.Body)
	}
	return *p.Key, *p.APIKey
}

func revokeAPIKeys(t *testing.T, c *testkit.Client, ids []string) revokeAPIKeysPayload {
	t.Helper()
	return call[revokeAPIKeysPayload](t, c, revokeAPIKeysOp, "revokeApiKeys", map[string]any{"ids": ids})
}

func listAPIKeys(t *testing.T, c *testkit.Client) ([]apiKeyData, *testkit.Response) {
	t.Helper()
	var out struct {
		Viewer *struct{ APIKeys []apiKeyData } `json:"viewer"`
	}
	resp := c.Do(apiKeysOp, nil, &out)
	if len(resp.Errors) > 0 || out.Viewer == nil {
		t.Fatalf("viewer.apiKeys: %s", resp.Body)
	}
	return out.Viewer.APIKeys, resp
}

// clientWithFreshLogIn logs in with the password: a session fresh enough for sensitive operations.
func clientWithFreshLogIn(t *testing.T, srv *testkit.Server, addr string) *testkit.Client {
	t.Helper()
	c := srv.Client(t)
	p := logIn(t, c, addr, strongPassword)
	if p.Token == nil {
		t.Fatalf("logIn %s: %+v", addr, p.UserErrors)
	}
	c.Bearer = *p.Token
	return c
}

// clientWithBearer returns a client that authenticates with secret.
func clientWithBearer(t *testing.T, srv *testkit.Server, secret string) *testkit.Client {
	c := srv.Client(t)
	c.Bearer = secret
	return c
}

func apiKeyEvents(t *testing.T, srv *testkit.Server, kind string) int {
	t.Helper()
	n, err := srv.App.Store.Client.SecurityEvent.Query().Where(securityevent.Kind(kind)).Count(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func apiKeyIDs(keys []apiKeyData) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.ID
	}
	return out
}

func TestAPIKeyCreateUseAndList(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		web := freshClient(t, srv, "kim@example.com")

		key, k := mustCreateAPIKey(t, web, map[string]any{"name": " deploy bot ", "description": "CI of the firmware repo"})
		if !strings.HasPrefix(key, token.APIKey) || len(key) < len(token.APIKey)+43 {
			t.Fatalf("key %q lacks the prefix or entropy", key)
		}
		if !strings.HasPrefix(k.ID, "key_") || k.Name != "deploy bot" || k.Description != "CI of the firmware repo" ||
			!strings.HasPrefix(key, k.Prefix) || len(k.Prefix) != len(token.APIKey)+8 ||
			!k.CreatedAt.Equal(srv.Clock.Now()) || k.LastUsedAt != nil || k.ExpiresAt != nil {
			t.Fatalf("apiKey = %+v (key %q)", k, key)
		}
		notice := srv.SMTP.WaitFor(t, func(m testkit.Email) bool {
			return m.To[0] == "kim@example.com" && strings.Contains(m.Subject, "API key")
		}, 10*time.Second)
		if !strings.Contains(notice.Text, `"deploy bot"`) || strings.Contains(notice.Text+notice.HTML, key) {
			t.Fatalf("notice mail: %q", notice.Text)
		}
		if n := apiKeyEvents(t, srv, account.EventAPIKeyCreated); n != 1 {
			t.Fatalf("%d api_key_created events, want 1", n)
		}

		t.Run("case=the key works at once", func(t *testing.T) {
			v, resp := viewer(t, clientWithBearer(t, srv, key))
			if v == nil || v.Email != "kim@example.com" {
				t.Fatalf("viewer by key = %+v (%s)", v, resp.Body)
			}
		})

		t.Run("case=the list shows no secret", func(t *testing.T) {
			keys, resp := listAPIKeys(t, web)
			if len(keys) != 1 || keys[0].ID != k.ID || keys[0].Prefix != k.Prefix {
				t.Fatalf("apiKeys = %+v", keys)
			}
			hash := token.Hash(key)
			body := string(resp.Body)
			for _, secret := range []string{key, key[len(k.Prefix):], hex.EncodeToString(hash),
				base64.StdEncoding.EncodeToString(hash), base64.RawURLEncoding.EncodeToString(hash)} {
				if strings.Contains(body, secret) {
					t.Fatalf("the list reveals a secret %q: %s", secret, body)
				}
			}
			if strings.Contains(srv.Logs.String(), key) {
				t.Fatal("the key reached the log")
			}
		})

		t.Run("case=lastUsedAt moves at most once a minute", func(t *testing.T) {
			script := clientWithBearer(t, srv, key)
			viewer(t, script)
			first := srv.Clock.Now()
			lastUsed := func() *time.Time {
				keys, _ := listAPIKeys(t, web)
				return keys[0].LastUsedAt
			}
			if got := lastUsed(); got == nil || !got.Equal(first) {
				t.Fatalf("lastUsedAt = %v, want %v", got, first)
			}
			srv.Clock.Advance(30 * time.Second)
			viewer(t, script)
			if got := lastUsed(); !got.Equal(first) {
				t.Fatalf("lastUsedAt = %v after 30 s, want still %v", got, first)
			}
			srv.Clock.Advance(31 * time.Second)
			viewer(t, script)
			if got := lastUsed(); !got.Equal(srv.Clock.Now()) {
				t.Fatalf("lastUsedAt = %v after 61 s, want %v", got, srv.Clock.Now())
			}
		})

		t.Run("case=node resolves the owner's key only", func(t *testing.T) {
			var out struct {
				Node *struct{ ID, Name string }
			}
			web.Do(apiKeyNodeOp, map[string]any{"id": k.ID}, &out)
			if out.Node == nil || out.Node.Name != "deploy bot" {
				t.Fatalf("node(%s) = %+v", k.ID, out.Node)
			}
			eve := freshClient(t, srv, "eve@example.com")
			out.Node = nil
			resp := eve.Do(apiKeyNodeOp, map[string]any{"id": k.ID}, &out)
			if out.Node != nil || len(resp.Errors) > 0 {
				t.Fatalf("another user's node(%s) = %s", k.ID, resp.Body)
			}
			if keys, _ := listAPIKeys(t, eve); len(keys) != 0 {
				t.Fatalf("eve sees keys %+v", keys)
			}
		})
	})
}

func TestRevokeAPIKeys(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		ann, bob := freshClient(t, srv, "ann@example.com"), freshClient(t, srv, "bob@example.com")
		k1, a1 := mustCreateAPIKey(t, ann, map[string]any{"name": "one"})
		_, a2 := mustCreateAPIKey(t, ann, map[string]any{"name": "two"})
		k3, a3 := mustCreateAPIKey(t, ann, map[string]any{"name": "three"})
		kb, b1 := mustCreateAPIKey(t, bob, map[string]any{"name": "bob's"})

		unknown := "key_01JD6Z8Q1V3Q2W5M1Y0X4S7T9B"
		p := revokeAPIKeys(t, ann, []string{a1.ID, b1.ID, a2.ID, unknown, a1.ID, "usr_x"})
		wantCodes(t, p.UserErrors)
		if got, want := strings.Join(p.RevokedIDs, ","), a1.ID+","+a2.ID; got != want {
			t.Fatalf("revokedIds = %s, want %s", got, want)
		}
		if got, want := strings.Join(p.NotRevokedIDs, ","), b1.ID+","+unknown+",usr_x"; got != want {
			t.Fatalf("notRevokedIds = %s, want %s", got, want)
		}
		if _, resp := viewer(t, clientWithBearer(t, srv, k1)); resp.Status != http.StatusUnauthorized || resp.Code() != "UNAUTHENTICATED" {
			t.Fatalf("revoked key: %d %s", resp.Status, resp.Body)
		}
		for name, key := range map[string]string{"ann's other key": k3, "bob's key": kb} {
			if v, resp := viewer(t, clientWithBearer(t, srv, key)); v == nil {
				t.Fatalf("%s stopped working: %s", name, resp.Body)
			}
		}
		if keys, _ := listAPIKeys(t, ann); strings.Join(apiKeyIDs(keys), ",") != a3.ID {
			t.Fatalf("ann's keys after revocation = %v, want [%s]", apiKeyIDs(keys), a3.ID)
		}
		if keys, _ := listAPIKeys(t, bob); strings.Join(apiKeyIDs(keys), ",") != b1.ID {
			t.Fatalf("bob's keys = %v, want [%s]", apiKeyIDs(keys), b1.ID)
		}
		if n := apiKeyEvents(t, srv, auth.EventAPIKeyRevoked); n != 2 {
			t.Fatalf("%d api_key_revoked events, want 2", n)
		}

		t.Run("case=again: nothing left to revoke", func(t *testing.T) {
			p := revokeAPIKeys(t, ann, []string{a1.ID})
			if len(p.RevokedIDs) != 0 || strings.Join(p.NotRevokedIDs, ",") != a1.ID {
				t.Fatalf("second revocation = %+v", p)
			}
		})
		t.Run("case=a key revokes itself", func(t *testing.T) {
			script := clientWithBearer(t, srv, k3)
			p := revokeAPIKeys(t, script, []string{a3.ID})
			if strings.Join(p.RevokedIDs, ",") != a3.ID {
				t.Fatalf("self-revocation = %+v", p)
			}
			if _, resp := viewer(t, script); resp.Status != http.StatusUnauthorized {
				t.Fatalf("self-revoked key: %d %s", resp.Status, resp.Body)
			}
		})
		t.Run("case=too many ids", func(t *testing.T) {
			many := make([]string, 101)
			for i := range many {
				many[i] = fmt.Sprintf("key_%d", i)
			}
			p := revokeAPIKeys(t, bob, many)
			wantCodes(t, p.UserErrors, "INVALID_INPUT")
			if strings.Join(p.UserErrors[0].Field, ".") != "input.ids" {
				t.Fatalf("field = %v", p.UserErrors[0].Field)
			}
		})
		t.Run("case=anonymous", func(t *testing.T) {
			resp := srv.Client(t).Do(revokeAPIKeysOp, map[string]any{"ids": []string{b1.ID}}, nil)
			if resp.Code() != "UNAUTHENTICATED" {
				t.Fatalf("anonymous revokeApiKeys: %s", resp.Body)
			}
		})
	})
}

func TestAPIKeyInputAndExpiry(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		web := freshClient(t, srv, "ida@example.com")
		now := srv.Clock.Now()

		for _, tc := range []struct {
			name  string
			input map[string]any
			field string
		}{
			{"empty name", map[string]any{"name": "  "}, "input.name"},
			{"name of 101 characters", map[string]any{"name": strings.Repeat("n", 101)}, "input.name"},
			{"name of 100 accented characters: 200 bytes", map[string]any{"name": strings.Repeat("é", 100)}, "input.name"},
			{"description of 501 characters", map[string]any{"name": "x", "description": strings.Repeat("d", 501)}, "input.description"},
			{"expiry in the past", map[string]any{"name": "x", "expiresAt": now.Add(-time.Second)}, "input.expiresAt"},
			{"expiry now", map[string]any{"name": "x", "expiresAt": now}, "input.expiresAt"},
		} {
			t.Run("case="+tc.name, func(t *testing.T) {
				p, resp := createAPIKey(t, web, tc.input)
				wantCodes(t, p.UserErrors, "INVALID_INPUT")
				if strings.Join(p.UserErrors[0].Field, ".") != tc.field || p.Key != nil || len(resp.Errors) > 0 {
					t.Fatalf("got %s, want INVALID_INPUT on %s", resp.Body, tc.field)
				}
			})
		}
		t.Run("case=name and description at their bounds", func(t *testing.T) {
			mustCreateAPIKey(t, web, map[string]any{"name": strings.Repeat("n", 100), "description": strings.Repeat("d", 500)})
		})

		t.Run("case=an expiring key stops working at its expiry", func(t *testing.T) {
			expires := srv.Clock.Now().Add(time.Hour)
			key, k := mustCreateAPIKey(t, web, map[string]any{"name": "temporary", "expiresAt": expires})
			if k.ExpiresAt == nil || !k.ExpiresAt.Equal(expires) {
				t.Fatalf("expiresAt = %v, want %v", k.ExpiresAt, expires)
			}
			script := clientWithBearer(t, srv, key)
			srv.Clock.Advance(time.Hour - time.Second)
			if v, resp := viewer(t, script); v == nil {
				t.Fatalf("key before expiry: %s", resp.Body)
			}
			srv.Clock.Advance(time.Second)
			if _, resp := viewer(t, script); resp.Status != http.StatusUnauthorized || resp.Code() != "UNAUTHENTICATED" {
				t.Fatalf("key at expiry: %d %s", resp.Status, resp.Body)
			}
			keys, _ := listAPIKeys(t, clientWithFreshLogIn(t, srv, "ida@example.com"))
			for _, other := range keys {
				if other.ID == k.ID {
					t.Fatal("the expired key is still listed")
				}
			}
		})
	})
}

func TestAPIKeyBadCredentials(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		web := freshClient(t, srv, "max@example.com")
		revoked, rk := mustCreateAPIKey(t, web, map[string]any{"name": "revoked"})
		revokeAPIKeys(t, web, []string{rk.ID})
		expired, _ := mustCreateAPIKey(t, web, map[string]any{"name": "expired", "expiresAt": srv.Clock.Now().Add(time.Minute)})
		good, _ := mustCreateAPIKey(t, web, map[string]any{"name": "good"})
		srv.Clock.Advance(time.Minute)
		unknown, _ := token.New(token.APIKey)

		var message string
		for _, tc := range []struct{ name, secret string }{
			{"unknown", unknown},
			{"revoked", revoked},
			{"expired", expired},
			{"prefix only", token.APIKey},
			{"malformed", token.APIKey + "not base64 !!"},
			{"truncated", good[:len(good)-1]},
			{"over-long", good + strings.Repeat("A", 200)},
		} {
			t.Run("case="+tc.name, func(t *testing.T) {
				_, resp := viewer(t, clientWithBearer(t, srv, tc.secret))
				if resp.Status != http.StatusUnauthorized || resp.Code() != "UNAUTHENTICATED" || len(resp.Errors) != 1 {
					t.Fatalf("got %d %s, want 401 UNAUTHENTICATED", resp.Status, resp.Body)
				}
				// The same answer for every bad key: no oracle.
				if message == "" {
					message = resp.Errors[0].Message
				} else if resp.Errors[0].Message != message {
					t.Fatalf("message %q differs from %q", resp.Errors[0].Message, message)
				}
			})
		}

		t.Run("case=a key in the cookie is not accepted", func(t *testing.T) {
			c := srv.Client(t)
			c.Header.Set("Cookie", "accountd_session="+good)
			v, resp := viewer(t, c)
			if v != nil || len(resp.Errors) > 0 {
				t.Fatalf("viewer by a key in the cookie = %+v (%s)", v, resp.Body)
			}
		})
		t.Run("case=a key in the query string is not accepted", func(t *testing.T) {
			for _, param := range []string{"access_token", "api_key", "token", "key"} {
				q := url.Values{"query": {"{ viewer { id } }"}, param: {good}}
				req, _ := http.NewRequest(http.MethodGet, srv.URL+"/graphql?"+q.Encode(), nil)
				resp := srv.Client(t).Send(req)
				if string(resp.Data) != `{"viewer":null}` {
					t.Fatalf("?%s=<key>: %d %s", param, resp.Status, resp.Body)
				}
			}
		})
	})
}

func TestCreateAPIKeyNeedsFreshAuth(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		verified := newAccount(t, srv, "fay@example.com")
		key, _ := mustCreateAPIKey(t, clientWithFreshLogIn(t, srv, "fay@example.com"), map[string]any{"name": "script"})

		staleSession := func(t *testing.T) *testkit.Client {
			c := clientWithFreshLogIn(t, srv, "fay@example.com")
			srv.Clock.Advance(21 * time.Minute)
			return c
		}
		// The cases run in order on one server: each makes its own credential, so the
		// clock moving for one does not change another.
		for _, tc := range []struct {
			name     string
			client   func(t *testing.T) *testkit.Client
			password *string
			code     string // the userError's code, "" for success
		}{
			{"fresh session", func(t *testing.T) *testkit.Client { return clientWithFreshLogIn(t, srv, "fay@example.com") }, nil, ""},
			{"session 19 minutes after log-in", func(t *testing.T) *testkit.Client {
				c := clientWithFreshLogIn(t, srv, "fay@example.com")
				srv.Clock.Advance(19 * time.Minute)
				return c
			}, nil, ""},
			{"session 21 minutes after log-in", staleSession, nil, "FRESH_AUTH_REQUIRED"},
			{"stale session with the password", staleSession, ptr(strongPassword), ""},
			{"stale session with a wrong password", staleSession, ptr("wrong horse battery staple"), "INVALID_CREDENTIALS"},
			{"session of an email link, never proved the password", func(t *testing.T) *testkit.Client { return clientWithBearer(t, srv, verified) }, nil, "FRESH_AUTH_REQUIRED"},
			{"API key", func(t *testing.T) *testkit.Client { return clientWithBearer(t, srv, key) }, nil, "FRESH_AUTH_REQUIRED"},
			{"API key with the password", func(t *testing.T) *testkit.Client { return clientWithBearer(t, srv, key) }, ptr(strongPassword), ""},
			{"API key with a wrong password", func(t *testing.T) *testkit.Client { return clientWithBearer(t, srv, key) }, ptr("wrong horse battery staple"), "INVALID_CREDENTIALS"},
		} {
			t.Run("case="+tc.name, func(t *testing.T) {
				input := map[string]any{"name": tc.name}
				if tc.password != nil {
					input["password"] = *tc.password
				}
				c := tc.client(t)
				p, resp := createAPIKey(t, c, input)
				if len(resp.Errors) > 0 {
					t.Fatalf("top-level errors: %s", resp.Body)
				}
				if tc.code == "" {
					wantCodes(t, p.UserErrors)
					if p.Key == nil {
						t.Fatal("no key")
					}
					if v, _ := viewer(t, clientWithBearer(t, srv, *p.Key)); v == nil {
						t.Fatal("the new key does not work")
					}
					return
				}
				wantCodes(t, p.UserErrors, tc.code)
				if p.Key != nil || p.APIKey != nil {
					t.Fatalf("a key despite %s: %s", tc.code, resp.Body)
				}
				if tc.password != nil && strings.Join(p.UserErrors[0].Field, ".") != "input.password" {
					t.Fatalf("field = %v, want input.password", p.UserErrors[0].Field)
				}
			})
		}

		t.Run("case=the password renews a stale session", func(t *testing.T) {
			c := staleSession(t)
			mustCreateAPIKey(t, c, map[string]any{"name": "with password", "password": strongPassword})
			mustCreateAPIKey(t, c, map[string]any{"name": "without, just after"})
		})
		t.Run("case=an API key stays unfresh after proving the password", func(t *testing.T) {
			c := clientWithBearer(t, srv, key)
			mustCreateAPIKey(t, c, map[string]any{"name": "with password", "password": strongPassword})
			p, _ := createAPIKey(t, c, map[string]any{"name": "without, just after"})
			wantCodes(t, p.UserErrors, "FRESH_AUTH_REQUIRED")
		})
		t.Run("case=anonymous", func(t *testing.T) {
			_, resp := createAPIKey(t, srv.Client(t), map[string]any{"name": "x", "password": strongPassword})
			if resp.Code() != "UNAUTHENTICATED" {
				t.Fatalf("anonymous createApiKey: %s", resp.Body)
			}
		})
	})
}
