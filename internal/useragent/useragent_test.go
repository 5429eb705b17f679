package useragent

import (
	"strings"
	"testing"
)

func TestParseNamesBrowsersAndPrograms(t *testing.T) {
	for _, c := range []struct{ header, browser, os, name string }{
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome", "Linux", "Chrome on Linux"},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36", "Chrome", "Linux", "Chrome on Linux"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", "Safari", "iOS", "Safari on iOS"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0", "Firefox", "Windows", "Firefox on Windows"},
		{"curl/8.5.0", "curl", "", "curl"},
		{"accountd-cli/0.3 (linux; amd64)", "accountd-cli", "", "accountd-cli"},
		{"", "", "", Unknown},
		{"Mozilla/5.0", "", "", Unknown},
		{"<script>alert(1)</script>", "", "", Unknown},
		{strings.Repeat("x", 10000), "", "", Unknown},
	} {
		got := Parse(c.header)
		if got.Browser != c.browser || got.OS != c.os || got.Name != c.name {
			t.Errorf("Parse(%.60q) = %+v, want %q, %q, %q", c.header, got, c.browser, c.os, c.name)
		}
	}
}
