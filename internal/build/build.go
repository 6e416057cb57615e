// Package build runs the pipeline that turns a site's sources into its
// published files:
//
//	load (content) → resolve (resolve) → render (render) → layout (layout) → publish (publish)
//
// One Builder serves both cmd/build, which writes public/ once, and
// cmd/serve, which rebuilds as files change. Every problem found in a run
// is reported, sorted by file and line; a run with errors publishes
// nothing, so the last good output stays as it was.
package build

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/gitdates"
	"github.com/latticework/latticework/internal/i18n"
	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/placeholder"
	"github.com/latticework/latticework/internal/publish"
	"github.com/latticework/latticework/internal/render"
	"github.com/latticework/latticework/internal/resolve"
	"github.com/latticework/latticework/internal/search"
)

// StaticDir is the folder, at the site root, whose files are published
// unchanged at the same paths (images, favicons).
const StaticDir = "static"

// Options say what to build and where.
type Options struct {
	// Site is the site's root: content/, layouts/, static/, latticework.yaml.
	Site fs.FS
	// Defaults supplies the layouts a site does not override.
	Defaults fs.FS
	// Out is the output folder, e.g. "public".
	Out string
	// Drafts includes pages marked draft: true.
	Drafts bool
	// Incremental keeps the site in memory after a build, so that Rebuild
	// can redo only what a change affects (the dev server).
	Incremental bool
	// WASMDir holds the worksheet scoring module (scorer.wasm) and the
	// wasm_exec.js of the toolchain that built it; see package wasmbuild.
	WASMDir string
	// Scorer, if WASMDir is empty, returns the folder WASMDir would name.
	// It is called only when a page first needs the module, so that a
	// site without worksheets never compiles or unpacks it.
	Scorer func() (string, error)
	// CacheDir keeps slow, reusable work between builds (compressed
	// copies of the module). Empty disables the cache.
	CacheDir string
	// CachePages also keeps each page's record in CacheDir, and lets a
	// build leave the files of the last outputs that did not change (see
	// pageCache): the command-line build.
	CachePages bool
	// Check runs every stage and reports every problem but writes
	// nothing: the contributor's and CI's check.
	Check bool
	// SiteDir is Site's folder on disk, if it has one: pages then show
	// when they were last changed, from its git history.
	SiteDir string
	// PageTimeout is how long one page may take to render before the
	// build fails naming it; zero means pageTimeout's default.
	PageTimeout time.Duration
	// BaseURL, if set, replaces latticework.yaml's baseURL: the address a
	// host such as GitHub Pages gives the site at deploy time.
	BaseURL string
	// Browsers, with Incremental, is what the dev server knows of the
	// pages open in browsers: a run that lays out many pages lays out and
	// publishes those first (see fastrender.go).
	Browsers Browsers
	// Rendered, if set, is called once every page of every locale is
	// rendered and written, before the search index: when a build holds
	// the most of what it keeps per page (cmd/build's -memprofile).
	Rendered func()
}

// Result summarises a successful run.
type Result struct {
	// Pages is the number of pages in the site, Rendered the number this
	// run rendered.
	Pages    int
	Rendered int
	// Cached is how many pages were taken from the cache (see pageCache)
	// rather than rendered.
	Cached int
	Files  int
	// Full reports a build into a new output folder rather than an
	// incremental one, which writes only the files that changed.
	Full bool
	// LaidOut is how many pages' files the run laid out; an incremental
	// run keeps those whose layout data did not change.
	LaidOut  int
	Warnings []*diag.Error
	Elapsed  time.Duration
	// Rest, if not nil, receives once the outcome of laying out and
	// publishing the pages that were not open (see Options.Browsers),
	// which goes on after the run returns: nil, or the error that left
	// the output as it was before the run.
	Rest <-chan error
}

// Builder builds a site. Its methods must not be called concurrently.
type Builder struct {
	opts Options
	min  *publish.Minifier
	// last is the state of the last successful build, kept when
	// Options.Incremental is set so that Rebuild can redo only what a
	// change affects. It is nil after a failed build.
	last *run
	// retry holds the changes of a failed Rebuild, redone with the next.
	retry []string
	// kept is what rebuilds reuse of the last successful build (see
	// keep.go), sources the site's files they read again only when
	// changed; nil without Options.Incremental.
	kept    *kept
	sources *sources
	// indexing guards the queue of search index rewrites that rebuilds
	// leave to the background (see reindex); publishing orders their
	// writes with full builds' commits, counted by gen, whose fresh index a
	// rewrite of older text must not overwrite. search is what is known of
	// the index in the output.
	indexing     sync.Mutex
	publishing   sync.Mutex
	indexRunning bool
	nextIndex    map[string][]search.Doc // by locale prefix
	indexGen     int
	gen          int
	search       searchState
	background   sync.WaitGroup
	// running counts the runs of Build or Rebuild under way, and of the
	// pages they left to lay out (see fastrender.go): a rewrite of the
	// search index gives way to them, and waits on idle (whose lock is
	// indexing) until they are done.
	running atomic.Int32
	idle    *sync.Cond
	// rest is the work of a run that published the open pages first,
	// which the next run waits for (see fastrender.go).
	rest sync.WaitGroup
}

