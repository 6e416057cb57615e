package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latticework/latticework"
)

// writeSite writes a txtar site into a real folder and returns it.
func writeSite(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range siteFS(t, archive) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// buildIncremental builds the site in dir as the dev server does, keeping
// it for rebuilds, and returns the builder and its output folder.
func buildIncremental(t *testing.T, dir string) (*Builder, string) {
	t.Helper()
	b, out, _ := buildServed(t, Options{Site: os.DirFS(dir), Defaults: latticework.Default})
	return b, out
}

// buildServed builds the site of opts as the dev server does, into a
// fresh output folder, keeping it for rebuilds, and returns the builder,
// its output folder and the first build's result.
func buildServed(t *testing.T, opts Options) (*Builder, string, *Result) {
	t.Helper()
	opts.Out, opts.Incremental = filepath.Join(t.TempDir(), "public"), true
	b := New(opts)
	t.Cleanup(b.Wait) // rebuilds rewrite the search index in the background
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return b, opts.Out, res
}

func TestRebuild(t *testing.T) {
	dir := writeSite(t, `
-- content/index.md --
---
title: Home
---
-- content/a.md --
---
title: A
---
# A

[to b's part](/b#part)
-- content/b.md --
---
title: B
---
# B

## Part

First.
-- content/c.md --
---
title: C
---
# C
`)
	b, out := buildIncremental(t, dir)
	ctx := context.Background()
	edit := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page := func(name string) string { return read(t, out, name) }
	cBefore, err := os.Stat(filepath.Join(out, "c/index.html"))
	if err != nil {
		t.Fatal(err)
	}

	// A body edit re-renders that page only.
	edit("content/b.md", "---\ntitle: B\n---\n# B\n\n## Part\n\nSecond.\n")
	res, err := b.Rebuild(ctx, []string{"content/b.md"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Full || res.Rendered != 1 {
		t.Errorf("body edit: Full=%v Rendered=%d, want an incremental build of 1 page", res.Full, res.Rendered)
	}
	if !strings.Contains(page("b/index.html"), "Second.") {
		t.Error("edit not published")
	}
	if cAfter, _ := os.Stat(filepath.Join(out, "c/index.html")); !cAfter.ModTime().Equal(cBefore.ModTime()) {
		t.Error("an unrelated page was rewritten")
	}
	// The search index catches up in the background.
	edit("content/c.md", "---\ntitle: C\n---\n# C\n\nZanzibar.\n")
	if _, err := b.Rebuild(ctx, []string{"content/c.md"}); err != nil {
		t.Fatal(err)
	}
	indexed := func() bool {
		shards, _ := filepath.Glob(filepath.Join(out, "search", "t", "*.json"))
		for _, f := range shards {
			if data, _ := os.ReadFile(f); strings.Contains(string(data), `"zanzibar"`) {
				return true
			}
		}
		return false
	}
	for start := time.Now(); !indexed(); time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatal("the search index never learned the edited page's new word")
		}
	}

	// Removing a heading another page links to fails, and changes nothing.
	edit("content/b.md", "---\ntitle: B\n---\n# B\n\n## Renamed\n\nThird.\n")
	_, err = b.Rebuild(ctx, []string{"content/b.md"})
	if err == nil || !strings.Contains(err.Error(), "content/a.md:6:1: link to `/b#part`: content/b.md has no heading with id `part`") {
		t.Fatalf("err = %v, want the broken anchor in a.md", err)
	}
	if !strings.Contains(page("b/index.html"), "Second.") {
		t.Error("a failed rebuild changed the output")
	}
	// An unrelated edit still reports the unfixed problem.
	edit("content/c.md", "---\ntitle: C\n---\n# C\n\nEdited.\n")
	if _, err := b.Rebuild(ctx, []string{"content/c.md"}); err == nil {
		t.Fatal("the broken anchor was forgotten after an unrelated edit")
	}
	// Fixing the link recovers.
	edit("content/a.md", "---\ntitle: A\n---\n# A\n\n[to b's part](/b#renamed)\n")
	if _, err := b.Rebuild(ctx, []string{"content/a.md"}); err != nil {
		t.Fatalf("fix not accepted: %v", err)
	}
	if !strings.Contains(page("b/index.html"), "Third.") || !strings.Contains(page("c/index.html"), "Edited.") {
		t.Error("the edits made while broken were not published after the fix")
	}

	// A title change reaches every page's sidebar, and re-renders that page alone.
	edit("content/c.md", "---\ntitle: See\n---\n# C\n")
	res, err = b.Rebuild(ctx, []string{"content/c.md"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Full || res.Rendered != 1 || !strings.Contains(page("a/index.html"), ">See</a>") {
		t.Errorf("title change: Full=%v Rendered=%d; sidebar of a not updated", res.Full, res.Rendered)
	}

	// New and deleted pages.
	edit("content/d.md", "---\ntitle: D\n---\n# D\n")
	if res, err = b.Rebuild(ctx, []string{"content/d.md"}); err != nil || res.Rendered != 1 {
		t.Fatalf("new page: %v, %+v", err, res)
	}
	if !strings.Contains(page("a/index.html"), `href="/d/"`) {
		t.Error("new page missing from the sidebar")
	}
	if err := os.Remove(filepath.Join(dir, "content/d.md")); err != nil {
		t.Fatal(err)
	}
	if _, err = b.Rebuild(ctx, []string{"content/d.md"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "d/index.html")); err == nil {
		t.Error("deleted page still published")
	}
}
