package account_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/outboxemail"
	"github.com/accountd/accountd/ent/session"
	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// The pre-hijacking attacks of Sudhodanan and Paverd, "Pre-hijacked accounts: an
// empirical study of security failures in user account creation on the web" (USENIX
// Security 2022), against accountd: an attacker who only knows the victim's address
// acts before the victim creates the account, and wins if any access survives the
// victim's verification. SECURITY.md's table gives the outcome of each variant.

const (
	attackerPassword = "mallory picked this phrase 31"
	victimPassword   = "lighthouse orchard saxophone 64"
	signUpProofOp    = `mutation($input: SignUpInput!) { signUp(input: $input) { signUpProof userErrors { code field message } } }`
)

// signUpForProof signs up and returns the signUpProof of the answer, as an app keeps it.
func signUpForProof(t *testing.T, c *testkit.Client, input map[string]any) string {
	t.Helper()
	var out struct {
		SignUp struct {
			SignUpProof *string
			UserErrors  []userError
		} `json:"signUp"`
	}
	if resp := c.Do(signUpProofOp, map[string]any{"input": input}, &out); len(resp.Errors) > 0 {
		t.Fatalf("signUp: %s", resp.Body)
	}
	wantCodes(t, out.SignUp.UserErrors)
	if out.SignUp.SignUpProof == nil || !strings.HasPrefix(*out.SignUp.SignUpProof, token.SignUpProof) {
		t.Fatalf("signUp gave no proof: %+v", out.SignUp)
	}
	return *out.SignUp.SignUpProof
}

// verifyWithProof redeems a link as an app would: the proof in the input, no cookies.
func verifyWithProof(t *testing.T, c *testkit.Client, tok, proof string) payload {
	t.Helper()
	return call[payload](t, c, verifyOp, "verifyEmail", map[string]any{"input": map[string]any{"token": tok, "signUpProof": proof}})
}

// advancePastMail waits until every queued email is sent and recorded, then moves the
// clock on by d. Moving it while an email is in flight would let its one-minute lease
// lapse and the worker send it again (email is at least once: RELIABILITY.md), which
// would shift the numbering of the emails a test reads.
func advancePastMail(t *testing.T, srv *testkit.Server, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, err := srv.App.Store.Client.OutboxEmail.Query().
			Where(outboxemail.SentAtIsNil(), outboxemail.FailedAtIsNil()).Count(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d emails still unsent after 10 s", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	srv.Clock.Advance(d)
}

// wantOnlyVictimsPassword checks that the victim's password logs in and the
// attacker's does not.
func wantOnlyVictimsPassword(t *testing.T, srv *testkit.Server, addr string) {
	t.Helper()
	if p := logIn(t, srv.Client(t), addr, victimPassword); p.Token == nil {
		t.Fatalf("the victim's password does not log in: %+v", p.UserErrors)
	}
	wantCodes(t, logIn(t, srv.Client(t), addr, attackerPassword).UserErrors, "INVALID_CREDENTIALS")
}

// Classic: the attacker signs up with a password of theirs; later the victim signs up
// with their own and verifies from the link. The victim's sign-up replaces the pending
// password and retires the attacker's link; the victim's browser keeps its password
// without typing it again.
func TestPreHijackClassic(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		const addr = "victim@example.com"
		attacker, victim := srv.Client(t), srv.Client(t)
		wantCodes(t, signUp(t, attacker, map[string]any{"email": addr, "password": attackerPassword, "acceptTerms": true}))
		advancePastMail(t, srv, 2*time.Minute) // past the per-address email interval
		wantCodes(t, signUp(t, victim, map[string]any{"email": addr, "password": victimPassword, "acceptTerms": true}))
		first, second := verificationToken(t, srv, addr, 1), verificationToken(t, srv, addr, 2)

		p := verify(t, victim, second, nil) // the page says the password may be left empty
		wantCodes(t, p.UserErrors)
		if p.Token == nil || !p.User.EmailVerified {
			t.Fatalf("verifyEmail = %+v", p)
		}
		wantOnlyVictimsPassword(t, srv, addr)
		wantCodes(t, verify(t, attacker, first, nil).UserErrors, "INVALID_TOKEN")
	})
}