// New returns a Builder for opts.
func New(opts Options) *Builder {
	b := &Builder{opts: opts, min: publish.NewMinifier()}
	b.idle = sync.NewCond(&b.indexing)
	if opts.Incremental && opts.Site != nil {
		b.sources = newSources(opts.Site)
		b.opts.Site = b.sources
	}
	return b
}

// run is the state of one build, and what an incremental rebuild reuses.
type run struct {
	opts   Options
	errs   *diag.List
	cfg    config.Config
	site   *resolve.Site
	md     *render.Renderer
	tmpl   *layout.Set
	out    sink
	assets map[string]string  // asset name → published site path
	inline map[string]inlined // by asset name
	files  *atomic.Int64      // published, counted from the workers
	cached atomic.Int64       // pages taken from the cache
	// pages holds what each page's rendering found, for link checks.
	pages map[*resolve.Page]*rendered
	// worksheets are the site's exercises, by id; translatedWorksheets
	// their translations, by locale and id.
	worksheets           map[string]*worksheet
	translatedWorksheets map[string]map[string]*worksheet
	// brokenExercises are the ids of exercise files with errors.
	brokenExercises map[string]bool
	// forms are the worksheets' forms as laid out, by exercise id.
	forms *sync.Map
	// embedded holds the worksheets this run's pages embed, in every
	// locale, by the site path of the definition it publishes.
	embedded *sync.Map
	// module is the worksheets' scoring module, loaded on first use.
	module *module
	// cache, if set, keeps pages between command-line builds.
	cache *pageCache
	// updated is when each file was last committed, by site path.
	updated map[string]time.Time
	// navLists holds the site path of the JSON file of each list too long
	// for the sidebar to show whole (see navChildren).
	navLists *navLists
	// index collects every page's text for the search index; nil when the
	// run does not write one (a check, an incremental rebuild).
	index *search.Index
	// loc is the locale this run publishes, ui its strings; site, pages,
	// tmpl, assets, navLists and index are that locale's. A run for each
	// of the site's locales shares the rest (see localized).
	loc config.Locale
	ui  *i18n.Strings
	// locales are the runs of every locale, the default's first.
	locales []*run
	// keep is the run's use of what the dev server keeps between builds
	// (see keep.go); nil without Options.Incremental.
	keep *keeping
}

// sink receives the published files: a staging folder for whole builds,
// memory for incremental ones until they have succeeded.
type sink interface {
	Write(name string, data []byte) error
	WriteRaw(name string, data []byte) error
	Minify(name string, data []byte) ([]byte, error)
	// Create streams a file, written as it is, until Close.
	Create(name string) (io.WriteCloser, error)
}

// rendered is what one page's rendering left for the whole-site checks
// and the search index.
type rendered struct {
	anchors anchorSet
	links   []link
	doc     search.Doc
	// enc is doc's encoding (search.Index.AddEncode), when the dev
	// server's full build indexed it, for the rewrites after rebuilds.
	enc []byte
	// description is the page's, for the category pages that list it.
	description string
	// exercises are the ids of the worksheets on the page, for the
	// progress page.
	exercises []string
}

// link is a link to another page's anchor, checked once all are rendered.
type link struct {
	pos    diag.Pos
	target *resolve.Page
	anchor string
	dest   string
}

// Build builds the whole site into Options.Out. On error, which lists
// every problem found, Out is left untouched.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	b.rest.Wait()
	defer b.busy()()
	if b.sources != nil {
		b.sources.forget(nil) // every file is read again
	}
	return b.build(ctx)
}

