package seal

import (
	"bytes"
	"errors"
	"testing"
)

func TestSealOpen(t *testing.T) {
	t.Parallel()
	key := bytes.Repeat([]byte{7}, KeySize)
	box, err := New(key)
	if err != nil {
		t.Fatal(err)
	}
	sealed := box.Seal([]byte("JBSWY3DPEHPK3PXP"), "totp:usr_1")
	if bytes.Contains(sealed, []byte("JBSWY3DPEHPK3PXP")) {
		t.Fatal("sealed value contains the plaintext")
	}

	t.Run("case=round trip", func(t *testing.T) {
		got, err := box.Open(sealed, "totp:usr_1")
		if err != nil || string(got) != "JBSWY3DPEHPK3PXP" {
			t.Fatalf("Open = %q, %v", got, err)
		}
	})
	t.Run("case=other context", func(t *testing.T) {
		if _, err := box.Open(sealed, "totp:usr_2"); !errors.Is(err, ErrOpen) {
			t.Fatalf("Open with another context = %v, want ErrOpen", err)
		}
	})
	t.Run("case=other key", func(t *testing.T) {
		other, _ := New(bytes.Repeat([]byte{8}, KeySize))
		if _, err := other.Open(sealed, "totp:usr_1"); !errors.Is(err, ErrOpen) {
			t.Fatalf("Open with another key = %v, want ErrOpen", err)
		}
	})
	t.Run("case=altered", func(t *testing.T) {
		bad := bytes.Clone(sealed)
		bad[len(bad)-1] ^= 1
		if _, err := box.Open(bad, "totp:usr_1"); !errors.Is(err, ErrOpen) {
			t.Fatalf("Open of altered data = %v, want ErrOpen", err)
		}
	})
	t.Run("case=truncated", func(t *testing.T) {
		if _, err := box.Open(sealed[:5], "totp:usr_1"); !errors.Is(err, ErrOpen) {
			t.Fatalf("Open of truncated data = %v, want ErrOpen", err)
		}
	})
	t.Run("case=bad key size", func(t *testing.T) {
		if _, err := New([]byte("short")); err == nil {
			t.Fatal("New accepted a 5-byte key")
		}
	})
}
