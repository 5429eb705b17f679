package testkit

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accountd/accountd/internal/config"
)

// OIDCProvider is a real OpenID Connect provider in the test process, standing in for
// Google: discovery, a JWKS with an RSA key made for the test, an /authorize that
// consents at once and redirects back with a code, and a /token that checks the client
// secret, the redirect URI and the PKCE verifier before it hands out an ID token
// signed with go-jose. Knobs spoil the next ID token in the ways a verifier must catch.
type OIDCProvider struct {
	URL          string
	ClientID     string
	ClientSecret string

	signer jose.Signer
	jwks   jose.JSONWebKeySet

	mu     sync.Mutex
	now    func() time.Time
	user   OIDCUser
	codes  map[string]oidcCode
	tamper []func(claims map[string]any)
	deny   bool
}

// OIDCUser is the person the provider logs in.
type OIDCUser struct {
	Subject       string
	Email         string
	EmailVerified bool
}

type oidcCode struct {
	user                          OIDCUser
	redirectURI, challenge, nonce string
	clientID                      string
}

// NewOIDCProvider starts a provider for the test, logging in sub-1 / ada@example.com
// (verified) until SetUser says otherwise.
func NewOIDCProvider(t testing.TB) *OIDCProvider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	jwk := jose.JSONWebKey{Key: key, KeyID: "test-key-1", Algorithm: string(jose.RS256), Use: "sig"}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jwk}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	op := &OIDCProvider{
		ClientID:     "google-client-id.apps.example",
		ClientSecret: "google-client-secret",
		now:          time.Now,
		signer:       signer,
		jwks:         jose.JSONWebKeySet{Keys: []jose.JSONWebKey{jwk.Public()}},
		user:         OIDCUser{Subject: "sub-1", Email: "ada@example.com", EmailVerified: true},
		codes:        map[string]oidcCode{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", op.discovery)
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, op.jwks) })
	mux.HandleFunc("GET /authorize", op.authorize)
	mux.HandleFunc("POST /token", op.token)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	op.URL = srv.URL
	return op
}

// Option configures a test server to use this provider as Google.
func (op *OIDCProvider) Option() Option {
	return func(c *config.Config) {
		c.GoogleClientID, c.GoogleClientSecret, c.GoogleIssuer = op.ClientID, op.ClientSecret, op.URL
	}
}

// SetClock sets the provider's clock for iat and exp: tests use the server's.
func (op *OIDCProvider) SetClock(now func() time.Time) {
	SetLocked(&op.mu, &op.now, now)
}

// SetUser sets who logs in from now on.
func (op *OIDCProvider) SetUser(u OIDCUser) {
	SetLocked(&op.mu, &op.user, u)
}

// TamperNext changes the claims of the next ID token issued.
func (op *OIDCProvider) TamperNext(f func(claims map[string]any)) {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.tamper = append(op.tamper, f)
}

// NextForOtherAudience makes the next ID token for another client.
func (op *OIDCProvider) NextForOtherAudience() {
	op.TamperNext(func(c map[string]any) { c["aud"] = "someone-else.apps.example" })
}

// NextExpired makes the next ID token one that expired a minute ago.
func (op *OIDCProvider) NextExpired() {
	op.TamperNext(func(c map[string]any) {
		now := time.Unix(c["iat"].(int64), 0)
		c["iat"], c["exp"] = now.Add(-time.Hour).Unix(), now.Add(-time.Minute).Unix()
	})
}

// NextEmailUnverified makes the next ID token say email_verified=false.
func (op *OIDCProvider) NextEmailUnverified() {
	op.TamperNext(func(c map[string]any) { c["email_verified"] = false })
}

// NextOtherNonce makes the next ID token carry a nonce nobody asked for.
func (op *OIDCProvider) NextOtherNonce() {
	op.TamperNext(func(c map[string]any) { c["nonce"] = "a-nonce-of-another-request" })
}

// DenyNext makes the next /authorize answer error=access_denied, as when the person
// refuses consent.
func (op *OIDCProvider) DenyNext() {
	SetLocked(&op.mu, &op.deny, true)
}

