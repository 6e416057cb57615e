// Package buildcache keeps, between builds, what a build found in each
// page: its metadata (headings, links, description, the problems it
// reported) and its contribution to the search index, under the page's
// file name and the SHA-256 of its source. A later build of the same
// source reuses them instead of rendering the page again.
//
// The store is a folder (.cache/pages/ of a site): an index, replaced
// whole at the end of each build, names every page's source and where its
// records are, in pack files that are written once and never changed. A
// build appends the records it makes to one new pack; packs no entry
// needs are deleted, and a pack that is mostly unneeded has its remaining
// records copied into the new one. The index also holds a few notes,
// small records about the whole build (SetNote).
//
// Nothing read is trusted: the index names the key it was written for
// (Latticework's version and the site's configuration, see Open), and
// ends with its SHA-256; each record has its CRC-32C. An index written for
// another key, or damaged, or a part that does not check, is a miss:
// the page is rendered again.
//
// One build at a time uses the store: Open takes a lock on it that a
// second build, in this process or another, does not wait for; that
// build gets no store (nil) and builds without it.
package buildcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/latticework/latticework/internal/publish"
)

// magic starts an index; its number changes with the format.
const magic = "latticework page cache 1\n"

// Entry is what the store holds for one page.
type Entry struct {
	// Source is the SHA-256 of the page's file.
	Source [32]byte
	// meta and large are where the page's two records are (see Put).
	meta, large part
}

// part locates a record in a pack.
type part struct {
	pack     int // index in Store.packs
	off, len int64
	crc      uint32
}

// Store is a page store opened for one build.
type Store struct {
	dir  string
	key  [32]byte
	lock io.Closer

	old   map[string]*Entry
	packs []string // pack file names, by number; the new pack is last
	notes map[string][]byte

	mu        sync.Mutex
	next      map[string]*Entry
	nextNotes map[string][]byte
	files     map[int]*os.File // packs opened for reading
	w         *bufio.Writer    // to the new pack
	f         *os.File
	off       int64
	err       error // writing the new pack failed
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Open opens the store in dir for a build whose results key identifies
// (see Key): entries written under another key are not read. It returns
// nil when dir is "" or another build holds the store.
func Open(dir string, key [32]byte) *Store {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil
	}
	lock, err := publish.LockDir(dir)
	if err != nil {
		return nil
	}
	s := &Store{dir: dir, key: key, lock: lock, old: map[string]*Entry{}, next: map[string]*Entry{}, nextNotes: map[string][]byte{}, files: map[int]*os.File{}}
	if data, err := os.ReadFile(filepath.Join(dir, "index")); err == nil {
		s.readIndex(data)
	}
	return s
}

// Key returns the key of a build's results: version identifies
// Latticework's code, and parts whatever else the results depend on (the
// configuration file, the build's options).
func Key(version string, parts ...[]byte) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00", version, len(parts))
	for _, p := range parts {
		fmt.Fprintf(h, "%d\x00", len(p))
		h.Write(p)
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// readIndex loads the index's entries, or none if it does not check.
func (s *Store) readIndex(data []byte) {
	if len(data) < len(magic)+32+sha256.Size {
		return
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return
	}
	d := &Reader{b: body}
	if string(d.Bytes(len(magic))) != magic || string(d.Bytes(32)) != string(s.key[:]) {
		return
	}
	packs := make([]string, d.Uvarint())
	for i := range packs {
		packs[i] = d.String()
		if !validPack(packs[i]) {
			return
		}
	}
	n := d.Uvarint()
	entries := map[string]*Entry{}
	for range n {
		if d.err != nil {
			return
		}
		name := d.String()
		e := &Entry{}
		copy(e.Source[:], d.Bytes(32))
		pack, off := int(d.Uvarint()), int64(d.Uvarint())
		e.meta = part{pack: pack, off: off, len: int64(d.Uvarint()), crc: d.Uint32()}
		e.large = part{pack: pack, off: off + e.meta.len, len: int64(d.Uvarint()), crc: d.Uint32()}
		if pack >= len(packs) {
			return
		}
		entries[name] = e
	}
	notes := map[string][]byte{}
	for range d.Uvarint() {
		if d.err != nil {
			return
		}
		notes[d.String()] = d.Raw()
	}
	if d.Err() != nil {
		return
	}
	s.old, s.packs, s.notes = entries, packs, notes
}

// Note returns the note name the last build left, or nil.
func (s *Store) Note(name string) []byte {
	if s == nil {
		return nil
	}
	return s.notes[name]
}

// SetNote leaves a note for the next build.
func (s *Store) SetNote(name string, data []byte) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.nextNotes[name] = data
	s.mu.Unlock()
}

