// Package strictyaml decodes YAML written by people (site config, front
// matter) strictly: unknown keys are errors with a "did you mean" hint, and
// every problem is reported at its file:line:col through a diag.List.
package strictyaml

import (
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

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

// Parse parses YAML text into a node tree, reporting a syntax error at the
// line and column of the mistake. It returns nil when the text is empty or
// has an error.
func Parse(src Source, data []byte, errs *diag.List) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		errs.Add(SyntaxError(src, data, err))
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// SyntaxError turns a yaml.v3 syntax error about data into a problem at
// the place of the mistake, said in a writer's terms.
//
// yaml.v3's message names the line of the construct the parser was in,
// which is a line early for some errors (a tab-indented line), the last
// line for others (a quote never closed) and absent for a few (a second
// colon on line 1). The mistake is on the first line at which the text up
// to that line fails the same way, so that line is found by parsing
// growing prefixes: only for a file that has an error, and only from the
// line the message names when the mistake cannot be before it.
func SyntaxError(src Source, data []byte, err error) *diag.Error {
	line, msg := splitLine(err.Error())
	endOfStream := strings.Contains(msg, "end of stream")
	lines := strings.SplitAfter(string(data), "\n")
	from := 0
	if !endOfStream && line > 1 {
		from = line - 2 // the construct's line, counted from 0
	}
	// Text cut inside a quoted value that is closed later also ends
	// early: for such an error the mistake is where every longer prefix
	// starts failing, not the first that does.
	//
	// The parsing is bounded by a budget linear in the text's size, so
	// that a large file cannot stall the build; past it, the line the
	// message names is kept.
	var prefix strings.Builder
	found, budget := 0, 1<<20+8*len(data)
	for i, l := range lines {
		prefix.WriteString(l)
		if i < from {
			continue
		}
		if budget -= prefix.Len(); budget < 0 {
			found = 0
			break
		}
		var doc yaml.Node
		same := false
		if e := yaml.Unmarshal([]byte(prefix.String()), &doc); e != nil {
			_, m := splitLine(e.Error())
			same = m == msg
		}
		switch {
		case !same:
			found = 0
		case found == 0:
			found = i + 1
		}
		if found > 0 && !endOfStream {
			break
		}
	}
	if found > 0 {
		line = found
	}
	text := ""
	if line >= 1 && line <= len(lines) {
		text = strings.TrimRight(lines[line-1], "\r\n")
	}
	col := len(text) - len(strings.TrimLeft(text, " \t")) // first non-blank
	switch {
	case strings.HasPrefix(strings.TrimLeft(text, " "), "\t"):
		col = strings.IndexByte(text, '\t')
		msg = "a tab indents this line: YAML is indented with spaces only; replace the tab with spaces"
	case endOfStream && openQuote(text) >= 0:
		col = openQuote(text)
		msg = "this quote is never closed: end the text with a matching " + text[col:col+1]
	case endOfStream:
		msg = "the file ends inside an unfinished value: close every `[`, `{` and quote"
	case (strings.Contains(msg, "expected node content") || strings.Contains(msg, "expected ',' or")) &&
		strings.LastIndexAny(text, "[{") > strings.LastIndexAny(text, "]}"):
		col = strings.LastIndexAny(text, "[{")
		msg = "this `" + text[col:col+1] + "` is never closed: end the list or mapping with `" + map[byte]string{'[': "]", '{': "}"}[text[col]] + "`"
	case strings.Contains(msg, "mapping values are not allowed"):
		col = max(strings.LastIndex(text+" ", ": "), 0)
		msg = "unexpected `: `: put a value that holds `: ` in quotes (`title: \"Inversion: think backwards\"`), or line this key up with the keys above it"
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-' indicator"):
		msg = "this line is not indented like the lines around it: indent the keys of one mapping, or the items of one list, by the same number of spaces"
	default:
		msg = "invalid YAML: " + msg + "; check indentation, colons and quotes"
	}
	if line < 1 {
		line, col = 1, 0
	}
	col = min(max(col, 0), len(text))
	return src.at(line, utf8.RuneCountInString(text[:col])+1, msg)
}

// openQuote returns the byte offset in line of a quote that starts a
// value (after the indentation, "key: ", "- ", "[", "{" or ","), or -1.
func openQuote(line string) int {
	for i := 0; i < len(line); i++ {
		if c := line[i]; c == '"' || c == '\'' {
			before := strings.TrimRight(line[:i], " ")
			if before == "" || strings.HasSuffix(before, ":") || strings.HasSuffix(before, "-") ||
				strings.ContainsAny(before[len(before)-1:], "[{,") {
				return i
			}
		}
	}
	return -1
}

// Decode decodes node into v (a pointer to a struct), reporting keys that
// v's yaml tags do not name, keys given twice, and values of the wrong
// type, at their line and column. It returns false when anything was
// reported.
func Decode(src Source, node *yaml.Node, v any, errs *diag.List) bool {
	if node == nil {
		return true
	}
	ok := checkKeys(src, node, reflect.TypeOf(v).Elem(), "", errs)
	// A value of the wrong type was reported above, in the author's
	// terms; yaml.v3 still decodes the others.
	if err := node.Decode(v); err != nil && ok {
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

var unmarshaler = reflect.TypeFor[yaml.Unmarshaler]()

// checkKeys walks node alongside the Go type t it decodes into, reporting
// unknown keys, keys given twice, and values of the wrong type. name is
// the key the value belongs to, as messages call it.
func checkKeys(src Source, node *yaml.Node, t reflect.Type, name string, errs *diag.List) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if node.Kind == yaml.AliasNode || node.ShortTag() == "!!null" {
		return true
	}
	// A type that reads itself (a tag, keywords) also accepts a scalar;
	// its keys, when written as a mapping, are still checked.
	want := needs(node, t)
	if reflect.PointerTo(t).Implements(unmarshaler) {
		switch {
		case node.Kind == yaml.ScalarNode:
			want = ""
		case t.Kind() == reflect.Struct && node.Kind != yaml.MappingNode:
			want = "text, or `key: value` lines"
		}
	}
	if want != "" {
		if name == "" {
			name = "this file"
		}
		errs.Add(src.at(node.Line, node.Column, name+" needs "+want))
		return false
	}
	ok := true
	switch t.Kind() {
	case reflect.Struct:
		if node.Kind != yaml.MappingNode {
			return true
		}
		fields := Fields(t)
		names := make([]string, 0, len(fields))
		for name := range fields {
			names = append(names, name)
		}
		seen := map[string]int{}
		for i := 0; i+1 < len(node.Content); i += 2 {
			k, val := node.Content[i], node.Content[i+1]
			if first, dup := seen[k.Value]; dup {
				errs.Add(src.at(k.Line, k.Column, "`"+k.Value+"` is given twice (first on line "+strconv.Itoa(first+src.LineOffset)+"): keep one"))
				ok = false
				continue
			}
			seen[k.Value] = k.Line
			f, known := fields[k.Value]
			if !known {
				errs.Add(src.at(k.Line, k.Column, "unknown key `"+k.Value+"`"+diag.DidYouMean(k.Value, names)))
				ok = false
				continue
			}
			ok = checkKeys(src, val, f.Type, k.Value, errs) && ok
		}
	case reflect.Slice:
		for _, item := range node.Content {
			ok = checkKeys(src, item, t.Elem(), "an item of "+name, errs) && ok
		}
	case reflect.Map:
		seen := map[string]int{}
		for i := 0; i+1 < len(node.Content); i += 2 {
			k := node.Content[i]
			if first, dup := seen[k.Value]; dup {
				errs.Add(src.at(k.Line, k.Column, "`"+k.Value+"` is given twice (first on line "+strconv.Itoa(first+src.LineOffset)+"): keep one"))
				ok = false
				continue
			}
			seen[k.Value] = k.Line
			ok = checkKeys(src, node.Content[i+1], t.Elem(), k.Value, errs) && ok
		}
	}
	return ok
}

// needs says what a value of Go type t is written as, when node is not
// that: "" when it is.
func needs(node *yaml.Node, t reflect.Type) string {
	scalar, tag := node.Kind == yaml.ScalarNode, node.ShortTag()
	switch t.Kind() {
	case reflect.String:
		if !scalar {
			return `text, like "Inversion"`
		}
	case reflect.Bool:
		// yaml.v3 reads YAML 1.1's yes, no, on and off as booleans too.
		if !scalar || tag != "!!bool" && !slices.Contains([]string{"yes", "no", "on", "off"}, strings.ToLower(node.Value)) {
			return "true or false"
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if !scalar || tag != "!!int" {
			return "a whole number, like 3"
		}
	case reflect.Float32, reflect.Float64:
		if !scalar || tag != "!!int" && tag != "!!float" {
			return "a number, like 3"
		}
	case reflect.Slice:
		if node.Kind != yaml.SequenceNode {
			return "a list, like [a, b]"
		}
	case reflect.Map, reflect.Struct:
		if node.Kind != yaml.MappingNode {
			return "`key: value` lines, indented under it"
		}
	}
	return ""
}

// Fields maps the YAML key of each field of struct type t to the field.
// The map is made once per type and shared: callers must not change it.
func Fields(t reflect.Type) map[string]reflect.StructField {
	if m, ok := fieldsOf.Load(t); ok {
		return m.(map[string]reflect.StructField)
	}
	m, _ := fieldsOf.LoadOrStore(t, fields(t))
	return m.(map[string]reflect.StructField)
}

// fieldsOf holds Fields' maps by type: checking each page's front matter
// made the map of its dozens of fields again, a tenth of loading a page.
var fieldsOf sync.Map

func fields(t reflect.Type) map[string]reflect.StructField {
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
