package onetime_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/onetime"
	"github.com/accountd/accountd/internal/testkit"
	"github.com/accountd/accountd/internal/token"
)

// setup returns a migrated database of the store with one account, the store on a
// hand-moved clock, and the account's id.
func setup(t *testing.T, storeName string) (*ent.Client, onetime.Store, *testkit.Clock, string) {
	t.Helper()
	db := testkit.NewStore(t, storeName).Client
	clock := testkit.NewClock()
	u, err := db.User.Create().SetEmail("owner@example.com").SetEmailKey("owner@example.com").
		SetCreatedAt(clock.Now()).Save(context.Background())
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return db, onetime.Store{Now: clock.Now}, clock, u.ID
}

// eachStore runs f per store (testkit.ForEachStore) on a fresh setup.
func eachStore(t *testing.T, f func(t *testing.T, ctx context.Context, db *ent.Client, s onetime.Store, clock *testkit.Clock, uid string)) {
	t.Helper()
	testkit.ForEachStore(t, func(t *testing.T, storeName string) {
		db, s, clock, uid := setup(t, storeName)
		f(t, context.Background(), db, s, clock, uid)
	})
}

// issue issues a token of kind k for the account in its own transaction.
func issue(t *testing.T, db *ent.Client, s onetime.Store, k onetime.Kind, userID string) (string, *ent.OneTimeToken) {
	t.Helper()
	var secret string
	var row *ent.OneTimeToken
	inTx(t, db, func(tx *ent.Tx) (err error) {
		secret, row, err = s.Issue(context.Background(), tx, k, onetime.Ticket{UserID: userID, Email: "owner@example.com", TTL: time.Hour})
		return err
	})
	return secret, row
}

func inTx(t *testing.T, db *ent.Client, fn func(tx *ent.Tx) error) {
	t.Helper()
	if err := tryTx(db, fn); err != nil {
		t.Fatalf("transaction: %v", err)
	}
}

func tryTx(db *ent.Client, fn func(tx *ent.Tx) error) error {
	tx, err := db.Tx(context.Background())
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// TestIssueFindRedeem: a secret has its kind's prefix, is stored only as its hash, is
// found while live, works once, and not after it expires; a secret of another kind,
// or garbage, is ErrInvalid.
func TestIssueFindRedeem(t *testing.T) {
	eachStore(t, func(t *testing.T, ctx context.Context, db *ent.Client, s onetime.Store, clock *testkit.Clock, uid string) {
		secret, row := issue(t, db, s, onetime.ResetPassword, uid)
		if !strings.HasPrefix(secret, token.ResetPassword) {
			t.Fatalf("secret %q lacks the prefix %q", secret, token.ResetPassword)
		}
		if string(row.TokenHash) != string(token.Hash(secret)) || strings.Contains(string(row.TokenHash), secret) {
			t.Fatal("the row does not hold the secret's SHA-256 (and only that)")
		}
		for _, bad := range []struct {
			k      onetime.Kind
			secret string
		}{
			{onetime.VerifyEmail, secret},                   // another kind
			{onetime.ResetPassword, secret + "x"},           // unknown
			{onetime.ResetPassword, "acd_rst_"},             // empty
			{onetime.ResetPassword, strings.Repeat("a", 9)}, // no prefix
		} {
			if _, err := s.Find(ctx, db, bad.k, bad.secret); !errors.Is(err, onetime.ErrInvalid) {
				t.Errorf("Find(%s, %q) = %v, want ErrInvalid", bad.k.Purpose, bad.secret, err)
			}
		}
		found, err := s.Find(ctx, db, onetime.ResetPassword, secret, func(q *ent.OneTimeTokenQuery) { q.WithUser() })
		if err != nil || found.ID != row.ID || found.Edges.User == nil || found.Edges.User.ID != uid {
			t.Fatalf("Find = %v, %v; want the issued token with its user", found, err)
		}
		inTx(t, db, func(tx *ent.Tx) error { return s.Redeem(ctx, tx, found, 0) })
		if err := tryTx(db, func(tx *ent.Tx) error { return s.Redeem(ctx, tx, found, 0) }); !errors.Is(err, onetime.ErrInvalid) {
			t.Fatalf("second Redeem = %v, want ErrInvalid", err)
		}
		if _, err := s.Find(ctx, db, onetime.ResetPassword, secret); !errors.Is(err, onetime.ErrInvalid) {
			t.Fatalf("Find after use = %v, want ErrInvalid", err)
		}

		secret2, row2 := issue(t, db, s, onetime.ResetPassword, uid)
		clock.Advance(time.Hour)
		if _, err := s.Find(ctx, db, onetime.ResetPassword, secret2); !errors.Is(err, onetime.ErrInvalid) {
			t.Fatalf("Find after expiry = %v, want ErrInvalid", err)
		}
		if err := tryTx(db, func(tx *ent.Tx) error { return s.Redeem(ctx, tx, row2, 0) }); !errors.Is(err, onetime.ErrInvalid) {
			t.Fatalf("Redeem after expiry = %v, want ErrInvalid", err)
		}
	})
}

// TestRedeemRollsBackWithTheFlow: a redemption belongs to the caller's transaction;
// when the flow fails after it, the token still works.
func TestRedeemRollsBackWithTheFlow(t *testing.T) {
	eachStore(t, func(t *testing.T, ctx context.Context, db *ent.Client, s onetime.Store, _ *testkit.Clock, uid string) {
		secret, row := issue(t, db, s, onetime.VerifyEmail, uid)
		failed := errors.New("the flow failed")
		err := tryTx(db, func(tx *ent.Tx) error {
			if err := s.Redeem(ctx, tx, row, 0); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatalf("transaction = %v, want the flow's error", err)
		}
		if _, err := s.Find(ctx, db, onetime.VerifyEmail, secret); err != nil {
			t.Fatalf("Find after a rolled-back redemption = %v, want the live token", err)
		}
	})
}

// TestRedeemOnceUnderConcurrency: of many concurrent redemptions of one token, exactly
// one succeeds.
func TestRedeemOnceUnderConcurrency(t *testing.T) {
	eachStore(t, func(t *testing.T, ctx context.Context, db *ent.Client, s onetime.Store, _ *testkit.Clock, uid string) {
		_, row := issue(t, db, s, onetime.FleetInvitation, uid)
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = tryTx(db, func(tx *ent.Tx) error { return s.Redeem(ctx, tx, row, 0) })
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, onetime.ErrInvalid), isBusy(err):
			default:
				t.Errorf("Redeem: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d redemptions succeeded, want exactly 1", ok)
		}
	})
}

