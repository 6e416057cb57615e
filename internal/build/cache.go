package build

import (
	"crypto/sha256"
	"encoding/json"
	"io"
	"io/fs"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/latticework/latticework/internal/buildcache"
	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/parallel"
	"github.com/latticework/latticework/internal/render"
	"github.com/latticework/latticework/internal/resolve"
	"github.com/latticework/latticework/internal/search"
)

// A command-line build with a cache (Options.CacheDir) keeps what it
// found in each page (package buildcache), and the next build takes a
// page whose source is unchanged from there instead of rendering it:
// its headings, links, description and search text, and the problems
// it reported, which it reports again. What a page's HTML depends on
// beyond its source, the destinations its links resolve to and its
// worksheets' forms, is recorded with it and checked against the site
// as it is now; anything else it depends on (the renderer, the
// configuration) is in the store's key. The page files themselves are
// not read when their stat shows them unchanged (see sourceCache).
//
// A page's file is laid out again only if what its layout receives
// changed: the output (publish.StageReusing) keeps a page whose layout
// key, over the layout's data, the page's record and the templates,
// assets and configuration, is the one its file was written with. Only
// then is a page taken from the store rendered after all, for its HTML.

// pageCache is a build's use of the cache.
type pageCache struct {
	store *buildcache.Store // nil when another build holds it
	// base is the key of what every page's layout depends on: the code,
	// configuration, templates and assets.
	base [32]byte
	key  [32]byte // the store's
	// sources holds the key of each page's record (see hashSources).
	sources map[*resolve.Page][32]byte
	// files are the page files, read or vouched for by the store.
	files *sourceCache
	// indexNote names the store's note of the locale's search index.
	indexNote string
	// index is the key of the search index: its pages' URLs and sources.
	index [32]byte
	// indexed holds the pages the search index holds already, loaded
	// from the last build's (see resumeIndex).
	indexed map[*resolve.Page]bool
	// encoder encodes the search entries of the pages rendered while the
	// index's files are kept (see keepIndex), for the store: the next
	// build may need them.
	encoder *search.Index
	// indexFiles names the search index's files this build published.
	mu         sync.Mutex
	indexFiles []string
}

// hashSources computes the key of every page's record, and the search
// index's key from them: the SHA-256 of the SHA-256 of the page's file
// and its title, which a generated page (a category's index) takes from
// elsewhere and its search entry holds.
func (c *pageCache) hashSources(r *run) {
	pages := r.site.Pages
	sums := make([][32]byte, len(pages))
	parallel.For(len(pages), runtime.GOMAXPROCS(0), func(i int) {
		h := sha256.New()
		h.Write(pages[i].Sum[:])
		io.WriteString(h, "\x00"+pages[i].Front.Title)
		h.Sum(sums[i][:0])
	})
	c.sources = make(map[*resolve.Page][32]byte, len(pages))
	h := sha256.New()
	h.Write(c.key[:])
	for i, p := range pages {
		c.sources[p] = sums[i]
		if !p.Front.Unlisted {
			io.WriteString(h, r.cfg.RelURL(p.URL)+"\x00"+p.File()+"\x00")
			h.Write(sums[i][:])
		}
	}
	h.Sum(c.index[:0])
}

// searchNote names the store's note of the search index's files, for
// the default locale; another's adds its prefix.
const searchNote = "search"

// keepIndex reports whether the search index's files stand as the last
// build wrote them, its pages' URLs and sources being the same: the
// build then need not make the index at all.
func (c *pageCache) keepIndex(r *run) bool {
	ro, ok := r.out.(interface{ Reuse(string, [16]byte) bool })
	note := buildcache.NewReader(c.store.Note(c.indexNote))
	if !ok || string(note.Bytes(32)) != string(c.index[:]) {
		return false
	}
	var files []indexFile
	for range min(note.Uvarint(), 1<<20) {
		f := indexFile{name: note.String()}
		copy(f.key[:], note.Bytes(16))
		files = append(files, f)
	}
	if note.Err() != nil || len(files) == 0 {
		return false
	}
	for _, f := range files {
		if !ro.Reuse(f.name, f.key) {
			return false
		}
		r.files.Add(1)
	}
	c.store.SetNote(c.indexNote, c.store.Note(c.indexNote))
	if e := c.store.Lookup(c.stateName(), c.index); e != nil {
		c.store.Keep(c.stateName(), e)
	}
	c.encoder = search.New()
	return true
}

// stateName names the store's entry of the search index's state (see
// search.AppendState), whose source is the index's key: no page's name,
// which starts with its file.
func (c *pageCache) stateName() string { return "\x00" + c.indexNote }

