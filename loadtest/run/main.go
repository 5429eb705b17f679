// Command run is accountd's load test (make loadtest): it builds accountd, creates a
// fresh PostgreSQL database on 127.0.0.1, seeds it (loadtest/seed), starts accountd on
// it with a local SMTP sink, measures the raw argon2id rate of this machine in-process,
// then drives accountd with wrk (loadtest/graphql.lua), one scenario at a time, each
// bounded in time, measures the raw argon2id rate again, and judges issue 26's targets
// (judge.go). It writes what it measured, with the machine and its load and the verdict
// of each target, to loadtest/results/latest.json and latest.md, then exits with status
// 1, naming them, when a target was missed by more than the run-to-run noise the run
// measured. Traffic goes to 127.0.0.1 only.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/lib/pq"

	"github.com/accountd/accountd/internal/password"
)

// Argon2 parameters and hash workers of the run: accountd's defaults.
var argon2 = password.DefaultParams()

// manyNetworks is how many client networks a scenario "from many networks" rotates
// through: every IPv6 /48 of 2001:db8::/32, a fresh one per request (graphql.lua), so
// that no two requests in flight share one, as with as many clients as connections. A
// rotation over as many networks as connections would not do: wrk says nothing of
// which connection a request goes on, so the rotation comes back to a network whose
// request is still in flight, and the gate refuses it as a second one from there.
const manyNetworks = 65536

// Scenario is one wrk run.
type Scenario struct {
	Name        string `json:"name"`
	What        string `json:"what"`
	Script      string `json:"script"` // LOADTEST_SCENARIO
	Connections int    `json:"connections"`
	// Networks is how many client networks the requests come from (X-Forwarded-For,
	// loadtest/graphql.lua); 0: one, 127.0.0.1, as wrk connects from there.
	Networks int           `json:"networks"`
	Duration time.Duration `json:"-"`
	Seconds  float64       `json:"seconds"`
	Accounts int           `json:"accounts"` // accounts in the database during the run
	Env      []string      `json:"-"`
	Repeat   int           `json:"-"` // runs of the scenario; 0 means 1
	// Runs holds the figures of each run of the scenario, in order.
	Runs []*Result `json:"runs,omitempty"`
}

// Result is what wrk and /proc said about one scenario.
type Result struct {
	Requests     int     `json:"requests"`
	RPS          float64 `json:"requests_per_second"`
	OKPerSecond  float64 `json:"ok_per_second"`
	P50ms        float64 `json:"p50_ms"`
	P90ms        float64 `json:"p90_ms"`
	P99ms        float64 `json:"p99_ms"`
	Maxms        float64 `json:"max_ms"`
	OK           int     `json:"ok"`
	RateLimited  int     `json:"rate_limited"`
	Other        int     `json:"other_answers"`
	SocketErrors int     `json:"socket_errors"`
	Timeouts     int     `json:"timeouts"`
	Sample       string  `json:"sample_of_other,omitempty"`
	CPUCores     float64 `json:"accountd_cpu_cores"` // CPU seconds of accountd per second of the run
	// PeakRSSMiB is accountd's peak resident set during this run (VmHWM, reset before it
	// through /proc/PID/clear_refs), or since its start where the reset is refused.
	PeakRSSMiB float64 `json:"accountd_peak_rss_mib"`
	RSSMiB     float64 `json:"accountd_rss_mib_after"`
}

// Report is results/latest.json.
type Report struct {
	Command     string    `json:"command"`
	StartedAt   time.Time `json:"started_at"`
	Commit      string    `json:"commit"`
	CPUs        int       `json:"nproc"`
	CPUModel    string    `json:"cpu_model"`
	LoadBefore  string    `json:"loadavg_before"`
	LoadAfter   string    `json:"loadavg_after"`
	Postgres    string    `json:"postgres"`
	Argon2      string    `json:"argon2id"`
	HashWorkers int       `json:"hash_workers"`
	// Database is how accountd reaches PostgreSQL: directly, or through a pooler
	// (-database-via), and whether it prepares statements.
	Database string `json:"database"`
	// RuntimeEnv is the Go runtime's settings passed through to accountd (GOGC,
	// GOMEMLIMIT, ...); empty: accountd's defaults.
	RuntimeEnv []string `json:"runtime_env,omitempty"`
	// RawHashRate is the mean of the raw argon2id rate measured before the scenarios
	// and after them; HashNoise is their relative difference, the run-to-run noise the
	// hash-share targets are judged with.
	RawHashRate       float64    `json:"raw_argon2id_verifies_per_second"`
	RawHashRateBefore float64    `json:"raw_argon2id_before"`
	RawHashRateAfter  float64    `json:"raw_argon2id_after"`
	HashNoise         float64    `json:"raw_argon2id_noise"`
	Scenarios         []Scenario `json:"scenarios"`
	MailDrain         *MailDrain `json:"mail_drain,omitempty"`
	Verdicts          []Verdict  `json:"verdicts"`
}

