package account_test

import (
	"strings"
	"testing"

	"github.com/accountd/accountd/internal/testkit"
)

func TestLogIn(t *testing.T) {
	t.Parallel()
	testkit.ForEachStore(t, func(t *testing.T, store string) {
		srv := testkit.NewServer(t, store)
		newAccount(t, srv, "lin@example.com")
		c := srv.Client(t)

		t.Run("case=success", func(t *testing.T) {
			p := logIn(t, c, "lin@example.com", strongPassword)
			wantCodes(t, p.UserErrors)
			if p.Token == nil || p.User == nil || p.User.Email != "lin@example.com" {
				t.Fatalf("logIn = %+v", p)
			}
		})
		t.Run("case=unknown email and wrong password answer alike", func(t *testing.T) {
			vars := map[string]any{"email": "lin@example.com", "password": "wrong password here!"}
			wrong := c.Do(logInOp, vars, nil)
			vars["email"] = "nobody@example.com"
			unknown := c.Do(logInOp, vars, nil)
			if wrong.Status != unknown.Status || string(wrong.Body) != string(unknown.Body) {
				t.Fatalf("answers differ:\n wrong:   %s\n unknown: %s", wrong.Body, unknown.Body)
			}
			if !strings.Contains(string(wrong.Body), "INVALID_CREDENTIALS") {
				t.Fatalf("answer = %s", wrong.Body)
			}
		})
		t.Run("case=wrong letter case of the password", func(t *testing.T) {
			wantCodes(t, logIn(t, c, "lin@example.com", strings.ToUpper(strongPassword)).UserErrors, "INVALID_CREDENTIALS")
		})
		t.Run("case=over-long input", func(t *testing.T) {
			wantCodes(t, logIn(t, c, "lin@example.com", strings.Repeat("x", 5000)).UserErrors, "INVALID_CREDENTIALS")
			wantCodes(t, logIn(t, c, strings.Repeat("x", 300)+"@example.com", strongPassword).UserErrors, "INVALID_CREDENTIALS")
		})
		t.Run("case=secrets stay out of the logs", func(t *testing.T) {
			logs := srv.Logs.String()
			if strings.Contains(logs, strongPassword) || strings.Contains(logs, "acd_sess_") || strings.Contains(logs, "acd_ver_") {
				t.Fatal("a password or token reached the log")
			}
		})
	})
}
