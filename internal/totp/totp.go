// Package totp is the arithmetic of two-factor authentication, without storage:
// enrolment (a new secret, its otpauth:// URI and QR code), checking a code from an
// authenticator app (RFC 6238) and saying which time step it matched, and recovery
// codes. The clock is always passed in.
package totp

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	pqtotp "github.com/pquerna/otp/totp"
)

// The parameters every authenticator app understands; RFC 6238 §4 and §5.2.
const (
	// Period is the time step X of RFC 6238 §4: 30 seconds, the recommended default.
	Period = 30 * time.Second
	// Digits is the length of a code (RFC 4226 §5.3 asks for at least 6).
	Digits = 6
	// Skew is how many steps before and after now are accepted, for clock drift and the
	// time a person takes to type (RFC 6238 §5.2 recommends at most one).
	Skew = 1
	// SecretSize is the length of a shared secret: RFC 4226 R6 requires 128 bits and
	// recommends 160, the length of SHA-1's output.
	SecretSize = 160 / 8
	// qrSize is the width and height of the QR code image in pixels.
	qrSize = 256
)

// opts are the code parameters for pquerna/otp: SHA-1, 6 digits, 30 s (RFC 6238).
var opts = pqtotp.ValidateOpts{
	Period:    uint(Period / time.Second),
	Digits:    otp.DigitsSix,
	Algorithm: otp.AlgorithmSHA1,
}

// Enrolment is a new shared secret and the ways to hand it to an authenticator app.
type Enrolment struct {
	// Secret is the shared secret in base32 (RFC 4648, unpadded), for typing by hand.
	Secret string
	// URI is the otpauth:// key URI that the QR code holds.
	URI string
	// QRCode is a PNG image of URI as a data: URL, ready for an <img src>.
	QRCode string
}

// Enrol makes a new random secret for an account. issuer and account name what the
// app shows (account is the email address).
func Enrol(issuer, account string) (*Enrolment, error) {
	key, err := pqtotp.Generate(pqtotp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      opts.Period,
		SecretSize:  SecretSize,
		Digits:      opts.Digits,
		Algorithm:   opts.Algorithm,
	})
	if err != nil {
		return nil, fmt.Errorf("totp: generate key: %w", err)
	}
	img, err := key.Image(qrSize, qrSize)
	if err != nil {
		return nil, fmt.Errorf("totp: QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("totp: QR code: %w", err)
	}
	return &Enrolment{
		Secret: key.Secret(),
		URI:    key.URL(),
		QRCode: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()),
	}, nil
}

// Step returns the RFC 6238 time step of t: the number of whole periods since the
// Unix epoch (T = floor((t - T0) / X), T0 = 0).
func Step(t time.Time) int64 {
	s := t.Unix()
	p := int64(Period / time.Second)
	if s < 0 {
		return (s - p + 1) / p
	}
	return s / p
}

// Code returns the code of a step: what an authenticator app shows during it.
func Code(secret string, step int64) (string, error) {
	return pqtotp.GenerateCodeCustom(secret, time.Unix(step*int64(Period/time.Second), 0), opts)
}

// Verify checks a code typed by a person against the secret at time now, allowing
// Skew steps either way, and returns the step the code belongs to. The caller must
// refuse that step when it is not later than the last step it accepted (RFC 6238
// §5.2: a verifier must not accept the second attempt of the same OTP). When a code
// matches several steps (one chance in a million), the earliest is returned: a step
// that can only be refused by the replay rule, never wrongly accepted.
//
// pquerna's totp.Validate does not say which step matched, so each step is computed
// here and compared in constant time; all candidate steps are always computed.
func Verify(secret, code string, now time.Time) (step int64, ok bool) {
	code = normaliseCode(code)
	if len(code) != Digits {
		return 0, false
	}
	cur := Step(now)
	for s := cur - Skew; s <= cur+Skew; s++ {
		want, err := Code(secret, s)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && !ok {
			step, ok = s, true
		}
	}
	return step, ok
}

// normaliseCode drops the spaces and dashes that apps show in the middle of a code
// ("123 456") and returns "" for anything that is not then all digits.
func normaliseCode(code string) string {
	var b strings.Builder
	for _, r := range code {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\t':
		default:
			return ""
		}
		if b.Len() > Digits {
			return ""
		}
	}
	return b.String()
}
