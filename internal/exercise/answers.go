package exercise

import (
	"math"
	"strconv"
	"strings"
)

// Answers maps field ids to the learner's answers. It holds the generic
// values a JavaScript object or a decoded YAML or JSON document converts to,
// so no schema-aware decoding is needed on the way in:
//   - text, longtext: a string;
//   - scale: a number (int, float64, or a string holding one);
//   - list: []string, or []any of strings;
//   - rating: map[string]Rating or map[string]any from factor id to a
//     Rating, a map with "choice" and "justification" strings, or the
//     choice id alone.
//
// A nil value, an empty string and an empty list mean "not answered".
type Answers map[string]any

// Rating is the answer for one factor of a rating field.
type Rating struct {
	Choice        string
	Justification string
}

// Limits on what one answer can make the scorer do, so that pasting a book
// into a box keeps scoring fast.
const (
	// MaxMatchedText is how many bytes of a text answer keywords are
	// looked for in.
	MaxMatchedText = 16 << 10
	// MaxItems is how many items of a list answer are scored.
	MaxItems = 100
)

// value is one field's answer, checked against the field's kind.
type value struct {
	text   string  // text, longtext
	num    float64 // scale
	hasNum bool
	items  []string // list, non-blank items only
	choice []int    // rating: choice index per factor, -1 if unrated
	just   []string // rating: justification per factor
	words  *text    // for keyword matching, built when first needed
}

// CheckAnswers reports the answers that do not fit d's fields: unknown
// fields or factors, values of the wrong type, choices or scale values
// that do not exist. Each Problem's Path is the answer's reference
// ("level", "pillars.competence.choice"). Score reports the same problems
// in Result.Error.
func CheckAnswers(d *Definition, a Answers) Problems {
	if d == nil {
		return Problems{{Msg: "no exercise definition"}}
	}
	var s scorer
	s.init(d)
	s.read(a)
	return s.problems
}

// read checks a against the fields and fills s.vals.
func (s *scorer) read(a Answers) {
	for i, f := range s.fields {
		v := &s.vals[i]
		if f.Kind == KindRating {
			v.choice = make([]int, len(f.Factors))
			v.just = make([]string, len(f.Factors))
			for j := range v.choice {
				v.choice[j] = -1
			}
		}
	}
	// Unknown answers are reported in a stable order: map iteration is
	// random and the message must not flicker between calls.
	var unknown []string
	for id, x := range a {
		i, ok := s.fieldIdx.get(id)
		if !ok {
			unknown = append(unknown, id)
			continue
		}
		s.readField(s.fields[i], &s.vals[i], x)
	}
	sortStrings(unknown)
	for _, id := range unknown {
		s.problem(id, "no field "+quote(id)+" in this exercise"+Suggest(id, s.fieldIDs()))
	}
}

func (s *scorer) fieldIDs() []string {
	ids := make([]string, len(s.fields))
	for i, f := range s.fields {
		ids[i] = f.ID
	}
	return ids
}

func (s *scorer) readField(f *Field, v *value, x any) {
	if x == nil {
		return
	}
	switch f.Kind {
	case KindText, KindLongText:
		t, ok := x.(string)
		if !ok {
			s.problem(f.ID, "expected text, got "+typeName(x))
			return
		}
		v.text = strings.TrimSpace(t)
	case KindScale:
		n, ok := number(x)
		if !ok {
			s.problem(f.ID, "expected a whole number from "+strconv.Itoa(f.Min)+" to "+strconv.Itoa(f.Max)+", got "+typeName(x))
			return
		}
		if math.IsNaN(n) { // an empty string: not answered
			return
		}
		if n != math.Trunc(n) || n < float64(f.Min) || n > float64(f.Max) {
			s.problem(f.ID, "expected a whole number from "+strconv.Itoa(f.Min)+" to "+strconv.Itoa(f.Max))
			return
		}
		v.num, v.hasNum = n, true
	case KindList:
		s.readList(f, v, x)
	case KindRating:
		s.readRating(f, v, x)
	}
}

