package search

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/latticework/latticework/internal/browsertest"
)

// csp is the policy the site's pages carry.
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"

// TestSearchInBrowser opens search in headless Chromium on a test page
// served below /base/ with the site's Content-Security-Policy, and uses it
// with the keyboard as a reader would: testdata/site/index.html has the
// button the header gets, and it loads the site's own site.js, which
// opens search.
func TestSearchInBrowser(t *testing.T) {
	if browsertest.ExecPath() == "" {
		t.Skip("Chromium not installed (apt-get install chromium): skipping browser test")
	}
	t.Parallel()
	docs := []Doc{
		{URL: seedURL, Title: "Trust Dynamics", Sections: seedSections(t)},
		{URL: "/docs/other/", Title: "Other page", Sections: []Section{{ID: "trust", Heading: "Trust", Text: "Trust again."}}},
	}
	// Enough pages that mention trust once for three screens of results.
	for i := range 23 {
		text := "A note that mentions trust once, among other things."
		if i == 7 {
			text = "Over coffee at the Café de Flore, trust was the topic."
		}
		docs = append(docs, Doc{URL: fmt.Sprintf("/docs/note-%02d/", i), Title: fmt.Sprint("Note ", i), Sections: []Section{{Text: text}}})
	}
	ix := New()
	mux := http.NewServeMux()
	for _, d := range docs {
		ix.Add(d)
		// The page, where search.js finds its snippets.
		mux.HandleFunc(d.URL, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, pageHTML(d)) })
	}
	idx := writeIndex(t, files(t, ix))
	assets := map[string]string{"site.css": "../../layouts/assets/site.css", "search.css": "../../layouts/assets/search.css",
		"site.js": "../../layouts/assets/site.js", "probe.js": "testdata/site/probe.js"}
	mux.Handle("/base/search/", http.StripPrefix("/base/search/", http.FileServer(http.Dir(idx))))
	mux.HandleFunc("/base/assets/search.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write(minifiedSearchJS(t))
	})
	mux.HandleFunc("/base/assets/", func(w http.ResponseWriter, r *http.Request) {
		name, ok := assets[strings.TrimPrefix(r.URL.Path, "/base/assets/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeFile(w, r, name)
	})
	mux.HandleFunc("/base/", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, "testdata/site/index.html")
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		mux.ServeHTTP(w, r)
	}))
	defer srv.Close()

	ctx := browsertest.New(t, 1280, 900)
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	// waitFor polls js until it is true.
	waitFor := func(js string) {
		t.Helper()
		for start := time.Now(); eval(js) != true; time.Sleep(20 * time.Millisecond) {
			if time.Since(start) > 5*time.Second {
				t.Fatalf("timed out waiting for %s", js)
			}
		}
	}
	fetched := func() any {
		return eval(`performance.getEntriesByType("resource").map(e => new URL(e.name).pathname).filter(p => p.includes("search")).sort().join(" ")`)
	}

	run("load", chromedp.Navigate(srv.URL+"/base/"))
	waitFor(`!document.querySelector(".search-button").hidden`)
	if got := fetched(); got != "/base/assets/search.css" {
		t.Errorf("before search is opened, the page fetched %q", got)
	}

	// "/" typed in a field is text, not the shortcut.
	run("type in field", chromedp.Click(chromedp.CSS("#field")), chromedp.KeyEvent("/"))
	if eval(`document.querySelector("#field").value`) != "/" || eval(`!!document.querySelector("dialog[open]")`) != false {
		t.Error(`"/" in a text field opened search`)
	}
	eval(`document.activeElement.blur()`)

	run("press /", chromedp.KeyEvent("/"))
	waitFor(`!!document.querySelector("dialog.search-dialog[open]")`)
	if got := eval(`document.activeElement.id`); got != "lw-search-input" {
		t.Errorf("focus on %v after opening, want the search field", got)
	}
	if got := eval(`document.querySelector("dialog").getAttribute("aria-labelledby") && document.getElementById("lw-search-label").textContent`); got != "Search the docs" {
		t.Errorf("dialog labelled %v", got)
	}

	run("type query", chromedp.KeyEvent("halo effect"))
	// Each key may start a search; wait for the last one's answer.
	waitFor(`document.querySelector(".search-status").textContent === "1 page matches"`)
	const critical = "#6-critical-thinking-navigating-the-limitations-and-potential-pitfalls-of-trust-dynamics"
	if got := eval(`document.querySelector(".search-results a").getAttribute("href")`); got != seedURL+critical {
		t.Errorf("first result links to %v, want %s", got, seedURL+critical)
	}
	// The snippet is cut around the words, which are marked.
	if got := eval(`[...document.querySelector(".search-hit-snippet").querySelectorAll("mark")].map(m => m.textContent.toLowerCase()).join(" ")`).(string); !strings.Contains(got, "halo effect") {
		t.Errorf("snippet marks %q, want the halo effect", got)
	}
	if got := fetched().(string); !regexp.MustCompile(`^/base/assets/search.css /base/assets/search.js /base/search/manifest.json /base/search/p/\d+.json /base/search/t/\d+.json`).MatchString(got) {
		t.Errorf("fetched %q: want search.js, the manifest, shards and the page's fragment", got)
	}

	// A prefix, while it is typed, finds all 25 pages with "trust": ten
	// at a time, the rest a press of "Show more" away.
	eval(`document.querySelector("#lw-search-input").value = ""`)
	run("type prefix", chromedp.KeyEvent("trus"))
	waitFor(`document.querySelector(".search-status").textContent === "25 pages match" && document.querySelectorAll(".search-results li").length === 10`)
	if got := eval(`document.querySelector(".search-results a").getAttribute("href")`); got != seedURL {
		t.Errorf("trus: first result %v, want the page titled Trust Dynamics", got)
	}
	for i, n := range []int{20, 25} {
		run("show more", chromedp.Click(chromedp.CSS(".search-more")))
		waitFor(fmt.Sprintf(`document.querySelectorAll(".search-results li").length === %d`, n))
		if got := eval(fmt.Sprintf(`document.activeElement === document.querySelectorAll(".search-results li")[%d].querySelector("a")`, 10+10*i)); got != true {
			t.Errorf("after Show more, focus is not on the first new result")
		}
	}
	if got := eval(`document.querySelector(".search-more").hidden && new Set([...document.querySelectorAll(".search-results li > a:first-child")].map(a => a.pathname)).size`); got != float64(25) {
		t.Errorf("after showing every result: %v distinct pages, want 25 and no Show more", got)
	}

	// Accents and case are folded: "CAFE" finds "Café", and marks it.
	eval(`document.querySelector("#lw-search-input").value = ""`)
	run("type accent-folded", chromedp.KeyEvent("CAFE "))
	waitFor(`document.querySelector(".search-status").textContent === "1 page matches"`)
	if got := eval(`document.querySelector(".search-results mark").textContent`); got != "Café" {
		t.Errorf("CAFE marks %v, want Café", got)
	}

	eval(`document.querySelector("#lw-search-input").value = ""`)
	run("type more", chromedp.KeyEvent("trust dyn"))
	// The list is empty for a moment while the query is typed.
	waitFor(`[...(document.querySelector(".search-results a")?.querySelectorAll(".search-hit-heading mark") ?? [])].map(m => m.textContent).join(" ") === "Trust Dynamics"`)
	waitFor(`document.querySelector(".search-status").textContent === "1 page matches"`)

	run("arrow down", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	if got := eval(`document.activeElement === document.querySelectorAll(".search-results a")[1]`); got != true {
		t.Error("two ArrowDowns do not reach the second result")
	}
	run("arrow up", chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
	if got := eval(`document.activeElement.id`); got != "lw-search-input" {
		t.Errorf("ArrowUp from the first result goes to %v", got)
	}
	checkAxe(t, ctx, "light")
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	}); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "dark")
	if os.Getenv("LATTICEWORK_SCREENSHOTS") != "" {
		browsertest.Screenshot(t, ctx, "search-dark.png")
		run("phone", chromedp.EmulateViewport(390, 844))
		browsertest.Screenshot(t, ctx, "search-phone.png")
		run("desktop", chromedp.EmulateViewport(1280, 900))
	}

	run("escape", chromedp.KeyEvent(kb.Escape))
	waitFor(`!document.querySelector("dialog[open]")`)
	// "/" was pressed with nothing focused, and focus goes back there
	// (once the dialog's close event, which comes a task later, is done).
	waitFor(`document.activeElement === document.body`)

	run("ctrl-k", chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	waitFor(`!!document.querySelector("dialog[open]")`)
	if got := eval(`document.activeElement.id + " " + document.activeElement.value`); got != "lw-search-input trust dyn" {
		t.Errorf("after Ctrl-K: %q, want the field with the last query", got)
	}
	run("enter", chromedp.KeyEvent(kb.Enter))
	waitFor(`location.pathname === "` + seedURL + `"`)

	// The page navigated away, so check the problems recorded so far on a
	// fresh load that uses search once more.
	run("reload", chromedp.Navigate(srv.URL+"/base/"))
	waitFor(`!document.querySelector(".search-button").hidden`)
	run("click", chromedp.Click(chromedp.CSS(".search-button")))
	waitFor(`!!document.querySelector("dialog[open]")`)
	run("type", chromedp.KeyEvent("hal"))
	waitFor(`document.querySelectorAll(".search-results a").length > 0`)
	run("close button", chromedp.Click(chromedp.CSS(".search-close")))
	waitFor(`!document.querySelector("dialog[open]")`)
	waitFor(`document.activeElement.className === "search-button"`)
	if got := eval(`window.problems.join("; ")`); got != "" {
		t.Errorf("problems: %s", got)
	}
}

