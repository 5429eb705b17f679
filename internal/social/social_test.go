package social_test

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accountd/accountd/internal/seal"
	"github.com/accountd/accountd/internal/social"
	"github.com/accountd/accountd/internal/testkit"
)

func newService(t *testing.T, now func() time.Time, gh *testkit.GitHub) *social.Service {
	t.Helper()
	box, err := seal.New(bytes.Repeat([]byte{9}, seal.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	cfg := social.Config{
		CallbackBase: "https://accounts.example/",
		RedirectURLs: []string{"https://app.example/auth/done", "http://localhost:3000/"},
	}
	if gh != nil {
		cfg.GitHub = social.GitHubConfig{ClientID: gh.ClientID, ClientSecret: gh.ClientSecret,
			AuthURL: gh.URL + "/login/oauth/authorize", TokenURL: gh.URL + "/login/oauth/access_token", APIURL: gh.URL + "/api"}
	}
	s, err := social.New(cfg, social.Deps{Box: box, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCheckRedirect(t *testing.T) {
	t.Parallel()
	s := newService(t, time.Now, nil)
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"https://app.example/auth/done", true},
		{"https://app.example/auth/done/", true},
		{"https://app.example/auth/done/sub?x=1#frag", true},
		{"https://APP.example/auth/done", true},
		{"http://localhost:3000/", true},
		{"http://localhost:3000/anything", true},
		{"http://app.example/auth/done", false},          // scheme
		{"https://app.example/auth/donex", false},        // not a path segment
		{"https://app.example/auth", false},              // above the prefix
		{"https://app.example/auth/done/../../x", false}, // dot segments
		{"https://app.example/auth/done//x", false},
		{"https://app.example.evil.test/auth/done", false},
		{"https://app.example@evil.test/auth/done", false},
		{"https://evil.test/https://app.example/auth/done", false},
		{`https://app.example\@evil.test/auth/done`, false},
		{"//app.example/auth/done", false},
		{"/auth/done", false},
		{"javascript:alert(1)//app.example/auth/done", false},
		{"http://localhost:3001/", false}, // port
		{"", false},
	} {
		t.Run("case="+tc.url, func(t *testing.T) {
			_, err := s.CheckRedirect(tc.url)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckRedirect(%q) = %v, want ok=%v", tc.url, err, tc.ok)
			}
		})
	}
}

func TestStateRoundTrip(t *testing.T) {
	t.Parallel()
	gh := testkit.NewGitHub(t)
	clock := testkit.NewClock()
	s := newService(t, clock.Now, gh)
	authURL, sealed, err := s.Begin(t.Context(), social.GitHub, "https://app.example/auth/done", social.ModeLink, "usr_1")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" ||
		q.Get("redirect_uri") != "https://accounts.example/auth/github/callback" {
		t.Fatalf("authorization URL %s lacks PKCE, state or the callback", authURL)
	}
	if strings.Contains(sealed, q.Get("state")) {
		t.Fatal("the sealed state shows the state in the clear")
	}

	t.Run("case=opens", func(t *testing.T) {
		st, err := s.OpenState(sealed)
		if err != nil || st.Mode != social.ModeLink || st.UserID != "usr_1" || !st.Matches(social.GitHub, q.Get("state")) {
			t.Fatalf("OpenState = %+v, %v", st, err)
		}
		if st.Matches(social.Google, q.Get("state")) || st.Matches(social.GitHub, q.Get("state")+"x") {
			t.Fatal("state matches another provider or parameter")
		}
	})
	t.Run("case=altered", func(t *testing.T) {
		b := []byte(sealed)
		b[len(b)/2] ^= 1
		if _, err := s.OpenState(string(b)); !errors.Is(err, social.ErrInvalidState) {
			t.Fatalf("altered state: %v", err)
		}
	})
	t.Run("case=finish with another state", func(t *testing.T) {
		st, _ := s.OpenState(sealed)
		if _, err := s.Finish(t.Context(), social.GitHub, st, "forged", "code"); !errors.Is(err, social.ErrInvalidState) {
			t.Fatalf("Finish with a forged state: %v", err)
		}
	})
	t.Run("case=expired", func(t *testing.T) {
		later := newService(t, func() time.Time { return clock.Now().Add(social.StateTTL) }, gh)
		if _, err := later.OpenState(sealed); !errors.Is(err, social.ErrInvalidState) {
			t.Fatalf("expired state: %v", err)
		}
	})
	t.Run("case=redirect off the list", func(t *testing.T) {
		if _, _, err := s.Begin(t.Context(), social.GitHub, "https://evil.test/", social.ModeLogIn, ""); !errors.Is(err, social.ErrRedirectNotAllowed) {
			t.Fatalf("Begin to a foreign redirect: %v", err)
		}
	})
	t.Run("case=disabled provider", func(t *testing.T) {
		if _, _, err := s.Begin(t.Context(), social.Google, "https://app.example/auth/done", social.ModeLogIn, ""); !errors.Is(err, social.ErrProviderNotEnabled) {
			t.Fatalf("Begin with a disabled provider: %v", err)
		}
	})
}

func TestGoogleDiscoveryIsLazy(t *testing.T) {
	t.Parallel()
	box, _ := seal.New(bytes.Repeat([]byte{9}, seal.KeySize))
	// An issuer nobody serves: New must not reach it; the first use fails and says why.
	s, err := social.New(social.Config{
		Google:       social.GoogleConfig{ClientID: "id", ClientSecret: "secret", Issuer: "http://127.0.0.1:1"},
		RedirectURLs: []string{"https://app.example/"},
	}, social.Deps{Box: box, Now: time.Now})
	if err != nil {
		t.Fatalf("New reached the network or failed: %v", err)
	}
	if !s.Enabled(social.Google) || s.Enabled(social.GitHub) {
		t.Fatal("Enabled is wrong")
	}
	if _, _, err := s.Begin(t.Context(), social.Google, "https://app.example/", social.ModeLogIn, ""); err == nil || !strings.Contains(err.Error(), "discover") {
		t.Fatalf("Begin without a reachable issuer = %v, want a discovery error", err)
	}
}
