package password

import (
	"slices"
	"strings"
	"testing"
)

func TestStrengthOf(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		pw         string
		inputs     []string
		minScore   int
		maxScore   int
		warning    string // "" when none is expected
		suggestion string // one of the suggestions, if set
	}{
		{name: "empty", pw: "", maxScore: 0, suggestion: adviceFewWords},
		{name: "common password", pw: "password", maxScore: 0, warning: adviceCommon, suggestion: adviceMoreWords},
		{name: "capitalized common password", pw: "Password", maxScore: 0, warning: adviceCommon, suggestion: adviceCapital},
		{name: "all caps", pw: "PASSWORD", maxScore: 0, warning: adviceCommon, suggestion: adviceAllCaps},
		{name: "l33t", pw: "P@$$w0rd!1", maxScore: 1, warning: adviceSimilar, suggestion: adviceSubstitutes},
		{name: "common password with digits", pw: "password1234567", maxScore: 1, warning: adviceSimilar},
		{name: "sequence", pw: "abcdefghijklmnop", maxScore: 1, warning: adviceSequence, suggestion: adviceNoSequence},
		{name: "repeated character", pw: "aaaaaaaaaaaaaaa", maxScore: 1, warning: adviceRepeat, suggestion: adviceNoRepeat},
		{name: "repeated word", pw: "xk3bxk3bxk3b", maxScore: 2, warning: adviceRepeatWord, suggestion: adviceNoRepeat},
		{name: "repeated emoji", pw: "🦜🐈🦜🐈🦜🐈🦜🐈🦜🐈🦜🐈", maxScore: 1, warning: adviceRepeatWord},
		{name: "keyboard", pw: "zxcvbnm,./asdf", maxScore: 2, warning: adviceKeyboard, suggestion: adviceNoKeyboard},
		{name: "date", pw: "19870419", maxScore: 1, warning: adviceDate, suggestion: adviceNoDate},
		{name: "year", pw: "xq2019", maxScore: 2, warning: adviceYear, suggestion: adviceNoYear},
		{name: "year after a word", pw: "mango1999", maxScore: 1, warning: adviceSimilar},
		{name: "email", pw: "jane.doe2024!", inputs: []string{"jane.doe@example.com"}, maxScore: 1, warning: advicePersonal},
		{name: "name", pw: "Jane Doe 1990", inputs: []string{"x@example.com", "Jane Doe"}, maxScore: 2, warning: advicePersonal},
		{name: "service name", pw: "accountd2024", maxScore: 1, warning: advicePersonal},
		{name: "two words", pw: "horse staple", maxScore: 2, suggestion: adviceMoreWords},
		{name: "passphrase", pw: "correct horse battery staple", minScore: 4, maxScore: 4},
		{name: "random", pw: "Xq7#mPz2$kL9", minScore: 4, maxScore: 4},
		{name: "cyrillic passphrase", pw: "мой кот ест пиццу", minScore: 3, maxScore: 4},
		{name: "emoji passphrase", pw: "blue mango 🦜 sings!", minScore: 3, maxScore: 4},
		{name: "long password is scored on its first runes", pw: strong256, minScore: 4, maxScore: 4},
	}
	for _, tc := range cases {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			s := StrengthOf(tc.pw, tc.inputs...)
			if s.Score < tc.minScore || s.Score > tc.maxScore {
				t.Fatalf("Score = %d, want %d..%d (%+v)", s.Score, tc.minScore, tc.maxScore, s)
			}
			if s.Warning != tc.warning {
				t.Errorf("Warning = %q, want %q", s.Warning, tc.warning)
			}
			// Like the JS zxcvbn: no feedback for a strong password, and for a weak one
			// first the advice that always helps.
			if s.Score >= 3 && len(s.Suggestions) > 0 {
				t.Errorf("Suggestions = %q, want none for score %d", s.Suggestions, s.Score)
			}
			if s.Score < 3 && tc.pw != "" && (len(s.Suggestions) == 0 || s.Suggestions[0] != adviceMoreWords) {
				t.Errorf("Suggestions = %q, want %q first", s.Suggestions, adviceMoreWords)
			}
			if tc.suggestion != "" && !slices.Contains(s.Suggestions, tc.suggestion) {
				t.Errorf("Suggestions = %q, want %q among them", s.Suggestions, tc.suggestion)
			}
		})
	}
}

