package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latticework/latticework"
)

// keepSite has what the dev server's rebuilds must keep right: folders
// with their own sidebars, category files of both kinds, pagination,
// tags, a worksheet, links to headings, a site stylesheet and a second
// locale with a translation.
const keepSite = `
-- latticework.yaml --
title: Keep Site
baseURL: https://example.org/
i18n:
  defaultLocale: en
  locales: [en, zh]
-- content/index.md --
---
title: Home
---
# Welcome

Start with [the first page](/docs/guide/a#part-one).
-- content/docs/guide/_category_.json --
{"label": "Guide", "position": 1, "link": {"type": "generated-index"}}
-- content/docs/guide/a.md --
---
title: Ay
sidebar_position: 1
description: The first page.
tags: [water]
---
# Page A

## Part one

Read [B's part](./b.md#part-two).
-- content/docs/guide/b.md --
---
title: Bee
sidebar_position: 2
---
# Page B

## Part two

` + "```exercise\nquiz\n```\n" + `
-- content/docs/guide/c.md --
---
title: Sea
sidebar_position: 3
---
# Page C

Text of C.
-- content/docs/more/_category_.yml --
label: More
position: 2
-- content/docs/more/d.md --
---
title: Dee
---
# Page D

Text of D.
-- content/docs/more/e.md --
---
title: Eee
---
# Page E

Text of E.
-- i18n/zh/docusaurus-plugin-content-docs/current/guide/a.md --
---
title: 页面 A
sidebar_position: 1
---
# 页面 A

## Part one

参见 [b](./b.md#part-two)。
` + quizExercise

// TestRebuildMatchesBuild edits a served site in every way a writer
// does and compares every file of the dev server's output, search index
// included once it is rewritten, with a full build's of the same sources.
func TestRebuildMatchesBuild(t *testing.T) {
	dir := writeSite(t, keepSite)
	ownSiteCSS(t, dir)
	opts := withScorer(t, Options{Site: os.DirFS(dir), Defaults: latticework.Default, Drafts: true})
	b, out, res := buildServed(t, opts)
	if !res.Full {
		t.Fatalf("first build: %+v", res)
	}
	ctx := context.Background()
	pages := func(name string) string { return "content/docs/" + name + ".md" }
	for _, step := range []struct {
		name    string
		file    string
		old     string // "" appends new; remove deletes the file
		new     string
		remove  bool
		laidOut func(n int) bool // of the pages of both locales
	}{
		{"a body", pages("more/e"), "Text of E.", "New text of E.", false, func(n int) bool { return n == 2 }}, // in both locales
		{"a title", pages("guide/c"), "title: Sea", "title: See", false, func(n int) bool { return n > 2 && n < 15 }},
		{"a sidebar position", pages("guide/c"), "sidebar_position: 3", "sidebar_position: 0", false, func(n int) bool { return n > 2 && n < 15 }},
		{"a description", pages("guide/a"), "description: The first page.", "description: The very first page.", false, func(n int) bool { return n > 1 && n < 10 }},
		{"a tag", pages("more/d"), "title: Dee", "title: Dee\ntags: [water, fire]", false, func(n int) bool { return n > 1 }},
		{"a category's label", "content/docs/guide/_category_.json", `"label": "Guide"`, `"label": "Guides"`, false, func(n int) bool { return n > 2 }},
		{"a category file in YAML", "content/docs/more/_category_.yml", "position: 2", "position: 0\ncollapsed: false", false, func(n int) bool { return n > 2 }},
		{"a layout", "layouts/footer.html", "", `<footer class="footer"><p>Edited</p></footer>`, false, func(n int) bool { return n > 15 }},
		{"a stylesheet", "layouts/assets/site.css", "", "\n.edited{color:red}\n", false, func(n int) bool { return n > 15 }},
		{"an exercise", "exercises/quiz.yaml", "title: Quiz", "title: Quizzed", false, func(n int) bool { return n >= 2 }},
		{"a translation", "i18n/zh/docusaurus-plugin-content-docs/current/guide/a.md", "参见", "请参见", false, func(n int) bool { return n >= 1 && n < 10 }},
		{"a slug", pages("more/e"), "title: Eee", "title: Eee\nslug: /elsewhere", false, func(n int) bool { return n > 2 }},
		{"a page added", pages("more/f"), "", "---\ntitle: Eff\n---\n# F\n\nSee [part one](/docs/guide/a#part-one).\n", false, func(n int) bool { return n > 2 }},
		{"a page removed", pages("more/f"), "", "", true, func(n int) bool { return n > 2 }},
		{"a translation added", "i18n/zh/docusaurus-plugin-content-docs/current/more/d.md", "", "---\ntitle: 页面 D\n---\n# 页面 D\n", false, func(n int) bool { return n >= 1 }},
	} {
		if step.remove {
			if err := os.Remove(filepath.Join(dir, step.file)); err != nil {
				t.Fatal(err)
			}
		} else {
			editFile(t, dir, step.file, step.old, step.new)
		}
		res, err := b.Rebuild(ctx, []string{step.file})
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		t.Logf("%s: Full=%v, %d of %d pages rendered, %d laid out", step.name, res.Full, res.Rendered, res.Pages, res.LaidOut)
		if res.Full || !step.laidOut(res.LaidOut) {
			t.Errorf("%s: Full=%v, %d of %d pages rendered, %d laid out", step.name, res.Full, res.Rendered, res.Pages, res.LaidOut)
		}
		b.Wait() // the search index, rewritten in the background
		full := opts
		full.Out = filepath.Join(t.TempDir(), "full")
		want, err := New(full).Build(ctx)
		if err != nil {
			t.Fatalf("%s: the full build failed: %v", step.name, err)
		}
		sameTree(t, out, full.Out)
		if g, w := problems(res), problems(want); g != w {
			t.Errorf("%s: warnings\n%s\nwant\n%s", step.name, g, w)
		}
		if t.Failed() {
			t.Fatalf("after the edit: %s", step.name)
		}
	}

	// A failed rebuild leaves the output as it was, and the next one
	// that succeeds catches up.
	before := filepath.Join(t.TempDir(), "before")
	full := opts
	full.Out = before
	if _, err := New(full).Build(ctx); err != nil {
		t.Fatal(err)
	}
	editFile(t, dir, pages("guide/b"), "## Part two", "## Part 2")
	editFile(t, dir, pages("guide/c"), "title: See", "title: Sea again")
	if _, err := b.Rebuild(ctx, []string{pages("guide/b"), pages("guide/c")}); err == nil || !strings.Contains(err.Error(), "no heading with id `part-two`") {
		t.Fatalf("a broken anchor: err = %v", err)
	}
	b.Wait()
	sameTree(t, out, before)
	editFile(t, dir, pages("guide/b"), "## Part 2", "## Part two")
	if _, err := b.Rebuild(ctx, []string{pages("guide/b")}); err != nil {
		t.Fatal(err)
	}
	b.Wait()
	sameAsBuild(t, ctx, opts, out)
}

