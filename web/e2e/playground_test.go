package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/accountd/accountd/internal/testkit"
)

// TestPlaygroundWorksOffline opens /playground in a Chromium whose every request off
// the loopback goes to a proxy that does not exist (Chromium sends loopback requests
// direct), so a script or style from a CDN cannot load, and runs { viewer { id } }
// in GraphiQL. With the assets from a CDN, the page stayed at "Loading…".
func TestPlaygroundWorksOffline(t *testing.T) {
	t.Parallel()
	srv := testkit.NewServer(t, "sqlite")
	// Port 9 (discard) on the loopback: nothing listens, every proxied request fails.
	b := newBrowser(t, srv, chromedp.ProxyServer("http://127.0.0.1:9"))
	b.open("/playground")
	b.do("wait for GraphiQL's query editor", chromedp.WaitVisible(chromedp.CSS(".graphiql-query-editor .CodeMirror")))
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](
		`document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue('{ viewer { id } }'), true`)); err != nil {
		b.fail("type the query", err)
	}
	b.do("run it", chromedp.Click(chromedp.CSS("button.graphiql-execute-button")))
	b.do("wait for the result", chromedp.Poll[chromedp.Void](
		`document.querySelector('.result-window')?.innerText.includes('"viewer": null')`))

	// Every resource the page loaded came from accountd itself.
	resources, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map(e => e.name)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(resources) == 0 {
		t.Fatal("the page loaded no resources")
	}
	for _, u := range resources {
		if !strings.HasPrefix(u, srv.URL+"/") {
			t.Errorf("the playground loaded %s from another site", u)
		}
	}
}
