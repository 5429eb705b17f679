// Package ratelimit keeps fixed-window counters in the database, so every accountd
// process serving one database enforces the same limits, and a restart forgets none.
package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/accountd/accountd/ent/ratelimit"
	"github.com/accountd/accountd/internal/fault"
	"github.com/accountd/accountd/internal/store"
)

// Rule is at most Limit hits per Window.
type Rule struct {
	Limit  int
	Window time.Duration
}

// Limiter counts hits in the database.
type Limiter struct {
	st  *store.Store
	now func() time.Time
	hit string
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
	if st.Dialect == dialect.SQLite {
		q = strings.ReplaceAll(q, "$", "?")
	}
	return &Limiter{st: st, now: now, hit: q, refused: func(string) {}}
}

// OnRefusal sets f to be called with the rule name (the key's prefix) of every refusal.
// Call it before the limiter is used.
func (l *Limiter) OnRefusal(f func(rule string)) { l.refused = f }

// Key builds a counter key from a name and the parts it counts by. The parts (email
// addresses, IPs) are hashed: the table holds no personal data.
func Key(name string, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return name + ":" + hex.EncodeToString(h[:16])
}

// Allow counts a hit against key and returns a RateLimited fault when the rule's
// limit is exceeded in the current window.
func (l *Limiter) Allow(ctx context.Context, key string, r Rule) error {
	now := l.now().UnixMilli()
	var hits int
	var endsMs int64
	row := l.st.DB.QueryRowContext(ctx, l.hit, key, now+r.Window.Milliseconds(), now)
	if err := row.Scan(&hits, &endsMs); err != nil {
		return fmt.Errorf("rate limit %s: %w", strings.SplitN(key, ":", 2)[0], err)
	}
	if hits > r.Limit {
		l.refused(strings.SplitN(key, ":", 2)[0])
		return fault.Limited(time.Duration(endsMs-now) * time.Millisecond)
	}
	return nil
}

// Prune deletes counters whose window ended before the given age, to keep the table
// small.
func (l *Limiter) Prune(ctx context.Context, olderThan time.Duration) (int, error) {
	return l.st.Client.RateLimit.Delete().
		Where(ratelimit.WindowEndsMsLT(l.now().Add(-olderThan).UnixMilli())).
		Exec(ctx)
}
