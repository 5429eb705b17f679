// Package limits is the one table of accountd's rate limits. Every flow reads its rule
// here, the configuration takes the defaults of the configurable ones from here,
// README.md prints the table (TestREADMELimits keeps the two equal), and the refusal
// metric accountd_rate_limit_refusals_total is labelled with the rule's name.
//
// The package has no dependencies, so the configuration can read it; the counters that
// enforce the rules are internal/ratelimit's.
package limits

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Rule is at most Limit hits per Window, counted under keys named after the rule.
type Rule struct {
	// Name is the prefix of the rule's counter keys and the `rule` label of the refusal
	// metric.
	Name string
	// Limit is the hits allowed in a window; past it the answer is RATE_LIMITED.
	Limit int
	// Window is how long a counter lives from its first hit.
	Window time.Duration
	// Counts says what one hit is and what it is counted by, for README.md.
	Counts string
	// LimitEnv and WindowEnv name the configuration variables that set Limit and
	// Window, when they can be set.
	LimitEnv, WindowEnv string
}

// Key builds a counter key of the rule from the parts it counts by. The parts (email
// addresses, IPs) are hashed: the table holds no personal data.
func (r Rule) Key(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return r.Name + ":" + hex.EncodeToString(h[:16])
}

// With returns the rule with a configured limit and window; a value of zero or less
// keeps the table's.
func (r Rule) With(limit int, window time.Duration) Rule {
	if limit > 0 {
		r.Limit = limit
	}
	if window > 0 {
		r.Window = window
	}
	return r
}

