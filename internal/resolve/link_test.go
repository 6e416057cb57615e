package resolve

import (
	"testing"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
)

// TestLink checks the link forms a static host serves, and source-file
// links, from a page of a site without content/index.md.
func TestLink(t *testing.T) {
	in := &content.Site{Categories: map[string]*content.Category{}}
	for _, p := range []string{"docs/a.md", "docs/x/README.md", "docs/x/y.md"} {
		cp := &content.Page{Path: p, Lines: map[string]int{}}
		cp.Front.Title = p
		in.Pages = append(in.Pages, cp)
	}
	var errs diag.List
	s := Resolve(in, []string{"/img/logo.png"}, &errs)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	from := s.BySource("docs/a.md")
	for _, tc := range []struct{ dest, href string }{
		{"/", "/"},
		{"/index", "/"},
		{"/index.html", "/"},
		{"/index.md", "/"}, // the generated home page
		{"/docs/x/index", "/docs/x/"},
		{"/docs/x/index.html#top", "/docs/x/#top"},
		{"x/index.md", "/docs/x/"},
		{"x/index.mdx", "/docs/x/"},
		{"./x/README.md", "/docs/x/"},
		{"../docs/x/y.md#h", "/docs/x/y/#h"},
		{"x/y", "/docs/x/y/"},
		{"/img/logo.png", "/img/logo.png"},
		{"../img/logo.png?v=1", "/img/logo.png?v=1"},
		{"https://example.org/index", "https://example.org/index"},
	} {
		got, problem := s.Link(from, tc.dest)
		if problem != "" || got.Href != tc.href {
			t.Errorf("Link(%q) = %q, %q; want %q", tc.dest, got.Href, problem, tc.href)
		}
	}
	for _, dest := range []string{"/docs/index", "/docs/nope/index.html", "./nope.md", "/img/none.png"} {
		if _, problem := s.Link(from, dest); problem == "" {
			t.Errorf("Link(%q) found a target", dest)
		}
	}
}
