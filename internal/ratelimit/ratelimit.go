// Package ratelimit keeps fixed-window counters in the database, so every accountd
// process serving one database enforces the same limits, and a restart forgets none.
package ratelimit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/ent/ratelimit"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/limits"
	"github.com/accountd/accountd/internal/store"
)

// Rule is at most Limit hits per Window; internal/limits holds the table of every rule
// accountd enforces.
type Rule = limits.Rule

// Limiter counts hits in the database.
type Limiter struct {
	st  *store.Store
	now func() time.Time
	hit string
	// hitUnless is hit, skipped while another counter is at its limit (HitUnless).
	hitUnless string
	// refused is told the rule name of each refusal (metrics).
	refused func(rule string)
}

// New returns a Limiter over the store; now is the clock.
func New(st *store.Store, now func() time.Time) *Limiter {
	// One statement both counts the hit and tells the count: an atomic increment, so
	// concurrent requests can never all see "below the limit" (Keycloak CVE-2024-4629).
	// A window that has ended starts again at 1. SET expressions read the old row.
	q := `INSERT INTO ` + ratelimit.Table + ` (id, hits, window_ends_ms) VALUES ($1, 1, $2)
ON CONFLICT (id) DO UPDATE SET
  hits = CASE WHEN ` + ratelimit.Table + `.window_ends_ms <= $3 THEN 1 ELSE ` + ratelimit.Table + `.hits + 1 END,
  window_ends_ms = CASE WHEN ` + ratelimit.Table + `.window_ends_ms <= $3 THEN $2 ELSE ` + ratelimit.Table + `.window_ends_ms END
RETURNING hits, window_ends_ms`
	// The same, counted only while the guard counter $4 is below its limit $5 in its
	// current window: no row comes back when it is not. (SQLite wants the WHERE of an
	// INSERT ... SELECT that has an upsert.)
	unless := strings.Replace(q, `VALUES ($1, 1, $2)`, `SELECT $1, 1, $2 WHERE NOT EXISTS (
  SELECT 1 FROM `+ratelimit.Table+` guard WHERE guard.id = $4 AND guard.window_ends_ms > $3 AND guard.hits >= $5)`, 1)
	if st.Dialect == dialect.SQLite {
		q = strings.ReplaceAll(q, "$", "?")
		unless = strings.ReplaceAll(unless, "$", "?")
	}
	return &Limiter{st: st, now: now, hit: q, hitUnless: unless, refused: func(string) {}}
}

// OnRefusal sets f to be called with the rule name (the key's prefix, Rule.Name) of
// every refusal.
// Call it before the limiter is used.
func (l *Limiter) OnRefusal(f func(rule string)) { l.refused = f }

// Allow counts a hit against key and returns a RateLimited fault when the rule's
// limit is exceeded in the current window.
func (l *Limiter) Allow(ctx context.Context, key string, r Rule) error {
	_, err := l.Hit(ctx, key, r)
	return err
}

// Count is a counter after a hit: its hits in the current window and when the window
// ends.
type Count struct {
	Hits int
	Ends time.Time
}

// Hit counts a hit against key like Allow, and also returns the counter, so a caller
// can act once when a limit is reached.
func (l *Limiter) Hit(ctx context.Context, key string, r Rule) (Count, error) {
	now := l.now().UnixMilli()
	var hits int
	var endsMs int64
	row := l.st.DB.QueryRowContext(ctx, l.hit, key, now+r.Window.Milliseconds(), now)
	if err := row.Scan(&hits, &endsMs); err != nil {
		return Count{}, fmt.Errorf("rate limit %s: %w", name(key), store.Cancelled(ctx, err))
	}
	return l.count(key, r, now, hits, endsMs)
}

// count is the Count of key after a hit that left it at hits until endsMs, and the
// refusal when that is past r's limit.
func (l *Limiter) count(key string, r Rule, now int64, hits int, endsMs int64) (Count, error) {
	c := Count{Hits: hits, Ends: time.UnixMilli(endsMs).UTC()}
	if hits > r.Limit {
		l.refused(name(key))
		return c, fault.Limited(time.Duration(endsMs-now) * time.Millisecond)
	}
	return c, nil
}

