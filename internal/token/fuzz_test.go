package token

import (
	"strings"
	"testing"
)

// FuzzPlausible: the cheap shape check in front of every token lookup never panics,
// and accepts only strings with the prefix and a bounded length, whose hash is then
// well defined.
func FuzzPlausible(f *testing.F) {
	secret, _ := New(Session)
	f.Add(secret, Session)
	f.Add("acd_sess_", Session)
	f.Add(strings.Repeat("a", 10000), APIKey)
	f.Add("acd_key_\x00\xff", APIKey)
	f.Add("ACD_SESS_"+secret[len(Session):], Session)
	f.Fuzz(func(t *testing.T, s, prefix string) {
		if !Plausible(s, prefix) {
			return
		}
		if !strings.HasPrefix(s, prefix) || len(s) > maxLen {
			t.Fatalf("Plausible(%q, %q) accepted a malformed token", s, prefix)
		}
		if len(Hash(s)) != 32 {
			t.Fatal("hash is not 32 bytes")
		}
	})
}
