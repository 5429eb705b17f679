package account_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/ent/user"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/testkit"
)

func TestSignUpWithoutPasswordCreatesItOnVerification(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := srv.Client(t)
		wantCodes(t, signUp(t, c, map[string]any{
			"email": "ada@example.com", "acceptTerms": true, "name": "Ada", "company": "Engines Ltd",
		}))
		tok := verificationToken(t, srv, "ada@example.com", 1)

		t.Run("case=password required", func(t *testing.T) {
			p := verify(t, c, tok, nil)
			wantCodes(t, p.UserErrors, "PASSWORD_REQUIRED")
			if p.Token != nil {
				t.Fatal("a session without a password")
			}
		})
		t.Run("case=weak password refused, link still works", func(t *testing.T) {
			p := verify(t, c, tok, ptr("password1234567"))
			wantCodes(t, p.UserErrors, "WEAK_PASSWORD")
			if got := p.UserErrors[0].Field; strings.Join(got, ".") != "input.password" {
				t.Fatalf("field = %v", got)
			}
		})
		p := verify(t, c, tok, ptr(strongPassword))
		wantCodes(t, p.UserErrors)
		if p.Token == nil || !strings.HasPrefix(*p.Token, "acd_sess_") {
			t.Fatalf("verifyEmail token = %v", p.Token)
		}
		if p.User == nil || !p.User.EmailVerified || !p.User.HasPassword {
			t.Fatalf("user after verification = %+v", p.User)
		}
		if want := srv.Clock.Now().Add(7 * 24 * time.Hour); !p.ExpiresAt.Equal(want) {
			t.Fatalf("expiresAt = %v, want %v (7 days)", p.ExpiresAt, want)
		}
		// The verifying browser got the cookie and is logged in.
		v, _ := viewer(t, c)
		if v == nil || v.Email != "ada@example.com" || v.Name != "Ada" || v.Company != "Engines Ltd" || v.TwoFactorEnabled {
			t.Fatalf("viewer by cookie = %+v", v)
		}
		// The password created on verification logs in.
		if got := logIn(t, srv.Client(t), "ada@example.com", strongPassword); got.Token == nil {
			t.Fatalf("logIn with the new password: %+v", got.UserErrors)
		}
		t.Run("case=token works once", func(t *testing.T) {
			wantCodes(t, verify(t, srv.Client(t), tok, ptr(strongPassword)).UserErrors, "INVALID_TOKEN")
		})
	})
}

func TestSignUpWithPasswordThenVerify(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := srv.Client(t)
		wantCodes(t, signUp(t, c, map[string]any{"email": "Bob@Example.com", "password": strongPassword, "acceptTerms": true}))
		t.Run("case=log in before verification", func(t *testing.T) {
			wantCodes(t, logIn(t, c, "bob@example.com", strongPassword).UserErrors, "EMAIL_NOT_VERIFIED")
			// Only after the right password: a wrong one says nothing about the account.
			wantCodes(t, logIn(t, c, "bob@example.com", strongPassword+"x").UserErrors, "INVALID_CREDENTIALS")
		})
		p := verify(t, c, verificationToken(t, srv, "Bob@Example.com", 1), nil)
		wantCodes(t, p.UserErrors)
		if p.Token == nil || p.User.Email != "Bob@Example.com" {
			t.Fatalf("verifyEmail = %+v", p)
		}
		t.Run("case=email is case-insensitive at log in", func(t *testing.T) {
			if got := logIn(t, srv.Client(t), "  BOB@example.COM ", strongPassword); got.Token == nil {
				t.Fatalf("logIn = %+v", got.UserErrors)
			}
		})
	})
}

