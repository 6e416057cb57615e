package build

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// groupsSite returns a site of n pages besides its home page, each with
// a heading of its own.
func groupsSite(n int) string {
	var b strings.Builder
	b.WriteString("-- latticework.yaml --\ntitle: Groups\nbaseURL: https://example.org/\n-- content/index.md --\n---\ntitle: Home\n---\n# Home\n\nWelcome.\n")
	for i := range n {
		fmt.Fprintf(&b, "-- content/docs/p%02d.md --\n---\ntitle: Page %d\n---\n# Page %d\n\n## Part %d\n\nText of page %d.\n", i, i, i, i, i)
	}
	return b.String()
}

// fragmentFiles returns the files of the search index's fragments in the
// output out, by name, and what the manifest says of their groups.
func fragmentFiles(t *testing.T, out string) (map[string]outputFile, int) {
	t.Helper()
	var m struct{ G int }
	data, err := os.ReadFile(filepath.Join(out, "search/manifest.json"))
	if err != nil || json.Unmarshal(data, &m) != nil || m.G < 1 {
		t.Fatalf("search/manifest.json: %v, g %d", err, m.G)
	}
	files := map[string]outputFile{}
	dir := filepath.Join(out, "search/p")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		info, err := os.Stat(p)
		data, err2 := os.ReadFile(p)
		if err != nil || err2 != nil {
			t.Fatal(err, err2)
		}
		files[e.Name()] = outputFile{info, data}
	}
	return files, m.G
}

// onlyChanged checks that of the fragment files before and after an
// edit of one page's heading, exactly one holds other bytes, the group of
// that page's entry, and the others are the very files they were.
func onlyChanged(t *testing.T, name string, before, after map[string]outputFile, url string) {
	t.Helper()
	if len(after) != len(before) {
		t.Fatalf("%s: %d fragment files, then %d", name, len(before), len(after))
	}
	changed := 0
	for f, now := range after {
		was := before[f]
		if bytes.Equal(was.data, now.data) {
			if !os.SameFile(was.info, now.info) || !was.info.ModTime().Equal(now.info.ModTime()) {
				t.Errorf("%s: %s rewritten, unchanged", name, f)
			}
			continue
		}
		changed++
		if !bytes.Contains(now.data, []byte(`"u":"`+url+`"`)) {
			t.Errorf("%s: %s changed, though it does not hold %s", name, f, url)
		}
	}
	if changed != 1 {
		t.Errorf("%s: %d fragment files changed, want 1", name, changed)
	}
}

// TestSearchFragmentGroups checks that a site of more pages than a
// fragment file holds has one file per group of pages, and that after one
// page's heading is edited, a warm build and the dev server's rewrite of
// the index each write that page's group's file again and no other.
func TestSearchFragmentGroups(t *testing.T) {
	trustSources(t)
	const n = 20
	dir := writeSite(t, groupsSite(n))
	out, cache := filepath.Join(t.TempDir(), "public"), newCache(t)
	res := cachedBuild(t, dir, out, cache)
	before, g := fragmentFiles(t, out)
	if want := (res.Pages + g - 1) / g; res.Pages <= g || len(before) != want {
		t.Fatalf("%d pages, %d to a file: %d fragment files, want %d", res.Pages, g, len(before), want)
	}

	kept := -1
	indexResumed = func(n int) { kept = n }
	t.Cleanup(func() { indexResumed = nil })
	editFile(t, dir, "content/docs/p09.md", "## Part 9", "## Part nine")
	warmBuildAsCold(t, "a heading", dir, out, cache)
	if kept != len(before)-1 {
		t.Errorf("the warm build kept %d fragment files, want %d", kept, len(before)-1)
	}
	after, _ := fragmentFiles(t, out)
	onlyChanged(t, "warm build", before, after, "/docs/p09/")

	// The dev server.
	b, devOut := buildIncremental(t, dir)
	before, _ = fragmentFiles(t, devOut)
	const page = "content/docs/p14.md"
	editFile(t, dir, page, "## Part 14", "## Part fourteen")
	if _, err := b.Rebuild(context.Background(), []string{page}); err != nil {
		t.Fatal(err)
	}
	b.Wait()
	after, _ = fragmentFiles(t, devOut)
	onlyChanged(t, "rebuild", before, after, "/docs/p14/")
}