func (s *scorer) readList(f *Field, v *value, x any) {
	add := func(i int, item any) {
		t, ok := item.(string)
		if !ok && item != nil {
			s.problem(f.ID+"."+strconv.Itoa(i), "expected text, got "+typeName(item))
			return
		}
		if t = strings.TrimSpace(t); t != "" {
			v.items = append(v.items, t)
		}
	}
	switch l := x.(type) {
	case []string:
		for i, t := range l {
			if i == MaxItems {
				s.problem(f.ID, "more than "+strconv.Itoa(MaxItems)+" items; the rest are ignored")
				break
			}
			add(i, t)
		}
	case []any:
		for i, t := range l {
			if i == MaxItems {
				s.problem(f.ID, "more than "+strconv.Itoa(MaxItems)+" items; the rest are ignored")
				break
			}
			add(i, t)
		}
	default:
		s.problem(f.ID, "expected a list of texts, got "+typeName(x))
	}
}

func (s *scorer) readRating(f *Field, v *value, x any) {
	set := func(factorID string, r Rating) {
		j := -1
		for k := range f.Factors {
			if f.Factors[k].ID == factorID {
				j = k
				break
			}
		}
		if j < 0 {
			ids := make([]string, len(f.Factors))
			for k := range f.Factors {
				ids[k] = f.Factors[k].ID
			}
			s.problem(f.ID+"."+factorID, "no factor "+quote(factorID)+" in "+quote(f.ID)+Suggest(factorID, ids))
			return
		}
		v.just[j] = strings.TrimSpace(r.Justification)
		if r.Choice == "" {
			return
		}
		c := f.choice(r.Choice)
		if c < 0 {
			ids := make([]string, len(f.Choices))
			for k := range f.Choices {
				ids[k] = f.Choices[k].ID
			}
			s.problem(f.ID+"."+factorID+".choice", "no choice "+quote(r.Choice)+"; choose one of "+strings.Join(ids, ", "))
			return
		}
		v.choice[j] = c
	}
	switch m := x.(type) {
	case map[string]Rating:
		for _, k := range sortedKeys(m) {
			set(k, m[k])
		}
	case map[string]any:
		for _, k := range sortedKeys(m) {
			if r, ok := s.rating(f.ID+"."+k, m[k]); ok {
				set(k, r)
			}
		}
	default:
		s.problem(f.ID, "expected a rating per factor, got "+typeName(x))
	}
}

// rating converts one factor's answer.
func (s *scorer) rating(path string, x any) (Rating, bool) {
	switch r := x.(type) {
	case nil:
		return Rating{}, true
	case Rating:
		return r, true
	case string:
		return Rating{Choice: r}, true
	case map[string]any:
		var out Rating
		ok := true
		for _, k := range sortedKeys(r) {
			var dst *string
			switch k {
			case "choice":
				dst = &out.Choice
			case "justification":
				dst = &out.Justification
			default:
				s.problem(path+"."+k, "unknown key "+quote(k)+"; a rating has choice and justification")
				continue
			}
			switch t := r[k].(type) {
			case string:
				*dst = t
			case nil:
			default:
				s.problem(path+"."+k, "expected text, got "+typeName(t))
				ok = false
			}
		}
		return out, ok
	}
	s.problem(path, "expected a choice and justification, got "+typeName(x))
	return Rating{}, false
}

// number converts a scale answer. An empty string yields NaN: a cleared
// number input is not an error. Strings must hold a whole number (an HTML
// number input's value); a hand-written parser keeps strconv's parsers
// and their error type out of the WebAssembly module.
func number(x any) (float64, bool) {
	switch n := x.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case float64:
		if math.IsInf(n, 0) || math.IsNaN(n) {
			return 0, false
		}
		return n, true
	case string:
		n = strings.TrimSpace(n)
		if n == "" {
			return math.NaN(), true
		}
		i, ok := atoi(n)
		return float64(i), ok
	}
	return 0, false
}

func typeName(x any) string {
	switch x.(type) {
	case string:
		return "text"
	case int, int64, float64:
		return "a number"
	case bool:
		return "true/false"
	case []any, []string:
		return "a list"
	case map[string]any, map[string]Rating:
		return "an object"
	}
	return "an unsupported value"
}

// quote quotes s for a message. Not strconv.Quote: its tables of printable
// characters would be shipped to every reader for messages nobody parses.
func quote(s string) string {
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return "\"" + s + "\""
}