// holds reports whether the search index holds page p already.
func (c *pageCache) holds(p *resolve.Page) bool { return c != nil && c.indexed[p] }

// resumeIndex gives r the search index the last build made, from its
// state, when its pages are this build's with at most half of them
// changed: the changed ones are taken out, to be indexed again as they
// are rendered, and the others' fragment files are kept as they are.
// It reports whether it did; otherwise every page is indexed.
func (c *pageCache) resumeIndex(r *run) bool {
	ro, ok := r.out.(interface{ Reuse(string, [16]byte) bool })
	e := c.store.Previous(c.stateName())
	if !ok || e == nil {
		return false
	}
	meta, err := c.store.Meta(e)
	if err != nil {
		return false
	}
	// The pages the state holds: their URLs and sources.
	mr := buildcache.NewReader(meta)
	old := map[string][32]byte{}
	for range min(mr.Uvarint(), uint64(len(meta))) {
		url := mr.String()
		var src [32]byte
		copy(src[:], mr.Bytes(32))
		old[url] = src
	}
	if mr.Err() != nil {
		return false
	}
	var changed, same []*resolve.Page
	seen := map[string]bool{}
	for _, p := range r.site.Pages {
		if p.Front.Unlisted {
			continue
		}
		url := r.cfg.RelURL(p.URL)
		src, ok := old[url]
		if !ok || seen[url] {
			return false
		}
		seen[url] = true
		if src != c.sources[p] {
			changed = append(changed, p)
		} else {
			same = append(same, p)
		}
	}
	if len(seen) != len(old) || len(changed) > len(seen)/2 {
		return false
	}
	// The fragment files the last build published, with their keys.
	note := buildcache.NewReader(c.store.Note(c.indexNote))
	note.Bytes(32)
	files := map[string][16]byte{}
	for range min(note.Uvarint(), 1<<24) {
		name := note.String()
		var key [16]byte
		copy(key[:], note.Bytes(16))
		files[name] = key
	}
	if note.Err() != nil {
		return false
	}
	state, err := c.store.Part(e)
	if err != nil {
		return false
	}
	ix, err := search.LoadState(state)
	if err != nil {
		return false
	}
	// takeOut removes page p from the index by its previous entry,
	// reporting whether that entry was there and read back.
	takeOut := func(p *resolve.Page) bool {
		url := r.cfg.RelURL(p.URL)
		pe := c.store.Previous(cacheName(p))
		if pe == nil || pe.Source != old[url] {
			return false
		}
		enc, err := c.store.Part(pe)
		return err == nil && ix.Remove(url, enc) == nil
	}
	for _, p := range changed {
		if !takeOut(p) {
			return false
		}
	}
	indexed := make(map[*resolve.Page]bool, len(same))
	var names []string
	kept := map[string]bool{}
	for _, p := range same {
		url := r.cfg.RelURL(p.URL)
		name, ok := ix.Fragment(url)
		if !ok {
			// A changed page shares its fragments' file: the page is
			// indexed again from its entry, for the file to be written
			// again whole.
			if !takeOut(p) {
				return false
			}
			continue
		}
		indexed[p] = true
		if name = r.indexFileName(name); kept[name] {
			continue
		}
		key, ok := files[name]
		if !ok || !ro.Reuse(name, key) {
			return false
		}
		kept[name] = true
		names = append(names, name)
	}
	r.files.Add(int64(len(names)))
	c.indexed, c.indexFiles = indexed, names
	r.index = ix
	r.streamIndex()
	if indexResumed != nil {
		indexResumed(len(names))
	}
	return true
}

// indexResumed, if set, is told that resumeIndex resumed an index and
// how many of its fragment files it kept (for tests).
var indexResumed func(kept int)

// saveIndex keeps the search index's state, and the URL and source of
// each page it holds, for the next build's resumeIndex.
func (c *pageCache) saveIndex(r *run) {
	w := &buildcache.Writer{}
	var n uint64
	for _, p := range r.site.Pages {
		if !p.Front.Unlisted {
			n++
		}
	}
	w.Uvarint(n)
	for _, p := range r.site.Pages {
		if !p.Front.Unlisted {
			w.String(r.cfg.RelURL(p.URL))
			src := c.sources[p]
			w.Bytes16([16]byte(src[:16]))
			w.Bytes16([16]byte(src[16:]))
		}
	}
	c.store.PutFrom(c.stateName(), c.index, w.Bytes(), r.index.WriteState)
}

// indexFile is a file of the search index and its content's key.
type indexFile struct {
	name string
	key  [16]byte
}

