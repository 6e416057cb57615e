package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/latticework/latticework"
)

// browsers is a dev server with pages open, which notes what it holds.
type browsers struct {
	open     []string
	mu       sync.Mutex
	held     []string // the pages not held, at the last Hold
	released bool
}

func (b *browsers) Open() []string { return b.open }

func (b *browsers) Hold(open []string) func() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.held, b.released = open, false
	return func() {
		b.mu.Lock()
		b.released = true
		b.mu.Unlock()
	}
}

// TestRebuildOpenFirst edits the layout and the stylesheet of a site with
// pages open in browsers: Rebuild returns once the open pages are
// published, the others follow in the background while the server holds
// them, and the output then is a full build's. A layout that fails on a
// page not open leaves the output as it was, open pages included.
func TestRebuildOpenFirst(t *testing.T) {
	archive := keepSite
	for i := range 2 * fastRenderMin {
		archive += fmt.Sprintf("-- content/docs/many/p%02d.md --\n---\ntitle: Page %d\n---\n# Page %d\n\nText %d.\n", i, i, i, i)
	}
	dir := writeSite(t, archive)
	ownSiteCSS(t, dir)
	opts := withScorer(t, Options{Site: os.DirFS(dir), Defaults: latticework.Default, Drafts: true})
	served := opts
	open := &browsers{open: []string{"/docs/guide/a/", "/zh/docs/more/d/index.html"}}
	served.Out, served.Incremental, served.Browsers = filepath.Join(t.TempDir(), "public"), true, open
	b := New(served)
	t.Cleanup(b.Wait)
	ctx := context.Background()
	if _, err := b.Build(ctx); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(served.Out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	for _, step := range []struct{ name, file, new, marker string }{
		{"a layout", "layouts/footer.html", `<footer class="footer"><p>Edited</p></footer>`, "<p>Edited</p>"},
		{"a stylesheet", "layouts/assets/site.css", "\n.edited{color:red}\n", ""},
	} {
		before := read("docs/guide/a/index.html")
		editFile(t, dir, step.file, "", step.new)
		res, err := b.Rebuild(ctx, []string{step.file})
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if res.Rest == nil {
			t.Fatalf("%s: %d pages laid out, none left for later", step.name, res.LaidOut)
		}
		for _, name := range []string{"docs/guide/a/index.html", "zh/docs/more/d/index.html"} {
			if now := read(name); now == before || !strings.Contains(now, step.marker) {
				t.Errorf("%s: open page %s not published when Rebuild returned", step.name, name)
			}
		}
		open.mu.Lock()
		held := strings.Join(open.held, " ")
		open.mu.Unlock()
		if held != strings.Join(open.open, " ") {
			t.Errorf("%s: held all but %q, want all but the open pages", step.name, held)
		}
		if err := <-res.Rest; err != nil {
			t.Fatalf("%s: the pages not open: %v", step.name, err)
		}
		open.mu.Lock()
		if !open.released {
			t.Errorf("%s: pages still held", step.name)
		}
		open.mu.Unlock()
		b.Wait()
		sameAsBuild(t, ctx, opts, served.Out)
		if t.Failed() {
			t.Fatalf("after %s", step.name)
		}
	}

	// Laying out fails on a page not open, after the open ones are
	// published: they are put back.
	last := filepath.Join(t.TempDir(), "last")
	if err := os.CopyFS(last, os.DirFS(served.Out)); err != nil {
		t.Fatal(err)
	}
	footer := func(text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "layouts", "footer.html"), []byte(`{{define "footer.html"}}`+text+`{{end}}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	footer(`{{if eq .Title "Page 7"}}{{index "abc" 10}}{{end}}<footer class="footer"><p>Broken</p></footer>`)
	editFile(t, dir, "layouts/assets/site.css", "", "\n.broken{color:red}\n")
	res, err := b.Rebuild(ctx, []string{"layouts/footer.html", "layouts/assets/site.css"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read("docs/guide/a/index.html"), "<p>Broken</p>") {
		t.Error("the open page not published first")
	}
	if err := <-res.Rest; err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Fatalf("the failed layout: err = %v", err)
	}
	b.Wait()
	sameTree(t, served.Out, last)

	// Fixed, the site catches up.
	footer(`<footer class="footer"><p>Fixed</p></footer>`)
	res, err = b.Rebuild(ctx, []string{"layouts/footer.html"})
	if err == nil && res.Rest != nil {
		err = <-res.Rest
	}
	if err != nil {
		t.Fatal(err)
	}
	b.Wait()
	sameAsBuild(t, ctx, opts, served.Out)
}
