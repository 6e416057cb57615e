package build

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/render"
)

// cacheSite has what a page's record depends on beyond its source: links
// to other pages' headings, a worksheet, a warning, a category listing.
const cacheSite = `
-- latticework.yaml --
title: Cache Site
baseURL: https://example.org/
onBrokenLinks: warn
-- content/index.md --
---
title: Home
---
# Welcome

Start with [the first page](/guide/a#part-one), or [a missing one](/guide/nowhere).
-- content/guide/_category_.json --
{"label": "Guide", "position": 1, "link": {"type": "generated-index", "slug": "/guide-index"}}
-- content/guide/a.md --
---
title: Ay
description: The first page.
---
# Page A

## Part one

Read [B's part](./b.md#part-two) and <script>alert(1)</script>.

## Part two

Text.
-- content/guide/b.md --
---
title: Bee
---
# Page B

## Part two

Back to [A](/guide/a#part-one).

` + "```exercise\nquiz\n```\n" + `
-- content/guide/c.md --
---
title: Sea
tags: [water]
---
# Page C

Nothing links here.
` + quizExercise

// newCache returns an empty cache folder but for the compressed scoring
// module, linked from the first one made: compressing it takes seconds.
func newCache(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cache")
	if err := os.MkdirAll(filepath.Join(dir, "precompressed"), 0o755); err != nil {
		t.Fatal(err)
	}
	if seedCache == "" {
		seedCache = dir
		return dir
	}
	names, _ := filepath.Glob(filepath.Join(seedCache, "precompressed", "*"))
	for _, n := range names {
		if err := os.Link(n, filepath.Join(dir, "precompressed", filepath.Base(n))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// seedCache is the first cache newCache made in this test.
var seedCache string

// cachedBuild builds the site in dir into out with the cache in cache.
func cachedBuild(t *testing.T, dir, out, cache string) *Result {
	t.Helper()
	res, _ := cachedBuildReads(t, dir, out, cache)
	return res
}

// cachedBuildReads is cachedBuild, and returns the page files it read.
func cachedBuildReads(t *testing.T, dir, out, cache string) (*Result, map[string]bool) {
	t.Helper()
	site := &readsFS{FS: os.DirFS(dir), read: map[string]bool{}}
	opts := withScorer(t, Options{Site: site, Defaults: latticework.Default, Out: out})
	opts.CacheDir, opts.CachePages = cache, true
	res, err := New(opts).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res, site.read
}

// readsFS is a site's folder that notes which page files are opened.
type readsFS struct {
	fs.FS
	mu   sync.Mutex
	read map[string]bool
}

func (f *readsFS) Open(name string) (fs.File, error) {
	if content.IsPage(name) {
		f.mu.Lock()
		f.read[name] = true
		f.mu.Unlock()
	}
	return f.FS.Open(name)
}

func (f *readsFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.FS, name) }

func (f *readsFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.FS, name) }

// trustSources has builds trust the stat of files written just before,
// as the tests' are.
func trustSources(t *testing.T) {
	old := sourceWindow
	sourceWindow = 0
	t.Cleanup(func() { sourceWindow = old })
}

// sameTree reports every difference between the files under two folders.
func sameTree(t *testing.T, got, want string) {
	t.Helper()
	files := func(root string) map[string][]byte {
		m := map[string][]byte{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if d.IsDir() {
				m[rel+"/"] = nil
				return nil
			}
			if !d.Type().IsRegular() {
				t.Errorf("%s: not a regular file", rel)
			}
			data, err := os.ReadFile(p)
			m[rel] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	g, w := files(got), files(want)
	for name, data := range w {
		if gd, ok := g[name]; !ok {
			t.Errorf("%s: missing", name)
		} else if !bytes.Equal(gd, data) {
			t.Errorf("%s: differs from a cold build's", name)
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			t.Errorf("%s: not in a cold build's output", name)
		}
	}
}

// outputs holds the files of an output and of the previous output beside
// it, before a build.
type outputs map[string][]outputFile

type outputFile struct {
	info fs.FileInfo
	data []byte
}

// snapshotOutputs records the files of the output out and of the previous
// output beside it.
func snapshotOutputs(t *testing.T, out string) outputs {
	t.Helper()
	o := outputs{}
	for _, root := range []string{out, filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".previous")} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			info, err := os.Lstat(p)
			data, err2 := os.ReadFile(p)
			if err != nil || err2 != nil {
				t.Fatal(err, err2)
			}
			rel, _ := filepath.Rel(root, p)
			o[rel] = append(o[rel], outputFile{info, data})
			return nil
		})
	}
	return o
}

