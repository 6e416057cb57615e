package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/maphash"
	"io"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/parallel"
	"github.com/latticework/latticework/internal/placeholder"
	"github.com/latticework/latticework/internal/publish"
	"github.com/latticework/latticework/internal/render"
	"github.com/latticework/latticework/internal/resolve"
)

// The dev server (Options.Incremental) keeps, between builds, each page's
// rendered markdown and the key of its laid-out file, and the key of
// every file in the output. A change that an edit to pages' bodies does
// not cover (see Rebuild) then runs the whole pipeline again, which is
// cheap but for two steps it skips where it can:
//
//   - rendering: a page whose source is unchanged, and whose links and
//     worksheets resolve as they did, takes its kept rendering (see
//     pageRecord.replay), problems and all;
//   - laying out: a page whose layout data, templates, assets and
//     rendering are unchanged keeps its file.
//
// Every file is made in memory (delta) and only those whose bytes
// changed are written, those no longer made removed, once the run has
// succeeded: a title edit rewrites the pages whose sidebar, breadcrumbs,
// pagination or listing show it; a layout or CSS edit lays out every page
// again from its kept rendering. The search index is rewritten in the
// background, as after a body edit (see reindex).

// kept is what the Builder keeps of the last successful build.
type kept struct {
	pages map[string]*keptPage // by keptName
	// files holds the key (fileKey) of every file in the output, by site
	// path (as path.Clean("/"+name)); nil when the output is not known to
	// be the last build's, and must be built whole.
	files map[string][16]byte
	// updated is the git dates the first build read: a commit does not
	// change what a writer previews.
	updated map[string]time.Time
}

// keptPage is one page's rendering and what it was rendered from.
type keptPage struct {
	file     string
	src      []byte
	body     []byte
	bodyLine int
	rec      *pageRecord // links and worksheets it resolved, renderer's problems
	// out is the page's rendering; tokens, if set, the same with a token
	// in place of each worksheet form (see formToken), which out has.
	out, tokens *render.Output
	// layout is the key of the layout data the page's file was made
	// from, with the templates and assets (see layoutKey).
	layout [16]byte
}

// keptName is p's name in kept.pages: generated pages have no file, and
// every locale renders its own copy of an untranslated page.
func keptName(r *run, p *resolve.Page) string { return r.loc.Prefix + "\x00" + cacheName(p) }

// keeping is a run's use of the kept state, shared by its locales.
type keeping struct {
	prev map[string]*keptPage
	mu   sync.Mutex
	next map[string]*keptPage
	// whole is set for a run over the whole site, whose next replaces
	// prev; a rebuild of edited pages adds to it.
	whole bool
	// out is the run's output, if it writes only what changed; nil for a
	// build into a new folder.
	out *delta
	// rendered and laidOut count the pages rendered and laid out.
	rendered, laidOut atomic.Int64
	bases             sync.Map // layout keys' common part, by locale prefix
	sums              sync.Map // forms' SHA-256, by address (see sum)
	// open are the files of the pages open in browsers, by site path, and
	// later the laying out of the other pages, left until those are
	// published; both nil when no page is open (see fastrender.go).
	open      map[string]bool
	openPaths []string
	later     *[]func()
}

// keeping starts a run's use of the kept state: nil without
// Options.Incremental.
func (b *Builder) keeping(whole bool) *keeping {
	if !b.opts.Incremental {
		return nil
	}
	k := &keeping{whole: whole, next: map[string]*keptPage{}}
	if b.kept != nil {
		k.prev = b.kept.pages
		if b.kept.files != nil && !b.opts.Check {
			k.out = &delta{min: b.min, prev: b.kept.files, now: map[string][16]byte{}, changed: map[string][]byte{}}
		}
	}
	return k
}

// commit keeps what a run that succeeded rendered, and the output's files
// as it published them (nil: unknown). updated is the git dates.
func (b *Builder) commit(k *keeping, files map[string][16]byte, updated map[string]time.Time) {
	if k == nil {
		return
	}
	pages := k.next
	if !k.whole && b.kept != nil {
		pages = maps.Clone(b.kept.pages)
		maps.Copy(pages, k.next)
	}
	if b.kept != nil && updated == nil {
		updated = b.kept.updated
	}
	b.kept = &kept{pages: pages, files: files, updated: updated}
}

