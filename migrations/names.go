package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/pressly/goose/v3"

	"github.com/accountd/accountd/internal/nickname"
)

// normalizeNamesVersion is the goose version of the Go migration that puts names stored
// before the PRECIS Nickname profile (internal/nickname, 2026-11-30) in its form.
const normalizeNamesVersion = 20261130180000

// Go returns the PostgreSQL migrations written in Go, for goose.WithGoMigrations: steps
// that SQL cannot express. They change rows, never the schema.
func Go() []*goose.Migration {
	names := goose.NewGoMigration(normalizeNamesVersion,
		&goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
			_, err := NormalizeNames(ctx, tx, "$1", "$2")
			return err
		}},
		// Nothing to undo: the old forms are not kept, and the profile's form is a
		// valid value for an older binary too.
		&goose.GoFunc{Mode: goose.TransactionEnabled})
	// The name the start-up log and goose's status show for it.
	names.Source = "20261130180000_normalize_names.go"
	return []*goose.Migration{names}
}

// nameColumn is a column of names people choose and others see, with the limit and
// the fallback of the flow that writes it now (internal/account, internal/fleet).
type nameColumn struct {
	table, column string
	max           nickname.Limit
	// fallback replaces a required name that nothing is left of.
	fallback string
}

// nameColumns are the names written before the profile existed: the display name and
// company (account.profileName), fleet and device names (fleet.maxNameLength) and API
// key names (account.maxAPIKeyNameLength). Passkey names, webhook descriptions and
// device clients came later, through the profile from the start.
var nameColumns = []nameColumn{
	{"users", "name", nickname.Limit{Chars: 100, Bytes: 400}, ""},
	{"users", "company", nickname.Limit{Chars: 100, Bytes: 400}, ""},
	{"fleets", "name", nickname.Limit{Bytes: 100}, "Fleet"},
	{"devices", "name", nickname.Limit{Bytes: 100}, "Device"},
	{"api_keys", "name", nickname.Limit{Bytes: 100}, "API key"},
}

// DB is what NormalizeNames runs on: a transaction or a pool.
type DB interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// NormalizeNames puts every stored name in the form the PRECIS Nickname profile gives
// it today (nickname.Repair: a name the profile accepts is stored as Enforce writes it;
// control characters become spaces, direction overrides and invisible characters go, an
// over-long name is cut), so that a name stored before the profile existed can no
// longer forge lines in an email or reorder what others read. It answers how many
// values it changed. p1 and p2 are the dialect's first two placeholders ("$1", "$2" for
// PostgreSQL, "?", "?" for SQLite).
func NormalizeNames(ctx context.Context, db DB, p1, p2 string) (int, error) {
	changed := 0
	for _, c := range nameColumns {
		rows, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT id, %s FROM %s`, c.column, c.table))
		if err != nil {
			return changed, fmt.Errorf("normalize names: %s.%s: %w", c.table, c.column, err)
		}
		fix := map[string]string{}
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				_ = rows.Close()
				return changed, fmt.Errorf("normalize names: %s.%s: %w", c.table, c.column, err)
			}
			out := nickname.Repair(name, c.max)
			if strings.TrimSpace(out) == "" && c.fallback != "" {
				out = c.fallback
			}
			if out != name {
				fix[id] = out
			}
		}
		err = rows.Err()
		_ = rows.Close()
		if err != nil {
			return changed, fmt.Errorf("normalize names: %s.%s: %w", c.table, c.column, err)
		}
		for id, name := range fix {
			if _, err := db.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET %s = %s WHERE id = %s`, c.table, c.column, p1, p2), name, id); err != nil {
				return changed, fmt.Errorf("normalize names: %s.%s: %w", c.table, c.column, err)
			}
			changed++
		}
	}
	return changed, nil
}
