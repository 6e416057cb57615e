package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/exercise/exercisefile"
	"github.com/latticework/latticework/internal/publish"
	"github.com/latticework/latticework/internal/wasmbuild"
)

// ExercisesDir is the folder, at the site root, of worksheet definitions.
const ExercisesDir = "exercises"

// worksheet is what layouts/worksheet.html receives for one exercise.
type worksheet struct {
	Def  *exercise.Definition
	Hash string
	// Definition is the site path of the definition as the scoring module
	// reads it: a fingerprinted JSON file that worksheet.js fetches with
	// the module, so that a page does not carry it to every reader.
	Definition string
	// Module and Support are the site paths of the scoring module and the
	// Go runtime's wasm_exec.js; Style that of worksheet.css, the styles
	// of what worksheet.js adds, which it loads.
	Module, Support, Style string
	json                   []byte
	// Lang is the language of a translation's text, which may stand in a
	// page shown in the original's language; "" for the original.
	Lang string
}

// loadExercises loads and checks every definition, running its examples,
// and prepares what the worksheet layout needs.
func (r *run) loadExercises() {
	r.worksheets = map[string]*worksheet{}
	if _, err := fs.Stat(r.opts.Site, ExercisesDir); errors.Is(err, fs.ErrNotExist) {
		return
	}
	defs, broken := exercisefile.LoadDir(r.opts.Site, ExercisesDir, r.errs, r.draft())
	r.brokenExercises = broken
	for _, d := range defs {
		data, err := exercisefile.PageJSON(d)
		if err != nil {
			r.errs.Addf(diag.Pos{File: ExercisesDir + "/" + d.ID + ".yaml"}, err.Error())
			continue
		}
		site := "/assets/" + publish.Fingerprint("worksheet-"+d.ID+".json", data)
		r.worksheets[d.ID] = &worksheet{Def: d, Hash: d.Hash(), Definition: site, json: data}
	}
	// The other locales' translations (exercises/<id>.<locale>.yaml),
	// checked against their definitions.
	var locales []string
	langs := map[string]string{}
	for _, l := range r.cfg.Locales[1:] {
		locales = append(locales, l.Name)
		langs[l.Name] = l.HTMLLang
	}
	r.translatedWorksheets = map[string]map[string]*worksheet{}
	for locale, byID := range exercisefile.LoadTranslations(r.opts.Site, ExercisesDir, defs, locales, r.errs) {
		r.translatedWorksheets[locale] = map[string]*worksheet{}
		for id, d := range byID {
			data, err := exercisefile.PageJSON(d)
			if err != nil {
				r.errs.Addf(diag.Pos{File: ExercisesDir + "/" + id + "." + locale + ".yaml"}, err.Error())
				continue
			}
			site := "/assets/" + publish.Fingerprint("worksheet-"+id+"."+locale+".json", data)
			r.translatedWorksheets[locale][id] = &worksheet{Def: d, Hash: d.Hash(), Definition: site, json: data, Lang: langs[locale]}
		}
	}
}

// publishDefinitions writes the definition of every exercise a page of
// this run embeds, in each locale's words; an incremental run writes
// those its pages embed again, which costs little and needs no memory of
// what earlier runs wrote.
func (r *run) publishDefinitions() {
	r.embedded.Range(func(_, ws any) bool {
		r.write(ws.(*worksheet).Definition, ws.(*worksheet).json, true)
		return true
	})
}

// worksheetIn returns exercise id as the locale shows it: its
// translation, else the default locale's definition; nil if there is none.
// Both have the same hash, so answers saved in one restore in the other.
func (r *run) worksheetIn(locale, id string) *worksheet {
	if ws := r.translatedWorksheets[locale][id]; ws != nil {
		return ws
	}
	return r.worksheets[id]
}

// renderWorksheet returns the form for the ```exercise block naming id,
// reporting problems to errs.
func (r *run) renderWorksheet(id string, pos diag.Pos, src []byte, errs *diag.List) []byte {
	ws := r.worksheetIn(r.loc.Name, id)
	if ws == nil && r.brokenExercises[id] {
		// Its file's own errors are reported: saying here that it is
		// not defined would send the contributor looking for a file
		// that exists.
		return nil
	}
	if ws == nil {
		ids := make([]string, 0, len(r.worksheets))
		for k := range r.worksheets {
			ids = append(ids, k)
		}
		slices.Sort(ids)
		errs.Add(diag.At(pos, src, "exercise `"+id+"` is not defined: add "+ExercisesDir+"/"+id+".yaml, or name an existing exercise"+diag.DidYouMean(id, ids)))
		return nil
	}
	r.embedded.Store(ws.Definition, ws)
	moduleURL, supportURL := r.moduleURL(wasmbuild.Module), r.moduleURL(wasmbuild.Support)
	if moduleURL == "" && !r.opts.Check {
		errs.Add(diag.At(pos, src, "this page has a worksheet but the build has no scoring module: run `make build`, or pass -wasm with a folder holding "+wasmbuild.Module+" and "+wasmbuild.Support))
		return nil
	}
	// The form is the same on every page of a locale that embeds the
	// exercise, and laying it out costs as much as laying out a page: once
	// per locale and build.
	f, _ := r.forms.LoadOrStore(r.loc.Name+"/"+id, &form{})
	form := f.(*form)
	form.once.Do(func() {
		data := *ws
		data.Module, data.Support, data.Definition = r.cfg.RelURL(moduleURL), r.cfg.RelURL(supportURL), r.cfg.RelURL(ws.Definition)
		if u, ok := r.assets["worksheet.css"]; ok {
			data.Style = r.cfg.RelURL(u)
		}
		form.html, form.err = r.tmpl.Bytes("worksheet.html", &data)
		if form.err == nil {
			// Once per build, so the page's own markup can be minified
			// too: the template's source keeps the spaces around its
			// actions.
			form.html, form.err = r.out.Minify("worksheet.html", form.html)
		}
	})
	if form.err != nil {
		errs.Addf(diag.Pos{File: "layouts/worksheet.html"}, "while laying out exercise "+id+": "+form.err.Error())
		return nil
	}
	return form.html
}

