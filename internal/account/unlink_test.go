package account_test

import (
	"testing"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

// TestUnlinkIdentityCountsPasskeys: a passkey is a way to log in, so a person without
// a password who has a passkey and a Google identity may unlink Google (and still log
// in with the passkey, whose removal is then refused as the last way in); a person with
// only Google may not.
func TestUnlinkIdentityCountsPasskeys(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		e := newSocialEnv(t, store)
		c := e.srv.Client(t)
		wantApp(t, e.browserLogIn(t, c, "google"), "error", "")
		v := socialViewerOf(t, c)
		if v == nil || v.HasPassword || len(v.Identities) != 1 {
			t.Fatalf("viewer after the first Google log-in = %+v", v)
		}

		// Only Google: it is the last way in.
		if got := errCodes(mutate(t, c, unlinkIdentityOp, "unlinkIdentity", map[string]any{"provider": "GOOGLE"})); got != "LAST_LOG_IN_METHOD" {
			t.Fatalf("unlink the only way in: %q, want LAST_LOG_IN_METHOD", got)
		}

		// With a passkey, Google can go.
		a := &testkit.Authenticator{Origin: origin, UserVerified: true}
		pk, sc := addPasskey(t, c, a, "Laptop")
		if got := errCodes(mutate(t, c, unlinkIdentityOp, "unlinkIdentity", map[string]any{"provider": "GOOGLE"})); got != "" {
			t.Fatalf("unlink Google with a passkey left: %q", got)
		}
		if v := socialViewerOf(t, c); v == nil || len(v.Identities) != 0 {
			t.Fatalf("viewer after unlinking = %+v", v)
		}
		if eventCount(t, e.srv, v.ID, "identity_unlinked") != 1 {
			t.Fatal("no identity_unlinked event")
		}

		// The passkey still logs in, and is now the last way in.
		res := passkeyLogInWith(t, e.srv, a, nil, sc)
		if res.Token == nil || res.User == nil || res.User.ID != v.ID {
			t.Fatalf("passkey log-in after unlinking = %+v", res)
		}
		var out struct {
			RemovePasskey struct {
				RemovedID  *string
				UserErrors []userError
			}
		}
		c.Do(removePasskeyOp, map[string]any{"id": pk.ID}, &out)
		wantCodes(t, out.RemovePasskey.UserErrors, "LAST_LOG_IN_METHOD")
	})
}

// TestUnlinkIdentityIgnoresPasskeysWhenOff: with passkeys off (the public URL's host is
// an IP address, so there is no relying party) a passkey logs nobody in, so it is no
// way in: a person with only Google and a passkey (registered while passkeys were on)
// may not unlink Google.
func TestUnlinkIdentityIgnoresPasskeysWhenOff(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		e := newSocialEnv(t, store, func(c *config.Config) { c.PublicURL = "http://192.0.2.10" })
		c := e.loggedIn(t, "google")
		v := socialViewerOf(t, c)
		if v == nil || v.HasPassword || len(v.Identities) != 1 {
			t.Fatalf("viewer after the first Google log-in = %+v", v)
		}
		e.srv.App.Store.Client.Passkey.Create().SetUserID(v.ID).SetName("Laptop").
			SetCredentialID([]byte("registered while passkeys were on")).SetPublicKey([]byte{1}).
			SaveX(t.Context())
		if got := errCodes(mutate(t, c, unlinkIdentityOp, "unlinkIdentity", map[string]any{"provider": "GOOGLE"})); got != "LAST_LOG_IN_METHOD" {
			t.Fatalf("unlink Google with only a passkey left while passkeys are off: %q, want LAST_LOG_IN_METHOD", got)
		}
		if v := socialViewerOf(t, c); v == nil || len(v.Identities) != 1 {
			t.Fatalf("viewer after the refused unlink = %+v", v)
		}
	})
}
