package build

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/docusaurus"
)

// TestDocusaurusFixture builds the Docusaurus fixture (internal/docusaurus:
// every construct of a Docusaurus docs tree, and a category of 500
// generated pages), migrated as docs/migrating-from-docusaurus.md says,
// and holds what Latticework serves to what Docusaurus 3.10.2 served for
// the same tree, recorded by `go run ./bench/docusaurus -golden` (CI
// cannot run Docusaurus): the same pages at the same URLs, the same
// category pages with the same items, every FAQ question, the same
// heading ids, <pre> only where Docusaurus has one, and the author's
// inline HTML kept.
func TestDocusaurusFixture(t *testing.T) {
	want, err := docusaurus.ReadGolden(filepath.Join("..", "..", docusaurus.GoldenFile))
	if err != nil {
		t.Fatal(err)
	}
	files, err := docusaurus.Files(docusaurus.Latticework)
	if err != nil {
		t.Fatal(err)
	}
	site := fstest.MapFS{}
	for name, data := range files {
		site[name] = &fstest.MapFile{Data: data}
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := New(Options{Site: site, Defaults: latticework.Default, Out: out}).Build(context.Background())
	if err != nil {
		t.Fatalf("the fixture does not build:\n%v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("the fixture builds with warnings:\n%v", res.Warnings)
	}
	got, err := docusaurus.ReadLatticework(out)
	if err != nil {
		t.Fatal(err)
	}
	diff := docusaurus.Compare(want, got)

	t.Run("pages", func(t *testing.T) {
		var served int
		for u := range want.Pages {
			if got.Pages[u] != nil {
				served++
			}
		}
		if served != len(want.Pages) || len(want.Pages) < docusaurus.GeneratedPages {
			t.Errorf("%d of Docusaurus's %d docs and category pages are served at the same URL", served, len(want.Pages))
		}
		// Every URL, Docusaurus's tag pages (/docs/tags/…) among them.
		if !slices.Contains(want.URLs, "/docs/tags/") {
			t.Errorf("Docusaurus serves no page of all tags: the fixture has lost its tags")
		}
		report(t, diff, docusaurus.URLs)
	})
	t.Run("categories", func(t *testing.T) {
		var n int
		for _, p := range want.Pages {
			if p.Category != nil {
				n++
			}
		}
		if n != 2 || diff.Checked[docusaurus.Categories] != n {
			t.Errorf("compared %d category pages, Docusaurus serves %d (want 2)", diff.Checked[docusaurus.Categories], n)
		}
		report(t, diff, docusaurus.Categories, docusaurus.Titles)
	})
	t.Run("faq", func(t *testing.T) {
		var pages int
		for u, w := range want.Pages {
			if len(w.FAQ) == 0 {
				continue
			}
			pages++
			if g := got.Pages[u]; g != nil && len(g.FAQ) != len(w.FAQ) {
				t.Errorf("%s: %d FAQ questions, Docusaurus shows %d", u, len(g.FAQ), len(w.FAQ))
			}
		}
		if min := docusaurus.GeneratedPages/docusaurus.FAQEvery + 3; pages < min {
			t.Errorf("Docusaurus shows FAQs on %d pages, the fixture has at least %d", pages, min)
		}
		report(t, diff, docusaurus.FAQ)
	})
	t.Run("pre", func(t *testing.T) {
		for msg, urls := range diff.Found[docusaurus.Pre] {
			if strings.HasPrefix(msg, "<pre> where Docusaurus has none") {
				t.Errorf("%s (on %d pages: %s)", msg, len(urls), strings.Join(urls[:min(3, len(urls))], ", "))
			}
		}
	})
	t.Run("headings", func(t *testing.T) { report(t, diff, docusaurus.HeadingIDs) })
	t.Run("inline-html", func(t *testing.T) { report(t, diff, docusaurus.HTMLTags) })
}

// report fails t with every difference of the given kinds.
func report(t *testing.T, diff *docusaurus.Diff, kinds ...docusaurus.Kind) {
	t.Helper()
	for _, k := range kinds {
		msgs := diff.Found[k]
		for _, msg := range slices.Sorted(maps.Keys(msgs)) {
			urls := msgs[msg]
			t.Errorf("%s: %s (on %d pages: %s)", k, msg, len(urls), strings.Join(urls[:min(3, len(urls))], ", "))
		}
	}
}
