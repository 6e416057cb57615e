package watch

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// patience bounds every wait for a batch. It is generous because the tests
// share a small machine with other builds; no test asserts speed.
const patience = 20 * time.Second

func start(t *testing.T, quiet time.Duration, roots ...string) *Watcher {
	t.Helper()
	w, err := New(roots, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// collect receives batches until every path in want has been seen, and
// returns the batches received. It fails the test on timeout.
func collect(t *testing.T, w *Watcher, want ...string) [][]string {
	t.Helper()
	var got [][]string
	seen := map[string]bool{}
	timeout := time.After(patience)
	for {
		missing := slices.DeleteFunc(slices.Clone(want), func(p string) bool { return seen[p] })
		if len(missing) == 0 {
			return got
		}
		select {
		case b, ok := <-w.Batches():
			if !ok {
				t.Fatalf("Batches closed; still waiting for %q", missing)
			}
			if !slices.IsSorted(b) || len(slices.Compact(slices.Clone(b))) != len(b) {
				t.Errorf("batch not sorted and unique: %q", b)
			}
			got = append(got, b)
			for _, p := range b {
				seen[p] = true
			}
		case err := <-w.Errors():
			t.Fatalf("watch error: %v", err)
		case <-timeout:
			t.Fatalf("timed out waiting for %q; got batches %q", missing, got)
		}
	}
}

func contains(batches [][]string, path string) bool {
	for _, b := range batches {
		if slices.Contains(b, path) {
			return true
		}
	}
	return false
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func tempRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCreateEditRenameDelete(t *testing.T) {
	root := tempRoot(t)
	os.Mkdir(filepath.Join(root, "docs"), 0o755)
	w := start(t, 0, root)

	a := filepath.Join(root, "docs", "a.md")
	write(t, a, "one")
	collect(t, w, a)

	write(t, a, "two")
	collect(t, w, a)

	b := filepath.Join(root, "docs", "b.md")
	if err := os.Rename(a, b); err != nil {
		t.Fatal(err)
	}
	collect(t, w, a, b)

	if err := os.Remove(b); err != nil {
		t.Fatal(err)
	}
	collect(t, w, b)
}

func TestNewNestedDirectories(t *testing.T) {
	root := tempRoot(t)
	w := start(t, 0, root)

	// Files written straight after MkdirAll may land before the watcher has
	// added the new directories; they must be reported anyway.
	deep := filepath.Join(root, "x", "y", "z")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(deep, "f.md")
	write(t, f, "f")
	collect(t, w, filepath.Join(root, "x"), f)

	// Now the new directories are watched.
	g := filepath.Join(deep, "g.md")
	write(t, g, "g")
	collect(t, w, g)
}

func TestDirectoryMovedIn(t *testing.T) {
	root := tempRoot(t)
	outside := tempRoot(t)
	src := filepath.Join(outside, "guide")
	os.MkdirAll(filepath.Join(src, "part"), 0o755)
	write(t, filepath.Join(src, "part", "intro.md"), "intro")
	w := start(t, 0, root)

	dst := filepath.Join(root, "guide")
	if err := os.Rename(src, dst); err != nil {
		t.Fatal(err)
	}
	intro := filepath.Join(dst, "part", "intro.md")
	collect(t, w, dst, intro)

	write(t, intro, "edited")
	collect(t, w, intro)
}

func TestDirectoryRemovedAndRecreated(t *testing.T) {
	root := tempRoot(t)
	dir := filepath.Join(root, "blog")
	os.Mkdir(dir, 0o755)
	w := start(t, 0, root)

	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	collect(t, w, dir)

	os.Mkdir(dir, 0o755)
	post := filepath.Join(dir, "post.md")
	write(t, post, "p")
	collect(t, w, post)
	write(t, post, "p2")
	collect(t, w, post)
}

func TestDirectoryRenamedAway(t *testing.T) {
	root := tempRoot(t)
	old := filepath.Join(root, "old")
	os.Mkdir(old, 0o755)
	w := start(t, 0, root)

	renamed := filepath.Join(root, "new")
	if err := os.Rename(old, renamed); err != nil {
		t.Fatal(err)
	}
	collect(t, w, old, renamed)

	// The watch follows the new name, and changes are reported under it.
	f := filepath.Join(renamed, "f.md")
	write(t, f, "f")
	got := collect(t, w, f)
	if contains(got, filepath.Join(old, "f.md")) {
		t.Errorf("change reported under the directory's old name: %q", got)
	}
}

func TestAtomicSave(t *testing.T) {
	root := tempRoot(t)
	target := filepath.Join(root, "page.md")
	write(t, target, "old")
	w := start(t, 0, root)

	temps := []string{
		filepath.Join(root, "page.md.tmp"),
		filepath.Join(root, "page.md___jb_tmp___"),
	}
	for _, tmp := range temps {
		write(t, tmp, "new")
		if err := os.Rename(tmp, target); err != nil {
			t.Fatal(err)
		}
		got := collect(t, w, target)
		for _, p := range temps {
			if contains(got, p) {
				t.Errorf("temporary file %s reported: %q", p, got)
			}
		}
	}

	// vim's default: rename the original to a backup, write a fresh file,
	// delete the backup.
	backup := target + "~"
	if err := os.Rename(target, backup); err != nil {
		t.Fatal(err)
	}
	write(t, target, "vim")
	os.Remove(backup)
	got := collect(t, w, target)
	if contains(got, backup) {
		t.Errorf("backup reported: %q", got)
	}
}

func TestScratchFilesAndChmodIgnored(t *testing.T) {
	root := tempRoot(t)
	page := filepath.Join(root, "page.md")
	write(t, page, "x")
	w := start(t, 0, root)

	scratch := []string{".page.md.swp", ".page.md.swx", "page.md~", "4913", ".#page.md", "#page.md#", ".DS_Store", "x.tmp", "page.md___jb_old___"}
	for _, name := range scratch {
		write(t, filepath.Join(root, name), "scratch")
		os.Remove(filepath.Join(root, name))
	}
	if err := os.Chmod(page, 0o600); err != nil {
		t.Fatal(err)
	}
	// Written last, so once it is seen the events above have been handled.
	sentinel := filepath.Join(root, "sentinel.md")
	write(t, sentinel, "s")

	got := collect(t, w, sentinel)
	for _, b := range got {
		for _, p := range b {
			if p != sentinel {
				t.Errorf("unexpected path reported: %s", p)
			}
		}
	}
}

func TestBurstCoalesced(t *testing.T) {
	root := tempRoot(t)
	page := filepath.Join(root, "page.md")
	// A longer quiet window than the default keeps this test meaningful on
	// a loaded machine, where writes in one loop can be far apart.
	w := start(t, 100*time.Millisecond, root)

	for i := range 100 {
		write(t, page, strconv.Itoa(i))
	}
	sentinel := filepath.Join(root, "sentinel.md")
	write(t, sentinel, "s")

	got := collect(t, w, page, sentinel)
	if len(got) > 5 {
		t.Errorf("100 writes delivered as %d batches, want a few", len(got))
	}
}

func TestConstantStreamStillDelivers(t *testing.T) {
	root := tempRoot(t)
	page := filepath.Join(root, "page.md")
	w := start(t, 50*time.Millisecond, root)

	stop := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
				os.WriteFile(page, []byte(strconv.Itoa(i)), 0o644)
			}
		}
	}()
	// The writer never pauses for a whole quiet window, so only the bound
	// on how long a batch is held gets this batch out.
	collect(t, w, page)
	close(stop)
	<-stopped
}

