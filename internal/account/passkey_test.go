package account_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/passkey"
	"github.com/accountd/accountd/ent/securityevent"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

const (
	beginRegistrationOp  = `mutation($pw: String) { beginPasskeyRegistration(input: {password: $pw}) { options userErrors { code field message } } }`
	finishRegistrationOp = `mutation($c: JSON!, $name: String!) { finishPasskeyRegistration(input: {credential: $c, name: $name}) {
		passkey { id name createdAt lastUsedAt backupEligible backedUp } userErrors { code field message } } }`
	passkeysOp           = `query { viewer { passkeys { id name createdAt lastUsedAt backupEligible backedUp } } }`
	renamePasskeyOp      = `mutation($id: ID!, $name: String!) { renamePasskey(input: {id: $id, name: $name}) { passkey { id name } userErrors { code field message } } }`
	removePasskeyOp      = `mutation($id: ID!, $pw: String) { removePasskey(input: {id: $id, password: $pw}) { removedId userErrors { code field message } } }`
	beginPasskeyLogInOp  = `mutation($email: String) { beginPasskeyLogIn(input: {email: $email}) { options userErrors { code field message retryAfterSeconds } } }`
	finishPasskeyLogInOp = `mutation($c: JSON!) { finishPasskeyLogIn(input: {credential: $c}) {
		token twoFactorChallenge user { id email } userErrors { code field message retryAfterSeconds } } }`
	beginPasskeyTwoFactorOp  = `mutation($ch: String!) { beginPasskeyTwoFactor(input: {challenge: $ch}) { options userErrors { code field message } } }`
	finishPasskeyTwoFactorOp = `mutation($ch: String!, $c: JSON!) { finishPasskeyTwoFactor(input: {challenge: $ch, credential: $c}) {
		token user { id } userErrors { code field message } } }`
)

// origin is the test server's public origin (testkit's ACCOUNTD_PUBLIC_URL): what a
// browser on the console's page puts in clientDataJSON.
const origin = "http://app.example.test"

type passkeyData struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	CreatedAt      time.Time  `json:"createdAt"`
	LastUsedAt     *time.Time `json:"lastUsedAt"`
	BackupEligible bool       `json:"backupEligible"`
	BackedUp       bool       `json:"backedUp"`
}

type optionsPayload struct {
	Options    json.RawMessage `json:"options"`
	UserErrors []userError     `json:"userErrors"`
}

// passkeyLogIn is what finishPasskeyLogIn answers: a log-in's first step.
type passkeyLogIn = firstStep

func beginRegistration(t *testing.T, c *testkit.Client, pw *string) optionsPayload {
	t.Helper()
	var out struct{ BeginPasskeyRegistration optionsPayload }
	if resp := c.Do(beginRegistrationOp, map[string]any{"pw": pw}, &out); len(resp.Errors) > 0 {
		t.Fatalf("beginPasskeyRegistration: %s", resp.Body)
	}
	return out.BeginPasskeyRegistration
}

func finishRegistration(t *testing.T, c *testkit.Client, cred any, name string) (*passkeyData, []userError) {
	t.Helper()
	var out struct {
		FinishPasskeyRegistration struct {
			Passkey    *passkeyData
			UserErrors []userError
		}
	}
	if resp := c.Do(finishRegistrationOp, map[string]any{"c": cred, "name": name}, &out); len(resp.Errors) > 0 {
		t.Fatalf("finishPasskeyRegistration: %s", resp.Body)
	}
	return out.FinishPasskeyRegistration.Passkey, out.FinishPasskeyRegistration.UserErrors
}

// addPasskey registers a passkey of authenticator a on the account of c (a fresh session).
func addPasskey(t *testing.T, c *testkit.Client, a *testkit.Authenticator, name string) (*passkeyData, *testkit.SoftCredential) {
	t.Helper()
	b := beginRegistration(t, c, nil)
	wantCodes(t, b.UserErrors)
	cred, sc := a.Create(t, b.Options)
	p, errs := finishRegistration(t, c, json.RawMessage(cred), name)
	wantCodes(t, errs)
	return p, sc
}

func beginLogIn(t *testing.T, c *testkit.Client, email *string) optionsPayload {
	t.Helper()
	var out struct{ BeginPasskeyLogIn optionsPayload }
	if resp := c.Do(beginPasskeyLogInOp, map[string]any{"email": email}, &out); len(resp.Errors) > 0 {
		t.Fatalf("beginPasskeyLogIn: %s", resp.Body)
	}
	return out.BeginPasskeyLogIn
}

