package build

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/corpus"
)

// The most an article page may weigh, HTML, CSS and JS compressed as a
// host serves them: gzip at zlib's default level 6, as GitHub Pages (the
// deploy target the project ships a workflow for) and most servers
// compress on the fly, and brotli at level 5, the level CDNs use on the
// fly. What loads later is not counted: the worksheet's script, the styles
// and definition it fetches, the scoring module, and search.
const (
	gzipBudget   = 30 << 10
	brotliBudget = 26 << 10
)

// TestBudgetArticle holds the Trust Dynamics article, the repository's
// own and its longest page (52 KB of markdown, whose prose alone is 21 KB
// gzip), to the budgets.
func TestBudgetArticle(t *testing.T) {
	out, _ := buildDefaultSite(t)
	checkBudget(t, out, "docs/thinking-toolkit/classic-mental-models/trust-dynamics/index.html")
}

// typicalArticle is an article of the length most are: the Trust
// Dynamics article, three times as long, is the exception.
const typicalArticle = "content/docs/thinking-toolkit/classic-mental-models/circle-of-competence.md"

// TestBudgetLargeCategory holds a page in the middle of a category of 500
// pages, with a worksheet, to the budget: its sidebar must not carry every
// sibling.
func TestBudgetLargeCategory(t *testing.T) {
	_, out, page := buildFlatCorpus(t, 500, typicalArticle)
	checkBudget(t, out, page)
}

func checkBudget(t *testing.T, out, page string) {
	t.Helper()
	files := pageFiles(t, out, page)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		t.Logf("%s: %d bytes, %d gzip, %d brotli", name, len(files[name]), gzipSize(t, files[name]), brotliSize(t, files[name]))
	}
	w := weigh(t, files)
	t.Logf("%s and what it loads: %d bytes, %d gzip, %d brotli (budgets %d, %d)", page, w.raw, w.gzip, w.brotli, gzipBudget, brotliBudget)
	if w.gzip > gzipBudget {
		t.Errorf("%s weighs %d bytes gzip-compressed, over the budget of %d", page, w.gzip, gzipBudget)
	}
	if w.brotli > brotliBudget {
		t.Errorf("%s weighs %d bytes brotli-compressed, over the budget of %d", page, w.brotli, brotliBudget)
	}
}

// BenchmarkPageWeight reports what a page in a category of n pages
// weighs with what it loads before any reader action: the page in the
// middle of the category that has a worksheet, so that its sidebar lists
// siblings on both sides; the pages are copies of the long Trust Dynamics
// article, or of an article of typical length. The figures do not depend
// on the machine; the loop only compresses.
func BenchmarkPageWeight(b *testing.B) {
	for _, seed := range []struct{ name, path string }{{"long", corpus.SeedPath}, {"typical", typicalArticle}} {
		for _, n := range []int{1, 50, 500, 5000} {
			b.Run(fmt.Sprintf("%s/pages=%d", seed.name, n), func(b *testing.B) { benchmarkPageWeight(b, n, seed.path) })
		}
	}
}

func benchmarkPageWeight(b *testing.B, n int, seed string) {
	_, out, page := buildFlatCorpus(b, n, seed)
	files := pageFiles(b, out, page)
	var w weight
	for b.Loop() {
		w = weigh(b, files)
	}
	b.ReportMetric(float64(w.raw), "B")
	b.ReportMetric(float64(w.gzip), "gzip-B")
	b.ReportMetric(float64(w.brotli), "brotli-B")
	b.ReportMetric(float64(w.htmlGzip), "html-gzip-B")
}

// buildFlatCorpus builds a corpus of n pages in one folder, copies of the
// article at seed in the repository, with worksheets, and returns it, the
// output folder and the published file of the page it weighs: the middle
// one among those with a worksheet.
func buildFlatCorpus(tb testing.TB, n int, seed string) (c *corpus.Corpus, out, page string) {
	tb.Helper()
	src, err := os.ReadFile(filepath.Join("../..", seed))
	if err != nil {
		tb.Fatal(err)
	}
	exercise, err := os.ReadFile(filepath.Join("../..", corpus.ExerciseFile))
	if err != nil {
		tb.Fatal(err)
	}
	seedFS := fstest.MapFS{corpus.SeedPath: {Data: src}, corpus.ExerciseFile: {Data: exercise}}
	dir := filepath.Join(tb.TempDir(), "site")
	c, err = corpus.WriteSite(corpus.Options{Pages: n, Flat: true, Exercises: true, Seed: seedFS}, dir)
	if err != nil {
		tb.Fatal(err)
	}
	out = filepath.Join(dir, "..", "public")
	opts := withScorer(tb, Options{Site: os.DirFS(dir), Defaults: latticework.Default, Out: out})
	if _, err := New(opts).Build(context.Background()); err != nil {
		tb.Fatal(err)
	}
	i := n / 2 / corpus.ExerciseEvery * corpus.ExerciseEvery
	return c, out, strings.TrimPrefix(c.PageURL(i), "/") + "/index.html"
}

// pageFiles returns the published page and the stylesheets and scripts
// it links, by path in out.
func pageFiles(tb testing.TB, out, page string) map[string][]byte {
	tb.Helper()
	html, err := os.ReadFile(filepath.Join(out, page))
	if err != nil {
		tb.Fatal(err)
	}
	files := map[string][]byte{page: html}
	for _, m := range regexp.MustCompile(`<(?:link rel="?stylesheet"? href|script src)="?([^" >]+)`).FindAllSubmatch(html, -1) {
		name := strings.TrimPrefix(string(m[1]), "/")
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			tb.Fatalf("the page loads %s, which was not published", name)
		}
		files[name] = data
	}
	if len(files) < 3 {
		tb.Fatalf("found only %d files the page loads; the pattern no longer matches the layout", len(files))
	}
	return files
}

// weight is the sum of a page's files, as they are and compressed each
// on its own, as a host serves them.
type weight struct {
	raw, gzip, brotli int
	htmlGzip          int // the page's HTML alone
}

func weigh(tb testing.TB, files map[string][]byte) weight {
	var w weight
	for name, data := range files {
		g := gzipSize(tb, data)
		w.raw += len(data)
		w.gzip += g
		w.brotli += brotliSize(tb, data)
		if strings.HasSuffix(name, ".html") {
			w.htmlGzip = g
		}
	}
	return w
}

func brotliSize(tb testing.TB, data []byte) int {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, 5)
	if _, err := w.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Len()
}

func gzipSize(tb testing.TB, data []byte) int {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, 6)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Len()
}
