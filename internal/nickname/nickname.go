// Package nickname is the one check of every name that people choose and others see:
// a display name and company, a fleet's or a device's name, an API key's name. It
// applies the PRECIS Nickname profile (RFC 8266, golang.org/x/text/secure/precis):
// other spaces become U+0020, leading and trailing spaces go, inner runs collapse to
// one, and the text is put in Unicode normalization form KC ("ｆｕｌｌ" becomes
// "full"); control characters (line breaks, ESC and so terminal escapes, NUL), the
// bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069), zero-width and
// other default-ignorable characters and unassigned code points are refused. A name
// can then neither forge lines in an email or a log, nor reorder what other members
// read, nor hide characters (issue 18, items 7 and 11).
package nickname

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/secure/precis"

	"github.com/accountd/accountd/internal/fault"
)

// Limit bounds a name after enforcement, in characters and in bytes of UTF-8 (the
// column's size); zero is no bound.
type Limit struct {
	Chars int
	Bytes int
}

// ErrDisallowed is the refusal of a name with a character the profile does not allow.
var ErrDisallowed = fault.New(fault.InvalidInput,
	"Use letters, digits, punctuation, symbols and spaces: no line breaks, control characters, direction overrides or invisible characters.")

// Enforce returns the name as it is to be stored, or an INVALID_INPUT fault for the
// caller to put on its field (fault.Error.OnField). A value that is empty, or only
// spaces, is "" with no error: whether a name is required is the caller's to say.
func Enforce(s string, max Limit) (string, *fault.Error) {
	if strings.TrimFunc(s, unicode.IsSpace) == "" {
		return "", nil
	}
	// Normalising shrinks text only a little (runs of spaces, composed characters):
	// anything far past the limit is refused before the profile spends time on it.
	if max.Chars > 0 && len(s) > 16*max.Chars || max.Bytes > 0 && len(s) > 16*max.Bytes {
		return "", tooLong(max)
	}
	if !utf8.ValidString(s) {
		return "", ErrDisallowed
	}
	out, err := precis.Nickname.String(s)
	if err != nil {
		return "", ErrDisallowed
	}
	if max.Chars > 0 && utf8.RuneCountInString(out) > max.Chars || max.Bytes > 0 && len(out) > max.Bytes {
		return "", tooLong(max)
	}
	return out, nil
}

func tooLong(max Limit) *fault.Error {
	msg := "Use at most " + strconv.Itoa(max.Chars) + " characters."
	if max.Chars == 0 || max.Bytes > 0 && max.Bytes < 4*max.Chars {
		msg = "Use at most " + strconv.Itoa(max.Bytes) + " bytes in UTF-8 (" + strconv.Itoa(max.Bytes) +
			" letters of the Latin alphabet, fewer of other scripts)."
	}
	return fault.New(fault.InvalidInput, msg)
}

// Repair returns a form of s that Enforce accepts unchanged, for names stored before
// this profile was applied (see migrations.NormalizeNames): what Enforce accepts comes
// back in its form; otherwise control characters (line breaks, tabs, ESC) become
// spaces, every other character the profile refuses (direction overrides, zero-width
// and default-ignorable characters, unassigned code points) is dropped, and a value
// still too long is cut to the limit. It may answer "".
func Repair(s string, max Limit) string {
	if out, err := Enforce(s, max); err == nil {
		return out
	}
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
			b.WriteByte(' ')
		case isAllowed(r):
			b.WriteRune(r)
		}
	}
	s = b.String()
	// Cut from the end until the profile's form fits; each step removes a character.
	for s != "" {
		if out, err := Enforce(s, max); err == nil {
			return out
		}
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return ""
}

// isAllowed reports whether the profile accepts r on its own.
func isAllowed(r rune) bool {
	if r == ' ' {
		return true
	}
	_, err := precis.Nickname.String(string(r))
	return err == nil
}
