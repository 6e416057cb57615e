package publish_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/latticework/latticework/internal/publish"
)

// Files written from many goroutines into nested folders, some sharing
// parents, all arrive; the previous output is replaced whole on Commit.
func TestOutputWritesNestedFiles(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(filepath.Join(dest, "old"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := publish.Stage(dest, publish.NewMinifier())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i := range 40 {
		names = append(names, fmt.Sprintf("docs/part-%d/page-%d/index.html", i%3, i))
	}
	names = append(names, "index.html", "docs/index.html")
	var wg sync.WaitGroup
	errs := make([]error, len(names))
	for i, name := range names {
		wg.Go(func() { errs[i] = out.WriteRaw(name, []byte(name)) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("write %s: %v", names[i], err)
		}
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(name)))
		if err != nil || string(data) != name {
			t.Errorf("%s: got %q, %v", name, data, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "old")); err == nil {
		t.Error("the previous output survived the commit")
	}
}

// A file where a folder is needed is an error, not a silent loss.
func TestOutputFileInTheWay(t *testing.T) {
	out, err := publish.Stage(filepath.Join(t.TempDir(), "public"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = publish.Remove(out.Dir()) }()
	if err := out.WriteRaw("a", []byte("file")); err != nil {
		t.Fatal(err)
	}
	if err := out.WriteRaw("a/b/index.html", []byte("page")); err == nil {
		t.Error("wrote a page below a file")
	}
}

// A streamed file larger than the write buffer arrives whole, in the
// staging folder and in memory.
func TestCreateStreams(t *testing.T) {
	page := bytes.Repeat([]byte("<p>0123456789</p>\n"), 20000) // 360 KB
	dest := filepath.Join(t.TempDir(), "public")
	out, err := publish.Stage(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	mem := &publish.Memory{}
	for _, sink := range []interface {
		Create(string) (io.WriteCloser, error)
	}{out, mem} {
		w, err := sink.Create("docs/a/index.html")
		if err != nil {
			t.Fatal(err)
		}
		for chunk := range slices.Chunk(page, 1000) {
			if _, err := w.Write(chunk); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	memDest := t.TempDir()
	if err := mem.Flush(memDest); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{dest, memDest} {
		got, err := os.ReadFile(filepath.Join(dir, "docs/a/index.html"))
		if err != nil || !bytes.Equal(got, page) {
			t.Errorf("%s: got %d bytes (%v), want %d", dir, len(got), err, len(page))
		}
	}
}

// BenchmarkPublishPages times publishing laid-out pages as a build does:
// each streamed into its own folder of the staging output, then the
// output committed in place of the last.
func BenchmarkPublishPages(b *testing.B) {
	page := bytes.Repeat([]byte("<p>Trust is built in drops and lost in buckets.</p>\n"), 2000) // 100 KB
	dest := filepath.Join(b.TempDir(), "public")
	const pages = 100
	for b.Loop() {
		out, err := publish.Stage(dest, nil)
		if err != nil {
			b.Fatal(err)
		}
		for i := range pages {
			w, err := out.Create(fmt.Sprintf("docs/part-%d/page-%d/index.html", i/10, i))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := w.Write(page); err != nil {
				b.Fatal(err)
			}
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
		}
		if err := out.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*pages), "µs/page")
	b.SetBytes(int64(len(page) * pages))
}

// Replace puts the new output in place and hands over the previous one,
// kept until Remove deletes it.
func TestOutputReplace(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, "index.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := publish.Stage(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.WriteRaw("index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	old, err := out.Replace()
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dest, "index.html")); string(data) != "new" {
		t.Errorf("after Replace the output holds %q, %v", data, err)
	}
	if data, err := os.ReadFile(filepath.Join(old, "index.html")); string(data) != "old" {
		t.Errorf("the previous output holds %q, %v, want it kept until removed", data, err)
	}
	if err := publish.Remove(old); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("the previous output is still there: %v", err)
	}
}

// Remove deletes a tree of many files and nested folders, empty ones
// included, named by a relative path as written ("./out/"), and accepts
// "" and a folder that does not exist.
func TestRemove(t *testing.T) {
	t.Chdir(t.TempDir())
	dir := "./out/"
	for i := range 300 {
		name := filepath.Join(dir, fmt.Sprintf("d%d", i%7), fmt.Sprintf("e%d", i%5), fmt.Sprintf("page-%d", i), "index.html")
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "empty", "deeper"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "top.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := publish.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s is still there: %v", dir, err)
	}
	if err := publish.Remove(dir); err != nil {
		t.Errorf("removing a missing folder: %v", err)
	}
	if err := publish.Remove(""); err != nil {
		t.Errorf(`Remove(""): %v`, err)
	}
}