// pageHTML returns a page for d as the site's layout shapes it: the
// title and a line of facts above the text, each section's text in
// paragraphs below its heading, which has a link to itself.
func pageHTML(d Doc) string {
	var b strings.Builder
	b.WriteString("<!doctype html><title>" + html.EscapeString(d.Title) + "</title><nav>Sidebar</nav><article class=\"article\"><h1>" +
		html.EscapeString(d.Title) + "</h1><p class=\"meta\">5 min read</p>")
	for _, s := range d.Sections {
		if s.ID != "" {
			fmt.Fprintf(&b, "<h2 id=\"%s\">%s<a class=\"hash-link\" href=\"#%[1]s\">#</a></h2>", html.EscapeString(s.ID), html.EscapeString(s.Heading))
		}
		for p := range strings.SplitSeq(s.Text, "\n\n") {
			b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
		}
	}
	b.WriteString("</article>")
	return b.String()
}

// axePath is axe-core's browser bundle, which `npm ci` installs.
const axePath = "../../node_modules/axe-core/axe.min.js"

// checkAxe runs axe-core on the page as it is, the search dialog open,
// and reports every violation; it does nothing where axe-core is not
// installed.
func checkAxe(t *testing.T, ctx context.Context, theme string) {
	t.Helper()
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Log("axe-core not installed (run npm ci): accessibility not checked")
		return
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(axe))); err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`axe.run(document).then(r => r.violations.map(v => v.id + ": " + v.help + ": " + v.nodes.slice(0, 3).map(n => n.html.slice(0, 120)).join(" | ")))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("axe, %s theme: %s", theme, v)
	}
}
