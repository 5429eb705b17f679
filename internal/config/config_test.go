package config

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/breach"
	"github.com/accountd/accountd/internal/limits"
)

func TestDefaultsValidate(t *testing.T) {
	for _, kv := range []string{"ACCOUNTD_ENV", "ACCOUNTD_SECRET_KEY", "ACCOUNTD_DATABASE_URL"} {
		t.Setenv(kv, "")
	}
	t.Setenv("ACCOUNTD_ENV", "dev")
	c, err := Load()
	if err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	if c.ListenAddr != "127.0.0.1:8080" || c.DatabaseURL != "sqlite:data/accountd.db" || !c.Dev() {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestValidateNamesTheVariable(t *testing.T) {
	t.Parallel()
	ok := func() Config {
		return Config{
			ListenAddr: "127.0.0.1:8080", DatabaseURL: "sqlite:x.db", MailFrom: "a@b.c",
			PublicURL: "http://localhost:8080", Env: "dev", LogLevel: "info",
			Argon2MemoryKiB: 19456, Argon2Iterations: 2, Argon2Parallelism: 1,
			PasswordMinLength: 12, PasswordMaxLength: 256, PasswordMinScore: 3,
			SessionTTL: 1, SessionMaxAge: 2, VerifyEmailTTL: 1, ResetPasswordTTL: 1, LogInMaxAttempts: 10, LogInLockWindow: 1, LogInIPMaxFailures: 1, EmailsPerIPPerHour: 1, ResendInterval: 1,
			ShutdownTimeout: 1, MailPollInterval: 1, MailSenders: 1, MailSendTimeout: 1, MailLease: 20 * time.Second,
		}
	}
	if err := ok().Validate(); err != nil {
		t.Fatalf("baseline config invalid: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"listen", func(c *Config) { c.ListenAddr = "8080" }, "ACCOUNTD_LISTEN_ADDR"},
		{"database", func(c *Config) { c.DatabaseURL = "mysql://x" }, "ACCOUNTD_DATABASE_URL"},
		{"smtp", func(c *Config) { c.SMTPURL = "http://x" }, "ACCOUNTD_SMTP_URL"},
		{"from", func(c *Config) { c.MailFrom = "nobody" }, "ACCOUNTD_MAIL_FROM"},
		{"public url", func(c *Config) { c.PublicURL = "localhost" }, "ACCOUNTD_PUBLIC_URL"},
		{"origin with path", func(c *Config) { c.AllowedOrigins = []string{"https://app.example/x"} }, "ACCOUNTD_ALLOWED_ORIGINS"},
		{"env", func(c *Config) { c.Env = "staging" }, "ACCOUNTD_ENV"},
		{"production needs key", func(c *Config) { c.Env = "production" }, "ACCOUNTD_SECRET_KEY"},
		{"short key", func(c *Config) { c.SecretKey = "abcd" }, "ACCOUNTD_SECRET_KEY"},
		{"min length", func(c *Config) { c.PasswordMinLength = 4 }, "ACCOUNTD_PASSWORD_MIN_LENGTH"},
		{"max length", func(c *Config) { c.PasswordMaxLength = 20 }, "ACCOUNTD_PASSWORD_MAX_LENGTH"},
		{"score", func(c *Config) { c.PasswordMinScore = 5 }, "ACCOUNTD_PASSWORD_MIN_SCORE"},
		{"ttl", func(c *Config) { c.SessionTTL = 0 }, "ACCOUNTD_SESSION_TTL"},
		{"max age below ttl", func(c *Config) { c.SessionTTL, c.SessionMaxAge = 10, 5 }, "ACCOUNTD_SESSION_MAX_AGE"},
		{"argon2 memory", func(c *Config) { c.Argon2MemoryKiB = 1 }, "ACCOUNTD_ARGON2_MEMORY_KIB"},
		{"log level", func(c *Config) { c.LogLevel = "loud" }, "ACCOUNTD_LOG_LEVEL"},
		{"breached password url", func(c *Config) { c.BreachedPasswordURL = "api.pwnedpasswords.com" }, "ACCOUNTD_BREACHED_PASSWORD_URL"},
		{"breached password timeout", func(c *Config) { c.BreachedPasswordTimeout = -1 }, "ACCOUNTD_BREACHED_PASSWORD_TIMEOUT"},
		{"trusted documents", func(c *Config) { c.TrustedDocuments = "sometimes" }, "ACCOUNTD_TRUSTED_DOCUMENTS"},
		{"metrics addr", func(c *Config) { c.MetricsAddr = "9090" }, "ACCOUNTD_METRICS_ADDR"},
		{"trusted proxy", func(c *Config) { c.TrustedProxies = []string{"10.0.0.0/8", "proxy.internal"} }, "ACCOUNTD_TRUSTED_PROXIES"},
		{"mail senders", func(c *Config) { c.MailSenders = 0 }, "ACCOUNTD_MAIL_SENDERS"},
		{"mail lease shorter than a send", func(c *Config) { c.MailSendTimeout, c.MailLease = 30*time.Second, 30*time.Second }, "ACCOUNTD_MAIL_LEASE"},
		{"hash max waiting", func(c *Config) { c.HashMaxWaiting = -1 }, "ACCOUNTD_HASH_MAX_WAITING"},
		{"admission wait below zero", func(c *Config) { c.AdmissionWait = -time.Second }, "ACCOUNTD_ADMISSION_WAIT"},
		{"admission wait over ten seconds", func(c *Config) { c.AdmissionWait = 11 * time.Second }, "ACCOUNTD_ADMISSION_WAIT"},
		{"device client without a name", func(c *Config) { c.DeviceClients = []string{"accountd-cli"} }, "ACCOUNTD_DEVICE_CLIENTS"},
		{"device client id", func(c *Config) { c.DeviceClients = []string{"a cli:Name"} }, "ACCOUNTD_DEVICE_CLIENTS"},
		{"device client name with a line break", func(c *Config) { c.DeviceClients = []string{"cli:Evil\nName"} }, "ACCOUNTD_DEVICE_CLIENTS"},
		{"device client twice", func(c *Config) { c.DeviceClients = []string{"cli:A", "cli:B"} }, "ACCOUNTD_DEVICE_CLIENTS"},
		{"device poll interval", func(c *Config) { c.DevicePollInterval = 1500 * time.Millisecond }, "ACCOUNTD_DEVICE_POLL_INTERVAL"},
		{"pprof without metrics listener", func(c *Config) { c.Pprof = true }, "ACCOUNTD_PPROF"},
		{"google id without secret", func(c *Config) { c.GoogleClientID = "id" }, "ACCOUNTD_GOOGLE_CLIENT_SECRET"},
		{"google secret without id", func(c *Config) { c.GoogleClientSecret = "s" }, "ACCOUNTD_GOOGLE_CLIENT_ID"},
		{"google issuer", func(c *Config) {
			c.GoogleClientID, c.GoogleClientSecret, c.GoogleIssuer = "id", "s", "accounts.google.com"
		}, "ACCOUNTD_GOOGLE_ISSUER"},
		{"github id without secret", func(c *Config) { c.GitHubClientID = "id" }, "ACCOUNTD_GITHUB_CLIENT_SECRET"},
		{"github api url", func(c *Config) {
			c.GitHubClientID, c.GitHubClientSecret = "id", "s"
			c.GitHubAuthURL, c.GitHubTokenURL, c.GitHubAPIURL = "https://a", "https://t", "ftp://api"
		}, "ACCOUNTD_GITHUB_API_URL"},
		{"redirect url relative", func(c *Config) { c.OAuthRedirectURLs = []string{"/app/callback"} }, "ACCOUNTD_OAUTH_REDIRECT_URLS"},
		{"redirect url dot segments", func(c *Config) { c.OAuthRedirectURLs = []string{"https://app.example/a/../b"} }, "ACCOUNTD_OAUTH_REDIRECT_URLS"},
		{"callback base", func(c *Config) { c.OAuthCallbackBase = "accounts.example" }, "ACCOUNTD_OAUTH_CALLBACK_BASE"},
		{"webhook url without secret", func(c *Config) { c.WebhookURL = "https://hooks.example/a" }, "ACCOUNTD_WEBHOOK_SECRET"},
		{"webhook secret without url", func(c *Config) { c.WebhookSecret = validWebhookSecret }, "ACCOUNTD_WEBHOOK_URL"},
		{"webhook url not http", func(c *Config) { c.WebhookURL, c.WebhookSecret = "ftp://hooks.example/a", validWebhookSecret }, "ACCOUNTD_WEBHOOK_URL"},
		{"webhook secret without prefix", func(c *Config) {
			c.WebhookURL, c.WebhookSecret = "https://hooks.example/a", strings.TrimPrefix(validWebhookSecret, "whsec_")
		}, "ACCOUNTD_WEBHOOK_SECRET"},
		{"webhook secret too short", func(c *Config) { c.WebhookURL, c.WebhookSecret = "https://hooks.example/a", "whsec_c2hvcnQ=" }, "ACCOUNTD_WEBHOOK_SECRET"},
		{"webhook concurrency", func(c *Config) { c.WebhookConcurrency = 65 }, "ACCOUNTD_WEBHOOK_CONCURRENCY"},
	} {
		t.Run("case="+tc.name, func(t *testing.T) {
			t.Parallel()
			c := ok()
			tc.change(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate() = %v, want an error naming %s", err, tc.want)
			}
		})
	}
}

// validWebhookSecret is whsec_ and the base64 of 32 bytes.
const validWebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw5lT8ryE3Mgg="

// TestWebhookSecretNeverInTheError: a wrong secret is named, never echoed.
func TestWebhookSecretNeverInTheError(t *testing.T) {
	c := Config{WebhookURL: "https://hooks.example/a", WebhookSecret: "whsec_not-base64-but-secret"}
	err := c.Validate()
	if err == nil || strings.Contains(err.Error(), "not-base64-but-secret") {
		t.Fatalf("Validate() = %v", err)
	}
}

func TestDecodeKey(t *testing.T) {
	t.Parallel()
	hexKey := strings.Repeat("ab", 32)
	if k, err := DecodeKey(hexKey); err != nil || len(k) != 32 {
		t.Fatalf("DecodeKey(hex) = %v, %v", k, err)
	}
	if k, err := DecodeKey("q83vq83vq83vq83vq83vq83vq83vq83vq83vq83vq80="); err != nil || len(k) != 32 {
		t.Fatalf("DecodeKey(base64) = %v, %v", k, err)
	}
	if _, err := DecodeKey("too short"); err == nil {
		t.Fatal("DecodeKey accepted a short key")
	}
}

// TestLimitDefaultsComeFromTheTable: the configurable rate limits default to
// internal/limits's rules, and a variable that is set overrides its field only.
func TestLimitDefaultsComeFromTheTable(t *testing.T) {
	t.Setenv("ACCOUNTD_ENV", "dev")
	t.Setenv("ACCOUNTD_LOGIN_MAX_ATTEMPTS", "")
	t.Setenv("ACCOUNTD_LOGIN_IP_MAX_FAILURES", "7")
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := []any{limits.LogIn.Limit, limits.LogIn.Window, 7, limits.EmailsPerIP.Limit, limits.VerificationEmail.Window}
	got := []any{c.LogInMaxAttempts, c.LogInLockWindow, c.LogInIPMaxFailures, c.EmailsPerIPPerHour, c.ResendInterval}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("limits from Load = %+v, want %+v", got, want)
	}
}

// TestBreachedPasswordURL: unset means the public range API, set to empty turns the
// check off (env would otherwise put a default back for an empty value), a mirror is kept.
func TestBreachedPasswordURL(t *testing.T) {
	for _, kv := range []string{"ACCOUNTD_SECRET_KEY", "ACCOUNTD_DATABASE_URL"} {
		t.Setenv(kv, "")
	}
	t.Setenv("ACCOUNTD_ENV", "dev")
	for _, tc := range []struct {
		name, value string
		set         bool
		want        string
	}{
		{name: "case=unset", want: breach.PublicURL},
		{name: "case=empty", set: true, value: "", want: ""},
		{name: "case=mirror", set: true, value: "https://pwned.example/range/", want: "https://pwned.example/range/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.set {
				t.Setenv("ACCOUNTD_BREACHED_PASSWORD_URL", tc.value)
			} else {
				t.Setenv("ACCOUNTD_BREACHED_PASSWORD_URL", "")
				os.Unsetenv("ACCOUNTD_BREACHED_PASSWORD_URL")
			}
			c, err := Load()
			if err != nil {
				t.Fatal(err)
			}
			if c.BreachedPasswordURL != tc.want {
				t.Fatalf("BreachedPasswordURL = %q, want %q", c.BreachedPasswordURL, tc.want)
			}
		})
	}
}