// form is an exercise's worksheet form, laid out once.
type form struct {
	once sync.Once
	html []byte
	err  error
}

// module is the scoring module and its support script, fingerprinted
// the first time a page needs them: a site without worksheets never reads
// or publishes the 2.5 MB module.
type module struct {
	once  sync.Once
	urls  map[string]string // file name → site path
	files map[string][]byte // site path → content, for the support script
	src   string            // the module's file, if there is one
	sum   [32]byte          // its SHA-256
	// published is set once a build that published the module has
	// succeeded: a rebuild in which a page first uses it publishes it.
	published bool
}

// moduleURL returns the site path of the module file name, loading the
// module on first use; "" when there is none.
func (r *run) moduleURL(name string) string {
	m := r.module
	m.once.Do(func() {
		m.urls, m.files = map[string]string{}, map[string][]byte{}
		dir := r.opts.WASMDir
		if dir == "" && r.opts.Scorer != nil && !r.opts.Check {
			var err error
			if dir, err = r.opts.Scorer(); err != nil {
				r.errs.Addf(diag.Pos{File: wasmbuild.Module}, err.Error())
				return
			}
		}
		if dir == "" {
			return
		}
		// The module's sum is remembered in the cache: hashing 2.5 MB
		// takes longer than the rest of a small build.
		src := filepath.Join(dir, wasmbuild.Module)
		sum, err := publish.FileSum(src, r.opts.CacheDir)
		if err == nil {
			m.src, m.sum = src, sum
			m.urls[wasmbuild.Module] = "/assets/" + publish.FingerprintSum(wasmbuild.Module, sum)
		} else if !errors.Is(err, fs.ErrNotExist) {
			r.errs.Addf(diag.Pos{File: wasmbuild.Module}, err.Error())
		}
		data, err := os.ReadFile(filepath.Join(dir, wasmbuild.Support))
		if err == nil {
			data, err = r.minify(wasmbuild.Support, data)
		}
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				r.errs.Addf(diag.Pos{File: wasmbuild.Support}, err.Error())
			}
			return
		}
		site := "/assets/" + publish.Fingerprint(wasmbuild.Support, data)
		m.urls[wasmbuild.Support], m.files[site] = site, data
	})
	return m.urls[name]
}

// publishModule publishes the scoring module, if any page used it, with
// brotli and gzip copies, which static hosts serve in its place to
// clients that accept them.
func (r *run) publishModule() {
	m := r.module
	if m.urls == nil || r.opts.Check {
		return
	}
	for site, data := range m.files {
		r.write(site, data, true)
	}
	if m.src == "" {
		return
	}
	// Compressing is slow, so the copies are kept in the cache, with the
	// module itself: entries never change, so the output can link to them
	// rather than write 3.7 MB every build.
	cache := r.opts.CacheDir
	if cache == "" {
		tmp, err := os.MkdirTemp("", "latticework-module-")
		if err != nil {
			r.errs.Addf(diag.Pos{File: wasmbuild.Module}, err.Error())
			return
		}
		defer os.RemoveAll(tmp)
		cache = tmp
	}
	files, err := publish.Variants(m.src, m.sum, cache)
	if err != nil {
		r.errs.Addf(diag.Pos{File: wasmbuild.Module}, "precompress: "+err.Error())
		return
	}
	site := m.urls[wasmbuild.Module]
	for ext, file := range files {
		r.link(site+ext, file)
	}
}

// link publishes the file at src, a cache entry, as site: by a hard link
// where the output can make one.
func (r *run) link(site, src string) {
	out, ok := r.out.(interface{ Link(name, src string) error })
	if !ok {
		data, err := os.ReadFile(src)
		if err != nil {
			r.errs.Addf(diag.Pos{File: site}, err.Error())
			return
		}
		r.write(site, data, true)
		return
	}
	if err := out.Link(site, src); err != nil {
		r.errs.Addf(diag.Pos{File: site}, err.Error())
		return
	}
	r.files.Add(1)
}

// minify minifies an asset, through the cache when the build publishes:
// a check's output minifies nothing, so must not fill it.
func (r *run) minify(name string, data []byte) ([]byte, error) {
	if r.opts.Check {
		return r.out.Minify(name, data)
	}
	return publish.CachedMinify(r.opts.CacheDir, name, data, r.out.Minify)
}
