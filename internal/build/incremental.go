package build

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/resolve"
)

// Rebuild brings the output up to date after the files named by changed
// (slash-separated paths from the site root, as "content/docs/a.md") were
// created, edited or deleted. An edit to pages' bodies re-renders just
// those pages and re-checks every link into them; anything that can change
// other pages (front matter that the sidebar or URLs use, new or deleted
// pages, categories, layouts, exercises, the config) rebuilds the whole
// site. Like Build, a failed Rebuild leaves the output as it was; the
// paths it could not build are tried again with the next change.
func (b *Builder) Rebuild(ctx context.Context, changed []string) (*Result, error) {
	b.rest.Wait()
	defer b.busy()()
	changed = append(b.retry, changed...)
	b.retry = nil
	if b.sources != nil {
		b.sources.forget(changed)
	}
	if b.last == nil {
		return b.build(ctx)
	}
	start := time.Now()
	last := b.last
	edits, ok := last.plan(changed)
	if !ok {
		return b.build(ctx)
	}

	// Render the edited pages of each locale into memory against the last
	// build's state; nothing reaches the output unless the whole run
	// succeeds, and then only the files whose bytes changed.
	k := b.keeping(false)
	if k == nil || k.out == nil {
		return b.build(ctx)
	}
	mem := k.out
	files := &atomic.Int64{}
	embedded := &sync.Map{}
	runs := make([]*run, len(last.locales))
	for i, lr := range last.locales {
		runs[i] = &run{
			opts: lr.opts, errs: &diag.List{}, cfg: lr.cfg, site: lr.site, md: lr.md, files: files, loc: lr.loc, ui: lr.ui,
			tmpl: lr.tmpl, out: mem, assets: lr.assets, inline: lr.inline, pages: maps.Clone(lr.pages), worksheets: lr.worksheets, translatedWorksheets: lr.translatedWorksheets, brokenExercises: lr.brokenExercises, forms: lr.forms, updated: lr.updated, module: lr.module, navLists: lr.navLists,
			locales: runs, embedded: embedded, keep: k,
		}
	}
	r := runs[0]
	for p, next := range edits {
		p.Page = next.page
	}
	restore := func() {
		for p, next := range edits {
			p.Page = next.old
		}
	}
	for i, lr := range runs {
		var pages []*resolve.Page
		for p, e := range edits {
			if e.locale == i {
				pages = append(pages, p)
			}
		}
		maps.Copy(lr.pages, lr.renderPages(ctx, pages))
		// The category pages listing an edited page show its description.
		var changedDesc []*resolve.Page
		for _, p := range pages {
			if now, was := lr.pages[p], last.locales[i].pages[p]; now == nil || was == nil || now.description != was.description {
				changedDesc = append(changedDesc, p)
			}
		}
		listings := listingsOf(lr.site, changedDesc)
		maps.Copy(lr.pages, lr.renderPages(ctx, listings))
		lr.checkAnchors()
	}
	r.publishProgress() // an edit may add or remove a worksheet
	if !r.module.published {
		r.publishModule() // if an edited page is the first to use it
	}
	r.publishDefinitions()
	r.mergeLocaleErrors()
	if err := ctx.Err(); err != nil {
		restore()
		return nil, err
	}
	if err := r.errs.Err(); err != nil {
		restore()
		b.retry = changed
		return nil, err
	}
	published, err := mem.flush(b.opts.Out, false, nil)
	if err != nil {
		restore()
		b.last = nil // the output may be part-written: the next run rebuilds it whole
		b.forget()
		return nil, err
	}
	r.module.published = r.module.urls != nil
	b.last = r
	b.commit(k, published, nil)
	b.reindex(r)
	return &Result{Pages: r.pageCount(), Rendered: int(k.rendered.Load()), LaidOut: int(k.laidOut.Load()), Files: int(r.files.Load()), Warnings: r.errs.Warnings(), Elapsed: time.Since(start)}, nil
}