// The rules, by flow. The numbers are the defaults of the configurable ones.
var (
	// LogIn: NIST 800-63B §5.2.2 (at most 100 consecutive failures), ASVS 6.3.1. The
	// attempt is counted before the password is checked, atomically (Keycloak
	// CVE-2024-4629); a successful log-in and a password reset start it again.
	LogIn = Rule{
		Name: "login", Limit: 10, Window: 15 * time.Minute,
		Counts:   "password log-ins per address, counted before the password is checked; then locked until the window ends, for the right password too (but not for the owner's known devices: login-device), and the owner is mailed",
		LimitEnv: "ACCOUNTD_LOGIN_MAX_ATTEMPTS", WindowEnv: "ACCOUNTD_LOGIN_LOCK_WINDOW",
	}
	// LogInDevice counts the log-ins of one trusted device of an address (a browser or
	// app holding the device token of an earlier log-in, OWASP device cookies):
	// instead of the address's lock, which it is exempt from. It takes LogIn's
	// configured limit and window.
	LogInDevice = Rule{
		Name: "login-device", Limit: 10, Window: 15 * time.Minute,
		Counts:   "password log-ins per trusted device of an address (a browser or app that logged in to it before, by its device token), instead of the address's count: someone else's guesses do not lock it out; its own failures lock only it",
		LimitEnv: "ACCOUNTD_LOGIN_MAX_ATTEMPTS", WindowEnv: "ACCOUNTD_LOGIN_LOCK_WINDOW",
	}
	// LogInLocks remembers the locks of an address, and of its trusted devices, so that
	// each further one lasts twice as long (up to 24 hours); it never refuses.
	LogInLocks = Rule{
		Name: "login-locks", Limit: math.MaxInt, Window: 24 * time.Hour,
		Counts: "log-in locks per address, of the address or of one of its trusted devices: each further lock within the window lasts twice as long as the one before, up to 24 h; a password reset forgets them",
	}
	// LogInPerIP is credential stuffing: many addresses from one client.
	LogInPerIP = Rule{
		Name: "login-ip", Limit: 100, Window: 15 * time.Minute,
		Counts:   "failed log-ins per client IP, across addresses",
		LimitEnv: "ACCOUNTD_LOGIN_IP_MAX_FAILURES", WindowEnv: "ACCOUNTD_LOGIN_LOCK_WINDOW",
	}
	// EmailsPerIP bounds the mail one client can make accountd send, whatever the
	// addresses.
	EmailsPerIP = Rule{
		Name: "mail-ip", Limit: 30, Window: time.Hour,
		Counts:   "sign-ups, verification resends, reset, email-change and log-in code requests per client IP",
		LimitEnv: "ACCOUNTD_EMAILS_PER_IP_PER_HOUR",
	}
	// VerificationEmail: one address gets at most one verification email a window.
	VerificationEmail = Rule{
		Name: "mail", Limit: 1, Window: time.Minute,
		Counts:    "verification emails (sign-up, resend) per address",
		WindowEnv: "ACCOUNTD_RESEND_INTERVAL",
	}
	// ResetEmail: one address gets at most one reset email a window...
	ResetEmail = Rule{
		Name: "reset", Limit: 1, Window: time.Minute,
		Counts:    "password reset emails per address",
		WindowEnv: "ACCOUNTD_RESEND_INTERVAL",
	}
	// ResetEmailsPerHour: ...and a few an hour.
	ResetEmailsPerHour = Rule{
		Name: "reset-hour", Limit: 3, Window: time.Hour,
		Counts: "password reset emails per address, over the hour",
	}
	// EmailChange: a change of address mails a link (or a notice) to the new address;
	// counted per account and per new address, known or not, so neither a person nor
	// an address gets more than one a window.
	EmailChange = Rule{
		Name: "email-change", Limit: 1, Window: time.Minute,
		Counts:    "email-change requests per account, and per new address (known or not)",
		WindowEnv: "ACCOUNTD_RESEND_INTERVAL",
	}
	// LogInCodeEmail: one address gets at most one log-in code email a window, counted
	// for every address alike (the refusal tells nothing).
	LogInCodeEmail = Rule{
		Name: "login-code", Limit: 1, Window: time.Minute,
		Counts:    "log-in code emails per address (known or not)",
		WindowEnv: "ACCOUNTD_RESEND_INTERVAL",
	}
	// LogInCodeTries is counted on the code itself, not in the counters table: a code
	// takes this many answers, right or wrong, and lives for the window (6 digits and 5
	// tries: a guess succeeds with odds of 1 in 200,000 per code; NIST 800-63B §5.1.3).
	LogInCodeTries = Rule{
		Name: "login-code-tries", Limit: 5, Window: 10 * time.Minute,
		Counts: "answers per emailed log-in code, right or wrong; then the code is dead (ask for a new one). It lives for the window; each answer also counts as a log-in (`login`, `login-ip`)",
	}
	// PasswordProof: a stolen session or API key must not guess the password without
	// limit through the operations that ask for it (ASVS 6.3.1).
	PasswordProof = Rule{
		Name: "password-proof", Limit: 10, Window: 15 * time.Minute,
		Counts: "password checks of sensitive operations (fresh authentication) per account",
	}
	// PasskeyBegin bounds the passkey ceremonies one client can open without an
	// account (each is a stored challenge): beginPasskeyLogIn.
	PasskeyBegin = Rule{
		Name: "passkey-begin", Limit: 60, Window: 15 * time.Minute,
		Counts: "passkey log-ins begun (beginPasskeyLogIn) per client IP; finished ones count against login-ip like passwords when they fail",
	}
	// PasskeyChallenge is counted on the challenge itself: a WebAuthn ceremony's
	// challenge is used once and lives for the window (WebAuthn L3 §13.4.3).
	PasskeyChallenge = Rule{
		Name: "passkey-challenge", Limit: 1, Window: 5 * time.Minute,
		Counts: "uses per passkey ceremony challenge (registration, log-in, second factor); it lives for the window (PASSKEY_CHALLENGE_EXPIRED after)",
	}
	// TwoFactorChallenge is counted on the challenge itself, not in the counters table:
	// a challenge takes this many answers, right or wrong, and lives for the window.
	TwoFactorChallenge = Rule{
		Name: "2fa-challenge", Limit: 5, Window: 5 * time.Minute,
		Counts: "answers per two-factor log-in challenge, right or wrong; then the challenge is dead (INVALID_TOKEN: log in again). It lives for the window",
	}
	// TwoFactorAnswers: whoever knows the password could open challenge after
	// challenge; the account's answers are limited as well (NIST 800-63B §5.2.2).
	TwoFactorAnswers = Rule{
		Name: "2fa", Limit: 20, Window: 15 * time.Minute,
		Counts: "second-factor answers (codes and recovery codes) per account, across challenges and operations",
	}
	// TwoFactorFailures is counted on the account's TOTP secret, not in the counters
	// table, and has no window: wrong answers in a row (NIST 800-63B §5.2.2 allows at
	// most 100 consecutive failures), started again by a right one.
	TwoFactorFailures = Rule{
		Name: "2fa-failures", Limit: 10,
		Counts:   "wrong second-factor answers in a row per account (no window: a right answer starts again); then codes from the app are locked, right ones too (TWO_FACTOR_LOCKED), until a recovery code or a password reset, and the owner is mailed once",
		LimitEnv: "ACCOUNTD_TWO_FACTOR_MAX_FAILURES",
	}
	// PasswordStrength: scoring costs up to tens of milliseconds of CPU, and a strength
	// meter asks a few times a second at most.
	PasswordStrength = Rule{
		Name: "strength", Limit: 120, Window: time.Minute,
		Counts: "passwordStrength queries per client IP",
	}
	// Invitations bounds what one sender mails through fleets...
	Invitations = Rule{
		Name: "invite", Limit: 50, Window: time.Hour,
		Counts: "fleet invitations per sender",
	}
	// InvitationsTo ...and what one address receives, whoever sends: nobody can use
	// fleets to make accountd mail an address without end.
	InvitationsTo = Rule{
		Name: "invite-to", Limit: 10, Window: 24 * time.Hour,
		Counts: "fleet invitations per invited address, whoever sends them",
	}
	// Provisioning bounds how fast one provisioning key registers devices: a leaked key
	// without maxDevices cannot flood its fleet (and the database) faster than this.
	Provisioning = Rule{
		Name: "provision", Limit: 60, Window: time.Minute,
		Counts: "devices registered per provisioning key (provisionDevice)",
	}
)

