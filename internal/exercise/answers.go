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
//   - choice: the choice id, a Rating, or a map with "choice" and
//     "justification" strings;
//   - rating: map[string]Rating or map[string]any from factor id to a
//     Rating, a map with "choice" and "justification" strings, or the
//     choice id alone;
//   - items: []any of items, each a map with "text", "choice" and
//     "justification" strings, the text alone, or nil (an empty slot);
//   - grid: map[string]any from row id to a map from column id to the
//     cell: a number, or, when the grid has Numbers, a map from number id
//     to a number.
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
	choice []int    // rating: choice index per factor, -1 if unrated; choice: one
	just   []string // rating: justification per factor; choice: one
	// entries are an items field's items that are not blank.
	entries []entry
	// cells are a grid's numbers, row by row, and which of them are given.
	cells []float64
	has   []bool
	words *text // for keyword matching, built when first needed
}

// entry is one item of an items field.
type entry struct {
	// pos is the item's place in the answer, from 1, which is how the page
	// names its boxes: blank items before it keep their places.
	pos    int
	text   string
	choice int // index into the field's Choices, -1 if none chosen
	just   string
}

// complete reports whether e has everything f asks of each item.
func (e *entry) complete(f *Field) bool {
	return e.text != "" && (len(f.Choices) == 0 || e.choice >= 0) && (f.Justify != JustifyRequired || e.just != "")
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
		switch f.Kind {
		case KindRating, KindChoice:
			// A choice field is read as a rating of one factor: the same
			// slices, and the same code, hold its answer.
			n := len(f.Factors)
			if f.Kind == KindChoice {
				n = 1
			}
			v.choice = make([]int, n)
			v.just = make([]string, n)
			for j := range v.choice {
				v.choice[j] = -1
			}
		case KindGrid:
			v.cells = make([]float64, f.cells())
			v.has = make([]bool, len(v.cells))
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
	case KindChoice:
		r, ok := s.rating(f.ID, x)
		if !ok || r.Choice == "" && r.Justification == "" {
			return
		}
		v.just[0] = strings.TrimSpace(r.Justification)
		if r.Choice == "" {
			return
		}
		if v.choice[0] = f.choice(r.Choice); v.choice[0] < 0 {
			s.problem(f.ID+".choice", "no choice "+quote(r.Choice)+"; choose one of "+strings.Join(choiceIDs(f), ", "))
		}
	case KindItems:
		s.readItems(f, v, x)
	case KindGrid:
		s.readGrid(f, v, x)
	}
}

// readItems reads an items answer. Blank items are skipped, keeping the
// places of the items after them.
func (s *scorer) readItems(f *Field, v *value, x any) {
	var l []any
	switch x := x.(type) {
	case []any:
		l = x
	case []string:
		for _, t := range x {
			l = append(l, t)
		}
	default:
		s.problem(f.ID, "expected a list of items, got "+typeName(x))
		return
	}
	for i, item := range l {
		if i == MaxItems {
			s.problem(f.ID, "more than "+strconv.Itoa(MaxItems)+" items; the rest are ignored")
			break
		}
		// Problems are located by list index, from 0, as for a list and
		// in the YAML; the item's place (pos, from 1) names its boxes.
		path := f.ID + "." + strconv.Itoa(i)
		e := entry{pos: i + 1, choice: -1}
		switch it := item.(type) {
		case nil:
			continue
		case string:
			e.text = strings.TrimSpace(it)
		case map[string]any:
			for _, k := range sortedKeys(it) {
				t, ok := it[k].(string)
				if !ok && it[k] != nil {
					s.problem(path+"."+k, "expected text, got "+typeName(it[k]))
					continue
				}
				t = strings.TrimSpace(t)
				switch {
				case k == "text":
					e.text = t
				case k == "justification" && f.Justify != JustifyNone:
					e.just = t
				case k == "choice" && len(f.Choices) > 0:
					if t == "" {
						continue
					}
					if e.choice = f.choice(t); e.choice < 0 {
						s.problem(path+".choice", "no choice "+quote(t)+"; choose one of "+strings.Join(choiceIDs(f), ", "))
					}
				default:
					keys := "text"
					if len(f.Choices) > 0 {
						keys += ", choice"
					}
					if f.Justify != JustifyNone {
						keys += ", justification"
					}
					s.problem(path+"."+k, "unknown key "+quote(k)+"; an item of "+quote(f.ID)+" has "+keys)
				}
			}
		default:
			s.problem(path, "expected an item, got "+typeName(item))
			continue
		}
		if e.text != "" || e.choice >= 0 || e.just != "" {
			v.entries = append(v.entries, e)
		}
	}
}

// readGrid reads a grid answer: rows of cells of numbers.
func (s *scorer) readGrid(f *Field, v *value, x any) {
	rows, ok := x.(map[string]any)
	if !ok {
		s.problem(f.ID, "expected a table of rows, got "+typeName(x))
		return
	}
	want := "a whole number from " + strconv.Itoa(f.Min) + " to " + strconv.Itoa(f.Max)
	set := func(path string, i int, x any) {
		n, ok := number(x)
		switch {
		case x == nil || ok && math.IsNaN(n): // a cleared box
		case !ok:
			s.problem(path, "expected "+want+", got "+typeName(x))
		case n != math.Trunc(n) || n < float64(f.Min) || n > float64(f.Max):
			s.problem(path, "expected "+want)
		case i >= 0 && i < len(v.cells):
			v.cells[i], v.has[i] = n, true
		}
	}
	for _, row := range sortedKeys(rows) {
		path := f.ID + "." + row
		cols, ok := rows[row].(map[string]any)
		switch {
		case rows[row] == nil:
			continue
		case heading(f.Rows, row) < 0:
			s.problem(path, "no row "+quote(row)+" in "+quote(f.ID)+Suggest(row, headingIDs(f.Rows)))
			continue
		case !ok:
			s.problem(path, "expected the row's cells by column, got "+typeName(rows[row]))
			continue
		}
		for _, col := range sortedKeys(cols) {
			path := path + "." + col
			i, _, ok := f.cell(row + "." + col)
			if !ok {
				s.problem(path, "no column "+quote(col)+" in "+quote(f.ID)+Suggest(col, headingIDs(f.Columns)))
				continue
			}
			if len(f.Numbers) == 0 {
				set(path, i, cols[col])
				continue
			}
			nums, ok := cols[col].(map[string]any)
			if !ok {
				if cols[col] != nil {
					s.problem(path, "expected the cell's numbers by id ("+strings.Join(headingIDs(f.Numbers), ", ")+"), got "+typeName(cols[col]))
				}
				continue
			}
			for _, num := range sortedKeys(nums) {
				k := heading(f.Numbers, num)
				if k < 0 {
					s.problem(path+"."+num, "no number "+quote(num)+" in a cell of "+quote(f.ID)+Suggest(num, headingIDs(f.Numbers)))
					continue
				}
				set(path+"."+num, i+k, nums[num])
			}
		}
	}
}

func choiceIDs(f *Field) []string {
	ids := make([]string, len(f.Choices))
	for k := range f.Choices {
		ids[k] = f.Choices[k].ID
	}
	return ids
}

func headingIDs(hs []Heading) []string {
	ids := make([]string, len(hs))
	for k := range hs {
		ids[k] = hs[k].ID
	}
	return ids
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
			s.problem(f.ID+"."+factorID+".choice", "no choice "+quote(r.Choice)+"; choose one of "+strings.Join(choiceIDs(f), ", "))
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
