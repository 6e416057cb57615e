package servecmd

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/latticework/latticework/internal/corpus"
)

// BenchmarkSaveToServed1000 measures what a writer waits for: from saving
// a page of a 1,000-page site to the dev server serving the new version
// over HTTP (watcher, quiet window, rebuild and all), reported as p50 and
// p95. The watcher's quiet window is part of it, as it is for a writer.
func BenchmarkSaveToServed1000(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "site")
	if _, err := corpus.WriteSite(corpus.Options{Pages: 1000, Seed: os.DirFS("../../..")}, dir); err != nil {
		b.Fatal(err)
	}
	pages, err := filepath.Glob(filepath.Join(dir, "content", "docs", "part-00", "chapter-0*", "section-0*", "page-*.md"))
	if err != nil || len(pages) == 0 {
		b.Fatalf("no corpus pages found: %v", err)
	}
	base := runServer(b, dir)
	fetch := func(url string) string {
		resp, err := http.Get(url)
		if err != nil {
			return ""
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	for start := time.Now(); fetch(base+"/") == "" || strings.Contains(fetch(base+"/"), "not built yet"); time.Sleep(50 * time.Millisecond) {
		if time.Since(start) > 2*time.Minute {
			b.Fatal("the site was not served")
		}
	}

	var lat []time.Duration
	i := 0
	for b.Loop() {
		src := pages[i%len(pages)]
		rel, _ := filepath.Rel(filepath.Join(dir, "content"), src)
		url := base + "/" + strings.TrimSuffix(filepath.ToSlash(rel), ".md") + "/"
		old, err := os.ReadFile(src)
		if err != nil {
			b.Fatal(err)
		}
		marker := "Edit marker " + strconv.Itoa(i) + "."
		i++
		start := time.Now()
		tmp := src + ".tmp"
		if err := os.WriteFile(tmp, append(old, "\n"+marker+"\n"...), 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, src); err != nil {
			b.Fatal(err)
		}
		for !strings.Contains(fetch(url), marker) {
			if time.Since(start) > 30*time.Second {
				b.Fatalf("%s was not served within 30 s of saving", url)
			}
			time.Sleep(2 * time.Millisecond)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)*95)/100].Microseconds())/1000, "p95-ms")
}
