package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"html/template"
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
	// JSON is the definition as the scoring module reads it.
	JSON template.JS
	// Module and Support are the site paths of the scoring module and the
	// Go runtime's wasm_exec.js.
	Module, Support string
}

// loadExercises loads and checks every definition, running its examples,
// and prepares what the worksheet layout needs.
func (r *run) loadExercises() {
	r.worksheets = map[string]*worksheet{}
	if _, err := fs.Stat(r.opts.Site, ExercisesDir); errors.Is(err, fs.ErrNotExist) {
		return
	}
	for _, d := range exercisefile.LoadDir(r.opts.Site, ExercisesDir, r.errs) {
		data, err := exercisefile.PageJSON(d)
		if err != nil {
			r.errs.Addf(diag.Pos{File: ExercisesDir + "/" + d.ID + ".yaml"}, err.Error())
			continue
		}
		r.worksheets[d.ID] = &worksheet{Def: d, Hash: d.Hash(), JSON: template.JS(data)}
	}
}

// renderWorksheet returns the form for the ```exercise block naming id.
func (r *run) renderWorksheet(id string, pos diag.Pos, src []byte) []byte {
	ws := r.worksheets[id]
	if ws == nil {
		ids := make([]string, 0, len(r.worksheets))
		for k := range r.worksheets {
			ids = append(ids, k)
		}
		slices.Sort(ids)
		r.errs.Add(diag.At(pos, src, "exercise `"+id+"` is not defined: add "+ExercisesDir+"/"+id+".yaml, or name an existing exercise"+diag.DidYouMean(id, ids)))
		return nil
	}
	moduleURL, supportURL := r.moduleURL(wasmbuild.Module), r.moduleURL(wasmbuild.Support)
	if moduleURL == "" && !r.opts.Check {
		r.errs.Add(diag.At(pos, src, "this page has a worksheet but the build has no scoring module: run `make build`, or pass -wasm with a folder holding "+wasmbuild.Module+" and "+wasmbuild.Support))
		return nil
	}
	data := *ws
	data.Module, data.Support = r.relURL(moduleURL), r.relURL(supportURL)
	html, err := r.tmpl.Bytes("worksheet.html", &data)
	if err != nil {
		r.errs.Addf(diag.Pos{File: "layouts/worksheet.html"}, "while laying out exercise "+id+": "+err.Error())
		return nil
	}
	return html
}

// module is the scoring module and its support script, read and
// fingerprinted the first time a page needs them: a site without
// worksheets never reads or publishes the 2.5 MB module.
type module struct {
	once  sync.Once
	urls  map[string]string // file name → site path
	files map[string][]byte // site path → content
	key   string            // the module's content hash, for the cache
}

// moduleURL returns the site path of the module file name, loading the
// module on first use; "" when there is none.
func (r *run) moduleURL(name string) string {
	m := r.module
	m.once.Do(func() {
		m.urls, m.files = map[string]string{}, map[string][]byte{}
		if r.opts.WASMDir == "" {
			return
		}
		for _, name := range []string{wasmbuild.Module, wasmbuild.Support} {
			data, err := os.ReadFile(filepath.Join(r.opts.WASMDir, name))
			if err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					r.errs.Addf(diag.Pos{File: name}, err.Error())
				}
				continue
			}
			if name == wasmbuild.Support {
				if data, err = r.out.Minify(name, data); err != nil {
					r.errs.Addf(diag.Pos{File: name}, err.Error())
					continue
				}
			}
			sum := sha256.Sum256(data)
			site := "/assets/" + publish.FingerprintSum(name, sum)
			m.urls[name], m.files[site] = site, data
			if name == wasmbuild.Module {
				m.key = hex.EncodeToString(sum[:12])
			}
		}
	})
	return m.urls[name]
}

// publishModule publishes the scoring module, if any page used it, with
// brotli and gzip copies.
func (r *run) publishModule() {
	m := r.module
	if m.files == nil {
		return
	}
	for site, data := range m.files {
		r.write(site, data, true)
		if site != m.urls[wasmbuild.Module] {
			continue
		}
		// Static hosts serve these in place of the module to clients that
		// accept them; compressing is slow, so results are cached by content.
		variants, err := publish.Precompress(data, m.key, r.opts.CacheDir)
		if err != nil {
			r.errs.Addf(diag.Pos{File: wasmbuild.Module}, "precompress: "+err.Error())
			continue
		}
		for ext, v := range variants {
			r.write(site+ext, v, true)
		}
	}
}