// isBusy reports SQLite's refusal of a concurrent writer, which loses the race as well.
func isBusy(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked"))
}

// TestCountAttempt: a token takes at most max attempts, and Redeem refuses one that
// took more.
func TestCountAttempt(t *testing.T) {
	eachStore(t, func(t *testing.T, ctx context.Context, db *ent.Client, s onetime.Store, _ *testkit.Clock, uid string) {
		secret, _ := issue(t, db, s, onetime.TwoFactorChallenge, uid)
		var last *ent.OneTimeToken
		for i := range 3 {
			row, err := s.CountAttempt(ctx, db, onetime.TwoFactorChallenge, secret, 3)
			if err != nil {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
			last = row
		}
		if _, err := s.CountAttempt(ctx, db, onetime.TwoFactorChallenge, secret, 3); !errors.Is(err, onetime.ErrInvalid) {
			t.Fatalf("fourth attempt = %v, want ErrInvalid", err)
		}
		if err := tryTx(db, func(tx *ent.Tx) error { return s.Redeem(ctx, tx, last, 2) }); !errors.Is(err, onetime.ErrInvalid) {
			t.Fatalf("Redeem of a token with 3 attempts under a limit of 2 = %v, want ErrInvalid", err)
		}
		inTx(t, db, func(tx *ent.Tx) error { return s.Redeem(ctx, tx, last, 3) })
	})
}

// TestRetire: retiring deletes the account's tokens of the kind but the one kept, and
// no other kind.
func TestRetire(t *testing.T) {
	eachStore(t, func(t *testing.T, ctx context.Context, db *ent.Client, s onetime.Store, _ *testkit.Clock, uid string) {
		old, _ := issue(t, db, s, onetime.VerifyEmail, uid)
		keep, keepRow := issue(t, db, s, onetime.VerifyEmail, uid)
		other, _ := issue(t, db, s, onetime.ResetPassword, uid)
		inTx(t, db, func(tx *ent.Tx) error { return s.Retire(ctx, tx, uid, onetime.VerifyEmail, keepRow.ID) })
		if _, err := s.Find(ctx, db, onetime.VerifyEmail, old); !errors.Is(err, onetime.ErrInvalid) {
			t.Errorf("retired token: Find = %v, want ErrInvalid", err)
		}
		if _, err := s.Find(ctx, db, onetime.VerifyEmail, keep); err != nil {
			t.Errorf("kept token: Find = %v", err)
		}
		if _, err := s.Find(ctx, db, onetime.ResetPassword, other); err != nil {
			t.Errorf("token of another kind: Find = %v", err)
		}
		inTx(t, db, func(tx *ent.Tx) error { return s.Retire(ctx, tx, uid, onetime.VerifyEmail, "") })
		if _, err := s.Find(ctx, db, onetime.VerifyEmail, keep); !errors.Is(err, onetime.ErrInvalid) {
			t.Errorf("after retiring all: Find = %v, want ErrInvalid", err)
		}
	})
}