// noteIndex records the search index's files, as r published them, for
// the next build's keepIndex.
func (c *pageCache) noteIndex(r *run) {
	out, ok := r.out.(interface{ Key(string) ([16]byte, bool) })
	if !ok {
		return
	}
	w := buildcache.NewWriter(c.index[:len(c.index):len(c.index)])
	w.Uvarint(uint64(len(c.indexFiles)))
	for _, name := range c.indexFiles {
		key, ok := out.Key(name)
		if !ok {
			return
		}
		w.String(name)
		w.Bytes16(key)
	}
	c.store.SetNote(c.indexNote, w.Bytes())
}

// openCache opens the page store of a build with Options.CachePages;
// r.cache stays nil otherwise (a check, the dev server).
func (r *run) openCache() {
	if r.opts.CacheDir == "" || !r.opts.CachePages || r.opts.Check || r.opts.Incremental {
		return
	}
	version := cacheVersion(r.opts.CacheDir)
	if version == "" {
		return
	}
	// The file, and the configuration as the build runs with it (a
	// -base-url replaces the file's baseURL).
	file, _ := fs.ReadFile(r.opts.Site, config.File)
	cfg, _ := json.Marshal(r.cfg)
	drafts := []byte{0}
	if r.opts.Drafts {
		drafts[0] = 1
	}
	key := buildcache.Key(version, file, cfg, drafts)
	store := buildcache.Open(filepath.Join(r.opts.CacheDir, "pages"), key)
	r.cache = &pageCache{key: key, store: store, files: newSourceCache(store, time.Now()), indexNote: searchNote}
}

// localized returns the cache of the pages of locale l, which shares the
// store and the page files with c's.
func (c *pageCache) localized(l config.Locale) *pageCache {
	if c == nil {
		return nil
	}
	return &pageCache{store: c.store, key: c.key, files: c.files, indexNote: searchNote + " " + l.Prefix}
}

// cacheVersion identifies Latticework's code in the cache's keys; tests
// replace it to see a cache left by another version.
var cacheVersion = buildcache.Version

// setBase computes the layout keys' common part, once the templates are
// loaded and the assets published.
func (c *pageCache) setBase(r *run) {
	h := sha256.New()
	h.Write(c.key[:])
	tk := r.tmpl.Key()
	h.Write(tk[:])
	uk := r.ui.Key() // the words the layouts put around each page
	h.Write(uk[:])
	for _, name := range slices.Sorted(maps.Keys(r.assets)) {
		io.WriteString(h, name+"\x00"+r.assets[name]+"\x00")
	}
	for _, name := range slices.Sorted(maps.Keys(r.inline)) {
		io.WriteString(h, name+"\x00"+r.inline[name].js+"\x00"+r.inline[name].csp+"\x00")
	}
	h.Sum(c.base[:0])
}

// commit writes the store's index; close gives it up, if commit did not.
func (c *pageCache) commit() {
	if c != nil {
		c.files.note(c.store)
		_ = c.store.Commit()
		c.store = nil
	}
}

func (c *pageCache) close() {
	if c != nil {
		c.store.Close()
	}
}

// cacheName is a page's name in the store: generated pages have no file
// of their own.
func cacheName(p *resolve.Page) string { return p.File() + " " + p.URL }

// layoutKey is the key of the page file laid out with template name from
// data, whose article is the one the page's record describes.
func (c *pageCache) layoutKey(name string, data *layout.Page, out *render.Output, source [32]byte, meta []byte) ([16]byte, bool) {
	content := string(data.Content)
	if content == out.HTML {
		content = "" // the record and the source stand for it
	}
	b := keyBufs.Get().(*keyBuf)
	defer keyBufs.Put(b)
	b.Writer, b.bad = *buildcache.NewWriter(append(b.Bytes()[:0], c.base[:]...)), false
	b.String(name)
	b.Raw(source[:])
	b.Raw(meta)
	b.page(data, content)
	if b.bad {
		return [16]byte{}, false
	}
	sum := sha256.Sum256(b.Bytes())
	return [16]byte(sum[:16]), true
}

// pageRecord is what rendering a page depended on and found, but for its
// HTML and text, kept in the store.
type pageRecord struct {
	links     []linkCall
	exercises []exerciseCall
	problems  []*diag.Error // the renderer's own
	out       render.Output // without HTML and Sections
}

// linkCall is one link the page's rendering resolved, and to what.
type linkCall struct {
	dest string
	pos  diag.Pos
	href string
}

// exerciseCall is one worksheet the page embeds, and the SHA-256 of the
// form it got (none: nil).
type exerciseCall struct {
	id   string
	pos  diag.Pos
	none bool
	sum  [32]byte
}

