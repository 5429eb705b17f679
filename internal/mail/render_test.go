package mail_test

import (
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/mail"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenMessages has one message per template, with the data its use-case sends.
var goldenMessages = []mail.Message{
	{To: "ada@example.com", Template: mail.TemplateVerifyEmail, Data: map[string]string{
		"Link": "http://app.example.test/verify-email?token=acd_ver_T0KEN", "Name": "Ada <script>", "ExpiresIn": "24 hours",
	}},
	{To: "ada@example.com", Template: mail.TemplateAccountExists, Data: map[string]string{
		"LoginLink": "http://app.example.test/login", "ResetLink": "http://app.example.test/forgot-password",
	}},
	{To: "ada@example.com", Template: mail.TemplatePasswordReset, Data: map[string]string{
		"Link": "http://app.example.test/reset-password?token=acd_rst_T0KEN", "ExpiresIn": "1 hour",
	}},
	{To: "ada@example.com", Template: mail.TemplatePasswordChanged, Data: map[string]string{
		"RevokedAPIKeys": "0", "KeptAPIKeys": "deploy <bot> (acd_key_AbCd...)\nci (acd_key_EfGh...)",
	}},
	{To: "ada@example.com", Template: mail.TemplatePasswordBreached, Data: map[string]string{"Link": "http://app.example.test/account/password"}},
	{To: "ada@example.com", Template: mail.TemplateTwoFactorEnabled},
	{To: "ada@example.com", Template: mail.TemplateTwoFactorDisabled},
	{To: "ada@example.com", Template: mail.TemplateRecoveryCodeUsed, Data: map[string]string{"Action": "to log in", "Remaining": "9"}},
	{To: "ada@example.com", Template: mail.TemplateTwoFactorLocked, Data: map[string]string{"Failures": "10"}},
	{To: "ada@example.com", Template: mail.TemplateAPIKeyCreated, Data: map[string]string{"KeyName": `deploy "bot" <b>`}},
	{To: "grace@example.com", Template: mail.TemplateFleetInvitation, Data: map[string]string{
		"FleetName": "Greenhouse <sensors> & pumps", "InviterEmail": "ada@example.com", "Role": "operator",
		"Link": "http://app.example.test/fleet-invitation?token=acd_inv_T0KEN", "ExpiresIn": "7 days",
	}},
	{To: "ada@example.com", Template: mail.TemplateAccountDeleted},
	{To: "ada@example.com", Template: mail.TemplateAccountLocked, Data: map[string]string{"Until": "2026-11-23 10:30 UTC"}},
	{To: "ada@example.com", Template: mail.TemplateIdentityLinked, Data: map[string]string{"Provider": "GitHub", "Email": "ada+<gh>@example.com"}},
	{To: "ada@example.com", Template: mail.TemplateIdentityUnlinked, Data: map[string]string{"Provider": "Google"}},
	{To: "ada@example.com", Template: mail.TemplateAccountSuspended},
	{To: "ada@example.com", Template: mail.TemplateAccountUnsuspended},
	{To: "ada@example.com", Template: mail.TemplateTwoFactorReset},
	{To: "new@example.com", Template: mail.TemplateEmailChange, Data: map[string]string{
		"Link": "http://app.example.test/confirm-email-change?token=acd_eml_T0KEN", "ExpiresIn": "1 hour",
	}},
	{To: "taken@example.com", Template: mail.TemplateEmailChangeTaken, Data: map[string]string{"LoginLink": "http://app.example.test/login"}},
	{To: "ada@example.com", Template: mail.TemplateEmailChanged, Data: map[string]string{
		"NewEmail": "ada+<new>@example.com", "Link": "http://app.example.test/revert-email-change?token=acd_rev_T0KEN", "ExpiresIn": "7 days",
	}},
	{To: "ada@example.com", Template: mail.TemplateEmailChangeReverted, Data: map[string]string{
		"Link": "http://app.example.test/reset-password?token=acd_rst_T0KEN", "ExpiresIn": "1 hour",
	}},
	{To: "ada@example.com", Template: mail.TemplatePasskeyAdded, Data: map[string]string{"PasskeyName": `Phone "<b>"`}},
	{To: "ada@example.com", Template: mail.TemplateLogInCode, Data: map[string]string{
		"Code": "042917", "Link": "http://app.example.test/login/code?code=042917&email=ada%40example.com", "ExpiresIn": "10 minutes",
	}},
}

// The rendered emails are golden files: a change to a template shows in review as a
// change to what people receive.
func TestTemplatesGolden(t *testing.T) {
	t.Parallel()
	r, err := mail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	var covered []string
	for _, m := range goldenMessages {
		covered = append(covered, m.Template)
		t.Run("template="+m.Template, func(t *testing.T) {
			t.Parallel()
			out, err := r.Render(m)
			if err != nil {
				t.Fatal(err)
			}
			got := "To: " + out.To + "\nSubject: " + out.Subject + "\n\n" + out.Text + "\n---- HTML ----\n" + out.HTML
			path := filepath.Join("testdata", m.Template+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/mail -update)", err)
			}
			if got != string(want) {
				t.Fatalf("%s differs from the golden file (run go test ./internal/mail -update and review the diff):\n%s", m.Template, got)
			}
			for _, v := range m.Data {
				if strings.ContainsAny(v, `<>&"`) && strings.Contains(out.HTML, v) {
					t.Fatalf("HTML body holds %q unescaped", v)
				}
			}
			if strings.Contains(out.Text+out.HTML, "<no value>") {
				t.Fatal("a template printed <no value>")
			}
		})
	}
	slices.Sort(covered)
	if names := r.Names(); !slices.Equal(covered, names) {
		t.Fatalf("golden messages cover %v, templates are %v", covered, names)
	}
}

func TestRenderRefuses(t *testing.T) {
	t.Parallel()
	r, err := mail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("case=unknown template", func(t *testing.T) {
		if _, err := r.Render(mail.Message{Template: "verify_emial"}); err == nil {
			t.Fatal("rendered an unknown template")
		}
	})
	// Removing any one key must fail: missingkey=error works, and every key a
	// use-case sends is one the template uses.
	for _, m := range goldenMessages {
		for _, key := range slices.Sorted(maps.Keys(m.Data)) {
			t.Run("case=missing key/"+m.Template+"/"+key, func(t *testing.T) {
				data := maps.Clone(m.Data)
				delete(data, key)
				if _, err := r.Render(mail.Message{To: m.To, Template: m.Template, Data: data}); err == nil {
					t.Fatalf("rendered %s without %s", m.Template, key)
				}
			})
		}
	}
}
