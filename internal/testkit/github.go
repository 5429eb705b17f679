package testkit

import (
	"crypto/subtle"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/accountd/accountd/internal/config"
)

// GitHub is a fake of GitHub's OAuth App flow and the two REST calls accountd makes:
// /login/oauth/authorize (consents at once), /login/oauth/access_token (checks the
// client secret, redirect URI and PKCE verifier; answers errors with status 200 as
// GitHub does), /api/user and /api/user/emails for the access token.
type GitHub struct {
	URL          string
	ClientID     string
	ClientSecret string

	mu     sync.Mutex
	user   GitHubUser
	codes  map[string]githubCode
	tokens map[string]GitHubUser
}

// GitHubUser is the person the fake logs in.
type GitHubUser struct {
	ID     int64
	Emails []GitHubEmail
}

// GitHubEmail is one address of /user/emails.
type GitHubEmail struct {
	Email    string `json:"email"`
	Primary  bool   `json:"primary"`
	Verified bool   `json:"verified"`
}

type githubCode struct {
	user                   GitHubUser
	redirectURI, challenge string
}

// NewGitHub starts the fake, logging in user 4242 with the primary, verified address
// grace@example.com until SetUser says otherwise.
func NewGitHub(t testing.TB) *GitHub {
	t.Helper()
	gh := &GitHub{
		ClientID:     "github-client-id",
		ClientSecret: "github-client-secret",
		user:         GitHubUser{ID: 4242, Emails: []GitHubEmail{{Email: "grace@example.com", Primary: true, Verified: true}}},
		codes:        map[string]githubCode{},
		tokens:       map[string]GitHubUser{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login/oauth/authorize", gh.authorize)
	mux.HandleFunc("POST /login/oauth/access_token", gh.accessToken)
	mux.HandleFunc("GET /api/user", func(w http.ResponseWriter, r *http.Request) {
		if u, ok := gh.bearer(w, r); ok {
			writeJSON(w, http.StatusOK, map[string]any{"id": u.ID, "login": "octocat"})
		}
	})
	mux.HandleFunc("GET /api/user/emails", func(w http.ResponseWriter, r *http.Request) {
		if u, ok := gh.bearer(w, r); ok {
			writeJSON(w, http.StatusOK, append([]GitHubEmail{}, u.Emails...))
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	gh.URL = srv.URL
	return gh
}

// Option configures a test server to use this fake as GitHub.
func (gh *GitHub) Option() Option {
	return func(c *config.Config) {
		c.GitHubClientID, c.GitHubClientSecret = gh.ClientID, gh.ClientSecret
		c.GitHubAuthURL = gh.URL + "/login/oauth/authorize"
		c.GitHubTokenURL = gh.URL + "/login/oauth/access_token"
		c.GitHubAPIURL = gh.URL + "/api"
	}
}

// SetUser sets who logs in from now on.
func (gh *GitHub) SetUser(u GitHubUser) {
	SetLocked(&gh.mu, &gh.user, u)
}

// Code returns an authorization code for the current user, as a mobile app gets it.
func (gh *GitHub) Code(redirectURI, verifier string) string {
	gh.mu.Lock()
	defer gh.mu.Unlock()
	code := randomToken()
	gh.codes[code] = githubCode{user: gh.user, redirectURI: redirectURI, challenge: s256(verifier)}
	return code
}

func (gh *GitHub) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || q.Get("redirect_uri") == "" || q.Get("client_id") != gh.ClientID ||
		q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	code := randomToken()
	gh.mu.Lock()
	gh.codes[code] = githubCode{user: gh.user, redirectURI: q.Get("redirect_uri"), challenge: q.Get("code_challenge")}
	gh.mu.Unlock()
	back := redirect.Query()
	back.Set("code", code)
	back.Set("state", q.Get("state"))
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (gh *GitHub) accessToken(w http.ResponseWriter, r *http.Request) {
	id, secret, err := clientCredentials(r)
	if err != nil {
		writeJSON(w, http.StatusOK, map[string]string{"error": "invalid_request"})
		return
	}
	if id != gh.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(gh.ClientSecret)) != 1 {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "incorrect_client_credentials"})
		return
	}
	gh.mu.Lock()
	defer gh.mu.Unlock()
	c, found := gh.codes[r.PostForm.Get("code")]
	delete(gh.codes, r.PostForm.Get("code"))
	if !found || c.redirectURI != r.PostForm.Get("redirect_uri") || s256(r.PostForm.Get("code_verifier")) != c.challenge {
		// GitHub answers a bad code with 200 and an error field.
		writeJSON(w, http.StatusOK, map[string]string{"error": "bad_verification_code"})
		return
	}
	tok := "gho_" + randomToken()
	gh.tokens[tok] = c.user
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "bearer", "scope": "read:user,user:email"})
}

func (gh *GitHub) bearer(w http.ResponseWriter, r *http.Request) (GitHubUser, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	gh.mu.Lock()
	u, found := gh.tokens[tok]
	gh.mu.Unlock()
	if !ok || !found {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials"})
		return GitHubUser{}, false
	}
	return u, true
}
