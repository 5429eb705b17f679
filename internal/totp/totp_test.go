package totp_test

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	pqtotp "github.com/pquerna/otp/totp"

	"github.com/accountd/accountd/internal/totp"
)

// rfcSecret is the SHA-1 seed of RFC 6238 Appendix B ("12345678901234567890") in base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

// TestCodeRFC6238 checks the test vectors of RFC 6238 Appendix B (SHA-1), cut to six
// digits as RFC 4226 §5.3 does (the last six of the eight-digit values).
func TestCodeRFC6238(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		unix int64
		want string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
		{20000000000, "353130"},
	} {
		t.Run("t="+time.Unix(tc.unix, 0).UTC().Format(time.RFC3339), func(t *testing.T) {
			got, err := totp.Code(rfcSecret, totp.Step(time.Unix(tc.unix, 0)))
			if err != nil || got != tc.want {
				t.Fatalf("Code = %q, %v; want %q", got, err, tc.want)
			}
			step, ok := totp.Verify(rfcSecret, tc.want, time.Unix(tc.unix, 0))
			if !ok || step != tc.unix/30 {
				t.Fatalf("Verify = %d, %v; want step %d", step, ok, tc.unix/30)
			}
		})
	}
}

// codeAt computes a code the way an authenticator app does, independently of the
// package's own code path.
func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := pqtotp.GenerateCodeCustom(secret, at, pqtotp.ValidateOpts{Period: 30, Digits: 6})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestVerifyWindow checks RFC 6238 §5.2's window at the edges of a step: one step of
// skew either way, never two.
func TestVerifyWindow(t *testing.T) {
	t.Parallel()
	e, err := totp.Enrol("accountd", "ada@example.com")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Unix(1_800_000_000/30*30, 0) // the first instant of a step
	last := start.Add(30*time.Second - time.Nanosecond)
	for _, tc := range []struct {
		name   string
		now    time.Time
		codeAt time.Time
		ok     bool
		step   time.Time // the step Verify must report
	}{
		{"case=current step at its first instant", start, start, true, start},
		{"case=current step at its last instant", last, start, true, start},
		{"case=previous step (t-30s) at the first instant", start, start.Add(-time.Second), true, start.Add(-30 * time.Second)},
		{"case=previous step at the last instant", last, start.Add(-30 * time.Second), true, start.Add(-30 * time.Second)},
		{"case=next step (t+30s) at the first instant", start, start.Add(30 * time.Second), true, start.Add(30 * time.Second)},
		{"case=next step at the last instant", last, last.Add(time.Nanosecond), true, start.Add(30 * time.Second)},
		{"case=two steps back (t-60s) at the first instant", start, start.Add(-31 * time.Second), false, time.Time{}},
		{"case=two steps back at the last instant", last, start.Add(-31 * time.Second), false, time.Time{}},
		{"case=two steps ahead (t+60s) at the last instant", last, start.Add(60 * time.Second), false, time.Time{}},
		{"case=two steps ahead at the first instant", start, start.Add(60 * time.Second), false, time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code := codeAt(t, e.Secret, tc.codeAt)
			step, ok := totp.Verify(e.Secret, code, tc.now)
			if ok != tc.ok {
				// One chance in a million that codes of different steps agree.
				if other := codeAt(t, e.Secret, tc.now); !tc.ok && other == code {
					t.Skip("codes of two steps collide")
				}
				t.Fatalf("Verify(code of %s at %s) = %v, want %v", tc.codeAt, tc.now, ok, tc.ok)
			}
			if ok && step != totp.Step(tc.step) {
				t.Fatalf("step = %d, want %d", step, totp.Step(tc.step))
			}
		})
	}
}

func TestVerifyInput(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	code := codeAt(t, rfcSecret, now)
	for _, tc := range []struct {
		name, code string
		ok         bool
	}{
		{"case=plain", code, true},
		{"case=with a space in the middle", code[:3] + " " + code[3:], true},
		{"case=surrounded by spaces", " " + code + " ", true},
		{"case=empty", "", false},
		{"case=too short", code[:5], false},
		{"case=too long", code + "0", false},
		{"case=letters", "12345a", false},
		{"case=full-width digits", "１２３４５６", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := totp.Verify(rfcSecret, tc.code, now); ok != tc.ok {
				t.Fatalf("Verify(%q) = %v, want %v", tc.code, ok, tc.ok)
			}
		})
	}
	t.Run("case=wrong secret", func(t *testing.T) {
		if _, ok := totp.Verify("not base32!", code, now); ok {
			t.Fatal("a broken secret verified a code")
		}
	})
}

func TestStep(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		unix int64
		want int64
	}{{0, 0}, {29, 0}, {30, 1}, {59, 1}, {60, 2}, {-1, -1}, {-30, -1}, {-31, -2}} {
		if got := totp.Step(time.Unix(tc.unix, 0)); got != tc.want {
			t.Errorf("Step(%d) = %d, want %d", tc.unix, got, tc.want)
		}
	}
}

