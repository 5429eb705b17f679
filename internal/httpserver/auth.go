package httpserver

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/accountd/accountd/graph"
	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/social"
	"github.com/accountd/accountd/internal/viewer"
)

// cookieName is the session cookie. The __Host- prefix would pin it further, but needs
// Secure, which a dev server on http cannot set; see cookieJar.name.
const cookieName = "accountd_session"

// authenticator finds the viewer of a request: a bearer token in the Authorization
// header (a session token of a mobile client, or an API key of a script) or the session
// cookie (single-page apps). Credentials in the query string are never read: URLs end
// up in logs and browser history (ASVS 14.2.1).
type authenticator struct {
	auth    *auth.Service
	log     *slog.Logger
	cookies cookieJar
}

func (a *authenticator) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		jar := &responseCookies{w: w, r: r, jar: a.cookies}
		ctx = graph.WithCookies(ctx, jar)
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, secret, ok := strings.Cut(h, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") {
				unauthorized(w, "Send the token as: Authorization: Bearer <token>.")
				return
			}
			v, err := a.auth.Authenticate(ctx, strings.TrimSpace(secret))
			if err != nil {
				a.fail(w, r, err, "The token is invalid, expired or revoked.")
				return
			}
			ctx = viewer.NewContext(ctx, v)
		} else if c, err := r.Cookie(a.cookies.name()); err == nil {
			// The cookie carries sessions only: an API key belongs in the header of a
			// script, and a browser must not be able to hold one.
			v, err := a.auth.AuthenticateSession(ctx, c.Value)
			switch {
			case errors.Is(err, auth.ErrUnauthenticated):
				// A stale cookie must not keep a browser from logging in again: drop it
				// and go on as anonymous.
				jar.Clear()
			case err != nil:
				a.fail(w, r, err, "")
				return
			default:
				v.ViaCookie = true
				ctx = viewer.NewContext(ctx, v)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (a *authenticator) fail(w http.ResponseWriter, r *http.Request, err error, message string) {
	if errors.Is(err, auth.ErrUnauthenticated) {
		unauthorized(w, message)
		return
	}
	a.log.ErrorContext(r.Context(), "authentication failed",
		"request_id", viewer.ClientFrom(r.Context()).RequestID, "error", err)
	writeError(w, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "Internal server error.")
}

// unauthorized answers 401 to a credential that does not work (RFC 6750 §3.1).
func unauthorized(w http.ResponseWriter, message string) {
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", message)
}

// cookieJar knows the session cookie's attributes: HttpOnly (scripts cannot read it),
// SameSite=Lax (other sites' POSTs do not carry it) and Secure outside dev.
type cookieJar struct {
	secure bool
}

func (j cookieJar) name() string { return j.hostName(cookieName) }

// hostName is the name of the cookie base: with Secure, the __Host- prefix also makes
// browsers refuse it from a subdomain or with a Domain attribute (RFC 6265bis §4.1.3.2).
func (j cookieJar) hostName(base string) string {
	if j.secure {
		return "__Host-" + base
	}
	return base
}

// hidden is a cookie of the jar's kind for the other cookies accountd sets: HttpOnly
// (scripts cannot read it), SameSite=Lax (other sites' POSTs do not carry it), Secure
// outside dev, for the whole site; maxAge in seconds, -1 to clear it.
func (j cookieJar) hidden(base, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     j.hostName(base),
		Value:    value,
		Path:     "/",
		HttpOnly: true,
		Secure:   j.secure,
		SameSite: http.SameSiteLaxMode,
		MaxAge:   maxAge,
	}
}

func (j cookieJar) cookie(value string, expires time.Time) *http.Cookie {
	c := &http.Cookie{
		Name:     j.name(),
		Value:    value,
		Path:     "/",
		HttpOnly: true,
		Secure:   j.secure,
		SameSite: http.SameSiteLaxMode,
	}
	if value == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires.UTC()
	}
	return c
}

func (j cookieJar) stateName() string { return j.hostName(stateCookieName) }

// stateCookie carries the sealed state of a provider round trip for social.StateTTL;
// "" clears it. SameSite=Lax: the provider's redirect back is a top-level GET, which
// carries Lax cookies.
func (j cookieJar) stateCookie(sealed string) *http.Cookie {
	if sealed == "" {
		return j.hidden(stateCookieName, "", -1)
	}
	return j.hidden(stateCookieName, sealed, int(social.StateTTL/time.Second))
}

// signUpCookieName carries the proof that this browser signed up (see SignUpProofTTL).
const signUpCookieName = "accountd_signup"

func (j cookieJar) signUpName() string { return j.hostName(signUpCookieName) }

// signUpCookie carries a sign-up's proof for ttl; "" clears it. HttpOnly: scripts,
// an injected one included, cannot read it. SameSite=Lax like the session cookie:
// other sites' POSTs do not carry it, and /graphql takes only POSTs.
func (j cookieJar) signUpCookie(proof string, ttl time.Duration) *http.Cookie {
	maxAge := int(ttl / time.Second)
	if proof == "" || maxAge <= 0 {
		return j.hidden(signUpCookieName, "", -1)
	}
	return j.hidden(signUpCookieName, proof, maxAge)
}

// deviceCookieName carries the log-in device token (account.DeviceTokenTTL).
const deviceCookieName = "accountd_device"

func (j cookieJar) deviceName() string { return j.hostName(deviceCookieName) }

// SetDevice implements graph.Cookies: HttpOnly, SameSite=Lax like the session cookie.
func (c *responseCookies) SetDevice(tok string, ttl time.Duration) {
	http.SetCookie(c.w, c.jar.hidden(deviceCookieName, tok, int(ttl/time.Second)))
}

// Device implements graph.Cookies.
func (c *responseCookies) Device() string {
	if k, err := c.r.Cookie(c.jar.deviceName()); err == nil {
		return k.Value
	}
	return ""
}

// responseCookies sets the cookies of one response and reads those of its request
// (graph.Cookies).
type responseCookies struct {
	w   http.ResponseWriter
	r   *http.Request
	jar cookieJar
}

// SetSignUpProof implements graph.Cookies.
func (c *responseCookies) SetSignUpProof(proof string, ttl time.Duration) {
	http.SetCookie(c.w, c.jar.signUpCookie(proof, ttl))
}

// SignUpProof implements graph.Cookies.
func (c *responseCookies) SignUpProof() string {
	if k, err := c.r.Cookie(c.jar.signUpName()); err == nil {
		return k.Value
	}
	return ""
}

// Set implements graph.Cookies.
func (c *responseCookies) Set(token string, expires time.Time) {
	http.SetCookie(c.w, c.jar.cookie(token, expires))
}

// SetOAuthState implements graph.Cookies.
func (c *responseCookies) SetOAuthState(sealed string) {
	http.SetCookie(c.w, c.jar.stateCookie(sealed))
}

// Clear implements graph.Cookies.
func (c *responseCookies) Clear() {
	http.SetCookie(c.w, c.jar.cookie("", time.Time{}))
}
