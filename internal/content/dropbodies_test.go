package content_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
)

// Loaded with DropBodies, a page keeps its front matter only, and
// ReadBody gives back what LoadPage reads, unless the file changed.
func TestDropBodies(t *testing.T) {
	src := "\uFEFF---\ntitle: A\nslug: /a\n---\n# A\n\nBody text.\n"
	fsys := fstest.MapFS{
		"content/a.md":      {Data: []byte(src)},
		"content/broken.md": {Data: []byte("---\ntitle: B\nno end\n")},
		"content/bare.md":   {Data: []byte("# No front matter\n")},
	}
	var errs diag.List
	site := content.Load(fsys, content.Options{DropBodies: true}, &errs)
	for _, p := range site.Pages {
		var lerrs diag.List
		want := content.LoadPage(fsys, p.File(), &lerrs)
		switch p.Path {
		case "a.md":
			if p.Body != nil || string(p.Src) != "---\ntitle: A\nslug: /a\n---\n" {
				t.Errorf("%s kept Src %q, Body %q; want the front matter and no body", p.Path, p.Src, p.Body)
			}
		}
		if err := p.ReadBody(fsys); err != nil {
			t.Fatal(err)
		}
		if string(p.Src) != string(want.Src) || string(p.Body) != string(want.Body) || (p.Body == nil) != (want.Body == nil) || p.BodyLine != want.BodyLine {
			t.Errorf("%s after ReadBody: Src %q, Body %q, BodyLine %d; LoadPage reads %q, %q, %d", p.Path, p.Src, p.Body, p.BodyLine, want.Src, want.Body, want.BodyLine)
		}
	}

	site = content.Load(fsys, content.Options{DropBodies: true}, &errs)
	fsys["content/a.md"] = &fstest.MapFile{Data: []byte(strings.Replace(src, "Body", "New", 1))}
	for _, p := range site.Pages {
		if err := p.ReadBody(fsys); p.Path == "a.md" && (err == nil || !strings.Contains(err.Error(), "changed")) {
			t.Errorf("a.md changed after loading: ReadBody returned %v, want an error saying so", err)
		}
	}
}