// TestStrengthOfBounded guards maxScoredRunes and maxLeetWork: before them, the l33t-heavy
// case took 37 s. It checks the bounds' decisions, not the clock (a busy machine must not
// fail it): zxcvbn sees at most maxScoredRunes runes, and where the l33t matcher's work
// would pass maxLeetWork it is left out. BenchmarkStrengthOfWorstCase measures the time.
func TestStrengthOfBounded(t *testing.T) {
	t.Parallel()
	for name, c := range strengthWorstCases {
		t.Run("case="+name, func(t *testing.T) {
			t.Parallel()
			pw, _ := zxcvbnInput(runes(strings.Repeat(c.unit, 300), 256), nil)
			n := len(pw)
			if n > maxScoredRunes {
				t.Fatalf("zxcvbn would see %d runes, more than %d", n, maxScoredRunes)
			}
			filtered := leetCombinations(pw)*n*n*n > maxLeetWork
			if filtered != c.leetFiltered {
				t.Fatalf("l33t matcher left out: %v, want %v", filtered, c.leetFiltered)
			}
			StrengthOf(pw) // and it finishes
		})
	}
}

// strengthWorstCases are passwords of 256 runes built from repeated units that made
// zxcvbn's matchers expensive; leetFiltered says whether maxLeetWork must leave the l33t
// matcher out of them.
var strengthWorstCases = map[string]struct {
	unit         string
	leetFiltered bool
}{
	"l33t-heavy": {"a4@b8(c{[<e3g69i1!|l7o0s$5t+x%z2 ", true},
	"l33t-some":  {"a4@i1!o0 ", true},
	"dates":      {"19/04/87 ", true},
	"keyboard":   {"qazwsx", false},
	"one char":   {"a", false},
}

// BenchmarkStrengthOfWorstCase times StrengthOf on each worst case (go test -bench
// StrengthOfWorstCase ./internal/password); before the bounds, l33t-heavy took 37 s.
func BenchmarkStrengthOfWorstCase(b *testing.B) {
	for name, c := range strengthWorstCases {
		pw := runes(strings.Repeat(c.unit, 300), 256)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				StrengthOf(pw)
			}
		})
	}
}

func TestZxcvbnInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		pw         string
		inputs     []string
		wantPW     string
		wantInputs []string
	}{
		{name: "ascii unchanged", pw: "abc DEF!", wantPW: "abc DEF!", wantInputs: serviceWords},
		{name: "one byte per rune", pw: "é🦜é", wantPW: "\x00\x01\x00", wantInputs: serviceWords},
		{name: "control characters are replaced", pw: "a\tb", wantPW: "a\x00b", wantInputs: serviceWords},
		{name: "truncated", pw: strings.Repeat("🦜", 300), wantPW: strings.Repeat("\x00", maxScoredRunes), wantInputs: serviceWords},
		{
			name: "email parts", pw: "x", inputs: []string{" Jane.Doe@Example.com "},
			wantPW:     "x",
			wantInputs: []string{"jane.doe@example.com", "jane.doe", "jane", "doe", "example", "accountd"},
		},
		{name: "name words", pw: "x", inputs: []string{"Jane Doe"}, wantPW: "x", wantInputs: []string{"jane doe", "jane", "doe", "accountd"}},
		{name: "input with a rune the password lacks", pw: "é", inputs: []string{"zoë"}, wantPW: "\x00", wantInputs: serviceWords},
		{name: "input with a rune the password has", pw: "zoë", inputs: []string{"zoë"}, wantPW: "zo\x00", wantInputs: []string{"zo\x00", "accountd"}},
	}
	for _, tc := range cases {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			pw, inputs := zxcvbnInput(tc.pw, tc.inputs)
			if pw != tc.wantPW {
				t.Errorf("password = %q, want %q", pw, tc.wantPW)
			}
			if !slices.Equal(inputs, tc.wantInputs) {
				t.Errorf("inputs = %q, want %q", inputs, tc.wantInputs)
			}
		})
	}
}

// BenchmarkStrength shows that scoring stays fast up to the policy's 256 runes, in the
// worst case found (many l33t symbols) too.
func BenchmarkStrength(b *testing.B) {
	cases := []struct {
		name string
		pw   string
	}{
		{name: "runes=12", pw: strong12},
		{name: "runes=64", pw: strong64},
		{name: "runes=256", pw: strong256},
		{name: "runes=256,l33t-heavy", pw: runes(strings.Repeat("a4@b8(c{[<e3g69i1!|l7o0s$5t+x%z2 ", 8), 256)},
		{name: "runes=256,repeated", pw: runes(strings.Repeat("P@$$w0rd!1 ", 24), 256)},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				StrengthOf(bc.pw, "jane.doe@example.com")
			}
		})
	}
}

// runes returns the first n runes of s.
func runes(s string, n int) string {
	return string([]rune(s)[:n])
}
