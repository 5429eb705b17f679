package httpserver

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
)

// consoleCSP lets console pages load only the console's own files and talk only to
// their own origin (OWASP CSP Cheat Sheet; ASVS 3.4.3): no inline script or style (the
// Vite build is external files), no other site, images from here or data: URLs (the
// two-factor QR code), no framing, no plugins, no <base> rewriting.
const consoleCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// devMailboxMeta is the tag of index.html that tells the console where the dev mailbox
// is; accountd fills it at serve time, only when the mailbox is on.
const devMailboxMeta = `<meta name="accountd-dev-mailbox" content="">`

// consoleReserved are path prefixes that belong to other handlers: a path under them
// that no handler took is a 404, never the console's page.
var consoleReserved = []string{"/graphql", "/healthz", "/readyz", "/metrics", "/auth", "/dev", "/playground", "/assets"}

// newConsole serves the account console of files (web/dist): its files as they are, and
// index.html for every other path, so that links like /verify-email?token=... open the
// single-page app at the right page (history-API routing).
func newConsole(files fs.FS, devMailbox bool) (http.Handler, error) {
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	if devMailbox {
		if !bytes.Contains(index, []byte(devMailboxMeta)) {
			return nil, fmt.Errorf("console: index.html has no %s", devMailboxMeta)
		}
		index = bytes.Replace(index, []byte(devMailboxMeta), []byte(`<meta name="accountd-dev-mailbox" content="/dev/mailbox">`), 1)
	}
	assets := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Method not allowed.", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Security-Policy", consoleCSP)
		name := strings.TrimPrefix(r.URL.Path, "/")
		if info, err := fs.Stat(files, name); err == nil && info.Mode().IsRegular() && name != "index.html" {
			assets.ServeHTTP(w, r)
			return
		}
		for _, p := range consoleReserved {
			if r.URL.Path == p || strings.HasPrefix(r.URL.Path, p+"/") {
				http.NotFound(w, r)
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(index)
	}), nil
}