// build is Build, reading the site's files through b.sources.
func (b *Builder) build(ctx context.Context) (*Result, error) {
	start := time.Now()
	b.last, b.retry = nil, nil
	r := &run{opts: b.opts, errs: &diag.List{}, assets: map[string]string{}, inline: map[string]inlined{}, module: &module{}, forms: &sync.Map{}, embedded: &sync.Map{}, files: &atomic.Int64{}}
	r.keep = b.keeping(true)
	r.keep.openFirst(b.opts.Browsers)
	r.cfg = config.Load(b.opts.Site, r.errs)
	if b.opts.BaseURL != "" {
		if err := r.cfg.SetBaseURL(b.opts.BaseURL); err != nil {
			r.errs.Addf(diag.Pos{}, "-baseURL "+err.Error())
		}
	}
	uis := i18n.Load(b.opts.Site, r.cfg.Locales, r.errs)
	r.loc, r.ui = r.cfg.Locales[0], uis[r.cfg.Locales[0].Name]
	// What does not depend on the pages is prepared while they load: on a
	// small site, these steps are most of the build.
	var prep sync.WaitGroup
	if r.keep != nil && r.keep.out != nil && b.kept.updated != nil {
		r.updated = b.kept.updated
	} else if b.opts.SiteDir != "" && !b.opts.Check {
		prep.Go(func() { r.updated = gitdates.LoadCached(ctx, b.opts.SiteDir, content.Dir, b.opts.CacheDir) })
	}
	prep.Go(r.loadExercises)
	prep.Go(func() {
		r.tmpl = layout.Load(b.opts.Defaults, b.opts.Site, r.funcs(), r.constFuncs(), b.min.Template, r.errs)
	})
	prep.Go(func() { r.md = render.New(render.Options{UnsafeHTML: r.cfg.UnsafeHTML, Format: r.cfg.Markdown.Format}) })
	defer prep.Wait()
	r.openCache()
	defer r.cache.close()
	// The dev server re-renders pages from memory; a build renders each
	// once and reads its body then.
	copts := content.Options{Drafts: b.opts.Drafts, DropBodies: !b.opts.Incremental, Sources: r.pageSources()}
	loaded := content.Load(b.opts.Site, copts, r.errs)
	static := staticFiles(b.opts.Site, loaded, r.errs)
	staticPaths := slices.Collect(maps.Keys(static))
	r.site = resolve.ResolveLocale(loaded, staticPaths, r.resolveOptions(), r.errs)
	r.locales = []*run{r}
	for _, l := range r.cfg.Locales[1:] {
		lr := r.localized(l, uis[l.Name])
		lr.keep = r.keep
		translated := content.Translate(b.opts.Site, loaded, l.Dir, r.site.DocsDir, copts, lr.errs)
		lr.site = resolve.ResolveLocale(translated, staticPaths, lr.resolveOptions(), lr.errs)
		r.locales = append(r.locales, lr)
	}
	for _, lr := range r.locales {
		lr.locales = r.locales
	}

	var out *publish.Output
	var recorded *recorder
	var published bool
	if b.opts.Check {
		r.out = publish.Discard{}
	} else if r.keep != nil && r.keep.out != nil {
		r.out = r.keep.out
	} else {
		var err error
		stage := publish.Stage
		if r.cache != nil {
			stage = func(dest string, min *publish.Minifier) (*publish.Output, error) {
				return publish.StageReusing(dest, min, b.opts.CacheDir)
			}
		}
		if out, err = stage(b.opts.Out, b.min); err != nil {
			return nil, err
		}
		r.out = out
		if r.keep != nil {
			recorded = &recorder{Output: out, files: map[string][16]byte{}}
			r.out = recorded
		}
		defer func() {
			if !published {
				out.Close()
				b.remove(out.Dir())
			}
		}()
	}

	r.publishAssets()
	prep.Wait()
	// Every locale's layouts are copies of the default's, made before
	// any runs.
	for _, lr := range r.locales[1:] {
		lr.share(r)
	}
	for _, lr := range r.locales {
		if !b.opts.Check && (r.keep == nil || r.keep.out == nil) {
			lr.index = search.New()
			lr.streamIndex()
		}
		if lr.cache != nil {
			lr.cache.hashSources(lr)
			if lr.cache.keepIndex(lr) {
				lr.index = nil
			} else if lr.index != nil {
				lr.cache.resumeIndex(lr)
			}
			lr.cache.setBase(lr)
		}
		lr.navLists = lr.publishNavLists()
		// Category pages and a generated home page list other pages with
		// their descriptions, known once those are rendered.
		pages, listings := splitListings(lr.site.Pages)
		lr.pages = lr.renderPages(ctx, pages)
		maps.Copy(lr.pages, lr.renderPages(ctx, listings))
		lr.checkAnchors()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	if r.keep.few() {
		r.keep.layOutLater(ctx) // not worth publishing in two steps
	}
	if b.opts.Rendered != nil {
		b.opts.Rendered()
	}
	r.publishProgress()
	r.publishModule()
	r.publishDefinitions()
	r.publishStatic(static)
	r.publishSiteFiles()
	for _, lr := range r.locales {
		lr.publishIndex()
	}
	// What the pages found stays true whether or not the build succeeds.
	r.cache.commit()
	r.mergeLocaleErrors()
	for _, k := range r.ui.Unknown() {
		file := r.loc.Dir + "/" + i18n.CodeFile
		r.errs.Add(&diag.Error{Pos: diag.Pos{File: file}, Warning: true,
			Msg: "a layout asks for the UI string `" + k + "`, which no catalog has: add it to " + file + ` as "` + k + `": {"message": "…"} (and to each locale's)`})
	}

	if err := r.errs.Err(); err != nil {
		return nil, err
	}
	if out != nil {
		b.publishing.Lock()
		b.gen++
		old, err := out.Replace()
		b.publishing.Unlock()
		if err != nil {
			return nil, err
		}
		published = true
		if err := b.remove(old); err != nil {
			r.errs.Add(&diag.Error{Pos: diag.Pos{File: old}, Msg: "the site is published, but its previous output could not be deleted: " + err.Error(), Warning: true})
		}
		r.module.published = r.module.urls != nil
	}
	if r.keep != nil && r.keep.out != nil {
		return b.publishKept(ctx, r, start)
	}
	if b.opts.Incremental {
		b.last = r
		var files map[string][16]byte
		if recorded != nil {
			files = recorded.files
		}
		b.commit(r.keep, files, r.updated)
		if files != nil {
			b.indexed(r, files)
		}
	}
	n, cached := r.pageCount(), r.cachedCount()
	return &Result{Pages: n, Rendered: n - cached, Cached: cached, LaidOut: n - cached, Files: int(r.files.Load()), Full: true, Warnings: r.errs.Warnings(), Elapsed: time.Since(start)}, nil
}

// remove deletes a folder a build is done with: the output a build
// replaced, or a failed build's staging folder. When serving, it does so
// in the background (see Wait), so that pages reload, or show the errors,
// as soon as Build returns instead of after the deletion: about 0.3 s for
// 1,000 pages, 2 s for 10,000, next to a full build's 1.7 s and 16 s.
func (b *Builder) remove(dir string) error {
	if b.opts.Incremental {
		b.background.Go(func() { _ = publish.Remove(dir) })
		return nil
	}
	return publish.Remove(dir)
}

// draft reports whether placeholders left by `make new` are warnings
// rather than errors: while serving, so that a contributor can preview an
// article as they write it; a build or check must not pass an untouched
// scaffold.
func (r *run) draft() bool { return r.opts.Incremental }

// write publishes one file, counting it and reporting failure.
func (r *run) write(name string, data []byte, raw bool) {
	var err error
	if raw {
		err = r.out.WriteRaw(name, data)
	} else {
		err = r.out.Write(name, data)
	}
	if err != nil {
		r.errs.Addf(diag.Pos{File: name}, err.Error())
		return
	}
	r.files.Add(1)
}

// pageTimeout is how long a page of size bytes may take to render: 10 s,
// and 1 s more per 100 KB. Rendering takes time linear in a page's size
// (render.MaxNesting bounds the one shape goldmark is slowest on), about
// 30 ms per 100 KB for ordinary pages and within 1 s for the worst shapes
// measured (docs/benchmarks.md), so only a page that would stall the
// build for minutes reaches it.
func pageTimeout(size int) time.Duration {
	return 10*time.Second + time.Duration(size)*time.Second/(100<<10)
}

// renderTimed renders a page, or reports it and returns nil when it takes
// longer than its timeout. goldmark cannot be stopped, so the render goes
// on in its goroutine until it ends, and its result is dropped: the build
// fails and returns at once rather than waiting. cmd/build then exits,
// ending it; in the dev server it runs to completion in the background,
// using one core, and the run it belongs to is discarded.
func (r *run) renderTimed(in render.Input, errs *diag.List) *render.Output {
	timeout := r.opts.PageTimeout
	if timeout == 0 {
		timeout = pageTimeout(len(in.Body))
	}
	done := make(chan *render.Output, 1)
	go func() { done <- r.md.Render(in, errs) }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case out := <-done:
		return out
	case <-timer.C:
		r.errs.Addf(diag.Pos{File: in.File}, "rendering took longer than "+timeout.String()+
			"; the page's markdown has a shape the renderer is slow on: split the page, or simplify its nesting of brackets and emphasis")
		return nil
	}
}

