package email

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse: the address parser never panics; what it accepts is valid UTF-8 of
// bounded length whose key is stable (parsing the address again gives the same key),
// so case or Unicode variants of one address cannot make a second account
// (SECURITY.md row 4; Django CVE-2019-19844).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"ada@example.com", "ADA@Example.COM", " ada@example.com ", "ada@exampl\u212a.com",
		"\"quoted\"@example.com", "a@b", "a@@b.com", "<ada@example.com>", "Ada <ada@example.com>",
		"ada@example.com, eve@example.com", "ada@example.com\r\nBcc: eve@example.com", "",
		strings.Repeat("a", 300) + "@example.com", "ａｄａ@example.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		addr, key, ok := Parse(s)
		if !ok {
			return
		}
		if !utf8.ValidString(addr) || strings.ContainsAny(addr, "\r\n,<>") || len(addr) > 254 {
			t.Fatalf("Parse(%q) accepted %q", s, addr)
		}
		if key != Key(addr) {
			t.Fatalf("key of %q: Parse says %q, Key says %q", s, key, Key(addr))
		}
		if _, key2, ok2 := Parse(addr); !ok2 || key2 != key {
			t.Fatalf("re-parsing %q: ok=%v key %q, want %q", addr, ok2, key2, key)
		}
	})
}