func TestSignUpAnswersAlikeForRegisteredAddresses(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		newAccount(t, srv, "taken@example.com")
		before := len(srv.SMTP.Messages())
		srv.Clock.Advance(2 * time.Minute) // past the per-address email interval

		c := srv.Client(t)
		query := map[string]any{"input": map[string]any{"email": "taken@example.com", "password": "another long passphrase 77", "acceptTerms": true}}
		taken := c.Do(signUpOp, query, nil)
		query["input"].(map[string]any)["email"] = "fresh@example.com"
		fresh := c.Do(signUpOp, query, nil)
		if taken.Status != fresh.Status || string(taken.Body) != string(fresh.Body) {
			t.Fatalf("answers differ:\n taken: %d %s\n fresh: %d %s", taken.Status, taken.Body, fresh.Status, fresh.Body)
		}
		// The owner of the registered address hears about it; nothing else changes.
		m := srv.SMTP.WaitFor(t, func(e testkit.Email) bool {
			return e.To[0] == "taken@example.com" && !strings.Contains(e.Text, "verify-email")
		}, 10*time.Second)
		if !strings.Contains(m.Text, "http://app.example.test/forgot-password") {
			t.Fatalf("account-exists email lacks the reset link:\n%s", m.Text)
		}
		if got := logIn(t, srv.Client(t), "taken@example.com", strongPassword); got.Token == nil {
			t.Fatalf("the original password stopped working: %+v", got.UserErrors)
		}
		wantCodes(t, logIn(t, srv.Client(t), "taken@example.com", "another long passphrase 77").UserErrors, "INVALID_CREDENTIALS")
		verificationToken(t, srv, "fresh@example.com", 1)
		if n := len(srv.SMTP.Messages()); n != before+2 {
			t.Fatalf("%d emails after two sign-ups, want %d", n, before+2)
		}
	})
}

func TestSignUpRejectsBadInput(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := srv.Client(t)
		for _, tc := range []struct {
			name  string
			input map[string]any
			want  []string
			field string
		}{
			{"malformed email", map[string]any{"email": "not-an-email", "acceptTerms": true}, []string{"INVALID_EMAIL"}, "input.email"},
			{"display name smuggled", map[string]any{"email": "Eve <eve@example.com>", "acceptTerms": true}, []string{"INVALID_EMAIL"}, "input.email"},
			{"two recipients", map[string]any{"email": "a@example.com,b@example.com", "acceptTerms": true}, []string{"INVALID_EMAIL"}, "input.email"},
			{"email over 254", map[string]any{"email": strings.Repeat("a", 250) + "@example.com", "acceptTerms": true}, []string{"INVALID_EMAIL"}, "input.email"},
			{"terms not accepted", map[string]any{"email": "t@example.com", "acceptTerms": false}, []string{"TERMS_NOT_ACCEPTED"}, "input.acceptTerms"},
			{"name over 100", map[string]any{"email": "n@example.com", "acceptTerms": true, "name": strings.Repeat("é", 101)}, []string{"INVALID_INPUT"}, "input.name"},
			{"company over 100", map[string]any{"email": "n@example.com", "acceptTerms": true, "company": strings.Repeat("x", 101)}, []string{"INVALID_INPUT"}, "input.company"},
			{"password of 11", map[string]any{"email": "p@example.com", "acceptTerms": true, "password": "kq8#Lm2!zR5"}, []string{"WEAK_PASSWORD"}, "input.password"},
			{"password over 256", map[string]any{"email": "p@example.com", "acceptTerms": true, "password": strings.Repeat("kq8#Lm2!zR5", 24)}, []string{"WEAK_PASSWORD"}, "input.password"},
			{"common password", map[string]any{"email": "p@example.com", "acceptTerms": true, "password": "password1234567"}, []string{"WEAK_PASSWORD"}, "input.password"},
			{"password contains email", map[string]any{"email": "marguerite@example.com", "acceptTerms": true, "password": "marguerite@example.com!"}, []string{"WEAK_PASSWORD"}, "input.password"},
			{"everything wrong", map[string]any{"email": "x", "acceptTerms": false}, []string{"INVALID_EMAIL", "TERMS_NOT_ACCEPTED"}, "input.email"},
		} {
			t.Run("case="+tc.name, func(t *testing.T) {
				errs := signUp(t, c, tc.input)
				wantCodes(t, errs, tc.want...)
				if got := strings.Join(errs[0].Field, "."); got != tc.field {
					t.Fatalf("field = %q, want %q", got, tc.field)
				}
				if errs[0].Message == "" {
					t.Fatal("no message for people")
				}
			})
		}
		if n := srv.App.Store.Client.User.Query().CountX(t.Context()); n != 0 {
			t.Fatalf("%d accounts created by refused sign-ups", n)
		}
		if n := len(srv.SMTP.Messages()); n != 0 {
			t.Fatalf("%d emails sent for refused sign-ups", n)
		}
	})
}