// renderPages renders, lays out and publishes pages in parallel, and
// returns what each one's rendering found.
func (r *run) renderPages(ctx context.Context, pages []*resolve.Page) map[*resolve.Page]*rendered {
	results := make([]*rendered, len(pages))
	// Each worker takes the next page itself: handing pages out from
	// another goroutine woke it, and the scheduler, once per page.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pages)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(pages) && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				results[i] = r.renderPage(pages[i])
			}
		})
	}
	wg.Wait()
	byPage := make(map[*resolve.Page]*rendered, len(pages))
	for i, p := range pages {
		if results[i] != nil {
			byPage[p] = results[i]
		}
	}
	return byPage
}

func (r *run) renderPage(p *resolve.Page) *rendered {
	if r.keep != nil {
		return r.renderKept(p)
	}
	var source [32]byte
	var rec *pageRecord
	errs := r.errs
	if r.cache != nil {
		source = r.cache.sources[p]
		if done := r.fromCache(p, source); done != nil {
			return done
		}
		rec, errs = &pageRecord{}, &diag.List{}
	}
	if err := p.ReadBody(r.opts.Site); err != nil {
		r.errs.Addf(diag.Pos{File: p.File()}, err.Error())
		return nil
	}
	// In the page's own list, when it has a record, so that a page
	// taken from the cache reports its placeholders again.
	placeholder.Report(errs, p.File(), p.Src, r.draft())
	var links []link
	in := render.Input{
		File: p.File(), Src: p.Src, Body: p.Body, BodyLine: p.BodyLine,
		Link:     r.linker(p, r.errs, &links),
		Exercise: func(id string, pos diag.Pos) []byte { return r.renderWorksheet(id, pos, p.Src, r.errs) },
	}
	if rec != nil {
		rec.record(&in, sha256.Sum256)
	}
	out := r.renderTimed(in, errs)
	if out == nil {
		return nil
	}
	var meta []byte
	if rec != nil {
		rec.problems = errs.All()
		r.errs.Merge(errs)
		rec.out = *out
		rec.out.HTML, rec.out.Sections = "", nil
		meta = rec.encode(p.File())
	}
	data := r.pageData(p, out)
	if p.Listing != nil {
		r.listingData(data, p, out)
	}
	doc := searchDoc(r.cfg.RelURL(p.URL), data.Title, out)
	var enc []byte
	switch {
	case p.Front.Unlisted:
	case r.index == nil:
		if rec != nil && r.cache.encoder != nil {
			enc = r.cache.encoder.Encode(doc, []byte{})
		}
	case r.cache.holds(p):
		enc = r.index.Encode(doc, []byte{}) // for the store
	case rec != nil:
		enc = r.index.AddEncode(doc, []byte{})
	default:
		r.index.Add(doc)
	}
	if rec != nil {
		r.cache.store.Put(cacheName(p), source, meta, enc)
	}
	done := &rendered{anchors: newAnchorSet(out), links: links, description: data.Description, exercises: out.Exercises}
	if r.opts.Incremental && !p.Front.Unlisted {
		// Kept to re-index after a rebuild; otherwise the text of every
		// page would stay in memory for the rest of the build.
		done.doc = doc
	}
	if !r.layOut(p, data, out, source, meta) {
		return done
	}
	if !r.opts.Incremental {
		// Written and checked: nothing reads the page's text again, so a
		// large site's memory does not grow with the pages already done.
		p.DropText()
	}
	return done
}

