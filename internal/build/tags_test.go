package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tagsTree tags docs as Docusaurus allows: names, and objects with a
// permalink and a description. An unlisted doc shares one tag and alone
// has another. The URLs the test expects are those Docusaurus 3.10 serves
// for the same tree.
const tagsTree = `
-- content/docs/zeta.md --
---
title: Zeta page
description: About zeta.
tags: [Getting Started, fooBar]
---
Z body. See [all tags](/docs/tags) and [one](/docs/tags/getting-started/).
-- content/docs/alpha.md --
---
title: alpha page
tags:
  - Getting Started
  - label: Custom One
    permalink: /custom
    description: A custom tag.
---
A body.
-- content/docs/secret.md --
---
title: Secret
unlisted: true
tags: [Getting Started, hidden-only]
---
S.
-- content/docs/plain.md --
---
title: Plain
---
No tags.
`

func TestTagPages(t *testing.T) {
	out, res, err := buildSite(t, tagsTree)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	for _, u := range []string{"/docs/tags/", "/docs/tags/getting-started/", "/docs/tags/foo-bar/", "/docs/tags/custom/", "/docs/tags/hidden-only/"} {
		if _, err := os.Stat(filepath.Join(out, u, "index.html")); err != nil {
			t.Errorf("no page at %s", u)
		}
	}
	// Four docs, the generated home page, all tags and four tags.
	if res.Pages != 10 {
		t.Errorf("%d pages, want 10", res.Pages)
	}
	has := func(name string, wants ...string) string {
		t.Helper()
		page := read(t, out, name)
		for _, want := range wants {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", name, want)
			}
		}
		return page
	}
	all := has("docs/tags/index.html",
		`<h1>Tags</h1>`,
		// By label, case aside, each with its count of listed docs.
		`<li class="card"><a href="/docs/tags/custom/">Custom One</a><p>1 doc</p></li>`+
			`<li class="card"><a href="/docs/tags/foo-bar/">fooBar</a><p>1 doc</p></li>`+
			`<li class="card"><a href="/docs/tags/getting-started/">Getting Started</a><p>2 docs</p></li></ul>`)
	if strings.Contains(all, "hidden-only") {
		t.Error("the page of all tags lists a tag of unlisted docs only")
	}
	if strings.Contains(all, `rel="next"`) || strings.Contains(all, `rel="prev"`) {
		t.Error("the page of all tags is in the reading order")
	}
	gs := has("docs/tags/getting-started/index.html",
		`<h1>2 docs tagged with &#34;Getting Started&#34;</h1>`,
		`<a href="/docs/tags/">View all tags</a>`,
		// By title, case aside, with descriptions.
		`<li class="card"><a href="/docs/alpha/">alpha page</a><p>A body.</p></li>`+
			`<li class="card"><a href="/docs/zeta/">Zeta page</a><p>About zeta.</p></li></ul>`,
		// Breadcrumbs lead back to all tags.
		`<a href="/docs/tags/">Tags</a>`)
	if strings.Contains(gs, "/docs/secret/") {
		t.Error("a tag's page lists an unlisted doc beside listed ones")
	}
	custom := has("docs/tags/custom/index.html", `<h1>One doc tagged with &#34;Custom One&#34;</h1>`, `<meta name="description" content="A custom tag.">`)
	// As Docusaurus orders them: the description, the link to all tags, the docs.
	if i, j, k := strings.Index(custom, `<p class="lead">A custom tag.</p>`), strings.Index(custom, `View all tags</a>`), strings.Index(custom, `<ul class="cards">`); i < 0 || !(i < j && j < k) {
		t.Errorf("description at %d, link to all tags at %d, docs at %d: want them in that order", i, j, k)
	}
	// A tag of unlisted docs only lists them, and is unlisted itself.
	has("docs/tags/hidden-only/index.html", `<li class="card"><a href="/docs/secret/">Secret</a>`, `class="unlisted-banner"`, `noindex`)

	// Each doc's tags link to their pages; a content link to a tag page resolves.
	has("docs/zeta/index.html",
		`<p class="tags">Tags: <a class="tag" href="/docs/tags/getting-started/" rel="tag">Getting Started</a>, <a class="tag" href="/docs/tags/foo-bar/" rel="tag">fooBar</a></p>`,
		`<a href="/docs/tags/">all tags</a>`, `<a href="/docs/tags/getting-started/">one</a>`)
	has("docs/alpha/index.html", `<a class="tag" href="/docs/tags/custom/" rel="tag">Custom One</a>`)
	// Tag pages are not in the sidebar.
	if strings.Contains(read(t, out, "docs/plain/index.html"), "/docs/tags/") {
		t.Error("an untagged page links to tag pages")
	}
}

func TestTagPageConflict(t *testing.T) {
	_, _, err := buildSite(t, tagsTree+`
-- content/docs/tags/custom.md --
---
title: Taken
---
x
`)
	if err == nil || !strings.Contains(err.Error(), "content/docs/alpha.md:3:1: the page of tag `Custom One` would be at /docs/tags/custom/, which content/docs/tags/custom.md already uses") {
		t.Errorf("err = %v", err)
	}
}

// A tagged page's new description lays out its tags' pages again; a
// change of its tags rebuilds the site, whose tag pages change.
func TestRebuildTagPages(t *testing.T) {
	dir := writeSite(t, `
-- content/index.md --
---
title: Home
---
-- content/a.md --
---
title: A
tags: [one, two]
---
First words.
`)
	b, out := buildIncremental(t, dir)
	ctx := context.Background()
	for _, tc := range []struct {
		tags, body string
		full       bool
		rendered   int
	}{
		{"[one, two]", "New words.\n", false, 3},
		{"[one]", "New words.\n", true, 0},
	} {
		if err := os.WriteFile(filepath.Join(dir, "content/a.md"), []byte("---\ntitle: A\ntags: "+tc.tags+"\n---\n"+tc.body), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := b.Rebuild(ctx, []string{"content/a.md"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Full || !tc.full && res.LaidOut != tc.rendered {
			t.Errorf("tags %s: Full=%v LaidOut=%d, want %d pages laid out", tc.tags, res.Full, res.LaidOut, tc.rendered)
		}
		if page := read(t, out, "tags/one/index.html"); !strings.Contains(page, "<p>New words.</p></li>") {
			t.Errorf("tags %s: the tag's page lacks the new description", tc.tags)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "tags/two/index.html")); err == nil {
		t.Error("a tag no page has any more keeps its page")
	}
}
