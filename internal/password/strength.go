package password

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ccojocar/zxcvbn-go/adjacency"
	"github.com/ccojocar/zxcvbn-go/match"
	"github.com/ccojocar/zxcvbn-go/matching"
	"github.com/ccojocar/zxcvbn-go/scoring"
)

// Strength is how hard a password is to guess, for the client's strength meter (the
// passwordStrength query) and for Policy.
type Strength struct {
	// Score runs from 0 (too guessable) to 4 (very unguessable), the scale of the JS
	// zxcvbn that single-page apps use.
	Score int
	// Warning says what makes the password guessable, in English for people; empty when
	// the score is 3 or more, or when nothing in particular stands out.
	Warning string
	// Suggestions say how to do better; empty when the score is 3 or more.
	Suggestions []string
}

// Feedback for people, worded after the JS zxcvbn so that the server and the client's
// meter say the same things.
const (
	adviceMoreWords   = "Add another word or two. Uncommon words are better."
	adviceCommon      = "This is a very common password."
	adviceSimilar     = "This is similar to a commonly used password."
	adviceOneWord     = "A word by itself is easy to guess."
	adviceNamesAlone  = "Names and surnames by themselves are easy to guess."
	adviceNames       = "Common names and surnames are easy to guess."
	advicePersonal    = "Avoid your name, your email address and the name of this service."
	adviceKeyboard    = "Keyboard patterns like \"qwerty\" are easy to guess."
	adviceNoKeyboard  = "Avoid keyboard patterns."
	adviceRepeat      = "Repeats like \"aaa\" are easy to guess."
	adviceRepeatWord  = "Repeats like \"abcabcabc\" are only slightly harder to guess than \"abc\"."
	adviceNoRepeat    = "Avoid repeated words and characters."
	adviceSequence    = "Sequences like \"abc\" or \"6543\" are easy to guess."
	adviceNoSequence  = "Avoid sequences."
	adviceYear        = "Recent years are easy to guess."
	adviceNoYear      = "Avoid recent years."
	adviceDate        = "Dates are often easy to guess."
	adviceNoDate      = "Avoid dates and years that are associated with you."
	adviceCapital     = "Capitalization doesn't help very much."
	adviceAllCaps     = "All-uppercase is almost as easy to guess as all-lowercase."
	adviceSubstitutes = "Predictable substitutions like \"@\" instead of \"a\" don't help very much."
	adviceFewWords    = "Use a few words, avoid common phrases."
	adviceNoSymbols   = "No need for symbols, digits, or uppercase letters."
)

// maxScoredRunes bounds what zxcvbn sees. Its dictionary matcher looks up every substring
// and allocates each one (cubic in the length), and its l33t matcher repeats that for every
// combination of substitutions: a 256-rune password took 37 s here, 100 runes 2.6 s before
// maxLeetWork. A 100-rune prefix is far longer than any dictionary word, keyboard run or
// date, so it scores 4 unless it is built from patterns, and a password whose first 100
// runes are that guessable is refused, which errs on the safe side.
const maxScoredRunes = 100

// maxLeetWork bounds the l33t matcher, whose cost is about (number of substitution
// combinations) × (length in runes)³; at this bound it adds about 15 ms here. Beyond it
// zxcvbn scores without l33t matching: such a password mixes many different digits and
// symbols, so it loses little.
const maxLeetWork = 4_000_000

// serviceWords are context-specific words NIST SP 800-63B-4 §3.1.1.2 asks to treat as
// guessable, such as the name of the service itself.
var serviceWords = []string{"accountd"}

// StrengthOf scores password from 0 to 4 with zxcvbn (github.com/ccojocar/zxcvbn-go) and
// explains a low score. userInputs are words the person is known by (the email first,
// then the name, ...): a password built on them scores lower.
//
// zxcvbn-go ports the original, entropy-based zxcvbn; its scores use the same 0-4 scale
// as the JS zxcvbn (4.x counts guesses instead) but need not equal them for a given
// password. The server's score is the one that decides.
func StrengthOf(password string, userInputs ...string) Strength {
	if password == "" {
		return Strength{Score: 0, Suggestions: []string{adviceFewWords, adviceNoSymbols}}
	}
	pw, inputs := zxcvbnInput(password, userInputs)
	// zxcvbn.PasswordStrength does these steps too; doing them here adds repeated words
	// and keeps the raw matches, which hold the dates the scored sequence leaves out.
	raw := omnimatch(pw, inputs)
	raw = append(raw, repeatedWords(pw, inputs)...)
	raw = append(raw, years(pw)...)
	sort.Sort(match.Matches(raw))
	res := scoring.MinimumEntropyMatchSequence(pw, raw)
	s := Strength{Score: res.Score}
	if s.Score < 3 {
		s.Warning, s.Suggestions = feedback(pw, res.MatchSequence, raw)
	}
	return s
}

