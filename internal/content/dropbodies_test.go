package content_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/corpus"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/sitefs"
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

// Pages read from a site folder with DropBodies share reused buffers
// (content.readBufs): every page, broken or not, large or small, must
// still hold what LoadPage reads once all are loaded, and read back its
// own body.
func TestDropBodiesReusedBuffers(t *testing.T) {
	dir := t.TempDir()
	for i := range 200 {
		text := fmt.Sprintf("---\ntitle: Page %d\n---\n%s", i, strings.Repeat(fmt.Sprintf("Line %d of page %d.\n", i, i), (i*37)%300))
		switch i % 10 {
		case 3:
			text = fmt.Sprintf("---\ntitle: Broken %d\nno end\n", i)
		case 7:
			text = fmt.Sprintf("# No front matter %d\n", i)
		}
		// Most pages of one size, so that a buffer given back is used
		// again; every ninth larger than any before it.
		size := 20_000
		if i%9 == 0 {
			size = 20_000 + i*100
		}
		text += strings.Repeat("z", max(size-len(text), 0))
		p := filepath.Join(dir, "content", "docs", fmt.Sprintf("p%03d.md", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	var errs diag.List
	site := content.Load(fsys, content.Options{DropBodies: true}, &errs)
	if len(site.Pages) != 200 {
		t.Fatalf("loaded %d pages, want 200", len(site.Pages))
	}
	for _, p := range site.Pages {
		var lerrs diag.List
		want := content.LoadPage(fsys, p.File(), &lerrs)
		if want.Body != nil {
			if p.Body != nil || string(p.Src) != string(want.Src[:len(want.Src)-len(want.Body)]) || p.Front.Title != want.Front.Title {
				t.Errorf("%s kept Src %q, title %q; want the front matter %q, title %q", p.Path, p.Src, p.Front.Title, want.Src[:len(want.Src)-len(want.Body)], want.Front.Title)
			}
		} else if string(p.Src) != string(want.Src) {
			t.Errorf("%s, whose front matter failed, holds %q; want its file %q", p.Path, p.Src, want.Src)
		}
		// As a build renders it: read, used, and given back, its buffer
		// then holding the next page's file.
		if err := p.ReadBody(fsys); err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		if string(p.Src) != string(want.Src) || string(p.Body) != string(want.Body) {
			t.Errorf("%s after ReadBody: Src %q, Body %q; LoadPage reads %q, %q", p.Path, p.Src, p.Body, want.Src, want.Body)
		}
		p.DropText()
		if err := p.ReadBody(fsys); err != nil || p.Src != nil || p.Body != nil {
			t.Errorf("%s: ReadBody after DropText read %d bytes, %v; want nothing", p.Path, len(p.Src), err)
		}
	}
}

// BenchmarkLoadDropBodies loads a 300-page corpus from its folder as a
// build does: with DropBodies, through sitefs, each page read into a
// reused buffer. Memory goes back to the system before each load, so
// that, as in a build's new process, the load touches it for the first
// time.
func BenchmarkLoadDropBodies(b *testing.B) {
	dir := b.TempDir()
	if _, err := corpus.WriteSite(corpus.Options{Pages: 300, Seed: os.DirFS("../..")}, dir); err != nil {
		b.Fatal(err)
	}
	fsys, err := sitefs.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer fsys.Close()
	for b.Loop() {
		b.StopTimer()
		debug.FreeOSMemory()
		b.StartTimer()
		var errs diag.List
		if site := content.Load(fsys, content.Options{DropBodies: true}, &errs); len(site.Pages) < 300 || errs.Err() != nil {
			b.Fatalf("loaded %d pages: %v", len(site.Pages), errs.Err())
		}
	}
}