func finishLogIn(t *testing.T, c *testkit.Client, cred any) passkeyLogIn {
	t.Helper()
	var out struct{ FinishPasskeyLogIn passkeyLogIn }
	if resp := c.Do(finishPasskeyLogInOp, map[string]any{"c": cred}, &out); len(resp.Errors) > 0 {
		t.Fatalf("finishPasskeyLogIn: %s", resp.Body)
	}
	return out.FinishPasskeyLogIn
}

// passkeyLogInWith begins a log-in (email nil: discoverable) and answers it with sc.
func passkeyLogInWith(t *testing.T, srv *testkit.Server, a *testkit.Authenticator, email *string, sc *testkit.SoftCredential) passkeyLogIn {
	t.Helper()
	c := srv.Client(t)
	b := beginLogIn(t, c, email)
	wantCodes(t, b.UserErrors)
	return finishLogIn(t, c, json.RawMessage(a.Get(t, b.Options, sc)))
}

func passkeyEvents(t *testing.T, srv *testkit.Server, kind string) int {
	t.Helper()
	n, err := srv.App.Store.Client.SecurityEvent.Query().Where(securityevent.Kind(kind)).Count(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPasskeyRegistrationAndLogIn adds a passkey with a software authenticator (ES256,
// attestation "none"), lists it, and logs in with it by address and discoverably: the
// options are the WebAuthn Level 3 JSON, the ceremony is found by its challenge, and a
// passkey that verified the person opens a session at once.
func TestPasskeyRegistrationAndLogIn(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		const addr = "ada@example.com"
		c := srv.Client(t)
		c.Bearer = freshAccount(t, srv, addr)
		a := &testkit.Authenticator{Origin: origin, UserVerified: true, BackupEligible: true, BackedUp: true}

		b := beginRegistration(t, c, nil)
		wantCodes(t, b.UserErrors)
		var opts struct {
			Challenge              string `json:"challenge"`
			RP                     struct{ ID string }
			User                   struct{ ID, Name string }
			AuthenticatorSelection struct {
				ResidentKey      string `json:"residentKey"`
				UserVerification string `json:"userVerification"`
			} `json:"authenticatorSelection"`
			PubKeyCredParams []struct{ Alg int } `json:"pubKeyCredParams"`
		}
		if err := json.Unmarshal(b.Options, &opts); err != nil {
			t.Fatal(err)
		}
		if opts.RP.ID != "app.example.test" || opts.User.Name != addr || opts.Challenge == "" ||
			opts.AuthenticatorSelection.ResidentKey != "required" || opts.AuthenticatorSelection.UserVerification != "preferred" ||
			strings.Contains(opts.User.ID, "usr_") || strings.Contains(string(b.Options), `"publicKey"`) {
			t.Fatalf("creation options = %s", b.Options)
		}
		cred, sc := a.Create(t, b.Options)
		p, errs := finishRegistration(t, c, json.RawMessage(cred), "Phone")
		wantCodes(t, errs)
		if !strings.HasPrefix(p.ID, "pky_") || p.Name != "Phone" || !p.BackupEligible || !p.BackedUp || p.LastUsedAt != nil {
			t.Fatalf("passkey = %+v", p)
		}
		// The ceremony works once.
		if _, errs := finishRegistration(t, c, json.RawMessage(cred), "Again"); codes(errs)[0] != "PASSKEY_CHALLENGE_EXPIRED" {
			t.Fatalf("second finish: %+v", errs)
		}

		for name, email := range map[string]*string{"by address": ptr(addr), "discoverable": nil} {
			res := passkeyLogInWith(t, srv, a, email, sc)
			wantCodes(t, res.UserErrors)
			if res.Token == nil || res.User == nil || res.User.Email != addr || res.TwoFactorChallenge != nil {
				t.Fatalf("%s: finishPasskeyLogIn = %+v", name, res)
			}
			if v, _ := viewer(t, clientWithBearer(t, srv, *res.Token)); v == nil || v.Email != addr {
				t.Fatalf("%s: the session does not work", name)
			}
		}
		var list struct {
			Viewer struct{ Passkeys []passkeyData }
		}
		c.Do(passkeysOp, nil, &list)
		if len(list.Viewer.Passkeys) != 1 || list.Viewer.Passkeys[0].LastUsedAt == nil {
			t.Fatalf("viewer.passkeys = %+v", list.Viewer.Passkeys)
		}
		stored := srv.App.Store.Client.Passkey.Query().Where(passkey.ID(p.ID)).OnlyX(t.Context())
		if stored.SignCount != int64(sc.Counter) || !stored.BackupState {
			t.Fatalf("stored counter %d (want %d), backup state %v", stored.SignCount, sc.Counter, stored.BackupState)
		}
		if passkeyEvents(t, srv, "passkey_added") != 1 || passkeyEvents(t, srv, "passkey_log_in") != 2 {
			t.Fatal("security log: want passkey_added once and passkey_log_in twice")
		}

		// Rename it; another account cannot.
		var renamed struct {
			RenamePasskey struct{ UserErrors []userError }
		}
		c.Do(renamePasskeyOp, map[string]any{"id": p.ID, "name": "Work phone"}, &renamed)
		wantCodes(t, renamed.RenamePasskey.UserErrors)
		other := srv.Client(t)
		other.Bearer = freshAccount(t, srv, "eve@example.com")
		other.Do(renamePasskeyOp, map[string]any{"id": p.ID, "name": "Mine"}, &renamed)
		wantCodes(t, renamed.RenamePasskey.UserErrors, "NOT_FOUND")
		var removed struct {
			RemovePasskey struct{ UserErrors []userError }
		}
		other.Do(removePasskeyOp, map[string]any{"id": p.ID}, &removed)
		wantCodes(t, removed.RemovePasskey.UserErrors, "NOT_FOUND")
	})
}

// TestPasskeyRefusals sends each kind of bad passkey answer: every one is refused with
// a typed user error, the same for a known and an unknown account, and counts against
// the client IP like a wrong password.
func TestPasskeyRefusals(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		const addr, other = "ada@example.com", "bob@example.com"
		c := srv.Client(t)
		c.Bearer = freshAccount(t, srv, addr)
		a := &testkit.Authenticator{Origin: origin, UserVerified: true}
		_, sc := addPasskey(t, c, a, "Phone")
		cb := srv.Client(t)
		cb.Bearer = freshAccount(t, srv, other)
		_, bobs := addPasskey(t, cb, a, "Bob's")
		stranger := &testkit.Authenticator{Origin: origin, UserVerified: true}
		// A credential no account has: made for a ceremony that was never finished.
		unknown := func() *testkit.SoftCredential {
			b := beginRegistration(t, cb, nil)
			_, x := stranger.Create(t, b.Options)
			return x
		}()

		cases := []struct {
			name   string
			answer func(t *testing.T, options json.RawMessage) any
			email  *string
			want   string
		}{
			{"malformed JSON", func(*testing.T, json.RawMessage) any { return "{not json" }, nil, "INVALID_INPUT"},
			{"not a credential", func(*testing.T, json.RawMessage) any { return map[string]any{"id": 1} }, nil, "INVALID_INPUT"},
			{"unknown credential", func(t *testing.T, o json.RawMessage) any { return json.RawMessage(stranger.Get(t, o, unknown)) }, nil, "INVALID_PASSKEY"},
			{"wrong origin", func(t *testing.T, o json.RawMessage) any {
				evil := &testkit.Authenticator{Origin: "https://app.example.test.evil.example", UserVerified: true}
				return json.RawMessage(evil.Get(t, o, sc))
			}, nil, "INVALID_PASSKEY"},
			{"wrong RP id", func(t *testing.T, o json.RawMessage) any {
				evil := &testkit.Authenticator{Origin: origin, RPID: "evil.example", UserVerified: true}
				return json.RawMessage(evil.Get(t, o, sc))
			}, nil, "INVALID_PASSKEY"},
			// The address of beginPasskeyLogIn scopes nothing (its options are the same for
			// every address, TestPasskeyLogInOptionsSameForEveryAddress): a credential logs
			// in its own account whatever address was typed, so there is no "another
			// account's credential" refusal at log-in any more.
			{"counter went back", func(t *testing.T, o json.RawMessage) any {
				// A log-in moves the stored counter on; a clone answers with an older one.
				wantCodes(t, passkeyLogInWith(t, srv, a, nil, sc).UserErrors)
				sc.Counter -= 2
				var opts struct{ Challenge string }
				if err := json.Unmarshal(o, &opts); err != nil {
					t.Fatal(err)
				}
				return json.RawMessage(a.Sign(t, opts.Challenge, sc))
			}, nil, "INVALID_PASSKEY"},
			{"expired challenge", func(t *testing.T, o json.RawMessage) any {
				srv.Clock.Advance(5*time.Minute + time.Second)
				return json.RawMessage(a.Get(t, o, sc))
			}, nil, "PASSKEY_CHALLENGE_EXPIRED"},
		}
		for _, tc := range cases {
			t.Run("case="+tc.name, func(t *testing.T) {
				c := srv.Client(t)
				b := beginLogIn(t, c, tc.email)
				wantCodes(t, b.UserErrors)
				res := finishLogIn(t, c, tc.answer(t, b.Options))
				wantCodes(t, res.UserErrors, tc.want)
				if res.Token != nil || res.User != nil {
					t.Fatalf("refused but logged in: %+v", res)
				}
			})
		}
		if passkeyEvents(t, srv, "passkey_possibly_cloned") != 1 {
			t.Fatal("the counter that went back was not logged as a possible clone")
		}

		t.Run("case=replayed assertion", func(t *testing.T) {
			sc.Counter += 10 // past the clone of the case before
			c := srv.Client(t)
			b := beginLogIn(t, c, nil)
			cred := json.RawMessage(a.Get(t, b.Options, sc))
			wantCodes(t, finishLogIn(t, c, cred).UserErrors)
			wantCodes(t, finishLogIn(t, c, cred).UserErrors, "PASSKEY_CHALLENGE_EXPIRED")
			// A new signature over the used challenge: still used.
			wantCodes(t, finishLogIn(t, c, json.RawMessage(a.Get(t, b.Options, sc))).UserErrors, "PASSKEY_CHALLENGE_EXPIRED")
		})

		t.Run("case=options alike for known and unknown addresses", func(t *testing.T) {
			shape := func(email string) (int, string) {
				b := beginLogIn(t, srv.Client(t), ptr(email))
				var o struct {
					AllowCredentials []struct{ ID, Type string } `json:"allowCredentials"`
					RPID             string                      `json:"rpId"`
					UserVerification string                      `json:"userVerification"`
				}
				if err := json.Unmarshal(b.Options, &o); err != nil {
					t.Fatal(err)
				}
				return len(o.AllowCredentials), o.RPID + "/" + o.UserVerification
			}
			n1, s1 := shape(addr)
			n2, s2 := shape("nobody@example.com")
			n3, _ := shape("nobody@example.com")
			if n1 != 0 || n2 != n1 || s1 != s2 || n3 != n2 {
				t.Fatalf("options: known %d %s, unknown %d %s", n1, s1, n2, s2)
			}
		})

		t.Run("case=registration refusals", func(t *testing.T) {
			b := beginRegistration(t, c, nil)
			evil := &testkit.Authenticator{Origin: "https://evil.example", UserVerified: true}
			cred, _ := evil.Create(t, b.Options)
			_, errs := finishRegistration(t, c, json.RawMessage(cred), "Evil")
			wantCodes(t, errs, "INVALID_PASSKEY")
			// Bob's credential id, claimed for Ada's account.
			b = beginRegistration(t, c, nil)
			thief := &testkit.Authenticator{Origin: origin, UserVerified: true, CredentialID: bobs.ID}
			cred, _ = thief.Create(t, b.Options)
			_, errs = finishRegistration(t, c, json.RawMessage(cred), "Bob's")
			wantCodes(t, errs, "INVALID_PASSKEY")
			// Another account's ceremony.
			b = beginRegistration(t, cb, nil)
			cred, _ = a.Create(t, b.Options)
			_, errs = finishRegistration(t, c, json.RawMessage(cred), "Bob's ceremony")
			wantCodes(t, errs, "PASSKEY_CHALLENGE_EXPIRED")
			_, errs = finishRegistration(t, c, "[]", "Junk")
			wantCodes(t, errs, "INVALID_INPUT")
		})
	})
}