// IDToken returns an ID token for the current user with the nonce ("" for none), as
// native Google Sign-In hands one to a mobile app.
func (op *OIDCProvider) IDToken(t testing.TB, nonce string) string {
	t.Helper()
	op.mu.Lock()
	u := op.user
	op.mu.Unlock()
	raw, err := op.sign(u, nonce)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// Code returns an authorization code for the current user, as a mobile app gets it
// from /authorize with its own PKCE challenge (of verifier) and redirect URI.
func (op *OIDCProvider) Code(redirectURI, verifier, nonce string) string {
	op.mu.Lock()
	defer op.mu.Unlock()
	code := randomToken()
	op.codes[code] = oidcCode{user: op.user, redirectURI: redirectURI, challenge: s256(verifier), nonce: nonce, clientID: op.ClientID}
	return code
}

func (op *OIDCProvider) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                op.URL,
		"authorization_endpoint":                op.URL + "/authorize",
		"token_endpoint":                        op.URL + "/token",
		"jwks_uri":                              op.URL + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

// authorize consents at once: a code bound to the client, redirect URI, PKCE
// challenge and nonce, sent back with the state.
func (op *OIDCProvider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || q.Get("redirect_uri") == "" || q.Get("client_id") != op.ClientID || q.Get("response_type") != "code" ||
		q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	back := redirect.Query()
	back.Set("state", q.Get("state"))
	op.mu.Lock()
	if op.deny {
		op.deny = false
		back.Set("error", "access_denied")
	} else {
		code := randomToken()
		op.codes[code] = oidcCode{user: op.user, redirectURI: q.Get("redirect_uri"), challenge: q.Get("code_challenge"), nonce: q.Get("nonce"), clientID: q.Get("client_id")}
		back.Set("code", code)
	}
	op.mu.Unlock()
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// token exchanges a code once, for the client that asked for it, with the redirect
// URI it was issued for and the verifier of its PKCE challenge (RFC 7636 §4.6).
func (op *OIDCProvider) token(w http.ResponseWriter, r *http.Request) {
	id, secret, err := clientCredentials(r)
	if err != nil {
		oauthError(w, "invalid_request")
		return
	}
	if id != op.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(op.ClientSecret)) != 1 {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	op.mu.Lock()
	c, found := op.codes[r.PostForm.Get("code")]
	delete(op.codes, r.PostForm.Get("code"))
	op.mu.Unlock()
	if !found || r.PostForm.Get("grant_type") != "authorization_code" || c.clientID != id ||
		c.redirectURI != r.PostForm.Get("redirect_uri") || s256(r.PostForm.Get("code_verifier")) != c.challenge {
		oauthError(w, "invalid_grant")
		return
	}
	raw, err := op.sign(c.user, c.nonce)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": randomToken(), "token_type": "Bearer", "expires_in": 3600, "id_token": raw,
	})
}

// clientCredentials parses a token request's form and returns the client's id and
// secret, from HTTP Basic or else from the form (RFC 6749 §2.3.1).
func clientCredentials(r *http.Request) (id, secret string, err error) {
	if err := r.ParseForm(); err != nil {
		return "", "", err
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	return id, secret, nil
}

// sign makes an ID token (OpenID Connect Core §2), spoiled by the pending knobs.
func (op *OIDCProvider) sign(u OIDCUser, nonce string) (string, error) {
	op.mu.Lock()
	now := op.now()
	op.mu.Unlock()
	claims := map[string]any{
		"iss": op.URL, "sub": u.Subject, "aud": op.ClientID,
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"email": u.Email, "email_verified": u.EmailVerified,
	}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	op.mu.Lock()
	tamper := op.tamper
	op.tamper = nil
	op.mu.Unlock()
	for _, f := range tamper {
		f(claims)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	jws, err := op.signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

// S256 is the PKCE challenge of a verifier (RFC 7636 §4.2), for tests playing a
// mobile app.
func S256(verifier string) string { return s256(verifier) }

func s256(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func oauthError(w http.ResponseWriter, code string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": code})
}
