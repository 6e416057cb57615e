package search

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latticework/latticework/internal/cputime"
)

// The 10,000-page measurements are benchmarks, so `go test ./...` stays
// fast; run them with
//
//	go test -run '^$' -bench Site10k -benchtime 1x ./internal/search
//
// Every page is the whole Trust Dynamics article under its own title and
// URL. That is the worst case for the index: every word of the article is
// in every page, so every common word's list is full, and every shard is
// as dense as it can be.

const sitePages = 10_000

// syllables make the pages' unique title words.
var syllables = strings.Fields("ba ko ri te lu mo sa ve do qui na pe zo fi gu la")

// pseudoword returns a made-up word unique to n, such as "kobalu".
func pseudoword(n int) string {
	var b strings.Builder
	for i := 0; i < 4; i++ {
		b.WriteString(syllables[n%len(syllables)])
		n /= len(syllables)
	}
	return b.String()
}

func siteDocs(b testing.TB) []Doc {
	secs := seedSections(b)
	docs := make([]Doc, sitePages)
	for i := range docs {
		w := pseudoword(i)
		docs[i] = Doc{
			URL:      "/docs/models/" + w + "/",
			Title:    "Trust Dynamics " + strings.ToUpper(w[:1]) + w[1:],
			Sections: secs,
		}
	}
	return docs
}

// addAll adds docs from as many goroutines as the build would use.
func addAll(ix *Index, docs []Doc) {
	jobs := make(chan Doc)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for d := range jobs {
				ix.Add(d)
			}
		})
	}
	for _, d := range docs {
		jobs <- d
	}
	close(jobs)
	wg.Wait()
}

// siteQueries are measured at 10,000 pages: two whole words, a prefix
// being typed, the commonest word, three words, and a title word found
// on one page.
func siteQueries() []string {
	return []string{"halo effect", "hal", "trust", "calculative trust repair", pseudoword(4321)}
}

// sizes sums a set of files, raw and gzipped.
func sizes(files map[string][]byte, paths []string) (raw, gz int) {
	for _, p := range paths {
		raw += len(files[p])
		gz += gzipSize(files[p])
	}
	return raw, gz
}

// buildSite indexes docs as the build would and reports the time, the
// memory the index holds, and the files' sizes.
func buildSite(b *testing.B, docs []Doc) map[string][]byte {
	var files map[string][]byte
	var add, write time.Duration
	var heap uint64
	for b.Loop() {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		start := time.Now()
		ix := New()
		addAll(ix, docs)
		add = time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&m1)
		heap = m1.HeapAlloc - m0.HeapAlloc
		start = time.Now()
		var err error
		if files, err = ix.Files(); err != nil {
			b.Fatal(err)
		}
		write = time.Since(start)
	}
	var shards, pages []string
	for p := range files {
		switch {
		case strings.HasPrefix(p, "search/t/"):
			shards = append(shards, p)
		case strings.HasPrefix(p, "search/p/"):
			pages = append(pages, p)
		}
	}
	total, totalGz := sizes(files, slices.Collect(maps.Keys(files)))
	shardRaw, shardGz := sizes(files, shards)
	biggest := slices.MaxFunc(shards, func(a, c string) int { return len(files[a]) - len(files[c]) })
	bigRaw, bigGz := sizes(files, []string{biggest})
	manRaw, manGz := sizes(files, []string{"search/manifest.json"})
	pageRaw, pageGz := sizes(files, pages)
	b.ReportMetric(float64(total)/1e6, "MB")
	b.ReportMetric(float64(totalGz)/1e6, "MB-gz")
	b.ReportMetric(float64(len(shards)), "shards")
	b.ReportMetric(float64(bigRaw), "biggest-shard-B")
	b.ReportMetric(float64(heap)/1e6, "MB-heap")
	b.Logf("%d pages: Add %v (%d goroutines), Files %v; the index holds %.0f MB of heap",
		len(docs), add.Round(time.Millisecond), runtime.GOMAXPROCS(0), write.Round(time.Millisecond), float64(heap)/1e6)
	b.Logf("all %d files: %.1f MB raw, %.1f MB gzipped", len(files), float64(total)/1e6, float64(totalGz)/1e6)
	b.Logf("manifest: %d B raw, %d B gzipped", manRaw, manGz)
	b.Logf("%d shards: %.1f MB raw, %.1f MB gzipped; biggest %s: %d B raw, %d B gzipped",
		len(shards), float64(shardRaw)/1e6, float64(shardGz)/1e6, biggest, bigRaw, bigGz)
	b.Logf("%d pages: %.1f KB raw, %.1f KB gzipped on average", len(pages),
		float64(pageRaw)/float64(len(pages))/1e3, float64(pageGz)/float64(len(pages))/1e3)
	return files
}

// queryFetches runs each query with search.js under Node and reports
// what its first screen of results fetched of the index: the manifest,
// shards and the fragments of the pages shown (not the pages themselves,
// which a browser fetches for their snippets).
func queryFetches(b *testing.B, files map[string][]byte, queries []string) {
	reply := runNode(b, nodeRequest{Index: writeIndex(b, files), Queries: queries})
	for _, q := range queries {
		var paths []string
		for _, p := range reply.Fetched[q] {
			paths = append(paths, "search/"+p)
		}
		raw, gz := sizes(files, paths)
		b.Logf("%q: %d results; the first ten fetch %d files, %d B raw, %d B gzipped", q, reply.Results[q].Total, len(paths), raw, gz)
	}
}

