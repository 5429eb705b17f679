package nickname_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/nickname"
)

// TestEnforce: what the PRECIS Nickname profile keeps, changes and refuses.
func TestEnforce(t *testing.T) {
	t.Parallel()
	limit := nickname.Limit{Chars: 10, Bytes: 20}
	for _, tc := range []struct {
		name, in, want string
		refused        bool
	}{
		{"plain", "Ada", "Ada", false},
		{"inner spaces collapse, ends trimmed", "  Ada   L ", "Ada L", false},
		{"no-break space becomes a space", "Ada\u00a0L", "Ada L", false},
		{"fullwidth becomes ASCII (NFKC)", "ｆｕｌｌ", "full", false},
		{"accents and scripts stay", "Zoë 東京", "Zoë 東京", false},
		{"emoji stay", "🚚 fleet", "🚚 fleet", false},
		{"empty is empty", "", "", false},
		{"only spaces is empty", " \u3000 ", "", false},
		{"newline", "a\nBcc: x@evil.test", "", true},
		{"carriage return", "a\rb", "", true},
		{"tab", "a\tb", "", true},
		{"ESC sequence", "a\x1b[31mred", "", true},
		{"NUL", "a\x00b", "", true},
		{"right-to-left override", "abc\u202egpj.exe", "", true},
		{"left-to-right isolate", "a\u2066b", "", true},
		{"right-to-left mark", "a\u200fb", "", true},
		{"zero-width space", "a\u200bb", "", true},
		{"byte order mark", "\ufeffab", "", true},
		{"line separator", "a\u2028b", "", true},
		{"invalid UTF-8", "a\xffb", "", true},
		{"too many characters", strings.Repeat("a", 11), "", true},
		{"too many bytes", strings.Repeat("é", 10) + "a", "", true},
		{"huge", strings.Repeat("a", 1<<20), "", true},
	} {
		t.Run("case="+tc.name, func(t *testing.T) {
			got, err := nickname.Enforce(tc.in, limit)
			if tc.refused {
				if err == nil || err.Code != fault.InvalidInput {
					t.Fatalf("Enforce(%q) = %q, %v; want INVALID_INPUT", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Enforce(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
	if _, err := nickname.Enforce("a\nb", limit); !errors.Is(err, nickname.ErrDisallowed) {
		t.Fatalf("newline: %v", err)
	}
}
