package exercise

import (
	"math"
	"strconv"

	"github.com/latticework/latticework/internal/exercise/jsonlite"
)

// FromValue builds a Definition from the generic value a JSON document or
// a JavaScript object decodes to (map[string]any, []any, string, float64,
// bool, nil), with the keys of the Definition types' json tags: the page
// JSON the build writes. It lets the WebAssembly module take the
// definition the page already parsed without shipping a JSON decoder.
// Unknown keys are ignored; values of the wrong type are reported.
func FromValue(v any) (*Definition, error) {
	var g getter
	m := g.obj("", v)
	d := &Definition{
		ID:          g.str("", m, "id"),
		Title:       g.str("", m, "title"),
		Version:     g.int("", m, "version"),
		Description: g.str("", m, "description"),
	}
	g.each("", m, "sections", func(p string, m map[string]any) {
		sec := Section{Title: g.str(p, m, "title"), Prompt: g.str(p, m, "prompt")}
		g.each(p, m, "fields", func(p string, m map[string]any) {
			sec.Fields = append(sec.Fields, g.field(p, m))
		})
		d.Sections = append(d.Sections, sec)
	})
	sc := g.obj("scoring", m["scoring"])
	g.each("scoring", sc, "figures", func(p string, m map[string]any) {
		f := Figure{
			ID: g.str(p, m, "id"), Label: g.str(p, m, "label"),
			Mean: g.str(p, m, "mean"), Value: g.str(p, m, "value"),
			Minus: g.strs(p, m, "minus"), Compare: g.str(p, m, "compare"),
			Sum: g.strs(p, m, "sum"), Min: g.strs(p, m, "min"), Max: g.strs(p, m, "max"),
		}
		if c, ok := m["count"]; ok && c != nil {
			cm := g.obj(p+".count", c)
			f.Count = &Count{Field: g.str(p+".count", cm, "field"), In: g.strs(p+".count", cm, "in")}
		}
		g.each(p, m, "bands", func(p string, m map[string]any) {
			f.Bands = append(f.Bands, Band{ID: g.str(p, m, "id"), Label: g.str(p, m, "label"), Min: g.num(p, m, "min"), Text: g.str(p, m, "text")})
		})
		d.Scoring.Figures = append(d.Scoring.Figures, f)
	})
	g.each("scoring", sc, "weakest", func(p string, m map[string]any) {
		d.Scoring.Weakest = append(d.Scoring.Weakest, Weakest{
			Field: g.str(p, m, "field"), Linked: g.strs(p, m, "linked"), AddressedBy: g.strs(p, m, "addressedBy"),
		})
	})
	g.each("scoring", sc, "outcomes", func(p string, m map[string]any) {
		o := Outcome{ID: g.str(p, m, "id"), Label: g.str(p, m, "label"), Requires: g.strs(p, m, "requires")}
		g.each(p, m, "options", func(p string, m map[string]any) {
			o.Options = append(o.Options, Option{
				ID: g.str(p, m, "id"), Label: g.str(p, m, "label"),
				When: g.condPtr(p+".when", m["when"], 0), Text: g.str(p, m, "text"),
			})
		})
		d.Scoring.Outcomes = append(d.Scoring.Outcomes, o)
	})
	g.each("scoring", sc, "rules", func(p string, m map[string]any) {
		d.Scoring.Rules = append(d.Scoring.Rules, Rule{
			ID: g.str(p, m, "id"), Severity: g.str(p, m, "severity"),
			When: g.condPtr(p+".when", m["when"], 0), Text: g.str(p, m, "text"),
			Factors: g.strs(p, m, "factors"),
		})
	})
	g.each("", m, "examples", func(p string, m map[string]any) {
		ex := Example{Name: g.str(p, m, "name")}
		if a, ok := m["answers"].(map[string]any); ok {
			ex.Answers = Answers(a)
		}
		d.Examples = append(d.Examples, ex)
	})
	for k, t := range g.obj("messages", m["messages"]) {
		s, ok := t.(string)
		if !ok {
			g.bad(join("messages", k), "a string")
			continue
		}
		if d.Messages == nil {
			d.Messages = map[string]string{}
		}
		d.Messages[k] = s
	}
	if len(g.problems) > 0 {
		return nil, g.problems
	}
	return d, nil
}

// getter reads typed values out of generic maps, recording problems
// instead of failing so one call reports everything.
type getter struct{ problems Problems }

func join(p, key string) string {
	if p == "" {
		return key
	}
	return p + "." + key
}

func (g *getter) bad(path, want string) {
	g.problems = append(g.problems, Problem{Path: path, Msg: "expected " + want})
}

func (g *getter) obj(path string, v any) map[string]any {
	switch m := v.(type) {
	case map[string]any:
		return m
	case nil:
		return nil
	}
	g.bad(path, "an object")
	return nil
}

