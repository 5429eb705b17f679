package store

import (
	"context"
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
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: user codes as MACs: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	var old int
	if err := tx.QueryRowContext(ctx,
		`SELECT count(*) FROM pragma_table_info('device_authorizations') WHERE name = 'user_code_hash'`).Scan(&old); err != nil {
		return fmt.Errorf("store: user codes as MACs: %w", err)
	}
	if old == 0 {
		return nil
	}
	for _, q := range sqliteUserCodeMACs {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: user codes as MACs: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: user codes as MACs: %w", err)
	}
	return nil
}
