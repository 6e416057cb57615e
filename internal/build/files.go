package build

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/publish"
	"github.com/latticework/latticework/internal/render"
)

// assetsDir holds the CSS and JS the layouts load, under layouts/.
const assetsDir = layout.Dir + "/assets"

// inlineSuffix marks an asset that templates inline rather than link to
// ({{inlineScript "x.inline.js"}}), with its hash for the page's CSP
// ({{cspHash "x.inline.js"}}).
const inlineSuffix = ".inline.js"

// highlightCSS is code highlighting's stylesheet, which only pages with
// highlighted code link (see pageStyles).
const highlightCSS = "highlight.css"

// inlined is an inline script and its CSP source expression, hashed once
// per build rather than once per page.
type inlined struct{ js, csp string }

// publishAssets minifies and fingerprints the layouts' CSS and JS, a
// site's own files replacing the defaults by name. Templates find them
// with {{asset "site.css"}}.
func (r *run) publishAssets() {
	files := map[string][]byte{}
	for _, fsys := range []fs.FS{r.opts.Defaults, r.opts.Site} {
		if fsys == nil {
			continue
		}
		entries, err := fs.ReadDir(fsys, assetsDir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			r.errs.Addf(diag.Pos{File: assetsDir}, err.Error())
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			data, err := fs.ReadFile(fsys, assetsDir+"/"+e.Name())
			if err != nil {
				r.errs.Addf(diag.Pos{File: assetsDir + "/" + e.Name()}, err.Error())
				continue
			}
			files[e.Name()] = data
		}
	}
	// Code highlighting's styles are a stylesheet of their own, which
	// only pages with highlighted code link (see pageStyles).
	if _, ok := files[highlightCSS]; !ok {
		files[highlightCSS] = []byte(render.HighlightCSS)
	}
	for name, data := range files {
		// A script with UI strings is published in each locale's words
		// (see i18n.Strings.Script); locales that say the same share it.
		written := map[string]bool{}
		var shared []byte // the minified file, when no locale changes it
		for _, lr := range r.locales {
			src, localized := data, false
			if strings.HasSuffix(name, ".js") {
				src, localized = lr.ui.Script(data)
			}
			var min []byte
			var err error
			if shared != nil && !localized {
				min = shared
			} else if min, err = r.minify(name, src); !localized {
				shared = min // the minifier may write into src: minify data once
			}
			if err != nil {
				r.errs.Addf(diag.Pos{File: assetsDir + "/" + name}, err.Error())
				break
			}
			if strings.HasSuffix(name, inlineSuffix) {
				sum := sha256.Sum256(min)
				r.inline[name] = inlined{string(min), "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"}
				break
			}
			site := "/assets/" + publish.Fingerprint(name, min)
			lr.assets[name] = site
			if !written[site] {
				written[site] = true
				r.write(site, min, true)
			}
		}
	}
}

// staticFiles maps the site path of every file published unchanged to
// its path in the site folder: the files under static/, and the files
// beside the pages under content/.
func staticFiles(fsys fs.FS, loaded *content.Site, errs *diag.List) map[string]string {
	files := map[string]string{}
	err := fs.WalkDir(fsys, StaticDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				errs.Addf(diag.Pos{File: p}, err.Error())
			}
			return nil
		}
		if !d.IsDir() {
			files[strings.TrimPrefix(p, StaticDir)] = p
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs.Addf(diag.Pos{File: StaticDir}, err.Error())
	}
	for _, a := range loaded.Assets {
		files["/"+a] = content.Dir + "/" + a
	}
	return files
}

func (r *run) publishStatic(files map[string]string) {
	for site, src := range files {
		data, err := fs.ReadFile(r.opts.Site, src)
		if err != nil {
			r.errs.Addf(diag.Pos{File: src}, err.Error())
			continue
		}
		r.write(site, data, true)
	}
}