// TestPasskeyLogInsCountAgainstTheIP: failed passkey log-ins use up the client IP's
// log-in failures (login-ip) like wrong passwords, and then passwords are refused too.
func TestPasskeyLogInsCountAgainstTheIP(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, func(c *config.Config) { c.LogInIPMaxFailures = 3 })
		newAccount(t, srv, "ada@example.com")
		c := srv.Client(t)
		for range 3 {
			b := beginLogIn(t, c, nil)
			wantCodes(t, b.UserErrors)
			wantCodes(t, finishLogIn(t, c, "{}").UserErrors, "INVALID_INPUT")
		}
		wantCodes(t, finishLogIn(t, c, "{}").UserErrors, "RATE_LIMITED")
		wantCodes(t, beginLogIn(t, c, nil).UserErrors, "RATE_LIMITED")
		wantCodes(t, logIn(t, c, "ada@example.com", strongPassword).UserErrors, "RATE_LIMITED")
	})
}

// TestPasskeyAndTwoFactor: on an account with two-factor on, a passkey that verified
// the person is both factors; one that did not is the first factor, and its challenge
// takes a code, not the same passkey. After a password, a passkey answers the challenge
// (beginPasskeyTwoFactor / finishPasskeyTwoFactor).
func TestPasskeyAndTwoFactor(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		const addr = "ada@example.com"
		c, secret, _ := twoFactorAccount(t, srv, addr)
		uv := &testkit.Authenticator{Origin: origin, UserVerified: true}
		_, sc := addPasskey(t, c, uv, "Phone")

		res := passkeyLogInWith(t, srv, uv, nil, sc)
		if res.Token == nil || res.TwoFactorChallenge != nil {
			t.Fatalf("with user verification: %+v", res)
		}

		noUV := &testkit.Authenticator{Origin: origin}
		res = passkeyLogInWith(t, srv, noUV, nil, sc)
		if res.Token != nil || res.TwoFactorChallenge == nil {
			t.Fatalf("without user verification: %+v", res)
		}
		anon := srv.Client(t)
		var begun struct{ BeginPasskeyTwoFactor optionsPayload }
		anon.Do(beginPasskeyTwoFactorOp, map[string]any{"ch": *res.TwoFactorChallenge}, &begun)
		wantCodes(t, begun.BeginPasskeyTwoFactor.UserErrors, "INVALID_CODE")
		p := verifyTwoFactor(t, anon, map[string]any{"challenge": *res.TwoFactorChallenge, "code": totpCode(t, secret, srv.Clock.Now())})
		wantCodes(t, p.UserErrors)
		if p.Token == nil {
			t.Fatal("the code did not finish the passkey's log-in")
		}

		ch := challenge(t, anon, addr)
		anon.Do(beginPasskeyTwoFactorOp, map[string]any{"ch": ch}, &begun)
		wantCodes(t, begun.BeginPasskeyTwoFactor.UserErrors)
		var fin struct{ FinishPasskeyTwoFactor payload }
		// A wrong answer first: it counts against the challenge, which lives on.
		evil := &testkit.Authenticator{Origin: "https://evil.example"}
		anon.Do(finishPasskeyTwoFactorOp, map[string]any{"ch": ch, "c": json.RawMessage(evil.Get(t, begun.BeginPasskeyTwoFactor.Options, sc))}, &fin)
		wantCodes(t, fin.FinishPasskeyTwoFactor.UserErrors, "INVALID_PASSKEY")
		anon.Do(finishPasskeyTwoFactorOp, map[string]any{"ch": ch, "c": json.RawMessage(noUV.Get(t, begun.BeginPasskeyTwoFactor.Options, sc))}, &fin)
		wantCodes(t, fin.FinishPasskeyTwoFactor.UserErrors)
		if fin.FinishPasskeyTwoFactor.Token == nil {
			t.Fatal("the passkey did not answer the two-factor challenge")
		}
		anon.Do(finishPasskeyTwoFactorOp, map[string]any{"ch": ch, "c": json.RawMessage(noUV.Get(t, begun.BeginPasskeyTwoFactor.Options, sc))}, &fin)
		wantCodes(t, fin.FinishPasskeyTwoFactor.UserErrors, "INVALID_TOKEN")
	})
}

