package build

import (
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/wasmbuild"
)

// ProgressURL is the site path of the learner's progress page, which a
// site with worksheets gets: every worksheet, with the state of the
// learner's answers in their browser, and their export, import and
// deletion. Its script reads the answers that worksheet.js saves.
const ProgressURL = "/worksheets/"

// progressURL returns the site path of r's locale's progress page
// (ProgressURL under the locale's prefix) if the site has the page, else
// "". A site has it when it defines an exercise, so that pages know
// whether to link to it before any is rendered.
func (r *run) progressURL() string {
	if len(r.worksheets) == 0 || !r.tmpl.Has("worksheets.html") {
		return ""
	}
	return r.loc.Prefix + ProgressURL
}

// publishProgress writes every locale's progress page (publishLocaleProgress).
func (r *run) publishProgress() {
	for _, lr := range r.locales {
		lr.publishLocaleProgress()
	}
}

// publishLocaleProgress writes r's locale's progress page, in its
// language and linking to its pages, listing the worksheets of the
// listed pages in navigation order. A worksheet only on unlisted pages is
// left out, as those pages are. It runs once the pages are rendered, and
// again after every rebuild, since an edit can add or remove a worksheet.
// The definitions it names are those the pages' worksheets fetch
// (publishDefinitions), in the locale's translation where there is one.
// Every locale's page reads the same saved answers (same ids and hashes).
func (r *run) publishLocaleProgress() {
	url := r.progressURL()
	if url == "" {
		return
	}
	if p := r.site.ByURL(url); p != nil {
		pos := diag.Pos{File: p.File(), Line: 1, Col: 1}
		if l, ok := p.Lines["slug"]; ok {
			pos.Line = l
		}
		r.errs.Addf(pos, "this page's URL, "+url+", is where Latticework puts the learner's progress page in a site with worksheets: give the page another slug")
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
			ws := r.worksheetIn(r.loc.Name, id)
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
		Site: &r.cfg, Kind: "worksheets", URL: url, Canonical: r.cfg.AbsURL(url),
		Title:       r.ui.T("latticework.progress.title"),
		Description: r.ui.T("latticework.progress.description"),
		Sidebar:     navChildren(r.site.Nav, nil, r.navLists),
		ProgressURL: url,
		Progress:    progress,
		Locale:      r.loc,
	}
	// The language switcher leads to the other locales' progress pages.
	for _, o := range r.locales {
		if len(r.locales) > 1 {
			u := o.progressURL()
			d.Translations = append(d.Translations, layout.Translation{Locale: o.loc, URL: u, Canonical: r.cfg.AbsURL(u), Current: o == r, Translated: true})
		}
	}
	html, err := r.tmpl.Bytes("worksheets.html", d)
	if err != nil {
		r.errs.Addf(diag.Pos{File: layout.Dir + "/worksheets.html"}, err.Error())
		return
	}
	r.write(url[1:]+"index.html", html, false)
}