// linker returns the render.Input Link of page p, which reports broken
// links to errs and appends links to other pages' anchors to links.
func (r *run) linker(p *resolve.Page, errs *diag.List, links *[]link) func(string, diag.Pos) string {
	warn := r.cfg.OnBrokenLinks == "warn"
	return func(dest string, pos diag.Pos) string {
		t, problem := r.site.Link(p, dest)
		if problem != "" {
			e := diag.At(pos, p.Src, problem)
			e.Warning = warn
			errs.Add(e)
			return t.Href
		}
		if t.Page != nil && t.Anchor != "" {
			*links = append(*links, link{pos: pos, target: t.Page, anchor: t.Anchor, dest: dest})
		}
		return r.cfg.RelURL(t.Href)
	}
}

// layOut lays out page p from data into its file, unless the output
// already holds that file as it would be (see pageCache); it reports
// whether the file is published.
func (r *run) layOut(p *resolve.Page, data *layout.Page, out *render.Output, source [32]byte, meta []byte) bool {
	name := "page.html"
	if data.Kind == "home" && r.tmpl.Has("home.html") {
		name = "home.html"
	}
	// The page streams to its file: the layouts are minified already
	// (layout.Load), and the article inside them is compact.
	file := path.Join(p.URL, "index.html")
	if r.cache != nil {
		if ro, ok := r.out.(interface{ Reuse(string, [16]byte) bool }); ok {
			if key, ok := r.cache.layoutKey(name, data, out, source, meta); ok && ro.Reuse(file, key) {
				r.files.Add(1)
				return true
			}
		}
	}
	w, err := r.out.Create(file)
	if err != nil {
		r.errs.Addf(diag.Pos{File: file}, err.Error())
		return false
	}
	lerr := r.tmpl.Execute(w, name, data)
	werr := w.Close()
	switch {
	case lerr != nil:
		r.errs.Addf(diag.Pos{File: layout.Dir + "/" + name}, "while laying out "+p.File()+": "+lerr.Error())
		return false
	case werr != nil:
		r.errs.Addf(diag.Pos{File: file}, werr.Error())
		return false
	}
	r.files.Add(1)
	return true
}

