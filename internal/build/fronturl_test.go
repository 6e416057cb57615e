package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Front matter URLs are printed resolved and absolute, built by one helper:
// a site path joined to the base URL, a path relative to the page resolved
// against its URL, an http(s) URL kept.
func TestFrontMatterURLs(t *testing.T) {
	out, _, err := buildSite(t, `
-- latticework.yaml --
baseURL: https://example.org/project/
editURL: https://git.example.org/site/edit/main
-- content/docs/a.md --
---
title: A
image: img/a.png
---
a
-- content/docs/b.md --
---
title: B
image: https://cdn.example.com/b.png
custom_edit_url: https://elsewhere.example.com/b
---
b
-- content/docs/c.md --
---
title: C
image: /img/c.png
custom_edit_url: /edit/c
---
c
-- content/docs/d e.md --
---
title: D
---
d
-- content/docs/e.md --
---
title: E
custom_edit_url: null
---
e
`)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(read(t, out, "docs/e/index.html"), "edit-link") {
		t.Error("custom_edit_url: null kept the edit link")
	}
	for file, wants := range map[string][]string{
		"docs/a/index.html": {`<meta property="og:image" content="https://example.org/project/docs/a/img/a.png">`,
			`href="https://git.example.org/site/edit/main/content/docs/a.md"`},
		"docs/b/index.html": {`<meta property="og:image" content="https://cdn.example.com/b.png">`,
			`href="https://elsewhere.example.com/b"`},
		"docs/c/index.html": {`<meta property="og:image" content="https://example.org/project/img/c.png">`,
			`href="https://example.org/project/edit/c"`},
		"docs/d e/index.html": {`href="https://git.example.org/site/edit/main/content/docs/d%20e.md"`,
			`<link rel="canonical" href="https://example.org/project/docs/d%20e/">`},
	} {
		page := read(t, out, file)
		if !strings.Contains(page, "edit-link") {
			t.Errorf("%s has no edit link", file)
		}
		for _, w := range wants {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %s", file, w)
			}
		}
	}
}

// A front matter URL that is not a site path, a relative path or an
// http(s) URL, or that climbs out of the site, is one error at its value.
func TestFrontMatterURLErrors(t *testing.T) {
	for _, c := range []struct{ fm, want string }{
		{"custom_edit_url: javascript:alert(1)", "content/docs/a.md:3:18: custom_edit_url `javascript:alert(1)` is a javascript: URL: write a path on the site (/img/a.png), a path relative to the page (img/a.png) or an http(s) URL (https://example.org/a.png)"},
		{"image: data:image/png;base64,AAAA", "content/docs/a.md:3:8: image `data:image/png;base64,AAAA` is a data: URL: write a path on the site (/img/a.png), a path relative to the page (img/a.png) or an http(s) URL (https://example.org/a.png)"},
		{"image: //evil.example.com/a.png", "content/docs/a.md:3:8: image `//evil.example.com/a.png` names a host without a scheme: start it with https://"},
		{"image: ../../../etc/passwd", "content/docs/a.md:3:8: image `../../../etc/passwd` climbs above the site's root from this page's URL /docs/a/: name a file inside the site, such as /img/a.png"},
		{"image: /../etc/passwd", "content/docs/a.md:3:8: image `/../etc/passwd` climbs above the site's root from this page's URL /docs/a/: name a file inside the site, such as /img/a.png"},
	} {
		_, _, err := buildSite(t, "-- content/docs/a.md --\n---\ntitle: A\n"+c.fm+"\n---\na\n")
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\ngot  %v\nwant %s", c.fm, err, c.want)
		}
	}
}

// A rebuild after an edit to image prints the new image, resolved.
func TestRebuildResolvesImage(t *testing.T) {
	dir := writeSite(t, "-- content/docs/a.md --\n---\ntitle: A\n---\na\n")
	b, out := buildIncremental(t, dir)
	ctx := context.Background()
	if err := os.WriteFile(filepath.Join(dir, "content/docs/a.md"), []byte("---\ntitle: A\nimage: img/a.png\n---\na\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Rebuild(ctx, []string{"content/docs/a.md"}); err != nil {
		t.Fatal(err)
	}
	if page := read(t, out, "docs/a/index.html"); !strings.Contains(page, `content="http://127.0.0.1:1313/docs/a/img/a.png"`) {
		t.Errorf("og:image not resolved after the edit")
	}
}
