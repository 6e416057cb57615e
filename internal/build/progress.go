package build

import (
	"cmp"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/wasmbuild"
)

// ProgressURL is the site path of the learner's progress page, which a
// site with worksheets gets: every worksheet, with the state of the
// learner's answers in their browser, and their export, import and
// deletion. Its script reads the answers that worksheet.js saves.
const ProgressURL = "/worksheets/"

// progressURL returns ProgressURL if the site has the page, else "". A
// site has it when it defines an exercise, so that pages know whether to
// link to it before any is rendered.
func (r *run) progressURL() string {
	if len(r.worksheets) == 0 || !r.tmpl.Has("worksheets.html") {
		return ""
	}
	return ProgressURL
}

// publishProgress writes the progress page, listing the worksheets of the
// listed pages in navigation order. A worksheet only on unlisted pages is
// left out, as those pages are. It runs once the pages are rendered, and
// again after every rebuild, since an edit can add or remove a worksheet.
// The definitions it names are those the pages' worksheets fetch
// (publishDefinitions).
func (r *run) publishProgress() {
	if r.progressURL() == "" {
		return
	}
	if p := r.site.ByURL(ProgressURL); p != nil {
		pos := diag.Pos{File: p.File(), Line: 1, Col: 1}
		if l, ok := p.Lines["slug"]; ok {
			pos.Line = l
		}
		r.errs.Addf(pos, "this page's URL, "+ProgressURL+", is where Latticework puts the learner's progress page in a site with worksheets: give the page another slug")
		return
	}
	progress := &layout.Progress{}
	listed := map[string]bool{}
	for _, p := range r.site.Pages {
		done := r.pages[p]
		if done == nil || p.Front.Unlisted {
			continue
		}
		for _, id := range done.exercises {
			ws := r.worksheets[id]
			if ws == nil || listed[id] {
				continue
			}
			listed[id] = true
			progress.Worksheets = append(progress.Worksheets, layout.ProgressItem{
				ID: id, Hash: ws.Hash, Title: ws.Def.Title, Definition: r.cfg.RelURL(ws.Definition),
				Page: layout.Link{Label: paginationLabel(p), URL: p.URL},
			})
		}
	}
	if len(progress.Worksheets) > 0 {
		if m, s := r.moduleURL(wasmbuild.Module), r.moduleURL(wasmbuild.Support); m != "" && s != "" {
			progress.Module, progress.Support = r.cfg.RelURL(m), r.cfg.RelURL(s)
		}
	}
	d := &layout.Page{
		Site: &r.cfg, Kind: "worksheets", URL: ProgressURL, Canonical: r.cfg.AbsURL(ProgressURL),
		Title:       r.ui.T("latticework.progress.title"),
		Description: r.ui.T("latticework.progress.description"),
		Sidebar:     navChildren(r.site.Nav, nil, r.navLists),
		ProgressURL: ProgressURL,
		Progress:    progress,
		Locale:      r.loc,
	}
	// One page for every locale (the answers are the same in each): the
	// language switcher leads to the other locales' home pages.
	for _, o := range r.locales {
		if len(r.locales) > 1 {
			u := cmp.Or(o.loc.Prefix, ProgressURL)
			if o.loc.Prefix != "" {
				u += "/"
			}
			d.Translations = append(d.Translations, layout.Translation{Locale: o.loc, URL: u, Canonical: r.cfg.AbsURL(u), Current: o == r, Translated: o == r})
		}
	}
	html, err := r.tmpl.Bytes("worksheets.html", d)
	if err != nil {
		r.errs.Addf(diag.Pos{File: layout.Dir + "/worksheets.html"}, err.Error())
		return
	}
	r.write(ProgressURL[1:]+"index.html", html, false)
}