// forget drops the kept output's files, after a failure that may have
// left it part-written: the next build makes it whole.
func (b *Builder) forget() {
	if b.kept != nil {
		b.kept.files = nil
	}
}

// renderKept renders page p, or takes its kept rendering, and lays it out
// unless its file stands as it would be: renderPage with
// Options.Incremental.
//
// A page is kept with a token in place of each worksheet form (see
// withForms): the renderer writes a form as it is given, so a page whose
// worksheet changed takes the new form without being rendered again.
func (r *run) renderKept(p *resolve.Page) *rendered {
	placeholder.Report(r.errs, p.File(), p.Src, r.draft())
	k := r.keep
	name := keptName(r, p)
	input := func(errs *diag.List, links *[]link) render.Input {
		return render.Input{
			File: p.File(), Src: p.Src, Body: p.Body, BodyLine: p.BodyLine,
			Link:     r.linker(p, errs, links),
			Exercise: func(id string, pos diag.Pos) []byte { return r.renderWorksheet(id, pos, p.Src, errs) },
		}
	}
	var links []link
	var out *render.Output
	now := &keptPage{file: p.File(), src: p.Src, body: p.Body, bodyLine: p.BodyLine}
	was := k.prev[name]
	if was != nil && was.file == now.file && was.bodyLine == now.bodyLine && bytes.Equal(was.src, now.src) && bytes.Equal(was.body, now.body) {
		// Replayed against a list of its own, so that a rendering that no
		// longer holds reports nothing twice.
		var errs diag.List
		in := input(&errs, &links)
		now.rec = &pageRecord{problems: was.rec.problems}
		now.rec.record(&in, k.sum)
		if out = was.replay(&in, now.rec); out != nil {
			now.tokens = was.tokens
			r.errs.Merge(&errs)
			for _, e := range was.rec.problems {
				r.errs.Add(e)
			}
		}
	}
	// Rendered with tokens for the forms, or, should a token be in the
	// page's own text (it cannot: see formToken), with the forms.
	for _, tokens := range []bool{true, false} {
		if out != nil {
			break
		}
		var found, errs diag.List // what the callbacks found, the renderer's own
		links = nil
		in := input(&found, &links)
		now.rec, now.tokens = &pageRecord{}, nil
		now.rec.record(&in, k.sum)
		var forms [][]byte
		if tokens {
			form := in.Exercise
			in.Exercise = func(id string, pos diag.Pos) []byte {
				forms = append(forms, form(id, pos))
				return []byte(formToken(len(forms) - 1))
			}
		}
		done := r.renderTimed(in, &errs)
		if done == nil {
			return nil
		}
		if out = done; tokens {
			now.tokens, out = done, withForms(done, forms)
		}
		if out != nil {
			now.rec.problems = errs.All()
			r.errs.Merge(&found)
			r.errs.Merge(&errs)
			k.rendered.Add(1)
		}
	}
	now.out = out
	data := r.pageData(p, out)
	if p.Listing != nil {
		r.listingData(data, p, out)
	}
	doc := searchDoc(r.cfg.RelURL(p.URL), data.Title, out)
	done := &rendered{anchors: newAnchorSet(out), links: links, description: data.Description, exercises: out.Exercises}
	if !p.Front.Unlisted {
		done.doc = doc // kept to re-index after a rebuild
		if r.index != nil {
			done.enc = r.index.AddEncode(doc, []byte{})
		}
	}
	key, ok := r.layoutKey(data, out)
	now.layout = key
	k.mu.Lock()
	k.next[name] = now
	k.mu.Unlock()
	if ok && was != nil && was.layout == key && now.sameHTML(was) && k.out != nil && k.out.stands(path.Join(p.URL, "index.html")) {
		r.files.Add(1)
		return done
	}
	if !ok {
		now.layout = [16]byte{} // never matches: laid out again next time
	}
	k.laidOut.Add(1)
	if k.later != nil && !k.open[pageFile(p.URL)] {
		k.mu.Lock()
		*k.later = append(*k.later, func() { r.layOut(p, data, out, [32]byte{}, nil) })
		k.mu.Unlock()
		return done
	}
	r.layOut(p, data, out, [32]byte{}, nil)
	return done
}

