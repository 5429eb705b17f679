// Command migrategen writes and checks the versioned PostgreSQL migrations of
// migrations/postgres against the ent schema, using a scratch database on a PostgreSQL
// server (no Atlas binary: ent's differ and Atlas's Go packages do the work).
//
//	go run ./cmd/migrategen new NAME   write the next migration, if the ent schema changed
//	go run ./cmd/migrategen check      fail when the ent schema has changes no migration holds
//	go run ./cmd/migrategen hash       rewrite atlas.sum after editing a migration by hand
//
// The server is ACCOUNTD_MIGRATEGEN_DATABASE_URL, else ACCOUNTD_TEST_DATABASE_URL, else
// the local postgres://postgres@127.0.0.1:5432/postgres; a database is created on it for
// the run and dropped afterwards.
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"

	entmigrate "github.com/accountd/accountd/ent/migrate"
	"github.com/accountd/accountd/internal/store"
)

// dirPath is the migration directory, relative to the module root (where make runs).
const dirPath = "migrations/postgres"

var namePattern = regexp.MustCompile(`^[a-z0-9_]{1,60}$`)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "migrategen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir, err := sqltool.NewGooseDir(dirPath)
	if err != nil {
		return fmt.Errorf("open %s (run from the module root): %w", dirPath, err)
	}
	switch {
	case len(args) == 2 && args[0] == "new":
		if !namePattern.MatchString(args[1]) {
			return fmt.Errorf("name %q: want lower-case letters, digits and _", args[1])
		}
		return generate(ctx, dir, args[1])
	case len(args) == 1 && args[0] == "check":
		return check(ctx, dir)
	case len(args) == 1 && args[0] == "hash":
		sum, err := dir.Checksum()
		if err != nil {
			return err
		}
		return atlasmigrate.WriteSumFile(dir, sum)
	}
	return errors.New("usage: migrategen new NAME | check | hash")
}

// generate replays the directory on a scratch database and writes the difference to
// the ent schema as the next goose file (nothing when there is none).
func generate(ctx context.Context, dir *sqltool.GooseDir, name string) error {
	before, err := dir.Files()
	if err != nil {
		return err
	}
	return withScratchDB(ctx, func(db *sql.DB, _ string) error {
		m, err := schema.NewMigrate(entsql.OpenDB(dialect.Postgres, db),
			schema.WithDir(dir), schema.WithMigrationMode(schema.ModeReplay), schema.WithDialect(dialect.Postgres),
			schema.WithFormatter(sqltool.GooseFormatter),
			schema.WithDropColumn(true), schema.WithDropIndex(true), schema.WithErrNoPlan(true))
		if err != nil {
			return err
		}
		switch err := m.NamedDiff(ctx, name, entmigrate.Tables...); {
		case errors.Is(err, atlasmigrate.ErrNoPlan):
			fmt.Println("migrategen: the migrations already describe the ent schema; nothing written")
			return nil
		case err != nil:
			return err
		}
		after, err := dir.Files()
		if err != nil {
			return err
		}
		for _, f := range after[len(before):] {
			fmt.Printf("migrategen: wrote %s/%s (review it, then commit it with atlas.sum)\n", dirPath, f.Name())
		}
		return nil
	})
}

// check applies the migrations the way accountd does (goose, twice) to a scratch
// database and fails when ent's schema has anything they do not create.
func check(ctx context.Context, dir *sqltool.GooseDir) error {
	if err := atlasmigrate.Validate(dir); err != nil {
		return fmt.Errorf("%s: %w (a migration was edited or removed; if on purpose: go run ./cmd/migrategen hash)", dirPath, err)
	}
	return withScratchDB(ctx, func(_ *sql.DB, u string) error {
		st, err := store.Open(ctx, u)
		if err != nil {
			return err
		}
		defer st.Close()
		for range 2 {
			if err := st.Migrate(ctx); err != nil {
				return err
			}
		}
		stmts, err := st.PendingSchemaChanges(ctx)
		if err != nil {
			return err
		}
		if len(stmts) > 0 {
			return fmt.Errorf("the ent schema changed without a migration: run make migration name=<what_changed>; missing:\n  %s",
				strings.Join(stmts, "\n  "))
		}
		fmt.Println("migrategen: migrations are up to date with the ent schema")
		return nil
	})
}

// withScratchDB creates an empty database for f and drops it afterwards.
func withScratchDB(ctx context.Context, f func(db *sql.DB, url string) error) (err error) {
	base := os.Getenv("ACCOUNTD_MIGRATEGEN_DATABASE_URL")
	if base == "" {
		base = os.Getenv("ACCOUNTD_TEST_DATABASE_URL")
	}
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		return err
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "accountd_migrategen_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return fmt.Errorf("create a scratch database on %s: %w", redact(base), err)
	}
	defer func() {
		if _, derr := admin.ExecContext(context.WithoutCancel(ctx), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); derr != nil {
			err = errors.Join(err, derr)
		}
	}()
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	u.Path = "/" + name
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	return f(db, u.String())
}

func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return "the server"
}
