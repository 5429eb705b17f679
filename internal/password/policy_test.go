package password

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/accountd/accountd/internal/fault"
)

// Genuinely strong examples with spaces and emoji, at the lengths the policy must accept.
const (
	strong12  = "vélo 🚲 jaune"
	strong64  = "my cat 🐈 eats 🍕 on fridays while the old dog 🐕 snores by a fire!"
	strong256 = "quiet lanterns drift 🏮 over the harbour while seven gulls argue about 🐟 herring; " +
		"my aunt Odile paints violet 🌋 volcanoes on Tuesday mornings, hums Brahms badly and " +
		"feeds a stubborn tortoise named Kepler 🐢 three figs. Nobody knows why the ferry 🚢 left at 6!"
)

func TestPolicyCheck(t *testing.T) {
	t.Parallel()
	for s, n := range map[string]int{strong12: 12, strong64: 64, strong256: 256} {
		if got := utf8.RuneCountInString(s); got != n {
			t.Fatalf("%q has %d code points, want %d", s, got, n)
		}
	}
	short := Policy{MinLength: 8, MaxLength: 64, MinScore: 3}
	cases := []struct {
		name   string
		policy Policy
		pw     string
		inputs []string
		want   string // start of the message; "" when accepted
	}{
		{name: "11 chars", pw: "qx7 🦜 vb9 z", want: "Use at least 12 characters."},
		{name: "12 chars with space and emoji", pw: strong12},
		{name: "64 chars", pw: strong64},
		{name: "256 chars", pw: strong256},
		{name: "257 chars", pw: strong256 + "x", want: "Use at most 256 characters."},
		{name: "a megabyte is refused by length", pw: strings.Repeat("a", 1<<20), want: "Use at most 256 characters."},
		{name: "length is checked first", pw: "password", want: "Use at least 12 characters."},
		{name: "invalid UTF-8", pw: "fjord kettle \xff umbra", want: "The password contains bytes that are not valid text."},
		{name: "common list", pw: "Contortionist", want: "This password is on a list of common passwords."},
		{name: "common list with a shorter minimum", policy: short, pw: "PassWord", want: "This password is on a list of common passwords."},
		{name: "password1234567", pw: "password1234567", want: "This password is too easy to guess."},
		{name: "123456789012", pw: "123456789012", want: "This password is too easy to guess."},
		{name: "qwertyuiopasdf", pw: "qwertyuiopasdf", want: "This password is too easy to guess."},
		{name: "contains the email's local part", pw: "JANE.DOE likes 🦜 parrots", inputs: []string{"Jane.Doe@Example.com"}, want: "Don't use your email address in your password."},
		{name: "contains the whole email", pw: "write to jo@example.com now", inputs: []string{"jo@example.com"}, want: "Don't use your email address in your password."},
		{name: "a short local part is not refused", pw: "jolly green 🦖 dances", inputs: []string{"jo@example.com"}},
		{name: "low score", pw: "horse staple", want: "This password is too easy to guess. Add another word or two."},
		{name: "low score repeated character", pw: "aaaaaaaaaaaa", want: `This password is too easy to guess. Repeats like "aaa"`},
		{name: "low score repeated emoji", pw: "🦜🦜🦜🦜🦜🦜🦜🦜🦜🦜🦜🦜", want: "This password is too easy to guess."},
		{name: "low score repeated word", pw: "abababababab", want: "This password is too easy to guess."},
		{name: "no composition rules", pw: "sleepy kettle moon"},
	}
	for _, tc := range cases {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			p := tc.policy
			if p == (Policy{}) {
				p = DefaultPolicy()
			}
			err := p.Check(tc.pw, tc.inputs...)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Check() = %v, want nil", err)
				}
				return
			}
			f, ok := fault.As(err)
			if !ok || f.Code != fault.WeakPassword {
				t.Fatalf("Check() = %v, want a WEAK_PASSWORD fault", err)
			}
			if !strings.HasPrefix(f.Message, tc.want) {
				t.Fatalf("message = %q, want it to start with %q", f.Message, tc.want)
			}
			if errors.Is(err, fault.New(fault.WeakPassword, "")) {
				t.Fatal("errors.Is matches another error that only shares the code")
			}
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		policy Policy
		ok     bool
	}{
		{name: "default", policy: DefaultPolicy(), ok: true},
		{name: "NIST single factor", policy: Policy{MinLength: 15, MaxLength: 64, MinScore: 4}, ok: true},
		{name: "min below 8", policy: Policy{MinLength: 7, MaxLength: 64, MinScore: 3}},
		{name: "max below 64", policy: Policy{MinLength: 12, MaxLength: 63, MinScore: 3}},
		{name: "max below min", policy: Policy{MinLength: 100, MaxLength: 64, MinScore: 3}},
		{name: "score above 4", policy: Policy{MinLength: 12, MaxLength: 64, MinScore: 5}},
		{name: "negative score", policy: Policy{MinLength: 12, MaxLength: 64, MinScore: -1}},
	}
	for _, tc := range cases {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			if err := tc.policy.Validate(); (err == nil) != tc.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
