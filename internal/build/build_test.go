package build

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/diag"
	"golang.org/x/tools/txtar"
)

// siteFS turns a txtar archive into a site folder.
func siteFS(t testing.TB, archive string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// buildSite builds the txtar site into a fresh folder and returns it.
func buildSite(t testing.TB, archive string) (string, *Result, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := New(Options{Site: siteFS(t, archive), Defaults: latticework.Default, Out: out}).Build(context.Background())
	return out, res, err
}

func read(t testing.TB, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

const site = `
-- latticework.yaml --
title: Test Site
baseURL: https://example.org/
editURL: https://git.example.org/site/edit/main/
-- content/index.md --
---
title: Home
---
# Welcome

See the [guide](/guide/a).
-- content/guide/_category_.json --
{"label": "The Guide", "position": 1}
-- content/guide/b.md --
---
title: Bee
sidebar_position: 2
---
# Page B

Back to [A's second part](./a.md#part-two) and [Z](z-last).

<script>alert(1)</script>
-- content/guide/a.md --
---
title: Ay
sidebar_label: A (label)
sidebar_position: 1
description: The first page.
keywords: [alpha, first]
---
# Page A

Intro paragraph.

## Part one

:::tip Remember this
Tips render as asides.
:::

## Part two

` + "```go\nfunc main() {}\n```" + `

**Frequently Asked Questions**

**Is this a question?**
Yes, and this is its answer.

**Is this another?**
It is.
-- content/guide/z-last.md --
---
title: Zed
hide_table_of_contents: true
---
No H1 here, so the title is shown.

## Hidden from the TOC
-- content/guide/c-unpositioned.md --
---
title: See
---
# C
-- content/guide/draft.md --
---
title: Draft
draft: true
---
# Not yet
-- content/guide/custom.md --
---
title: Custom
slug: /elsewhere
---
# Custom URL
-- content/other/_category_.yml --
label: Other Things
position: 2
-- content/other/deep/page.md --
---
title: Deep page
---
# Deep
-- static/img/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
`

func TestBuildSite(t *testing.T) {
	out, res, err := buildSite(t, site)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	if res.Pages != 7 {
		t.Errorf("built %d pages, want 7 (the draft left out)", res.Pages)
	}
	for _, f := range []string{"index.html", "guide/a/index.html", "guide/b/index.html", "guide/z-last/index.html",
		"elsewhere/index.html", "other/deep/page/index.html", "404.html", "sitemap.xml", "robots.txt", "img/logo.svg"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "guide/draft/index.html")); err == nil {
		t.Error("draft page was published")
	}

	a := read(t, out, "guide/a/index.html")
	b := read(t, out, "guide/b/index.html")
	z := read(t, out, "guide/z-last/index.html")
	for _, tc := range []struct {
		name, page, want string
	}{
		{"title tag from front matter", a, "<title>Ay | Test Site</title>"},
		{"meta description from front matter", a, `<meta name="description" content="The first page.">`},
		{"meta description from first paragraph", b, `content="Back to A&#39;s second part and Z."`},
		{"canonical URL", a, `<link rel="canonical" href="https://example.org/guide/a/">`},
		{"open graph", a, `<meta property="og:title" content="Ay">`},
		{"keywords", a, `<meta name="keywords" content="alpha, first">`},
		{"H1 from the body", a, `<h1 id="page-a">Page A</h1>`},
		{"anchor link on headings", a, `<h2 id="part-one">Part one<a class="hash-link" href="#part-one"`},
		{"sidebar label", a, `aria-current="page">A (label)</a>`},
		{"admonition", a, `<aside class="admonition admonition-tip"`},
		{"highlighting with classes", a, `<pre class="chroma">`},
		{"FAQ question heading", a, `<h3 id="is-this-a-question">Is this a question?`},
		{"FAQ structured data", a, `"@type":"FAQPage"`},
		{"FAQ answer", a, `"text":"Yes, and this is its answer."`},
		{"edit link", a, `href="https://git.example.org/site/edit/main/content/guide/a.md"`},
		{"next link in sidebar order", a, `href="/guide/b/" rel="next"`},
		{"prev link", b, `href="/guide/a/" rel="prev"`},
		{".md link with anchor rewritten", b, `href="/guide/a/#part-two"`},
		{"relative link resolved Docusaurus-style", b, `href="/guide/z-last/"`},
		{"raw HTML escaped", b, `&lt;script&gt;alert(1)&lt;/script&gt;`},
		{"title shown as H1 when the body has none", z, `<h1>Zed</h1>`},
		{"breadcrumbs", b, `<li><a href="/guide/a/">The Guide</a></li><li><span aria-current="page">Bee</span>`},
	} {
		if !strings.Contains(tc.page, tc.want) {
			t.Errorf("%s: page lacks %s", tc.name, tc.want)
		}
	}
	if strings.Contains(b, "<script>alert") {
		t.Error("raw HTML was passed through without opt-in")
	}
	if strings.Contains(z, "Hidden from the TOC</a>") {
		t.Error("hide_table_of_contents did not hide the TOC")
	}
	if n := strings.Count(a, "<h1"); n != 1 {
		t.Errorf("page A has %d H1s, want 1", n)
	}

	// Sidebar: positioned pages first, then the rest by file name.
	order := regexp.MustCompile(`nav-page"><a href="([^"]+)"`).FindAllStringSubmatch(a, -1)
	var got []string
	for _, m := range order {
		got = append(got, m[1])
	}
	want := "/guide/a/ /guide/b/ /guide/c-unpositioned/ /elsewhere/ /guide/z-last/"
	if strings.Join(got, " ") != want {
		t.Errorf("sidebar order = %v, want %s", got, want)
	}
	// Categories off the current page's path are collapsed: their pages
	// are not listed.
	if strings.Contains(a, ">Deep page<") {
		t.Error("collapsed category lists its pages on an unrelated page")
	}
	if !strings.Contains(a, `>Other Things <span class="nav-more"`) {
		t.Error("collapsed category is missing from the sidebar")
	}
	deep := read(t, out, "other/deep/page/index.html")
	if !strings.Contains(deep, `aria-current="page">Deep page</a>`) {
		t.Error("the current page's category is not expanded")
	}

	sitemap := read(t, out, "sitemap.xml")
	if !strings.Contains(sitemap, "<loc>https://example.org/guide/a/</loc>") || strings.Contains(sitemap, "draft") {
		t.Errorf("sitemap wrong:\n%s", sitemap)
	}
	if robots := read(t, out, "robots.txt"); !strings.Contains(robots, "Sitemap: https://example.org/sitemap.xml") {
		t.Errorf("robots.txt lacks the sitemap: %s", robots)
	}
	// Assets are fingerprinted and referenced.
	css := regexp.MustCompile(`href="(/assets/site\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(a)
	if css == nil {
		t.Fatal("no fingerprinted stylesheet link")
	}
	if _, err := os.Stat(filepath.Join(out, css[1])); err != nil {
		t.Errorf("stylesheet %s not published", css[1])
	}

	// The search index has every page's fragment, in URL order, as many
	// to a file as the manifest says, and the manifest.
	var m struct{ G int }
	if err := json.Unmarshal([]byte(read(t, out, "search/manifest.json")), &m); err != nil || m.G < 1 {
		t.Fatalf("search/manifest.json: g %d, %v", m.G, err)
	}
	files := (res.Pages + m.G - 1) / m.G
	var urls []string
	for i := range files {
		var frags []struct{ U string }
		if err := json.Unmarshal([]byte(read(t, out, fmt.Sprintf("search/p/%d.json", i))), &frags); err != nil {
			t.Fatalf("search/p/%d.json: %v", i, err)
		}
		for _, f := range frags {
			urls = append(urls, f.U)
		}
	}
	if len(urls) != res.Pages || !slices.IsSorted(urls) || !slices.Contains(urls, "/guide/a/") || slices.Contains(urls, "/guide/draft/") {
		t.Errorf("search fragments, in order: %q; want every page's URL, in order", urls)
	}
	if _, err := os.Stat(filepath.Join(out, fmt.Sprintf("search/p/%d.json", files))); err == nil {
		t.Errorf("search/p/%d.json published for %d pages", files, res.Pages)
	}
	if _, err := os.Stat(filepath.Join(out, "search/manifest.json")); err != nil {
		t.Error("search/manifest.json not published")
	}
}

func TestUnsafeHTMLOptIn(t *testing.T) {
	out, _, err := buildSite(t, `
-- latticework.yaml --
unsafeHTML: true
-- content/a.md --
---
title: A
---
<div class="note">kept</div>
`)
	if err != nil {
		t.Fatal(err)
	}
	if a := read(t, out, "a/index.html"); !strings.Contains(a, `<div class="note">kept</div>`) {
		t.Error("unsafeHTML: true did not pass raw HTML through")
	}
}

func TestBasePath(t *testing.T) {
	out, _, err := buildSite(t, `
-- latticework.yaml --
baseURL: https://example.org/project/
-- content/a.md --
---
title: A
---
[b](/b)
-- content/b.md --
---
title: B
---
b
`)
	if err != nil {
		t.Fatal(err)
	}
	a := read(t, out, "a/index.html")
	for _, want := range []string{`href="/project/b/"`, `href="/project/assets/site.`, `href="https://example.org/project/a/"`} {
		if !strings.Contains(a, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

func TestBrokenLinksAsWarnings(t *testing.T) {
	_, res, err := buildSite(t, `
-- latticework.yaml --
onBrokenLinks: warn
-- content/a.md --
---
title: A
---
A [missing](/nowhere) link.
`)
	if err != nil {
		t.Fatalf("onBrokenLinks: warn still failed: %v", err)
	}
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0].Error(), "content/a.md:4:3: warning: link to `/nowhere`") {
		t.Errorf("warnings = %v", res.Warnings)
	}
}

// A build leaves no folder beside the output, after success or failure,
// and replaces the output whole. When serving (Incremental), the folder a
// build is done with is deleted in the background, by the time Wait
// returns; otherwise before Build returns.
func TestBuildLeavesNoFolders(t *testing.T) {
	good := "-- content/ok.md --\n---\ntitle: OK\n---\n# OK\n"
	bad := good + "-- content/a.md --\n---\ntitle: A\n---\n[x](/gone)\n"
	for _, incremental := range []bool{false, true} {
		t.Run(fmt.Sprintf("incremental=%v", incremental), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			build := func(archive string) error {
				t.Helper()
				b := New(Options{Site: siteFS(t, archive), Defaults: latticework.Default, Out: out, Incremental: incremental})
				_, err := b.Build(context.Background())
				if incremental {
					b.Wait()
				}
				entries, _ := os.ReadDir(dir)
				if len(entries) != 1 || entries[0].Name() != "public" {
					var names []string
					for _, e := range entries {
						names = append(names, e.Name())
					}
					t.Errorf("folders beside the output: %v, want only public", names)
				}
				return err
			}
			stale := filepath.Join(out, "stale.html")
			if err := build(good); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := build(bad); err == nil {
				t.Fatal("a build with a broken link succeeded")
			}
			if _, err := os.Stat(stale); err != nil {
				t.Errorf("a failed build changed the output: %v", err)
			}
			if err := build(good); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(stale); err == nil {
				t.Error("a file of the previous output survived a build")
			}
			if _, err := os.Stat(filepath.Join(out, "ok", "index.html")); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestBuildErrors checks that each kind of mistake fails the build with
// its location, and that the previous output is left exactly as it was.
func TestBuildErrors(t *testing.T) {
	good := "-- content/ok.md --\n---\ntitle: OK\n---\n# OK\n\n## Real heading\n"
	// The line a problem quotes, by case. A broken anchor is found after
	// the page's text is dropped, so its line is read again.
	quotes := map[string]string{
		"broken link":   "See [this](/nowhere) now.",
		"broken anchor": "See [that](/ok#real-headin).",
	}
	for _, tc := range []struct {
		name, files string
		want        []string
	}{
		{"unknown key", "-- content/a.md --\n---\ntitle: A\nsidbar_position: 3\n---\nbody\n",
			[]string{"content/a.md:3:1: unknown key `sidbar_position` (did you mean `sidebar_position`?)"}},
		{"missing title", "-- content/a.md --\n---\nsidebar_position: 3\n---\nbody\n",
			[]string{"content/a.md:2:1: front matter needs a `title:`"}},
		{"no front matter", "-- content/a.md --\n# Just text\n",
			[]string{"content/a.md:1:1: missing front matter"}},
		{"front matter not closed", "-- content/a.md --\n---\ntitle: A\n# Body, but no closing line\n",
			[]string{"content/a.md:1: front matter is not closed"}},
		{"malformed YAML", "-- content/a.md --\n---\ntitle: A\ndescription: a: b\n---\nbody\n",
			[]string{"content/a.md:3:15: unexpected `: `"}},
		{"wrong type", "-- content/a.md --\n---\ntitle: A\nsidebar_position: first\n---\nbody\n",
			[]string{"content/a.md:3:19: sidebar_position needs a number, like 3"}},
		{"broken link", "-- content/a.md --\n---\ntitle: A\n---\n# A\n\nSee [this](/nowhere) now.\n",
			[]string{"content/a.md:6:5: link to `/nowhere`: no page is served at /nowhere/"}},
		{"broken anchor", "-- content/a.md --\n---\ntitle: A\n---\n# A\n\nSee [that](/ok#real-headin).\n",
			[]string{"content/a.md:6:5: link to `/ok#real-headin`: content/ok.md has no heading with id `real-headin` (did you mean `real-heading`?)"}},
		{"broken .md link", "-- content/a.md --\n---\ntitle: A\n---\n[x](./missing.md)\n",
			[]string{"content/a.md:4:1: link to `./missing.md`: no page content/missing.md exists"}},
		{"duplicate URL", "-- content/a.md --\n---\ntitle: A\nslug: /ok\n---\nbody\n",
			[]string{"content/a.md:3:1: URL /ok/ is already used by content/ok.md"}},
		{"bad category", "-- content/g/_category_.json --\n{\"label\": \"G\", \"positon\": 1}\n-- content/g/p.md --\n---\ntitle: P\n---\n",
			[]string{"content/g/_category_.json:1:16: unknown key `positon` (did you mean `position`?)"}},
		{"several problems, sorted", "-- content/b.md --\n---\ntitle: B\n---\n[x](/gone)\n-- content/a.md --\n---\ntitel: A\n---\n",
			[]string{"content/a.md:2:1: unknown key `titel` (did you mean `title`?)", "content/b.md:4:1: link to `/gone`"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			if err := os.MkdirAll(filepath.Join(out, "old"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, "old", "index.html"), []byte("last good"), 0o644); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, out)
			_, err := New(Options{Site: siteFS(t, good+tc.files), Defaults: latticework.Default, Out: out}).Build(context.Background())
			if err == nil {
				t.Fatal("build succeeded, want an error")
			}
			var problems diag.Problems
			if !errors.As(err, &problems) {
				t.Fatalf("error is %T, want diag.Problems: %v", err, err)
			}
			if want, ok := quotes[tc.name]; ok && problems[0].Source != want {
				t.Errorf("problem quotes %q, want %q", problems[0].Source, want)
			}
			msg := err.Error()
			last := -1
			for _, w := range tc.want {
				i := strings.Index(msg, w)
				if i < 0 {
					t.Errorf("error lacks %q; got:\n%s", w, msg)
				} else if i < last {
					t.Errorf("problems are not sorted by file and line:\n%s", msg)
				}
				last = i
			}
			if after := snapshot(t, out); after != before {
				t.Errorf("failed build changed the output:\nbefore %s\nafter  %s", before, after)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(dir, ".public.staging-*")); len(leftovers) > 0 {
				t.Errorf("staging folders left behind: %v", leftovers)
			}
		})
	}
}

// snapshot describes every file under dir with its content.
func snapshot(t *testing.T, dir string) string {
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		b.WriteString(p + "=" + string(data) + ";")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestSuccessfulBuildReplacesOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	if err := os.MkdirAll(filepath.Join(out, "stale"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := New(Options{Site: siteFS(t, site), Defaults: latticework.Default, Out: out}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "stale")); err == nil {
		t.Error("a file of the previous build survived a successful build")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("build left %d entries beside the output, want only public/", len(entries))
	}
}

func TestURLRulesAndOverrides(t *testing.T) {
	out, _, err := buildSite(t, `
-- content/docs/index.md --
---
title: Docs home
---
# Docs
-- content/docs/a.md --
---
title: A
id: renamed
---
[rel](sub/here) [slugged](/x/y) [index](./index.md)
-- content/docs/sub/c.md --
---
title: C
slug: here
---
[back](../renamed)
-- content/docs/sub/d.md --
---
title: D
slug: /x/y
pagination_next: null
pagination_prev: docs/renamed
---
-- layouts/footer.html --
{{define "footer.html"}}<footer class="custom">My own footer</footer>{{end}}
`)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"docs/index.html", "docs/renamed/index.html", "docs/sub/here/index.html", "x/y/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	a := read(t, out, "docs/renamed/index.html")
	for _, want := range []string{`href="/docs/sub/here/"`, `href="/x/y/"`, `href="/docs/"`, `<footer class="custom">My own footer</footer>`} {
		if !strings.Contains(a, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	d := read(t, out, "x/y/index.html")
	if !strings.Contains(d, `href="/docs/renamed/" rel="prev"`) || strings.Contains(d, `rel="next"`) {
		t.Error("pagination_prev/pagination_next not honoured")
	}
	if !strings.Contains(read(t, out, "docs/sub/here/index.html"), `href="/docs/renamed/"`) {
		t.Error("relative link from a slugged page not resolved")
	}
}

func TestLayoutErrorNamesFile(t *testing.T) {
	_, _, err := buildSite(t, `
-- content/a.md --
---
title: A
---
-- layouts/footer.html --
{{define "footer.html"}}
<footer>{{.Nope</footer>
{{end}}
`)
	if err == nil || !strings.Contains(err.Error(), "layouts/footer.html:2:") {
		t.Errorf("error = %v, want it at layouts/footer.html:2", err)
	}
}

// TestModuleOnlyWhenUsed checks that a site without worksheets does not
// publish the 2.5 MB scoring module, and one with them does, compressed.
func TestModuleOnlyWhenUsed(t *testing.T) {
	for _, tc := range []struct {
		name, page string
		want       bool
	}{
		{"without worksheets", "# Plain\n", false},
		{"with a worksheet", "# Quiz\n\n```exercise\nquiz\n```\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := siteFS(t, "-- content/a.md --\n---\ntitle: A\n---\n"+tc.page+quizExercise)
			out := filepath.Join(t.TempDir(), "public")
			if _, err := New(withScorer(t, Options{Site: fsys, Defaults: latticework.Default, Out: out})).Build(context.Background()); err != nil {
				t.Fatal(err)
			}
			got, _ := filepath.Glob(filepath.Join(out, "assets", "scorer.*.wasm*"))
			if (len(got) == 3) != tc.want || (len(got) == 0) == tc.want {
				t.Errorf("published %v, want the module and its .br and .gz: %v", got, tc.want)
			}
		})
	}
}
