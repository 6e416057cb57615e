package build

import (
	"context"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/latticework/latticework"
)

// docusaurusTree is a Docusaurus docs tree copied into content/docs/, with
// each kind of category. The URLs the tests expect are those Docusaurus
// 3.10 serves for the same tree.
const docusaurusTree = `
-- content/docs/intro.md --
---
title: Intro
---
Intro text. See [the guide](/docs/category/getting-started--more), [home](/), [the index](/index), [this](./intro.md), [readme](withreadme/README.md) and [the logo](/img/logo.svg).
-- content/docs/gen/_category_.json --
{
  "label": "Getting Started! & More",
  "position": 2,
  "description": "Cat description of gen",
  "className": "gen",
  "customProps": {"icon": "rocket"},
  "collapsible": true,
  "collapsed": false,
  "key": "gen",
  "link": {"type": "generated-index", "description": "Link description of gen", "keywords": "one", "image": "/img/logo.svg"}
}
-- content/docs/gen/a.md --
---
title: Gen A
description: FM desc of A
---
Body of A.
-- content/docs/gen/b.md --
---
title: Gen B
---
First paragraph of B, used as description.
-- content/docs/gen/hidden.md --
---
title: Hidden
unlisted: true
---
Not listed.
-- content/docs/gen/sub/_category_.yml --
label: Sub Cat
description: Sub description
-- content/docs/gen/sub/c.md --
---
title: Sub C
---
C body. Up to [home](/index.md), [a folder index](/docs/withindex/index.html) and [another](../../withreadme/index).
-- content/docs/plain/p1.md --
---
title: Plain One
---
p1
-- content/docs/plain/p2.md --
---
title: Plain Two
---
p2
-- content/docs/withindex/Index.md --
---
title: With Index Home
---
index body
-- content/docs/withindex/x.md --
---
title: WI X
---
x
-- content/docs/withreadme/README.md --
---
title: Readme Home
---
readme
-- content/docs/withreadme/y.md --
---
title: WR Y
---
y
-- content/docs/Named/named.md --
---
title: Named Home
---
named
-- content/docs/Named/z.md --
---
title: Named Z
---
z
-- content/docs/nulllink/_category_.yml --
link: null
-- content/docs/nulllink/index.md --
---
title: Null Index
---
ni
-- content/docs/nulllink/q.md --
---
title: Null Q
---
q
-- content/docs/doclink/_category_.json --
{"link": {"type": "doc", "id": "target"}}
-- content/docs/doclink/target.md --
---
title: Doc Link Target
---
t
-- content/docs/draftlink/_category_.json --
{"link": {"type": "doc", "id": "wip"}}
-- content/docs/draftlink/wip.md --
---
title: Work in progress
draft: true
---
-- content/docs/draftlink/done.md --
---
title: Done
---
-- content/docs/solo/index.md --
---
title: Solo
---
A folder with one page.
-- content/docs/doclink/other.md --
---
title: Doc Link Other
---
o
-- content/docs/custom/_category_.json --
{"label": "Custom", "link": {"type": "generated-index", "slug": "/my-custom", "title": "Custom\/Title"}}
-- content/docs/custom/k.md --
---
title: K
---
k
-- content/docs/dup1/_category_.json --
{"label": "Same", "link": {"type": "generated-index"}}
-- content/docs/dup1/d1.md --
---
title: D1
---
d
-- content/docs/dup2/_category_.json --
{"label": "Same", "link": {"type": "generated-index"}}
-- content/docs/dup2/d2.md --
---
title: D2
---
d
-- content/docs/rel/_category_.json --
{"link": {"type": "generated-index", "slug": "rel-slug"},}
-- content/docs/rel/n.md --
---
title: N
---
n
-- static/img/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
`

