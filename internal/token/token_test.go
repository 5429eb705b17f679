package token

import (
	"bytes"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 1000 {
		s, h := New(Session)
		if !strings.HasPrefix(s, Session) {
			t.Fatalf("secret %q lacks prefix %q", s, Session)
		}
		if got := len(s) - len(Session); got != 43 { // 32 bytes in unpadded base64url
			t.Fatalf("random part is %d characters, want 43", got)
		}
		if !bytes.Equal(h, Hash(s)) || len(h) != 32 {
			t.Fatalf("hash of %q is not its SHA-256", s)
		}
		if seen[s] {
			t.Fatalf("secret %q repeated", s)
		}
		seen[s] = true
		if !Plausible(s, Session) {
			t.Fatalf("Plausible(%q) = false", s)
		}
	}
}

func TestPlausible(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, s string
		want    bool
	}{
		{"other prefix", "acd_key_abc", false},
		{"prefix only", Session, false},
		{"too long", Session + strings.Repeat("a", 200), false},
		{"empty", "", false},
		{"fine", Session + "abc", true},
	} {
		t.Run("case="+tc.name, func(t *testing.T) {
			if got := Plausible(tc.s, Session); got != tc.want {
				t.Fatalf("Plausible(%q) = %v, want %v", tc.s, got, tc.want)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	a, b := Hash("x"), Hash("y")
	if !Equal(a, Hash("x")) || Equal(a, b) || Equal(a, a[:10]) {
		t.Fatal("Equal disagrees with bytes.Equal")
	}
}

func BenchmarkHash(b *testing.B) {
	s, _ := New(Session)
	for b.Loop() {
		Hash(s)
	}
}
