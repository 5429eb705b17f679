package account

import (
	"strconv"

	"github.com/accountd/accountd/internal/auth"
	"github.com/accountd/accountd/internal/fault"
)

// Domain errors of the account flows. Callers compare with errors.Is, which matches the
// value itself (and its OnField copies), never another error with the same code;
// graph/errors.go turns them into userErrors. The ones shared with other domains are
// fault's.
var (
	ErrInvalidEmail       = fault.ErrInvalidEmail
	ErrTermsNotAccepted   = fault.New(fault.TermsNotAccepted, "Accept the terms of service to create an account.")
	ErrInvalidCredentials = fault.New(fault.InvalidCredentials, "The email or password is wrong.")
	ErrEmailNotVerified   = fault.New(fault.EmailNotVerified, "Verify your email address first: follow the link we sent you, or ask for a new one.")
	ErrInvalidToken       = fault.New(fault.InvalidToken, "This link is invalid or has expired. Ask for a new one.")
	ErrPasswordRequired   = fault.New(fault.PasswordRequired, "Choose a password for your account.")
	ErrUnauthenticated    = fault.ErrUnauthenticated
	ErrSessionRequired    = auth.ErrSessionRequired
	ErrFreshAuthRequired  = fault.New(fault.FreshAuthRequired, "Confirm your password to do this: enter it, or log in again.")
)

func tooLong(field string, max int) *fault.Error {
	return fault.New(fault.InvalidInput, "Use at most "+strconv.Itoa(max)+" characters.").OnField("input", field)
}
