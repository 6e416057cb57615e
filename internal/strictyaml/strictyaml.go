// Package strictyaml decodes YAML written by people (site config, front
// matter) strictly: unknown keys are errors with a "did you mean" hint, and
// every problem is reported at its file:line:col through a diag.List.
package strictyaml

import (
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/latticework/latticework/internal/diag"
	"gopkg.in/yaml.v3"
)

// Source locates the YAML text inside its file.
type Source struct {
	File string
	// Text is the whole file, to quote offending lines.
	Text []byte
	// LineOffset is the number of file lines before the YAML text starts
	// (1 for front matter after its opening "---").
	LineOffset int
}

func (s Source) at(line, col int, msg string) *diag.Error {
	return diag.At(diag.Pos{File: s.File, Line: line + s.LineOffset, Col: col}, s.Text, msg)
}

// Parse parses YAML text into a node tree, reporting a syntax error at its
// line. It returns nil when the text is empty or has an error.
func Parse(src Source, data []byte, errs *diag.List) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := splitLine(err.Error())
		errs.Add(src.at(line, 0, "invalid YAML: "+msg+"; check indentation, colons and quotes"))
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// Decode decodes node into v (a pointer to a struct), reporting keys that
// v's yaml tags do not name, and values of the wrong type, at their lines.
// It returns false when anything was reported.
func Decode(src Source, node *yaml.Node, v any, errs *diag.List) bool {
	if node == nil {
		return true
	}
	ok := checkKeys(src, node, reflect.TypeOf(v).Elem(), errs)
	if err := node.Decode(v); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, e := range te.Errors {
				line, msg := splitLine(e)
				errs.Add(src.at(line, 0, humanize(msg)))
			}
		} else {
			errs.Add(src.at(node.Line, node.Column, err.Error()))
		}
		ok = false
	}
	return ok
}

// checkKeys walks mappings decoded into structs and reports unknown keys.
func checkKeys(src Source, node *yaml.Node, t reflect.Type, errs *diag.List) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if node.Kind == yaml.AliasNode {
		return true
	}
	ok := true
	switch t.Kind() {
	case reflect.Struct:
		if node.Kind != yaml.MappingNode {
			return true // the type error is Decode's to report
		}
		fields := Fields(t)
		names := make([]string, 0, len(fields))
		for name := range fields {
			names = append(names, name)
		}
		for i := 0; i+1 < len(node.Content); i += 2 {
			k, val := node.Content[i], node.Content[i+1]
			f, known := fields[k.Value]
			if !known {
				errs.Add(src.at(k.Line, k.Column, "unknown key `"+k.Value+"`"+diag.DidYouMean(k.Value, names)))
				ok = false
				continue
			}
			ok = checkKeys(src, val, f.Type, errs) && ok
		}
	case reflect.Slice:
		if node.Kind == yaml.SequenceNode {
			for _, item := range node.Content {
				ok = checkKeys(src, item, t.Elem(), errs) && ok
			}
		}
	case reflect.Map:
		if node.Kind == yaml.MappingNode {
			for i := 1; i < len(node.Content); i += 2 {
				ok = checkKeys(src, node.Content[i], t.Elem(), errs) && ok
			}
		}
	}
	return ok
}

// Fields maps the YAML key of each field of struct type t to the field.
func Fields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f
	}
	return out
}

// The expressions read error messages, so they are compiled on the first
// error rather than when every build starts.
var lineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`) })

// splitLine pulls the line number out of a yaml.v3 message.
func splitLine(msg string) (int, string) {
	m := lineRE().FindStringSubmatch(strings.TrimSpace(msg))
	if m == nil {
		return 0, strings.TrimPrefix(msg, "yaml: ")
	}
	n, _ := strconv.Atoi(m[1])
	return n, m[2]
}

var typeRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile("^cannot unmarshal !!(\\w+) `(.*)` into (.+)$")
})

// humanize rewrites yaml.v3's Go-flavoured type errors in a writer's terms.
func humanize(msg string) string {
	m := typeRE().FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	want := m[3]
	switch {
	case strings.HasPrefix(want, "[]"):
		want = "a list"
	case strings.HasPrefix(want, "map"):
		want = "a mapping (key: value lines)"
	case strings.Contains(want, "float"), strings.Contains(want, "int"):
		want = "a number"
	case strings.Contains(want, "bool"):
		want = "true or false"
	case strings.Contains(want, "string"):
		want = "text"
	case strings.Contains(want, "."):
		want = "a mapping (key: value lines)"
	}
	kind := map[string]string{"str": "text", "int": "a number", "float": "a number", "bool": "true/false", "seq": "a list", "map": "a mapping"}[m[1]]
	if kind == "" {
		kind = m[1]
	}
	return "expected " + want + ", found " + kind + " `" + m[2] + "`"
}