// TestRemovePasskey: removing needs fresh authentication and is refused for the last
// way in.
func TestRemovePasskey(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		const addr = "ada@example.com"
		c := srv.Client(t)
		c.Bearer = freshAccount(t, srv, addr)
		a := &testkit.Authenticator{Origin: origin, UserVerified: true}
		first, _ := addPasskey(t, c, a, "One")
		second, sc := addPasskey(t, c, a, "Two")
		srv.App.Store.Client.User.Update().Where(user.EmailKey(addr)).ClearPasswordHash().ExecX(t.Context())

		srv.Clock.Advance(21 * time.Minute)
		var out struct {
			RemovePasskey struct {
				RemovedID  *string
				UserErrors []userError
			}
		}
		c.Do(removePasskeyOp, map[string]any{"id": first.ID}, &out)
		wantCodes(t, out.RemovePasskey.UserErrors, "FRESH_AUTH_REQUIRED")

		// A log-in with a passkey that verified the person is fresh authentication.
		res := passkeyLogInWith(t, srv, a, nil, sc)
		if res.Token == nil {
			t.Fatalf("passkey log-in: %+v", res)
		}
		c.Bearer = *res.Token
		c.Do(removePasskeyOp, map[string]any{"id": first.ID}, &out)
		wantCodes(t, out.RemovePasskey.UserErrors)
		if out.RemovePasskey.RemovedID == nil || *out.RemovePasskey.RemovedID != first.ID {
			t.Fatalf("removePasskey = %+v", out.RemovePasskey)
		}
		c.Do(removePasskeyOp, map[string]any{"id": second.ID}, &out)
		wantCodes(t, out.RemovePasskey.UserErrors, "LAST_LOG_IN_METHOD")
	})
}