func TestCategoryPagesAsDocusaurus(t *testing.T) {
	out, res, err := buildSite(t, docusaurusTree)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	// The trailing comma in rel/_category_.json: accepted, as Docusaurus
	// reads JSON as YAML, with a warning at its place.
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0].Error(), "content/docs/rel/_category_.json:1:57: warning: invalid JSON: a comma after the last item") {
		t.Errorf("warnings = %v, want the trailing comma's", res.Warnings)
	}
	// Every URL Docusaurus serves for this tree, and the home page.
	for _, u := range []string{"/", "/docs/Named/", "/docs/Named/z/", "/docs/category/getting-started--more/", "/docs/category/same/", "/docs/category/same-1/",
		"/docs/custom/k/", "/docs/doclink/other/", "/docs/doclink/target/", "/docs/dup1/d1/", "/docs/dup2/d2/", "/docs/gen/a/", "/docs/gen/b/", "/docs/gen/sub/c/",
		"/docs/intro/", "/docs/my-custom/", "/docs/nulllink/", "/docs/nulllink/q/", "/docs/rel/n/", "/docs/plain/p1/", "/docs/plain/p2/", "/docs/rel-slug/",
		"/docs/withindex/", "/docs/withindex/x/", "/docs/withreadme/", "/docs/withreadme/y/",
		// A category linking to a draft links to its first page, as Docusaurus's.
		"/docs/draftlink/done/", "/docs/solo/"} {
		if _, err := os.Stat(filepath.Join(out, u, "index.html")); err != nil {
			t.Errorf("no page at %s", u)
		}
	}
	if res.Pages != 29 {
		t.Errorf("%d pages, want 29", res.Pages)
	}

	gen := read(t, out, "docs/category/getting-started--more/index.html")
	for _, want := range []string{
		`<title>Getting Started! &amp; More | `,
		`<h1>Getting Started! &amp; More</h1>`,
		`<meta name="description" content="Link description of gen">`,
		`<meta name="keywords" content="one">`,
		`<p class="lead">Link description of gen</p>`,
		// Every item, with its own description: front matter, first
		// paragraph, the subcategory's description.
		`<li class="card"><a href="/docs/gen/a/">Gen A</a><p>FM desc of A</p></li>`,
		`<li class="card"><a href="/docs/gen/b/">Gen B</a><p>First paragraph of B, used as description.</p></li>`,
		`<li class="card card-category"><a href="/docs/gen/sub/c/">Sub Cat</a><p>Sub description</p></li>`,
		// In reading order, before its first item (and first of all,
		// its position being the only one).
		`href="/docs/gen/a/" rel="next"`,
		// The sidebar links the category to its page, marked current.
		`<a href="/docs/category/getting-started--more/" aria-current="page">Getting Started! &amp; More</a>`,
	} {
		if !strings.Contains(gen, want) {
			t.Errorf("generated index lacks %s", want)
		}
	}
	if strings.Contains(gen, "Hidden") {
		t.Error("the category page lists an unlisted page")
	}
	if !strings.Contains(gen, `<li class="nav-category nav-expanded gen">`) {
		t.Error("the category's className is not on its sidebar entry")
	}
	if strings.Contains(gen, `rel="prev"`) {
		t.Error("the first page of the reading order has a previous page")
	}
	if a := read(t, out, "docs/gen/a/index.html"); !strings.Contains(a, `href="/docs/category/getting-started--more/" rel="prev"`) {
		t.Error("a category's first item does not follow its generated index")
	}
	if strings.Contains(gen, "Edit this page") {
		// No editURL in this site; with one, it edits the category file.
		t.Error("edit link without editURL")
	}
	custom := read(t, out, "docs/my-custom/index.html")
	if !strings.Contains(custom, "<h1>Custom/Title</h1>") || !strings.Contains(custom, `<li class="card"><a href="/docs/custom/k/">K</a><p>k</p>`) {
		t.Error("link.title (with JSON's \\/) or the items of /docs/my-custom/ wrong")
	}

	c := read(t, out, "docs/gen/sub/c/index.html")
	for _, want := range []string{
		// Breadcrumbs link to the category page, or a category's first page.
		`<li><a href="/docs/category/getting-started--more/">Getting Started! &amp; More</a></li><li><a href="/docs/gen/sub/c/">Sub Cat</a></li>`,
		// index.md, index.html and index name the folder's page.
		`<a href="/">home</a>`, `<a href="/docs/withindex/">a folder index</a>`, `<a href="/docs/withreadme/">another</a>`,
	} {
		if !strings.Contains(c, want) {
			t.Errorf("%s lacks %s", "docs/gen/sub/c/", want)
		}
	}

	intro := read(t, out, "docs/intro/index.html")
	for _, want := range []string{
		`<a href="/docs/category/getting-started--more/">the guide</a>`, `<a href="/">home</a>`, `<a href="/">the index</a>`,
		`<a href="/docs/intro/">this</a>`, `<a href="/docs/withreadme/">readme</a>`, `<a href="/img/logo.svg">the logo</a>`,
		// Categories link to their own page: doc link, index.md in any
		// case, README.md, <folder>.md; without one, to their first page.
		`<a href="/docs/doclink/target/">Doc Link Target`, `<a href="/docs/withindex/">With Index Home`, `<a href="/docs/withreadme/">Readme Home`,
		`<a href="/docs/Named/">Named Home`, `<a href="/docs/plain/p1/">plain`, `<a href="/docs/nulllink/">nulllink`,
		// A folder whose one page is its own is shown as that page.
		`<li class="nav-page"><a href="/docs/solo/">Solo</a>`,
	} {
		if !strings.Contains(intro, want) {
			t.Errorf("intro lacks %s", want)
		}
	}
	// The linked doc is the category's entry, not one of its items; with
	// link: null, index.md stays an item (served at the folder's URL).
	null := read(t, out, "docs/nulllink/q/index.html")
	if !strings.Contains(null, `<li class="nav-page"><a href="/docs/nulllink/">Null Index</a>`) {
		t.Error("with link: null, index.md is not an item of its category")
	}
	target := read(t, out, "docs/doclink/other/index.html")
	if strings.Contains(target, `nav-page"><a href="/docs/doclink/target/"`) {
		t.Error("the category's doc is also listed as its item")
	}

	// Without content/index.md, the home page lists the top-level items.
	home := read(t, out, "index.html")
	for _, want := range []string{`<body class="kind-home"`, `<title>Latticework</title>`, `<h1>Latticework</h1>`, `"name":"Latticework"`, `<li class="card"><a href="/docs/intro/">Intro</a><p>Intro text.`,
		`<li class="card card-category"><a href="/docs/category/getting-started--more/">Getting Started! &amp; More</a><p>Cat description of gen</p>`,
		`<li class="card card-category"><a href="/docs/plain/p1/">plain</a><p>2 items</p>`,
		`<li class="card"><a href="/docs/solo/">Solo</a><p>A folder with one page.</p>`} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %s", want)
		}
	}
}

