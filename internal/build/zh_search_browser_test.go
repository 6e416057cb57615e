package build

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestChineseSearchInBrowser builds the repository's site, whose home page
// is translated into Chinese (i18n/zh/docusaurus-plugin-content-pages), and
// searches it from a /zh/ page in Chromium: a Chinese word in the middle of
// a run of Han characters, with no spaces around it, finds the translated
// home page, its snippet marks the word, and the page asks only the zh
// index; the English pages' index has no such word.
func TestChineseSearchInBrowser(t *testing.T) {
	srv := serveDefaultSite(t)
	p := openTab(t, srv.URL, 1280, 900)
	ctx, eval, waitFor := p.ctx, p.eval, p.waitFor
	// search types query into the search dialog of the page at path and
	// waits until its answer is shown.
	search := func(path, query string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
			t.Fatal(err)
		}
		waitFor(`!!document.querySelector(".search-button") && !document.querySelector(".search-button").hidden`)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".search-button"))); err != nil {
			t.Fatal(err)
		}
		waitFor(`document.activeElement.id === "lw-search-input"`)
		// Chinese is typed through an input method, which commits the
		// word as one insertion.
		if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: query}); err != nil {
			t.Fatal(err)
		}
		waitFor(`(s => !!s && s.textContent !== "" && document.querySelector("#lw-search-input").value === ` + strconv.Quote(query) + `)(document.querySelector(".search-status"))`)
		// Each key may start a search: let the last one's answer land.
		time.Sleep(300 * time.Millisecond)
	}

	// 判断力 ("judgement") sits inside 良好的判断力来自一张由多学科模型织成的:
	// only a segmenter finds it there.
	const query = "判断力"
	search("/zh/docs/thinking-toolkit/classic-mental-models/trust-dynamics/", query)
	if got := eval(`document.querySelector(".search-button").getAttribute("data-search")`); got != "/zh/search/" {
		t.Errorf("a /zh/ page's search reads the index at %v, want /zh/search/", got)
	}
	waitFor(`document.querySelectorAll(".search-results a").length > 0`)
	if got := eval(`new URL(document.querySelector(".search-results a").href).pathname`); got != "/zh/" {
		t.Errorf("%s: first result %v, want the Chinese home page /zh/ (status %q)", query, got, eval(`document.querySelector(".search-status").textContent`))
	}
	if got := eval(`[...document.querySelector(".search-hit-snippet").querySelectorAll("mark")].map(m => m.textContent).join("")`).(string); !strings.Contains(got, query) {
		t.Errorf("snippet %q marks %q, want %s", eval(`document.querySelector(".search-hit-snippet").textContent`), got, query)
	}
	fetched := eval(`performance.getEntriesByType("resource").map(e => new URL(e.name).pathname).filter(p => /\/search\/.*\.json$/.test(p)).join(" ")`).(string)
	if fetched == "" {
		t.Error("the search fetched no index file")
	}
	for _, p := range strings.Fields(fetched) {
		if !strings.HasPrefix(p, "/zh/search/") {
			t.Errorf("a /zh/ page's search fetched %s, outside the zh index", p)
		}
	}

	// 思维模型 is only in the home page's H1 (Latticework：思维模型文库),
	// whose front matter title is "Latticework": the H1's words are
	// indexed too.
	search("/zh/", "思维模型")
	waitFor(`document.querySelectorAll(".search-results a").length > 0`)
	if got := eval(`new URL(document.querySelector(".search-results a").href).pathname`); got != "/zh/" {
		t.Errorf("思维模型: first result %v, want the Chinese home page /zh/", got)
	}

	// The English pages search the English index, which has no Chinese home page.
	search("/docs/thinking-toolkit/classic-mental-models/trust-dynamics/", query)
	if got := eval(`[...document.querySelectorAll(".search-results a")].filter(a => new URL(a.href).pathname.startsWith("/zh/")).length`); got != float64(0) {
		t.Errorf("the English search found %v /zh/ pages", got)
	}
}