// replay calls in's callbacks as the kept rendering did, and returns the
// rendering with the forms they return now, or nil if a link resolves
// otherwise: the page must be rendered again.
func (kp *keptPage) replay(in *render.Input, rec *pageRecord) *render.Output {
	for _, l := range kp.rec.links {
		if in.Link(l.dest, l.pos) != l.href {
			return nil
		}
	}
	if kp.tokens == nil { // rendered with its forms
		for _, e := range kp.rec.exercises {
			in.Exercise(e.id, e.pos)
		}
		// The recorded calls (see keeping.record) are the last ones.
		now := rec.exercises[len(rec.exercises)-len(kp.rec.exercises):]
		if !slices.Equal(now, kp.rec.exercises) {
			return nil
		}
		return kp.out
	}
	forms := make([][]byte, len(kp.rec.exercises))
	for i, e := range kp.rec.exercises {
		forms[i] = in.Exercise(e.id, e.pos)
	}
	return withForms(kp.tokens, forms)
}

// sameHTML reports whether kp's article is was's.
func (kp *keptPage) sameHTML(was *keptPage) bool {
	if kp.tokens == nil || was.tokens == nil {
		return kp.tokens == nil && was.tokens == nil && kp.out.HTML == was.out.HTML
	}
	return kp.tokens.HTML == was.tokens.HTML && slices.EqualFunc(kp.rec.exercises, was.rec.exercises, func(a, b exerciseCall) bool { return a.sum == b.sum })
}

// sum returns the SHA-256 of a worksheet form (for pageRecord.record),
// by the address of its bytes, which a run lays out once (see renderWorksheet) and never
// changes.
func (k *keeping) sum(form []byte) [32]byte {
	if len(form) == 0 {
		return sha256.Sum256(nil)
	}
	at := unsafe.SliceData(form)
	if s, ok := k.sums.Load(at); ok {
		return s.([32]byte)
	}
	s := sha256.Sum256(form)
	k.sums.Store(at, s)
	return s
}

// formNonce makes the tokens of worksheet forms this process's own.
var formNonce = strconv.FormatUint(rand.Uint64(), 36)

// formToken stands for the i-th worksheet form of a page in its kept
// rendering: NUL is never in rendered markdown (the renderer replaces it).
func formToken(i int) string { return "\x00lw-form-" + formNonce + "-" + strconv.Itoa(i) + "\x00" }

// withForms returns the rendering tokens with each form token replaced by
// its form, or nil if a token is not there exactly once.
func withForms(tokens *render.Output, forms [][]byte) *render.Output {
	if len(forms) == 0 {
		return tokens
	}
	html := tokens.HTML
	var b strings.Builder
	b.Grow(len(html) + len(forms)*4096)
	for i, form := range forms {
		tok := formToken(i)
		at := strings.Index(html, tok)
		if at < 0 || strings.Contains(html[at+len(tok):], tok) {
			return nil
		}
		b.WriteString(html[:at])
		b.Write(form)
		html = html[at+len(tok):]
	}
	if strings.Contains(html, "\x00lw-form-"+formNonce) {
		return nil
	}
	b.WriteString(html)
	out := *tokens
	out.HTML = b.String()
	return &out
}

// layoutKey is the key of the page file laid out from data, whose article
// is out's HTML (compared apart): pageCache.layoutKey over the run's
// templates, strings, assets and configuration.
func (r *run) layoutKey(data *layout.Page, out *render.Output) ([16]byte, bool) {
	c, ok := r.keep.bases.Load(r.loc.Prefix)
	if !ok {
		pc := &pageCache{}
		cfg, err := json.Marshal(r.cfg)
		if err != nil {
			return [16]byte{}, false
		}
		pc.key = sha256.Sum256(cfg)
		pc.setBase(r)
		c, _ = r.keep.bases.LoadOrStore(r.loc.Prefix, pc)
	}
	return c.(*pageCache).layoutKey("", data, out, [32]byte{}, nil)
}

