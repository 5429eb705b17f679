package main

import (
	"strings"
	"testing"
)

func TestAtLeastAndAtMostAllowTheMeasuredNoiseOnly(t *testing.T) {
	for _, c := range []struct {
		got, target, noise float64
		want               string
	}{
		{0.86, 0.85, 0, statusMet},
		{0.85, 0.85, 0, statusMet},
		{0.84, 0.85, 0, statusMissed},         // no noise measured: any shortfall
		{0.82, 0.85, 0.05, statusWithinNoise}, // 0.85 x 0.95 = 0.8075
		{0.80, 0.85, 0.05, statusMissed},      // below 0.8075
		{6250, 6500, 0.04, statusWithinNoise}, // 6,240 is the floor
		{6200, 6500, 0.03, statusMissed},      // 6,305 is the floor
		{0.70, 0.80, 1.5, statusWithinNoise},  // noise above 100%: never a miss
		{0.0, 0.80, 0.25, statusMissed},       // nothing at all
		{0.81, 0.80, 0.25, statusMet},         // met whatever the noise
		{0.7999, 0.80, 0.0001, statusMissed},  // 0.79992 is the floor
		{0.79995, 0.80, 0.0001, statusWithinNoise},
	} {
		if got := atLeast(c.got, c.target, c.noise); got != c.want {
			t.Errorf("atLeast(%v, %v, %v) = %q, want %q", c.got, c.target, c.noise, got, c.want)
		}
	}
	for _, c := range []struct {
		got, target, noise float64
		want               string
	}{
		{9.9, 10, 0, statusMet},
		{10.1, 10, 0, statusMissed},
		{10.4, 10, 0.05, statusWithinNoise},
		{10.6, 10, 0.05, statusMissed},
	} {
		if got := atMost(c.got, c.target, c.noise); got != c.want {
			t.Errorf("atMost(%v, %v, %v) = %q, want %q", c.got, c.target, c.noise, got, c.want)
		}
	}
}

func TestRelSpreadAndHashNoise(t *testing.T) {
	if got := relSpread([]float64{7000}); got != 0 {
		t.Errorf("one run: spread %v, want 0", got)
	}
	// (7,200 - 6,800) / 7,000 (the median of five).
	if got := relSpread([]float64{7200, 6800, 7000, 6900, 7100}); got < 0.0571 || got > 0.0572 {
		t.Errorf("spread %v, want 400/7000", got)
	}
	// Even count: the median is the mean of the middle two.
	if got := relSpread([]float64{90, 110, 100, 100}); got != 0.2 {
		t.Errorf("spread %v, want 0.2", got)
	}
	if got := hashNoise(80, 76); got < 0.0512 || got > 0.0513 {
		t.Errorf("hashNoise(80, 76) = %v, want 4/78", got)
	}
	if got := hashNoise(0, 0); got != 0 {
		t.Errorf("hashNoise(0, 0) = %v", got)
	}
}

// report is a run whose raw hash rate is 80/s, measured 82 and 78 (noise 5%).
func report(scenarios ...Scenario) *Report {
	return &Report{RawHashRateBefore: 82, RawHashRateAfter: 78, RawHashRate: 80, HashNoise: hashNoise(82, 78), Scenarios: scenarios}
}

func hashScenario(name, script string, conns, networks int, r Result) Scenario {
	return Scenario{Name: name, Script: script, Connections: conns, Networks: networks, Runs: []*Result{&r}}
}

func verdictOf(t *testing.T, vs []Verdict, scenarioPrefix, targetPrefix string) Verdict {
	t.Helper()
	for _, v := range vs {
		if (v.Scenario == scenarioPrefix || strings.HasPrefix(v.Scenario, scenarioPrefix+" ")) && strings.HasPrefix(v.Target, targetPrefix) {
			return v
		}
	}
	t.Fatalf("no verdict for %s / %s in %+v", scenarioPrefix, targetPrefix, vs)
	return Verdict{}
}

func TestJudgeFloodsOnManyNetworksReportOneNetwork(t *testing.T) {
	rep := report(
		hashScenario("login-200", "login", 200, 0, Result{OKPerSecond: 10, OK: 150, RateLimited: 40000}),
		hashScenario("login-200-nets", "login", 200, 200, Result{OKPerSecond: 66, OK: 990, RateLimited: 40000}),
		hashScenario("login-flood", "login", 1000, 0, Result{OKPerSecond: 70, PeakRSSMiB: 400}),
		hashScenario("login-flood-nets", "login", 1000, 1000, Result{OKPerSecond: 70, Timeouts: 1, PeakRSSMiB: 150}),
	)
	vs := judgeRun(rep)
	if v := verdictOf(t, vs, "login-200-nets", "flood"); v.Status != statusMet { // 66/80 = 82.5%
		t.Errorf("login-200-nets: %+v", v)
	}
	if v := verdictOf(t, vs, "login-200", "flood"); v.Status != statusReported || v.Missed() { // 12.5%, one network
		t.Errorf("login-200: %+v", v)
	}
	// 87.5% of the raw rate, but one timeout: missed whatever the share.
	if v := verdictOf(t, vs, "login-flood-nets", "flood"); !v.Missed() {
		t.Errorf("login-flood-nets with a timeout: %+v", v)
	}
	if v := verdictOf(t, vs, "login-flood-nets", "peak RSS"); v.Status != statusMet {
		t.Errorf("150 MiB: %+v", v)
	}
	if v := verdictOf(t, vs, "login-flood", "peak RSS"); v.Status != statusReported {
		t.Errorf("one-network flood memory is reported only: %+v", v)
	}
}