// fromCache publishes page p from its record in the store, if it has one
// for source that still holds and its file can stay as it is, and
// returns what rendering would have; nil leaves the page to be rendered.
// Nothing is reported or published unless it succeeds.
func (r *run) fromCache(p *resolve.Page, source [32]byte) *rendered {
	e := r.cache.store.Lookup(cacheName(p), source)
	if e == nil {
		return nil
	}
	meta, err := r.cache.store.Meta(e)
	if err != nil {
		return nil
	}
	rec := decodeRecord(meta, p.File())
	if rec == nil {
		return nil
	}
	var errs diag.List
	var links []link
	in := render.Input{
		Link:     r.linker(p, &errs, &links),
		Exercise: func(id string, pos diag.Pos) []byte { return r.renderWorksheet(id, pos, p.Src, &errs) },
	}
	if !rec.replay(&in) {
		return nil
	}
	if p.Body == nil && len(errs.All()) > 0 {
		// A problem quotes its line from the page's text, which a page
		// loaded without its body does not have: it is read, and the
		// callbacks called again.
		if p.ReadBody(r.opts.Site) != nil {
			return nil
		}
		errs, links = diag.List{}, nil
		if !rec.replay(&in) {
			return nil
		}
	}
	out := &rec.out
	data := r.pageData(p, out)
	if p.Listing != nil {
		r.listingData(data, p, out)
	}
	// The file must stand as it is: the page's HTML is not kept. Should
	// the search text then fail, rendering finds the file standing.
	name := "page.html"
	if data.Kind == "home" && r.tmpl.Has("home.html") {
		name = "home.html"
	}
	ro, ok := r.out.(interface{ Reuse(string, [16]byte) bool })
	key, kok := r.cache.layoutKey(name, data, out, source, meta)
	if !ok || !kok || !ro.Reuse(path.Join(p.URL, "index.html"), key) {
		return nil
	}
	if r.index != nil && !p.Front.Unlisted && !r.cache.holds(p) {
		part, err := r.cache.store.Part(e)
		if err != nil || r.index.AddEncoded(r.cfg.RelURL(p.URL), part) != nil {
			return nil
		}
	}
	r.files.Add(1)
	r.cached.Add(1)
	r.cache.store.Keep(cacheName(p), e)
	r.errs.Merge(&errs)
	for _, e := range rec.problems {
		r.errs.Add(e)
	}
	p.DropText()
	return &rendered{anchors: newAnchorSet(out), links: links, description: data.Description, exercises: out.Exercises}
}

// checkAnchors reports links whose #anchor names no heading of the target.
func (r *run) checkAnchors() {
	for _, from := range r.site.Pages {
		for _, l := range r.pages[from].linksOrNil() {
			r.checkAnchor(l)
		}
	}
}

// anchorSet is the fragment identifiers a page defines, sorted and
// packed into one string: kept for every page until the links are
// checked, a map of them took about three times the memory.
type anchorSet struct {
	ids  string
	ends []uint32 // where each identifier ends in ids
}

func newAnchorSet(out *render.Output) anchorSet {
	ids := make([]string, len(out.Headings))
	for i, h := range out.Headings {
		ids[i] = h.ID
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var a anchorSet
	a.ends = make([]uint32, len(ids))
	a.ids = strings.Join(ids, "")
	end := 0
	for i, id := range ids {
		end += len(id)
		a.ends[i] = uint32(end)
	}
	return a
}

// at returns the i'th identifier.
func (a *anchorSet) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = a.ends[i-1]
	}
	return a.ids[start:a.ends[i]]
}

// has reports whether id is in the set.
func (a *anchorSet) has(id string) bool {
	i := sort.Search(len(a.ends), func(i int) bool { return a.at(i) >= id })
	return i < len(a.ends) && a.at(i) == id
}