func (g *getter) str(p string, m map[string]any, key string) string {
	switch s := m[key].(type) {
	case string:
		return s
	case nil:
		return ""
	}
	g.bad(join(p, key), "a string")
	return ""
}

func (g *getter) num(p string, m map[string]any, key string) float64 {
	switch n := m[key].(type) {
	case float64:
		return n
	case int:
		return float64(n)
	case nil:
		return 0
	}
	g.bad(join(p, key), "a number")
	return 0
}

func (g *getter) optNum(p string, m map[string]any, key string) *float64 {
	if m[key] == nil {
		return nil
	}
	n := g.num(p, m, key)
	return &n
}

func (g *getter) int(p string, m map[string]any, key string) int {
	n := g.num(p, m, key)
	if n != math.Trunc(n) || math.Abs(n) > 1<<31 {
		g.bad(join(p, key), "a whole number")
		return 0
	}
	return int(n)
}

func (g *getter) bool(p string, m map[string]any, key string) bool {
	switch b := m[key].(type) {
	case bool:
		return b
	case nil:
		return false
	}
	g.bad(join(p, key), "true or false")
	return false
}

func (g *getter) strs(p string, m map[string]any, key string) []string {
	var out []string
	switch l := m[key].(type) {
	case []any:
		for i, x := range l {
			s, ok := x.(string)
			if !ok {
				g.bad(at(join(p, key), i), "a string")
			}
			out = append(out, s)
		}
	case []string:
		out = l
	case nil:
	default:
		g.bad(join(p, key), "a list of strings")
	}
	return out
}

// each calls fn for every object in the list m[key].
func (g *getter) each(p string, m map[string]any, key string, fn func(string, map[string]any)) {
	switch l := m[key].(type) {
	case []any:
		for i, x := range l {
			ip := at(join(p, key), i)
			if om := g.obj(ip, x); om != nil {
				fn(ip, om)
			} else if x == nil {
				g.bad(ip, "an object")
			}
		}
	case nil:
	default:
		g.bad(join(p, key), "a list")
	}
}

func (g *getter) field(p string, m map[string]any) Field {
	f := Field{
		ID: g.str(p, m, "id"), Kind: Kind(g.str(p, m, "kind")), Label: g.str(p, m, "label"),
		Help: g.str(p, m, "help"), Required: g.bool(p, m, "required"),
		Min: g.int(p, m, "min"), Max: g.int(p, m, "max"),
		Justify: g.str(p, m, "justify"), JustifyLabel: g.str(p, m, "justifyLabel"),
		ItemLabel: g.str(p, m, "itemLabel"),
	}
	if lm := g.obj(join(p, "labels"), m["labels"]); lm != nil {
		f.Labels = make(map[int]string, len(lm))
		for k := range lm {
			n, ok := atoi(k)
			if !ok {
				g.bad(join(p, "labels."+k), "a whole number as key")
				continue
			}
			f.Labels[n] = g.str(join(p, "labels"), lm, k)
		}
	}
	g.each(p, m, "choices", func(p string, m map[string]any) {
		f.Choices = append(f.Choices, Choice{ID: g.str(p, m, "id"), Label: g.str(p, m, "label"), Value: g.num(p, m, "value")})
	})
	g.each(p, m, "factors", func(p string, m map[string]any) {
		f.Factors = append(f.Factors, Factor{
			ID: g.str(p, m, "id"), Label: g.str(p, m, "label"), Help: g.str(p, m, "help"),
			Weight: g.num(p, m, "weight"), Keywords: g.strs(p, m, "keywords"), Advice: g.str(p, m, "advice"),
		})
	})
	for _, h := range [...]struct {
		key string
		dst *[]Heading
	}{{"rows", &f.Rows}, {"columns", &f.Columns}, {"numbers", &f.Numbers}} {
		g.each(p, m, h.key, func(p string, m map[string]any) {
			*h.dst = append(*h.dst, Heading{ID: g.str(p, m, "id"), Label: g.str(p, m, "label")})
		})
	}
	return f
}

func (g *getter) condPtr(p string, v any, depth int) *Cond {
	if v == nil {
		return nil
	}
	c := g.cond(p, v, depth)
	return &c
}

func (g *getter) cond(p string, v any, depth int) Cond {
	if depth > maxDepth {
		g.bad(p, "conditions nested at most "+strconv.Itoa(maxDepth)+" deep")
		return Cond{}
	}
	m := g.obj(p, v)
	c := Cond{
		Filled: g.str(p, m, "filled"), Is: g.str(p, m, "is"), In: g.strs(p, m, "in"),
		Value: g.str(p, m, "value"),
		Min:   g.optNum(p, m, "min"), Max: g.optNum(p, m, "max"),
		Above: g.optNum(p, m, "above"), Below: g.optNum(p, m, "below"),
		Mentions: g.str(p, m, "mentions"), Keywords: g.strs(p, m, "keywords"),
		KeywordsOf: g.str(p, m, "keywordsOf"),
		Not:        g.condPtr(join(p, "not"), m["not"], depth+1),
	}
	for _, key := range [...]string{"all", "any"} {
		l, ok := m[key].([]any)
		if !ok {
			if m[key] != nil {
				g.bad(join(p, key), "a list of conditions")
			}
			continue
		}
		list := make([]Cond, len(l))
		for i, x := range l {
			list[i] = g.cond(at(join(p, key), i), x, depth+1)
		}
		if key == "all" {
			c.All = list
		} else {
			c.Any = list
		}
	}
	return c
}

