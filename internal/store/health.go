package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"
	"modernc.org/sqlite"
)

// writeHealth remembers whether the database last refused a write for a reason of its
// own storage (a full disk, a read-only file or server, an I/O error) rather than of
// the statement: the case where the database still answers a ping while every write
// fails, which readiness must not miss.
type writeHealth struct {
	mu      sync.Mutex
	failing error // the storage error of the last write, nil once a write succeeded
}

// observe takes the outcome of a write that is durable when it succeeds, and returns
// it.
func (h *writeHealth) observe(err error) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case err == nil:
		h.failing = nil
	case storageError(err):
		h.failing = err
	}
	return err
}

// observeFailure takes the outcome of a statement whose success proves nothing (a
// query, a write inside a transaction), and returns it.
func (h *writeHealth) observeFailure(err error) error {
	if err != nil {
		h.observe(err)
	}
	return err
}

func (h *writeHealth) err() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.failing
}

// storageError reports whether err is the database failing to store, whatever the
// statement: SQLite's FULL, IOERR, READONLY, CANTOPEN, CORRUPT and NOTADB;
// PostgreSQL's class 53 (insufficient resources, such as disk_full), class 58 (system
// error, such as io_error) and read_only_sql_transaction (a standby, or
// default_transaction_read_only).
func storageError(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case 13, 10, 8, 14, 11, 26:
			return true
		}
		return false
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		code := string(pe.Code)
		return strings.HasPrefix(code, "53") || strings.HasPrefix(code, "58") || code == "25006"
	}
	return false
}

// watchedDriver is ent's driver with every write's outcome told to a writeHealth: a
// committed transaction or a statement outside one clears it, a storage error sets it.
// A statement's failure after its context ended is reported as that (Cancelled).
type watchedDriver struct {
	dialect.Driver
	health *writeHealth
}

func (d watchedDriver) Exec(ctx context.Context, query string, args, v any) error {
	return d.health.observe(Cancelled(ctx, d.Driver.Exec(ctx, query, args, v)))
}

// Query tells only a failure: a query that succeeds may have written nothing (an
// INSERT ... RETURNING, PostgreSQL's insert, fails like a write).
func (d watchedDriver) Query(ctx context.Context, query string, args, v any) error {
	return d.health.observeFailure(Cancelled(ctx, d.Driver.Query(ctx, query, args, v)))
}

func (d watchedDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	return d.watch(d.Driver.Tx(ctx))
}

// BeginTx keeps ent's Client.BeginTx working through the wrapper.
func (d watchedDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return nil, errors.New("store: the driver does not support BeginTx")
	}
	return d.watch(b.BeginTx(ctx, opts))
}

// watch wraps a transaction just begun, or tells the failure to begin one.
func (d watchedDriver) watch(tx dialect.Tx, err error) (dialect.Tx, error) {
	if err != nil {
		return nil, d.health.observeFailure(err)
	}
	return watchedTx{Tx: tx, health: d.health}, nil
}

type watchedTx struct {
	dialect.Tx
	health *writeHealth
}

// Exec inside a transaction can only tell a failure: its success is not durable yet.
func (t watchedTx) Exec(ctx context.Context, query string, args, v any) error {
	return t.health.observeFailure(Cancelled(ctx, t.Tx.Exec(ctx, query, args, v)))
}

func (t watchedTx) Query(ctx context.Context, query string, args, v any) error {
	return t.health.observeFailure(Cancelled(ctx, t.Tx.Query(ctx, query, args, v)))
}

func (t watchedTx) Commit() error {
	return t.health.observe(t.Tx.Commit())
}

// Ready is readiness: the database answers, and writes work. After a write failed for
// lack of storage (a full disk, a read-only database), it is not ready until a write
// succeeds again: a real one, or the probe it makes itself, which writes one row to a
// table of its own (accountd_write_probe, outside the schema of ent) and commits it.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	if s.health == nil || s.health.err() == nil {
		return nil
	}
	if err := s.health.observe(s.probeWrite(ctx)); err != nil {
		return fmt.Errorf("store: writes fail: %w", err)
	}
	return nil
}

// probeWrite commits a write that needs room in the database: two statements, each
// its own transaction (lib/pq begins explicit transactions READ WRITE, which would
// override a read-only default that ent's own writes meet).
func (s *Store) probeWrite(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := s.DB.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS accountd_write_probe (id integer PRIMARY KEY, at text NOT NULL)`); err != nil {
		return err
	}
	_, err := s.DB.ExecContext(ctx, `INSERT INTO accountd_write_probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at`,
		time.Now().UTC().Format(time.RFC3339Nano))
	return err
}
