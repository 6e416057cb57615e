package build_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/corpus"
	"github.com/latticework/latticework/internal/sitefs"
	"github.com/latticework/latticework/internal/wasmbuild"
)

// benchScorer is the scoring module that pages with worksheets need,
// compiled once into the repository's cache and reused while its sources
// are unchanged.
var benchScorer = sync.OnceValues(func() (string, error) {
	dir := filepath.Join(wasmbuild.CacheDir("../.."), "wasm")
	_, err := wasmbuild.Ensure(context.Background(), "../..", dir)
	return dir, err
})

// benchOptions returns build options for the site in dir, with the
// scoring module.
func benchOptions(b *testing.B, dir string) build.Options {
	b.Helper()
	wasm, err := benchScorer()
	if err != nil {
		b.Fatal(err)
	}
	site, err := sitefs.Open(dir) // confined, as cmd/build reads it
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { site.Close() })
	return build.Options{Site: site, Defaults: latticework.Default, WASMDir: wasm, CacheDir: filepath.Join(dir, ".cache"), CachePages: true}
}

// writeCorpus writes an n-page benchmark corpus (internal/corpus), with
// exercise blocks, to a temporary folder, so that builds read from disk as
// cmd/build does.
func writeCorpus(b *testing.B, n int) (*corpus.Corpus, string) {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "site")
	c, err := corpus.WriteSite(corpus.Options{Pages: n, Exercises: true, Seed: os.DirFS("../..")}, dir)
	if err != nil {
		b.Fatal(err)
	}
	return c, dir
}

// forgetPages removes what builds keep of the pages in the cache (the
// page store and the outputs' manifests), leaving the compressed scoring
// modules, which any earlier build on the machine would have made.
func forgetPages(b *testing.B, dir string) {
	b.Helper()
	for _, sub := range []string{"pages", "outputs"} {
		if err := os.RemoveAll(filepath.Join(dir, ".cache", sub)); err != nil {
			b.Fatal(err)
		}
	}
}

// benchmarkBuild times cold builds of an n-page corpus, each into a new
// output folder, as `latticework-build -out` into an empty folder does,
// with nothing of the pages in the cache.
func benchmarkBuild(b *testing.B, n int) {
	_, dir := writeCorpus(b, n)
	opts := benchOptions(b, dir)
	ctx := context.Background()
	// One untimed build fills the cache of compressed scoring modules,
	// as any earlier build on the machine would have.
	opts.Out = filepath.Join(dir, "..", "warm-up")
	if _, err := build.New(opts).Build(ctx); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		b.StopTimer()
		forgetPages(b, dir)
		opts.Out = filepath.Join(dir, "..", fmt.Sprint("public", i))
		out := opts.Out
		i++
		b.StartTimer()
		if _, err := build.New(opts).Build(ctx); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/page")
}

func BenchmarkBuild1(b *testing.B)    { benchmarkBuild(b, 1) }
func BenchmarkBuild100(b *testing.B)  { benchmarkBuild(b, 100) }
func BenchmarkBuild1000(b *testing.B) { benchmarkBuild(b, 1000) }

// large runs the 10,000-page benchmarks: go test -bench Warm -large.
var large = flag.Bool("large", false, "also run the 10,000-page benchmarks (about 5 GB of disk)")

