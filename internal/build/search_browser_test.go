package build

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/browsertest"
)

// snippetSite has a page whose sections hold what a snippet must read
// right: paragraphs, a list and a table (blocks, whose words must not run
// together), emphasis inside a word (which must not split it), and what
// the index leaves out (a code block, heading links, an admonition's
// title and icon, a footnote's marks), and a generated category page,
// whose description and cards the layout adds.
const snippetSite = `
-- latticework.yaml --
title: Snippets
baseURL: https://example.org/
-- content/index.md --
---
title: Home
---
Welcome.
-- content/zoo/_category_.json --
{"label": "Zoo", "link": {"type": "generated-index", "description": "Every animal of the zoo."}}
-- content/zoo/okapi.md --
---
title: Okapi
description: A forest giraffe.
---
## Stripes

Striped legs.
-- content/animals.md --
---
title: Animals
---
Intro words before any heading, with a [link](#alpha) in them.

## Alpha

The alpha section's first paragraph ends here.

Its second paragraph is un*believ*able, with a note.[^1]

` + "```go\ncodeonlyword := 1\n```" + `

| Cell one | Cell two |
| --- | --- |
| left | right |

:::tip

Tipped text.

:::

#### Smaller heading

Under the smaller heading.

## Beta quokka

Beta text speaks of zebras.

- first item
- second item

## Gamma

Gamma text.

[^1]: The footnote's text.
`

// TestSearchSnippetsInBrowser checks that search.js cuts snippets from
// the page's own HTML: each section's text, as it reads it from the
// built page, has the words the index has for that section, no more and
// no fewer, on a page made for it and on every page of the repository's
// site (both languages, a FAQ, worksheets); and that the dialog shows the
// text of the section after the matched heading, its blocks apart.
func TestSearchSnippetsInBrowser(t *testing.T) {
	if browsertest.ExecPath() == "" {
		t.Skip("Chromium not installed (apt-get install chromium): skipping browser test")
	}
	t.Run("snippets", func(t *testing.T) {
		dir := writeSite(t, snippetSite)
		out := filepath.Join(t.TempDir(), "public")
		b := New(Options{Site: os.DirFS(dir), Defaults: latticework.Default, Out: out, Incremental: true})
		p := openSearch(t, b, out, "/animals/")
		checkSectionTexts(t, p, b)

		p.do(chromedp.SendKeys(chromedp.CSS("#lw-search-input"), "quokka "))
		p.waitFor(`document.querySelector(".search-status").textContent === "1 page matches"`)
		if got := p.eval(`new URL(document.querySelector(".search-results a").href).hash`); got != "#beta-quokka" {
			t.Errorf("quokka: first result %v, want #beta-quokka", got)
		}
		if got := p.eval(`document.querySelector(".search-hit-snippet").textContent`); got != "Beta text speaks of zebras. first item second item" {
			t.Errorf("quokka: snippet %q, want Beta's text, its blocks apart", got)
		}
		p.eval(`document.querySelector("#lw-search-input").value = ""`)
		p.do(chromedp.SendKeys(chromedp.CSS("#lw-search-input"), "unbelievable "))
		p.waitFor(`document.querySelector(".search-status").textContent === "1 page matches" && !!document.querySelector(".search-hit-snippet mark")`)
		snippet := p.eval(`document.querySelector(".search-hit-snippet").textContent`).(string)
		for _, want := range []string{"ends here. Its second", "with a note. Cell one Cell two left right Tipped text. Smaller heading Under"} {
			if !strings.Contains(snippet, want) {
				t.Errorf("unbelievable: snippet %q, want %q in it", snippet, want)
			}
		}
		if got := p.eval(`document.querySelector(".search-hit-snippet mark").textContent`); got != "unbelievable" {
			t.Errorf("unbelievable: marks %q, want the whole word", got)
		}
		p.check()
	})
	t.Run("site", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "public")
		b := New(withScorer(t, Options{Site: os.DirFS("../.."), SiteDir: "../..", Defaults: latticework.Default, Out: out, Incremental: true}))
		p := openSearch(t, b, out, "/")
		checkSectionTexts(t, p, b)
		p.check()
	})
}

// openSearch builds b into out, serves it, opens the page at path in
// Chromium and opens search there, which loads search.js.
func openSearch(t *testing.T, b *Builder, out, path string) *tab {
	t.Helper()
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	p := openTab(t, srv.URL, 1280, 900)
	p.do(chromedp.Navigate(srv.URL + path))
	p.waitFor(`!document.querySelector(".search-button").hidden`)
	p.do(chromedp.Click(chromedp.CSS(".search-button")))
	p.waitFor(`!!window.LatticeworkSearch && document.activeElement.id === "lw-search-input"`)
	return p
}

// checkSectionTexts compares, for every page b indexed, the words of each
// section's text as search.js reads it from the page with the words of
// the text the index was given.
func checkSectionTexts(t *testing.T, p *tab, b *Builder) {
	t.Helper()
	docs := b.search.docs
	if len(docs) == 0 {
		t.Fatal("the build kept no search text")
	}
	n := 0
	for _, ds := range docs {
		for _, d := range ds {
			ids, texts := []string{""}, []string{""}
			for i, s := range d.Sections {
				if i == 0 && s.ID == "" {
					texts[0] = s.Text
					continue
				}
				ids, texts = append(ids, s.ID), append(texts, s.Text)
			}
			args, _ := json.Marshal([]any{d.URL, ids, texts})
			type words struct{ Page, Index [][]string }
			got, err := chromedp.Run(p.ctx, chromedp.Evaluate[words](`(async ([url, ids, texts]) => {
				const L = LatticeworkSearch, page = await L.pageText(url, ids);
				return {page: page.map((s) => s === null ? null : L.tokens(s)), index: texts.map(L.tokens)};
			})(`+string(args)+`)`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: %v", d.URL, err)
			}
			for i := range ids {
				if got.Page[i] == nil || !slices.Equal(got.Page[i], got.Index[i]) {
					t.Errorf("%s#%s: the page's text has the words\n%q\nthe index's\n%q", d.URL, ids[i], got.Page[i], got.Index[i])
				}
			}
			n++
		}
	}
	t.Logf("%d pages' sections read from their HTML as the index has them", n)
}
