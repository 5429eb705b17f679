package nickname_test

import (
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/nickname"
)

// TestRepair: a name stored before the profile existed is put in a form Enforce
// accepts unchanged; what the profile accepts keeps Enforce's form.
func TestRepair(t *testing.T) {
	t.Parallel()
	limit := nickname.Limit{Chars: 10, Bytes: 20}
	for _, tc := range []struct{ name, in, want string }{
		{"accepted, in its form", "  ｆｕｌｌ  name ", "full name"},
		{"line break becomes a space", "Ada\r\nLove", "Ada Love"},
		{"escape sequence", "a\x1b[31mred", "a [31mred"},
		{"direction override dropped", "evil\u202Eexe", "evilexe"},
		{"zero width dropped", "zero\u200Bwide", "zerowide"},
		{"isolate dropped", "\u2066abc\u2069", "abc"},
		{"invalid UTF-8 dropped", "ab\xffcd", "abcd"},
		{"too long, cut", "abcdefghijklmno", "abcdefghij"},
		{"too long in bytes, cut", "ééééééééééééé", "éééééééééé"},
		{"nothing left", "\u202E\u200B", ""},
		{"empty", "", ""},
	} {
		got := nickname.Repair(tc.in, limit)
		if got != tc.want {
			t.Errorf("%s: Repair(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
		if again, err := nickname.Enforce(got, limit); err != nil || again != got {
			t.Errorf("%s: Enforce(Repair(%q)) = %q, %v: not a fixed point", tc.name, tc.in, again, err)
		}
	}
	// Every character of a wide range, alone and amid letters, repairs to a fixed point.
	var b strings.Builder
	for r := rune(0); r < 0x3000; r++ {
		b.WriteRune(r)
		if r%7 == 0 {
			got := nickname.Repair("a"+b.String()+"z", nickname.Limit{Chars: 100, Bytes: 400})
			if again, err := nickname.Enforce(got, nickname.Limit{Chars: 100, Bytes: 400}); err != nil || again != got {
				t.Fatalf("Enforce(Repair(..%U)) = %q, %v, want %q", r, again, err, got)
			}
			b.Reset()
		}
	}
}
