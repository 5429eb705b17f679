package httpserver

import "net/http"

// securityHeaders sets the headers every response carries (OWASP Secure Headers;
// ASVS 3.4): no MIME sniffing, no framing (clickjacking), no referrer, and, outside
// dev, HSTS. Responses may carry tokens and personal data: no cache keeps them.
func securityHeaders(dev bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "frame-ancestors 'none'")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		if !dev {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}
