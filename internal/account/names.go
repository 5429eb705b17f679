package account

import (
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/nickname"
)

// profileName bounds the profile's name and company: maxNameLength characters, in a
// column of 400 bytes.
var profileName = nickname.Limit{Chars: maxNameLength, Bytes: 400}

// enforceName puts *v in the form of the PRECIS Nickname profile (package nickname,
// the one check of every name others see) and appends to errs the fault of a refused
// value, on its input field.
func enforceName(errs []*fault.Error, v *string, field string, max nickname.Limit) []*fault.Error {
	out, bad := nickname.Enforce(*v, max)
	if bad != nil {
		return append(errs, bad.OnField("input", field))
	}
	*v = out
	return errs
}