func main() {
	adminURL := flag.String("admin-url", envOr("ACCOUNTD_LOADTEST_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"),
		"PostgreSQL on 127.0.0.1 where the load test may create and drop its database")
	outDir := flag.String("out", "loadtest/results", "where latest.json and latest.md go")
	viewerFor := flag.Duration("viewer", 10*time.Second, "length of each run of a viewer scenario")
	viewerRuns := flag.Int("viewer-runs", targetViewerRuns, "runs of the session and API-key viewer scenarios (the target is judged on 5)")
	hashingFor := flag.Duration("hashing", 15*time.Second, "length of each log-in and sign-up scenario")
	floodFor := flag.Duration("flood", 20*time.Second, "length of the flood of 1,000 concurrent log-ins")
	large := flag.Int("large", 100000, "accounts of the second log-in measurement")
	keep := flag.Bool("keep", false, "keep the database afterwards")
	profiles := flag.String("profile", "", "write a CPU profile of accountd during each scenario to this directory (<scenario>.cpu.pprof; read it with go tool pprof)")
	drainEmails := flag.Int("mail", 3000, "emails of the mail-drain measurement (0: skip it)")
	only := flag.String("only", "", "run only the scenarios whose name matches this regular expression, and print their figures without writing the results files")
	via := flag.String("database-via", "", "host:port of a connection pooler (PgBouncer) in front of the PostgreSQL of -admin-url: accountd connects to the load test's database through it, with -prepare=false unless -prepare is given (seeding goes directly)")
	prepare := flag.Bool("prepare", true, "ACCOUNTD_DATABASE_PREPARE of accountd (default false with -database-via, as PgBouncer's transaction mode needs)")
	flag.Parse()
	prepareSet := false
	flag.Visit(func(f *flag.Flag) { prepareSet = prepareSet || f.Name == "prepare" })
	if *via != "" && !prepareSet {
		*prepare = false
	}
	if *via != "" {
		if _, _, err := net.SplitHostPort(*via); err != nil {
			log.Fatalf("-database-via must be host:port: %v", err)
		}
	}
	log.SetFlags(log.Ltime)
	ctx := context.Background()
	u, err := url.Parse(*adminURL)
	if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") {
		log.Fatalf("-admin-url must be a PostgreSQL on 127.0.0.1, got %q", *adminURL)
	}
	// 1,000 connections need as many descriptors in wrk; an explicit Setrlimit is
	// inherited by the children (Go restores only the limit it raised itself).
	var lim syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil && lim.Cur < 8192 {
		lim.Cur = min(lim.Max, 8192)
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}

	rep := &Report{
		Command:     "make loadtest",
		StartedAt:   time.Now().UTC().Truncate(time.Second),
		Commit:      strings.TrimSpace(output("git", "rev-parse", "--short", "HEAD")),
		CPUs:        runtime.NumCPU(),
		CPUModel:    cpuModel(),
		LoadBefore:  loadavg(),
		Argon2:      fmt.Sprintf("m=%d KiB t=%d p=%d", argon2.MemoryKiB, argon2.Iterations, argon2.Parallelism),
		HashWorkers: password.Workers(0), // what accountd runs with ACCOUNTD_HASH_WORKERS=0
	}
	rep.Database = "direct"
	if *via != "" {
		rep.Database = "through " + *via
	}
	rep.Database += fmt.Sprintf(", ACCOUNTD_DATABASE_PREPARE=%t", *prepare)
	for _, k := range slices.Concat(runtimeKnobs, settingKnobs) {
		if v, ok := os.LookupEnv(k); ok {
			rep.RuntimeEnv = append(rep.RuntimeEnv, k+"="+v)
		}
	}
	if dirty := strings.TrimSpace(output("git", "status", "--porcelain", "--", ".", ":!loadtest/results")); dirty != "" {
		rep.Commit += "+changes"
	}
	log.Printf("machine: %d CPUs, %s, load %s", rep.CPUs, rep.CPUModel, rep.LoadBefore)

	bin, err := os.MkdirTemp("", "accountd-loadtest-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(bin)
	for name, pkg := range map[string]string{"accountd": "./cmd/accountd", "seed": "./loadtest/seed"} {
		if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, name), pkg).CombinedOutput(); err != nil {
			log.Fatalf("go build %s: %v\n%s", pkg, err, out)
		}
	}

	dbURL, drop := createDatabase(ctx, *adminURL)
	if !*keep {
		defer drop()
	}
	rep.Postgres = postgresVersion(dbURL)
	credsFile := filepath.Join(bin, "credentials.json")
	seed(bin, dbURL, 1000, credsFile)
	var creds struct {
		Password      string `json:"password"`
		SessionToken  string `json:"session_token"`
		CookieSession string `json:"cookie_session"`
		APIKey        string `json:"api_key"`
	}
	raw, err := os.ReadFile(credsFile)
	if err == nil {
		err = json.Unmarshal(raw, &creds)
	}
	if err != nil {
		log.Fatalf("seed credentials: %v", err)
	}

	sink := startSMTPSink()
	accountdURL := dbURL
	if *via != "" {
		u, _ := url.Parse(dbURL)
		u.Host = *via
		accountdURL = u.String()
	}
	srv := startAccountd(bin, accountdURL, *prepare, sink.url, *profiles != "")
	defer srv.stop()

	viewer := func(name, what string, runs int, env ...string) Scenario {
		return Scenario{Name: name, What: what, Script: "viewer", Connections: 16, Duration: *viewerFor, Accounts: 1000, Env: env, Repeat: runs}
	}
	// Log-ins and sign-ups of 8 or 16 people come from 8 or 16 networks, and a
	// credential-stuffing flood from many addresses: those scenarios run from
	// manyNetworks (judged). A flood is also measured from one network (every wrk
	// connection is 127.0.0.1: the admission gate gives it its one-network share).
	hashing := func(name, what, script string, conns, accounts int, d time.Duration, many bool) Scenario {
		s := Scenario{Name: name, What: what, Script: script, Connections: conns, Duration: d, Accounts: accounts}
		switch script {
		case "login":
			s.Env = []string{"LOADTEST_ACCOUNTS=" + strconv.Itoa(accounts)}
		case "login2fa":
			s.Env = []string{"LOADTEST_ACCOUNTS=100"} // the seed's 2FA accounts
		}
		if many {
			s.Networks = manyNetworks
		}
		return s
	}
	runID := strconv.FormatInt(time.Now().Unix(), 36)
	common := []string{"LOADTEST_PASSWORD=" + creds.Password, "LOADTEST_RUN_ID=" + runID}
	scenarios := []Scenario{
		viewer("viewer-session", "`{ viewer { id email } }`, bearer session token", *viewerRuns, "LOADTEST_AUTH=Bearer "+creds.SessionToken),
		viewer("viewer-apikey", "`{ viewer { id email } }`, bearer API key", *viewerRuns, "LOADTEST_AUTH=Bearer "+creds.APIKey),
		viewer("viewer-cookie", "`{ viewer { id email } }`, session cookie", 1, "LOADTEST_COOKIE=__Host-accountd_session="+creds.CookieSession),
		hashing("login-1k", "password log-in, 1,000 accounts", "login", 8, 1000, *hashingFor, true),
		hashing("login-1k-16", "password log-in, 1,000 accounts", "login", 16, 1000, *hashingFor, true),
		hashing("login-2fa", "log-in of a 2FA account, to the challenge", "login2fa", 8, 1000, *hashingFor, true),
		hashing("signup", "sign-up with a password, unique emails", "signup", 8, 1000, *hashingFor, true),
		hashing("signup-16", "sign-up with a password, unique emails", "signup", 16, 1000, *hashingFor, true),
		hashing("login-200", "200 concurrent log-ins retrying at once (SECURITY.md row 40)", "login", 200, 1000, *hashingFor, false),
		hashing("login-200-nets", "200 concurrent log-ins retrying at once", "login", 200, 1000, *hashingFor, true),
		hashing("login-flood", "1,000 concurrent log-ins retrying at once", "login", 1000, 1000, *floodFor, false),
		hashing("login-flood-nets", "1,000 concurrent log-ins retrying at once", "login", 1000, 1000, *floodFor, true),
		hashing(fmt.Sprintf("login-%dk", *large/1000), fmt.Sprintf("password log-in, %d accounts", *large), "login", 8, *large, *hashingFor, true),
	}
	// The mail drain is not a wrk scenario; -only selects it by the name mail-drain.
	runDrain := *drainEmails > 0
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			log.Fatalf("-only: %v", err)
		}
		scenarios = slices.DeleteFunc(scenarios, func(s Scenario) bool { return !re.MatchString(s.Name) })
		runDrain = runDrain && re.MatchString("mail-drain")
		if len(scenarios) == 0 && !runDrain {
			log.Fatalf("-only %q matches no scenario", *only)
		}
	}
	hashed := slices.ContainsFunc(scenarios, func(s Scenario) bool { return s.Script != "viewer" })
	if hashed {
		log.Printf("raw argon2id rate: %d workers, in this process, accountd idle", rep.HashWorkers)
		rep.RawHashRateBefore = rawHashRate(rep.HashWorkers, *hashingFor)
		log.Printf("raw argon2id rate: %.1f verifications/s", rep.RawHashRateBefore)
	}
	// Warm the pool and the query cache first; not recorded.
	if len(scenarios) > 0 {
		if _, err := exec.LookPath("wrk"); err != nil {
			log.Fatal("wrk not found: apt-get install wrk")
		}
		warm := scenarios[0]
		warm.Duration = 3 * time.Second
		runWrk(srv, &warm, common)
		srv.idle()
	}
	for i := range scenarios {
		s := &scenarios[i]
		if s.Accounts > 1000 {
			seed(bin, dbURL, s.Accounts, "")
			settle(dbURL)
		}
		s.Seconds = s.Duration.Seconds()
		runs := max(1, s.Repeat)
		for run := range runs {
			log.Printf("scenario %s (run %d of %d): %s, %d connections from %s, %s", s.Name, run+1, runs, s.What, s.Connections, s.networksText(), s.Duration)
			var profiled chan struct{}
			if *profiles != "" && run == 0 {
				profiled = srv.profile(filepath.Join(*profiles, s.Name+".cpu.pprof"), s.Duration)
			}
			srv.resetPeak()
			r := runWrk(srv, s, common)
			s.Runs = append(s.Runs, r)
			if profiled != nil {
				<-profiled
			}
			log.Printf("  %.0f req/s (ok %.0f/s), p50 %.2f ms, p99 %.2f ms, ok %d, rate limited %d, other %d, socket errors %d, timeouts %d, accountd %.2f cores, peak RSS %.0f MiB",
				r.RPS, r.OKPerSecond, r.P50ms, r.P99ms, r.OK, r.RateLimited, r.Other, r.SocketErrors, r.Timeouts, r.CPUCores, r.PeakRSSMiB)
			if r.Sample != "" {
				log.Printf("  first other answer: %s", r.Sample)
			}
			srv.idle() // the requests wrk left in flight finish, and give back their gate tokens
		}
	}
	rep.Scenarios = scenarios
	if hashed {
		log.Printf("raw argon2id rate again, after the scenarios (run-to-run noise)")
		rep.RawHashRateAfter = rawHashRate(rep.HashWorkers, *hashingFor)
		rep.RawHashRate = (rep.RawHashRateBefore + rep.RawHashRateAfter) / 2
		rep.HashNoise = hashNoise(rep.RawHashRateBefore, rep.RawHashRateAfter)
		log.Printf("raw argon2id rate: %.1f verifications/s (before %.1f): they differ by %.0f%% (the noise of the hash shares)", rep.RawHashRateAfter, rep.RawHashRateBefore, 100*rep.HashNoise)
	}
	if runDrain {
		log.Printf("mail-drain: %d emails queued at once, delivered to the SMTP sink", *drainEmails)
		rep.MailDrain = measureMailDrain(ctx, dbURL, strings.Repeat("5e", 32), sink, *drainEmails, 5*time.Minute)
		for _, s := range scenarios {
			if s.Script == "signup" {
				rep.MailDrain.SignUpPeak = max(rep.MailDrain.SignUpPeak, s.Runs[0].OKPerSecond)
			}
		}
		verdict, _ := judgeDrain(rep.MailDrain)
		log.Printf("  %d emails in %.2f s: %.0f emails/s, %d new SMTP connections; %s", rep.MailDrain.Emails, rep.MailDrain.Seconds,
			rep.MailDrain.PerSecond, rep.MailDrain.Connections, verdict)
	}
	rep.Verdicts = judgeRun(rep)
	// A target missed by more than the noise fails the run (after the results are
	// written), with the cleanup the deferred calls would have done.
	missed := func() {
		var names []string
		for _, v := range rep.Verdicts {
			if v.Missed() {
				names = append(names, v.Scenario+": "+v.Target+": "+v.Measured)
			}
		}
		if len(names) == 0 {
			return
		}
		srv.stop()
		if !*keep {
			drop()
		}
		_ = os.RemoveAll(bin)
		log.Fatalf("%d target(s) missed by more than the run-to-run noise:\n  %s", len(names), strings.Join(names, "\n  "))
	}
	rep.LoadAfter = loadavg()
	if *only != "" {
		fmt.Print("\n" + markdown(rep))
		log.Printf("-only: %s not written", filepath.Join(*outDir, "latest.{json,md}"))
		missed()
		return
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		log.Fatal(err)
	}
	b, _ := json.MarshalIndent(rep, "", "  ")
	if err := os.WriteFile(filepath.Join(*outDir, "latest.json"), append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	md := markdown(rep)
	if err := os.WriteFile(filepath.Join(*outDir, "latest.md"), []byte(md), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Print("\n" + md)
	log.Printf("wrote %s", filepath.Join(*outDir, "latest.{json,md}"))
	missed()
}

// markdown is the table of BENCHMARKS.md and the verdict of each target.
func markdown(rep *Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured %s at commit %s with `%s`.\n\n", rep.StartedAt.Format(time.RFC3339), rep.Commit, rep.Command)
	fmt.Fprintf(&b, "Machine: %d CPUs (`nproc`), %s; load average before %s, after %s; %s on 127.0.0.1 (accountd: %s); argon2id %s, %d hash workers; Go runtime: %s.\n\n",
		rep.CPUs, rep.CPUModel, rep.LoadBefore, rep.LoadAfter, rep.Postgres, rep.Database, rep.Argon2, rep.HashWorkers, runtimeText(rep))
	if rep.RawHashRateBefore > 0 {
		fmt.Fprintf(&b, "Raw argon2id rate (internal/password, same parameters and workers, same run): **%.1f verifications/s** (%.1f before the scenarios, %.1f after: they differ by %.0f%%, the run-to-run noise the hash shares are judged with).\n\n",
			rep.RawHashRate, rep.RawHashRateBefore, rep.RawHashRateAfter, 100*rep.HashNoise)
	}
	b.WriteString("| scenario | conns | from | accounts | req/s | ok/s | p50 ms | p99 ms | ok | rate limited | other | socket errors / timeouts | accountd CPU (cores) | accountd peak RSS MiB |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, s := range rep.Scenarios {
		for i, r := range s.Runs {
			name := s.Name
			if len(s.Runs) > 1 {
				name = fmt.Sprintf("%s (run %d of %d)", s.Name, i+1, len(s.Runs))
			}
			fmt.Fprintf(&b, "| %s: %s | %d | %s | %d | %.0f | %.0f | %.2f | %.2f | %d | %d | %d | %d / %d | %.2f | %.0f |\n",
				name, s.What, s.Connections, s.networksText(), s.Accounts, r.RPS, r.OKPerSecond, r.P50ms, r.P99ms, r.OK, r.RateLimited, r.Other,
				r.SocketErrors, r.Timeouts, r.CPUCores, r.PeakRSSMiB)
		}
	}
	if d := rep.MailDrain; d != nil {
		verdict, _ := judgeDrain(d)
		fmt.Fprintf(&b, "\nMail drain (`-mail %d`): %d emails queued at once, delivered to the load test's SMTP sink in %.2f s: **%.0f emails/s**, %d new SMTP connections; %s.\n",
			d.Emails, d.Emails, d.Seconds, d.PerSecond, d.Connections, verdict)
	}
	if len(rep.Verdicts) > 0 {
		b.WriteString("\nTargets of issue 26 (a target is missed, and the run exits with status 1, when its figure is worse than the target by more than the run-to-run noise the run measured; \"below, within noise\" does not fail the run):\n\n")
		b.WriteString("| target | scenario | measured | noise | verdict |\n|---|---|---|---|---|\n")
		for _, v := range rep.Verdicts {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", v.Target, v.Scenario, v.Measured, v.Noise, v.Status)
		}
	}
	return b.String()
}

// runtimeText says which Go runtime settings accountd ran with.
func runtimeText(rep *Report) string {
	if len(rep.RuntimeEnv) == 0 {
		return "accountd's defaults"
	}
	return strings.Join(rep.RuntimeEnv, " ")
}

// runWrk runs one scenario and reads accountd's CPU time and memory around it.
func runWrk(srv *server, s *Scenario, common []string) *Result {
	threads := min(runtime.NumCPU(), s.Connections)
	args := []string{"-t", strconv.Itoa(threads), "-c", strconv.Itoa(s.Connections), "-d", fmt.Sprintf("%ds", int(s.Duration.Seconds())),
		"--timeout", "60s", "-s", "loadtest/graphql.lua", srv.url + "/graphql"}
	cmd := exec.Command("wrk", args...)
	cmd.Env = append(append(append(os.Environ(), common...), "LOADTEST_SCENARIO="+s.Script), s.Env...)
	if s.Networks > 0 {
		// Networks per wrk thread (graphql.lua gives each thread its own).
		cmd.Env = append(cmd.Env, "LOADTEST_NETWORKS="+strconv.Itoa((s.Networks+threads-1)/threads))
	}
	cpu0 := srv.cpuSeconds()
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(t0).Seconds()
	cpu1 := srv.cpuSeconds()
	if err != nil {
		log.Fatalf("wrk %s: %v\n%s", s.Name, err, out)
	}
	var w struct {
		Requests     int     `json:"requests"`
		DurationUS   float64 `json:"duration_us"`
		P50us        float64 `json:"p50_us"`
		P90us        float64 `json:"p90_us"`
		P99us        float64 `json:"p99_us"`
		Maxus        float64 `json:"max_us"`
		OK           int     `json:"ok"`
		RateLimited  int     `json:"rate_limited"`
		Other        int     `json:"other"`
		SocketErrors int     `json:"socket_errors"`
		Timeouts     int     `json:"timeouts"`
		Sample       string  `json:"sample"`
	}
	found := false
	for _, line := range strings.Split(string(out), "\n") {
		if j, ok := strings.CutPrefix(line, "LOADTEST_RESULT "); ok {
			if err := json.Unmarshal([]byte(j), &w); err != nil {
				log.Fatalf("wrk %s: %v in %s", s.Name, err, j)
			}
			found = true
		}
	}
	if !found {
		log.Fatalf("wrk %s printed no result:\n%s", s.Name, out)
	}
	secs := w.DurationUS / 1e6
	peak, rss := srv.memoryMiB()
	return &Result{
		Requests: w.Requests, RPS: float64(w.Requests) / secs, OKPerSecond: float64(w.OK) / secs,
		P50ms: w.P50us / 1000, P90ms: w.P90us / 1000, P99ms: w.P99us / 1000, Maxms: w.Maxus / 1000,
		OK: w.OK, RateLimited: w.RateLimited, Other: w.Other, SocketErrors: w.SocketErrors, Timeouts: w.Timeouts, Sample: w.Sample,
		CPUCores: (cpu1 - cpu0) / elapsed, PeakRSSMiB: peak, RSSMiB: rss,
	}
}

// rawHashRate is how many argon2id verifications per second internal/password does
// here with workers slots kept full: the ceiling of log-ins and sign-ups.
func rawHashRate(workers int, d time.Duration) float64 {
	h := password.NewHasher(argon2, workers)
	ctx := context.Background()
	phc, err := h.Hash(ctx, "correct horse battery staple 42")
	if err != nil {
		log.Fatal(err)
	}
	var n atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for range 2 * workers {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if ok, err := h.Verify(ctx, phc, "correct horse battery staple 42"); !ok || err != nil {
					log.Fatal("raw hash: verify failed", err)
				}
				n.Add(1)
			}
		})
	}
	wg.Wait()
	return float64(n.Load()) / time.Since(start).Seconds()
}

