// Package email parses the addresses people type and gives each its canonical key, the
// one form in which accounts and invitations are compared.
package email

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxLength is the longest address SMTP can carry (RFC 5321 §4.5.3.1.3: a path of
// 256 octets including the angle brackets).
const MaxLength = 254

// Parse checks an address typed into a form and returns it trimmed, with its
// canonical key: NFKC-normalised and lower-cased, so "A@x.com", "a@x.com" and a
// Kelvin-sign look-alike are one account (ASVS 15.4.2; Django CVE-2019-19844).
func Parse(s string) (addr, key string, ok bool) {
	addr = strings.TrimSpace(s)
	if addr == "" || len(addr) > MaxLength || !utf8.ValidString(addr) {
		return "", "", false
	}
	// A bare address only: no display name, no group, no comments, nothing that could
	// smuggle a second recipient into the mail header (GitLab CVE-2023-7028).
	parsed, err := mail.ParseAddress(addr)
	if err != nil || parsed.Name != "" || parsed.Address != addr {
		return "", "", false
	}
	local, domain, found := strings.Cut(addr, "@")
	if !found || local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.ContainsAny(addr, " \t\r\n,;<>\"") {
		return "", "", false
	}
	return addr, Key(addr), true
}

// Key is the canonical form of an address for lookups and the unique index.
func Key(addr string) string {
	return strings.ToLower(norm.NFKC.String(strings.TrimSpace(addr)))
}
