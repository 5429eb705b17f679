package totp_test

import (
	"testing"
	"time"

	"github.com/accountd/accountd/internal/totp"
)

// FuzzVerify: whatever is typed as a code, Verify never panics, and it accepts only a
// code that is one of the three codes of the window (RFC 6238 §5.2).
func FuzzVerify(f *testing.F) {
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	code, _ := totp.Code(secret, totp.Step(now))
	for _, s := range []string{code, "000000", " 123 456 ", "12345", "1234567", "１２３４５６", "-12345", "", "abcdef"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		step, ok := totp.Verify(secret, typed, now)
		if !ok {
			return
		}
		if step < totp.Step(now)-1 || step > totp.Step(now)+1 {
			t.Fatalf("accepted %q for step %d, outside the window", typed, step)
		}
	})
}