func TestMissingRootSkipped(t *testing.T) {
	root := tempRoot(t)
	w := start(t, 0, filepath.Join(root, "missing"), root)
	f := filepath.Join(root, "f.md")
	write(t, f, "f")
	collect(t, w, f)
}

func TestRootNotDirectory(t *testing.T) {
	root := tempRoot(t)
	f := filepath.Join(root, "f.md")
	write(t, f, "f")
	if w, err := New([]string{f}, 0); err == nil {
		w.Close()
		t.Fatal("New accepted a file as a root")
	}
}

func TestRelativeRootReportsAbsolutePaths(t *testing.T) {
	root := tempRoot(t)
	t.Chdir(root)
	os.Mkdir("content", 0o755)
	w := start(t, 0, "content")
	write(t, filepath.Join("content", "a.md"), "a")
	collect(t, w, filepath.Join(root, "content", "a.md"))
}

func TestCloseClosesChannels(t *testing.T) {
	root := tempRoot(t)
	w, err := New([]string{root}, 0)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "pending.md"), "x")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for range w.Batches() {
	}
	for range w.Errors() {
	}
	w.Close() // a second Close is harmless
}

func TestIgnored(t *testing.T) {
	for _, name := range []string{
		".index.md.swp", ".index.md.swo", ".index.md.swx", "index.md~", "4913",
		".#index.md", "#index.md#", ".DS_Store", "index.md.tmp",
		"index.md___jb_tmp___", "index.md___jb_old___",
	} {
		if !Ignored(filepath.Join("content", name)) {
			t.Errorf("Ignored(%q) = false, want true", name)
		}
	}
	for _, name := range []string{
		"index.md", ".gitignore", "swap.md", "#", "notes.swp.md", "49130", ".well-known", "style.css",
	} {
		if Ignored(filepath.Join("content", name)) {
			t.Errorf("Ignored(%q) = true, want false", name)
		}
	}
}