// zxcvbnInput prepares the password and user inputs for zxcvbn-go, which mixes byte and
// rune offsets: it scores non-ASCII text wrongly (twelve identical emoji scored 4) and
// slices tokens in the middle of a rune. It gets the first maxScoredRunes runes, each one
// outside printable ASCII replaced by a control byte of its own, so that every rune is one
// byte, repeats stay repeats and no dictionary, keyboard, sequence or date pattern matches
// where the person typed none. Past len(placeholders) distinct runes the bytes are reused,
// which can only make a password look more repetitive.
func zxcvbnInput(password string, userInputs []string) (string, []string) {
	subst := map[rune]byte{}
	mapRune := func(r rune) byte {
		if b, ok := subst[r]; ok {
			return b
		}
		b := placeholders[len(subst)%len(placeholders)]
		subst[r] = b
		return b
	}
	var pw []byte
	for _, r := range password {
		if len(pw) == maxScoredRunes {
			break
		}
		if r >= ' ' && r <= '~' {
			pw = append(pw, byte(r))
		} else {
			pw = append(pw, mapRune(r))
		}
	}

	var inputs []string
	for _, in := range expandInputs(userInputs) {
		var b []byte
		for _, r := range in {
			if r >= ' ' && r <= '~' {
				b = append(b, byte(r))
				continue
			}
			p, ok := subst[r]
			if !ok { // a rune the password lacks: this input cannot match
				b = nil
				break
			}
			b = append(b, p)
		}
		if b != nil {
			inputs = append(inputs, string(b))
		}
	}
	return string(pw), inputs
}

// omnimatch runs zxcvbn-go's matchers, without the l33t one when it would cost more than
// maxLeetWork.
func omnimatch(pw string, inputs []string) []match.Match {
	if n := len(pw); leetCombinations(pw)*n*n*n > maxLeetWork {
		return matching.Omnimatch(pw, inputs, matching.FilterL33tMatcher)
	}
	return matching.Omnimatch(pw, inputs)
}

// repeatedWords finds runs of a repeated substring ("abab", "xk3bxk3b",
// "passwordpassword"), which zxcvbn-go misses: it only knows runs of one character, so
// "abababababab" scored 3. Like the JS zxcvbn, a run costs as much to guess as its base
// plus the number of repeats; runs are taken left to right without overlap, so the bases
// scored add up to at most half the password.
func repeatedWords(pw string, inputs []string) []match.Match {
	var out []match.Match
	for i := 0; i < len(pw); {
		base, count := longestRepeat(pw[i:])
		if count < 2 {
			i++
			continue
		}
		baseEntropy := scoring.MinimumEntropyMatchSequence(base, omnimatch(base, inputs)).Entropy
		j := i + len(base)*count - 1
		out = append(out, match.Match{
			Pattern:        "repeat",
			I:              i,
			J:              j,
			Token:          pw[i : j+1],
			DictionaryName: base,
			Entropy:        baseEntropy + math.Log2(float64(count)),
		})
		i = j + 1
	}
	return out
}

// longestRepeat returns the base that, repeated from the start of s, covers most of it,
// the shortest such base on a tie ("ab" rather than "abab" in "abababab"), and how many
// times it repeats.
func longestRepeat(s string) (string, int) {
	var base string
	count := 0
	for n := 1; 2*n <= len(s); n++ {
		k := 1
		for (k+1)*n <= len(s) && s[k*n:(k+1)*n] == s[:n] {
			k++
		}
		if k >= 2 && k*n > count*len(base) {
			base, count = s[:n], k
		}
	}
	return base, count
}

// yearPattern finds years from 1900 to 2099, as the JS zxcvbn's recent_year pattern does.
var yearPattern = regexp.MustCompile(`(?:19|20)\d\d`)

// referenceYear is the year years are guessed around. It is fixed rather than read from
// the clock so scores do not drift; minYearSpace makes a year or two of difference moot.
const (
	referenceYear = 2025
	minYearSpace  = 20
)

