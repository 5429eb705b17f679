package mail_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/mail"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// The rendered emails are golden files: a change to a template shows in review as a
// change to what people receive.
func TestTemplatesGolden(t *testing.T) {
	t.Parallel()
	r, err := mail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []mail.Message{
		{To: "ada@example.com", Template: mail.TemplateVerifyEmail, Data: map[string]string{
			"Link": "http://app.example.test/verify-email?token=acd_ver_T0KEN", "Name": "Ada <script>", "ExpiresIn": "24 hours",
		}},
		{To: "ada@example.com", Template: mail.TemplateAccountExists, Data: map[string]string{
			"LoginLink": "http://app.example.test/login", "ResetLink": "http://app.example.test/forgot-password",
		}},
	} {
		t.Run("template="+m.Template, func(t *testing.T) {
			out, err := r.Render(m)
			if err != nil {
				t.Fatal(err)
			}
			got := "To: " + out.To + "\nSubject: " + out.Subject + "\n\n" + out.Text + "\n---- HTML ----\n" + out.HTML
			path := filepath.Join("testdata", m.Template+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/mail -update)", err)
			}
			if got != string(want) {
				t.Fatalf("%s differs from the golden file:\n%s", m.Template, got)
			}
			if strings.Contains(out.HTML, "<script>") {
				t.Fatal("HTML body not escaped")
			}
		})
	}
	t.Run("case=missing data", func(t *testing.T) {
		if _, err := r.Render(mail.Message{Template: mail.TemplateVerifyEmail, Data: map[string]string{}}); err == nil {
			t.Fatal("rendered without its data")
		}
	})
}
