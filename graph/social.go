package graph

import (
	"strings"

	"github.com/accountd/accountd/graph/model"
	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/social"
)

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
