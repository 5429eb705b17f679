package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Targets of issue 26, each judged within one run; hash shares are of the raw argon2id
// rate measured in the same run (Report.RawHashRate).
const (
	// targetFloodShare: successful log-ins under a flood of 200 and of 1,000 connections
	// that retry at once, from many networks; every other answer RATE_LIMITED.
	targetFloodShare = 0.80
	// targetHashShare: successful log-ins and sign-ups at 8 and at 16 connections.
	targetHashShare = 0.85
	// targetFloodMemMiB: accountd's peak RSS under the 1,000-connection flood, with its
	// default memory settings (no GOGC or GOMEMLIMIT given).
	targetFloodMemMiB = 160
	// targetViewerRPS and targetViewerP99: the viewer query at 16 connections, in each
	// of targetViewerRuns runs.
	targetViewerRPS  = 6500
	targetViewerP99  = 10 * time.Millisecond
	targetViewerRuns = 5
)

// Verdict statuses. Only statusMissed fails the run: a figure below its target by no
// more than the run-to-run noise the run measured is statusWithinNoise.
const (
	statusMet         = "met"
	statusWithinNoise = "below, within noise"
	statusMissed      = "**missed**"
	statusReported    = "reported, not judged"
)

// Verdict is one target judged on one run.
type Verdict struct {
	Target   string `json:"target"`
	Scenario string `json:"scenario"`
	Measured string `json:"measured"`
	Noise    string `json:"noise"`
	Status   string `json:"status"`
}

// Missed reports whether the verdict fails the run.
func (v Verdict) Missed() bool { return v.Status == statusMissed }

// atLeast judges a figure that must reach target, given the relative run-to-run noise
// measured in the same run: a miss is a figure below target by more than noise.
func atLeast(got, target, noise float64) string {
	switch {
	case got >= target:
		return statusMet
	case got >= target*(1-noise):
		return statusWithinNoise
	}
	return statusMissed
}

// atMost is atLeast for a figure that must stay under target.
func atMost(got, target, noise float64) string {
	switch {
	case got <= target:
		return statusMet
	case got <= target*(1+noise):
		return statusWithinNoise
	}
	return statusMissed
}