// server is the accountd under test.
type server struct {
	cmd  *exec.Cmd
	url  string
	logs *os.File
	// metrics is the private listener's URL, with Go's profiles, when profiling.
	metrics    string
	peakWarned bool
}

// runtimeKnobs are the Go runtime's settings that pass through to accountd, to measure
// what they change; with any of them set, accountd does not run with its defaults.
var runtimeKnobs = []string{"GOGC", "GOMEMLIMIT", "GODEBUG", "GOMAXPROCS"}

// settingKnobs are accountd settings that pass through to it, to compare a setting's
// effect (e.g. ACCOUNTD_ADMISSION_WAIT=0); the run is then not of the defaults either.
var settingKnobs = []string{"ACCOUNTD_ADMISSION_WAIT", "ACCOUNTD_HASH_WORKERS", "ACCOUNTD_HASH_MAX_WAITING"}

func startAccountd(bin, dbURL string, prepare bool, smtpURL string, profiling bool) *server {
	port := freePort()
	logs, err := os.CreateTemp("", "accountd-loadtest-*.log")
	if err != nil {
		log.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(bin, "accountd"), "serve")
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"ACCOUNTD_LISTEN_ADDR=127.0.0.1:" + port,
		"ACCOUNTD_DATABASE_URL=" + dbURL,
		"ACCOUNTD_DATABASE_PREPARE=" + strconv.FormatBool(prepare),
		"ACCOUNTD_SMTP_URL=" + smtpURL,
		"ACCOUNTD_ENV=production",
		"ACCOUNTD_PUBLIC_URL=https://app.example.test",
		"ACCOUNTD_SECRET_KEY=" + strings.Repeat("5e", 32),
		// Every request comes from 127.0.0.1, and log-ins repeat the same addresses:
		// the per-address and per-IP limits would answer most of them (they are
		// tested in internal/account and cmd/accountd, not measured here).
		"ACCOUNTD_LOGIN_LOCK_WINDOW=1ms",
		"ACCOUNTD_LOGIN_IP_MAX_FAILURES=100000000",
		"ACCOUNTD_EMAILS_PER_IP_PER_HOUR=100000000",
		// The load test measures accountd, not the Pwned Passwords API (one HTTP call
		// per log-in whose prefix is not cached).
		"ACCOUNTD_BREACHED_PASSWORD_URL=",
		// wrk is the load balancer in front of accountd: a scenario from many networks
		// names its client in X-Forwarded-For (graphql.lua), which accountd believes
		// from a trusted proxy only. Without the header the client is 127.0.0.1.
		"ACCOUNTD_TRUSTED_PROXIES=127.0.0.1",
	}
	for _, k := range slices.Concat(runtimeKnobs, settingKnobs) {
		if v, ok := os.LookupEnv(k); ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	s := &server{cmd: cmd, url: "http://127.0.0.1:" + port, logs: logs}
	if profiling {
		addr := "127.0.0.1:" + freePort()
		cmd.Env = append(cmd.Env, "ACCOUNTD_METRICS_ADDR="+addr, "ACCOUNTD_PPROF=true")
		s.metrics = "http://" + addr
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				log.Printf("accountd (pid %d) ready on %s, logs in %s", cmd.Process.Pid, s.url, logs.Name())
				return s
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			b, _ := os.ReadFile(logs.Name())
			log.Fatalf("accountd not ready within 60s:\n%s", b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// profile records a CPU profile of accountd into path during the middle of a scenario
// of length d (from its second second to the one before its last); the channel closes
// when it is written.
func (s *server) profile(path string, d time.Duration) chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		time.Sleep(time.Second)
		seconds := max(1, int(d.Seconds())-2)
		resp, err := http.Get(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", s.metrics, seconds))
		if err != nil {
			log.Printf("  profile: %v", err)
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("%s: %s", resp.Status, body)
		}
		if err == nil {
			err = os.MkdirAll(filepath.Dir(path), 0o755)
		}
		if err == nil {
			err = os.WriteFile(path, body, 0o644)
		}
		if err != nil {
			log.Printf("  profile: %v", err)
			return
		}
		log.Printf("  CPU profile (%d s) in %s: go tool pprof -top %s", seconds, path, path)
		// And the heap as the scenario ends: what the memory is held by.
		heap := strings.TrimSuffix(path, ".cpu.pprof") + ".heap.pprof"
		if resp, err := http.Get(s.metrics + "/debug/pprof/heap"); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && os.WriteFile(heap, body, 0o644) == nil {
				log.Printf("  heap profile in %s: go tool pprof -sample_index=inuse_space -top %s", heap, heap)
			}
		}
	}()
	return done
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// cpuSeconds is accountd's user and system CPU time so far (/proc/<pid>/stat fields 14
// and 15, in clock ticks of 1/100 s on Linux).
func (s *server) cpuSeconds() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		log.Fatal(err)
	}
	// The command name may hold spaces: fields count from after its closing paren.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100
}

