package publish

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// writeOld writes a file and dates it back, out of FileSum's racy window.
func writeOld(t *testing.T, name string, data []byte, age time.Duration) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-age)
	if err := os.Chtimes(name, old, old); err != nil {
		t.Fatal(err)
	}
}

// sleepPastRacyWindow lets a file's change time age past racyWindow; a
// change time cannot be set back.
func sleepPastRacyWindow(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("waits for the racy window")
	}
	time.Sleep(racyWindow + 100*time.Millisecond)
}

func TestFileSum(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	name := filepath.Join(dir, "module.wasm")
	writeOld(t, name, []byte("version one"), time.Hour)
	sleepPastRacyWindow(t)
	entries := func() []string {
		e, _ := filepath.Glob(filepath.Join(cache, "sums", "*"))
		return e
	}
	sum := func() [32]byte {
		t.Helper()
		s, err := FileSum(name, cache)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got, want := sum(), sha256.Sum256([]byte("version one")); got != want {
		t.Fatalf("sum %x, want %x", got, want)
	}
	if len(entries()) != 1 {
		t.Fatalf("cache entries %v, want one", entries())
	}

	// The remembered sum is what is returned while the file is unchanged:
	// an entry altered on purpose shows it was read.
	entry := entries()[0]
	b, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	stamp, _, _ := strings.Cut(string(b), "\n")
	fake := sha256.Sum256([]byte("remembered"))
	if err := os.WriteFile(entry, []byte(stamp+"\n"+hex.EncodeToString(fake[:])+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := sum(); got != fake {
		t.Fatalf("unchanged file: sum %x, want the remembered %x", got, fake)
	}

	// Same size, and the modification time put back as it was, as cp -p
	// or rsync -t would: the change time still tells.
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	writeOld(t, name, []byte("version two"), 0)
	if err := os.Chtimes(name, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got, want := sum(), sha256.Sum256([]byte("version two")); got != want {
		t.Fatalf("after a same-size edit: sum %x, want %x", got, want)
	}

	// Replaced by another file (a new inode), with the same size and times.
	other := filepath.Join(dir, "other")
	writeOld(t, other, []byte("version 3ee"), time.Hour)
	if err := os.Rename(other, name); err != nil {
		t.Fatal(err)
	}
	if got, want := sum(), sha256.Sum256([]byte("version 3ee")); got != want {
		t.Fatalf("after a rename over it: sum %x, want %x", got, want)
	}
}

func TestFileSumRacy(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	name := filepath.Join(dir, "module.wasm")
	if err := os.WriteFile(name, []byte("just written"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := must(FileSum(name, cache)), sha256.Sum256([]byte("just written")); got != want {
		t.Fatalf("sum %x, want %x", got, want)
	}
	// A file changed within the racy window could change again without
	// its stamp changing, so its sum is not remembered.
	if e, _ := filepath.Glob(filepath.Join(cache, "sums", "*")); len(e) != 0 {
		t.Fatalf("remembered the sum of a file changed just now: %v", e)
	}
}

func TestFileSumWithoutCache(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	writeOld(t, name, []byte("data"), time.Hour)
	if got, want := must(FileSum(name, "")), sha256.Sum256([]byte("data")); got != want {
		t.Fatalf("sum %x, want %x", got, want)
	}
	if _, err := FileSum(filepath.Join(t.TempDir(), "missing"), ""); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}

func TestVariants(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	src := filepath.Join(dir, "module.wasm")
	data := bytes.Repeat([]byte("module bytes "), 1000)
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	files, err := Variants(src, sum, cache)
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if !bytes.Equal(read(files[""]), data) {
		t.Error("the cached module differs from the source")
	}
	if b, err := io.ReadAll(brotli.NewReader(bytes.NewReader(read(files[".br"])))); err != nil || !bytes.Equal(b, data) {
		t.Errorf(".br does not decompress to the module: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(read(files[".gz"])))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(zr); err != nil || !bytes.Equal(b, data) {
		t.Errorf(".gz does not decompress to the module: %v", err)
	}
	for _, f := range files {
		// Linked into the output, entries must be readable by the server.
		if info, err := os.Stat(f); err != nil || info.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, %v; want 0644", f, info.Mode(), err)
		}
	}
	if tmp, _ := filepath.Glob(filepath.Join(cache, "precompressed", ".tmp-*")); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}

	// A missing copy is made again from the cached module, even once the
	// source has changed.
	if err := os.Remove(files[".gz"]); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, []byte("a new module"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Variants(src, sum, cache); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(files[".gz"]); err != nil {
		t.Fatal(err)
	}

	// A source that no longer has the sum asked for is an error, not a
	// cache entry under the wrong name.
	if _, err := Variants(src, sha256.Sum256([]byte("something else")), cache); err == nil || !strings.Contains(err.Error(), "changed during the build") {
		t.Fatalf("source with another sum: %v", err)
	}
}

func TestLink(t *testing.T) {
	for _, linkFails := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		o, err := Stage(dest, nil)
		if err != nil {
			t.Fatal(err)
		}
		src := filepath.Join(t.TempDir(), "entry")
		if err := os.WriteFile(src, []byte("module"), 0o644); err != nil {
			t.Fatal(err)
		}
		if linkFails {
			link = func(string, string) error { return &os.LinkError{Op: "link", Err: errors.New("cross-device link")} }
		}
		err = o.Link("assets/m.wasm", src)
		link = os.Link
		if err != nil {
			t.Fatal(err)
		}
		if err := o.Commit(); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dest, "assets", "m.wasm")
		if b, err := os.ReadFile(out); err != nil || string(b) != "module" {
			t.Fatalf("published %q, %v", b, err)
		}
		a, _ := os.Stat(src)
		b, _ := os.Stat(out)
		if linked := os.SameFile(a, b); linked == linkFails {
			t.Errorf("link failing %v: output is the cache entry: %v", linkFails, linked)
		}
	}
}

func TestCachedMinify(t *testing.T) {
	defer func(v func() string) { minifierVersion = v }(minifierVersion)
	minifierVersion = func() string { return "test" }
	cache := t.TempDir()
	calls := 0
	m := NewMinifier()
	minify := func(name string, data []byte) ([]byte, error) {
		calls++
		return m.Minify(name, data)
	}
	css := []byte("a { color : red ; }\n")
	for range 2 {
		got, err := CachedMinify(cache, "site.css", css, minify)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != "a{color:red}" {
			t.Fatalf("minified %q", got)
		}
	}
	if calls != 1 {
		t.Errorf("minified %d times, want once (cached)", calls)
	}
	// A changed asset is minified again.
	got, err := CachedMinify(cache, "site.css", []byte("b { color : blue }"), minify)
	if err != nil || string(got) != "b{color:blue}" || calls != 2 {
		t.Errorf("changed asset: %q, %v, %d calls", got, err, calls)
	}
	// So is the same text as another type.
	if _, err := CachedMinify(cache, "site.js", css, minify); calls != 3 {
		t.Errorf("same text as JS: %d calls, %v", calls, err)
	}
	// Another minifier version does not read this one's results.
	minifierVersion = func() string { return "test 2" }
	if _, err := CachedMinify(cache, "site.css", css, minify); err != nil || calls != 4 {
		t.Errorf("other minifier version: %d calls, %v", calls, err)
	}
	// HTML, minified with options, is not cached; nor is anything when the
	// version is unknown.
	for range 2 {
		if _, err := CachedMinify(cache, "page.html", []byte("<p>hi</p>"), minify); err != nil {
			t.Fatal(err)
		}
	}
	minifierVersion = func() string { return "" }
	for range 2 {
		if _, err := CachedMinify(cache, "site.css", css, minify); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 8 {
		t.Errorf("%d calls, want 8: HTML or an unknown version was cached", calls)
	}
	// Errors are returned, and nothing is cached for them.
	minifierVersion = func() string { return "test" }
	for range 2 {
		if _, err := CachedMinify(cache, "bad.js", []byte("let = ;"), minify); err == nil {
			t.Error("no error for bad JS")
		}
	}
	if calls != 10 {
		t.Errorf("%d calls, want 10: a failure was cached", calls)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