// benchmarkWarmBuild times command-line builds of an n-page corpus with
// the cache and output of the build before, as a writer's second `make
// build` or CI with its cache restored runs them: of the unchanged site,
// or after appending a paragraph to one page, a different one each time.
// The two builds before the timed ones leave the previous output beside
// the current one, as every build after them finds it.
func benchmarkWarmBuild(b *testing.B, n int, edit bool) {
	if n > 1000 && !*large {
		b.Skip("-large runs the 10,000-page benchmarks")
	}
	c, dir := writeCorpus(b, n)
	opts := benchOptions(b, dir)
	opts.Out = filepath.Join(dir, "..", "public")
	ctx := context.Background()
	for range 2 {
		if _, err := build.New(opts).Build(ctx); err != nil {
			b.Fatal(err)
		}
	}
	i := 0
	for b.Loop() {
		if edit {
			b.StopTimer()
			page := c.PageFile(i * 97 % n)
			name := filepath.Join(dir, filepath.FromSlash(page))
			data, err := os.ReadFile(name)
			if err == nil {
				err = os.WriteFile(name, fmt.Appendf(data, "\nEdit %d.\n", i), 0o644)
			}
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		i++
		res, err := build.New(opts).Build(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if !edit && res.Cached != res.Pages || edit && (res.Cached == res.Pages || res.Cached < res.Pages-3) {
			b.Fatalf("%d of %d pages from the cache", res.Cached, res.Pages)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/page")
}

func BenchmarkWarmBuild1000(b *testing.B)      { benchmarkWarmBuild(b, 1000, false) }
func BenchmarkWarmBuildEdit1000(b *testing.B)  { benchmarkWarmBuild(b, 1000, true) }
func BenchmarkBuild10000(b *testing.B)         { benchmarkLarge(b) }
func BenchmarkWarmBuild10000(b *testing.B)     { benchmarkWarmBuild(b, 10000, false) }
func BenchmarkWarmBuildEdit10000(b *testing.B) { benchmarkWarmBuild(b, 10000, true) }

func benchmarkLarge(b *testing.B) {
	if !*large {
		b.Skip("-large runs the 10,000-page benchmarks")
	}
	benchmarkBuild(b, 10000)
}

// serving writes an n-page corpus and builds it as the dev server does,
// returning the builder for rebuilds.
func serving(b *testing.B, n int) (*corpus.Corpus, string, *build.Builder) {
	b.Helper()
	c, dir := writeCorpus(b, n)
	opts := benchOptions(b, dir)
	opts.Out, opts.Incremental = filepath.Join(dir, "..", "public"), true
	bl := build.New(opts)
	// Rebuilds rewrite the search index, and delete the outputs that full
	// builds replace, in the background: that must stop before TempDir's
	// cleanup removes the folders it writes into.
	b.Cleanup(bl.Wait)
	if _, err := bl.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	return c, dir, bl
}

// BenchmarkRebuild1000 times the dev server's rebuild after an edit to
// one page's body in a 1,000-page site, a different page each time.
func BenchmarkRebuild1000(b *testing.B) {
	const n = 1000
	c, dir, bl := serving(b, n)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		b.StopTimer()
		page := c.PageFile(i * 97 % n)
		name := filepath.Join(dir, filepath.FromSlash(page))
		data, err := os.ReadFile(name)
		if err == nil {
			err = os.WriteFile(name, fmt.Appendf(data, "\nEdit %d.\n", i), 0o644)
		}
		if err != nil {
			b.Fatal(err)
		}
		i++
		b.StartTimer()
		res, err := bl.Rebuild(ctx, []string{page})
		if err != nil {
			b.Fatal(err)
		}
		if res.Full {
			b.Fatal("a body edit rebuilt the whole site")
		}
	}
}

// BenchmarkRebuildLayout1000 times what the dev server does when a layout
// changes on a 1,000-page site: a full build that replaces the output,
// timed until Rebuild returns and the pages can reload.
func BenchmarkRebuildLayout1000(b *testing.B) {
	_, dir, bl := serving(b, 1000)
	ctx := context.Background()
	footer := filepath.Join(dir, "layouts", "footer.html")
	if err := os.MkdirAll(filepath.Dir(footer), 0o755); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		b.StopTimer()
		bl.Wait() // the last deletion, which a writer's next edit rarely meets
		layout := fmt.Sprintf("{{define \"footer.html\"}}<footer class=\"footer\"><p>Edit %d</p></footer>{{end}}", i)
		if err := os.WriteFile(footer, []byte(layout), 0o644); err != nil {
			b.Fatal(err)
		}
		i++
		b.StartTimer()
		res, err := bl.Rebuild(ctx, []string{"layouts/footer.html"})
		if err != nil {
			b.Fatal(err)
		}
		if !res.Full {
			b.Fatal("a layout edit did not rebuild the whole site")
		}
	}
}