// ownSiteCSS gives the site in dir its own copy of the default
// stylesheet, for a test to edit.
func ownSiteCSS(t *testing.T, dir string) {
	t.Helper()
	siteCSS, err := latticework.Default.ReadFile("layouts/assets/site.css")
	if err != nil {
		t.Fatal(err)
	}
	editFile(t, dir, "layouts/assets/site.css", "", string(siteCSS))
}

// sameAsBuild compares the output folder out with what a full build of
// opts writes.
func sameAsBuild(t *testing.T, ctx context.Context, opts Options, out string) {
	t.Helper()
	full := opts
	full.Out = filepath.Join(t.TempDir(), "full")
	if _, err := New(full).Build(ctx); err != nil {
		t.Fatal(err)
	}
	sameTree(t, out, full.Out)
}

// TestFileKeyInParts checks that a file written in parts, as a full
// build's pages stream to disk, gets the key of its whole data, as a
// rebuild's pages made in memory do: else every rebuild after a full
// build would rewrite every file.
func TestFileKeyInParts(t *testing.T) {
	data := []byte(strings.Repeat("<p>Some page text.</p>", 5000))
	for _, cut := range []int{0, 1, 7, 4096, len(data) - 1, len(data)} {
		h := newFileHash()
		h.Write(data[:cut])
		h.Write(nil)
		h.Write(data[cut:])
		if h.key() != fileKey(data) {
			t.Errorf("cut at %d: the key differs from fileKey's", cut)
		}
	}
	if fileKey(data) == fileKey(data[1:]) {
		t.Error("two different files have one key")
	}
}
