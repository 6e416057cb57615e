package build

import (
	"errors"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

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
	if r.assets[wasmbuild.Module] == "" && !r.opts.Check {
		r.errs.Add(diag.At(pos, src, "this page has a worksheet but the build has no scoring module: run `make build`, or pass -wasm with a folder holding "+wasmbuild.Module+" and "+wasmbuild.Support))
		return nil
	}
	data := *ws
	data.Module, data.Support = r.relURL(r.assets[wasmbuild.Module]), r.relURL(r.assets[wasmbuild.Support])
	html, err := r.tmpl.Bytes("worksheet.html", &data)
	if err != nil {
		r.errs.Addf(diag.Pos{File: "layouts/worksheet.html"}, "while laying out exercise "+id+": "+err.Error())
		return nil
	}
	return html
}

// publishModule publishes the scoring module and its support script from
// Options.WASMDir, fingerprinted, with the module precompressed.
func (r *run) publishModule() {
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
		site := "/assets/" + publish.Fingerprint(name, data)
		r.assets[name] = site
		r.write(site, data, true)
		if name != wasmbuild.Module {
			continue
		}
		// Static hosts serve these in place of the module to clients that
		// accept them; compressing is slow, so results are cached by content.
		variants, err := publish.Precompress(data, r.opts.CacheDir)
		if err != nil {
			r.errs.Addf(diag.Pos{File: name}, "precompress: "+err.Error())
			continue
		}
		for ext, v := range variants {
			r.write(site+ext, v, true)
		}
	}
}