// resetPeak resets accountd's peak resident set (VmHWM), so that the next memoryMiB
// reports the peak of what runs in between (Linux: "5" in /proc/PID/clear_refs). Where
// it is refused, the peak stays the one since accountd started, and a warning says so.
func (s *server) resetPeak() {
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.cmd.Process.Pid), []byte("5"), 0); err != nil && !s.peakWarned {
		s.peakWarned = true
		log.Printf("  cannot reset accountd's peak RSS (%v): peak RSS is since accountd started", err)
	}
}

// idle waits until accountd has finished what the last run left in flight: wrk closes
// its connections at the end of a run, but their requests still queue for a hash worker
// and hold admission tokens, so the next run would start against a full gate. It waits
// at least 2 s, then until accountd uses under 5% of a core over half a second (at most
// 30 s more).
func (s *server) idle() {
	time.Sleep(2 * time.Second)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		cpu0 := s.cpuSeconds()
		time.Sleep(500 * time.Millisecond)
		if s.cpuSeconds()-cpu0 < 0.025 {
			return
		}
	}
	log.Printf("  accountd still busy 30 s after the run")
}

// memoryMiB is accountd's peak resident set so far (VmHWM) and its current one (VmRSS).
func (s *server) memoryMiB() (peak, now float64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		kib, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
		switch k {
		case "VmHWM":
			peak = kib / 1024
		case "VmRSS":
			now = kib / 1024
		}
	}
	return peak, now
}