func TestEnrol(t *testing.T) {
	t.Parallel()
	e, err := totp.Enrol("accountd", "ada@example.com")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("case=secret of 160 bits", func(t *testing.T) {
		raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(e.Secret)
		if err != nil || len(raw) != totp.SecretSize || totp.SecretSize*8 < 160 {
			t.Fatalf("secret %q: %d bytes, %v", e.Secret, len(raw), err)
		}
	})
	t.Run("case=otpauth URI", func(t *testing.T) {
		u, err := url.Parse(e.URI)
		if err != nil || u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/accountd:ada@example.com" {
			t.Fatalf("URI = %q (%v)", e.URI, err)
		}
		q := u.Query()
		if q.Get("secret") != e.Secret || q.Get("issuer") != "accountd" || q.Get("digits") != "6" ||
			q.Get("period") != "30" || q.Get("algorithm") != "SHA1" {
			t.Fatalf("URI query = %v", q)
		}
	})
	t.Run("case=QR code is a PNG data URL", func(t *testing.T) {
		b64, ok := strings.CutPrefix(e.QRCode, "data:image/png;base64,")
		if !ok {
			t.Fatalf("QRCode = %.40q", e.QRCode)
		}
		raw, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("case=every enrolment is new", func(t *testing.T) {
		e2, err := totp.Enrol("accountd", "ada@example.com")
		if err != nil || e2.Secret == e.Secret {
			t.Fatalf("second secret %q (%v)", e2.Secret, err)
		}
	})
}

var recoveryFormat = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$`)

func TestRecoveryCodes(t *testing.T) {
	t.Parallel()
	codes, hashes := totp.NewRecoveryCodes()
	if len(codes) != 10 || len(hashes) != 10 {
		t.Fatalf("%d codes, %d hashes", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if !recoveryFormat.MatchString(c) {
			t.Fatalf("code %q: unexpected format", c)
		}
		// 24 characters of a 32-letter alphabet: 120 bits (ASVS 6.5.2 asks >= 112).
		if n := len(strings.ReplaceAll(c, "-", "")) * 5; n < 112 {
			t.Fatalf("code %q has %d bits", c, n)
		}
		if seen[c] {
			t.Fatalf("code %q twice", c)
		}
		seen[c] = true
		h, ok := totp.HashRecoveryCode(c)
		if !ok || !bytes.Equal(h, hashes[i]) || len(h) != 32 {
			t.Fatalf("hash of %q does not match the stored one", c)
		}
	}

	c := codes[0]
	bare := strings.ReplaceAll(c, "-", "")
	for _, tc := range []struct {
		name, typed string
		ok          bool
	}{
		{"case=as shown", c, true},
		{"case=lower case", strings.ToLower(c), true},
		{"case=no dashes", bare, true},
		{"case=spaces instead of dashes", strings.ReplaceAll(c, "-", " "), true},
		{"case=look-alikes", strings.NewReplacer("0", "o", "1", "l").Replace(bare), true},
		{"case=one character short", bare[:len(bare)-1], false},
		{"case=one character more", bare + "0", false},
		{"case=a letter outside the alphabet", "U" + bare[1:], false},
		{"case=non-ASCII", "É" + bare[1:], false},
		{"case=empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, ok := totp.HashRecoveryCode(tc.typed)
			if ok != tc.ok {
				t.Fatalf("HashRecoveryCode(%q) ok = %v, want %v", tc.typed, ok, tc.ok)
			}
			// Look-alikes only map to the code when the code has those digits.
			if ok && tc.name != "case=look-alikes" && !bytes.Equal(h, hashes[0]) {
				t.Fatalf("HashRecoveryCode(%q) differs from the code's hash", tc.typed)
			}
		})
	}
	t.Run("case=O and 0, I, L and 1 are one", func(t *testing.T) {
		a, _ := totp.NormaliseRecoveryCode("OIL0-1234-5678-9ABC-DEFG-HJKM")
		b, _ := totp.NormaliseRecoveryCode("0110123456789abcdefghjkm")
		if a == "" || a != b {
			t.Fatalf("%q != %q", a, b)
		}
	})
}

// TestOathtool checks that a code made by oathtool (an independent implementation of
// RFC 6238, Debian package oathtool) verifies. It skips without oathtool unless
// ACCOUNTD_REQUIRE_OATHTOOL=1, as in CI.
func TestOathtool(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("oathtool"); err != nil {
		if os.Getenv("ACCOUNTD_REQUIRE_OATHTOOL") == "1" {
			t.Fatal("oathtool is not installed (apt-get install -y oathtool)")
		}
		t.Skip("oathtool is not installed")
	}
	e, err := totp.Enrol("accountd", "ada@example.com")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_800_000_017, 0)
	for _, off := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		at := now.Add(off)
		out, err := exec.Command("oathtool", "--totp", "-b", e.Secret, "--now", at.UTC().Format("2006-01-02 15:04:05 UTC")).Output()
		if err != nil {
			t.Fatalf("oathtool: %v", err)
		}
		code := strings.TrimSpace(string(out))
		step, ok := totp.Verify(e.Secret, code, now)
		if !ok || step != totp.Step(at) {
			t.Fatalf("oathtool's code %q for %s: Verify = %d, %v; want step %d", code, at, step, ok, totp.Step(at))
		}
	}
}