func BenchmarkSite10k(b *testing.B) {
	if testing.Short() {
		b.Skip("10,000-page measurement skipped in -short mode")
	}
	docs := siteDocs(b)
	var files map[string][]byte
	b.Run("build", func(b *testing.B) { files = buildSite(b, docs) })
	if files == nil {
		b.Fatal("build did not run")
	}
	queryFetches(b, files, siteQueries())
	b.Run("js", func(b *testing.B) {
		var reply nodeReply
		dir := writeIndex(b, files)
		for b.Loop() {
			reply = runNode(b, nodeRequest{Index: dir, Queries: siteQueries(), Repeat: 20})
		}
		for _, q := range siteQueries() {
			b.Logf("search.js %q: %d results; cold %.1f ms (reading and parsing %d files), warm %.2f ms",
				q, reply.Results[q].Total, reply.ColdMs[q], len(reply.Fetched[q]), reply.WarmMs[q])
		}
		b.ReportMetric(reply.ColdMs["halo effect"], "ms-cold-halo")
		b.ReportMetric(reply.WarmMs["halo effect"], "ms-warm-halo")
	})
}

// BenchmarkVocabulary10k indexes 10,000 pages as long as the article (15
// sections of 560 words) whose words are drawn from a Zipf distribution
// over 300,000 words, about the vocabulary of that much English. Unlike
// BenchmarkSite10k, where every page repeats the same words, most words
// here are rare, as on a real site, and their lists are complete: this
// is the case that sizes the index and its memory.
func BenchmarkVocabulary10k(b *testing.B) {
	if testing.Short() {
		b.Skip("10,000-page measurement skipped in -short mode")
	}
	docs, vocab := vocabularyDocs(sitePages)
	var files map[string][]byte
	b.Run("build", func(b *testing.B) { files = buildSite(b, docs) })
	if files == nil {
		b.Fatal("build did not run")
	}
	// A common word, a rarer one, one seen a handful of times, and two.
	queryFetches(b, files, []string{vocab[2] + " ", vocab[300] + " ", vocab[20000] + " ", vocab[300] + " " + vocab[20000] + " "})
}

// vocabularyDocs returns n pages as BenchmarkVocabulary10k describes
// them, and their vocabulary, commonest words first.
func vocabularyDocs(n int) ([]Doc, []string) {
	rng := rand.New(rand.NewPCG(7, 8))
	zipf := rand.NewZipf(rng, 1.07, 2, 299_999)
	vocab := make([]string, 300_000)
	for i := range vocab {
		vocab[i] = pseudoword(i%65536) + pseudoword(i / 65536)[:2]
	}
	word := func() string { return vocab[zipf.Uint64()] }
	docs := make([]Doc, n)
	for i := range docs {
		d := Doc{URL: fmt.Sprintf("/docs/%05d/", i), Title: word() + " " + word()}
		for j := range 15 {
			text := make([]string, 560)
			for k := range text {
				text[k] = word()
			}
			d.Sections = append(d.Sections, Section{ID: fmt.Sprint("s", j), Heading: word() + " " + word(), Text: strings.Join(text, " ")})
		}
		docs[i] = d
	}
	return docs, vocab
}

// BenchmarkPageTerms reads the terms of one page and weighs them, the
// part of Add before the page joins the index: of the article, and of a
// page of BenchmarkVocabulary10k's words.
func BenchmarkPageTerms(b *testing.B) {
	vocab, _ := vocabularyDocs(1)
	for _, c := range []struct {
		name string
		doc  Doc
	}{{"article", siteDocs(b)[0]}, {"vocabulary", vocab[0]}} {
		b.Run(c.name, func(b *testing.B) {
			ix := New()
			secs := sectionsOf(c.doc)
			var words int32
			cpu := cputime.Used()
			for b.Loop() {
				pt := ix.pageTerms(c.doc.Title, secs)
				words = 0
				for _, n := range pt.lens {
					words += n
				}
				ix.scratch.Put(pt)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(words), "ns/word")
			b.ReportMetric(float64(cputime.Used()-cpu)/float64(b.N)/float64(words), "cpu-ns/word")
		})
	}
}

// BenchmarkAdd indexes 1,000 copies of the article, as a 1,000-page build
// does, from one goroutine: the cost of Add alone, per 1,000 pages.
func BenchmarkAdd(b *testing.B) {
	docs := siteDocs(b)[:1000]
	b.ReportAllocs()
	cpu := cputime.Used()
	for b.Loop() {
		ix := New()
		for _, d := range docs {
			ix.Add(d)
		}
	}
	b.ReportMetric(float64(cputime.Used()-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkWriteFiles writes the index of 1,000 copies of the article to
// disk, as publish.Output.WriteRaw does: the files of a 1,000-page build.
func BenchmarkWriteFiles(b *testing.B) {
	ix := New()
	addAll(ix, siteDocs(b)[:1000])
	for b.Loop() {
		dir := b.TempDir()
		err := ix.WriteFiles(func(name string, data []byte) error {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			return os.WriteFile(p, data, 0o644)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
