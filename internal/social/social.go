// Package social proves who a person is at a social log-in provider and returns the
// verified claims: Google through OpenID Connect (discovery, ID tokens checked by
// go-oidc), GitHub through OAuth 2 and its REST API. It keeps the browser round trip
// free of server state: what the callback must check (state, nonce, PKCE verifier,
// where to go back to) travels in a sealed, short-lived cookie value.
//
// It knows nothing of accounts: internal/account decides what verified claims mean.
package social

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/seal"
)

// Provider names a social log-in provider; the value is what the Identity table stores
// and what the routes /auth/{provider}/... use.
type Provider string

// The providers accountd knows.
const (
	Google Provider = "google"
	GitHub Provider = "github"
)

// Providers lists every provider accountd knows, enabled or not.
var Providers = []Provider{Google, GitHub}

// Title is the provider's name for people ("Google", "GitHub").
func (p Provider) Title() string {
	switch p {
	case Google:
		return "Google"
	case GitHub:
		return "GitHub"
	}
	return string(p)
}

// Claims are what a provider proved about a person. Only claims whose email the
// provider verified leave this package.
type Claims struct {
	Provider Provider
	// Subject is the provider's stable id of the person (OIDC "sub", GitHub's numeric
	// user id): an email address can change hands, this does not.
	Subject       string
	Email         string
	EmailVerified bool
}

// Errors of the provider round trip. ErrInvalidState is for the browser flow only;
// the others are faults a form can show.
var (
	ErrInvalidState       = errors.New("social: the state of the provider round trip is missing, expired or does not match")
	ErrProviderNotEnabled = fault.New(fault.ProviderNotEnabled, "Log-in with this provider is not enabled.")
	ErrRedirectNotAllowed = fault.New(fault.InvalidInput, "This redirect URL is not on the allow-list.")
	// ErrInvalidProof covers a code the provider refused and an ID token that is not
	// for us, expired, or answers another request (nonce).
	ErrInvalidProof     = fault.New(fault.InvalidToken, "The provider did not confirm this log-in. Start again.")
	ErrEmailNotVerified = fault.New(fault.EmailNotVerified, "Your account at the provider has no verified email address. Verify one there, then try again.")
)

// Config says which providers are enabled and how to reach them. A provider without a
// client id is disabled.
type Config struct {
	Google GoogleConfig
	GitHub GitHubConfig
	// CallbackBase is where providers send the browser back: {CallbackBase}/auth/{provider}/callback.
	CallbackBase string
	// RedirectURLs is the allow-list of app URLs the browser flow may return to: a URL
	// is allowed when its scheme and host equal an entry's and its path is the entry's
	// path or below it.
	RedirectURLs []string
}

// GoogleConfig is a Google OAuth client (any OpenID Connect provider, in fact).
type GoogleConfig struct {
	ClientID     string
	ClientSecret string
	// Issuer is discovered at {Issuer}/.well-known/openid-configuration.
	Issuer string
}

// GitHubConfig is a GitHub OAuth App.
type GitHubConfig struct {
	ClientID     string
	ClientSecret string
	AuthURL      string
	TokenURL     string
	// APIURL is the REST API: {APIURL}/user and {APIURL}/user/emails.
	APIURL string
}

// Deps are what the Service needs from the rest of the program.
type Deps struct {
	// Box seals the state of a browser round trip.
	Box *seal.Box
	Now func() time.Time
	// HTTPClient talks to the providers; nil means one with a 10-second timeout.
	HTTPClient *http.Client
	Log        *slog.Logger
}

// Service talks to the enabled providers.
type Service struct {
	cfg       Config
	deps      Deps
	google    *googleClient
	github    *githubClient
	redirects []*url.URL
}

// New returns a Service; it does not reach any provider (Google is discovered on first
// use, so accountd starts without network).
func New(cfg Config, d Deps) (*Service, error) {
	if d.HTTPClient == nil {
		d.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	s := &Service{cfg: cfg, deps: d}
	s.cfg.CallbackBase = strings.TrimRight(cfg.CallbackBase, "/")
	for _, raw := range cfg.RedirectURLs {
		u, err := ParseRedirectURL(raw)
		if err != nil {
			return nil, err
		}
		s.redirects = append(s.redirects, u)
	}
	if cfg.Google.ClientID != "" {
		s.google = &googleClient{cfg: cfg.Google}
	}
	if cfg.GitHub.ClientID != "" {
		s.github = &githubClient{cfg: cfg.GitHub}
	}
	return s, nil
}

// Enabled reports whether log-in with p is configured.
func (s *Service) Enabled(p Provider) bool {
	switch p {
	case Google:
		return s.google != nil
	case GitHub:
		return s.github != nil
	}
	return false
}

// CallbackURL is where p sends the browser back in the browser flow.
func (s *Service) CallbackURL(p Provider) string {
	return s.cfg.CallbackBase + "/auth/" + string(p) + "/callback"
}

// FallbackRedirect is where a callback without a readable state sends the browser: the
// first allowed app URL, or "" when there is none.
func (s *Service) FallbackRedirect() string {
	if len(s.redirects) == 0 {
		return ""
	}
	return s.redirects[0].String()
}

// CheckRedirect returns the app URL when it is on the allow-list. The comparison is on
// the parsed URL (scheme, host with port, path prefix at a segment boundary), never on
// the string, so "https://app.example.com.evil.test" or "https://app.example.com@evil.test"
// do not pass for "https://app.example.com" (no open redirect: OWASP Unvalidated
// Redirects and Forwards Cheat Sheet).
func (s *Service) CheckRedirect(raw string) (*url.URL, error) {
	u, err := ParseRedirectURL(raw)
	if err != nil {
		return nil, ErrRedirectNotAllowed
	}
	for _, a := range s.redirects {
		if u.Scheme != a.Scheme || !strings.EqualFold(u.Host, a.Host) {
			continue
		}
		prefix := strings.TrimSuffix(a.Path, "/")
		if u.Path == a.Path || u.Path == prefix || strings.HasPrefix(u.Path, prefix+"/") {
			return u, nil
		}
	}
	return nil, ErrRedirectNotAllowed
}

// ParseRedirectURL parses an app URL strictly: absolute http(s), a host, no user info,
// no backslash, and a clean path (no dot segments a browser would resolve elsewhere).
func ParseRedirectURL(raw string) (*url.URL, error) {
	if len(raw) > 2048 || strings.ContainsAny(raw, "\\\x00") {
		return nil, fmt.Errorf("not an allowed app URL: %q", raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("not a URL: %q", raw)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Opaque != "" {
		return nil, fmt.Errorf("want an absolute http(s) URL without user info, got %q", raw)
	}
	if c := path.Clean(u.Path); u.Path != "" && c != u.Path && c+"/" != u.Path {
		return nil, fmt.Errorf("want a path without dot segments or double slashes, got %q", raw)
	}
	return u, nil
}

// ctx returns a context whose HTTP calls (oauth2, go-oidc) go through the Service's
// client, with its timeout.
func (s *Service) ctx(ctx context.Context) context.Context {
	return withClient(ctx, s.deps.HTTPClient)
}
