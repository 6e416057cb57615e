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
		min, err := r.minify(name, data)
		if err != nil {
			r.errs.Addf(diag.Pos{File: assetsDir + "/" + name}, err.Error())
			continue
		}
		if strings.HasSuffix(name, inlineSuffix) {
			sum := sha256.Sum256(min)
			r.inline[name] = inlined{string(min), "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"}
			continue
		}
		site := "/assets/" + publish.Fingerprint(name, min)
		r.assets[name] = site
		r.write(site, min, true)
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

// publishSiteFiles writes the files that describe the whole site: the
// sitemap, robots.txt and the 404 page.
func (r *run) publishSiteFiles() {
	type loc struct {
		Loc string `xml:"loc"`
	}
	urlset := struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []loc    `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range r.site.Pages {
		if !p.Front.Unlisted {
			urlset.URLs = append(urlset.URLs, loc{Loc: r.cfg.AbsURL(p.URL)})
		}
	}
	sitemap, err := xml.Marshal(urlset)
	if err != nil {
		r.errs.Addf(diag.Pos{File: "sitemap.xml"}, err.Error())
	}
	r.write("sitemap.xml", append([]byte(xml.Header), sitemap...), false)
	r.write("robots.txt", []byte("User-agent: *\nAllow: /\nSitemap: "+r.cfg.AbsURL("/sitemap.xml")+"\n"), true)

	if !r.tmpl.Has("404.html") {
		return
	}
	d := &layout.Page{
		Site: &r.cfg, Kind: "404", URL: "/404.html", Canonical: r.cfg.AbsURL("/404.html"),
		Title: "Page not found", Sidebar: navChildren(r.site.Nav, nil, r.navLists), ProgressURL: r.progressURL(),
	}
	html, err := r.tmpl.Bytes("404.html", d)
	if err != nil {
		r.errs.Addf(diag.Pos{File: path.Join(layout.Dir, "404.html")}, err.Error())
		return
	}
	r.write("404.html", html, false)
}
