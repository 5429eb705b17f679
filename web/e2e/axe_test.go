package e2e

import (
	"os"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// axeScript is axe-core from web/package.json (installed by `make web` / npm ci).
var axeScript = filepath.Join("..", "node_modules", "axe-core", "axe.min.js")

// checkA11y runs axe-core on the current page and fails the test on any serious or
// critical violation of WCAG 2.1 A/AA. Without web/node_modules it says so and skips
// the check (fails under ACCOUNTD_REQUIRE_BROWSER=1).
func (b *browser) checkA11y(what string) {
	b.t.Helper()
	src, err := os.ReadFile(axeScript)
	if err != nil {
		if os.Getenv(requireBrowserEnv) == "1" {
			b.t.Fatalf("axe-core is missing (%v): run make web", err)
		}
		b.t.Logf("axe-core is missing (%v): accessibility of %s not checked; run make web", err, what)
		return
	}
	// CDP evaluation is not subject to the page's CSP: the page itself loads nothing.
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](string(src)+"\n;true")); err != nil {
		b.fail("load axe-core", err)
	}
	found, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' [' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ') + ']'))`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.fail("run axe-core on "+what, err)
	}
	for _, v := range found {
		b.t.Errorf("accessibility of %s: %s", what, v)
	}
}
