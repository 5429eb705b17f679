// Package store opens accountd's database: an embedded SQLite file (pure Go, no cgo,
// no setup) by default, or PostgreSQL through lib/pq, behind one ent client.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // registers "postgres"
	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/accountd/accountd/ent"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/tracing"
)

// Store is an open database.
type Store struct {
	// Client is the ent client every use-case works through.
	Client *ent.Client
	// DB is the same connection pool, for the few statements ent cannot express.
	DB *sql.DB
	// Dialect is dialect.SQLite or dialect.Postgres.
	Dialect string
	// Log receives what Migrate applies; nil means slog.Default().
	Log *slog.Logger
	// Prepare says whether the hot path's queries may be named prepared statements,
	// kept on each connection (WithPrepare).
	Prepare bool
	// traced wraps the driver with a span per statement (WithTracing).
	traced bool
	// observe is told of each statement (WithObserver).
	observe func(ctx context.Context, op, query string)

	health *writeHealth
}

// WithTracing gives each statement run within a traced request a span (its SQL text,
// never its parameters). Without it the driver is not wrapped at all.
func WithTracing(on bool) Option { return func(s *Store) { s.traced = on } }

// WithObserver has f called before each statement, transaction begin, commit and
// rollback, with its context, operation and SQL text (tracing.OpenDB): for tests that
// count what a request writes, or cut it off at a given statement. Without it (and
// without tracing) the driver is not wrapped.
func WithObserver(f func(ctx context.Context, op, query string)) Option {
	return func(s *Store) { s.observe = f }
}

// open is sql.Open, through the tracing wrapper when asked.
func (s *Store) open(driver, dsn, system string) (*sql.DB, error) {
	if s.traced || s.observe != nil {
		return tracing.OpenDB(driver, dsn, system, s.traced, s.observe)
	}
	return sql.Open(driver, dsn)
}

// Option changes how Open connects.
type Option func(*Store)

// WithPrepare(false) tells the store that a connection pooler in transaction mode
// (PgBouncer before 1.21, or without max_prepared_statements) may run each statement on
// another server connection: nothing may be prepared on one connection and used later.
// Statements then go as unnamed ones, parsed, bound and run in one round trip (lib/pq's
// binary_parameters, which Open sets). By default they may be prepared.
func WithPrepare(prepare bool) Option { return func(s *Store) { s.Prepare = prepare } }

// maxPostgresConns is the pool of one process; size PostgreSQL's max_connections for it
// times the processes (README).
const maxPostgresConns = 32

// Open connects to the database named by an ACCOUNTD_DATABASE_URL value and checks
// that it answers.
func Open(ctx context.Context, databaseURL string, opts ...Option) (*Store, error) {
	settings := Store{Prepare: true}
	for _, o := range opts {
		o(&settings)
	}
	driver, target, err := config.ParseDatabaseURL(databaseURL)
	if err != nil {
		return nil, err
	}
	var (
		db   *sql.DB
		dial string
	)
	switch driver {
	case "sqlite":
		if dir := filepath.Dir(target); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("store: create %s: %w", dir, err)
			}
		}
		db, err = settings.open("sqlite", sqliteDSN(target), "sqlite")
		dial = dialect.SQLite
		// One writer at a time is SQLite's nature; WAL lets readers go on meanwhile.
		// Immediate transactions take the write lock up front, so two transactions
		// never deadlock upgrading a read lock, and busy_timeout queues writers.
		db.SetMaxOpenConns(8)
	case "postgres":
		target = withBinaryParameters(target)
		if !settings.Prepare && !binaryParameters(target) {
			// Without binary parameters lib/pq parses a statement in one exchange and
			// runs it in a second: a transaction-mode pooler may put the two on
			// different server connections, and the unnamed statement is gone.
			return nil, errors.New("store: ACCOUNTD_DATABASE_PREPARE=false needs binary_parameters=yes in ACCOUNTD_DATABASE_URL (the default when it is left out)")
		}
		db, err = settings.open("postgres", target, "postgresql")
		dial = dialect.Postgres
		// As many idle as open: with fewer, a burst above the idle count closes each
		// connection it no longer needs at once and opens it again for the next
		// request, and a new PostgreSQL connection is a process fork (the load test's
		// 200 concurrent log-ins spent 40% of the machine in the kernel that way). The
		// idle time still returns them after a burst.
		db.SetMaxOpenConns(maxPostgresConns)
		db.SetMaxIdleConns(maxPostgresConns)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", driver, err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", driver, err)
	}
	health := &writeHealth{}
	client := ent.NewClient(ent.Driver(watchedDriver{Driver: entsql.OpenDB(dial, db), health: health}))
	return &Store{Client: client, DB: db, Dialect: dial, health: health, Prepare: settings.Prepare}, nil
}

// withBinaryParameters asks lib/pq to send parameters in binary, which lets it run a
// query in one round trip instead of two (prepare, then execute): the authentication
// lookup of every request is the hot path. A URL that sets the option keeps its choice.
func withBinaryParameters(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	if q.Has("binary_parameters") {
		return dsn
	}
	q.Set("binary_parameters", "yes")
	u.RawQuery = q.Encode()
	return u.String()
}

// binaryParameters reports whether a PostgreSQL URL turns lib/pq's binary_parameters on.
func binaryParameters(dsn string) bool {
	u, err := url.Parse(dsn)
	if err != nil {
		return false
	}
	switch u.Query().Get("binary_parameters") {
	case "yes", "on", "true", "1":
		return true
	}
	return false
}

// Ping checks that the database answers (Ready also checks that writes work).
func (s *Store) Ping(ctx context.Context) error { return s.DB.PingContext(ctx) }

// Close closes the connection pool.
func (s *Store) Close() error { return s.Client.Close() }

func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}
