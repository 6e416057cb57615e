package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/wasmbuild"
)

// quizExercise is a small exercise definition, as a txtar file.
const quizExercise = `-- exercises/quiz.yaml --
id: quiz
title: Quiz
sections:
  - title: One
    fields:
      - {id: answer, kind: text, label: Answer}
examples:
  - name: answered
    answers: {answer: yes}
    expect: {complete: true}
`

// quizSite is a one-page site whose page embeds quizExercise.
const quizSite = "-- content/a.md --\n---\ntitle: A\n---\n# Quiz\n\n```exercise\nquiz\n```\n" + quizExercise

// modified is when fakeModule's files were last modified, as far as
// their modification times say.
var modified = time.Now().Add(-time.Hour).Truncate(time.Second)

// fakeModule writes a stand-in scoring module and support script into a
// folder, dated back to modified.
func fakeModule(t *testing.T, dir string, module []byte) {
	t.Helper()
	for name, data := range map[string][]byte{wasmbuild.Module: module, wasmbuild.Support: []byte("var  x = 1 ;\n")} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, modified, modified); err != nil {
			t.Fatal(err)
		}
	}
}

var moduleRef = regexp.MustCompile(`/assets/scorer\.[0-9a-f]+\.wasm`)

// publishedModule returns the module the built page names, and checks
// that its compressed copies are there.
func publishedModule(t *testing.T, out string) []byte {
	t.Helper()
	ref := moduleRef.FindString(read(t, out, "a/index.html"))
	if ref == "" {
		t.Fatal("the page names no module")
	}
	for _, ext := range []string{".br", ".gz"} {
		if _, err := os.Stat(filepath.Join(out, ref+ext)); err != nil {
			t.Error(err)
		}
	}
	return []byte(read(t, out, ref))
}

// TestChangedModuleIsPublished checks that the cache of the module's sum
// and compressed copies never publishes a stale module, even after an
// edit that keeps its size and modification time.
func TestChangedModuleIsPublished(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the cache's racy window")
	}
	wasm, cache := t.TempDir(), t.TempDir()
	out := filepath.Join(t.TempDir(), "public")
	opts := Options{Site: siteFS(t, quizSite), Defaults: latticework.Default, Out: out, WASMDir: wasm, CacheDir: cache}
	build := func() {
		t.Helper()
		if _, err := New(opts).Build(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	v1, v2 := bytes.Repeat([]byte("one "), 100), bytes.Repeat([]byte("two "), 100)
	fakeModule(t, wasm, v1)
	time.Sleep(2100 * time.Millisecond) // past the racy window, so the sum is remembered
	build()
	if got := publishedModule(t, out); !bytes.Equal(got, v1) {
		t.Fatalf("published %q, want the module", got)
	}
	build() // from the cache
	if got := publishedModule(t, out); !bytes.Equal(got, v1) {
		t.Fatalf("rebuilt from the cache: published %q, want the module", got)
	}
	sums, _ := filepath.Glob(filepath.Join(cache, "sums", "*"))
	if len(sums) != 1 {
		t.Fatalf("sums cached: %v, want one", sums)
	}

	// Rewritten in place, same size, modification time put back.
	fakeModule(t, wasm, v2)
	build()
	if got := publishedModule(t, out); !bytes.Equal(got, v2) {
		t.Fatalf("after an edit: published %q, want the new module", got)
	}
}

// TestModuleWithoutCache checks that a build without a cache folder still
// publishes the module and its compressed copies.
func TestModuleWithoutCache(t *testing.T) {
	wasm := t.TempDir()
	fakeModule(t, wasm, []byte("module"))
	out := filepath.Join(t.TempDir(), "public")
	res, err := New(Options{Site: siteFS(t, quizSite), Defaults: latticework.Default, Out: out, WASMDir: wasm}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := publishedModule(t, out); string(got) != "module" {
		t.Fatalf("published %q", got)
	}
	if js, _ := filepath.Glob(filepath.Join(out, "assets", "wasm_exec.*.js")); len(js) != 1 || read(t, out, "assets/"+filepath.Base(js[0])) != "var x=1" {
		t.Errorf("support script %v not published minified", js)
	}
	if res.Files == 0 {
		t.Error("no files counted")
	}
}

// TestCheckLeavesCacheAlone checks that a check, which publishes nothing,
// neither compresses the module nor caches unminified assets.
func TestCheckLeavesCacheAlone(t *testing.T) {
	wasm, cache := t.TempDir(), t.TempDir()
	fakeModule(t, wasm, []byte("module"))
	opts := Options{Site: siteFS(t, quizSite), Defaults: latticework.Default, WASMDir: wasm, CacheDir: cache, Check: true}
	if _, err := New(opts).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"precompressed", "minified"} {
		if e, _ := filepath.Glob(filepath.Join(cache, dir, "*")); len(e) != 0 {
			t.Errorf("a check wrote %v", e)
		}
	}
}

// TestRebuildPublishesModuleFirstUsed checks that an edit adding the
// site's first worksheet publishes the scoring module it needs.
func TestRebuildPublishesModuleFirstUsed(t *testing.T) {
	wasm := t.TempDir()
	fakeModule(t, wasm, []byte("module"))
	site := strings.Replace(quizSite, "```exercise\nquiz\n```", "No worksheet yet.", 1)
	dir := writeSite(t, site)
	out := filepath.Join(t.TempDir(), "public")
	b := New(Options{Site: os.DirFS(dir), Defaults: latticework.Default, Out: out, WASMDir: wasm, CacheDir: t.TempDir(), Incremental: true})
	t.Cleanup(b.Wait) // the rebuild rewrites the search index in the background
	ctx := context.Background()
	if _, err := b.Build(ctx); err != nil {
		t.Fatal(err)
	}
	if moduleRef.MatchString(read(t, out, "a/index.html")) {
		t.Fatal("the page names a module before it has a worksheet")
	}
	if err := os.WriteFile(filepath.Join(dir, "content/a.md"), []byte("---\ntitle: A\n---\n# Quiz\n\n```exercise\nquiz\n```\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := b.Rebuild(ctx, []string{"content/a.md"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Full {
		t.Fatal("a body edit rebuilt the whole site")
	}
	if got := publishedModule(t, out); string(got) != "module" {
		t.Fatalf("published %q, want the module", got)
	}
}