// list returns the identifiers in the set, sorted.
func (a *anchorSet) list() []string {
	ids := make([]string, len(a.ends))
	for i := range ids {
		ids[i] = a.at(i)
	}
	return ids
}

func (d *rendered) linksOrNil() []link {
	if d == nil {
		return nil
	}
	return d.links
}

func (r *run) checkAnchor(l link) {
	target := r.pages[l.target]
	if target == nil || target.anchors.has(l.anchor) {
		return
	}
	ids := target.anchors.list()
	// The page's text may be gone by now (renderPage drops it): the line
	// to quote is read again, which only a broken link costs.
	src, _ := fs.ReadFile(r.opts.Site, l.pos.File)
	e := diag.At(l.pos, src, "link to `"+l.dest+"`: "+l.target.File()+" has no heading with id `"+l.anchor+"`"+diag.DidYouMean(l.anchor, ids))
	e.Warning = r.cfg.OnBrokenLinks == "warn"
	r.errs.Add(e)
}

func (r *run) funcs() template.FuncMap {
	return template.FuncMap{
		"t":      r.ui.T,
		"date":   r.ui.Date,
		"relURL": r.cfg.RelURL,
		"absURL": r.cfg.AbsURL,
		"add1":   func(i int) int { return i + 1 },
		"inlineScript": func(name string) (template.JS, error) {
			in, ok := r.inline[name]
			if !ok {
				return "", fmt.Errorf("no inline script %q in %s", name, assetsDir)
			}
			return template.JS(in.js), nil
		},
		"cspHash": func(name string) (string, error) {
			in, ok := r.inline[name]
			if !ok {
				return "", fmt.Errorf("no inline script %q in %s", name, assetsDir)
			}
			return in.csp, nil
		},
		"seq": func(from, to int) []int {
			var s []int
			for i := from; i <= to && len(s) < 1000; i++ {
				s = append(s, i)
			}
			return s
		},
		"asset": func(name string) (string, error) {
			if u, ok := r.assets[name]; ok {
				return r.cfg.RelURL(u), nil
			}
			return "", fmt.Errorf("no asset %q in %s/assets", name, layout.Dir)
		},
	}
}

// constFuncs are the layouts' functions as their calls with constant
// arguments are made once for every page (layout.Load): all of them, but
// t, for a string no catalog has, is left to each page, which reports it
// only if a page asks for it.
func (r *run) constFuncs() template.FuncMap {
	f := r.funcs()
	f["t"] = func(key string, args ...any) (string, error) {
		if !r.ui.Has(key) {
			return "", errUnknownString
		}
		return r.ui.T(key, args...), nil
	}
	return f
}

var errUnknownString = errors.New("no catalog has the string")

// pageData assembles what the page template receives.
func (r *run) pageData(p *resolve.Page, out *render.Output) *layout.Page {
	fm := p.Front
	d := &layout.Page{
		Site:           &r.cfg,
		Kind:           "page",
		URL:            p.URL,
		Canonical:      r.cfg.AbsURL(p.URL),
		Title:          fm.Title,
		HasH1:          out.Title != "",
		HideTitle:      fm.HideTitle,
		Unlisted:       fm.Unlisted,
		Description:    cmp.Or(fm.Description, out.Description),
		Keywords:       fm.Keywords,
		Image:          p.Image,
		Content:        template.HTML(out.HTML),
		Sidebar:        navChildren(r.site.Nav, p, r.navLists),
		Breadcrumbs:    breadcrumbs(r.site.Nav, p),
		EditURL:        r.editLink(p),
		ReadingMinutes: r.readingMinutes(p),
		Locale:         r.loc,
		Untranslated:   p.Untranslated,
		Translations:   r.translations(p),
		ProgressURL:    r.progressURL(),
	}
	if p.Untranslated {
		// The page is the original's text again: search engines are
		// sent there (hreflang alternates leave this page out too).
		d.Original = r.cfg.DefaultLocale()
		d.Canonical = d.Translations[0].Canonical
	}
	for _, t := range fm.Tags {
		d.Tags = append(d.Tags, layout.Link{Label: t.Label, URL: r.site.TagURL(t)})
	}
	if p == r.site.Home() {
		d.Kind = "home"
	}
	if t, ok := r.updated[p.File()]; ok {
		d.Updated = t
	}
	if lu := fm.LastUpdate; lu != nil {
		d.UpdatedBy = lu.Author
		if !lu.Time.IsZero() {
			d.Updated = lu.Time
		}
	}
	if !fm.HideTOC {
		d.TOC = out.TOC(tocLevels(fm))
	}
	if len(out.Exercises) > 0 {
		store, ok1 := r.assets["worksheet-store.js"]
		if u, ok := r.assets["worksheet.js"]; ok && ok1 {
			d.WorksheetScript = r.cfg.RelURL(store) + " " + r.cfg.RelURL(u)
		}
	}
	d.Styles = r.pageStyles(out)
	if p.Prev != nil {
		d.Prev = &layout.Link{Label: paginationLabel(p.Prev), URL: p.Prev.URL}
	}
	if p.Next != nil {
		d.Next = &layout.Link{Label: paginationLabel(p.Next), URL: p.Next.URL}
	}
	d.JSONLD = structuredData(d, out)
	return d
}

