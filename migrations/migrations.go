// Package migrations holds the versioned PostgreSQL schema migrations, generated from the
// ent schema by `make migration name=...` (cmd/migrategen) and embedded in the binary.
// Files are in goose's format; atlas.sum is Atlas's checksum of the directory, which the
// generator checks so that an edited or removed migration is noticed.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed postgres/*.sql
var files embed.FS

// Postgres returns the PostgreSQL migrations, a flat directory of goose SQL files.
func Postgres() fs.FS {
	sub, err := fs.Sub(files, "postgres")
	if err != nil {
		panic(err) // the directory is embedded at build time; fs.Sub cannot fail on it
	}
	return sub
}
