package testkit

import (
	"context"
	"strings"
	"sync"
)

// DBProbe sees the database operations of the contexts it watches, on a server made by
// NewProbedServer: a test counts what one request writes and commits, or cuts the
// request off (cancels its context) just before its nth operation, as a client that
// hangs up at that moment. Operations of anything else (workers, other requests) are
// not seen.
type DBProbe struct{}

// DBOp is one operation: Op is "begin", "commit", "rollback" or "statement"; Query is
// a statement's SQL text.
type DBOp struct {
	Op    string
	Query string
}

type probeKey struct{}

// probeWatch is what the probe saw of one watched context.
type probeWatch struct {
	mu  sync.Mutex
	ops []DBOp
	// cutAt > 0 cancels the context just before its cutAt-th operation.
	cutAt  int
	cancel context.CancelFunc
}

// Watched is a watched context: what runs with it (or contexts made from it) is
// recorded.
type Watched struct{ w *probeWatch }

// Watch returns ctx, watched.
func (p *DBProbe) Watch(ctx context.Context) (context.Context, *Watched) {
	w := &probeWatch{}
	return context.WithValue(ctx, probeKey{}, w), &Watched{w}
}

// CutOff returns ctx, watched and cancelled just before its nth operation (1 is the
// first: a begin, commit, rollback or statement) is handed to the driver. The
// operation then runs with a cancelled context, as when a client hangs up while the
// request waits for it. cancel releases the context's resources.
func (p *DBProbe) CutOff(ctx context.Context, n int) (context.Context, *Watched, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	w := &probeWatch{cutAt: n, cancel: cancel}
	return context.WithValue(ctx, probeKey{}, w), &Watched{w}, cancel
}

func (p *DBProbe) observe(ctx context.Context, op, query string) {
	w, ok := ctx.Value(probeKey{}).(*probeWatch)
	if !ok {
		return
	}
	var kind string
	switch op {
	case "sql.conn.begin_tx":
		kind = "begin"
	case "sql.tx.commit":
		kind = "commit"
	case "sql.tx.rollback":
		kind = "rollback"
	case "sql.conn.exec", "sql.conn.query", "sql.stmt.exec", "sql.stmt.query":
		kind = "statement"
	default: // prepare, ping, session reset: no work of the request's own
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ops = append(w.ops, DBOp{Op: kind, Query: query})
	if w.cutAt > 0 && len(w.ops) == w.cutAt {
		w.cancel()
	}
}

// Ops returns the operations seen so far.
func (w *Watched) Ops() []DBOp {
	w.w.mu.Lock()
	defer w.w.mu.Unlock()
	return append([]DBOp(nil), w.w.ops...)
}

// Statements counts the statements seen (begins, commits and rollbacks aside).
func (w *Watched) Statements() int {
	n := 0
	for _, o := range w.Ops() {
		if o.Op == "statement" {
			n++
		}
	}
	return n
}

// Commits counts the commits seen: each transaction's commit, and each statement that
// writes outside a transaction (it commits on its own). The request is taken to run
// its operations one after the other, as accountd's use-cases do.
func (w *Watched) Commits() int {
	n, inTx := 0, false
	for _, o := range w.Ops() {
		switch o.Op {
		case "begin":
			inTx = true
		case "commit":
			inTx = false
			n++
		case "rollback":
			inTx = false
		case "statement":
			if !inTx && writes(o.Query) {
				n++
			}
		}
	}
	return n
}

// writes says whether a statement may write: anything but a SELECT.
func writes(query string) bool {
	q := strings.ToUpper(strings.TrimSpace(query))
	return !strings.HasPrefix(q, "SELECT")
}
