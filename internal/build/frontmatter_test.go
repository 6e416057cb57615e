package build

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sidebarURLs lists the links of a page's sidebar, in order.
func sidebarURLs(page string) []string {
	nav := page[strings.Index(page, `<nav id="sidebar"`):]
	nav = nav[:strings.Index(nav, "</nav>")]
	var urls []string
	for _, m := range regexp.MustCompile(`<a href="([^"]+)"`).FindAllStringSubmatch(nav, -1) {
		urls = append(urls, m[1])
	}
	return urls
}

// Number prefixes of file and folder names order the sidebar and are
// dropped from URLs, doc IDs and labels, as Docusaurus's default parser
// does; dates and versions are not prefixes. A folder without a label is
// named by its index page, else by its name as it is.
func TestNumberPrefixes(t *testing.T) {
	out, _, err := buildSite(t, `
-- content/01-intro.md --
---
title: Intro
pagination_next: basics/second
---
Start with [the first](./02-basics/01-first.md#more) or [the notes](02-basics/2021-01-05-notes.md).
-- content/02-basics/01-first.md --
---
title: First
---
## More
Then [mid](../3-mid.md) and [adv](/adv/z).
-- content/02-basics/02-second.md --
---
title: Second
---
-- content/02-basics/10-tenth.md --
---
title: Tenth
---
-- content/02-basics/2021-01-05-notes.md --
---
title: Notes
---
-- content/02-basics/5_kept.md --
---
title: Kept
parse_number_prefixes: false
---
-- content/3-mid.md --
---
title: Mid
---
-- content/10-adv/12-a.md --
---
title: A
---
-- content/10-adv/3-z.md --
---
title: Z
---
-- content/10-adv/index.md --
---
title: Advanced
---
`)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"intro", "basics/first", "basics/second", "basics/tenth", "basics/2021-01-05-notes", "02-basics/5_kept", "mid", "adv", "adv/a", "adv/z"} {
		if _, err := os.Stat(filepath.Join(out, f, "index.html")); err != nil {
			t.Errorf("no page at /%s/", f)
		}
	}
	intro := read(t, out, "intro/index.html")
	for _, want := range []string{`href="/basics/first/#more"`, `href="/basics/2021-01-05-notes/"`, `href="/basics/second/" rel="next"`, `>basics <span class="nav-more"`, `>Advanced <span class="nav-more"`} {
		if !strings.Contains(intro, want) {
			t.Errorf("intro lacks %s", want)
		}
	}
	first := read(t, out, "basics/first/index.html")
	want := "/intro/ /basics/first/ /basics/first/ /basics/second/ /basics/tenth/ /basics/2021-01-05-notes/ /02-basics/5_kept/ /mid/ /adv/"
	if got := strings.Join(sidebarURLs(first), " "); got != want {
		t.Errorf("sidebar:\n got %s\nwant %s", got, want)
	}
	adv := read(t, out, "adv/a/index.html")
	if got := strings.Join(sidebarURLs(adv), " "); !strings.HasSuffix(got, "/adv/ /adv/z/ /adv/a/") {
		t.Errorf("3-z is not before 12-a: %s", got)
	}
}

