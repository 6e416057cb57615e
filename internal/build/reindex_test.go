package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latticework/latticework"
)

// TestReindexWritesWhatChanged checks that the search index rewrite after
// a rebuild replaces exactly the index files whose bytes change, in every
// locale, and none when no page's text changed. TestRebuildMatchesBuild
// checks the files are right.
func TestReindexWritesWhatChanged(t *testing.T) {
	dir := writeSite(t, keepSite)
	b, out, _ := buildServed(t, withScorer(t, Options{Site: os.DirFS(dir), Defaults: latticework.Default, Drafts: true}))
	ctx := context.Background()
	type file struct {
		info fs.FileInfo
		data []byte
	}
	index := func() map[string]file {
		files := map[string]file{}
		err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.Contains(filepath.ToSlash(p), "/search/") {
				return err
			}
			info, err := os.Stat(p)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(p)
			files[p] = file{info, data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	for _, step := range []struct {
		name, file, old, new string
		changes              bool // some page's text
	}{
		{"a sidebar position", "content/docs/guide/c.md", "sidebar_position: 3", "sidebar_position: 0", false},
		{"a category's label", "content/docs/guide/_category_.json", `"position": 1`, `"position": 3`, false},
		{"a title", "content/docs/guide/c.md", "title: Sea", "title: See", true},
		{"a body", "content/docs/more/e.md", "Text of E.", "New text of E.", true},
	} {
		before := index()
		editFile(t, dir, step.file, step.old, step.new)
		if _, err := b.Rebuild(ctx, []string{step.file}); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		b.Wait()
		after := index()
		replaced, same := 0, 0
		for p, now := range after {
			was, ok := before[p]
			if !ok {
				continue
			}
			equal := bytes.Equal(was.data, now.data)
			if kept := os.SameFile(was.info, now.info) && was.info.ModTime().Equal(now.info.ModTime()); kept != equal {
				t.Errorf("%s: %s: bytes equal %v, file kept %v", step.name, p, equal, kept)
			}
			if equal {
				same++
			} else {
				replaced++
			}
		}
		if step.changes != (replaced > 0) || same == 0 {
			t.Errorf("%s: %d index files replaced, %d kept", step.name, replaced, same)
		}
	}
}

// TestReindexGivesWay checks that a rewrite of the search index that
// gives way to the next rebuild is done once it is, even when that
// rebuild leaves the pages' text as it was.
func TestReindexGivesWay(t *testing.T) {
	dir := writeSite(t, keepSite)
	opts := withScorer(t, Options{Site: os.DirFS(dir), Defaults: latticework.Default, Drafts: true})
	b, out, _ := buildServed(t, opts)
	ctx := context.Background()
	file := "content/docs/guide/c.md"
	editFile(t, dir, file, "title: Sea", "title: See")
	if _, err := b.Rebuild(ctx, []string{file}); err != nil {
		t.Fatal(err)
	}
	// The next run starts while the rewrite is under way (or before it
	// starts), and changes no page's text.
	done := b.busy()
	editFile(t, dir, file, "sidebar_position: 3", "sidebar_position: 0")
	_, err := b.Rebuild(ctx, []string{file})
	done()
	if err != nil {
		t.Fatal(err)
	}
	b.Wait()
	sameAsBuild(t, ctx, opts, out)
}
