package social

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/accountd/accountd/internal/fault"
)

// maxProofLength bounds codes, verifiers, ID tokens and redirect URIs from clients.
const maxProofLength = 8192

// Proof is what a mobile app hands over after it talked to the provider itself: an
// authorization code with its PKCE verifier and redirect URI, or (Google Sign-In on
// the device) an ID token.
type Proof struct {
	Provider     Provider
	Code         string
	CodeVerifier string
	RedirectURI  string
	IDToken      string
	// Nonce, when the app sent one to the provider, must be in the ID token.
	Nonce string
}

// Verify proves a mobile app's Proof with the provider and returns the claims.
func (s *Service) Verify(ctx context.Context, pr Proof) (*Claims, error) {
	if !s.Enabled(pr.Provider) {
		return nil, ErrProviderNotEnabled.OnField("input", "provider")
	}
	for field, v := range map[string]string{
		"code": pr.Code, "codeVerifier": pr.CodeVerifier, "redirectUri": pr.RedirectURI, "idToken": pr.IDToken, "nonce": pr.Nonce,
	} {
		if len(v) > maxProofLength {
			return nil, fault.New(fault.InvalidInput, "This value is too long.").OnField("input", field)
		}
	}
	var nonce *string
	if pr.Nonce != "" {
		nonce = &pr.Nonce
	}
	switch {
	case pr.IDToken != "" && pr.Code != "":
		return nil, fault.New(fault.InvalidInput, "Send either an authorization code or an ID token, not both.").OnField("input", "idToken")
	case pr.IDToken != "":
		if pr.Provider != Google {
			return nil, fault.New(fault.InvalidInput, "Only Google log-in takes an ID token; send an authorization code.").OnField("input", "idToken")
		}
		return s.verifyIDToken(ctx, pr.IDToken, nonce)
	case pr.Code != "":
		if pr.CodeVerifier == "" {
			// PKCE is not optional (RFC 9700 §2.1.1): without it an intercepted code works.
			return nil, fault.New(fault.InvalidInput, "Send the PKCE code verifier with the code.").OnField("input", "codeVerifier")
		}
		if pr.RedirectURI == "" {
			return nil, fault.New(fault.InvalidInput, "Send the redirect URI the code was issued for.").OnField("input", "redirectUri")
		}
		return s.exchange(ctx, pr.Provider, pr.Code, pr.CodeVerifier, pr.RedirectURI, nonce)
	}
	return nil, fault.New(fault.InvalidInput, "Send an authorization code or an ID token.").OnField("input", "code")
}

// oauthConfig is the OAuth 2 client of p, returning to redirectURI.
func (s *Service) oauthConfig(ctx context.Context, p Provider, redirectURI string) (*oauth2.Config, error) {
	switch {
	case p == Google && s.google != nil:
		op, err := s.google.discover(s.ctx(ctx))
		if err != nil {
			return nil, err
		}
		return &oauth2.Config{
			ClientID:     s.google.cfg.ClientID,
			ClientSecret: s.google.cfg.ClientSecret,
			Endpoint:     op.Endpoint(),
			RedirectURL:  redirectURI,
			Scopes:       []string{oidc.ScopeOpenID, "email"},
		}, nil
	case p == GitHub && s.github != nil:
		return &oauth2.Config{
			ClientID:     s.github.cfg.ClientID,
			ClientSecret: s.github.cfg.ClientSecret,
			Endpoint:     oauth2.Endpoint{AuthURL: s.github.cfg.AuthURL, TokenURL: s.github.cfg.TokenURL},
			RedirectURL:  redirectURI,
			Scopes:       []string{"read:user", "user:email"},
		}, nil
	}
	return nil, ErrProviderNotEnabled.OnField("input", "provider")
}

// exchange trades a code for tokens and turns them into claims. nonce, when not nil,
// must be the ID token's.
func (s *Service) exchange(ctx context.Context, p Provider, code, verifier, redirectURI string, nonce *string) (*Claims, error) {
	conf, err := s.oauthConfig(ctx, p, redirectURI)
	if err != nil {
		return nil, err
	}
	tok, err := conf.Exchange(s.ctx(ctx), code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && (re.Response == nil || re.Response.StatusCode < 500) {
			s.deps.Log.InfoContext(ctx, "provider refused the code", "provider", p, "error_code", re.ErrorCode)
			return nil, ErrInvalidProof
		}
		return nil, fmt.Errorf("%s: exchange code: %w", p, err)
	}
	if p == GitHub {
		return s.github.claims(s.ctx(ctx), s.deps.HTTPClient, tok.AccessToken)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		s.deps.Log.InfoContext(ctx, "provider sent no ID token", "provider", p)
		return nil, ErrInvalidProof
	}
	return s.verifyIDToken(ctx, raw, nonce)
}