// AppendJSON appends r as a JSON object with lower-camel-case keys, the
// object the WebAssembly module returns to the page:
//
//	{error, complete, answered, total,
//	 missing: [{field, part, message}],
//	 figures: [{id, label, known, value?, partial, band, bandLabel, bandText,
//	            compare, compareKnown, compareValue?, compareLabel}],
//	 weakest: [{field, factor, label, choice, choiceLabel, advice, linked, addressed}],
//	 outcomes: [{id, label, option, optionLabel, text}],
//	 feedback: [{id, severity, text, factors: [{field, id, label}]}]}
//
// value and compareValue are left out when not known. Writing JSON
// directly, rather than building maps for syscall/js, keeps a keystroke's
// scoring to one crossing into JavaScript (JSON.parse).
func (r *Result) AppendJSON(b []byte) []byte {
	w := jsonWriter{b: b}
	w.open('{')
	w.str("error", r.Error)
	w.boolean("complete", r.Complete)
	w.num("answered", float64(r.Answered))
	w.num("total", float64(r.Total))
	w.list("missing")
	for _, m := range r.Missing {
		w.object()
		w.str("field", m.Field)
		w.str("part", m.Part)
		w.str("message", m.Message)
		w.close('}')
	}
	w.close(']')
	w.list("figures")
	for _, f := range r.Figures {
		w.object()
		w.str("id", f.ID)
		w.str("label", f.Label)
		w.boolean("known", f.Known)
		if f.Known {
			w.num("value", f.Value)
		}
		w.boolean("partial", f.Partial)
		w.str("band", f.Band)
		w.str("bandLabel", f.BandLabel)
		w.str("bandText", f.BandText)
		w.str("compare", f.Compare)
		w.boolean("compareKnown", f.CompareKnown)
		if f.CompareKnown {
			w.num("compareValue", f.CompareValue)
		}
		w.str("compareLabel", f.CompareLabel)
		w.close('}')
	}
	w.close(']')
	w.list("weakest")
	for _, f := range r.Weakest {
		w.object()
		w.str("field", f.Field)
		w.str("factor", f.Factor)
		w.str("label", f.Label)
		w.str("choice", f.Choice)
		w.str("choiceLabel", f.ChoiceLabel)
		w.str("advice", f.Advice)
		w.boolean("linked", f.Linked)
		w.boolean("addressed", f.Addressed)
		w.close('}')
	}
	w.close(']')
	w.list("outcomes")
	for _, o := range r.Outcomes {
		w.object()
		w.str("id", o.ID)
		w.str("label", o.Label)
		w.str("option", o.Option)
		w.str("optionLabel", o.OptionLabel)
		w.str("text", o.Text)
		w.close('}')
	}
	w.close(']')
	w.list("feedback")
	for _, f := range r.Feedback {
		w.object()
		w.str("id", f.ID)
		w.str("severity", f.Severity)
		w.str("text", f.Text)
		w.list("factors")
		for _, n := range f.Factors {
			w.object()
			w.str("field", n.Field)
			w.str("id", n.ID)
			w.str("label", n.Label)
			w.close('}')
		}
		w.close(']')
		w.close('}')
	}
	w.close(']')
	w.close('}')
	return w.b
}

// jsonWriter writes JSON objects and lists, placing the commas.
type jsonWriter struct {
	b     []byte
	first bool // no comma before the next member
}

func (w *jsonWriter) sep() {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
}

func (w *jsonWriter) open(c byte) { w.b = append(w.b, c); w.first = true }

func (w *jsonWriter) close(c byte) { w.b = append(w.b, c); w.first = false }

func (w *jsonWriter) key(k string) {
	w.sep()
	w.b = jsonlite.AppendString(w.b, k)
	w.b = append(w.b, ':')
}

// object starts an object in a list.
func (w *jsonWriter) object() { w.sep(); w.open('{') }

// list starts a list-valued member.
func (w *jsonWriter) list(k string) { w.key(k); w.open('[') }

func (w *jsonWriter) str(k, v string) { w.key(k); w.b = jsonlite.AppendString(w.b, v) }

func (w *jsonWriter) boolean(k string, v bool) { w.key(k); w.b = strconv.AppendBool(w.b, v) }

func (w *jsonWriter) num(k string, v float64) {
	w.key(k)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = strconv.AppendFloat(w.b, v, 'g', -1, 64)
}