// years finds years, which zxcvbn-go misses (2019 came out as a keypad pattern "201").
// Like the JS zxcvbn, a year costs as many guesses as its distance from referenceYear,
// and at least minYearSpace.
func years(pw string) []match.Match {
	var out []match.Match
	for _, loc := range yearPattern.FindAllStringIndex(pw, -1) {
		token := pw[loc[0]:loc[1]]
		y, _ := strconv.Atoi(token)
		out = append(out, match.Match{
			Pattern: "year",
			I:       loc[0],
			J:       loc[1] - 1,
			Token:   token,
			Entropy: math.Log2(float64(max(abs(y-referenceYear), minYearSpace))),
		})
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// placeholders are the bytes that stand for runes outside printable ASCII: control
// characters that no zxcvbn dictionary, keyboard graph or sequence holds, without the
// white space (\t to \r) that its date patterns take as separators.
var placeholders = []byte{
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x7f,
}

// expandInputs adds the parts people build passwords from: the words of a name ("Jane
// Doe": jane, doe), and of an email address its local part, the local part's words and
// the domain's first label; then serviceWords. zxcvbn only matches a user input as a
// whole. Parts shorter than 3 runes would match too much to mean anything.
func expandInputs(userInputs []string) []string {
	var out []string
	add := func(s string) {
		if utf8.RuneCountInString(s) >= 3 {
			out = append(out, s)
		}
	}
	addWords := func(s string) {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if w != s {
				add(w)
			}
		}
	}
	for _, in := range userInputs {
		in = strings.ToLower(strings.TrimSpace(in))
		add(in)
		at := strings.LastIndex(in, "@")
		if at < 0 {
			addWords(in)
			continue
		}
		local, domain := in[:at], in[at+1:]
		add(local)
		addWords(local)
		label, _, _ := strings.Cut(domain, ".")
		add(label)
	}
	return append(out, serviceWords...)
}

// leetCombinations counts the substituted copies of pw that zxcvbn-go's l33t matcher
// would run every dictionary over (matching/leet.go): one per choice of letter for each
// symbol that stands for several (1 for i or l, 7 for l or t, | for i or l) and, within
// that, one per choice of symbol for each letter.
func leetCombinations(pw string) int {
	relevant := map[string][]string{} // letter -> its symbols present in pw
	owners := map[string][]string{}   // symbol -> letters it may stand for
	for letter, symbols := range adjacency.GraphMap["l33t"].Graph {
		for _, s := range symbols {
			if strings.Contains(pw, s) {
				relevant[letter] = append(relevant[letter], s)
				owners[s] = append(owners[s], letter)
			}
		}
	}
	choices := []map[string]string{{}} // symbol -> the one letter it stands for
	for s, letters := range owners {
		if len(letters) < 2 {
			continue
		}
		var next []map[string]string
		for _, c := range choices {
			for _, l := range letters {
				n := map[string]string{s: l}
				for k, v := range c {
					n[k] = v
				}
				next = append(next, n)
			}
		}
		choices = next
	}
	total := 0
	for _, c := range choices {
		product := 0
		for letter, symbols := range relevant {
			n := 0
			for _, s := range symbols {
				if l, ok := c[s]; !ok || l == letter {
					n++
				}
			}
			if n > 0 {
				product = max(product, 1) * n
			}
		}
		total += product
	}
	return total
}

// feedback explains a low score from the longest pattern zxcvbn found, as the JS zxcvbn
// does: that pattern is what most made the password guessable.
func feedback(pw string, seq, raw []match.Match) (string, []string) {
	suggestions := []string{adviceMoreWords}
	var longest *match.Match
	for i := range seq {
		m := &seq[i]
		if m.Pattern == "bruteforce" || m.I < 0 || m.J >= len(pw) || m.I > m.J {
			continue
		}
		if longest == nil || m.J-m.I > longest.J-longest.I {
			longest = m
		}
	}
	// zxcvbn-go leaves dates out of the scored sequence (they lack a pattern name), so
	// look for one among all matches.
	for _, m := range raw {
		if m.DictionaryName == "date_match" && (longest == nil || len(m.Token) > longest.J-longest.I+1) {
			return adviceDate, append(suggestions, adviceNoDate)
		}
	}
	if longest == nil {
		return "", suggestions
	}
	sole := len(seq) == 1
	switch longest.Pattern {
	case "dictionary":
		return dictionaryFeedback(*longest, pw[longest.I:longest.J+1], sole, suggestions)
	case "year":
		return adviceYear, append(suggestions, adviceNoYear, adviceNoDate)
	case "spatial":
		return adviceKeyboard, append(suggestions, adviceNoKeyboard)
	case "repeat":
		if len(longest.DictionaryName) > 1 { // a base of several characters
			return adviceRepeatWord, append(suggestions, adviceNoRepeat)
		}
		return adviceRepeat, append(suggestions, adviceNoRepeat)
	case "sequence":
		return adviceSequence, append(suggestions, adviceNoSequence)
	}
	return "", suggestions
}

// dictionaryFeedback explains a word from one of zxcvbn's lists; token is the password as
// typed, m.Token the word it matched (which differs for l33t matches).
func dictionaryFeedback(m match.Match, token string, sole bool, suggestions []string) (string, []string) {
	var warning string
	switch m.DictionaryName {
	case "Passwords":
		warning = adviceSimilar
		if sole {
			warning = adviceCommon
		}
	case "English":
		if sole {
			warning = adviceOneWord
		}
	case "MaleNames", "FemaleNames", "Surname":
		warning = adviceNames
		if sole {
			warning = adviceNamesAlone
		}
	case "user_inputs":
		warning = advicePersonal
	}
	first, _ := utf8.DecodeRuneInString(token)
	switch {
	case len(token) > 1 && strings.ToUpper(token) == token && strings.ToLower(token) != token:
		suggestions = append(suggestions, adviceAllCaps)
	case unicode.IsUpper(first):
		suggestions = append(suggestions, adviceCapital)
	}
	if !strings.EqualFold(token, m.Token) {
		suggestions = append(suggestions, adviceSubstitutes)
	}
	return warning, suggestions
}
