package build_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/corpus"
	"github.com/latticework/latticework/internal/sitefs"
)

// heapWhenRendered builds an n-page corpus (without worksheets, which
// need the scoring module) as cmd/build does, or checks it, and returns
// the bytes of heap in use, after a collection, once every page is
// rendered: what the build keeps of each page for the site-wide checks
// and, unless it checks, the search index.
func heapWhenRendered(tb testing.TB, n int, check bool) uint64 {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "site")
	if _, err := corpus.WriteSite(corpus.Options{Pages: n, Seed: os.DirFS("../..")}, dir); err != nil {
		tb.Fatal(err)
	}
	site, err := sitefs.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer site.Close()
	var heap uint64
	opts := build.Options{
		Site: site, Defaults: latticework.Default, Out: filepath.Join(dir, "public"),
		CacheDir: filepath.Join(dir, ".cache"), CachePages: true, Check: check,
		Rendered: func() {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			heap = ms.HeapAlloc
		},
	}
	if _, err := build.New(opts).Build(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return heap
}

// retainedPerPage is the heap a build holds per page once every page is
// rendered: the difference between a small and a large corpus, per page,
// so that what does not grow with the site (layouts, the renderer) drops
// out.
func retainedPerPage(tb testing.TB, small, large int, check bool) float64 {
	a := heapWhenRendered(tb, small, check)
	b := heapWhenRendered(tb, large, check)
	return (float64(b) - float64(a)) / float64(large-small)
}

// TestRetainedPerPage fails if a build keeps several times what it keeps
// now of each page until the end: holding each page's text (50 KB in the
// corpus), its HTML or its search text would break 100,000 pages in
// 4 GiB (docs/benchmarks.md, "100,000 pages", says how to find what holds
// it). A check keeps about 4 KB per page for the site-wide checks; a build
// also about 25 KB of search postings on a site this small, where few
// words have reached the postings' cap. The bounds are far from these,
// so that the test never fails by chance.
func TestRetainedPerPage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds four corpora")
	}
	for _, c := range []struct {
		check bool
		limit float64
	}{{true, 16 << 10}, {false, 64 << 10}} {
		per := retainedPerPage(t, 100, 500, c.check)
		t.Logf("check %v: %.0f bytes per page", c.check, per)
		if per > c.limit {
			t.Errorf("check %v: a build holds %.0f bytes per page once every page is rendered, more than %.0f", c.check, per, c.limit)
		}
	}
}

// BenchmarkRetainedPerPage reports the heap a build holds per page once
// every page is rendered (B/page), and a check (check-B/page), between
// corpora of 200 and 1,000 pages.
func BenchmarkRetainedPerPage(b *testing.B) {
	var build, check float64
	for b.Loop() {
		build = retainedPerPage(b, 200, 1000, false)
		check = retainedPerPage(b, 200, 1000, true)
	}
	b.ReportMetric(build, "B/page")
	b.ReportMetric(check, "check-B/page")
}