// validPack reports whether name is a pack's name as Store writes them,
// not a path that leads elsewhere.
func validPack(name string) bool {
	base, ok := strings.CutSuffix(name, ".pack")
	if !ok || base == "" {
		return false
	}
	for _, c := range base {
		if (c < '0' || c > '9') && (c < 'a' || c > 'z') {
			return false
		}
	}
	return true
}

// Lookup returns the entry for the page name whose source has the SHA-256
// source, or nil. It is safe for concurrent use.
func (s *Store) Lookup(name string, source [32]byte) *Entry {
	if s == nil {
		return nil
	}
	e := s.old[name]
	if e == nil || e.Source != source {
		return nil
	}
	return e
}

// Previous returns the entry the last build left for name, whatever its
// source, or nil.
func (s *Store) Previous(name string) *Entry {
	if s == nil {
		return nil
	}
	return s.old[name]
}

// Meta reads the smaller of e's records, Part the larger, checking it.
// They are safe for concurrent use.
func (s *Store) Meta(e *Entry) ([]byte, error) { return s.read(e.meta) }

// Part reads the larger of e's records; see Meta.
func (s *Store) Part(e *Entry) ([]byte, error) { return s.read(e.large) }

func (s *Store) read(p part) ([]byte, error) {
	s.mu.Lock()
	f, ok := s.files[p.pack]
	if !ok {
		var err error
		if f, err = os.Open(filepath.Join(s.dir, s.packs[p.pack])); err != nil {
			s.mu.Unlock()
			return nil, err
		}
		s.files[p.pack] = f
	}
	s.mu.Unlock()
	if p.len > 1<<30 || p.off < 0 {
		return nil, errors.New("page cache: record too large")
	}
	b := make([]byte, p.len)
	if _, err := f.ReadAt(b, p.off); err != nil {
		return nil, err
	}
	if crc32.Checksum(b, crcTable) != p.crc {
		return nil, errors.New("page cache: record damaged")
	}
	return b, nil
}

// Keep carries e, found by Lookup, over to the index the build writes.
func (s *Store) Keep(name string, e *Entry) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.next[name] = e
	s.mu.Unlock()
}

// Put records the page name, whose source has the SHA-256 source, with
// two records: meta, which every build that takes the page from the store
// reads, and large, which it may not need. It is safe for concurrent use.
func (s *Store) Put(name string, source [32]byte, meta, large []byte) {
	s.PutFrom(name, source, meta, func(w io.Writer) error {
		_, err := w.Write(large)
		return err
	})
}

// PutFrom is Put with the large record written by write as it is made,
// rather than held whole: the search index's state is tens of megabytes.
// The entry is recorded only if write returns nil.
func (s *Store) PutFrom(name string, source [32]byte, meta []byte, write func(io.Writer) error) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.append(meta)
	l, ok2 := s.appendFrom(write)
	if ok && ok2 {
		s.next[name] = &Entry{Source: source, meta: m, large: l}
	}
}

