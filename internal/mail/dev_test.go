package mail_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/mail"
	"github.com/accountd/accountd/internal/testkit"
)

func TestDevSender(t *testing.T) {
	t.Parallel()
	logs := &testkit.LogBuffer{}
	d := mail.NewDevSender(slog.New(slog.NewTextHandler(logs, nil)))
	for i := range 55 {
		err := d.Send(t.Context(), mail.Rendered{
			To: fmt.Sprintf("u%02d@example.com", i), Subject: fmt.Sprintf("Subject %02d <script>", i),
			Text: fmt.Sprintf("Open http://localhost:8080/verify?token=t%02d\n", i),
			HTML: fmt.Sprintf(`<p><a href="http://localhost:8080/verify?token=t%02d">Verify</a></p>`, i),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	get := func(t *testing.T, target string) *http.Response {
		t.Helper()
		rec := httptest.NewRecorder()
		d.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		return rec.Result()
	}
	body := func(t *testing.T, res *http.Response) string {
		t.Helper()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	t.Run("case=logs the link for the developer", func(t *testing.T) {
		if !strings.Contains(logs.String(), "token=t54") || !strings.Contains(logs.String(), "u54@example.com") {
			t.Fatalf("log:\n%s", logs)
		}
	})
	t.Run("case=keeps the last 50, newest first", func(t *testing.T) {
		msgs := d.Messages()
		if len(msgs) != 50 || msgs[0].To != "u54@example.com" || msgs[49].To != "u05@example.com" {
			t.Fatalf("kept %d, first %q, last %q", len(msgs), msgs[0].To, msgs[len(msgs)-1].To)
		}
	})
	t.Run("case=list page escapes", func(t *testing.T) {
		res := get(t, "/dev/mailbox")
		page := body(t, res)
		if res.StatusCode != http.StatusOK || strings.Contains(page, "<script>") || !strings.Contains(page, "Subject 54 &lt;script&gt;") {
			t.Fatalf("status %d, page:\n%s", res.StatusCode, page)
		}
		if strings.Index(page, "u54@example.com") > strings.Index(page, "u53@example.com") {
			t.Fatal("not newest first")
		}
		if strings.Contains(page, "u04@example.com") {
			t.Fatal("shows an email beyond the last 50")
		}
	})
	t.Run("case=one HTML body, sandboxed", func(t *testing.T) {
		res := get(t, "/dev/mailbox?id=55")
		if page := body(t, res); res.StatusCode != http.StatusOK || !strings.Contains(page, "token=t54") {
			t.Fatalf("status %d, page:\n%s", res.StatusCode, page)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") {
			t.Fatalf("Content-Security-Policy %q", csp)
		}
	})
	t.Run("case=unknown or dropped id", func(t *testing.T) {
		for _, id := range []string{"1", "999", "0", "-1", "x"} {
			if res := get(t, "/dev/mailbox?id="+id); res.StatusCode != http.StatusNotFound {
				t.Fatalf("id=%s: status %d", id, res.StatusCode)
			}
		}
	})
	t.Run("case=read only", func(t *testing.T) {
		rec := httptest.NewRecorder()
		d.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/dev/mailbox", nil))
		if rec.Code != http.StatusMethodNotAllowed {
			t.Fatalf("POST: status %d", rec.Code)
		}
	})
}
