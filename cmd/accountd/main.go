// Command accountd serves the account API of the IoT platform.
//
//	accountd [serve]   serve the API (the default)
//	accountd migrate   create or update the database schema, then exit
//	accountd version   print the version
//	accountd login     log in to an accountd server from this machine (device grant)
//	accountd whoami    say whom the stored key of login acts for
//	accountd admin grant|revoke EMAIL
//	                   make an account an admin of the platform, or take that away
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/accountd/accountd/internal/account"
	"github.com/accountd/accountd/internal/app"
	"github.com/accountd/accountd/internal/config"
	"github.com/accountd/accountd/internal/password"
	"github.com/accountd/accountd/internal/store"
	"github.com/accountd/accountd/internal/tracing"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "accountd:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "version":
		fmt.Println("accountd", version())
		return nil
	case "login", "whoami":
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		env := clientEnv{out: os.Stdout, getenv: os.Getenv}
		if cmd == "login" {
			return login(ctx, args[1:], env)
		}
		return whoami(ctx, env)
	case "serve", "migrate":
	case "admin":
		if len(args) != 3 || (args[1] != "grant" && args[1] != "revoke") {
			return errors.New("usage: accountd admin grant EMAIL | accountd admin revoke EMAIL")
		}
	case "-h", "--help", "help":
		fmt.Println("usage: accountd [serve|migrate|version|admin grant EMAIL|admin revoke EMAIL|login|whoami]; configuration from ACCOUNTD_* environment variables (see README.md)")
		return nil
	default:
		return fmt.Errorf("unknown command %q (want serve, migrate, version, admin, login or whoami)", cmd)
	}
	cfg, err := config.Load()
	if err != nil {
		return fmt.Errorf("bad configuration:\n  %s", strings.ReplaceAll(err.Error(), "\n", "\n  "))
	}
	log := newLogger(cfg)
	ctx, stop := signalContext()
	defer stop()

	if cmd == "admin" {
		return admin(ctx, cfg, args[1] == "grant", args[2], os.Stdout)
	}
	if cmd == "migrate" {
		st, err := store.Open(ctx, cfg.DatabaseURL, store.WithPrepare(cfg.DatabasePrepare))
		if err != nil {
			return err
		}
		defer st.Close()
		st.Log = log
		if err := st.Migrate(ctx); err != nil {
			return err
		}
		log.Info("schema is up to date", "database", st.Dialect)
		return nil
	}
	setMemoryLimit(cfg, log)
	traced, stopTracing, err := tracing.Setup(ctx, version())
	if err != nil {
		return err
	}
	defer func() {
		flushCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := stopTracing(flushCtx); err != nil {
			log.Warn("flushing traces failed", "error", err)
		}
	}()
	if traced {
		log.Info("tracing: spans go to the OTLP endpoint of the OTEL_* variables")
	}
	a, err := app.New(ctx, cfg, app.Options{Log: log, Tracing: traced})
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Serve(ctx)
}

// admin grants or revokes the admin flag of the account of addr, on the database of
// the configuration (what serve uses), and prints what changed.
func admin(ctx context.Context, cfg config.Config, grant bool, addr string, out io.Writer) error {
	st, err := store.Open(ctx, cfg.DatabaseURL, store.WithPrepare(cfg.DatabasePrepare))
	if err != nil {
		return err
	}
	defer st.Close()
	migrate := st.Migrate
	if !cfg.AutoMigrate {
		migrate = st.CheckSchema
	}
	if err := migrate(ctx); err != nil {
		return err
	}
	change, err := account.SetAdmin(ctx, st.Client, addr, grant, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("admin: %s: %w", addr, err)
	}
	switch {
	case grant && change.Changed:
		fmt.Fprintf(out, "granted: %s (%s) is now an admin\n", change.Email, change.UserID)
	case grant:
		fmt.Fprintf(out, "unchanged: %s (%s) was an admin already\n", change.Email, change.UserID)
	case change.Changed:
		fmt.Fprintf(out, "revoked: %s (%s) is no longer an admin\n", change.Email, change.UserID)
	default:
		fmt.Fprintf(out, "unchanged: %s (%s) was not an admin\n", change.Email, change.UserID)
	}
	return nil
}

// signalContext is cancelled by SIGINT or SIGTERM; by SIGTERM (what orchestrators send)
// with the cause app.ErrTerminated, so serve drains before it closes its listener.
func signalContext() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sigs:
			if s == syscall.SIGTERM {
				cancel(app.ErrTerminated)
			}
			cancel(context.Canceled)
		case <-ctx.Done():
		}
	}()
	return ctx, func() { signal.Stop(sigs); cancel(context.Canceled) }
}

// baseMemory is what accountd needs besides its password hashes: connections, requests
// in flight and waiting at the admission gate, the query cache, goroutine stacks. A heap
// profile at the end of a flood of 1,000 connections holds about 66 MB in use (38 MB of
// them the two running hashes), and the gate's waiting line adds about 19 KiB a waiting
// request. The base is a trade between the flood's peak RSS and the CPU the collector
// takes from the hashes: each hash allocates its argon2 memory afresh, so the closer the
// live heap sits to the limit, the more often the collector runs, up to half the CPU.
// Measured by make loadtest's floods from many networks (BENCHMARKS.md, "Soft memory
// limit"): with a 32 MiB base (108 MiB on 2 CPUs) the 1,000-connection flood peaked at
// 159 MiB but completed 9% of the raw hash rate; with 48 MiB (124) 175 MiB and 37%; with
// 64 MiB (140) 184 MiB and 47%; with 128 MiB (204) 231 MiB and 60%. Log-ins that real
// people complete during a flood matter more than 70 MiB, so the base stays 128 MiB.
const baseMemory = 128 << 20

// memoryLimit is the default soft memory limit of accountd serve: baseMemory plus twice
// the memory of the hashes that may run at once (workers of argon2MemoryKiB each: the
// running hashes and the garbage of the ones before them). 204 MiB with the defaults
// on 2 CPUs. The limit counts the Go runtime's memory, not the executable's pages, which
// the resident set also holds (about 38 MiB).
func memoryLimit(workers int, argon2MemoryKiB uint32) int64 {
	return baseMemory + 2*int64(workers)*int64(argon2MemoryKiB)<<10
}

// setMemoryLimit gives the Go runtime a soft memory limit (memoryLimit) when GOMEMLIMIT
// does not set one. Each argon2id hash allocates its own ACCOUNTD_ARGON2_MEMORY_KIB,
// garbage once done: without a limit the collector lets freed hash memory pile up to
// twice the live heap; with it, it collects more often as the limit nears (it is soft:
// never an out-of-memory error, the collector's CPU is capped). Measured by make
// loadtest's flood (BENCHMARKS.md).
func setMemoryLimit(cfg config.Config, log *slog.Logger) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	workers := password.Workers(cfg.HashWorkers)
	limit := memoryLimit(workers, cfg.Argon2MemoryKiB)
	debug.SetMemoryLimit(limit)
	log.Info("soft memory limit", "mib", limit>>20, "hash_workers", workers, "override", "GOMEMLIMIT")
}

func newLogger(cfg config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Dev() {
		return slog.New(slog.NewTextHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, opts))
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
