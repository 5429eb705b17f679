package social

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"time"

	"golang.org/x/oauth2"
)

// StateTTL is how long a browser round trip through a provider may take.
const StateTTL = 10 * time.Minute

// stateContext binds sealed states to their purpose (see seal.Box.Seal).
const stateContext = "oauth-state"

// Mode says what a browser round trip is for.
type Mode string

// The modes of a browser round trip.
const (
	// ModeLogIn logs in (or signs up) whoever the provider proves.
	ModeLogIn Mode = "login"
	// ModeLink links the proved identity to the account of State.UserID.
	ModeLink Mode = "link"
)

// State is what the callback of a browser round trip needs to check and finish it. It
// travels sealed (AES-GCM, so neither readable nor forgeable) in an HttpOnly cookie:
// no server state, and nothing a page script can read.
type State struct {
	Provider Provider `json:"p"`
	// State is the OAuth 2 state parameter: it ties the callback to this browser
	// (RFC 6749 §10.12, CSRF of the redirection endpoint).
	State string `json:"s"`
	// Nonce ties the ID token to this request (OpenID Connect Core §3.1.2.1).
	Nonce string `json:"n"`
	// Verifier is the PKCE code verifier (RFC 7636): a stolen code is useless without it.
	Verifier string `json:"v"`
	// Redirect is the app URL to return to, checked against the allow-list.
	Redirect string `json:"r"`
	Mode     Mode   `json:"m"`
	// UserID is the account to link to, in ModeLink.
	UserID    string `json:"u,omitempty"`
	ExpiresAt int64  `json:"e"`
}

// Begin starts a browser round trip to p: it returns the provider's authorization URL
// (with state, nonce and an S256 PKCE challenge) and the sealed State to keep in the
// browser's cookie until the callback.
func (s *Service) Begin(ctx context.Context, p Provider, redirect string, mode Mode, userID string) (authURL, sealed string, err error) {
	if _, err := s.CheckRedirect(redirect); err != nil {
		return "", "", err
	}
	conf, err := s.oauthConfig(ctx, p, s.CallbackURL(p))
	if err != nil {
		return "", "", err
	}
	st := State{
		Provider:  p,
		State:     randomString(),
		Nonce:     randomString(),
		Verifier:  oauth2.GenerateVerifier(),
		Redirect:  redirect,
		Mode:      mode,
		UserID:    userID,
		ExpiresAt: s.deps.Now().Add(StateTTL).Unix(),
	}
	b, err := json.Marshal(st)
	if err != nil {
		return "", "", err
	}
	sealed = base64.RawURLEncoding.EncodeToString(s.deps.Box.Seal(b, stateContext))
	return conf.AuthCodeURL(st.State, s.authOptions(p, st)...), sealed, nil
}

// OpenState opens a sealed State; an altered, foreign or expired one is ErrInvalidState.
func (s *Service) OpenState(sealed string) (*State, error) {
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil {
		return nil, ErrInvalidState
	}
	b, err := s.deps.Box.Open(raw, stateContext)
	if err != nil {
		return nil, ErrInvalidState
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, ErrInvalidState
	}
	if s.deps.Now().Unix() >= st.ExpiresAt {
		return nil, ErrInvalidState
	}
	if _, err := s.CheckRedirect(st.Redirect); err != nil {
		return nil, ErrInvalidState // the allow-list changed meanwhile
	}
	return &st, nil
}

// Finish completes a browser round trip at the callback: the state parameter must be
// the one of the sealed State (compared in constant time) and for the same provider;
// the code is exchanged with the PKCE verifier, and Google's ID token must carry the
// State's nonce.
func (s *Service) Finish(ctx context.Context, p Provider, st *State, stateParam, code string) (*Claims, error) {
	if !st.Matches(p, stateParam) {
		return nil, ErrInvalidState
	}
	if code == "" {
		return nil, ErrInvalidProof
	}
	return s.exchange(ctx, p, code, st.Verifier, s.CallbackURL(p), &st.Nonce)
}

// Matches reports whether a callback for provider p with the state parameter belongs
// to this State; the parameter is compared in constant time.
func (st *State) Matches(p Provider, stateParam string) bool {
	return st.Provider == p && subtle.ConstantTimeCompare([]byte(st.State), []byte(stateParam)) == 1
}

func (s *Service) authOptions(p Provider, st State) []oauth2.AuthCodeOption {
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(st.Verifier)}
	if p == Google {
		opts = append(opts, oauth2.SetAuthURLParam("nonce", st.Nonce))
	}
	return opts
}

// randomString is 256 random bits, URL-safe.
func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}
