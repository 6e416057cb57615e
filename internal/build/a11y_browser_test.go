package build

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/latticework/latticework/internal/browsertest"
)

// axePath is axe-core's browser bundle, installed by `npm ci` (see
// package.json; .ci/run does it).
const axePath = "../../node_modules/axe-core/axe.min.js"

// TestAccessibility runs axe-core in headless Chromium on the home page,
// the article in both themes and at phone width, Game Theory, the 404 page
// and the progress page (TestProgressInBrowser runs it with answers too),
// in English and in Chinese, and fails on any violation, naming the rule
// and the offending elements.
func TestAccessibility(t *testing.T) {
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Skip("axe-core not installed (run npm ci): skipping accessibility test")
	}
	srv := serveDefaultSite(t)
	const article = "/docs/thinking-toolkit/classic-mental-models/trust-dynamics/"

	for _, tc := range []struct {
		name, path, theme string
		width             int
	}{
		{"home", "/", "light", 1280},
		{"article light", article, "light", 1280},
		{"article dark", article, "dark", 1280},
		{"article phone dark", article, "dark", 390},
		// A table whose corner cell is a header (axe's empty-table-header).
		{"game theory", "/docs/thinking-toolkit/classic-mental-models/game-theory/", "light", 1280},
		{"404", "/404.html", "light", 1280},
		{"progress", ProgressURL, "light", 1280},
		{"progress phone dark", ProgressURL, "dark", 390},
		// The Chinese locale: its own home page, the article shown
		// untranslated, and its 404 page.
		{"zh home", "/zh/", "light", 1280},
		{"zh article dark", "/zh" + article, "dark", 1280},
		{"zh article phone", "/zh" + article, "light", 390},
		{"zh 404", "/zh/404.html", "dark", 1280},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := browsertest.New(t, tc.width, 900)
			// Choose the theme as a reader would, then load the page.
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/404.html")); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`localStorage.setItem("latticework:theme", "`+tc.theme+`")`)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+tc.path)); err != nil {
				t.Fatal(err)
			}
			checkAxe(t, ctx, axe)
		})
	}
}

// checkAxe runs axe-core (its bundle's source, axe) on the page in ctx and
// fails on any violation, naming the rule and the offending elements.
func checkAxe(t *testing.T, ctx context.Context, axe []byte) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(axe))); err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	type node struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	}
	type violation struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []node `json:"nodes"`
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](
		`axe.run(document).then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, html: n.html.slice(0, 160)}))})))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, n.HTML)
		}
		t.Errorf("axe: %s (%s):\n  %s", v.ID, v.Help, strings.Join(where, "\n  "))
	}
}
