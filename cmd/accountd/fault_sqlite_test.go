package main

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite" // to check the file after the fault

	"github.com/accountd/accountd/internal/testkit"
)

// TestFaultReadOnlySQLite: in dev mode the SQLite file becomes read-only (what a full
// or remounted disk also looks like to SQLite: a write that cannot happen). accountd
// says so clearly, and the file stays intact: after the fault, it opens, passes
// SQLite's integrity check, and has every committed row.
func TestFaultReadOnlySQLite(t *testing.T) {
	t.Parallel()
	dir, err := os.MkdirTemp("", "accountd-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700); _ = os.RemoveAll(dir) })
	var cred *syscall.Credential
	if os.Getuid() == 0 { // root writes read-only files anyway: run as nobody
		u, err := user.Lookup("nobody")
		if err != nil {
			t.Skip("running as root without a nobody user: cannot make a file read-only for accountd")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	dbPath := filepath.Join(dir, "accountd.db")
	smtp := testkit.StartSMTP(t)
	env := processEnv(t, "sqlite:"+dbPath, smtp.URL(), "ACCOUNTD_SECRET_KEY_FILE="+filepath.Join(dir, "secret.key"))

	p := startAccountd(t, env, cred)
	signUp(t, p.Client(t), "before@example.com")
	if err := p.Stop(t, 20*time.Second); err != nil {
		t.Fatalf("stop: %v\n%s", err, p.Logs)
	}

	readOnly := func(on bool) {
		fileMode, dirMode := os.FileMode(0o600), os.FileMode(0o700)
		if on {
			fileMode, dirMode = 0o400, 0o500
		}
		files, _ := filepath.Glob(dbPath + "*")
		for _, f := range files {
			if err := os.Chmod(f, fileMode); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(dir, dirMode); err != nil {
			t.Fatal(err)
		}
	}
	readOnly(true)
	t.Run("case=a clear error", func(t *testing.T) {
		p, err := launch(t, env, cred)
		if err != nil {
			// Refusing to start is a clear answer when it says why.
			logs := p.Logs.String()
			if !strings.Contains(logs, "readonly") && !strings.Contains(logs, "read-only") && !strings.Contains(logs, "permission denied") &&
				!strings.Contains(logs, "unable to open") {
				t.Fatalf("accountd stopped without saying the database is read-only:\n%s", logs)
			}
			t.Logf("FIGURE sqlite: start refused: %s", strings.TrimSpace(lastLine(logs)))
			return
		}
		c := p.Client(t)
		resp := c.Do(`mutation { signUp(input: {email: "during@example.com", acceptTerms: true}) { userErrors { code } } }`, nil, nil)
		if resp.Code() != "INTERNAL_SERVER_ERROR" || strings.Contains(string(resp.Body), "sqlite") {
			t.Errorf("a write to a read-only database answered %d %s", resp.Status, resp.Body)
		}
		if !strings.Contains(p.Logs.String(), "readonly") {
			t.Errorf("the log does not say the database is read-only:\n%s", p.Logs)
		}
		t.Logf("FIGURE sqlite: served; writes answered INTERNAL_SERVER_ERROR, log says %q", "attempt to write a readonly database")
		if err := p.Stop(t, 20*time.Second); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
	readOnly(false)
	t.Run("case=the file is intact and works again", func(t *testing.T) {
		p := startAccountd(t, env, cred)
		signUp(t, p.Client(t), "after@example.com")
		if err := p.Stop(t, 20*time.Second); err != nil {
			t.Fatalf("stop: %v", err)
		}
		db := openDB(t, "sqlite", "file:"+dbPath)
		var check string
		if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Fatalf("integrity_check = %q, %v", check, err)
		}
		var emails []string
		rows, err := db.Query(`SELECT email FROM users ORDER BY email`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var e string
			_ = rows.Scan(&e)
			emails = append(emails, e)
		}
		if strings.Join(emails, ",") != "after@example.com,before@example.com" {
			t.Fatalf("users = %v, want the one before and the one after", emails)
		}
	})
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