// append writes data to the new pack, which it creates on first use; the
// caller holds s.mu.
func (s *Store) append(data []byte) (part, bool) {
	return s.appendFrom(func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// appendFrom is append with the data written by write.
func (s *Store) appendFrom(write func(io.Writer) error) (part, bool) {
	if s.err != nil {
		return part{}, false
	}
	if s.w == nil {
		name := strconv.FormatUint(rand.Uint64(), 36) + ".pack"
		f, err := os.OpenFile(filepath.Join(s.dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			s.err = err
			return part{}, false
		}
		s.f, s.w = f, bufio.NewWriterSize(f, 1<<20)
		s.packs = append(s.packs, name)
	}
	cw := &checkedWriter{w: s.w}
	err := write(cw)
	p := part{pack: len(s.packs) - 1, off: s.off, len: cw.n, crc: cw.crc}
	s.off += cw.n
	if cw.err != nil {
		// The pack no longer holds what its offsets say.
		s.err = cw.err
		return part{}, false
	}
	return p, err == nil
}

// checkedWriter writes to w, counting the bytes and their CRC-32.
type checkedWriter struct {
	w   io.Writer
	n   int64
	crc uint32
	err error
}

func (c *checkedWriter) Write(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(b)
	c.crc = crc32.Update(c.crc, crcTable, b[:n])
	c.n += int64(n)
	c.err = err
	return n, err
}

// Commit writes the index of the entries kept and put by this build, and
// deletes the packs it no longer needs, copying into the new pack the
// parts still needed from packs that are mostly unneeded.
func (s *Store) Commit() error {
	if s == nil {
		return nil
	}
	defer s.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.compact()
	if s.w != nil {
		err := s.w.Flush()
		if err == nil {
			err = s.f.Close()
		}
		s.f = nil
		if err != nil {
			s.err = err
		}
	}
	if s.err != nil {
		return s.err
	}
	// Sized once, as its entries and notes are megabytes on a large site.
	size := len(magic) + len(s.key) + sha256.Size + binary.MaxVarintLen64*(len(s.packs)+3)
	for _, p := range s.packs {
		size += len(p)
	}
	for name := range s.next {
		size += len(name) + 32 + 8*binary.MaxVarintLen64
	}
	for name, data := range s.nextNotes {
		size += len(name) + len(data) + 2*binary.MaxVarintLen64
	}
	w := NewWriter(make([]byte, 0, size))
	w.b = append(w.b, magic...)
	w.b = append(w.b, s.key[:]...)
	// Only the packs entries use are listed, renumbered.
	used := map[int]int{}
	var packs []string
	for _, e := range s.next {
		if _, ok := used[e.meta.pack]; !ok {
			used[e.meta.pack] = len(packs)
			packs = append(packs, s.packs[e.meta.pack])
		}
	}
	w.Uvarint(uint64(len(packs)))
	for _, p := range packs {
		w.String(p)
	}
	w.Uvarint(uint64(len(s.next)))
	for name, e := range s.next {
		w.String(name)
		w.b = append(w.b, e.Source[:]...)
		w.Uvarint(uint64(used[e.meta.pack]))
		w.Uvarint(uint64(e.meta.off))
		w.Uvarint(uint64(e.meta.len))
		w.Uint32(e.meta.crc)
		w.Uvarint(uint64(e.large.len))
		w.Uint32(e.large.crc)
	}
	w.Uvarint(uint64(len(s.nextNotes)))
	for name, data := range s.nextNotes {
		w.String(name)
		w.Raw(data)
	}
	sum := sha256.Sum256(w.b)
	if err := publish.WriteEntry(filepath.Join(s.dir, "index"), append(w.b, sum[:]...)); err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, p := range packs {
		keep[p] = true
	}
	entries, _ := os.ReadDir(s.dir)
	for _, de := range entries {
		if strings.HasSuffix(de.Name(), ".pack") && !keep[de.Name()] {
			_ = os.Remove(filepath.Join(s.dir, de.Name()))
		}
	}
	return nil
}

// compact copies into the new pack the records still needed from packs
// of which they are less than half; the caller holds s.mu.
func (s *Store) compact() {
	live := map[int]int64{}
	for _, e := range s.next {
		live[e.meta.pack] += e.meta.len + e.large.len
	}
	for pack, n := range live {
		if s.w != nil && pack == len(s.packs)-1 {
			continue // the new pack
		}
		fi, err := os.Stat(filepath.Join(s.dir, s.packs[pack]))
		if err != nil || n*2 >= fi.Size() {
			continue
		}
		for name, e := range s.next {
			if e.meta.pack != pack {
				continue
			}
			s.mu.Unlock()
			meta, err := s.Meta(e)
			large, err2 := s.Part(e)
			s.mu.Lock()
			delete(s.next, name)
			if err != nil || err2 != nil {
				continue
			}
			m, ok := s.append(meta)
			l, ok2 := s.append(large)
			if ok && ok2 {
				s.next[name] = &Entry{Source: e.Source, meta: m, large: l}
			}
		}
	}
}

// Close gives up the store without writing its index (a failed build).
// The new pack, which no index names, is deleted by the next Commit.
func (s *Store) Close() {
	if s == nil || s.lock == nil {
		return
	}
	if s.f != nil {
		s.f.Close()
		s.f = nil
	}
	for _, f := range s.files {
		f.Close()
	}
	s.files = nil
	s.lock.Close()
	s.lock = nil
}
