package httpserver_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/password"
	"github.com/accountd/accountd/internal/testkit"
)

const admissionLogIn = `mutation($email: String!, $password: String!) {
  logIn(input: {email: $email, password: $password}) { token userErrors { code retryAfterSeconds } } }`

type admissionAnswer struct {
	Token      *string
	UserErrors []struct {
		Code              string
		RetryAfterSeconds *int
	}
}

// TestAdmissionGateRefusesAFloodWithoutTheDatabase: while the admitted requests hold
// the gate in front of the hash queue (here: its tokens are taken, as running log-ins
// hold them), a flood of log-ins and sign-ups from the same network, for an existing
// account and for unknown addresses alike, gets RATE_LIMITED with retryAfterSeconds
// in the payload, and nothing reaches the database: no rate-limit counter, no
// security event, no session, no user. Once the gate frees, the same log-in succeeds.
func TestAdmissionGateRefusesAFloodWithoutTheDatabase(t *testing.T) {
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, func(c *config.Config) { c.HashWorkers = 1; c.AdmissionWait = time.Millisecond })
		ctx, db, now := t.Context(), srv.App.Store.Client, srv.Clock.Now()
		const pw = "correct horse battery staple"
		phc, err := srv.App.Hasher.Hash(ctx, pw)
		if err != nil {
			t.Fatal(err)
		}
		db.User.Create().SetEmail("flood@example.com").SetEmailKey("flood@example.com").
			SetPasswordHash(phc).SetEmailVerifiedAt(now).SetCreatedAt(now).ExecX(ctx)
		rows := func() string {
			return fmt.Sprintf("rate limits %d, events %d, sessions %d, users %d",
				db.RateLimit.Query().CountX(ctx), db.SecurityEvent.Query().CountX(ctx),
				db.Session.Query().CountX(ctx), db.User.Query().CountX(ctx))
		}
		before := rows()

		// The test client's network is 127.0.0.1: take its share of the gate.
		const network = "127.0.0.1"
		for range password.AdmitPerNetworkPerWorker {
			if !srv.App.Hasher.Admit(ctx, network) {
				t.Fatal("the idle gate refused")
			}
		}
		var wg sync.WaitGroup
		answers := make([]admissionAnswer, 40)
		for i := range answers {
			wg.Go(func() {
				email := "flood@example.com"
				if i%2 == 1 {
					email = fmt.Sprintf("nobody%d@example.com", i)
				}
				var out struct{ LogIn admissionAnswer }
				srv.Client(t).Do(admissionLogIn, map[string]any{"email": email, "password": pw}, &out)
				answers[i] = out.LogIn
			})
		}
		wg.Wait()
		for i, a := range answers {
			if a.Token != nil || len(a.UserErrors) != 1 || a.UserErrors[0].Code != "RATE_LIMITED" ||
				a.UserErrors[0].RetryAfterSeconds == nil || *a.UserErrors[0].RetryAfterSeconds < 1 {
				t.Fatalf("log-in %d while the gate is full: %+v, want RATE_LIMITED with retryAfterSeconds", i, a)
			}
		}
		var signUp struct {
			SignUp struct{ UserErrors []struct{ Code string } }
		}
		srv.Client(t).Do(`mutation { signUp(input: {email: "new@example.com", password: "another strong pass phrase", acceptTerms: true}) { userErrors { code } } }`, nil, &signUp)
		if len(signUp.SignUp.UserErrors) != 1 || signUp.SignUp.UserErrors[0].Code != "RATE_LIMITED" {
			t.Fatalf("sign-up while the gate is full: %+v, want RATE_LIMITED", signUp.SignUp.UserErrors)
		}
		if after := rows(); after != before {
			t.Fatalf("refused requests wrote to the database: before %s, after %s", before, after)
		}

		for range password.AdmitPerNetworkPerWorker {
			srv.App.Hasher.Release(network)
		}
		var out struct{ LogIn admissionAnswer }
		srv.Client(t).Do(admissionLogIn, map[string]any{"email": "flood@example.com", "password": pw}, &out)
		if out.LogIn.Token == nil {
			t.Fatalf("log-in once the gate is free: %+v, want a session", out.LogIn)
		}
	})
}

// TestAdmissionGateDecidesPasswordConfirmations: a mutation that hashes a password for
// a signed-in person (changePassword here) goes through the gate as log-ins do: with
// the network's share taken it is refused with RATE_LIMITED and the password stays;
// once the gate frees, it runs.
func TestAdmissionGateDecidesPasswordConfirmations(t *testing.T) {
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store, func(c *config.Config) { c.HashWorkers = 1; c.AdmissionWait = time.Millisecond })
		ctx, db, now := t.Context(), srv.App.Store.Client, srv.Clock.Now()
		const pw, next = "correct horse battery staple", "another strong pass phrase"
		phc, err := srv.App.Hasher.Hash(ctx, pw)
		if err != nil {
			t.Fatal(err)
		}
		db.User.Create().SetEmail("confirm@example.com").SetEmailKey("confirm@example.com").
			SetPasswordHash(phc).SetEmailVerifiedAt(now).SetCreatedAt(now).ExecX(ctx)
		c := srv.Client(t)
		var in struct{ LogIn admissionAnswer }
		c.Do(admissionLogIn, map[string]any{"email": "confirm@example.com", "password": pw}, &in)
		if in.LogIn.Token == nil {
			t.Fatalf("log-in: %+v", in.LogIn)
		}
		c.Bearer = *in.LogIn.Token
		const change = `mutation($current: String!, $next: String!) {
  changePassword(input: {currentPassword: $current, newPassword: $next}) { userErrors { code } } }`
		type changed struct {
			ChangePassword struct{ UserErrors []struct{ Code string } }
		}

		const network = "127.0.0.1"
		for range password.AdmitPerNetworkPerWorker {
			if !srv.App.Hasher.Admit(ctx, network) {
				t.Fatal("the idle gate refused")
			}
		}
		var out changed
		c.Do(change, map[string]any{"current": pw, "next": next}, &out)
		if ue := out.ChangePassword.UserErrors; len(ue) != 1 || ue[0].Code != "RATE_LIMITED" {
			t.Fatalf("changePassword while the gate is full: %+v, want RATE_LIMITED", ue)
		}
		if got := db.User.Query().OnlyX(ctx).PasswordHash; got == nil || *got != phc {
			t.Fatal("a refused changePassword changed the password")
		}
		for range password.AdmitPerNetworkPerWorker {
			srv.App.Hasher.Release(network)
		}
		out = changed{}
		c.Do(change, map[string]any{"current": pw, "next": next}, &out)
		if ue := out.ChangePassword.UserErrors; len(ue) != 0 {
			t.Fatalf("changePassword once the gate is free: %+v", ue)
		}
	})
}
