package build_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/corpus"
	"github.com/latticework/latticework/internal/cputime"
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

// editKind is one kind of edit a writer makes to a served corpus: edit
// makes the i-th edit of the kind and returns the file it changed, from
// the site root.
type editKind func(b *testing.B, c *corpus.Corpus, dir string, i int) string

// benchmarkEdit times the dev server's rebuild after edits of one kind to
// a 1,000-page site, until Rebuild returns and the changed pages can
// reload, reported as p50 and p95 with the pages each rebuild rendered
// and laid out. The search index, which rebuilds rewrite in the
// background, is done before each edit, as it is long before a writer's
// next save.
func benchmarkEdit(b *testing.B, edit editKind) {
	const n = 1000
	c, dir, bl := serving(b, n)
	ctx := context.Background()
	var lat, cpu []time.Duration
	var total, lastCPU time.Duration // CPU, with the work left to the background
	rendered, laidOut := 0, 0
	i := 0
	for b.Loop() {
		b.StopTimer()
		bl.Wait()
		if i > 0 {
			total += cputime.Used() - lastCPU
		}
		changed := edit(b, c, dir, i)
		i++
		b.StartTimer()
		start, startCPU := time.Now(), cputime.Used()
		var res *build.Result
		var err error
		// Labelled, with the goroutines it starts, so that a -cpuprofile
		// shows the rebuilds apart from the set-up (pprof -tagfocus
		// edit=rebuild).
		pprof.Do(ctx, pprof.Labels("edit", "rebuild"), func(ctx context.Context) {
			res, err = bl.Rebuild(ctx, []string{changed})
		})
		lat, cpu = append(lat, time.Since(start)), append(cpu, cputime.Used()-startCPU)
		lastCPU = startCPU
		if err != nil {
			b.Fatal(err)
		}
		if res.Full {
			b.Fatalf("%s: the whole site was built again", changed)
		}
		rendered += res.Rendered
		laidOut += res.LaidOut
	}
	slices.Sort(lat)
	slices.Sort(cpu)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	// The process's CPU time, which a busy machine disturbs less than
	// the wall time: what the rebuild costs on cores of its own.
	b.ReportMetric(float64(cpu[len(cpu)/2].Microseconds())/1000, "cpu-p50-ms")
	bl.Wait()
	total += cputime.Used() - lastCPU
	b.ReportMetric(float64(total.Microseconds())/1000/float64(len(lat)), "cpu/edit-ms")
	b.ReportMetric(float64(rendered)/float64(len(lat)), "rendered/op")
	b.ReportMetric(float64(laidOut)/float64(len(lat)), "laidout/op")
}

// rewrite replaces the first match of re in the site file name with repl
// (expanded as by regexp.ReplaceAll), or appends repl if re is nil.
func rewrite(b *testing.B, dir, name string, re *regexp.Regexp, repl string) string {
	b.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	data, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	if re == nil {
		data = append(data, repl...)
	} else if loc := re.FindSubmatchIndex(data); loc == nil {
		b.Fatalf("%s has no %s", name, re)
	} else {
		data = slices.Concat(data[:loc[0]], re.Expand(nil, []byte(repl), data, loc), data[loc[1]:])
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return name
}

var (
	titleLine    = regexp.MustCompile(`(?m)^title: .*$`)
	positionLine = regexp.MustCompile(`(?m)^sidebar_position: .*$`)
	tagsLine     = regexp.MustCompile(`(?m)^(sidebar_position: .*\n)(?:tags: .*\n)?---\n`)
	labelLine    = regexp.MustCompile(`"label": ".*"`)
)

// page is the page the i-th edit of a kind changes: a different one each
// time, spread over the site.
func page(c *corpus.Corpus, i int) string { return c.PageFile(i * 97 % c.Pages()) }

// BenchmarkRebuild1000 times the dev server's rebuild after an edit to
// one page's body in a 1,000-page site, a different page each time.
func BenchmarkRebuild1000(b *testing.B) {
	benchmarkEdit(b, func(b *testing.B, c *corpus.Corpus, dir string, i int) string {
		return rewrite(b, dir, page(c, i), nil, fmt.Sprintf("\nEdit %d.\n", i))
	})
}

// BenchmarkRebuildTitle1000: a page's title, which its folder's sidebar,
// its neighbours' previous and next links and its breadcrumbs show.
func BenchmarkRebuildTitle1000(b *testing.B) {
	benchmarkEdit(b, func(b *testing.B, c *corpus.Corpus, dir string, i int) string {
		return rewrite(b, dir, page(c, i), titleLine, fmt.Sprintf("title: Edited title %d", i))
	})
}

// BenchmarkRebuildPosition1000: a page's sidebar_position, which moves it
// to the end of its folder.
func BenchmarkRebuildPosition1000(b *testing.B) {
	benchmarkEdit(b, func(b *testing.B, c *corpus.Corpus, dir string, i int) string {
		return rewrite(b, dir, page(c, i), positionLine, fmt.Sprintf("sidebar_position: %d", 1000+i))
	})
}

// BenchmarkRebuildTags1000: a page's tags, which adds a tag's page and
// removes the one the last edit added.
func BenchmarkRebuildTags1000(b *testing.B) {
	benchmarkEdit(b, func(b *testing.B, c *corpus.Corpus, dir string, i int) string {
		return rewrite(b, dir, c.PageFile(555), tagsLine, fmt.Sprintf("${1}tags: [edit-%d]\n---\n", i))
	})
}

// BenchmarkRebuildCategory1000: a section's label in its _category_.json,
// which the sidebar of every page of its chapter shows.
func BenchmarkRebuildCategory1000(b *testing.B) {
	benchmarkEdit(b, func(b *testing.B, c *corpus.Corpus, dir string, i int) string {
		name := path.Join(path.Dir(page(c, i)), "_category_.json")
		return rewrite(b, dir, name, labelLine, fmt.Sprintf(`"label": "Edited section %d"`, i))
	})
}

// BenchmarkRebuildLayout1000: a layout template, which every page shows.
func BenchmarkRebuildLayout1000(b *testing.B) {
	benchmarkEdit(b, func(b *testing.B, c *corpus.Corpus, dir string, i int) string {
		return writeFile(b, dir, "layouts/footer.html", fmt.Sprintf("{{define \"footer.html\"}}<footer class=\"footer\"><p>Edit %d</p></footer>{{end}}", i))
	})
}

// BenchmarkRebuildCSS1000: the site's stylesheet, whose fingerprinted
// address every page links to.
func BenchmarkRebuildCSS1000(b *testing.B) {
	css, err := latticework.Default.ReadFile("layouts/assets/site.css")
	if err != nil {
		b.Fatal(err)
	}
	benchmarkEdit(b, func(b *testing.B, c *corpus.Corpus, dir string, i int) string {
		return writeFile(b, dir, "layouts/assets/site.css", fmt.Sprintf("%s\n.edit-%d{color:red}\n", css, i))
	})
}

// BenchmarkRebuildExercise1000: the worksheet's definition, whose form
// the pages that embed it (one in ten) show.
func BenchmarkRebuildExercise1000(b *testing.B) {
	benchmarkEdit(b, func(b *testing.B, c *corpus.Corpus, dir string, i int) string {
		return rewrite(b, dir, corpus.ExerciseFile, titleLine, fmt.Sprintf("title: Edited worksheet %d", i))
	})
}

// writeFile writes data to the site file name.
func writeFile(b *testing.B, dir, name, data string) string {
	b.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		b.Fatal(err)
	}
	return name
}
