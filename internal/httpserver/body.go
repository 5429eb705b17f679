package httpserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// checkBody refuses, before any GraphQL parsing, what the endpoint does not take: POST
// bodies that are not JSON (text/plain, forms and multipart are the CSRF vectors of
// "simple" requests: ASVS 3.5.2), bodies over maxBodyBytes, malformed JSON, and JSON
// arrays (batched operations multiply brute force: OWASP GraphQL Cheat Sheet).
func checkBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			if q, err := url.QueryUnescape(r.URL.RawQuery); err == nil && (strings.ContainsRune(q, 0) || strings.Contains(q, `\u0000`)) {
				writeError(w, http.StatusBadRequest, "BAD_REQUEST", nulMessage)
				return
			}
			next.ServeHTTP(w, r)
			return
		case http.MethodPost:
		default:
			w.Header().Set("Allow", "GET, POST")
			writeError(w, http.StatusMethodNotAllowed, "BAD_REQUEST", "Use POST (or GET for queries).")
			return
		}
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType, "BAD_REQUEST", "Send the request as application/json.")
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeError(w, http.StatusRequestEntityTooLarge, "BAD_REQUEST", "The request body is larger than 1 MiB.")
				return
			}
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", "The request body could not be read.")
			return
		}
		trimmed := bytes.TrimLeft(body, " \t\r\n")
		if !json.Valid(body) {
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", "The request body is not valid JSON.")
			return
		}
		if len(trimmed) == 0 || trimmed[0] != '{' {
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", "Send one GraphQL request as a JSON object; batches are not supported.")
			return
		}
		if hasNUL(body) {
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", nulMessage)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}

// nulMessage refuses text with a NUL character: no field of accountd takes one, and
// PostgreSQL cannot store it in text (it would fail deep in a query instead).
const nulMessage = "Text must not contain NUL characters."

// hasNUL reports whether a valid JSON document has a NUL character in any string
// (it can only be there escaped, as \u0000).
func hasNUL(body []byte) bool {
	if !bytes.Contains(body, []byte(`\u0000`)) {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if s, ok := tok.(string); ok && strings.ContainsRune(s, 0) {
			return true
		}
	}
}
