package build

import (
	"encoding/binary"
	"io/fs"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/latticework/latticework/internal/buildcache"
	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/publish"
)

// A build with a page cache does not read the page files that have not
// changed since a build read them: the store keeps, for each page file
// read without problems, its stat (device, inode, size, modification and
// change times, as publish.FileSum compares them), what reading time
// counts of it, and the page as loaded without its body
// (content.Page.Head, its SHA-256 included). A file whose stat is the same
// is taken from there, neither read nor parsed; any other is read, and a
// page of the same text still finds its record in the store by its
// SHA-256. A file changed less than publish.RacyWindow before the build
// started is not recorded: a write within the same tick of the file
// system's clock could leave its stat as it was (git's "racily clean"
// entries). As for every page a build loads (content.Options.DropBodies),
// the body is read only if the page must be rendered after all, or a
// problem quotes a line of it, and must then be the text recorded.

// sourcesNote names the store's note of the page files.
const sourcesNote = "sources"

// sourceWindow is publish.RacyWindow; tests shorten it, as their files
// are written just before they are built.
var sourceWindow = publish.RacyWindow

// sourceCache is a build's content.Sources: what the store's note held
// of each page file, and what this build found.
type sourceCache struct {
	start time.Time // a file changed after start-sourceWindow is not recorded
	old   map[string]sourceRecord

	mu sync.Mutex
	// next is the note this build leaves, changed unless it is the
	// note read; text holds what reading time counts of every page file
	// loaded, by path from the site root.
	next    map[string]sourceRecord
	changed bool
	text    map[string]textCount
}

// sourceRecord is what the store keeps of a page file.
type sourceRecord struct {
	stamp string
	text  textCount
	head  []byte // content.Page.Head
}

// newSourceCache reads the note the last build left in store.
func newSourceCache(store *buildcache.Store, start time.Time) *sourceCache {
	c := &sourceCache{start: start, old: map[string]sourceRecord{}, next: map[string]sourceRecord{}, text: map[string]textCount{}}
	note := store.Note(sourcesNote)
	r := buildcache.NewReader(note)
	old := map[string]sourceRecord{}
	for range min(r.Uvarint(), uint64(len(note))) {
		name := r.String()
		rec := sourceRecord{stamp: r.String()}
		rec.text = textCount{words: r.Int(), wide: r.Int()}
		rec.head = r.Raw()
		old[name] = rec
	}
	if r.Err() == nil {
		c.old = old
	}
	return c
}

// note records the page files for the next build.
func (c *sourceCache) note(store *buildcache.Store) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.changed && len(c.next) == len(c.old) {
		store.SetNote(sourcesNote, store.Note(sourcesNote))
		return
	}
	// Sized once: at 10,000 pages the note is megabytes, and growing it
	// by doubling copies it into new memory again and again.
	size := binary.MaxVarintLen64
	for name, rec := range c.next {
		size += len(name) + len(rec.stamp) + len(rec.head) + 5*binary.MaxVarintLen64
	}
	w := buildcache.NewWriter(make([]byte, 0, size))
	w.Uvarint(uint64(len(c.next)))
	for _, name := range slices.Sorted(maps.Keys(c.next)) {
		rec := c.next[name]
		w.String(name)
		w.String(rec.stamp)
		w.Int(rec.text.words)
		w.Int(rec.text.wide)
		w.Raw(rec.head)
	}
	store.SetNote(sourcesNote, w.Bytes())
}

// Known returns the page at file from the store if its stat is the one
// recorded.
func (c *sourceCache) Known(file string, info fs.FileInfo) *content.Page {
	rec, ok := c.old[file]
	if !ok {
		return nil
	}
	if stamp, _ := publish.Stamp(info); stamp == "" || stamp != rec.stamp {
		return nil
	}
	p := content.PageFromHead(file, rec.head)
	if p == nil {
		return nil
	}
	c.mu.Lock()
	c.next[file] = rec
	c.text[file] = rec.text
	c.mu.Unlock()
	return p
}

// Loaded records a page read, if it had no problem and its file's stat
// before the read is old enough to trust. (A page's placeholders, which
// are problems too, are reported from its record.)
func (c *sourceCache) Loaded(p *content.Page, info fs.FileInfo, problems []*diag.Error) {
	text := countText(p.Body)
	c.mu.Lock()
	c.text[p.File()] = text
	c.mu.Unlock()
	if info == nil || len(problems) > 0 {
		return
	}
	stamp, changed := publish.Stamp(info)
	if stamp == "" || !changed.Before(c.start.Add(-sourceWindow)) {
		return
	}
	rec := sourceRecord{stamp: stamp, text: text, head: p.Head()}
	if rec.head == nil {
		return
	}
	c.mu.Lock()
	c.next[p.File()], c.changed = rec, true
	c.mu.Unlock()
}

// textOf returns what reading time counts of page p's body, which a page
// loaded without it does not have.
func (c *sourceCache) textOf(p *content.Page) textCount {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.text[p.File()]
}

// pageSources returns the build's content.Sources: the page cache's, the
// dev server's (see sources), or nil.
func (r *run) pageSources() content.Sources {
	if r.cache != nil {
		return r.cache.files
	}
	if s, ok := r.opts.Site.(*sources); ok {
		return s
	}
	return nil
}
