package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/latticework/latticework"
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
	opts := withScorer(t, Options{Site: os.DirFS(dir), Defaults: latticework.Default, Out: out})
	opts.CacheDir, opts.CachePages = cache, true
	res, err := New(opts).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
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
// kind of edit and compares every file with a cold build's.
func TestWarmBuildMatchesCold(t *testing.T) {
	dir := writeSite(t, cacheSite)
	seedCache = ""
	out, cache := filepath.Join(t.TempDir(), "public"), newCache(t)
	if res := cachedBuild(t, dir, out, cache); res.Cached != 0 {
		t.Fatalf("first build took %d pages from an empty cache", res.Cached)
	}
	pages := 0
	for _, step := range []struct {
		name   string
		change func()
		cached func(n int) bool // of the pages
	}{
		{"unchanged", func() {}, func(n int) bool { return n > 0 }},
		{"unchanged again", func() {}, func(n int) bool { return n > 0 }},
		{"one page's body", func() { editFile(t, dir, "content/guide/c.md", "Nothing links here.", "Still nothing.") }, func(n int) bool { return n > 0 }},
		{"a heading others link to", func() { editFile(t, dir, "content/guide/b.md", "## Part two", "## Part 2") }, func(int) bool { return true }},
		{"a category's label, its generated index's title", func() {
			editFile(t, dir, "content/guide/_category_.json", `"label": "Guide"`, `"label": "Guides"`)
		}, func(int) bool { return true }},
		{"a title", func() { editFile(t, dir, "content/guide/a.md", "title: Ay", "title: Aye") }, func(int) bool { return true }},
		{"a page added", func() {
			editFile(t, dir, "content/guide/d.md", "", "---\ntitle: Dee\n---\n# D\n\nSee [part one](/guide/a#part-one).\n")
		}, func(int) bool { return true }},
		{"a page removed", func() { os.Remove(filepath.Join(dir, "content/guide/d.md")) }, func(int) bool { return true }},
		{"a layout", func() {
			editFile(t, dir, "layouts/footer.html", "", `<footer class="footer"><p>Edited</p></footer>`)
		}, func(n int) bool { return n == 0 }},
		{"the configuration", func() { editFile(t, dir, "latticework.yaml", "title: Cache Site", "title: Cached Site") }, func(n int) bool { return n == 0 }},
		{"unchanged after all", func() {}, func(n int) bool { return n > 0 }},
	} {
		step.change()
		res := cachedBuild(t, dir, out, cache)
		cold := filepath.Join(t.TempDir(), "cold")
		want := cachedBuild(t, dir, cold, newCache(t))
		sameTree(t, out, cold)
		if !step.cached(res.Cached) {
			t.Errorf("%s: %d of %d pages from the cache", step.name, res.Cached, res.Pages)
		}
		if g, w := problems(res), problems(want); g != w {
			t.Errorf("%s: warnings\n%s\nwant\n%s", step.name, g, w)
		}
		pages = res.Pages
		if t.Failed() {
			t.Fatalf("after the edit: %s", step.name)
		}
	}
	_ = pages
}

func problems(r *Result) string {
	var b strings.Builder
	for _, e := range r.Warnings {
		b.WriteString(e.Error() + "\n")
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