// Classic, the other way round: the victim never signs up but opens the link the
// attacker's sign-up mailed them (or the attacker signs up again after the victim).
// Whoever opens a link without the sign-up's proof must choose the password.
func TestPreHijackLinkOpenedWithoutTheSignUpsProof(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		t.Run("case=victim opens the attacker's link", func(t *testing.T) {
			const addr = "opener@example.com"
			attacker, victim := srv.Client(t), srv.Client(t)
			wantCodes(t, signUp(t, attacker, map[string]any{"email": addr, "password": attackerPassword, "acceptTerms": true}))
			tok := verificationToken(t, srv, addr, 1)
			p := verify(t, victim, tok, nil)
			wantCodes(t, p.UserErrors, "PASSWORD_REQUIRED")
			if p.Token != nil {
				t.Fatal("a session on the attacker's password")
			}
			if p := verify(t, victim, tok, ptr(victimPassword)); p.Token == nil {
				t.Fatalf("verifyEmail with a password: %+v", p.UserErrors)
			}
			wantOnlyVictimsPassword(t, srv, addr)
		})
		t.Run("case=attacker signs up after the victim", func(t *testing.T) {
			const addr = "second@example.com"
			attacker, victim := srv.Client(t), srv.Client(t)
			wantCodes(t, signUp(t, victim, map[string]any{"email": addr, "password": victimPassword, "acceptTerms": true}))
			advancePastMail(t, srv, 2*time.Minute)
			wantCodes(t, signUp(t, attacker, map[string]any{"email": addr, "password": attackerPassword, "acceptTerms": true}))
			wantCodes(t, verify(t, victim, verificationToken(t, srv, addr, 1), nil).UserErrors, "INVALID_TOKEN")
			tok := verificationToken(t, srv, addr, 2)
			wantCodes(t, verify(t, victim, tok, nil).UserErrors, "PASSWORD_REQUIRED")
			if p := verify(t, victim, tok, ptr(victimPassword)); p.Token == nil {
				t.Fatalf("verifyEmail with a password: %+v", p.UserErrors)
			}
			wantOnlyVictimsPassword(t, srv, addr)
		})
		t.Run("case=attacker's proof on the victim's link", func(t *testing.T) {
			const addr = "proof@example.com"
			proof := signUpForProof(t, srv.Client(t), map[string]any{"email": addr, "password": attackerPassword, "acceptTerms": true})
			advancePastMail(t, srv, 2*time.Minute)
			victim := srv.Client(t)
			wantCodes(t, signUp(t, victim, map[string]any{"email": addr, "password": victimPassword, "acceptTerms": true}))
			tok := verificationToken(t, srv, addr, 2)
			wantCodes(t, verifyWithProof(t, srv.Client(t), tok, proof).UserErrors, "PASSWORD_REQUIRED")
			wantCodes(t, verifyWithProof(t, srv.Client(t), tok, "acd_sup_forged").UserErrors, "PASSWORD_REQUIRED")
			if p := verify(t, victim, tok, nil); p.Token == nil {
				t.Fatalf("the victim's own browser: %+v", p.UserErrors)
			}
			wantOnlyVictimsPassword(t, srv, addr)
		})
		t.Run("case=resent link keeps the binding", func(t *testing.T) {
			const addr = "resent@example.com"
			attacker := srv.Client(t)
			wantCodes(t, signUp(t, attacker, map[string]any{"email": addr, "password": attackerPassword, "acceptTerms": true}))
			advancePastMail(t, srv, 2*time.Minute)
			var out struct {
				ResendVerificationEmail struct{ UserErrors []userError }
			}
			srv.Client(t).Do(resendOp, map[string]any{"email": addr}, &out)
			wantCodes(t, out.ResendVerificationEmail.UserErrors)
			tok := verificationToken(t, srv, addr, 2)
			wantCodes(t, verify(t, srv.Client(t), tok, nil).UserErrors, "PASSWORD_REQUIRED")
		})
		t.Run("case=proof past its hour", func(t *testing.T) {
			const addr = "slowpoke@example.com"
			c := srv.Client(t)
			wantCodes(t, signUp(t, c, map[string]any{"email": addr, "password": victimPassword, "acceptTerms": true}))
			tok := verificationToken(t, srv, addr, 1)
			advancePastMail(t, srv, time.Hour+time.Second)
			wantCodes(t, verify(t, c, tok, nil).UserErrors, "PASSWORD_REQUIRED")
			if p := verify(t, c, tok, ptr(victimPassword)); p.Token == nil {
				t.Fatalf("verifyEmail with a password: %+v", p.UserErrors)
			}
		})
	})
}

// The signing-up client keeps its password: a browser by the cookie, an app by the
// signUpProof it got back, also through a resent link.
func TestSignUpProofKeepsThePassword(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		t.Run("case=app", func(t *testing.T) {
			proof := signUpForProof(t, srv.Client(t), map[string]any{"email": "app@example.com", "password": victimPassword, "acceptTerms": true})
			p := verifyWithProof(t, srv.Client(t), verificationToken(t, srv, "app@example.com", 1), proof)
			if p.Token == nil {
				t.Fatalf("verifyEmail with the proof: %+v", p.UserErrors)
			}
			if p := logIn(t, srv.Client(t), "app@example.com", victimPassword); p.Token == nil {
				t.Fatalf("logIn: %+v", p.UserErrors)
			}
		})
		t.Run("case=browser, resent link", func(t *testing.T) {
			c := srv.Client(t)
			wantCodes(t, signUp(t, c, map[string]any{"email": "browser@example.com", "password": victimPassword, "acceptTerms": true}))
			advancePastMail(t, srv, 2*time.Minute)
			var out struct {
				ResendVerificationEmail struct{ UserErrors []userError }
			}
			c.Do(resendOp, map[string]any{"email": "browser@example.com"}, &out)
			wantCodes(t, out.ResendVerificationEmail.UserErrors)
			p := verify(t, c, verificationToken(t, srv, "browser@example.com", 2), nil)
			if p.Token == nil {
				t.Fatalf("verifyEmail by the signing-up browser: %+v", p.UserErrors)
			}
			// A link click proves no password: the session is not fresh.
			if sessionOf(t, srv, *p.Token).AuthenticatedAt != nil {
				t.Fatal("a session from a bare link click counts as password-proved")
			}
			if p := logIn(t, srv.Client(t), "browser@example.com", victimPassword); p.Token == nil {
				t.Fatalf("logIn: %+v", p.UserErrors)
			}
		})
	})
}

