package password

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/accountd/accountd/internal/fault"
	"github.com/ccojocar/zxcvbn-go/frequency"
)

// Policy decides whether a new password is acceptable, after NIST SP 800-63B-4 §3.1.1.2:
// a minimum and maximum length counted in Unicode code points, every character allowed
// (spaces and emoji included), no composition rules ("one digit, one symbol"), and a
// refusal of passwords on a blocklist of common ones, of context-specific words (the
// email) and of passwords a strength estimate finds easy to guess.
type Policy struct {
	// MinLength is the fewest code points accepted. NIST SP 800-63B-4 requires 15 for a
	// password that is the only factor and allows 8 when it is one of two.
	MinLength int
	// MaxLength is the most code points accepted; NIST SP 800-63B-4 asks for at least 64.
	// It also bounds the work of checking and hashing one password.
	MaxLength int
	// MinScore is the lowest StrengthOf score accepted, 0 to 4.
	MinScore int
}

// DefaultPolicy returns the accountd default: 12 to 256 code points, a score of at least 3.
func DefaultPolicy() Policy {
	return Policy{MinLength: 12, MaxLength: 256, MinScore: 3}
}

// Validate reports whether p is a policy NIST SP 800-63B-4 §3.1.1.2 permits: a minimum of
// at least 8 code points, a maximum of at least 64 and not below the minimum, and a score
// within zxcvbn's 0 to 4.
func (p Policy) Validate() error {
	switch {
	case p.MinLength < 8:
		return errors.New("password: minimum length must be at least 8 (NIST SP 800-63B-4)")
	case p.MaxLength < 64:
		return errors.New("password: maximum length must be at least 64 (NIST SP 800-63B-4)")
	case p.MaxLength < p.MinLength:
		return errors.New("password: maximum length must not be below the minimum length")
	case p.MinScore < 0 || p.MinScore > 4:
		return errors.New("password: minimum score must be between 0 and 4")
	}
	return nil
}

// Check returns nil when password is acceptable, or a *fault.Error with code
// fault.WeakPassword and a message for the person. userInputs[0], when given, is the
// account's email; all of userInputs lower the strength score (see StrengthOf). The
// caller names the input field with OnField.
//
// The checks run from cheapest to dearest and the first failure is reported: length (so
// that a megabyte is refused before any scoring), valid UTF-8, the common-password list,
// the email, then the strength score.
func (p Policy) Check(password string, userInputs ...string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < p.MinLength:
		return weak(fmt.Sprintf("Use at least %d characters.", p.MinLength))
	case n > p.MaxLength:
		return weak(fmt.Sprintf("Use at most %d characters.", p.MaxLength))
	case !utf8.ValidString(password):
		return weak("The password contains bytes that are not valid text. Type it again.")
	case isCommon(password):
		return weak("This password is on a list of common passwords. Choose another one.")
	}
	if len(userInputs) > 0 && containsEmail(password, userInputs[0]) {
		return weak("Don't use your email address in your password.")
	}
	if s := StrengthOf(password, userInputs...); s.Score < p.MinScore {
		msg := "This password is too easy to guess."
		if s.Warning != "" {
			msg += " " + s.Warning
		}
		if len(s.Suggestions) > 0 {
			msg += " " + s.Suggestions[0]
		} else {
			msg += " " + adviceMoreWords
		}
		return weak(msg)
	}
	return nil
}

func weak(message string) *fault.Error {
	return fault.New(fault.WeakPassword, message)
}

// commonPasswords is the blocklist: the "Passwords" frequency list zxcvbn-go ships (about
// 7,000 of the most used passwords), lower-cased. Most entries are shorter than
// DefaultPolicy's minimum, so with it the strength score, which finds those words inside
// longer passwords ("password1234567"), does most of the refusing.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	list := frequency.Lists["Passwords"].List
	set := make(map[string]struct{}, len(list))
	for _, p := range list {
		set[strings.ToLower(p)] = struct{}{}
	}
	return set
})

// isCommon reports whether password is on the blocklist, ignoring case.
func isCommon(password string) bool {
	_, ok := commonPasswords()[strings.ToLower(password)]
	return ok
}

// containsEmail reports whether password contains the email or its local part, ignoring
// case: NIST SP 800-63B-4 §3.1.1.2 lists context-specific words such as the username. A
// local part shorter than 3 code points ("jo@...") would refuse too many innocent
// passwords, so only the whole email counts then.
func containsEmail(password, email string) bool {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return false
	}
	pw := strings.ToLower(password)
	if strings.Contains(pw, email) {
		return true
	}
	local := email
	if at := strings.LastIndex(email, "@"); at >= 0 {
		local = email[:at]
	}
	return utf8.RuneCountInString(local) >= 3 && strings.Contains(pw, local)
}
