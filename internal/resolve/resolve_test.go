package resolve_test

import (
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/resolve"
)

// Number prefixes leave URLs as Docusaurus leaves them: dropped from every
// folder and the file name, unless the page says parse_number_prefixes:
// false, and before id and slug apply.
func TestURLsWithNumberPrefixes(t *testing.T) {
	files := map[string]string{
		"01-intro.md":                    "",
		"02-basics/index.md":             "",
		"02-basics/03-setup.md":          "",
		"02-basics/04-named.md":          "id: renamed\n",
		"02-basics/05-slugged.md":        "slug: moved/here\n",
		"02-basics/06-kept.md":           "parse_number_prefixes: false\n",
		"02-basics/2024-05-01-notes.md":  "",
		"02-basics/1 - spaced out.md":    "",
		"02-basics/07-deep/08-bottom.md": "",
	}
	want := map[string]string{
		"01-intro.md":                    "/intro/",
		"02-basics/index.md":             "/basics/",
		"02-basics/03-setup.md":          "/basics/setup/",
		"02-basics/04-named.md":          "/basics/renamed/",
		"02-basics/05-slugged.md":        "/basics/moved/here/",
		"02-basics/06-kept.md":           "/02-basics/06-kept/",
		"02-basics/2024-05-01-notes.md":  "/basics/2024-05-01-notes/",
		"02-basics/1 - spaced out.md":    "/basics/spaced out/",
		"02-basics/07-deep/08-bottom.md": "/basics/deep/bottom/",
	}
	fsys := fstest.MapFS{}
	for name, fm := range files {
		fsys["content/"+name] = &fstest.MapFile{Data: []byte("---\ntitle: T\n" + fm + "---\n")}
	}
	var errs diag.List
	site := resolve.Resolve(content.Load(fsys, content.Options{}, &errs), nil, &errs)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	for src, u := range want {
		p := site.BySource(src)
		if p == nil || p.URL != u {
			t.Errorf("%s: served at %v, want %s", src, p, u)
		}
	}
	// Siblings by position, prefixes being positions (1 - spaced out,
	// 03-setup ... 07-deep), then the rest by file name (06-kept, whose
	// prefix is kept, and the dated notes).
	var got []string
	for _, n := range site.BySource("02-basics/03-setup.md").Node.Parent.Children {
		got = append(got, n.URL())
	}
	order := []string{"/basics/spaced out/", "/basics/setup/", "/basics/renamed/", "/basics/moved/here/", "/basics/deep/bottom/", "/02-basics/06-kept/", "/basics/2024-05-01-notes/"}
	if len(got) != len(order) {
		t.Fatalf("children %q, want %q", got, order)
	}
	for i := range got {
		if got[i] != order[i] {
			t.Fatalf("children %q, want %q", got, order)
		}
	}
}

// Two pages given one URL are one mistake: links to the page left out are
// not reported as well.
func TestDuplicateURLReportedOnce(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: A\nslug: /same\n---\n")},
		"content/b.md": {Data: []byte("---\ntitle: B\nslug: /same\n---\n")},
		"content/c.md": {Data: []byte("---\ntitle: C\n---\n")},
	}
	var errs diag.List
	site := resolve.Resolve(content.Load(fsys, content.Options{}, &errs), nil, &errs)
	want := "content/b.md:3:1: URL /same/ is already used by content/a.md: change this page's slug or id, or move one of the files"
	if got := errs.All(); len(got) != 1 || got[0].Error() != want {
		t.Errorf("got %v, want %q", got, want)
	}
	from := site.BySource("c.md")
	for dest, want := range map[string]string{"b.md": "/same/", "./b.md#part": "/same/#part", "a.md": "/same/", "/same": "/same/"} {
		if target, msg := site.Link(from, dest); msg != "" || target.Href != want {
			t.Errorf("link to %s: %q, %q; want %q", dest, target.Href, msg, want)
		}
	}
}

// A page whose front matter cannot be read may have lost the slug other
// pages link to: those links are not reported as well.
func TestNoBrokenLinksAfterFrontMatterError(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: A\n\tslug: /foo\n---\n")},
		"content/b.md": {Data: []byte("---\ntitle: B\n---\n")},
	}
	var errs diag.List
	site := resolve.Resolve(content.Load(fsys, content.Options{}, &errs), nil, &errs)
	want := "content/a.md:3:1: a tab indents this line: YAML is indented with spaces only; replace the tab with spaces"
	if got := errs.All(); len(got) != 1 || got[0].Error() != want {
		t.Errorf("got %v, want %q", got, want)
	}
	if _, msg := site.Link(site.BySource("b.md"), "/foo"); msg != "" {
		t.Errorf("link to /foo reported: %s", msg)
	}
}