// Unexpired session: the attacker signs up and tries to hold a session (or an API key,
// or a linked identity) that outlives the victim's verification. No step gives an
// unverified account a session, so there is nothing to outlive it.
func TestPreHijackUnexpiredSessionAndTrojanIdentifier(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		e := newSocialEnv(t, store)
		srv := e.srv
		const addr = "ada@example.com" // the fake Google's default user
		attacker := srv.Client(t)
		wantCodes(t, signUp(t, attacker, map[string]any{"email": addr, "password": attackerPassword, "acceptTerms": true}))
		p := logIn(t, attacker, addr, attackerPassword)
		wantCodes(t, p.UserErrors, "EMAIL_NOT_VERIFIED")
		if p.Token != nil {
			t.Fatal("a session for an unverified account")
		}
		if v, _ := viewer(t, attacker); v != nil {
			t.Fatalf("the attacker is someone: %+v", v)
		}
		// Trojan identifier: without a session, nothing can be attached to the account.
		if _, resp := createAPIKey(t, attacker, map[string]any{"name": "trojan"}); resp.Code() != "UNAUTHENTICATED" {
			t.Fatalf("createApiKey before verification: %s", resp.Body)
		}
		if resp := attacker.Do(linkIdentityOp, map[string]any{"input": map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "")}}, nil); resp.Code() != "UNAUTHENTICATED" {
			t.Fatalf("linkIdentity before verification: %s", resp.Body)
		}

		advancePastMail(t, srv, 2*time.Minute)
		victim := srv.Client(t)
		wantCodes(t, signUp(t, victim, map[string]any{"email": addr, "password": victimPassword, "acceptTerms": true}))
		if p := verify(t, victim, verificationToken(t, srv, addr, 2), nil); p.Token == nil {
			t.Fatalf("victim's verification: %+v", p.UserErrors)
		}
		u := srv.App.Store.Client.User.Query().Where(user.EmailKey(addr)).OnlyX(t.Context())
		if n := srv.App.Store.Client.Session.Query().Where(session.UserID(u.ID)).CountX(t.Context()); n != 1 {
			t.Fatalf("%d sessions after the victim's verification, want the victim's 1", n)
		}
		if v := socialViewerOf(t, victim); v == nil || len(v.Identities) != 0 {
			t.Fatalf("victim's account = %+v, want no identities", v)
		}
		wantOnlyVictimsPassword(t, srv, addr)
	})
}

// Non-verifying identity provider: an attacker's provider account that claims the
// victim's address without having verified it neither creates the account nor links
// to one, in the browser or by an app.
func TestPreHijackNonVerifyingIdentityProvider(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		e := newSocialEnv(t, store)
		const addr = "ada@example.com"
		e.op.NextEmailUnverified()
		wantApp(t, e.browserLogIn(t, e.srv.Client(t), "google"), "error", "email_not_verified")
		e.op.NextEmailUnverified()
		wantCodes(t, logInWithProvider(t, e.srv.Client(t), map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "")}).UserErrors, "EMAIL_NOT_VERIFIED")
		if n := e.srv.App.Store.Client.User.Query().CountX(t.Context()); n != 0 {
			t.Fatalf("%d accounts made from an unverified address", n)
		}

		// Nor does it attach to an account the victim creates next.
		victim := e.srv.Client(t)
		wantCodes(t, signUp(t, victim, map[string]any{"email": addr, "password": victimPassword, "acceptTerms": true}))
		e.op.NextEmailUnverified()
		wantCodes(t, logInWithProvider(t, e.srv.Client(t), map[string]any{"provider": "GOOGLE", "idToken": e.op.IDToken(t, "")}).UserErrors, "EMAIL_NOT_VERIFIED")
		if p := verify(t, victim, verificationToken(t, e.srv, addr, 1), nil); p.Token == nil {
			t.Fatalf("victim's verification: %+v", p.UserErrors)
		}
		if v := socialViewerOf(t, victim); v == nil || len(v.Identities) != 0 {
			t.Fatalf("victim's account = %+v, want no identities", v)
		}
	})
}
