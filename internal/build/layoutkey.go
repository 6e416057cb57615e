package build

import (
	"encoding/binary"
	"encoding/json"
	"sync"
	"time"

	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/layout"
)

// A layout key hashes the data a page's layout receives as keyBuf writes
// it: every field of layout.Page but Site (in the store's key), strings
// prefixed with their length and lists with their count, so that two
// different pages never write the same bytes. Written field by field it
// costs a fraction of encoding the page as JSON, which a warm build did
// for every page. TestLayoutKeyCoversPage fails if a field is left out.

// keyBuf collects the bytes a layout key hashes.
type keyBuf struct {
	b   []byte
	bad bool // data that could not be written: no key
}

var keyBufs = sync.Pool{New: func() any { return &keyBuf{b: make([]byte, 0, 8<<10)} }}

func (b *keyBuf) str(s string) {
	b.b = binary.AppendUvarint(b.b, uint64(len(s)))
	b.b = append(b.b, s...)
}

func (b *keyBuf) bytes(s []byte) {
	b.b = binary.AppendUvarint(b.b, uint64(len(s)))
	b.b = append(b.b, s...)
}

func (b *keyBuf) int(n int) { b.b = binary.AppendVarint(b.b, int64(n)) }

func (b *keyBuf) bool(v bool) {
	if v {
		b.b = append(b.b, 1)
	} else {
		b.b = append(b.b, 0)
	}
}

func (b *keyBuf) strs(ss []string) {
	b.int(len(ss))
	for _, s := range ss {
		b.str(s)
	}
}

func (b *keyBuf) link(l layout.Link) {
	b.str(l.Label)
	b.str(l.URL)
}

func (b *keyBuf) links(ls []layout.Link) {
	b.int(len(ls))
	for _, l := range ls {
		b.link(l)
	}
}

// optLink writes whether l is set, and l.
func (b *keyBuf) optLink(l *layout.Link) {
	b.bool(l != nil)
	if l != nil {
		b.link(*l)
	}
}

// time writes t with its zone, which a layout may print.
func (b *keyBuf) time(t time.Time) {
	b.bool(t.IsZero())
	if t.IsZero() {
		return
	}
	zone, offset := t.Zone()
	b.b = binary.AppendVarint(b.b, t.Unix())
	b.int(t.Nanosecond())
	b.str(zone)
	b.int(offset)
}

func (b *keyBuf) locale(l config.Locale) {
	b.str(l.Name)
	b.str(l.Label)
	b.str(l.HTMLLang)
	b.str(l.Direction)
	b.str(l.Dir)
	b.str(l.Prefix)
	b.bool(l.Default)
}

func (b *keyBuf) nav(items []*layout.NavItem) {
	b.int(len(items))
	for _, it := range items {
		b.bool(it != nil)
		if it == nil {
			continue
		}
		b.str(it.Label)
		b.str(it.URL)
		b.bool(it.IsCategory)
		b.bool(it.Current)
		b.bool(it.Active)
		b.bool(it.Fixed)
		b.bool(it.Expanded)
		b.str(it.ClassName)
		// Custom props are whatever a page's front matter holds, and
		// rare: JSON writes them, maps in sorted order.
		b.bool(it.CustomProps != nil)
		if it.CustomProps != nil {
			props, err := json.Marshal(it.CustomProps)
			b.bad = b.bad || err != nil
			b.str(string(props))
		}
		b.nav(it.Children)
		b.int(it.Skipped)
		b.int(it.From)
		b.str(it.List)
	}
}

// page writes d, but for its Site, and with content as its Content.
func (b *keyBuf) page(d *layout.Page, content string) {
	b.str(d.Kind)
	b.str(d.URL)
	b.str(d.Canonical)
	b.str(d.Title)
	b.bool(d.HasH1)
	b.bool(d.HideTitle)
	b.bool(d.Unlisted)
	b.str(d.Description)
	b.strs(d.Keywords)
	b.links(d.Tags)
	b.str(d.Image)
	b.str(content)
	b.int(len(d.Items))
	for _, c := range d.Items {
		b.str(c.Label)
		b.str(c.URL)
		b.str(c.Description)
		b.bool(c.IsCategory)
	}
	b.int(len(d.TOC))
	for _, h := range d.TOC {
		b.int(h.Level)
		b.str(h.ID)
		b.str(h.Text)
	}
	b.nav(d.Sidebar)
	b.links(d.Breadcrumbs)
	b.optLink(d.Prev)
	b.optLink(d.Next)
	b.str(d.EditURL)
	b.strs(d.Styles)
	b.int(len(d.JSONLD))
	for _, js := range d.JSONLD {
		b.str(string(js))
	}
	b.str(d.WorksheetScript)
	b.str(d.ProgressURL)
	b.bool(d.Progress != nil)
	if p := d.Progress; p != nil {
		b.int(len(p.Worksheets))
		for _, w := range p.Worksheets {
			b.str(w.ID)
			b.str(w.Hash)
			b.str(w.Title)
			b.link(w.Page)
			b.str(w.Definition)
		}
		b.str(p.Module)
		b.str(p.Support)
	}
	b.time(d.Updated)
	b.str(d.UpdatedBy)
	b.int(d.ReadingMinutes)
	b.locale(d.Locale)
	b.bool(d.Untranslated)
	b.locale(d.Original)
	b.int(len(d.Translations))
	for _, t := range d.Translations {
		b.locale(t.Locale)
		b.str(t.URL)
		b.str(t.Canonical)
		b.bool(t.Current)
		b.bool(t.Translated)
	}
}
