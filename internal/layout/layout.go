// Package layout is the pipeline's fourth stage: it wraps a rendered page
// body in the site's HTML templates (html/template) from layouts/.
//
// Latticework ships default layouts; a site overrides any of them by
// putting a file of the same name in its own layouts/ folder. Templates
// call each other by file name ({{template "sidebar.html" .}}), so a site
// can replace one partial and keep the rest.
package layout

import (
	"bytes"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/latticework/latticework/internal/diag"
)

// Dir is the folder, at the site root and in the defaults, of the layouts.
const Dir = "layouts"

// Set is a parsed set of layouts.
type Set struct {
	t *template.Template
}

// Load parses the templates (*.html) under layouts/ in defaults, replaced
// by name with those in site's layouts/ (site may be nil). funcs are
// available to every template.
func Load(defaults, site fs.FS, funcs template.FuncMap, errs *diag.List) *Set {
	files := map[string]fs.FS{}
	for _, fsys := range []fs.FS{defaults, site} {
		if fsys == nil {
			continue
		}
		names, _ := fs.Glob(fsys, Dir+"/*.html")
		for _, n := range names {
			files[path.Base(n)] = fsys
		}
	}
	root := template.New("").Funcs(funcs)
	for name, fsys := range files {
		file := Dir + "/" + name
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			errs.Addf(diag.Pos{File: file}, err.Error())
			continue
		}
		if _, err := root.New(name).Parse(string(data)); err != nil {
			errs.Add(templateError(file, data, err))
		}
	}
	return &Set{t: root}
}

// templateError turns "template: page.html:12: ..." into file:line.
func templateError(file string, src []byte, err error) *diag.Error {
	msg := err.Error()
	line := 0
	if _, rest, ok := strings.Cut(msg, ".html:"); ok {
		n := 0
		for _, c := range rest {
			if c < '0' || c > '9' {
				break
			}
			n = n*10 + int(c-'0')
		}
		line = n
		if i := strings.Index(rest, ": "); i >= 0 {
			msg = rest[i+2:]
		}
	}
	return diag.At(diag.Pos{File: file, Line: line}, src, msg)
}

// Has reports whether a template of that name exists.
func (s *Set) Has(name string) bool { return s.t.Lookup(name) != nil }

// Execute runs template name with data into w.
func (s *Set) Execute(w io.Writer, name string, data any) error {
	return s.t.ExecuteTemplate(w, name, data)
}

// Bytes runs template name with data and returns the output.
func (s *Set) Bytes(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	err := s.t.ExecuteTemplate(&b, name, data)
	return b.Bytes(), err
}