func seed(bin, dbURL string, accounts int, out string) {
	args := []string{"-database-url", dbURL, "-accounts", strconv.Itoa(accounts),
		"-argon2-memory-kib", strconv.Itoa(int(argon2.MemoryKiB)), "-argon2-iterations", strconv.Itoa(int(argon2.Iterations)),
		"-argon2-parallelism", strconv.Itoa(int(argon2.Parallelism))}
	if out != "" {
		args = append(args, "-out", out)
	}
	cmd := exec.Command(filepath.Join(bin, "seed"), args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("seed: %v", err)
	}
}

// createDatabase makes a fresh database and returns its URL and how to drop it.
// settle vacuums and analyzes the database after a bulk insert, as autovacuum would
// within minutes: otherwise the scenario after it runs beside autovacuum's work and
// measures that too.
func settle(dbURL string) {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	t0 := time.Now()
	if _, err := db.Exec("VACUUM ANALYZE"); err != nil {
		log.Fatalf("VACUUM ANALYZE: %v", err)
	}
	log.Printf("VACUUM ANALYZE after the bulk insert: %s", time.Since(t0).Round(time.Millisecond))
	time.Sleep(2 * time.Second)
}

func createDatabase(ctx context.Context, adminURL string) (string, func()) {
	admin, err := sql.Open("postgres", adminURL)
	if err != nil {
		log.Fatal(err)
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := "accountd_load_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		log.Fatalf("create database: %v", err)
	}
	u, _ := url.Parse(adminURL)
	u.Path = "/" + name
	log.Printf("database %s", name)
	return u.String(), func() {
		if _, err := admin.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			log.Printf("drop database %s: %v", name, err)
		}
		_ = admin.Close()
	}
}

func postgresVersion(dbURL string) string {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return "PostgreSQL"
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("SHOW server_version").Scan(&v); err != nil {
		return "PostgreSQL"
	}
	return "PostgreSQL " + strings.Fields(v)[0]
}

func freePort() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func output(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ""
		}
	}
	return string(out)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