// record wraps in's callbacks to record what they return, each form by
// its SHA-256 as sum gives it.
func (rec *pageRecord) record(in *render.Input, sum func([]byte) [32]byte) {
	link, exercise := in.Link, in.Exercise
	in.Link = func(dest string, pos diag.Pos) string {
		href := link(dest, pos)
		rec.links = append(rec.links, linkCall{dest, pos, href})
		return href
	}
	in.Exercise = func(id string, pos diag.Pos) []byte {
		form := exercise(id, pos)
		rec.exercises = append(rec.exercises, exerciseCall{id: id, pos: pos, none: form == nil, sum: sum(form)})
		return form
	}
}

// replay calls in's callbacks as rendering did and reports whether they
// return what they returned then: the page's HTML is then what it was.
func (rec *pageRecord) replay(in *render.Input) bool {
	for _, l := range rec.links {
		if in.Link(l.dest, l.pos) != l.href {
			return false
		}
	}
	for _, e := range rec.exercises {
		form := in.Exercise(e.id, e.pos)
		if (form == nil) != e.none || sha256.Sum256(form) != e.sum {
			return false
		}
	}
	return true
}

// writePos writes p, its file as "" when it is the page's own, file.
func writePos(w *buildcache.Writer, p diag.Pos, file string) {
	if p.File == file {
		p.File = ""
	}
	w.String(p.File)
	w.Int(p.Line)
	w.Int(p.Col)
}

func readPos(r *buildcache.Reader, file string) diag.Pos {
	p := diag.Pos{File: r.String(), Line: r.Int(), Col: r.Int()}
	if p.File == "" {
		p.File = file
	}
	return p
}

// encode returns the record of the page file as the store keeps it.
func (rec *pageRecord) encode(file string) []byte {
	w := &buildcache.Writer{}
	w.Uvarint(uint64(len(rec.links)))
	for _, l := range rec.links {
		w.String(l.dest)
		writePos(w, l.pos, file)
		w.String(l.href)
	}
	w.Uvarint(uint64(len(rec.exercises)))
	for _, e := range rec.exercises {
		w.String(e.id)
		writePos(w, e.pos, file)
		w.Bool(e.none)
		w.Raw(e.sum[:])
	}
	w.Uvarint(uint64(len(rec.problems)))
	for _, e := range rec.problems {
		writePos(w, e.Pos, file)
		w.String(e.Msg)
		w.String(e.Source)
		w.Bool(e.Warning)
	}
	o := &rec.out
	w.String(o.Title)
	w.Uvarint(uint64(len(o.Headings)))
	for _, h := range o.Headings {
		w.Int(h.Level)
		w.String(h.ID)
		w.String(h.Text)
	}
	w.String(o.Description)
	w.Uvarint(uint64(len(o.FAQ)))
	for _, q := range o.FAQ {
		w.String(q.ID)
		w.String(q.Question)
		w.String(q.Answer)
	}
	w.Uvarint(uint64(len(o.Exercises)))
	for _, id := range o.Exercises {
		w.String(id)
	}
	return w.Bytes()
}

// decodeRecord reads a record encode wrote for file, or returns nil.
func decodeRecord(b []byte, file string) *pageRecord {
	r := buildcache.NewReader(b)
	rec := &pageRecord{}
	// Each list is allocated whole, its count checked against what is
	// left: an item takes at least size bytes, so a damaged record cannot
	// ask for more memory than it has bytes.
	count := func(size int) int { return int(min(r.Uvarint(), uint64(len(b)/size))) }
	rec.links = make([]linkCall, 0, count(5))
	for range cap(rec.links) {
		rec.links = append(rec.links, linkCall{dest: r.String(), pos: readPos(r, file), href: r.String()})
	}
	if n := count(38); n > 0 {
		rec.exercises = make([]exerciseCall, 0, n)
		for range n {
			e := exerciseCall{id: r.String(), pos: readPos(r, file), none: r.Bool()}
			copy(e.sum[:], r.Raw())
			rec.exercises = append(rec.exercises, e)
		}
	}
	for range count(6) {
		rec.problems = append(rec.problems, &diag.Error{Pos: readPos(r, file), Msg: r.String(), Source: r.String(), Warning: r.Bool()})
	}
	o := &rec.out
	o.Title = r.String()
	if n := count(3); n > 0 {
		o.Headings = make([]render.Heading, 0, n)
		for range n {
			o.Headings = append(o.Headings, render.Heading{Level: r.Int(), ID: r.String(), Text: r.String()})
		}
	}
	o.Description = r.String()
	for range count(3) {
		o.FAQ = append(o.FAQ, render.QA{ID: r.String(), Question: r.String(), Answer: r.String()})
	}
	for range count(1) {
		o.Exercises = append(o.Exercises, r.String())
	}
	if r.Err() != nil {
		return nil
	}
	return rec
}
