// Package exercisefile loads exercise definitions from YAML files for the
// site build: strictly, so that every mistake a contributor can make in
// exercises/<id>.yaml is reported as "path:line:col: message" with what to
// do about it, and completely, so that one run lists every problem of every
// file.
//
// Loading a file decodes it (unknown keys are rejected with a "did you
// mean"), validates it with exercise.Definition.Validate (its problems are
// mapped back to the YAML node they concern), and scores each of its
// examples, reporting any difference between what was scored and what the
// example expects. A definition with any problem is not returned, so the
// build never publishes a worksheet that disagrees with its own examples.
//
// It also writes the JSON the page embeds (PageJSON), in the shape
// exercise.FromValue reads back inside the WebAssembly module.
package exercisefile

import (
	"encoding/json"
	"io/fs"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/latticework/latticework/internal/parallel"

	"gopkg.in/yaml.v3"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/placeholder"
	"github.com/latticework/latticework/internal/strictyaml"
)

// LoadDir loads every .yaml and .yml file directly in dir of fsys, but
// for translations (<id>.<locale>.yaml, see LoadTranslations). Problems
// are added to l with paths as fsys names them (dir/file.yaml); definitions
// with problems are left out, sorted by id, and broken holds the ids
// (file names without extension) of the files left out, so that a page
// embedding one is not told to create a file that exists. Placeholders left
// by `make new` are reported too, as warnings when draft is set (a preview
// of work in progress), else as errors.
func LoadDir(fsys fs.FS, dir string, l *diag.List, draft bool) (defs []*exercise.Definition, broken map[string]bool) {
	broken = map[string]bool{}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		l.Addf(diag.Pos{File: dir}, "cannot read the exercises folder: "+err.Error())
		return nil, broken
	}
	var files []string
	for _, e := range entries {
		ext := path.Ext(e.Name())
		// <id>.<locale>.yaml is a translation (see LoadTranslations).
		if _, _, tr := splitTranslation(e.Name()); !e.IsDir() && (ext == ".yaml" || ext == ".yml") && !tr {
			files = append(files, path.Join(dir, e.Name()))
		}
	}
	// Files load in parallel: yaml.v3 alone takes about 3 ms for the
	// seed's 27 KB definition, and a site has one for each article.
	parsed := make([]*exercise.Definition, len(files))
	parallel.For(len(files), runtime.GOMAXPROCS(0), func(i int) {
		src, err := fs.ReadFile(fsys, files[i])
		if err != nil {
			l.Addf(diag.Pos{File: files[i]}, "cannot read: "+err.Error())
			return
		}
		placeholder.Report(l, files[i], src, draft)
		parsed[i] = Parse(files[i], src, l)
	})
	declared := map[string]string{} // id -> file that declared it
	for i, d := range parsed {
		if d == nil {
			broken[strings.TrimSuffix(path.Base(files[i]), path.Ext(files[i]))] = true
			continue
		}
		if prev, dup := declared[d.ID]; dup {
			l.Addf(diag.Pos{File: files[i]}, "exercise "+strconv.Quote(d.ID)+" is also declared in "+prev+"; keep one file")
			continue
		}
		declared[d.ID] = files[i]
		defs = append(defs, d)
	}
	slices.SortFunc(defs, func(a, b *exercise.Definition) int { return strings.Compare(a.ID, b.ID) })
	return defs, broken
}

// Parse decodes, validates and checks the examples of one exercise file.
// file is the path used in messages; its base name without extension must
// be the exercise's id. It returns nil if any problem was added to l.
func Parse(file string, src []byte, l *diag.List) *exercise.Definition {
	src, bad := diag.Text(file, src)
	if bad != nil {
		l.Add(bad)
		return nil
	}
	p := parser{file: file, src: src, l: l}
	return p.parse()
}

type parser struct {
	file   string
	src    []byte
	l      *diag.List
	root   *yaml.Node
	failed bool
}

func (p *parser) at(n *yaml.Node, msg string) {
	p.failed = true
	pos := diag.Pos{File: p.file}
	if n != nil {
		pos.Line, pos.Col = n.Line, n.Column
	}
	p.l.Add(diag.At(pos, p.src, msg))
}

func (p *parser) parse() *exercise.Definition {
	var doc yaml.Node
	if err := yaml.Unmarshal(p.src, &doc); err != nil {
		p.yamlError(err)
		return nil
	}
	if len(doc.Content) == 0 {
		p.at(nil, "empty exercise file; start from exercises/trust-dynamics.yaml")
		return nil
	}
	p.root = doc.Content[0]

	var d exercise.Definition
	dec := decoder{report: p.at}
	dec.decode(p.root, reflect.ValueOf(&d).Elem(), 0)
	if p.failed {
		// Validating a half-decoded definition would add follow-on
		// errors about what the decoder already reported.
		return nil
	}
	if err := d.Validate(); err != nil {
		for _, pr := range err.(exercise.Problems) {
			p.at(p.locate(pr.Path), pr.Msg)
		}
		return nil
	}
	base := strings.TrimSuffix(path.Base(p.file), path.Ext(p.file))
	if d.ID != base {
		p.at(p.locate("id"), "id "+strconv.Quote(d.ID)+" does not match the file name "+strconv.Quote(path.Base(p.file))+"; rename the file to "+d.ID+".yaml or change the id")
	}
	if len(d.Examples) == 0 {
		p.at(p.root, "no examples; add at least one under examples: (the first is the worksheet's \"fill in the example\"), with the result it must score under expect:")
	}
	for i := range d.Examples {
		ex := &d.Examples[i]
		prefix := "examples." + strconv.Itoa(i)
		if strings.TrimSpace(ex.Name) == "" {
			p.at(p.locate(prefix), "example without a name; give it one so failures can name it")
		}
		for _, pr := range exercise.CheckExample(&d, ex) {
			p.at(p.locate(prefix+"."+pr.Path), "example "+strconv.Quote(ex.Name)+": "+pr.Msg)
		}
	}
	if p.failed {
		return nil
	}
	return &d
}

// yamlError reports a syntax error where the mistake is.
func (p *parser) yamlError(err error) {
	p.failed = true
	p.l.Add(strictyaml.SyntaxError(strictyaml.Source{File: p.file, Text: p.src}, p.src, err))
}

// locate finds the node a problem path ("scoring.rules.3.when.is") points
// at: the value under the last key found. When the path goes on past what
// the file has (a missing key), it returns the mapping that should hold
// it, so the message points at the right block.
func (p *parser) locate(dotted string) *yaml.Node {
	n := p.root
	if dotted == "" {
		return n
	}
	for _, seg := range strings.Split(dotted, ".") {
		next := child(n, seg)
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

func child(n *yaml.Node, seg string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				return n.Content[i+1]
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
	}
	return nil
}

// PageJSON returns the definition as the page embeds it: the json-tagged
// fields of exercise.Definition (the first example only, without its
// expectations) and
// "hash", the key suffix for stored answers. exercise.FromValue reads it
// back.
func PageJSON(d *exercise.Definition) ([]byte, error) {
	// The page offers only the first example ("fill in the example"); the
	// others exist to test the scoring and would only add page weight.
	trimmed := *d
	trimmed.Examples = d.Examples[:min(len(d.Examples), 1)]
	return json.Marshal(struct {
		*exercise.Definition
		Hash string `json:"hash"`
	}{&trimmed, d.Hash()})
}