// Each front matter key with a visible effect has it.
func TestFrontMatterEffects(t *testing.T) {
	out, _, err := buildSite(t, `
-- latticework.yaml --
baseURL: https://example.org/
editURL: https://git.example.org/edit/
-- content/a.md --
---
title: Title A
hide_title: true
sidebar_position: 1
sidebar_class_name: nav-green
sidebar_custom_props: {emoji: "x"}
displayed_sidebar: tutorialSidebar
toc_min_heading_level: 3
toc_max_heading_level: 5
custom_edit_url: null
tags: [plain, {label: Fancy, permalink: /tags/fancy}]
last_update:
  date: 2021-03-04
  author: Jane Doe
---
Text without an H1.

## Two
### Three
#### Four
##### Five
###### Six
-- content/b.md --
---
title: Title B
hide_title: true
sidebar_position: 2
pagination_label: Bee, briefly
---
# B's own heading

## Two
### Three
#### Four
-- content/secret.md --
---
title: Secret
sidebar_position: 3
unlisted: true
---
Only by its address.
-- content/c.md --
---
title: Title C
sidebar_position: 4
pagination_prev: secret
---
Links to [the secret](./secret.md).
`)
	if err != nil {
		t.Fatal(err)
	}
	a := read(t, out, "a/index.html")
	b := read(t, out, "b/index.html")
	c := read(t, out, "c/index.html")
	secret := read(t, out, "secret/index.html")
	for _, tc := range []struct{ name, page, want string }{
		{"own H1 kept with hide_title", b, `<h1 id="bs-own-heading">`},
		{"TOC from h3", a, `<li class="toc-h3 toc-depth-0"><a href="#three">`},
		{"TOC to h5", a, `<li class="toc-h5 toc-depth-2"><a href="#five">`},
		{"sidebar_class_name", a, `<li class="nav-page nav-green"><a href="/a/" aria-current="page">`},
		{"pagination_label", a, `rel="next"><span class="pagination-label">Next</span> Bee, briefly</a>`},
		{"last_update date", a, `<time datetime="2021-03-04">March 4, 2021</time> by Jane Doe`},
		{"last_update in structured data", a, `"dateModified":"2021-03-04`},
		{"tag objects by label", a, `<a class="tag" href="/tags/plain/" rel="tag">plain</a>, <a class="tag" href="/tags/tags/fancy/" rel="tag">Fancy</a>`},
		{"unlisted asks not to be indexed", secret, `<meta name="robots" content="noindex, nofollow">`},
		{"unlisted says so", secret, `class="unlisted-banner"`},
		{"unlisted shows itself in its sidebar", secret, `<a href="/secret/" aria-current="page">Secret</a>`},
		{"links to unlisted pages work", c, `href="/secret/"`},
		{"pagination skips unlisted pages", b, `href="/c/" rel="next"`},
	} {
		if !strings.Contains(tc.page, tc.want) {
			t.Errorf("%s: page lacks %s", tc.name, tc.want)
		}
	}
	for _, tc := range []struct{ name, page, unwanted string }{
		{"hide_title", a, "<h1"},
		{"TOC above max", a, `toc-h6`},
		{"custom_edit_url: null", a, "Edit this page"},
		{"custom props are not shown", a, "emoji"},
		{"hide_title with own H1", b, "Title B</h1>"},
		{"unlisted in others' sidebar", b, `href="/secret/"`},
		{"unlisted as next", b, `href="/secret/" rel="next"`},
		{"unlisted as pagination_prev", c, `rel="prev"`},
		{"pagination of an unlisted page", secret, `class="pagination"`},
		{"noindex on listed pages", a, "noindex"},
	} {
		if strings.Contains(tc.page, tc.unwanted) {
			t.Errorf("%s: page has %s", tc.name, tc.unwanted)
		}
	}
	if toc := a[strings.Index(a, `<details class="toc">`):]; strings.Contains(toc[:strings.Index(toc, "</details>")], `href="#two"`) {
		t.Error("toc_min_heading_level: 3 kept the h2")
	}
	if sitemap := read(t, out, "sitemap.xml"); strings.Contains(sitemap, "/secret/") || !strings.Contains(sitemap, "/c/") {
		t.Errorf("sitemap lists the unlisted page, or not the others:\n%s", sitemap)
	}
	var index strings.Builder
	filepath.WalkDir(filepath.Join(out, "search"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			index.Write(data)
		}
		return nil
	})
	if s := index.String(); !strings.Contains(s, `/c/`) || strings.Contains(s, "/secret/") || strings.Contains(s, "Only by its address") {
		t.Error("the search index lists the unlisted page, or not the others")
	}
}

// Bad front matter values fail the build at the value, saying what is
// needed.
func TestFrontMatterValueErrors(t *testing.T) {
	_, _, err := buildSite(t, `
-- content/a.md --
---
title: A
toc_min_heading_level: 5
toc_max_heading_level: 3
---
-- content/b.md --
---
title: B
draft: true
unlisted: true
---
-- content/c.md --
---
title: C
last_update:
  date: last tuesday
---
-- content/d.md --
---
title: D
pagination_lable: Dee
---
`)
	if err == nil {
		t.Fatal("build succeeded")
	}
	msg := err.Error()
	for _, want := range []string{
		"content/a.md:3:24: toc_min_heading_level must not be above toc_max_heading_level (3)",
		"content/b.md:4:11: a page cannot be both draft and unlisted: remove one of the two",
		"content/c.md:4:9: last_update date `last tuesday` is not a date",
		"content/d.md:3:1: unknown key `pagination_lable` (did you mean `pagination_label`?)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack %q:\n%s", want, msg)
		}
	}
}

// Front matter that other pages show (their sidebar, their previous and
// next links) lays them out again when it changes; the rest lays out the
// page alone.
func TestRebuildFrontMatter(t *testing.T) {
	dir := writeSite(t, "-- content/index.md --\n---\ntitle: Home\n---\n-- content/a.md --\n---\ntitle: A\n---\n-- content/01-b.md --\n---\ntitle: B\n---\n")
	b, _ := buildIncremental(t, dir)
	ctx := context.Background()
	for _, c := range []struct {
		fm      string
		laidOut int // of the home page, a and b
	}{
		{"hide_title: true\nlast_update: {author: Jane}\ntoc_max_heading_level: 4\n", 1},
		{"unlisted: true\n", 3},
		{"pagination_label: Bee\n", 1}, // a's previous link, not b's own page
		{"sidebar_class_name: x\n", 3},
		{"sidebar_custom_props: {a: 1}\n", 3},
		{"parse_number_prefixes: false\n", 3},
	} {
		var res *Result
		for _, fm := range []string{"", c.fm} { // from the plain page each time
			if err := os.WriteFile(filepath.Join(dir, "content/01-b.md"), []byte("---\ntitle: B\n"+fm+"---\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			var err error
			if res, err = b.Rebuild(ctx, []string{"content/01-b.md"}); err != nil {
				t.Fatal(err)
			}
		}
		if res.Full || res.LaidOut != c.laidOut {
			t.Errorf("%q: full build %v, %d pages laid out, want %d", c.fm, res.Full, res.LaidOut, c.laidOut)
		}
	}
}