func TestCategoryFileErrors(t *testing.T) {
	page := "-- content/g/p.md --\n---\ntitle: P\n---\n"
	for _, tc := range []struct{ name, file, want string }{
		{"unknown link key", "-- content/g/_category_.json --\n{\n  \"label\": \"G\",\n  \"link\": {\"type\": \"generated-index\", \"slgu\": \"x\"}\n}\n",
			"content/g/_category_.json:3:39: unknown key `slgu` (did you mean `slug`?)"},
		{"bad link type", "-- content/g/_category_.yml --\nlink:\n  type: generated\n",
			"content/g/_category_.yml:2:3: link type `generated` is not `doc` or `generated-index`"},
		{"doc link without id", "-- content/g/_category_.yml --\nlabel: G\nlink: {type: doc}\n",
			"content/g/_category_.yml:2:1: a `doc` link needs an `id`"},
		{"doc link to nothing", "-- content/g/_category_.yml --\nlink:\n  type: doc\n  id: q\n",
			"content/g/_category_.yml:3:3: link id `q` names no page"},
		{"generated-index with id", "-- content/g/_category_.yml --\nlink:\n  type: generated-index\n  id: p\n",
			"content/g/_category_.yml:3:3: `id` belongs to a `doc` link"},
		{"invalid JSON", "-- content/g/_category_.json --\n{\n  \"label\": \"G\"\n  \"position\": 1\n}\n",
			"content/g/_category_.json:3:3: invalid JSON: invalid character '\"' after object key:value pair"},
		{"wrong type", "-- content/g/_category_.json --\n{\n\t\"label\": \"G\",\n\t\"collapsed\": 3\n}\n",
			"content/g/_category_.json:3:15: collapsed needs true or false"},
		{"same URL", "-- content/g/_category_.yml --\nlink: {type: generated-index, slug: /g/p}\n",
			"content/g/_category_.yml:1:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := buildSite(t, page+tc.file)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %s", err, tc.want)
			}
		})
	}
}

