package store

import (
	"context"
	"database/sql"
	"fmt"
)

// sqliteUserCodeMACs move an SQLite database made by an older binary from user codes
// stored as SHA-256 (device_authorizations.user_code_hash) to user codes stored as a
// MAC (user_code_mac): ent's auto-migration would add the new column beside the old
// one, and cannot add a NOT NULL column to a table with rows. The same steps as the
// PostgreSQL migration 20261130174443_device_user_code_mac: pending requests are
// deleted (their clients start over), decided ones get a random value in place of their
// code's SHA-256, and the column and its unique index are renamed.
var sqliteUserCodeMACs = []string{
	`DELETE FROM device_authorizations WHERE status = 'pending'`,
	`UPDATE device_authorizations SET user_code_hash = randomblob(32)`,
	`DROP INDEX IF EXISTS device_authorizations_user_code_hash_key`,
	`ALTER TABLE device_authorizations RENAME COLUMN user_code_hash TO user_code_mac`,
	`CREATE UNIQUE INDEX device_authorizations_user_code_mac_key ON device_authorizations (user_code_mac)`,
}

// macSQLiteUserCodes runs sqliteUserCodeMACs once: only while the old column exists.
func (s *Store) macSQLiteUserCodes(ctx context.Context) error {
	return s.execSQLite(ctx, "user codes as MACs", sqliteUserCodeMACs, func(tx *sql.Tx) (bool, error) {
		var old int
		err := tx.QueryRowContext(ctx,
			`SELECT count(*) FROM pragma_table_info('device_authorizations') WHERE name = 'user_code_hash'`).Scan(&old)
		return old > 0, err
	})
}

// execSQLite runs statements in one transaction, when needed (nil: always) says so in
// that transaction; what names the step in errors.
func (s *Store) execSQLite(ctx context.Context, what string, stmts []string, needed func(*sql.Tx) (bool, error)) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	defer func() { _ = tx.Rollback() }()
	if needed != nil {
		ok, err := needed(tx)
		if err != nil {
			return fmt.Errorf("store: %s: %w", what, err)
		}
		if !ok {
			return nil
		}
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: %s: %w", what, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	return nil
}