// The admin API (internal/account, admin.go): sized for a person at a console, so
// that a stolen admin session cannot act on, or read, the whole platform at machine
// speed. Each counts per admin, whatever the outcome.
var (
	// AdminWrites: an operator acts on a few accounts an hour; 60 is one a minute.
	AdminWrites = Rule{
		Name: "admin-write", Limit: 60, Window: time.Hour,
		Counts: "admin mutations (suspend, unsuspend, end sessions, reset two-factor, delete, resend verification, webhook endpoints) per admin, refused ones too",
	}
	// AdminReads: the console's page of an account reads four things (the account,
	// its sessions, its security log, its audit lines); 600 an hour is such a page
	// every 24 seconds.
	AdminReads = Rule{
		Name: "admin-read", Limit: 600, Window: time.Hour,
		Counts: "admin reads per admin: a page of the account list or a search, an account, its sessions, a page of its security log, a page of the audit log",
	}
	// AdminReadAudit never refuses: it makes an admin's reads of one person's data (or
	// of one search) one audit log line per window, not one per page or refresh.
	AdminReadAudit = Rule{
		Name: "admin-read-audit", Limit: math.MaxInt, Window: 10 * time.Minute,
		Counts: "admin reads of personal data per admin, view (account, sessions, security log, search) and person or search text: the first in the window writes the audit log line (view_user, view_sessions, view_security_log, search_users), the next ones within it do not",
	}
)

