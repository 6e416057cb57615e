package build

import (
	"strings"
	"testing"
)

// TestRawHTMLWarnings checks that refused HTML is reported at its
// file:line:col, front matter counted, while harmless tags render.
func TestRawHTMLWarnings(t *testing.T) {
	out, res, err := buildSite(t, `
-- content/a.md --
---
title: A
---
Water is H<sub>2</sub>O.

Click <span onclick="go()">here</span>.

<script>alert(1)</script>
`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.Error())
	}
	want := []string{
		"content/a.md:6:7: warning: `<span>` is shown as text: its `onclick` attribute is not allowed (no style, event handlers or scripts); set `unsafeHTML: true` in latticework.yaml to pass raw HTML through",
		"content/a.md:8:1: warning: `<script>` is shown as text: it is not among the tags pages may hold; set `unsafeHTML: true` in latticework.yaml to pass raw HTML through",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	a := read(t, out, "a/index.html")
	for _, s := range []string{"H<sub>2</sub>O", "&lt;span onclick=", "&lt;script&gt;alert(1)"} {
		if !strings.Contains(a, s) {
			t.Errorf("page lacks %s", s)
		}
	}
}

// TestMdxPages checks that an .mdx page of plain markdown is a page like
// an .md one (URL, doc ID, links to it), and that MDX's JavaScript is an
// error at its place.
func TestMdxPages(t *testing.T) {
	out, _, err := buildSite(t, `
-- content/docs/b.mdx --
---
title: B
---
Plain markdown.

    not code
-- content/docs/a.md --
---
title: A
pagination_next: docs/b
---
[b](./b.mdx) and [b again](b)
`)
	if err != nil {
		t.Fatal(err)
	}
	b := read(t, out, "docs/b/index.html")
	if !strings.Contains(b, "<p>not code</p>") {
		t.Error("indented text in an .mdx page is not a paragraph")
	}
	if a := read(t, out, "docs/a/index.html"); strings.Count(a, `href="/docs/b/"`) < 2 {
		t.Error("links to the .mdx page do not resolve to /docs/b/")
	}

	_, _, err = buildSite(t, `
-- content/c.mdx --
---
title: C
---
import Tabs from '@theme/Tabs';

<Tabs>
x
</Tabs>
`)
	if err == nil {
		t.Fatal("an MDX import and component built")
	}
	for _, want := range []string{"content/c.mdx:4:1: `import` lines", "content/c.mdx:6:1: `<Tabs>` is a React component"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// TestMarkdownFormat checks the site option: under md, indented text is
// code again.
func TestMarkdownFormat(t *testing.T) {
	src := `
-- content/a.md --
---
title: A
---
Text.

    indented
`
	for format, want := range map[string]string{"": "<p>indented</p>", "md": "<pre><code>indented", "detect": "<pre><code>indented"} {
		archive := src
		if format != "" {
			archive = "-- latticework.yaml --\nmarkdown:\n  format: " + format + "\n" + src
		}
		out, _, err := buildSite(t, archive)
		if err != nil {
			t.Fatal(err)
		}
		if a := read(t, out, "a/index.html"); !strings.Contains(a, want) {
			t.Errorf("format %q: page lacks %s", format, want)
		}
	}
	if _, _, err := buildSite(t, "-- latticework.yaml --\nmarkdown:\n  format: mdxx\n-- content/a.md --\n---\ntitle: A\n---\n"); err == nil || !strings.Contains(err.Error(), "markdown.format must be") {
		t.Errorf("a wrong format: %v", err)
	}
}