func TestJudgeMemoryStrictlyAndOnlyWithTheDefaults(t *testing.T) {
	flood := hashScenario("login-flood-nets", "login", 1000, 1000, Result{OKPerSecond: 70, PeakRSSMiB: 161})
	if v := verdictOf(t, judgeRun(report(flood)), "login-flood-nets", "peak RSS"); !v.Missed() {
		t.Errorf("161 MiB with the defaults: %+v", v)
	}
	rep := report(flood)
	rep.RuntimeEnv = []string{"GOMEMLIMIT=100MiB"}
	if v := verdictOf(t, judgeRun(rep), "login-flood-nets", "peak RSS"); v.Status != statusReported || !strings.Contains(v.Measured, "GOMEMLIMIT=100MiB") {
		t.Errorf("not the defaults: %+v", v)
	}
}

func TestJudgeLogInAndSignUpWithinTheRawRateNoise(t *testing.T) {
	rep := report(
		hashScenario("login-1k", "login", 8, 8, Result{OKPerSecond: 70}),      // 87.5%
		hashScenario("login-1k-16", "login", 16, 16, Result{OKPerSecond: 66}), // 82.5%: within 5% of 85%
		hashScenario("signup", "signup", 8, 8, Result{OKPerSecond: 60}),       // 75%: missed
		hashScenario("signup-16", "signup", 16, 16, Result{OKPerSecond: 70, Other: 1}),
		hashScenario("login-2fa", "login2fa", 8, 8, Result{OKPerSecond: 1}), // no target
	)
	vs := judgeRun(rep)
	want := map[string]string{"login-1k": statusMet, "login-1k-16": statusWithinNoise, "signup": statusMissed, "signup-16": statusMissed}
	for name, status := range want {
		if v := verdictOf(t, vs, name, ""); v.Status != status {
			t.Errorf("%s: %+v, want %s", name, v, status)
		}
	}
	for _, v := range vs {
		if strings.HasPrefix(v.Scenario, "login-2fa") {
			t.Errorf("login-2fa judged: %+v", v)
		}
	}
}

func viewerScenario(name string, runs ...Result) Scenario {
	s := Scenario{Name: name, Script: "viewer", Connections: 16}
	for i := range runs {
		s.Runs = append(s.Runs, &runs[i])
	}
	return s
}

func TestJudgeViewerInEveryOneOfFiveRuns(t *testing.T) {
	good := Result{OKPerSecond: 7000, P99ms: 8}
	slow := Result{OKPerSecond: 6990, P99ms: 12} // p99 20% over, req/s spread 0.1%
	met := viewerScenario("viewer-session", good, good, good, good, good)
	missed := viewerScenario("viewer-apikey", good, good, slow, good, good)
	vs := judgeRun(report(met, missed))
	if v := verdictOf(t, vs, "viewer-session", "viewer"); v.Status != statusMet {
		t.Errorf("five good runs: %+v", v)
	}
	if v := verdictOf(t, vs, "viewer-apikey", "viewer"); !v.Missed() {
		t.Errorf("one run at p99 12 ms: %+v", v)
	}
	// A run below 6,500 req/s but within the five runs' spread is not a miss.
	low := Result{OKPerSecond: 6400, P99ms: 9}
	within := viewerScenario("viewer-session", Result{OKPerSecond: 6900, P99ms: 9}, low, good, good, good)
	if v := verdictOf(t, judgeRun(report(within)), "viewer-session", "viewer"); v.Status != statusWithinNoise {
		t.Errorf("6,400 req/s with a spread of 600/6900: %+v", v)
	}
	// Fewer than five runs (-viewer-runs): reported, never a pass or a miss.
	few := viewerScenario("viewer-session", slow)
	if v := verdictOf(t, judgeRun(report(few)), "viewer-session", "viewer"); v.Status != statusReported {
		t.Errorf("one run: %+v", v)
	}
	// An error in any run is a miss.
	broken := viewerScenario("viewer-session", good, good, good, good, Result{OKPerSecond: 7000, P99ms: 8, SocketErrors: 1})
	if v := verdictOf(t, judgeRun(report(broken)), "viewer-session", "viewer"); !v.Missed() {
		t.Errorf("a socket error: %+v", v)
	}
}

func TestJudgeMailAgainstTheBestSignUp(t *testing.T) {
	rep := report()
	rep.MailDrain = &MailDrain{Emails: 3000, PerSecond: 100, SignUpPeak: 60}
	if v := verdictOf(t, judgeRun(rep), "mail-drain", "mail"); !v.Missed() { // 1.7x
		t.Errorf("100 emails/s against 60 sign-ups/s: %+v", v)
	}
	rep.MailDrain.SignUpPeak = 50
	if v := verdictOf(t, judgeRun(rep), "mail-drain", "mail"); v.Status != statusMet {
		t.Errorf("100 emails/s against 50 sign-ups/s: %+v", v)
	}
	rep.MailDrain.SignUpPeak = 0
	if v := verdictOf(t, judgeRun(rep), "mail-drain", "mail"); v.Status != statusReported {
		t.Errorf("no sign-up scenario: %+v", v)
	}
}