// TestLayoutLinksResolve builds sites and follows every link of every
// published page: the layouts' own (home, breadcrumbs, sidebar,
// previous/next, category pages) must reach a published file, like the
// articles' links the build checks itself.
func TestLayoutLinksResolve(t *testing.T) {
	for _, tc := range []struct{ name, archive, base string }{
		{"with index.md", site, "/"},
		{"docusaurus tree without index.md", docusaurusTree, "/"},
		{"tag pages", tagsTree, "/"},
		{"base URL with a path", "-- latticework.yaml --\nbaseURL: https://example.org/project/\n" + docusaurusTree, "/project/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if _, err := New(Options{Site: siteFS(t, tc.archive), Defaults: latticework.Default, Out: out}).Build(context.Background()); err != nil {
				t.Fatal(err)
			}
			href := regexp.MustCompile(`(?:href|src)="([^"]*)"`)
			pages := 0
			err := filepath.WalkDir(out, func(file string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(file, ".html") {
					return err
				}
				pages++
				data, err := os.ReadFile(file)
				if err != nil {
					return err
				}
				for _, m := range href.FindAllStringSubmatch(string(data), -1) {
					u, err := url.Parse(m[1])
					if err != nil {
						t.Errorf("%s: bad link %q", file, m[1])
						continue
					}
					if u.Scheme != "" || u.Host != "" || u.Path == "" {
						continue
					}
					if !strings.HasPrefix(u.Path, tc.base) {
						t.Errorf("%s: link %s is outside the base path %s", file, m[1], tc.base)
						continue
					}
					target := filepath.Join(out, strings.TrimPrefix(u.Path, tc.base))
					if strings.HasSuffix(u.Path, "/") {
						target = filepath.Join(target, "index.html")
					}
					if _, err := os.Stat(target); err != nil {
						t.Errorf("%s: link %s reaches no published file", file, m[1])
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if pages < 5 {
				t.Errorf("followed the links of %d pages", pages)
			}
		})
	}
}

// A body edit that changes a page's description re-renders the category
// page that shows it; one that does not, only the page.
func TestRebuildCategoryPage(t *testing.T) {
	dir := writeSite(t, `
-- content/index.md --
---
title: Home
---
-- content/g/_category_.yml --
link: {type: generated-index}
-- content/g/a.md --
---
title: A
---
First words.
`)
	b, out := buildIncremental(t, dir)
	ctx := context.Background()
	for _, tc := range []struct {
		body     string
		rendered int
		want     string
	}{
		{"New words.\n", 2, "<p>New words.</p></li>"},
		{"New words.\n\nMore.\n", 1, "<p>New words.</p></li>"},
	} {
		if err := os.WriteFile(filepath.Join(dir, "content/g/a.md"), []byte("---\ntitle: A\n---\n"+tc.body), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := b.Rebuild(ctx, []string{"content/g/a.md"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Full || res.LaidOut != tc.rendered {
			t.Errorf("Full=%v LaidOut=%d, want %d pages laid out", res.Full, res.LaidOut, tc.rendered)
		}
		if page := read(t, out, "category/g/index.html"); !strings.Contains(page, tc.want) {
			t.Errorf("category page lacks %s", tc.want)
		}
	}
}

// A docs folder with an index page of its own still bases the category
// pages' URLs, as Docusaurus's docs/index.md does.
func TestCategoryPageBelowDocsIndex(t *testing.T) {
	out, _, err := buildSite(t, `
-- content/docs/index.md --
---
title: Docs
---
-- content/docs/g/_category_.yml --
label: Guides
link: {type: generated-index}
-- content/docs/g/a.md --
---
title: A
---
`)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.html", "docs/index.html", "docs/category/guides/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
}
