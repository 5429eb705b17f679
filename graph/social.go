package graph

import (
	"context"
	"strings"

	"github.com/accountd/accountd/graph/model"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/social"
)

// OAuthStateCookie lets startIdentityLink hand the browser the sealed state of a
// provider round trip. The HTTP layer provides it, as it does SessionCookie.
type OAuthStateCookie interface {
	// SetOAuthState sets the short-lived, HttpOnly state cookie.
	SetOAuthState(sealed string)
}

type stateCookieKey struct{}

// WithOAuthStateCookie returns a context through which resolvers set the state cookie.
func WithOAuthStateCookie(ctx context.Context, c OAuthStateCookie) context.Context {
	return context.WithValue(ctx, stateCookieKey{}, c)
}

func oauthStateCookie(ctx context.Context) OAuthStateCookie {
	if c, ok := ctx.Value(stateCookieKey{}).(OAuthStateCookie); ok {
		return c
	}
	return noStateCookie{}
}

type noStateCookie struct{}

func (noStateCookie) SetOAuthState(string) {}

// providerOf is the domain's name of a GraphQL IdentityProvider.
func providerOf(p model.IdentityProvider) social.Provider {
	return social.Provider(strings.ToLower(string(p)))
}

// proofOf collects the proof fields shared by logInWithProvider and linkIdentity.
func proofOf(p model.IdentityProvider, code, verifier, redirectURI, idToken, nonce *string) account.ProviderProof {
	return account.ProviderProof{
		Provider:     providerOf(p),
		Code:         deref(code),
		CodeVerifier: deref(verifier),
		RedirectURI:  deref(redirectURI),
		IDToken:      deref(idToken),
		Nonce:        deref(nonce),
	}
}