// listingsOf returns the pages that list any of pages as an item.
func listingsOf(site *resolve.Site, pages []*resolve.Page) []*resolve.Page {
	var out []*resolve.Page
	for _, l := range site.Pages {
		if l.Listing == nil {
			continue
		}
		for _, p := range pages {
			if p.Node.Parent == l.Listing || l.Tag != nil && slices.Contains(l.Tag.Docs, p) {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// edit is a page whose body changed, in the locale of index locale in
// run.locales.
type edit struct {
	old, page *content.Page
	locale    int
}

// plan loads the changed pages and reports whether re-rendering just
// them is enough: only bodies and page-local front matter changed. A
// page of the default locale is also re-rendered in the locales that have
// no translation of it; a translation in its own locale.
func (r *run) plan(changed []string) (map[*resolve.Page]edit, bool) {
	edits := map[*resolve.Page]edit{}
	for _, name := range slices.Compact(slices.Sorted(slices.Values(changed))) {
		loc, p := r.source(name)
		if p == nil {
			return nil, false // not a page, a new page, or one that was left out
		}
		if _, err := fs.Stat(r.opts.Site, name); errors.Is(err, fs.ErrNotExist) {
			return nil, false // deleted
		}
		var errs diag.List
		next := content.LoadPage(r.opts.Site, name, &errs)
		if next == nil || len(errs.All()) > 0 || !sameNav(p.Page, next) {
			return nil, false // a full build reports the errors, or redoes the navigation
		}
		next.Path = p.Path
		edits[p] = edit{old: p.Page, page: next, locale: loc}
		if loc > 0 {
			continue
		}
		for i, lr := range r.locales[1:] {
			if q := lr.site.BySource(p.Path); q != nil && q.Untranslated {
				copied := *next
				copied.Untranslated = true
				edits[q] = edit{old: q.Page, page: &copied, locale: i + 1}
			}
		}
	}
	return edits, len(edits) > 0
}

// source returns the page whose source file is name (from the site root)
// and the index of its locale in r.locales: a page under content/, or a
// translation under a locale's folder; nil for none.
func (r *run) source(name string) (int, *resolve.Page) {
	if rel, ok := strings.CutPrefix(name, content.Dir+"/"); ok && content.IsPage(rel) {
		return 0, r.site.BySource(rel)
	}
	for i, lr := range r.locales[1:] {
		rest, ok := strings.CutPrefix(name, lr.loc.Dir+"/")
		if !ok || !content.IsPage(rest) {
			continue
		}
		var rel string
		if doc, ok := strings.CutPrefix(rest, content.DocsPlugin+"/current/"); ok {
			rel = path.Join(r.site.DocsDir, doc)
		} else if page, ok := strings.CutPrefix(rest, content.PagesPlugin+"/"); ok {
			rel = page
		} else {
			return 0, nil
		}
		if p := lr.site.BySource(rel); p != nil && p.File() == name {
			return i + 1, p
		}
		return 0, nil // a new translation
	}
	return 0, nil
}

// sameNav reports whether two versions of a page have the same front
// matter as far as other pages can see (URL, sidebar entry, order,
// pagination, listing, tags and draft state) and as resolved with the
// site (image and edit link).
func sameNav(a, b *content.Page) bool {
	fa, fb := a.Front, b.Front
	return fa.Title == fb.Title && fa.SidebarLabel == fb.SidebarLabel &&
		eqPtr(fa.SidebarPosition, fb.SidebarPosition) && fa.Slug == fb.Slug && fa.ID == fb.ID &&
		fa.Draft == fb.Draft && fa.Unlisted == fb.Unlisted && eqPtr(fa.PaginationNext, fb.PaginationNext) &&
		eqPtr(fa.PaginationPrev, fb.PaginationPrev) && fa.PaginationLabel == fb.PaginationLabel &&
		fa.SidebarClassName == fb.SidebarClassName && reflect.DeepEqual(fa.SidebarCustomProps, fb.SidebarCustomProps) &&
		eqPtr(fa.ParseNumberPrefixes, fb.ParseNumberPrefixes) && slices.Equal(fa.Tags, fb.Tags) &&
		hasKey(a, "pagination_next") == hasKey(b, "pagination_next") &&
		hasKey(a, "pagination_prev") == hasKey(b, "pagination_prev") &&
		// Resolve resolves these against the page's URL.
		fa.Image == fb.Image && fa.CustomEditURL == fb.CustomEditURL &&
		hasKey(a, "custom_edit_url") == hasKey(b, "custom_edit_url")
}

func hasKey(p *content.Page, k string) bool {
	_, ok := p.Lines[k]
	return ok
}

func eqPtr[T comparable](a, b *T) bool {
	return a == b || (a != nil && b != nil && *a == *b)
}

// Wait returns once the work left to the background is done (with
// Options.Incremental: the pages laid out after the open ones, rebuilds'
// search index, and deleting the outputs that full builds replaced), so
// the output folder can be removed or copied.
func (b *Builder) Wait() {
	b.rest.Wait() // which may start a rewrite of the index
	b.background.Wait()
}