// InvitationLookups bounds the public invitation query (who invited whom to what):
// a token is 256 random bits, so this only keeps a client from using the query as a
// cheap oracle or a load.
var InvitationLookups = Rule{
	Name: "invitation-ip", Limit: 60, Window: 15 * time.Minute,
	Counts: "invitation look-ups by token (the logged-out accept page) per client IP",
}

// Table is every rule, in README's order.
var Table = []*Rule{
	&LogIn, &LogInDevice, &LogInLocks, &LogInPerIP, &EmailsPerIP, &VerificationEmail, &ResetEmail,
	&ResetEmailsPerHour, &EmailChange, &LogInCodeEmail, &LogInCodeTries, &PasswordProof, &TwoFactorChallenge, &TwoFactorAnswers,
	&TwoFactorFailures, &PasswordStrength, &Invitations, &InvitationsTo, &Provisioning, &InvitationLookups,
	&DeviceCodeGuesses, &DeviceCodeAccountGuesses, &DeviceCodeBurst, &DeviceAuthorizations,
	&PasskeyBegin, &PasskeyChallenge, &AdminWrites, &AdminReads, &AdminReadAudit,
}

// Markdown is the table README.md prints ("Security limits"): one row per rule.
func Markdown() string {
	var b strings.Builder
	b.WriteString("| rule | what one hit is | limit | window | set by |\n|---|---|--:|---|---|\n")
	for _, r := range Table {
		limit := strconv.Itoa(r.Limit)
		if r.Limit == math.MaxInt {
			limit = "none"
		}
		var env []string
		for _, e := range []string{r.LimitEnv, r.WindowEnv} {
			if e != "" {
				env = append(env, "`"+e+"`")
			}
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", r.Name, r.Counts, limit, FormatWindow(r.Window), strings.Join(env, ", "))
	}
	return b.String()
}

// FormatWindow writes a window the way the configuration reads it: 15m, 1h, 24h.
func FormatWindow(d time.Duration) string {
	switch {
	case d == 0:
		return "none"
	case d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d%time.Minute == 0:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	}
	return d.String()
}

// The device authorization grant (RFC 8628 §5.1, §5.2): a user code has 2.56e10 values
// and lives 10 minutes, so guessing one is only a threat at scale. Wrong codes are
// counted per client IP and across all clients; a burst over the global rule locks
// code entry for everyone until its window ends, rather than let a distributed guesser
// go on.
var (
	// DeviceCodeGuesses bounds one client's wrong user codes.
	DeviceCodeGuesses = Rule{
		Name: "device-code-ip", Limit: 5, Window: time.Minute,
		Counts: "wrong device user codes typed (the /activate page) per client IP; every look-up is counted before the check, and a right code takes its hit back",
	}
	// DeviceCodeAccountGuesses bounds the wrong user codes typed with one person's
	// session: code entry needs a session, so this is the budget that holds.
	DeviceCodeAccountGuesses = Rule{
		Name: "device-code-account", Limit: 10, Window: 10 * time.Minute,
		Counts: "wrong device user codes typed (the /activate page) per account: past it, code entry is locked for that account (RATE_LIMITED) until the window ends, and other accounts go on",
	}
	// DeviceCodeBurst bounds everyone's, as a high backstop only: the account and IP
	// rules hold first, so a few attackers cannot lock code entry for everyone.
	DeviceCodeBurst = Rule{
		Name: "device-code-global", Limit: 20000, Window: 10 * time.Minute,
		Counts: "wrong device user codes across all clients, a backstop far above the per-account and per-IP rules: past it, every code entry is locked (RATE_LIMITED) until the window ends",
	}
	// DeviceAuthorizations bounds the requests one client IP opens (rows and codes).
	DeviceAuthorizations = Rule{
		Name: "device-start-ip", Limit: 60, Window: 10 * time.Minute,
		Counts: "device authorization requests (POST /oauth/device_authorization, startDeviceAuthorization) per client IP",
	}
)
