package sitefs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFastRead checks that a file with no link on its path is read in one
// openat2, with what os.Root reads, and that everything else is left to
// os.Root: links, folders, missing files and paths out of the site.
func TestFastRead(t *testing.T) {
	dir, _ := site(t, map[string]string{
		"static/link.txt": "a.txt",
		"linked":          "static/sub",
	})
	if err := os.WriteFile(filepath.Join(dir, "static", "sub", "big.txt"), []byte(strings.Repeat("x", 100_000)), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.fast == nil {
		t.Fatal("no fast reader")
	}
	for _, name := range []string{"static/a.txt", "static/sub/b.txt", "static/sub/big.txt"} {
		data, ok := f.fast.read(name, nil)
		if !ok {
			if f.fast.off.Load() {
				t.Skip("openat2 is not allowed here")
			}
			t.Fatalf("%s: not read by the fast path", name)
		}
		want, err := f.root.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != string(want) {
			t.Errorf("%s: read %d bytes, want %d", name, len(data), len(want))
		}
	}
	for _, name := range []string{"static/link.txt", "linked/b.txt", "static", "static/none.txt", "../secret.txt", "/etc/passwd", "static/../static/a.txt"} {
		if _, ok := f.fast.read(name, nil); ok {
			t.Errorf("%s: read by the fast path, want it left to os.Root", name)
		}
	}
	// What the fast path leaves is still read as before.
	for name, want := range map[string]string{"static/link.txt": "a", "linked/b.txt": "b"} {
		if data, err := f.ReadFile(name); err != nil || string(data) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, data, err, want)
		}
	}
	// ReadFileInto reads into the memory it is given when the file fits,
	// and into new memory, leaving the buffer alone, when it does not.
	buf := make([]byte, 200_000)
	data, err := f.ReadFileInto("static/sub/big.txt", buf)
	if err != nil || len(data) != 100_000 || &data[0] != &buf[0] || strings.Trim(string(data), "x") != "" {
		t.Errorf("ReadFileInto a large enough buffer: %d bytes, in it: %v, %v", len(data), len(data) > 0 && &data[0] == &buf[0], err)
	}
	small := []byte("untouched")
	data, err = f.ReadFileInto("static/sub/big.txt", small[:2])
	if err != nil || len(data) != 100_000 || string(small) != "untouched" {
		t.Errorf("ReadFileInto a small buffer: %d bytes, buffer now %q, %v", len(data), small, err)
	}
}

// BenchmarkReadFile reads a page five folders deep, as a build reads each
// page, with and without the fast path.
func BenchmarkReadFile(b *testing.B) {
	dir := b.TempDir()
	name := "content/docs/part/chapter/section/page.md"
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Repeat("word ", 10_000)), 0o644); err != nil {
		b.Fatal(err)
	}
	f, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	for _, fast := range []bool{true, false} {
		b.Run(map[bool]string{true: "fast", false: "root"}[fast], func(b *testing.B) {
			f.fast.off.Store(!fast)
			for b.Loop() {
				if _, err := f.ReadFile(name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
