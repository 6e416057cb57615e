package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/strictyaml"
	"gopkg.in/yaml.v3"
)

// Category is a folder's metadata from its _category_.json or .yml, with
// every key of Docusaurus's category schema.
type Category struct {
	// Dir is the folder's path under content/ ("" for the root).
	Dir string `yaml:"-"`
	// Label names the category in the sidebar; "" if the file does not
	// set it (see resolve for the fallbacks, as in Docusaurus).
	Label    string   `yaml:"label"`
	Position *float64 `yaml:"position"`
	// Collapsible and Collapsed are Docusaurus's sidebar options: false
	// lists the category's items on every page, collapsible: false with
	// no fold (see layout.NavItem's Fixed and Expanded).
	Collapsible *bool `yaml:"collapsible"`
	Collapsed   *bool `yaml:"collapsed"`
	// ClassName and CustomProps are for a site's own layouts; Key is a
	// translation key in Docusaurus. Accepted, unused by the defaults.
	ClassName   string         `yaml:"className"`
	CustomProps map[string]any `yaml:"customProps"`
	Key         string         `yaml:"key"`
	// Description is shown on the category's card in its parent's
	// category page.
	Description string `yaml:"description"`
	// Link is the category's own page: nil for none, which `link: null`
	// also says, turning off the index.md convention (see NoIndex).
	Link *CategoryLink `yaml:"link"`
	// NoIndex records `link: null`.
	NoIndex bool `yaml:"-"`
	// File is the metadata file's path from the site root, "" if none.
	File string `yaml:"-"`
	// lines records where each key is ("link.id"), and src is the file,
	// for later errors.
	lines map[string]diag.Pos
	src   []byte
}

// Link types of a category.
const (
	LinkDoc            = "doc"
	LinkGeneratedIndex = "generated-index"
)

// CategoryLink is a category's `link`: a page of the folder (type doc,
// id), or a page listing the category's items (type generated-index).
type CategoryLink struct {
	Type string `yaml:"type"`
	// ID is a doc ID, of the folder's page (its file name) or from content/.
	ID string `yaml:"id"`
	// The generated-index page's URL below the docs folder (default
	// "/category/<slug of the label>"), title (default the label),
	// description, social image and keywords.
	Slug        string   `yaml:"slug"`
	Title       string   `yaml:"title"`
	Description string   `yaml:"description"`
	Image       string   `yaml:"image"`
	Keywords    Keywords `yaml:"keywords"`
}

// Keywords is a list of keywords, which may be written as one string.
type Keywords []string

// UnmarshalYAML reads a string or a list of strings.
func (k *Keywords) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		var s string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*k = Keywords{s}
		return nil
	}
	return n.Decode((*[]string)(k))
}

// Pos returns where key (dotted for link's keys: "link.id") is written in
// the category's file, or the file itself.
func (c *Category) Pos(key string) diag.Pos {
	if p, ok := c.lines[key]; ok {
		return p
	}
	return diag.Pos{File: c.File}
}

// At returns a problem with key of the category file, quoting its line.
func (c *Category) At(key, msg string) *diag.Error {
	return diag.At(c.Pos(key), c.src, msg)
}

// IsCategoryIndex reports whether the page at p (a path under content/)
// is its folder's index by Docusaurus's convention: named index, README
// or as its folder, in any case. Such a page is served at its folder's
// URL, and is the category's page unless the folder's _category_ file
// links elsewhere.
func IsCategoryIndex(p string) bool {
	dir, file := path.Split(p)
	name := strings.ToLower(strings.TrimSuffix(file, path.Ext(file)))
	folder := strings.ToLower(path.Base(dir))
	return name == "index" || name == "readme" || (dir != "" && name == folder)
}