// publishSiteFiles writes the files that describe the whole site:
// robots.txt, and each locale's sitemap and 404 page; with several
// locales, a sitemap index lists the sitemaps, which robots.txt names.
func (r *run) publishSiteFiles() {
	sitemap := "/sitemap.xml"
	if len(r.locales) > 1 {
		sitemap = "/sitemap-index.xml"
		type loc struct {
			Loc string `xml:"loc"`
		}
		index := struct {
			XMLName xml.Name `xml:"sitemapindex"`
			NS      string   `xml:"xmlns,attr"`
			Maps    []loc    `xml:"sitemap"`
		}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
		for _, lr := range r.locales {
			index.Maps = append(index.Maps, loc{Loc: r.cfg.AbsURL(lr.loc.Prefix + "/sitemap.xml")})
		}
		data, err := xml.Marshal(index)
		if err != nil {
			r.errs.Addf(diag.Pos{File: sitemap}, err.Error())
		}
		r.write(sitemap, append([]byte(xml.Header), data...), false)
	}
	r.write("robots.txt", []byte("User-agent: *\nAllow: /\nSitemap: "+r.cfg.AbsURL(sitemap)+"\n"), true)
	for _, lr := range r.locales {
		lr.publishSitemap()
		lr.publish404()
	}
}

// publishSitemap writes the locale's sitemap: its listed pages, each with
// its versions in every locale as alternates, as search engines read them
// (xhtml:link rel="alternate" hreflang), the default locale's as
// x-default. A page without a translation is left out of its locale's
// sitemap: its text is the default locale's page, listed there.
func (r *run) publishSitemap() {
	type alternate struct {
		Rel      string `xml:"rel,attr"`
		HrefLang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
	type loc struct {
		Loc        string      `xml:"loc"`
		Alternates []alternate `xml:"xhtml:link"`
	}
	urlset := struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		XHTML   string   `xml:"xmlns:xhtml,attr,omitempty"`
		URLs    []loc    `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	if len(r.locales) > 1 {
		urlset.XHTML = "http://www.w3.org/1999/xhtml"
	}
	for _, p := range r.site.Pages {
		if p.Front.Unlisted || p.Untranslated {
			continue
		}
		u := loc{Loc: r.cfg.AbsURL(p.URL)}
		for _, t := range layout.Alternates(r.translations(p)) {
			u.Alternates = append(u.Alternates, alternate{Rel: "alternate", HrefLang: t.Locale.HTMLLang, Href: t.Canonical})
		}
		urlset.URLs = append(urlset.URLs, u)
	}
	name := r.loc.Prefix + "/sitemap.xml"
	sitemap, err := xml.Marshal(urlset)
	if err != nil {
		r.errs.Addf(diag.Pos{File: name}, err.Error())
	}
	r.write(name, append([]byte(xml.Header), sitemap...), false)
}

// publish404 writes the locale's 404 page, which hosts serve for a
// missing page under its prefix (see package serve).
func (r *run) publish404() {
	if !r.tmpl.Has("404.html") {
		return
	}
	u := r.loc.Prefix + "/404.html"
	d := &layout.Page{
		Site: &r.cfg, Kind: "404", URL: u, Canonical: r.cfg.AbsURL(u), Locale: r.loc,
		Title: r.ui.T("theme.NotFound.title"), Sidebar: navChildren(r.site.Nav, nil, r.navLists), ProgressURL: r.progressURL(),
	}
	for _, o := range r.locales {
		if len(r.locales) > 1 {
			d.Translations = append(d.Translations, layout.Translation{Locale: o.loc, URL: o.loc.Prefix + "/", Canonical: r.cfg.AbsURL(o.loc.Prefix + "/"), Current: o == r, Translated: true})
		}
	}
	html, err := r.tmpl.Bytes("404.html", d)
	if err != nil {
		r.errs.Addf(diag.Pos{File: path.Join(layout.Dir, "404.html")}, err.Error())
		return
	}
	r.write(u, html, false)
}
