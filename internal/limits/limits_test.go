package limits_test

import (
	"flag"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/limits"
)

var update = flag.Bool("update", false, "rewrite README.md's table of rate limits from the code")

const readmePath = "../../README.md"

// The markers around the generated table in README.md.
const (
	tableBegin = "<!-- rate limits: generated from internal/limits/limits.go by `go test ./internal/limits -run TestREADMELimits -update` -->\n"
	tableEnd   = "<!-- end of rate limits -->\n"
)

// TestREADMELimits keeps README.md's table of rate limits equal to the one every flow
// reads (limits.Table), and the defaults in README's configuration table equal to the
// rules they configure.
func TestREADMELimits(t *testing.T) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, tableBegin)
	end := strings.Index(readme, tableEnd)
	if start < 0 || end < start {
		t.Fatalf("README.md lacks the markers of the rate limits:\n%s%s", tableBegin, tableEnd)
	}
	got := readme[start+len(tableBegin) : end]
	want := limits.Markdown()
	switch {
	case got == want:
	case *update:
		readme = readme[:start+len(tableBegin)] + want + readme[end:]
		if err := os.WriteFile(readmePath, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	default:
		t.Errorf("README.md's rate limits differ from limits.Table; run go test ./internal/limits -run TestREADMELimits -update\nREADME:\n%s\ncode:\n%s", got, want)
	}

	// The configuration table: | ACCOUNTD_X | default | meaning |.
	for _, r := range limits.Table {
		for env, def := range map[string]string{r.LimitEnv: strconv.Itoa(r.Limit), r.WindowEnv: limits.FormatWindow(r.Window)} {
			if env == "" {
				continue
			}
			row := regexp.MustCompile(`(?m)^\| ` + env + ` \| ([^|]*) \|`).FindStringSubmatch(readme)
			if row == nil {
				t.Errorf("README.md's configuration table has no row for %s (rule %s)", env, r.Name)
				continue
			}
			if strings.TrimSpace(row[1]) != def {
				t.Errorf("README.md says %s defaults to %q; rule %s says %s", env, strings.TrimSpace(row[1]), r.Name, def)
			}
		}
	}
}

// TestTable: every rule has a name of its own (the counters of two rules must never
// share keys) and numbers that can refuse.
func TestTable(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, r := range limits.Table {
		// TwoFactorFailures counts wrong answers in a row on the secret itself: no window.
		windowed := r != &limits.TwoFactorFailures
		if r.Name == "" || seen[r.Name] || r.Limit < 1 || (windowed && r.Window <= 0) || r.Window < 0 || r.Counts == "" {
			t.Errorf("rule %+v: want a unique name, a limit, a window and what it counts", *r)
		}
		seen[r.Name] = true
	}
}

func TestKeyHidesItsParts(t *testing.T) {
	t.Parallel()
	k := limits.VerificationEmail.Key("someone@example.com")
	if k == limits.VerificationEmail.Key("other@example.com") || len(k) > 128 || !strings.HasPrefix(k, "mail:") {
		t.Fatalf("bad key %q", k)
	}
	for _, part := range []string{"someone", "example.com"} {
		if strings.Contains(k, part) {
			t.Fatalf("key %q holds %q in clear", k, part)
		}
	}
}

// TestWith: a configured value replaces the table's; zero keeps it.
func TestWith(t *testing.T) {
	t.Parallel()
	r := limits.LogIn.With(3, 0)
	if r.Limit != 3 || r.Window != limits.LogIn.Window || r.Name != limits.LogIn.Name {
		t.Fatalf("With(3, 0) = %+v", r)
	}
	if r := limits.LogIn.With(0, 0); r != limits.LogIn {
		t.Fatalf("With(0, 0) = %+v, want the table's rule", r)
	}
}
