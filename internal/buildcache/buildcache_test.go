package buildcache

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func src(s string) [32]byte { return Key("test", []byte(s)) }

// TestStore puts records, reads them back in the next build, and checks
// that a store is ignored under another key and locked while open.
func TestStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pages")
	key := Key("v1", []byte("config"))
	s := Open(dir, key)
	if s == nil {
		t.Fatal("no store")
	}
	if Open(dir, key) != nil {
		t.Error("a second build opened the store while the first holds it")
	}
	s.Put("a", src("a"), []byte("meta a"), []byte("large a"))
	s.Put("b", src("b"), []byte("meta b"), nil)
	s.SetNote("n", []byte("note"))
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}

	s = Open(dir, key)
	if e := s.Lookup("a", src("changed")); e != nil {
		t.Error("found a record for another source")
	}
	e := s.Lookup("a", src("a"))
	if e == nil {
		t.Fatal("record a lost")
	}
	if m, err := s.Meta(e); err != nil || string(m) != "meta a" {
		t.Errorf("meta %q, %v", m, err)
	}
	if l, err := s.Part(e); err != nil || string(l) != "large a" {
		t.Errorf("part %q, %v", l, err)
	}
	if string(s.Note("n")) != "note" {
		t.Errorf("note %q", s.Note("n"))
	}
	s.Keep("a", e) // b is gone from the site
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	s = Open(dir, key)
	if s.Lookup("b", src("b")) != nil || s.Lookup("a", src("a")) == nil || s.Note("n") != nil {
		t.Error("the index is not what the last build kept")
	}
	s.Close()
	if s := Open(dir, Key("v2", []byte("config"))); s.Lookup("a", src("a")) != nil {
		t.Error("a store written under another key was read")
	}
}

// TestStoreCompacts checks that packs whose records are mostly unneeded
// are rewritten and deleted, so the store does not grow with edits.
func TestStoreCompacts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pages")
	key := Key("v1")
	s := Open(dir, key)
	big := bytes.Repeat([]byte("x"), 1000)
	for i := range 10 {
		s.Put(fmt.Sprint(i), src(fmt.Sprint(i)), []byte("m"), big)
	}
	s.Commit()
	for edit := range 20 {
		s = Open(dir, key)
		for i := range 10 {
			name := fmt.Sprint(i)
			if i == edit%10 {
				s.Put(name, src(fmt.Sprint(name, edit)), []byte("m"), big)
			} else if e := s.Lookup(name, src(name)); e != nil {
				s.Keep(name, e)
			} else {
				s.Put(name, src(name), []byte("m"), big)
			}
		}
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	packs, _ := filepath.Glob(filepath.Join(dir, "*.pack"))
	var size int64
	for _, p := range packs {
		fi, _ := os.Stat(p)
		size += fi.Size()
	}
	if size > 2*10*1001+100 {
		t.Errorf("%d packs of %d bytes for 10 records of 1,001", len(packs), size)
	}
	s = Open(dir, key)
	defer s.Close()
	for i := range 10 {
		name := fmt.Sprint(i)
		e := s.Lookup(name, src(name))
		if e == nil {
			e = s.Lookup(name, src(fmt.Sprint(name, 10+i)))
		}
		if e == nil {
			t.Fatalf("record %s lost", name)
		}
		if l, err := s.Part(e); err != nil || !bytes.Equal(l, big) {
			t.Errorf("record %s: %v", name, err)
		}
	}
}

// TestStoreIgnoresDamage checks that a damaged or truncated index, or a
// record that does not check, is a miss and never an error or a panic.
func TestStoreIgnoresDamage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pages")
	key := Key("v1")
	s := Open(dir, key)
	s.Put("a", src("a"), []byte("meta"), []byte("large"))
	s.Commit()
	index, _ := os.ReadFile(filepath.Join(dir, "index"))
	for i := range index {
		for _, bad := range [][]byte{index[:i], flipped(index, i)} {
			os.WriteFile(filepath.Join(dir, "index"), bad, 0o644)
			s := Open(dir, key)
			if s.Lookup("a", src("a")) != nil {
				t.Fatalf("damage at byte %d: record read", i)
			}
			s.Close()
		}
	}
	os.WriteFile(filepath.Join(dir, "index"), index, 0o644)
	packs, _ := filepath.Glob(filepath.Join(dir, "*.pack"))
	data, _ := os.ReadFile(packs[0])
	os.WriteFile(packs[0], flipped(data, len(data)-1), 0o644)
	s = Open(dir, key)
	defer s.Close()
	e := s.Lookup("a", src("a"))
	if _, err := s.Part(e); err == nil {
		t.Error("a damaged record checked")
	}
	if m, err := s.Meta(e); err != nil || string(m) != "meta" {
		t.Errorf("the sound record: %q, %v", m, err)
	}
}

func flipped(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x10
	return c
}

// PutFrom records what its writer wrote, in pieces, as Put records it
// whole; a writer that fails leaves no entry and the entries after it
// readable.
func TestStorePutFrom(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pages")
	key := Key("v1", []byte("config"))
	s := Open(dir, key)
	large := strings.Repeat("0123456789", 20_000)
	s.PutFrom("a", src("a"), []byte("meta a"), func(w io.Writer) error {
		for i := 0; i < len(large); i += 7_000 {
			if _, err := io.WriteString(w, large[i:min(i+7_000, len(large))]); err != nil {
				return err
			}
		}
		return nil
	})
	s.PutFrom("b", src("b"), []byte("meta b"), func(w io.Writer) error {
		io.WriteString(w, "half of b")
		return errors.New("b failed")
	})
	s.Put("c", src("c"), []byte("meta c"), []byte("large c"))
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	s = Open(dir, key)
	defer s.Close()
	if s.Lookup("b", src("b")) != nil {
		t.Error("an entry whose writer failed was recorded")
	}
	for name, want := range map[string]string{"a": large, "c": "large c"} {
		e := s.Lookup(name, src(name))
		if e == nil {
			t.Fatalf("entry %s lost", name)
		}
		if m, err := s.Meta(e); err != nil || string(m) != "meta "+name {
			t.Errorf("%s: meta %q, %v", name, m, err)
		}
		if l, err := s.Part(e); err != nil || string(l) != want {
			t.Errorf("%s: part of %d bytes, %v; want %d bytes", name, len(l), err, len(want))
		}
	}
}
