package exercisefile

import (
	"math"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/latticework/latticework/internal/exercise"
)

// decoder fills the exercise package's structs from a YAML node tree,
// strictly: every key must be one the struct's yaml tags name, every value
// must have the right type, and each mistake is reported at its node.
// yaml.v3's own Decode stops at the first error and cannot suggest the key
// that was meant, which is what a contributor needs.
type decoder struct {
	report func(n *yaml.Node, msg string)
	// key names the value being decoded in messages ("required", "an item
	// of choices"), "" at the top.
	key string
}

// expected reports that n is not the want the current key needs.
func (d *decoder) expected(n *yaml.Node, want, found string) {
	if d.key == "" {
		d.report(n, "expected "+want+", found "+found)
		return
	}
	d.report(n, d.key+" needs "+want+", found "+found)
}

// decode fills v (addressable) from n.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, depth int) {
	if depth > 100 {
		d.report(n, "nesting too deep")
		return
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		// Aliases could expand exponentially and make positions ambiguous;
		// exercise files are short enough to spell out.
		d.report(n, "anchors and aliases (& and *) are not supported in exercise files; write the value out")
		return
	}
	if v.Kind() == reflect.Pointer {
		if isNull(n) {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.decode(n, p.Elem(), depth+1)
		v.Set(p)
		return
	}
	if v.Type() == reflect.TypeFor[exercise.Answers]() {
		d.answers(n, v)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.structure(n, v, depth)
	case reflect.Slice:
		if isNull(n) {
			return
		}
		if n.Kind != yaml.SequenceNode {
			d.expected(n, "a list", describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		key := d.key
		if key != "" {
			d.key = "an item of " + key
		}
		for i, item := range n.Content {
			d.decode(item, s.Index(i), depth+1)
		}
		d.key = key
		v.Set(s)
	case reflect.Map:
		d.mapping(n, v, depth)
	case reflect.String:
		if s, ok := d.scalar(n, "text", "!!str", "!!int", "!!float"); ok {
			v.SetString(s)
		}
	case reflect.Bool:
		if s, ok := d.scalar(n, "true or false", "!!bool"); ok {
			b, _ := strconv.ParseBool(strings.ToLower(s))
			v.SetBool(b)
		}
	case reflect.Int:
		if s, ok := d.scalar(n, "a whole number", "!!int"); ok {
			i, err := strconv.ParseInt(s, 0, 32)
			if err != nil {
				d.expected(n, "a whole number", strconv.Quote(s))
				return
			}
			v.SetInt(i)
		}
	case reflect.Float64:
		if s, ok := d.scalar(n, "a number", "!!int", "!!float"); ok {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				d.expected(n, "a finite number", strconv.Quote(s))
				return
			}
			v.SetFloat(f)
		}
	default:
		d.report(n, "cannot decode into "+v.Type().String())
	}
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// scalar returns n's value when it is a scalar with one of the tags.
// Numbers are accepted as text so that `label: 2024` needs no quotes.
func (d *decoder) scalar(n *yaml.Node, want string, tags ...string) (string, bool) {
	if n.Kind == yaml.ScalarNode {
		tag := n.ShortTag()
		for _, t := range tags {
			if tag == t {
				return n.Value, true
			}
		}
	}
	found := describe(n)
	if want == "text" && n.Kind == yaml.ScalarNode {
		found += "; put it in quotes to make it text"
	}
	d.expected(n, want, found)
	return "", false
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping (key: value pairs)"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!bool":
			return "true/false " + strconv.Quote(n.Value)
		case "!!int", "!!float":
			return "the number " + n.Value
		}
		return "the text " + strconv.Quote(shorten(n.Value))
	}
	return "something else"
}

func shorten(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// keys lists the yaml keys of a struct type in declaration order.
func keys(t reflect.Type) (names []string, index map[string]int) {
	index = map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		names = append(names, name)
		index[name] = i
	}
	return names, index
}

func yamlKeys(t reflect.Type) map[string]int {
	_, index := keys(t)
	return index
}

// what names a struct type for messages ("unknown key in a factor").
func what(t reflect.Type) string {
	if tr, ok := translationTypes[t]; ok {
		return tr.what + "'s translation"
	}
	switch t {
	case reflect.TypeFor[exercise.Definition]():
		return "the exercise"
	case reflect.TypeFor[exercise.Scoring]():
		return "scoring"
	case reflect.TypeFor[exercise.Expect]():
		return "an example's expect"
	case reflect.TypeFor[exercise.Cond]():
		return "a condition"
	case reflect.TypeFor[exercise.Example](), reflect.TypeFor[exercise.Outcome](), reflect.TypeFor[exercise.Option]():
		return "an " + strings.ToLower(t.Name())
	}
	return "a " + strings.ToLower(t.Name())
}

func (d *decoder) structure(n *yaml.Node, v reflect.Value, depth int) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.expected(n, "a mapping (key: value pairs)", describe(n))
		return
	}
	names, index := keys(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.report(k, "expected a key, found "+describe(k))
			continue
		}
		fi, ok := index[k.Value]
		if tr, isTr := translationTypes[v.Type()]; !ok && isTr {
			if _, shared := yamlKeys(tr.source)[k.Value]; shared {
				d.report(k, k.Value+" is part of the scoring model, which every language shares: it stays in the exercise's own file; a translation holds only text and the ids it belongs to, so remove it here")
				continue
			}
		}
		if !ok {
			msg := "unknown key " + strconv.Quote(k.Value) + " in " + what(v.Type())
			if s := exercise.Suggest(k.Value, names); s != "" {
				msg += s
			} else {
				msg += "; known keys: " + strings.Join(names, ", ")
			}
			d.report(k, msg)
			continue
		}
		if seen[k.Value] {
			d.report(k, "key "+strconv.Quote(k.Value)+" appears twice; keep one")
			continue
		}
		seen[k.Value] = true
		key := d.key
		d.key = k.Value
		d.decode(val, v.Field(fi), depth+1)
		d.key = key
	}
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, depth int) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.expected(n, "a mapping (key: value pairs)", describe(n))
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
	kt := v.Type().Key()
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		key := reflect.New(kt).Elem()
		d.decode(kn, key, depth+1)
		if m.MapIndex(key).IsValid() {
			d.report(kn, "key "+strconv.Quote(kn.Value)+" appears twice; keep one")
			continue
		}
		val := reflect.New(v.Type().Elem()).Elem()
		d.decode(vn, val, depth+1)
		m.SetMapIndex(key, val)
	}
	v.Set(m)
}

// answers decodes an example's answers into the generic values Score
// takes. Their shape is checked against the fields afterwards, by
// exercise.CheckAnswers, so only YAML-level problems are reported here.
func (d *decoder) answers(n *yaml.Node, v reflect.Value) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.report(n, "expected the answers as a mapping from field id to answer, found "+describe(n))
		return
	}
	if bad := findAlias(n, 0); bad != nil {
		d.report(bad, "anchors and aliases (& and *) are not supported in exercise files; write the value out")
		return
	}
	var a map[string]any
	if err := n.Decode(&a); err != nil {
		d.report(n, "cannot read the answers: "+err.Error())
		return
	}
	v.Set(reflect.ValueOf(exercise.Answers(a)))
}

func findAlias(n *yaml.Node, depth int) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" || depth > 100 {
		return n
	}
	for _, c := range n.Content {
		if bad := findAlias(c, depth+1); bad != nil {
			return bad
		}
	}
	return nil
}