// fileSeeds seed the keys of the output's files (see fileKey).
var fileSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// fileKey is the key kept of an output file's data, to tell whether a
// run made it again as it was. The keys never leave the process, so they
// need not be SHA-256 (publish.DataKey): 128 bits of maphash, randomly
// seeded, are as unlikely to collide and read a page some eight times
// faster, and a layout edit hashes every page.
func fileKey(data []byte) [16]byte {
	var k [16]byte
	binary.LittleEndian.PutUint64(k[:8], maphash.Bytes(fileSeeds[0], data))
	binary.LittleEndian.PutUint64(k[8:], maphash.Bytes(fileSeeds[1], data))
	return k
}

// fileHash is fileKey over data written in parts.
type fileHash [2]maphash.Hash

func newFileHash() *fileHash {
	var h fileHash
	h[0].SetSeed(fileSeeds[0])
	h[1].SetSeed(fileSeeds[1])
	return &h
}

func (h *fileHash) Write(p []byte) {
	h[0].Write(p)
	h[1].Write(p)
}

func (h *fileHash) key() [16]byte {
	var k [16]byte
	binary.LittleEndian.PutUint64(k[:8], h[0].Sum64())
	binary.LittleEndian.PutUint64(k[8:], h[1].Sum64())
	return k
}

// delta is the output of a run that writes only what changed: it keeps
// in memory the files whose bytes differ from the output's (prev), and
// notes the key of every file the run publishes (now).
type delta struct {
	min     *publish.Minifier
	prev    map[string][16]byte
	mu      sync.Mutex
	now     map[string][16]byte
	changed map[string][]byte
}

// note records that the run publishes name with key, and reports whether
// the output holds it already.
func (d *delta) note(name string, key [16]byte) (same bool) {
	name = path.Clean("/" + name)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.now[name] = key
	old, ok := d.prev[name]
	return ok && old == key
}

// stands reports whether the output holds the file name as the last
// build published it, and if so publishes it as it is.
func (d *delta) stands(name string) bool {
	name = path.Clean("/" + name)
	d.mu.Lock()
	defer d.mu.Unlock()
	key, ok := d.prev[name]
	if ok {
		d.now[name] = key
	}
	return ok
}

func (d *delta) Write(name string, data []byte) error {
	data, err := d.min.Minify(name, data)
	if err != nil {
		return err
	}
	return d.WriteRaw(name, data)
}

func (d *delta) WriteRaw(name string, data []byte) error {
	if d.note(name, fileKey(data)) {
		return nil
	}
	d.mu.Lock()
	d.changed[path.Clean("/"+name)] = data
	d.mu.Unlock()
	return nil
}

func (d *delta) Minify(name string, data []byte) ([]byte, error) { return d.min.Minify(name, data) }

func (d *delta) Create(name string) (io.WriteCloser, error) {
	return &deltaFile{Buffer: pages.Get().(*bytes.Buffer), d: d, name: name}, nil
}

// pages are the buffers pages are laid out into, kept only if they
// changed: most are not.
var pages = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

type deltaFile struct {
	*bytes.Buffer
	d    *delta
	name string
}

func (f *deltaFile) Close() error {
	data := f.Bytes()
	if !f.d.note(f.name, fileKey(data)) {
		f.d.mu.Lock()
		f.d.changed[path.Clean("/"+f.name)] = bytes.Clone(data)
		f.d.mu.Unlock()
	}
	f.Reset()
	pages.Put(f.Buffer)
	f.Buffer = nil
	return nil
}

// Link publishes the file src (a cache entry) as name.
func (d *delta) Link(name, src string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return d.WriteRaw(name, data)
}

