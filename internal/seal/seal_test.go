package seal

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
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

func TestMAC(t *testing.T) {
	t.Parallel()
	key := bytes.Repeat([]byte{7}, KeySize)
	box, _ := New(key)
	other, _ := New(bytes.Repeat([]byte{8}, KeySize))
	mac := box.MAC([]byte("msg"), "device")
	if len(mac) != 32 || !bytes.Equal(mac, box.MAC([]byte("msg"), "device")) {
		t.Fatalf("MAC is not a stable 32-byte value: %x", mac)
	}
	for name, m := range map[string][]byte{
		"other message": box.MAC([]byte("msh"), "device"),
		"other context": box.MAC([]byte("msg"), "devices"),
		"other key":     other.MAC([]byte("msg"), "device"),
	} {
		if bytes.Equal(m, mac) {
			t.Fatalf("%s gives the same MAC", name)
		}
	}
	// The MAC key is derived: a plain HMAC under the sealing key does not match.
	h := hmac.New(sha256.New, key)
	h.Write(ad("device"))
	h.Write([]byte("msg"))
	if bytes.Equal(h.Sum(nil), mac) {
		t.Fatal("MAC uses the sealing key itself")
	}
}