func TestPasswordsAcceptedAtTheLimits(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite")
	c := srv.Client(t)
	for i, pw := range []string{
		"qZ7 🦊 vek8 L", // 12 characters, with spaces and an emoji
		longPassword(64),
		longPassword(256),
	} {
		errs := signUp(t, c, map[string]any{"email": fmt.Sprintf("limits%d@example.com", i), "password": pw, "acceptTerms": true})
		wantCodes(t, errs)
	}
}

// longPassword returns a strong password of n characters (runes).
func longPassword(n int) string {
	base := []rune("Glacier 🦊 mosaic 7 quill ")
	out := make([]rune, n)
	for i := range out {
		out[i] = base[i%len(base)]
	}
	return string(out)
}

func TestConcurrentSignUpsMakeOneAccount(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, func(c *config.Config) { c.ResendInterval = time.Nanosecond })
		// "A@x.com", "a@x.com" and a Kelvin sign K (U+212A) look-alike are one address
		// (ASVS 15.4.2; Django CVE-2019-19844).
		addrs := []string{"kate@example.com", "Kate@example.com", "\u212Aate@example.com"}
		var wg sync.WaitGroup
		bodies := make([]string, 30)
		for i := range bodies {
			wg.Go(func() {
				resp := srv.Client(t).Do(signUpOp, map[string]any{"input": map[string]any{
					"email": addrs[i%len(addrs)], "password": strongPassword, "acceptTerms": true,
				}}, nil)
				bodies[i] = fmt.Sprintf("%d %s", resp.Status, resp.Body)
			})
		}
		wg.Wait()
		n := srv.App.Store.Client.User.Query().Where(user.EmailKey("kate@example.com")).CountX(t.Context())
		if n != 1 {
			t.Fatalf("%d accounts for one address, want 1", n)
		}
		if total := srv.App.Store.Client.User.Query().CountX(t.Context()); total != 1 {
			t.Fatalf("%d accounts in all, want 1", total)
		}
		// 30 at once from one network pass the admission gate only in part (README,
		// ACCOUNTD_HASH_MAX_WAITING): the refused get the gate's RATE_LIMITED, whatever
		// the address; every admitted one gets the same answer.
		var admitted []string
		for _, b := range bodies {
			if !strings.Contains(b, `"RATE_LIMITED"`) {
				admitted = append(admitted, b)
			}
		}
		if len(admitted) == 0 {
			t.Fatal("every sign-up was refused")
		}
		for _, b := range admitted {
			if b != admitted[0] {
				t.Fatalf("answers differ: %q vs %q", b, admitted[0])
			}
		}
	})
}

// Anyone may sign up any address, so the sign-up's name is a stranger's text until the
// address is proved: the verification emails (first and resent) leave it out, and the
// account keeps it for its owner.
func TestVerificationEmailLeavesOutTheSignUpName(t *testing.T) {
	testkit.ForEachServer(t, func(t *testing.T, srv *testkit.Server) {
		c := srv.Client(t)
		const name = "Security team, urgent: confirm at https://evil.example/claim"
		wantCodes(t, signUp(t, c, map[string]any{"email": "named@example.com", "password": strongPassword, "acceptTerms": true, "name": name}))
		advancePastMail(t, srv, 2*time.Minute)
		var out struct {
			ResendVerificationEmail struct{ UserErrors []userError }
		}
		c.Do(resendOp, map[string]any{"email": "named@example.com"}, &out)
		wantCodes(t, out.ResendVerificationEmail.UserErrors)
		tok := verificationToken(t, srv, "named@example.com", 2)
		var n int
		for _, m := range srv.SMTP.Messages() {
			if m.To[0] != "named@example.com" {
				continue
			}
			n++
			for _, part := range []string{m.Subject, m.Text, m.HTML} {
				if strings.Contains(part, "evil.example") || strings.Contains(part, "urgent") {
					t.Fatalf("the sign-up's name reached the verification email:\n%s", part)
				}
			}
		}
		if n != 2 {
			t.Fatalf("%d verification emails, want 2", n)
		}
		verify(t, c, tok, nil)
		if v, _ := viewer(t, c); v == nil || v.Name != name {
			t.Fatalf("viewer after verification = %+v, want the name kept", v)
		}
	})
}
