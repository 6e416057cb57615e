package build

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/corpus"
	"github.com/latticework/latticework/internal/render"
)

// BenchmarkLayout times laying out one already rendered page of a
// 1,000-page corpus with the default layouts: the template work every
// page of a large site pays (its sidebar, table of contents, metadata).
func BenchmarkLayout(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "site")
	c, err := corpus.WriteSite(corpus.Options{Pages: 1000, Seed: os.DirFS("../..")}, dir)
	if err != nil {
		b.Fatal(err)
	}
	bl := New(Options{Site: os.DirFS(dir), Defaults: latticework.Default, Check: true, Incremental: true})
	if _, err := bl.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	r := bl.last
	for _, p := range r.site.Pages {
		if p.File() != c.PageFile(555) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, p.File()))
		if err != nil {
			b.Fatal(err)
		}
		out := r.md.Render(render.Input{File: p.File(), Src: src, Body: p.Body, BodyLine: p.BodyLine}, r.errs)
		data := r.pageData(p, out)
		for b.Loop() {
			if err := r.tmpl.Execute(io.Discard, "page.html", data); err != nil {
				b.Fatal(err)
			}
		}
		return
	}
	b.Fatal("no page 555")
}