// worst is the worse of two statuses.
func worst(a, b string) string {
	rank := map[string]int{statusMet: 0, statusReported: 0, statusWithinNoise: 1, statusMissed: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// clean reports whether every answer of a run was the expected one or RATE_LIMITED,
// with no socket error and no timeout: not a figure with noise, judged as is.
func clean(r *Result) bool { return r.Other == 0 && r.SocketErrors == 0 && r.Timeouts == 0 }

// relSpread is the run-to-run noise of repeated figures: (max - min) / median.
func relSpread(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	if med == 0 {
		return 0
	}
	return (s[len(s)-1] - s[0]) / med
}

// judgeRun judges every target of issue 26 whose scenarios ran.
func judgeRun(rep *Report) []Verdict {
	var out []Verdict
	byName := map[string]*Scenario{}
	for i := range rep.Scenarios {
		byName[rep.Scenarios[i].Name] = &rep.Scenarios[i]
	}
	hashNoise := fmt.Sprintf("raw rate %.1f before, %.1f after: they differ by %.0f%%", rep.RawHashRateBefore, rep.RawHashRateAfter, 100*rep.HashNoise)
	share := func(s *Scenario) float64 {
		if rep.RawHashRate == 0 {
			return 0
		}
		return s.Runs[0].OKPerSecond / rep.RawHashRate
	}
	// shareVerdict judges a scenario's successful answers per second as a share of the
	// raw hash rate (goal), and its answers.
	shareVerdict := func(s *Scenario, target string, goal float64) Verdict {
		r := s.Runs[0]
		status := atLeast(share(s), goal, rep.HashNoise)
		if !clean(r) {
			status = statusMissed
		}
		return Verdict{
			Target:   target,
			Scenario: s.Name + " (" + s.networksText() + ")",
			Measured: fmt.Sprintf("%.0f%% (%.1f ok/s); ok %d, rate limited %d, other %d, socket errors %d, timeouts %d",
				100*share(s), r.OKPerSecond, r.OK, r.RateLimited, r.Other, r.SocketErrors, r.Timeouts),
			Noise:  hashNoise,
			Status: status,
		}
	}

	// Floods: judged from many networks, reported from one.
	for _, f := range []struct{ many, one string }{{"login-200-nets", "login-200"}, {"login-flood-nets", "login-flood"}} {
		for _, name := range []string{f.many, f.one} {
			s := byName[name]
			if s == nil {
				continue
			}
			v := shareVerdict(s, fmt.Sprintf("flood of %d connections: ok >= %.0f%% of the raw hash rate, every other answer RATE_LIMITED, no error, no timeout",
				s.Connections, 100*targetFloodShare), targetFloodShare)
			if name == f.one {
				v.Status = statusReported
			}
			out = append(out, v)
		}
	}

	// Memory under the 1,000-connection flood, with the defaults.
	for _, name := range []string{"login-flood-nets", "login-flood"} {
		s := byName[name]
		if s == nil {
			continue
		}
		peak := s.Runs[0].PeakRSSMiB
		status := statusMet
		if peak > targetFloodMemMiB {
			status = statusMissed
		}
		if name == "login-flood" {
			status = statusReported
		}
		measured := fmt.Sprintf("peak RSS %.0f MiB", peak)
		if len(rep.RuntimeEnv) > 0 {
			measured += " with " + strings.Join(rep.RuntimeEnv, " ")
			status = statusReported // not the defaults
		}
		out = append(out, Verdict{
			Target:   fmt.Sprintf("peak RSS under the flood of 1,000 connections <= %d MiB with the defaults", targetFloodMemMiB),
			Scenario: name + " (" + s.networksText() + ")",
			Measured: measured,
			Noise:    "none measured: judged as is",
			Status:   status,
		})
	}

	// Log-in and sign-up at 8 and 16 connections.
	for _, s := range rep.Scenarios {
		if (s.Script != "login" && s.Script != "signup") || s.Connections > 16 {
			continue
		}
		out = append(out, shareVerdict(&s, fmt.Sprintf("%s at %d connections: ok >= %.0f%% of the raw hash rate, no error",
			s.Script, s.Connections, 100*targetHashShare), targetHashShare))
	}

	// Viewer: every one of five runs.
	for _, name := range []string{"viewer-session", "viewer-apikey"} {
		s := byName[name]
		if s == nil {
			continue
		}
		var rps, p99 []string
		var oks []float64
		for _, r := range s.Runs {
			oks = append(oks, r.OKPerSecond)
			rps = append(rps, fmt.Sprintf("%.0f", r.OKPerSecond))
			p99 = append(p99, fmt.Sprintf("%.1f", r.P99ms))
		}
		noise := relSpread(oks)
		status := statusMet
		for _, r := range s.Runs {
			status = worst(status, atLeast(r.OKPerSecond, targetViewerRPS, noise))
			status = worst(status, atMost(r.P99ms, float64(targetViewerP99.Milliseconds()), noise))
			if !clean(r) || r.RateLimited > 0 {
				status = statusMissed
			}
		}
		if len(s.Runs) < targetViewerRuns {
			status = statusReported
		}
		out = append(out, Verdict{
			Target: fmt.Sprintf("viewer at %d connections: p99 < %d ms at >= %d req/s in %d runs of %d",
				s.Connections, targetViewerP99.Milliseconds(), targetViewerRPS, targetViewerRuns, targetViewerRuns),
			Scenario: fmt.Sprintf("%s (%d runs)", name, len(s.Runs)),
			Measured: fmt.Sprintf("req/s %s; p99 ms %s", strings.Join(rps, ", "), strings.Join(p99, ", ")),
			Noise:    fmt.Sprintf("req/s (max - min) / median over the runs: %.0f%%", 100*noise),
			Status:   status,
		})
	}

	// Mail: the outbox drains at least twice the peak sign-up rate.
	if d := rep.MailDrain; d != nil {
		text, ok := judgeDrain(d)
		status := statusMet
		if !ok {
			status = statusMissed
		}
		if d.SignUpPeak == 0 {
			status = statusReported
		}
		_, text, _ = strings.Cut(text, ": ")
		out = append(out, Verdict{
			Target:   fmt.Sprintf("mail: the outbox drains >= %.0fx the peak sign-up rate", targetDrainFactor),
			Scenario: "mail-drain",
			Measured: text,
			Noise:    "none measured: judged as is",
			Status:   status,
		})
	}
	return out
}

// networksText says where a scenario's requests come from.
func (s *Scenario) networksText() string {
	if s.Networks == 0 {
		return "one network"
	}
	if s.Networks == manyNetworks {
		return "many networks"
	}
	return fmt.Sprintf("%d networks", s.Networks)
}

// hashNoise is the relative difference of two measurements of the raw hash rate.
func hashNoise(before, after float64) float64 {
	if before+after == 0 {
		return 0
	}
	return math.Abs(before-after) / ((before + after) / 2)
}