// HitUnless is Check of guard under its rule g, then Hit of key under r, in one
// statement: a refusal by guard (a fault like Check's) counts no hit against key. A log-in
// checks its client's failures and counts its attempt against the address so, in one
// round trip before the hash.
func (l *Limiter) HitUnless(ctx context.Context, key string, r Rule, guard string, g Rule) (Count, error) {
	now := l.now().UnixMilli()
	var hits int
	var endsMs int64
	err := l.st.DB.QueryRowContext(ctx, l.hitUnless, key, now+r.Window.Milliseconds(), now, guard, g.Limit).
		Scan(&hits, &endsMs)
	if errors.Is(err, sql.ErrNoRows) {
		// The guard is at its limit. Check tells the refusal with its retry time; if
		// the guard's window has just ended, the hit is counted after all.
		if err := l.Check(ctx, guard, g); err != nil {
			return Count{}, err
		}
		return l.Hit(ctx, key, r)
	}
	if err != nil {
		return Count{}, fmt.Errorf("rate limit %s: %w", name(key), store.Cancelled(ctx, err))
	}
	return l.count(key, r, now, hits, endsMs)
}

// Check reports, without counting, whether one more hit against key would be refused:
// for limits that count only failures, checked before the attempt.
func (l *Limiter) Check(ctx context.Context, key string, r Rule) error {
	now := l.now().UnixMilli()
	c, err := l.st.Client.RateLimit.Query().
		Where(ratelimit.ID(key), ratelimit.WindowEndsMsGT(now)).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("rate limit %s: %w", name(key), err)
	}
	if c.Hits >= r.Limit {
		l.refused(name(key))
		return fault.Limited(time.Duration(c.WindowEndsMs-now) * time.Millisecond)
	}
	return nil
}

// Unhit takes back one hit of key, for a request that was counted and then turned
// away before it did what the limit guards (a full hashing queue): it must not use up
// anyone's allowance.
func (l *Limiter) Unhit(ctx context.Context, key string) error {
	if _, err := l.st.Client.RateLimit.Update().
		Where(ratelimit.ID(key), ratelimit.HitsGT(0)).
		AddHits(-1).
		Save(ctx); err != nil {
		return fmt.Errorf("rate limit %s: take back a hit: %w", name(key), err)
	}
	return nil
}

// Extend makes the current window of key last at least until until, keeping its hits:
// a lock that grows. It returns when the window now ends (the later of the two); a key
// without a counter is left alone.
func (l *Limiter) Extend(ctx context.Context, key string, until time.Time) error {
	ms := until.UnixMilli()
	if _, err := l.st.Client.RateLimit.Update().
		Where(ratelimit.ID(key), ratelimit.WindowEndsMsLT(ms)).
		SetWindowEndsMs(ms).
		Save(ctx); err != nil {
		return fmt.Errorf("rate limit %s: extend: %w", name(key), err)
	}
	return nil
}

// Reset forgets the hits of key, as a successful log-in forgets the failures before it.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	return ResetIn(ctx, l.st.Client, key)
}

// ResetIn is Reset through db: a transaction's client, so the reset commits with what
// else the transaction writes (a log-in's session), or not at all.
func ResetIn(ctx context.Context, db *ent.Client, key string) error {
	if _, err := db.RateLimit.Delete().Where(ratelimit.ID(key)).Exec(ctx); err != nil {
		return fmt.Errorf("rate limit %s: reset: %w", name(key), err)
	}
	return nil
}

// name is the readable part of a key, for errors and logs.
func name(key string) string { return strings.SplitN(key, ":", 2)[0] }

// Prune deletes counters whose window ended before the given age, to keep the table
// small.
func (l *Limiter) Prune(ctx context.Context, olderThan time.Duration) (int, error) {
	return l.st.Client.RateLimit.Delete().
		Where(ratelimit.WindowEndsMsLT(l.now().Add(-olderThan).UnixMilli())).
		Exec(ctx)
}
