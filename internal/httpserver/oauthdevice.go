package httpserver

import (
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/accountd/accountd/internal/devicegrant"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/viewer"
)

// deviceCodeGrantType is RFC 8628 §3.4's grant_type.
const deviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code"

// maxOAuthBody bounds an OAuth form: a client id, a scope and a device code.
const maxOAuthBody = 16 << 10

// oauthRoutes serve the plain OAuth endpoints of the device authorization grant, for
// standard clients (golang.org/x/oauth2, authlib, the GitHub CLI's flow): form-encoded
// requests, JSON answers with RFC 6749 §5.2's error codes, never cached.
type oauthRoutes struct {
	grants *devicegrant.Service
	log    *slog.Logger
}

// deviceAuthorization is POST /oauth/device_authorization (RFC 8628 §3.1, §3.2).
func (o *oauthRoutes) deviceAuthorization(w http.ResponseWriter, r *http.Request) {
	form, clientID, err := readOAuthForm(w, r)
	if err != nil {
		o.fail(w, r, err)
		return
	}
	started, err := o.grants.Start(r.Context(), clientID, form.Get("scope"))
	if err != nil {
		o.fail(w, r, err)
		return
	}
	writeOAuth(w, http.StatusOK, map[string]any{
		"device_code":               started.DeviceCode,
		"user_code":                 started.UserCode,
		"verification_uri":          started.VerificationURI,
		"verification_uri_complete": started.VerificationURIComplete,
		"expires_in":                started.ExpiresIn,
		"interval":                  started.Interval,
	})
}

// token is POST /oauth/token with the device code grant (RFC 8628 §3.4, §3.5).
func (o *oauthRoutes) token(w http.ResponseWriter, r *http.Request) {
	form, clientID, err := readOAuthForm(w, r)
	if err != nil {
		o.fail(w, r, err)
		return
	}
	switch gt := form.Get("grant_type"); {
	case gt == "":
		o.fail(w, r, devicegrant.ErrInvalidRequest)
		return
	case gt != deviceCodeGrantType:
		o.fail(w, r, devicegrant.ErrUnsupportedGrantType)
		return
	}
	if form.Get("device_code") == "" {
		o.fail(w, r, devicegrant.ErrInvalidRequest)
		return
	}
	res, err := o.grants.Poll(r.Context(), clientID, form.Get("device_code"))
	if err != nil {
		o.fail(w, r, err)
		return
	}
	body := map[string]any{
		"access_token": res.Issued.AccessToken,
		"token_type":   "Bearer",
		"scope":        res.Issued.Scope,
	}
	if res.Issued.ExpiresIn > 0 {
		body["expires_in"] = res.Issued.ExpiresIn
	}
	writeOAuth(w, http.StatusOK, body)
}

// readOAuthForm reads a form-encoded OAuth request (RFC 6749 §3.2: POST,
// application/x-www-form-urlencoded, no parameter twice) and its client id, from the
// form or from HTTP Basic authentication (RFC 6749 §2.3.1; a public client has no
// secret).
func readOAuthForm(w http.ResponseWriter, r *http.Request) (url.Values, string, error) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, "", devicegrant.ErrInvalidRequest
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxOAuthBody)
	if err := r.ParseForm(); err != nil {
		return nil, "", devicegrant.ErrInvalidRequest
	}
	form := r.PostForm
	for _, v := range form {
		if len(v) > 1 {
			return nil, "", devicegrant.ErrInvalidRequest
		}
	}
	clientID := form.Get("client_id")
	if user, _, ok := r.BasicAuth(); ok {
		if clientID != "" && clientID != user {
			return nil, "", devicegrant.ErrInvalidRequest
		}
		clientID, _ = url.QueryUnescape(user)
	}
	if clientID == "" {
		return nil, "", devicegrant.ErrInvalidClient
	}
	return form, clientID, nil
}

// fail answers an OAuth error: its code and status, a RATE_LIMITED fault as 429 with
// Retry-After, anything else as server_error (500) with the cause only in the log.
func (o *oauthRoutes) fail(w http.ResponseWriter, r *http.Request, err error) {
	var oe *devicegrant.Error
	if errors.As(err, &oe) {
		if oe.Status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="accountd"`)
		}
		writeOAuth(w, oe.Status, map[string]any{"error": oe.Code, "error_description": oe.Description})
		return
	}
	if fe, ok := fault.As(err); ok && fe.Code == fault.RateLimited {
		w.Header().Set("Retry-After", strconv.Itoa(int((fe.RetryAfter+time.Second-1)/time.Second)))
		writeOAuth(w, http.StatusTooManyRequests, map[string]any{"error": "slow_down", "error_description": "Too many requests from this address: try again later."})
		return
	}
	o.log.ErrorContext(r.Context(), "oauth device grant failed", "request_id", viewer.ClientFrom(r.Context()).RequestID, "error", err)
	writeOAuth(w, http.StatusInternalServerError, map[string]any{"error": "server_error", "error_description": "Internal error; quote the X-Request-Id header."})
}

// writeOAuth writes an OAuth JSON answer; tokens and their errors are never cached
// (RFC 6749 §5.1).
func writeOAuth(w http.ResponseWriter, status int, body map[string]any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