// verifyIDToken checks a Google ID token with go-oidc (signature by the discovered
// keys, issuer, audience = our client id, expiry: OpenID Connect Core §3.1.3.7), then
// the nonce when one is due, then that Google verified the email.
func (s *Service) verifyIDToken(ctx context.Context, raw string, nonce *string) (*Claims, error) {
	op, err := s.google.discover(s.ctx(ctx))
	if err != nil {
		return nil, err
	}
	v := op.Verifier(&oidc.Config{ClientID: s.google.cfg.ClientID, Now: s.deps.Now})
	tok, err := v.Verify(s.ctx(ctx), raw)
	if err != nil {
		s.deps.Log.InfoContext(ctx, "ID token refused", "provider", Google, "reason", err.Error())
		return nil, ErrInvalidProof
	}
	if nonce != nil && subtle.ConstantTimeCompare([]byte(tok.Nonce), []byte(*nonce)) != 1 {
		s.deps.Log.InfoContext(ctx, "ID token refused", "provider", Google, "reason", "nonce mismatch")
		return nil, ErrInvalidProof
	}
	var c struct {
		Email         string   `json:"email"`
		EmailVerified flexBool `json:"email_verified"`
	}
	if err := tok.Claims(&c); err != nil {
		return nil, ErrInvalidProof
	}
	if c.Email == "" || !bool(c.EmailVerified) {
		return nil, ErrEmailNotVerified
	}
	return &Claims{Provider: Google, Subject: tok.Subject, Email: c.Email, EmailVerified: true}, nil
}

// flexBool reads true and "true": Google has sent email_verified both ways.
type flexBool bool

func (b *flexBool) UnmarshalJSON(data []byte) error {
	switch strings.Trim(string(data), `"`) {
	case "true":
		*b = true
	default:
		*b = false
	}
	return nil
}

// googleClient is the OpenID Connect provider, discovered once on first use.
type googleClient struct {
	cfg GoogleConfig

	mu       sync.Mutex
	provider *oidc.Provider
}

// discover fetches the discovery document once; a failure is retried on the next use,
// so a provider that was down at start does not stay disabled.
func (g *googleClient) discover(ctx context.Context) (*oidc.Provider, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.provider != nil {
		return g.provider, nil
	}
	p, err := oidc.NewProvider(ctx, g.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("google: discover %s: %w", g.cfg.Issuer, err)
	}
	g.provider = p
	return p, nil
}

// githubClient reads who a GitHub access token belongs to.
type githubClient struct {
	cfg GitHubConfig
}

// claims asks GitHub's API for the user's numeric id (the subject: logins can be
// renamed) and for its email addresses, of which only the primary one, when verified,
// counts: GitHub lets anyone add an unverified address.
func (g *githubClient) claims(ctx context.Context, client *http.Client, accessToken string) (*Claims, error) {
	var u struct {
		ID int64 `json:"id"`
	}
	if err := g.get(ctx, client, accessToken, "/user", &u); err != nil {
		return nil, err
	}
	if u.ID <= 0 {
		return nil, ErrInvalidProof
	}
	var emails []struct {
		Email    string `json:"email"`
		Primary  bool   `json:"primary"`
		Verified bool   `json:"verified"`
	}
	if err := g.get(ctx, client, accessToken, "/user/emails", &emails); err != nil {
		return nil, err
	}
	for _, e := range emails {
		if e.Primary && e.Verified && e.Email != "" {
			return &Claims{Provider: GitHub, Subject: strconv.FormatInt(u.ID, 10), Email: e.Email, EmailVerified: true}, nil
		}
	}
	return nil, ErrEmailNotVerified
}

func (g *githubClient) get(ctx context.Context, client *http.Client, accessToken, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(g.cfg.APIURL, "/")+path, nil)
	if err != nil {
		return fmt.Errorf("github: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("github: GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("github: GET %s: %w", path, err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return ErrInvalidProof // a token without the scopes we asked for, or revoked
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("github: GET %s: %s", path, resp.Status)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("github: GET %s: %w", path, err)
	}
	return nil
}

// withClient makes oauth2 and go-oidc use client for their HTTP calls.
func withClient(ctx context.Context, client *http.Client) context.Context {
	return oidc.ClientContext(context.WithValue(ctx, oauth2.HTTPClient, client), client)
}
