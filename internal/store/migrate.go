package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	entmigrate "github.com/accountd/accountd/ent/migrate"
	"github.com/accountd/accountd/migrations"
)

// migrateMu serialises ent's schema work within a process: ent's migration mutates its
// package-level table descriptions, so two at once (tests do this) race.
var migrateMu sync.Mutex

// Migrate brings the schema up to date. PostgreSQL applies the versioned migrations
// embedded from migrations/postgres, under a PostgreSQL advisory lock held for the whole
// run, so any number of processes may start at once: one applies, the others wait and
// then find nothing to do. SQLite (the embedded dev store) keeps ent's auto-migration.
func (s *Store) Migrate(ctx context.Context) error {
	if s.Dialect == dialect.Postgres {
		p, err := s.migrations()
		if err != nil {
			return err
		}
		results, err := p.Up(ctx)
		if err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		for _, r := range results {
			s.log().InfoContext(ctx, "applied migration", "file", r.Source.Path, "duration", r.Duration.String())
		}
		return nil
	}
	migrateMu.Lock()
	defer migrateMu.Unlock()
	if err := s.macSQLiteUserCodes(ctx); err != nil {
		return err
	}
	if err := s.Client.Schema.Create(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if err := s.moveSQLiteInvitations(ctx); err != nil {
		return err
	}
	// PostgreSQL normalizes names once, in a Go migration; SQLite, the dev store, at
	// every start (a database with nothing to change is only read).
	if _, err := migrations.NormalizeNames(ctx, s.DB, "?", "?"); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// sqliteInvitationMoves move fleet invitations kept as one-time tokens (before
// fleet_invitations existed) into their table, on an SQLite database made by an older
// binary: ent's auto-migration adds tables and columns but moves no rows. The same
// statements as the PostgreSQL migration 20261130121403_fleet_invitations; on a
// database with nothing to move they change nothing.
var sqliteInvitationMoves = []string{
	`INSERT INTO fleet_invitations (id, created_at, email, role, fleet_id, inviter_id)
	SELECT 'inv_' || substr(t.id, 5), t.created_at, t.email, json_extract(t.data, '$.role'), json_extract(t.data, '$.fleet_id'), t.user_id
	FROM one_time_tokens t
	WHERE t.purpose = 'fleet_invitation' AND t.invitation_id IS NULL AND t.used_at IS NULL AND t.email <> ''
	  AND json_extract(t.data, '$.role') IN ('DEVELOPER', 'OPERATOR', 'OBSERVER')
	  AND EXISTS (SELECT 1 FROM fleets f WHERE f.id = json_extract(t.data, '$.fleet_id'))
	  AND EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id)`,
	`UPDATE one_time_tokens SET invitation_id = 'inv_' || substr(id, 5), data = NULL
	WHERE purpose = 'fleet_invitation' AND invitation_id IS NULL
	  AND EXISTS (SELECT 1 FROM fleet_invitations i WHERE i.id = 'inv_' || substr(one_time_tokens.id, 5))`,
	`DELETE FROM one_time_tokens WHERE purpose = 'fleet_invitation' AND invitation_id IS NULL`,
}

func (s *Store) moveSQLiteInvitations(ctx context.Context) error {
	return s.execSQLite(ctx, "move invitations", sqliteInvitationMoves, nil)
}

// ErrSchemaBehind is CheckSchema's answer when migrations are waiting to be applied.
var ErrSchemaBehind = errors.New("the database schema is behind this binary: run `accountd migrate` (or set ACCOUNTD_AUTO_MIGRATE=true)")

// CheckSchema reports ErrSchemaBehind when a PostgreSQL database lacks migrations this
// binary has: serving on an older schema would fail request by request instead.
func (s *Store) CheckSchema(ctx context.Context) error {
	if s.Dialect != dialect.Postgres {
		return nil
	}
	p, err := s.migrations()
	if err != nil {
		return err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("store: check schema version: %w", err)
	}
	if pending {
		return ErrSchemaBehind
	}
	return nil
}

// migrations is goose over the store's pool. Never Close it: that closes the pool.
func (s *Store) migrations() (*goose.Provider, error) {
	p, err := goose.NewProvider(goose.DialectPostgres, s.DB, migrations.Postgres(),
		goose.WithLocker(&migrationLock{}), goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(migrations.Go()...))
	if err != nil {
		return nil, fmt.Errorf("store: load migrations: %w", err)
	}
	return p, nil
}

// migrationLock lets one process at a time migrate: PostgreSQL's transaction-level
// advisory lock, taken in a transaction held open for the whole run. A session-level
// lock would not do behind a connection pooler in transaction mode: the pooler hands
// the server session (and the lock) to another client after each statement, and the
// unlock may reach another session. A transaction keeps its server session until it
// ends, directly or through any pooler. The key is goose's default one, so a process
// of an older release (which takes it as a session lock) and this one exclude each other.
type migrationLock struct{ tx *sql.Tx }

// migrationLockWait bounds the wait for another process's migration.
const migrationLockWait = "5min"

// Lock waits for the lock.
func (l *migrationLock) Lock(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: migration lock: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("SET LOCAL lock_timeout = '%s'; SELECT pg_advisory_xact_lock(%d)",
		migrationLockWait, lock.DefaultLockID)); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("store: migration lock: %w", err)
	}
	l.tx = tx
	return nil
}

// Unlock ends the transaction, which releases the lock.
func (l *migrationLock) Unlock(context.Context, *sql.DB) error {
	if l.tx == nil {
		return nil
	}
	err := l.tx.Rollback()
	l.tx = nil
	return err
}

// PendingSchemaChanges returns the SQL statements that would bring the connected
// database to the ent schema: none when the migrations applied so far describe it
// exactly. Tables other than ent's (goose's version table) are ignored.
func (s *Store) PendingSchemaChanges(ctx context.Context) ([]string, error) {
	migrateMu.Lock()
	defer migrateMu.Unlock()
	dir := &atlasmigrate.MemDir{}
	m, err := schema.NewMigrate(entsql.OpenDB(s.Dialect, s.DB),
		schema.WithDir(dir), schema.WithMigrationMode(schema.ModeInspect), schema.WithDialect(s.Dialect),
		schema.WithDropColumn(true), schema.WithDropIndex(true), schema.WithErrNoPlan(true))
	if err != nil {
		return nil, err
	}
	switch err := m.NamedDiff(ctx, "pending", entmigrate.Tables...); {
	case errors.Is(err, atlasmigrate.ErrNoPlan):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("store: diff schema: %w", err)
	}
	files, err := dir.Files()
	if err != nil {
		return nil, err
	}
	var stmts []string
	for _, f := range files {
		if !strings.HasSuffix(f.Name(), ".up.sql") { // the default formatter also writes the reverse
			continue
		}
		for _, line := range strings.Split(string(f.Bytes()), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "--") {
				stmts = append(stmts, line)
			}
		}
	}
	return stmts, nil
}

func (s *Store) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}