// kept reports every file of the output out that holds what the output
// held before (o) but is not one of the files it was then: rewritten
// rather than kept or linked.
func (o outputs) kept(t *testing.T, out string) {
	t.Helper()
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(out, p)
		old := o[rel]
		if len(old) == 0 {
			return nil
		}
		info, err := os.Lstat(p)
		data, err2 := os.ReadFile(p)
		if err != nil || err2 != nil {
			t.Fatal(err, err2)
		}
		if !bytes.Equal(data, old[0].data) {
			return nil
		}
		for _, f := range old {
			if os.SameFile(info, f.info) {
				return nil
			}
		}
		t.Errorf("%s: rewritten, unchanged", rel)
		return nil
	})
}

func editFile(t *testing.T, dir, name, old, new string) {
	t.Helper()
	p := filepath.Join(dir, name)
	data, err := os.ReadFile(p)
	if err != nil && (old != "" || !os.IsNotExist(err)) {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) && old != "" {
		t.Fatalf("%s has no %q", name, old)
	}
	data = bytes.Replace(data, []byte(old), []byte(new), 1)
	if old == "" {
		data = append(data, new...)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWarmBuildMatchesCold rebuilds a site from its cache after each
// kind of edit and compares every file, and every problem reported, with
// a cold build's. The page files a step leaves unchanged are not read.
func TestWarmBuildMatchesCold(t *testing.T) {
	trustSources(t)
	dir := writeSite(t, cacheSite)
	seedCache = ""
	out, cache := filepath.Join(t.TempDir(), "public"), newCache(t)
	if res := cachedBuild(t, dir, out, cache); res.Cached != 0 {
		t.Fatalf("first build took %d pages from an empty cache", res.Cached)
	}
	const c = "content/guide/c.md"
	var mtime time.Time
	pages := 0
	for _, step := range []struct {
		name   string
		change func()
		cached func(n int) bool // of the pages
		// read says whether the build reads c.md, unread whether it
		// reads no page but those its warnings quote a line of.
		read, unread bool
	}{
		{"unchanged", func() {}, func(n int) bool { return n > 0 }, false, true},
		{"unchanged again", func() {}, func(n int) bool { return n > 0 }, false, true},
		{"one page's body", func() { editFile(t, dir, c, "Nothing links here.", "Still nothing.") }, func(n int) bool { return n > 0 }, true, false},
		{"a page touched", func() {
			fi, err := os.Stat(filepath.Join(dir, c))
			if err != nil {
				t.Fatal(err)
			}
			mtime = fi.ModTime()
			if err := os.Chtimes(filepath.Join(dir, c), time.Time{}, mtime.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
		}, func(n int) bool { return n == pages }, true, false},
		{"a page changed, its size and modification time kept", func() {
			editFile(t, dir, c, "Still nothing.", "Still nothinG.")
			if err := os.Chtimes(filepath.Join(dir, c), time.Time{}, mtime.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
		}, func(n int) bool { return n > 0 }, true, false},
		{"a page's reading time", func() { editFile(t, dir, c, "Still nothinG.", strings.Repeat("word ", 600)) }, func(n int) bool { return n > 0 }, true, false},
		{"unchanged since", func() {}, func(n int) bool { return n > 0 }, false, true},
		{"a heading others link to", func() { editFile(t, dir, "content/guide/b.md", "## Part two", "## Part 2") }, func(int) bool { return true }, false, false},
		{"a category's label, its generated index's title", func() {
			editFile(t, dir, "content/guide/_category_.json", `"label": "Guide"`, `"label": "Guides"`)
		}, func(int) bool { return true }, true, false},
		{"a title", func() { editFile(t, dir, "content/guide/a.md", "title: Ay", "title: Aye") }, func(int) bool { return true }, true, false},
		{"a page added", func() {
			editFile(t, dir, "content/guide/d.md", "", "---\ntitle: Dee\n---\n# D\n\nSee [part one](/guide/a#part-one).\n")
		}, func(int) bool { return true }, true, false},
		{"a page removed", func() { os.Remove(filepath.Join(dir, "content/guide/d.md")) }, func(int) bool { return true }, false, false},
		{"a layout", func() {
			editFile(t, dir, "layouts/footer.html", "", `<footer class="footer"><p>Edited</p></footer>`)
		}, func(n int) bool { return n == 0 }, true, false},
		// The pages laid out again keep their search entries in the
		// store, though the index's files were kept.
		{"one page's body after a layout", func() { editFile(t, dir, c, "word word", "word, word") }, func(n int) bool { return n > 0 }, true, false},
		{"the configuration", func() { editFile(t, dir, "latticework.yaml", "title: Cache Site", "title: Cached Site") }, func(n int) bool { return n == 0 }, true, false},
		{"unchanged after all", func() {}, func(n int) bool { return n > 0 }, false, true},
	} {
		step.change()
		res, read := warmBuildAsCold(t, step.name, dir, out, cache)
		if !step.cached(res.Cached) {
			t.Errorf("%s: %d of %d pages from the cache", step.name, res.Cached, res.Pages)
		}
		if read[c] != step.read {
			t.Errorf("%s: %s read: %v", step.name, c, read[c])
		}
		for _, e := range res.Warnings {
			delete(read, e.File) // to quote the line
		}
		if step.unread && len(read) > 0 {
			t.Errorf("%s: unchanged pages read: %v", step.name, slices.Sorted(maps.Keys(read)))
		}
		pages = res.Pages
		if t.Failed() {
			t.Fatalf("after the edit: %s", step.name)
		}
	}
	_ = pages
}

// warmBuildAsCold builds dir into out with cache, and checks that the
// build writes what a cold build writes, rewrites no file it keeps, and
// reports the same warnings; it returns the build and the page files it
// read.
func warmBuildAsCold(t *testing.T, name, dir, out, cache string) (*Result, map[string]bool) {
	t.Helper()
	before := snapshotOutputs(t, out)
	res, read := cachedBuildReads(t, dir, out, cache)
	cold := filepath.Join(t.TempDir(), "cold")
	want := cachedBuild(t, dir, cold, newCache(t))
	sameTree(t, out, cold)
	before.kept(t, out)
	if g, w := problems(res), problems(want); g != w {
		t.Errorf("%s: warnings\n%s\nwant\n%s", name, g, w)
	}
	return res, read
}

// problems lists a build's warnings as they are printed, with the line
// each quotes.
func problems(r *Result) string {
	var b strings.Builder
	for _, e := range r.Warnings {
		b.WriteString(e.Error() + "\n\t" + e.Source + "\n")
	}
	return b.String()
}

// TestWarmBuildDistrustsCache checks that a cache from another version of
// Latticework, or damaged, is not used, and that the build is then what a
// cold build writes.
func TestWarmBuildDistrustsCache(t *testing.T) {
	seedCache = ""
	damage := func(t *testing.T, glob string, f func([]byte) []byte) {
		t.Helper()
		names, _ := filepath.Glob(glob)
		if len(names) == 0 {
			t.Fatalf("no %s", glob)
		}
		for _, n := range names {
			data, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(n, f(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	flip := func(at func(n int) int) func([]byte) []byte {
		return func(b []byte) []byte { b[at(len(b))] ^= 0x20; return b }
	}
	for _, tc := range []struct {
		name   string
		spoil  func(t *testing.T, cache string)
		cached func(n int) bool
	}{
		{"another version", func(t *testing.T, _ string) {
			old := cacheVersion
			cacheVersion = func(string) string { return "another version" }
			t.Cleanup(func() { cacheVersion = old })
		}, func(n int) bool { return n == 0 }},
		{"index damaged", func(t *testing.T, cache string) {
			damage(t, filepath.Join(cache, "pages", "index"), flip(func(n int) int { return n / 2 }))
		}, func(n int) bool { return n == 0 }},
		{"index truncated", func(t *testing.T, cache string) {
			damage(t, filepath.Join(cache, "pages", "index"), func(b []byte) []byte { return b[:len(b)-40] })
		}, func(n int) bool { return n == 0 }},
		{"index emptied", func(t *testing.T, cache string) {
			damage(t, filepath.Join(cache, "pages", "index"), func([]byte) []byte { return nil })
		}, func(n int) bool { return n == 0 }},
		{"pack damaged", func(t *testing.T, cache string) {
			damage(t, filepath.Join(cache, "pages", "*.pack"), func(b []byte) []byte {
				for i := range b {
					b[i] ^= 0x55
				}
				return b
			})
		}, func(n int) bool { return n == 0 }},
		{"pack truncated", func(t *testing.T, cache string) {
			damage(t, filepath.Join(cache, "pages", "*.pack"), func(b []byte) []byte { return b[:len(b)/3] })
		}, func(n int) bool { return n < 3 }},
		{"pack deleted", func(t *testing.T, cache string) {
			names, _ := filepath.Glob(filepath.Join(cache, "pages", "*.pack"))
			for _, n := range names {
				os.Remove(n)
			}
		}, func(n int) bool { return n == 0 }},
		{"search index state damaged", func(t *testing.T, cache string) {
			// The state of the index the edited page is taken out of
			// (search.LoadState), found by its first line.
			found := false
			damage(t, filepath.Join(cache, "pages", "*.pack"), func(b []byte) []byte {
				for i := 0; ; {
					j := bytes.Index(b[i:], []byte("latticework search state"))
					if j < 0 {
						return b
					}
					i += j + 40
					b[i] ^= 0x01
					found = true
				}
			})
			if !found {
				t.Fatal("no search index state in the cache")
			}
		}, func(n int) bool { return n > 0 }},
		{"output manifests damaged", func(t *testing.T, cache string) {
			damage(t, filepath.Join(cache, "outputs", "*"), flip(func(n int) int { return n - 1 }))
		}, func(n int) bool { return n == 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeSite(t, cacheSite)
			out, cache := filepath.Join(t.TempDir(), "public"), newCache(t)
			cachedBuild(t, dir, out, cache)
			cachedBuild(t, dir, out, cache) // now with the previous output beside
			// The public/ a damaged cache must not leave standing.
			editFile(t, dir, "content/guide/c.md", "Nothing links here.", "Changed.")
			tc.spoil(t, cache)
			res := cachedBuild(t, dir, out, cache)
			cold := filepath.Join(t.TempDir(), "cold")
			cachedBuild(t, dir, cold, newCache(t))
			sameTree(t, out, cold)
			if !tc.cached(res.Cached) {
				t.Errorf("%d of %d pages from the cache", res.Cached, res.Pages)
			}
			// And the cache it leaves is sound.
			res = cachedBuild(t, dir, out, cache)
			sameTree(t, out, cold)
			if res.Cached == 0 {
				t.Error("the next build took nothing from the cache")
			}
		})
	}
}

// TestConcurrentCachedBuilds runs builds of one site into one output with
// one cache at once: one uses the cache, the others build without it, and
// every one publishes a whole, correct output.
func TestConcurrentCachedBuilds(t *testing.T) {
	seedCache = ""
	dir := writeSite(t, cacheSite)
	out, cache := filepath.Join(t.TempDir(), "public"), newCache(t)
	cachedBuild(t, dir, out, cache)
	cachedBuild(t, dir, out, cache)
	editFile(t, dir, "content/guide/c.md", "Nothing links here.", "Changed.")
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			opts := withScorer(t, Options{Site: os.DirFS(dir), Defaults: latticework.Default, Out: out})
			opts.CacheDir, opts.CachePages = cache, true
			if _, err := New(opts).Build(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	cold := filepath.Join(t.TempDir(), "cold")
	cachedBuild(t, dir, cold, newCache(t))
	sameTree(t, out, cold)
	cachedBuild(t, dir, out, cache)
	sameTree(t, out, cold)
}

// TestWarmBuildOtherBaseURL checks that a build for another address
// (-baseURL, which replaces latticework.yaml's) takes nothing from the
// cache a build for the first one left.
func TestWarmBuildOtherBaseURL(t *testing.T) {
	seedCache = ""
	dir := writeSite(t, cacheSite)
	out, cache := filepath.Join(t.TempDir(), "public"), newCache(t)
	build := func(out, cache, base string) *Result {
		t.Helper()
		opts := withScorer(t, Options{Site: os.DirFS(dir), Defaults: latticework.Default, Out: out, BaseURL: base})
		opts.CacheDir, opts.CachePages = cache, true
		res, err := New(opts).Build(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	build(out, cache, "https://one.example/docs/")
	if res := build(out, cache, "https://two.example/handbook/"); res.Cached != 0 {
		t.Errorf("%d pages from a cache for another address", res.Cached)
	}
	cold := filepath.Join(t.TempDir(), "cold")
	build(cold, newCache(t), "https://two.example/handbook/")
	sameTree(t, out, cold)
}

// TestWarmBuildRacySource checks that a page file changed just before a
// build is read by the next one, whatever its stat: a write within the
// same tick of the file system's clock could leave the stat as it was.
func TestWarmBuildRacySource(t *testing.T) {
	seedCache = ""
	dir := writeSite(t, cacheSite)
	out, cache := filepath.Join(t.TempDir(), "public"), newCache(t)
	cachedBuild(t, dir, out, cache)
	if _, read := cachedBuildReads(t, dir, out, cache); !read["content/guide/c.md"] {
		t.Error("a page file written just before the last build was trusted unread")
	}
}

// TestWarmBuildLocalesMatchCold rebuilds a site of three locales from its
// cache after each kind of edit to translations, and compares every file
// and problem with a cold build's; every locale's pages come from the
// cache.
func TestWarmBuildLocalesMatchCold(t *testing.T) {
	trustSources(t)
	seedCache = ""
	site := strings.Replace(i18nSite, "baseURL: https://example.org/\n", "baseURL: https://example.org/\nonBrokenLinks: warn\n", 1)
	dir := writeSite(t, site+`-- content/docs/guide/c.md --
---
title: Page C
---
# Page C

A link to [nowhere](/docs/nowhere).
`)
	out, cache := filepath.Join(t.TempDir(), "public"), newCache(t)
	cachedBuild(t, dir, out, cache)
	const zhA = "i18n/zh/docusaurus-plugin-content-docs/current/guide/a.md"
	for _, step := range []struct {
		name   string
		change func()
		all    bool // every page from the cache
		unread []string
	}{
		{"unchanged", func() {}, true, []string{zhA, "content/docs/guide/b.md"}},
		{"a translation's body", func() { editFile(t, dir, zhA, "参见", "请参见") }, false, []string{"content/docs/guide/b.md"}},
		{"an untranslated page's body", func() { editFile(t, dir, "content/docs/guide/b.md", "Text of b.", "New text of b.") }, false, []string{zhA}},
		{"a category's translated label", func() {
			editFile(t, dir, "i18n/zh/docusaurus-plugin-content-docs/current.json", "指南", "指引")
		}, false, nil},
		{"a translation added", func() {
			editFile(t, dir, "i18n/zh/docusaurus-plugin-content-docs/current/guide/b.md", "", "---\ntitle: 页面 B\n---\n# 页面 B\n\n## Part two\n")
		}, false, nil},
		{"unchanged again", func() {}, true, []string{zhA, "content/docs/guide/b.md"}},
	} {
		step.change()
		res, read := warmBuildAsCold(t, step.name, dir, out, cache)
		if step.all && res.Cached != res.Pages || res.Cached == 0 {
			t.Errorf("%s: %d of %d pages from the cache", step.name, res.Cached, res.Pages)
		}
		for _, f := range step.unread {
			if read[f] {
				t.Errorf("%s: %s read", step.name, f)
			}
		}
		if t.Failed() {
			t.Fatalf("after the edit: %s", step.name)
		}
	}
}

// TestRecordRoundTrip checks that a page's record reads back as it was
// written, and that a record cut short is refused.
func TestRecordRoundTrip(t *testing.T) {
	const file = "content/a.md"
	rec := &pageRecord{
		links:     []linkCall{{"b.md#x", diag.Pos{File: file, Line: 3, Col: 4}, "/b/#x"}, {"/c", diag.Pos{File: "other.md", Line: 1, Col: 1}, "/c/"}},
		exercises: []exerciseCall{{id: "q1", pos: diag.Pos{File: file, Line: 9, Col: 1}, sum: [32]byte{7}}, {id: "q2", none: true, pos: diag.Pos{File: file, Line: 12, Col: 1}}},
		problems:  []*diag.Error{{Pos: diag.Pos{File: file, Line: 2, Col: 5}, Msg: "careful", Source: "line two", Warning: true}},
		out: render.Output{Title: "A", Headings: []render.Heading{{Level: 2, ID: "x", Text: "X"}, {Level: 3, ID: "y", Text: "Y"}},
			Description: "About a.", FAQ: []render.QA{{ID: "q", Question: "Why?", Answer: "Because."}}, Exercises: []string{"q1", "q2"}},
	}
	data := rec.encode(file)
	got := decodeRecord(data, file)
	if got == nil || !reflect.DeepEqual(got, rec) {
		t.Fatalf("read back %+v\nwant %+v", got, rec)
	}
	for i := range data {
		if decodeRecord(data[:i], file) != nil {
			t.Errorf("cut to %d bytes: read", i)
		}
	}
}
