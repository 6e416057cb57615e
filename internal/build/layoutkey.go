package build

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/latticework/latticework/internal/buildcache"
	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/layout"
)

// A layout key hashes the data a page's layout receives as keyBuf writes
// it: every field of layout.Page but Site (in the store's key), strings
// prefixed with their length and lists with their count, so that two
// different pages never write the same bytes. Written field by field it
// costs a fraction of encoding the page as JSON, which a warm build did
// for every page. TestLayoutKeyCoversPage fails if a field is left out.

// keyBuf collects the bytes a layout key hashes, in the cache's encoding.
type keyBuf struct {
	buildcache.Writer
	bad bool // data that could not be written: no key
}

var keyBufs = sync.Pool{New: func() any { return &keyBuf{Writer: *buildcache.NewWriter(make([]byte, 0, 8<<10))} }}

func (b *keyBuf) strs(ss []string) {
	b.Int(len(ss))
	for _, s := range ss {
		b.String(s)
	}
}

func (b *keyBuf) link(l layout.Link) {
	b.String(l.Label)
	b.String(l.URL)
}

func (b *keyBuf) links(ls []layout.Link) {
	b.Int(len(ls))
	for _, l := range ls {
		b.link(l)
	}
}

// optLink writes whether l is set, and l.
func (b *keyBuf) optLink(l *layout.Link) {
	b.Bool(l != nil)
	if l != nil {
		b.link(*l)
	}
}

// time writes t with its zone, which a layout may print.
func (b *keyBuf) time(t time.Time) {
	b.Bool(t.IsZero())
	if t.IsZero() {
		return
	}
	zone, offset := t.Zone()
	b.Uvarint(uint64(t.Unix()))
	b.Int(t.Nanosecond())
	b.String(zone)
	b.Int(offset)
}

func (b *keyBuf) locale(l config.Locale) {
	b.String(l.Name)
	b.String(l.Label)
	b.String(l.HTMLLang)
	b.String(l.Direction)
	b.String(l.Dir)
	b.String(l.Prefix)
	b.Bool(l.Default)
}

func (b *keyBuf) nav(items []*layout.NavItem) {
	b.Int(len(items))
	for _, it := range items {
		b.Bool(it != nil)
		if it == nil {
			continue
		}
		b.String(it.Label)
		b.String(it.URL)
		b.Bool(it.IsCategory)
		b.Bool(it.Current)
		b.Bool(it.Active)
		b.Bool(it.Fixed)
		b.Bool(it.Expanded)
		b.String(it.ClassName)
		// Custom props are whatever a page's front matter holds, and
		// rare: JSON writes them, maps in sorted order.
		b.Bool(it.CustomProps != nil)
		if it.CustomProps != nil {
			props, err := json.Marshal(it.CustomProps)
			b.bad = b.bad || err != nil
			b.String(string(props))
		}
		b.nav(it.Children)
		b.Int(it.Skipped)
		b.Int(it.From)
		b.String(it.List)
	}
}

// page writes d, but for its Site, and with content as its Content.
func (b *keyBuf) page(d *layout.Page, content string) {
	b.String(d.Kind)
	b.String(d.URL)
	b.String(d.Canonical)
	b.String(d.Title)
	b.Bool(d.HasH1)
	b.Bool(d.HideTitle)
	b.Bool(d.Unlisted)
	b.String(d.Description)
	b.strs(d.Keywords)
	b.links(d.Tags)
	b.String(d.Image)
	b.String(content)
	b.Int(len(d.Items))
	for _, c := range d.Items {
		b.String(c.Label)
		b.String(c.URL)
		b.String(c.Description)
		b.Bool(c.IsCategory)
	}
	b.Int(len(d.TOC))
	for _, h := range d.TOC {
		b.Int(h.Level)
		b.String(h.ID)
		b.String(h.Text)
	}
	b.nav(d.Sidebar)
	b.links(d.Breadcrumbs)
	b.optLink(d.Prev)
	b.optLink(d.Next)
	b.String(d.EditURL)
	b.strs(d.Styles)
	b.Int(len(d.JSONLD))
	for _, js := range d.JSONLD {
		b.String(string(js))
	}
	b.String(d.WorksheetScript)
	b.String(d.ProgressURL)
	b.Bool(d.Progress != nil)
	if p := d.Progress; p != nil {
		b.Int(len(p.Worksheets))
		for _, w := range p.Worksheets {
			b.String(w.ID)
			b.String(w.Hash)
			b.String(w.Title)
			b.link(w.Page)
			b.String(w.Definition)
		}
		b.String(p.Module)
		b.String(p.Support)
	}
	b.time(d.Updated)
	b.String(d.UpdatedBy)
	b.Int(d.ReadingMinutes)
	b.locale(d.Locale)
	b.Bool(d.Untranslated)
	b.locale(d.Original)
	b.Int(len(d.Translations))
	for _, t := range d.Translations {
		b.locale(t.Locale)
		b.String(t.URL)
		b.String(t.Canonical)
		b.Bool(t.Current)
		b.Bool(t.Translated)
	}
}
