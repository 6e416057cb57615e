package build_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/corpus"
)

// writeCorpus writes an n-page benchmark corpus (internal/corpus) to a
// temporary folder, so that builds read from disk as cmd/build does.
func writeCorpus(b *testing.B, n int) (*corpus.Corpus, string) {
	b.Helper()
	c, err := corpus.New(corpus.Options{Pages: n, Seed: latticework.Default})
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(b.TempDir(), "site")
	if err := c.Latticework(corpus.WriteDir(dir)); err != nil {
		b.Fatal(err)
	}
	return c, dir
}

// benchmarkBuild times whole builds of an n-page corpus, each into a new
// output folder, as `latticework-build -out` into an empty folder does.
func benchmarkBuild(b *testing.B, n int) {
	_, dir := writeCorpus(b, n)
	site := os.DirFS(dir)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		out := filepath.Join(dir, "..", fmt.Sprint("public", i))
		i++
		if _, err := build.New(build.Options{Site: site, Defaults: latticework.Default, Out: out}).Build(ctx); err != nil {
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

// BenchmarkRebuild1000 times the dev server's rebuild after an edit to
// one page's body in a 1,000-page site, a different page each time.
func BenchmarkRebuild1000(b *testing.B) {
	const n = 1000
	c, dir := writeCorpus(b, n)
	bl := build.New(build.Options{Site: os.DirFS(dir), Defaults: latticework.Default, Out: filepath.Join(dir, "..", "public"), Incremental: true})
	ctx := context.Background()
	if _, err := bl.Build(ctx); err != nil {
		b.Fatal(err)
	}
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
