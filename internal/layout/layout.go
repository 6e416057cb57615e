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
	"crypto/sha256"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/latticework/latticework/internal/diag"
)

// Dir is the folder, at the site root and in the defaults, of the layouts.
const Dir = "layouts"

// Set is a parsed set of layouts.
type Set struct {
	// t holds the templates as they run: minified, so that pages need no
	// minifying of their own and the rendered article, already compact,
	// is copied in as it is.
	t *template.Template
	// source parses the templates as written, once, on the first error:
	// its messages give the lines of the files a writer edits.
	source func() *template.Template
	key    [32]byte
	// parse parses the templates as written with other functions, for
	// Localize.
	parse func(funcs template.FuncMap) *template.Template
	// consts are the functions whose calls with constant arguments are
	// folded (see fold.go).
	consts template.FuncMap
	// folded is a copy of t, escaped and folded when the set first runs,
	// and the names it may run.
	folded func() (*template.Template, map[string]bool)
}

// Key identifies the templates: the SHA-256 of their names and sources.
func (s *Set) Key() [32]byte { return s.key }

// Minify minifies an HTML template's source, keeping its {{actions}}.
type Minify func(src []byte) ([]byte, error)

// Load parses the templates (*.html) under layouts/ in defaults, replaced
// by name with those in site's layouts/ (site may be nil), each minified
// by min (nil leaves them as written). funcs are available to every
// template. consts (may be nil) are functions of funcs, by the same names,
// whose result depends on their arguments alone and that have no effect:
// a call of one with constant arguments is made once, when the set first
// runs, and its result printed on every page; one that fails then is left
// to be called as written.
func Load(defaults, site fs.FS, funcs, consts template.FuncMap, min Minify, errs *diag.List) *Set {
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
	srcs := map[string][]byte{}
	for name, fsys := range files {
		data, err := fs.ReadFile(fsys, Dir+"/"+name)
		if err != nil {
			errs.Addf(diag.Pos{File: Dir + "/" + name}, err.Error())
			continue
		}
		srcs[name] = data
	}
	parse := func(min Minify, funcs template.FuncMap) (*template.Template, []*diag.Error) {
		root := template.New("").Funcs(funcs)
		var problems []*diag.Error
		for name, data := range srcs {
			if min != nil {
				// The minifier may write into its input, which is kept
				// for error messages.
				m, err := min(bytes.Clone(data))
				if err != nil {
					return nil, nil
				}
				data = m
			}
			if _, err := root.New(name).Parse(string(data)); err != nil {
				problems = append(problems, templateError(Dir+"/"+name, srcs[name], err))
			}
		}
		return root, problems
	}
	s := &Set{consts: consts, parse: func(more template.FuncMap) *template.Template {
		all := maps.Clone(funcs)
		maps.Copy(all, more)
		t, _ := parse(nil, all)
		return t
	}}
	s.source = sync.OnceValue(func() *template.Template { return s.parse(nil) })
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(srcs)) {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(srcs[name]))
		h.Write(srcs[name])
	}
	h.Sum(s.key[:0])
	if min != nil {
		// A template the minifier cannot read, or whose minified form
		// does not parse, runs as written.
		if t, problems := parse(min, funcs); t != nil && len(problems) == 0 {
			s.t = t
			s.folded = s.fold()
			return s
		}
	}
	t, problems := parse(nil, funcs)
	for _, e := range problems {
		errs.Add(e)
	}
	s.t = t
	s.folded = s.fold()
	return s
}

// fold returns the function that folds a copy of the set on its first
// call.
func (s *Set) fold() func() (*template.Template, map[string]bool) {
	return sync.OnceValues(func() (*template.Template, map[string]bool) {
		t, err := s.t.Clone()
		if err != nil {
			return nil, nil
		}
		return t, fold(t, s.consts)
	})
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

// Localize returns the set with some of its functions replaced (a
// locale's strings and assets), and consts as Load's. It must be called
// before the set first runs.
func (s *Set) Localize(funcs, consts template.FuncMap) (*Set, error) {
	t, err := s.t.Clone()
	if err != nil {
		return nil, err
	}
	t.Funcs(funcs)
	all := template.FuncMap{}
	maps.Copy(all, s.consts)
	maps.Copy(all, consts)
	l := &Set{t: t, key: s.key, parse: s.parse, consts: all, source: sync.OnceValue(func() *template.Template { return s.parse(funcs) })}
	l.folded = l.fold()
	return l, nil
}

// Has reports whether a template of that name exists.
func (s *Set) Has(name string) bool { return s.t.Lookup(name) != nil }

// Execute runs template name with data into w.
func (s *Set) Execute(w io.Writer, name string, data any) error {
	// Pages run the folded copy; a template that others call, run on
	// its own, runs from the set as parsed (see fold).
	t := s.t
	if f, roots := s.folded(); roots[name] {
		t = f
	}
	err := t.ExecuteTemplate(w, name, data)
	if err != nil {
		// The minified templates' line numbers are not the files'.
		if serr := s.source().ExecuteTemplate(io.Discard, name, data); serr != nil {
			err = serr
		}
	}
	return err
}

// Bytes runs template name with data and returns the output.
func (s *Set) Bytes(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	err := s.Execute(&b, name, data)
	return b.Bytes(), err
}