func loadCategory(fsys fs.FS, file string, cat *Category, errs *diag.List) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		errs.Addf(diag.Pos{File: file}, err.Error())
		return
	}
	if cat.File != "" {
		errs.Addf(diag.Pos{File: file}, "a folder has one category file; "+cat.File+" is already here")
		return
	}
	data, bad := diag.Text(file, data)
	if bad != nil {
		errs.Add(bad)
	}
	cat.File, cat.src = file, data
	src := strictyaml.Source{File: file, Text: data}
	// Docusaurus reads JSON as YAML, as here: one strict decoder serves
	// both formats with lines. JSON's own errors say more to its writer.
	var jsonErr *diag.Error
	if strings.HasSuffix(file, ".json") {
		jsonErr = checkJSON(file, data)
	}
	var yerrs diag.List
	text := data
	if jsonErr == nil && strings.HasSuffix(file, ".json") {
		text = unescapeSlashes(data)
	}
	node := strictyaml.Parse(src, text, &yerrs)
	switch {
	case jsonErr != nil && len(yerrs.All()) > 0:
		errs.Add(jsonErr)
		return
	case jsonErr != nil:
		// Docusaurus accepts it (a trailing comma, single quotes), so a
		// migrated site builds; the file is still worth fixing.
		jsonErr.Warning = true
		jsonErr.Msg += " (read as YAML, as Docusaurus does)"
		errs.Add(jsonErr)
	}
	errs.Merge(&yerrs)
	if node == nil {
		return
	}
	if node.Kind != yaml.MappingNode {
		errs.Add(diag.At(diag.Pos{File: file, Line: node.Line, Col: node.Column}, data, "a category file is a mapping of keys such as `label` and `position`"))
		return
	}
	cat.lines = map[string]diag.Pos{}
	var link *yaml.Node
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		cat.lines[k.Value] = diag.Pos{File: file, Line: k.Line, Col: k.Column}
		if k.Value == "link" {
			link = v
		}
	}
	if link != nil && link.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(link.Content); i += 2 {
			k := link.Content[i]
			cat.lines["link."+k.Value] = diag.Pos{File: file, Line: k.Line, Col: k.Column}
		}
	}
	if !strictyaml.Decode(src, node, cat, errs) {
		return
	}
	cat.NoIndex = link != nil && link.Tag == "!!null"
	if l := cat.Link; l != nil {
		at := func(k string) diag.Pos { return cat.Pos("link." + k) }
		switch l.Type {
		case LinkDoc:
			if l.ID == "" {
				errs.Add(diag.At(cat.Pos("link"), data, "a `doc` link needs an `id`: the doc ID of the category's page, e.g. its file name without .md"))
			}
			for _, k := range []string{"slug", "title", "description", "image", "keywords"} {
				if _, set := cat.lines["link."+k]; set {
					errs.Add(diag.At(at(k), data, "`"+k+"` belongs to a `generated-index` link; a `doc` link takes only `id`"))
				}
			}
		case LinkGeneratedIndex:
			if _, set := cat.lines["link.id"]; set {
				errs.Add(diag.At(at("id"), data, "`id` belongs to a `doc` link; a `generated-index` link lists the category's items itself"))
			}
		default:
			pos := at("type")
			if _, set := cat.lines["link.type"]; !set {
				pos = cat.Pos("link")
			}
			errs.Add(diag.At(pos, data, "link type `"+l.Type+"` is not `doc` or `generated-index`"+diag.DidYouMean(l.Type, []string{LinkDoc, LinkGeneratedIndex})))
		}
	}
}

// unescapeSlashes turns JSON's "\/" into "/", which YAML lacks: the one
// escape of valid JSON a YAML parser rejects.
func unescapeSlashes(data []byte) []byte {
	if !bytes.Contains(data, []byte(`\/`)) {
		return data
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		if data[i] == '\\' && i+1 < len(data) {
			if data[i+1] != '/' {
				out = append(out, data[i])
			}
			i++
			out = append(out, data[i])
			continue
		}
		out = append(out, data[i])
	}
	return out
}

// checkJSON reports where data stops being JSON, nil if it is JSON.
func checkJSON(file string, data []byte) *diag.Error {
	var v any
	err := json.Unmarshal(data, &v)
	if err == nil {
		return nil
	}
	off := len(data)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
		if off > 0 {
			off-- // the offset is after the byte that failed
		}
	}
	off = min(off, len(data))
	msg := "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: ") + "; check commas and quotes"
	if strings.Contains(err.Error(), "unexpected end") {
		off = len(bytes.TrimRight(data, " \t\r\n"))
		msg = "invalid JSON: the file ends before every `{`, `[` and quote is closed"
	} else if off < len(data) && (data[off] == '}' || data[off] == ']') {
		// The mistake is the comma before, not the brace JSON stops at.
		if prev := bytes.TrimRight(data[:off], " \t\r\n"); bytes.HasSuffix(prev, []byte(",")) {
			off, msg = len(prev)-1, "invalid JSON: a comma after the last item; remove it"
		}
	}
	line, col := diag.NewLines(data, 0).Pos(off)
	return diag.At(diag.Pos{File: file, Line: line, Col: col}, data, msg)
}
