package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/diag"
)

// FuzzSite builds whole site folders: a page, its folder's category file
// and an exercise file, together, as a pull request could change them. No
// input may panic or write beside the output; a build either succeeds,
// with its pages in the output, or reports file:line problems and leaves
// no output at all.
func FuzzSite(f *testing.F) {
	exercise, _ := os.ReadFile("../../exercises/inversion.yaml")
	f.Add(
		[]byte("---\ntitle: Page\nsidebar_position: 2\nimage: /img/a.png\n---\n# Page\n\n:::tip Try\nThis.\n:::\n\n[Home](/) [x](./other.md#part)\n\n```exercise\ninversion\n```\n"),
		[]byte(`{"label": "Docs", "position": 1, "collapsed": false}`),
		exercise,
	)
	f.Add([]byte("---\ntitle: [a, b]\n---\n- a\n  - b\n    - c\n"), []byte("label: Docs\nposition: x\n"), []byte("id: x\ntitle: X\nsections: []\n"))
	f.Add([]byte("\ufeff---\ntitle: \"open\n---\n<script>alert(1)</script>"), []byte(`{"label": "Docs",}`), []byte("id: [\n"))
	// A stand-in scoring module: worksheets are published, not run.
	wasm := f.TempDir()
	for name, data := range map[string]string{"scorer.wasm": "\x00asm\x01\x00\x00\x00", "wasm_exec.js": "globalThis.Go = class {};\n"} {
		if err := os.WriteFile(filepath.Join(wasm, name), []byte(data), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	// The cache, shared by every run, keeps minified assets and the
	// compressed module: what each run rebuilds is what the inputs change.
	cache := f.TempDir()
	f.Fuzz(func(t *testing.T, page, category, exercise []byte) {
		site := fstest.MapFS{
			"latticework.yaml":             {Data: []byte("title: Fuzz\nbaseURL: https://example.org/\n")},
			"content/index.md":             {Data: []byte("---\ntitle: Home\n---\n# Home\n")},
			"content/docs/other.md":        {Data: []byte("---\ntitle: Other\n---\n# Other\n\n## Part\n")},
			"content/docs/page.md":         {Data: page},
			"content/docs/_category_.json": {Data: category},
			"exercises/inversion.yaml":     {Data: exercise},
		}
		dir := t.TempDir()
		out := filepath.Join(dir, "public")
		_, err := New(Options{Site: site, Defaults: latticework.Default, Out: out, WASMDir: wasm, CacheDir: cache}).Build(context.Background())
		entries, _ := os.ReadDir(dir)
		if err != nil {
			var problems diag.Problems
			if !errors.As(err, &problems) {
				t.Fatalf("error is %T, not a list of problems: %v", err, err)
			}
			for _, p := range problems {
				if p.File == "" || p.Msg == "" || p.Line < 0 || p.Col < 0 {
					t.Fatalf("problem without a place or message: %+v", p)
				}
			}
			if len(entries) != 0 {
				t.Fatalf("a failed build left %v beside its output", names(entries))
			}
			return
		}
		if len(entries) != 1 || entries[0].Name() != "public" {
			t.Fatalf("the build wrote %v, want only public/", names(entries))
		}
		for _, page := range []string{"index.html", "docs/other/index.html"} {
			if _, err := os.Stat(filepath.Join(out, page)); err != nil {
				t.Fatal("a successful build lacks a page:", err)
			}
		}
	})
}

func names(entries []os.DirEntry) string {
	var s []string
	for _, e := range entries {
		s = append(s, e.Name())
	}
	return strings.Join(s, ", ")
}