// flush writes the changed files into the output dest and, for a run
// over the whole site, removes the files it no longer publishes but for
// the search index's, which reindex rewrites. It returns the keys of the
// output's files.
func (d *delta) flush(dest string, whole bool, searchDirs []string) (map[string][16]byte, error) {
	names := slices.Collect(maps.Keys(d.changed))
	errs := make([]error, len(names))
	parallel.For(len(names), runtime.GOMAXPROCS(0), func(i int) {
		errs[i] = publish.ReplaceFile(filepath.Join(dest, filepath.FromSlash(names[i])), d.changed[names[i]])
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if !whole {
		files := maps.Clone(d.prev)
		maps.Copy(files, d.now)
		return files, nil
	}
	files := d.now
	for name, key := range d.prev {
		if _, ok := files[name]; ok {
			continue
		}
		if isSearchFile(name, searchDirs) {
			files[name] = key
			continue
		}
		p := filepath.Join(dest, filepath.FromSlash(name))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		// The folders the file leaves empty go too, as a page's does.
		removeEmpty(dest, filepath.Dir(p))
	}
	return files, nil
}

// isSearchFile reports whether the site path name is a file of a search
// index, under one of dirs ("/search/", "/fr/search/").
func isSearchFile(name string, dirs []string) bool {
	for _, d := range dirs {
		if strings.HasPrefix(name, d) {
			return true
		}
	}
	return false
}

// searchDirs are the folders of r's locales' search indexes.
func (r *run) searchDirs() []string {
	var dirs []string
	for _, lr := range r.locales {
		dirs = append(dirs, lr.loc.Prefix+"/search/")
	}
	return dirs
}

// recorder is the output of a dev server's build into a new folder, which
// notes every file's key for the next runs' delta.
type recorder struct {
	*publish.Output
	mu    sync.Mutex
	files map[string][16]byte
}

func (o *recorder) note(name string, key [16]byte) {
	o.mu.Lock()
	o.files[path.Clean("/"+name)] = key
	o.mu.Unlock()
}

func (o *recorder) Write(name string, data []byte) error {
	data, err := o.Output.Minify(name, data)
	if err != nil {
		return err
	}
	return o.WriteRaw(name, data)
}

func (o *recorder) WriteRaw(name string, data []byte) error {
	o.note(name, fileKey(data))
	return o.Output.WriteRaw(name, data)
}

func (o *recorder) Create(name string) (io.WriteCloser, error) {
	w, err := o.Output.Create(name)
	if err != nil {
		return nil, err
	}
	return &recordedFile{WriteCloser: w, o: o, name: name, h: newFileHash()}, nil
}

// Link publishes src as name, noting its content's key.
func (o *recorder) Link(name, src string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	o.note(name, fileKey(data))
	return o.Output.Link(name, src)
}

type recordedFile struct {
	io.WriteCloser
	o    *recorder
	name string
	h    *fileHash
}

func (f *recordedFile) Write(p []byte) (int, error) {
	f.h.Write(p)
	return f.WriteCloser.Write(p)
}

func (f *recordedFile) Close() error {
	f.o.note(f.name, f.h.key())
	return f.WriteCloser.Close()
}

// publishKept ends a whole-site run that wrote into a delta: it writes
// what changed into the output and keeps the run for the next.
func (b *Builder) publishKept(ctx context.Context, r *run, start time.Time) (*Result, error) {
	k := r.keep
	if k.later != nil && len(*k.later) > 0 {
		return b.publishOpenFirst(ctx, r, start)
	}
	if err := b.keepRun(r); err != nil {
		return nil, err
	}
	return &Result{Pages: r.pageCount(), Rendered: int(k.rendered.Load()), LaidOut: int(k.laidOut.Load()), Files: int(r.files.Load()), Warnings: r.errs.Warnings(), Elapsed: time.Since(start)}, nil
}

// keepRun writes what the run r changed into the output, and keeps the
// run for the next.
func (b *Builder) keepRun(r *run) error {
	files, err := r.keep.out.flush(b.opts.Out, true, r.searchDirs())
	if err != nil {
		b.forget() // the output may be part-written: the next run rebuilds it whole
		return err
	}
	r.module.published = r.module.urls != nil
	b.last = r
	b.commit(r.keep, files, r.updated)
	b.reindex(r)
	return nil
}