// pageStyles returns the site paths of the stylesheets a page needs
// besides site.css: code highlighting's, if it has highlighted code.
// Chroma marks the blocks it highlights with the class "chroma"; a page's
// raw HTML may too, and then wants the styles as well. (A worksheet's form
// is styled by site.css: most pages have one, and a second stylesheet
// would hold up their first paint.)
func (r *run) pageStyles(out *render.Output) []string {
	if u, ok := r.assets[highlightCSS]; ok && hasChroma(out.HTML) {
		return []string{r.cfg.RelURL(u)}
	}
	return nil
}

// hasChroma reports whether html holds `class="chroma"`. It looks for
// `="chroma"` first: "=" is much rarer in HTML than "c", where
// strings.Contains starts, which read a 74 KB page in 23 µs against 6.
func hasChroma(html string) bool {
	for {
		i := strings.Index(html, `="chroma"`)
		if i < 0 {
			return false
		}
		if strings.HasSuffix(html[:i], "class") {
			return true
		}
		html = html[i+1:]
	}
}

// tocLevels returns the heading levels of the table of contents: 2 to 3
// unless the front matter says otherwise, as in Docusaurus.
func tocLevels(fm content.FrontMatter) (lo, hi int) {
	lo, hi = 2, 3
	if fm.TOCMinHeadingLevel != nil {
		lo = int(*fm.TOCMinHeadingLevel)
	}
	if fm.TOCMaxHeadingLevel != nil {
		hi = int(*fm.TOCMaxHeadingLevel)
	}
	return lo, hi
}

func navLabel(p *resolve.Page) string { return cmp.Or(p.Front.SidebarLabel, p.Front.Title) }

// paginationLabel names p in other pages' previous and next links.
func paginationLabel(p *resolve.Page) string { return cmp.Or(p.Front.PaginationLabel, navLabel(p)) }

// editLink is p's "Edit this page" link: custom_edit_url when set, even to
// "" or null, which remove it; else the site's editURL and p's file.
func (r *run) editLink(p *resolve.Page) string {
	if _, set := p.Lines["custom_edit_url"]; set {
		if p.CustomEditURL == "" {
			return "" // set to "" or null: no link
		}
		return r.cfg.AbsURL(p.CustomEditURL)
	}
	return r.cfg.EditLink(p.File())
}

// navItem is n's sidebar entry for page p, expanded if n is a category on
// p's path (see navChildren for the sidebar's top level), or nil if n is
// unlisted and not on p's path.
func navItem(n *resolve.Node, p *resolve.Page, lists *navLists) *layout.NavItem {
	onPath := p != nil && n.Contains(p)
	if !onPath && n.Unlisted() {
		return nil
	}
	it := &layout.NavItem{Label: n.Label, URL: n.URL(), IsCategory: n.IsCategory(), ClassName: n.ClassName, CustomProps: n.CustomProps}
	it.Current = p != nil && n.Page == p
	if c := n.Category; n.IsCategory() && c != nil {
		it.Fixed = c.Collapsible != nil && !*c.Collapsible
		it.Expanded = it.Fixed || c.Collapsed != nil && !*c.Collapsed
	}
	it.Active = n.IsCategory() && onPath
	if it.Active || it.Expanded {
		it.Children = navChildren(n, p, lists)
	}
	return it
}

// breadcrumbs lists the categories from the sidebar's top level down to p.
func breadcrumbs(nav *resolve.Node, p *resolve.Page) []layout.Link {
	var crumbs []layout.Link
	for n := p.Node; n != nil && n != nav && n.Parent != nil; n = n.Parent {
		crumbs = append(crumbs, layout.Link{Label: n.Label, URL: n.URL()})
	}
	if len(crumbs) == 0 {
		return nil
	}
	crumbs[0].Label = navLabel(p)
	slices.Reverse(crumbs)
	return crumbs
}
