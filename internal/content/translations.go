package content

import (
	"errors"
	"io/fs"
	"path"
	"runtime"
	"strings"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/parallel"
)

// Docusaurus's folders of a locale's translated pages, under i18n/<locale>/:
// the docs, whose paths are relative to the docs folder, and the other
// pages (the home page), relative to content/.
const (
	DocsPlugin  = "docusaurus-plugin-content-docs"
	PagesPlugin = "docusaurus-plugin-content-pages"
)

// Translate returns the site as a locale publishes it: each page replaced
// by its translation under dir (the locale's folder, "i18n/zh"), laid out
// as Docusaurus lays it out, or else copied and marked Untranslated.
// docsDir is the docs folder's path under content/ ("docs", or "" for
// content/ itself). A translation of no page is a warning, as is a folder
// of another docs instance, which a Latticework site does not have.
func Translate(fsys fs.FS, site *Site, dir, docsDir string, opts Options, errs *diag.List) *Site {
	byPath := map[string]string{}       // content path → translation's file
	dirents := map[string]fs.DirEntry{} // by translation's file
	// In this order: a page both translate (the home page of a site
	// whose docs folder is content/) takes the pages' translation.
	roots := [][2]string{
		{dir + "/" + DocsPlugin + "/current", docsDir},
		{dir + "/" + PagesPlugin, ""},
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs.Addf(diag.Pos{File: dir}, err.Error())
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), DocsPlugin+"-") {
			errs.Add(&diag.Error{Pos: diag.Pos{File: dir + "/" + e.Name()}, Warning: true,
				Msg: "translations of the docs instance `" + strings.TrimPrefix(e.Name(), DocsPlugin+"-") + "` are not published: a Latticework site has one docs folder, translated in " + dir + "/" + DocsPlugin + "/current/"})
		}
	}
	for _, r := range roots {
		root, under := r[0], r[1]
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					errs.Addf(diag.Pos{File: p}, err.Error())
				}
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
					return fs.SkipDir
				}
				return nil
			}
			if IsPage(name) && !strings.HasPrefix(name, "_") && !strings.HasPrefix(name, ".") {
				byPath[path.Join(under, strings.TrimPrefix(p, root+"/"))] = p
				dirents[p] = d
			}
			return nil
		})
		if err != nil {
			errs.Addf(diag.Pos{File: root}, err.Error())
		}
	}

	out := &Site{Categories: site.Categories, Assets: site.Assets, Drafts: site.Drafts, Pages: make([]*Page, len(site.Pages))}
	used := map[string]bool{}
	parallel.For(len(site.Pages), 4*runtime.GOMAXPROCS(0), func(i int) {
		orig := site.Pages[i]
		if file, ok := byPath[orig.Path]; ok {
			if t := opts.load(fsys, file, dirents[file], errs); t != nil && (opts.Drafts || !t.Front.Draft) {
				t.Path = orig.Path
				out.Pages[i] = t
				return
			}
		}
		c := *orig
		c.Untranslated = true
		out.Pages[i] = &c
	})
	for _, p := range site.Pages {
		used[p.Path] = true
	}
	for _, d := range site.Drafts {
		used[d] = true // by doc ID: close enough to leave a draft's translation alone
	}
	for p, file := range byPath {
		if !used[p] && !used[strings.TrimSuffix(p, path.Ext(p))] {
			errs.Add(&diag.Error{Pos: diag.Pos{File: file}, Warning: true,
				Msg: "translates " + Dir + "/" + p + ", which does not exist: this translation is not published (move it to the path of the page it translates)"})
		}
	}
	return out
}
