package publish_test

import (
	"fmt"
	"os"
	"path/filepath"
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
	defer func() { _ = out.Abort() }()
	if err := out.WriteRaw("a", []byte("file")); err != nil {
		t.Fatal(err)
	}
	if err := out.WriteRaw("a/b/index.html", []byte("page")); err == nil {
		t.Error("wrote a page below a file")
	}
}
