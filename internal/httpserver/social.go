package httpserver

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/social"
	"github.com/accountd/accountd/internal/viewer"
)

// stateCookieName is the cookie that carries the sealed state of a provider round trip
// from /auth/{provider}/start (or startIdentityLink) to the callback.
const stateCookieName = "accountd_oauth_state"

// socialRoutes is the browser flow of social log-in for single-page apps:
//
//	GET /auth/{provider}/start?redirect=<app URL>  -> 302 to the provider
//	GET /auth/{provider}/callback?code=&state=     -> 302 back to the app URL
//
// The callback sets the session cookie and returns to the app; an account with two
// factors gets #twoFactorChallenge=acd_tfa_... instead (in the fragment: a browser
// sends it to no server, not in a request line, a Referer or a proxy's log), and any
// failure comes back as ?error=<code>, never as a page of details. Nothing is kept on the server between the
// two: the state, nonce, PKCE verifier and app URL travel in a sealed cookie.
type socialRoutes struct {
	accounts *account.Service
	social   *social.Service
	log      *slog.Logger
	cookies  cookieJar
}

// start sends the browser to the provider. Only log-in starts here: linking starts with
// the startIdentityLink mutation, a CSRF-protected POST, so that a link to this URL on
// another site cannot link anything.
func (h *socialRoutes) start(w http.ResponseWriter, r *http.Request) {
	p := social.Provider(r.PathValue("provider"))
	if !h.social.Enabled(p) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "This log-in provider is not enabled.")
		return
	}
	redirect := r.URL.Query().Get("redirect")
	if _, err := h.social.CheckRedirect(redirect); err != nil {
		// Never redirect to a URL off the allow-list (no open redirect).
		writeError(w, http.StatusBadRequest, "BAD_REQUEST", "The redirect parameter is not an allowed app URL (ACCOUNTD_OAUTH_REDIRECT_URLS).")
		return
	}
	authURL, sealed, err := h.social.Begin(r.Context(), p, redirect, social.ModeLogIn, "")
	if err != nil {
		h.back(w, r, redirect, url.Values{"error": {h.errorCode(r, err)}})
		return
	}
	http.SetCookie(w, h.cookies.stateCookie(sealed))
	noStore(w)
	http.Redirect(w, r, authURL, http.StatusFound)
}

// callback finishes a round trip. The state cookie is single use: it is cleared first,
// whatever the outcome.
func (h *socialRoutes) callback(w http.ResponseWriter, r *http.Request) {
	p := social.Provider(r.PathValue("provider"))
	if !h.social.Enabled(p) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "This log-in provider is not enabled.")
		return
	}
	http.SetCookie(w, h.cookies.stateCookie(""))
	q := r.URL.Query()
	var st *social.State
	c, err := r.Cookie(h.cookies.stateName())
	if err == nil {
		st, err = h.social.OpenState(c.Value)
	}
	if err == nil && !st.Matches(p, q.Get("state")) {
		err = social.ErrInvalidState
	}
	if err != nil {
		// Without a state of its own there is no app URL to go back to but the first
		// one allowed.
		if fallback := h.social.FallbackRedirect(); fallback != "" {
			h.back(w, r, fallback, url.Values{"error": {"invalid_state"}})
			return
		}
		writeError(w, http.StatusBadRequest, "BAD_REQUEST", "This log-in did not start here or took too long. Start again.")
		return
	}
	if e := q.Get("error"); e != "" {
		code := "provider_error"
		if e == "access_denied" { // the person said no at the provider (RFC 6749 §4.1.2.1)
			code = "access_denied"
		}
		h.back(w, r, st.Redirect, url.Values{"error": {code}})
		return
	}
	if st.Mode == social.ModeLink {
		// The link was asked for by this account with a fresh authentication
		// (startIdentityLink); the browser coming back must still be logged in as it.
		v := viewer.FromContext(r.Context())
		if v == nil || !v.ViaCookie || v.UserID != st.UserID {
			h.back(w, r, st.Redirect, url.Values{"error": {"login_required"}})
			return
		}
	}
	claims, err := h.social.Finish(r.Context(), p, st, q.Get("state"), q.Get("code"))
	if err != nil {
		h.back(w, r, st.Redirect, url.Values{"error": {h.errorCode(r, err)}})
		return
	}
	if st.Mode == social.ModeLink {
		if _, err := h.accounts.LinkClaims(r.Context(), st.UserID, claims); err != nil {
			h.back(w, r, st.Redirect, url.Values{"error": {h.errorCode(r, err)}})
			return
		}
		h.back(w, r, st.Redirect, url.Values{"linked": {string(p)}})
		return
	}
	res, err := h.accounts.LogInWithClaims(r.Context(), claims)
	switch {
	case err != nil:
		h.back(w, r, st.Redirect, url.Values{"error": {h.errorCode(r, err)}})
	case res.Challenge != "":
		// Two-factor: no session yet; the app calls verifyTwoFactor with this. It is a
		// credential for the second step: in the fragment, never the query.
		h.backWithFragment(w, r, st.Redirect, nil, url.Values{"twoFactorChallenge": {res.Challenge}})
	default:
		http.SetCookie(w, h.cookies.cookie(res.Session.Token, res.Session.ExpiresAt))
		h.back(w, r, st.Redirect, nil)
	}
}

// back redirects to an app URL (from the allow-list) with query parameters added.
// Query parameters carry no secret: they reach servers, logs and Referer headers.
func (h *socialRoutes) back(w http.ResponseWriter, r *http.Request, app string, params url.Values) {
	h.backWithFragment(w, r, app, params, nil)
}

// backWithFragment is back with a fragment too, for what the app alone may read.
func (h *socialRoutes) backWithFragment(w http.ResponseWriter, r *http.Request, app string, params, fragment url.Values) {
	u, err := h.social.CheckRedirect(app)
	if err != nil {
		writeError(w, http.StatusBadRequest, "BAD_REQUEST", "The redirect is not an allowed app URL.")
		return
	}
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	u.Fragment, u.RawFragment = "", ""
	if len(fragment) > 0 {
		u.RawFragment = fragment.Encode()
		u.Fragment, _ = url.PathUnescape(u.RawFragment)
	}
	noStore(w)
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// errorCode is the ?error= value of a failed round trip; unexpected errors are logged
// with the request id and reach the app only as server_error.
func (h *socialRoutes) errorCode(r *http.Request, err error) string {
	if errors.Is(err, social.ErrInvalidState) {
		return "invalid_state"
	}
	if f, ok := fault.As(err); ok {
		switch f.Code {
		case fault.InvalidToken:
			return "invalid_token"
		case fault.EmailNotVerified:
			return "email_not_verified"
		case fault.AccountExists:
			return "account_exists"
		case fault.IdentityTaken:
			return "identity_taken"
		case fault.ProviderAlreadyLinked:
			return "provider_already_linked"
		case fault.ProviderNotEnabled:
			return "provider_not_enabled"
		case fault.RateLimited:
			return "rate_limited"
		case fault.Unauthenticated:
			return "login_required"
		}
	}
	h.log.ErrorContext(r.Context(), "social log-in failed",
		"request_id", viewer.ClientFrom(r.Context()).RequestID, "provider", r.PathValue("provider"), "error", err)
	return "server_error"
}

// noStore keeps redirects that carry one-time values out of caches (RFC 9111 §5.2.2.5).
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
}
