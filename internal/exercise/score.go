package exercise

import (
	"math"
	"strconv"
	"strings"
)

// Result is what Score tells the learner.
type Result struct {
	// Error describes answers that did not fit the exercise (wrong types,
	// unknown fields); they were scored as unanswered. Empty when all is
	// well.
	Error string
	// Complete reports that nothing is Missing.
	Complete bool
	// Answered and Total count the answers given and expected: one per
	// text, scale or list field, one per factor of a rating, one per item
	// of an items field (at least its min), one per cell of a grid.
	Answered, Total int
	Missing         []Missing
	Figures         []FigureResult
	// Weakest lists the weakest factors of every weakest analysis, in the
	// order the analysis ranks them.
	Weakest  []WeakFactor
	Outcomes []OutcomeResult
	Feedback []Feedback
}

// Missing is one answer the worksheet still needs.
type Missing struct {
	Field string
	// Part is the part of the field that is missing, if not all of it: a
	// rating's factor, an items field's item number (from 1), a grid's
	// "<row>.<column>". The page's boxes for it are named
	// "<field>.<part>..." (see layouts/worksheet.html).
	Part    string
	Message string
}

// Ref returns the reference of the missing answer: the field id, or
// "<field>.<part>".
func (m Missing) Ref() string {
	if m.Part != "" {
		return m.Field + "." + m.Part
	}
	return m.Field
}

// FigureResult is a computed figure.
type FigureResult struct {
	ID, Label string
	// Known reports whether Value could be computed: a mean needs at least
	// one rated factor, a difference both its operands.
	Known bool
	Value float64
	// Partial reports a mean over only some of the factors.
	Partial                   bool
	Band, BandLabel, BandText string
	// Compare is the scale field shown beside the figure, with its value
	// and that value's label when answered.
	Compare      string
	CompareKnown bool
	CompareValue float64
	CompareLabel string
}

// WeakFactor is one of the weakest factors of a rating.
type WeakFactor struct {
	Field, Factor, Label string
	Choice, ChoiceLabel  string
	Advice               string
	// Linked reports that a linked text (such as what erodes trust)
	// mentions the factor.
	Linked bool
	// Addressed reports that the fields expected to work on the weakest
	// factors (such as strategies) mention it.
	Addressed bool
}

// OutcomeResult is the option an outcome picked; Option is empty when none
// was picked yet.
type OutcomeResult struct {
	ID, Label                 string
	Option, OptionLabel, Text string
}

// Feedback is one feedback item.
type Feedback struct {
	ID, Severity, Text string
	Factors            []FactorName
}

// FactorName names a factor in feedback.
type FactorName struct {
	Field, ID, Label string
}

// Score scores answers a against d. It never panics: answers that do not
// fit are reported in Result.Error and scored as unanswered.
func Score(d *Definition, a Answers) Result {
	var s scorer
	return s.score(d, a)
}

func (s *scorer) score(d *Definition, a Answers) (r Result) {
	if d == nil {
		return Result{Error: "no exercise definition"}
	}
	// Validate keeps this from happening for definitions the build
	// accepted; a hand-made definition must still not take the page down.
	defer func() {
		if p := recover(); p != nil {
			r = Result{Error: "this exercise definition cannot be scored; run the site build to see why"}
		}
	}()
	s.init(d)
	s.read(a)
	s.completeness(&r)
	s.computeFigures(&r)
	s.computeWeakest(&r)
	s.computeOutcomes(&r)
	s.computeRules(&r)
	if len(s.problems) > 0 {
		r.Error = s.problems.Error()
	}
	return r
}

// scorer holds one Score call's state.
type scorer struct {
	d        *Definition
	fields   []*Field
	fieldIdx names
	vals     []value
	problems Problems

	figs   []figureValue
	figIdx names
	sets   []factorSets
	setIdx names // rating field id of each weakest analysis, "" if invalid
	outs   []int // chosen option per outcome, -1 for none
	outIdx names
}

// names maps ids to their positions by a linear scan. Definitions have a
// few dozen ids at most, where a scan beats hashing in WebAssembly and
// allocates nothing.
type names []string

func (n names) get(id string) (int, bool) {
	for i, x := range n {
		if x == id && id != "" {
			return i, true
		}
	}
	return 0, false
}

type figureValue struct {
	known bool
	v     float64
	band  int
}

// factorSets holds a weakest analysis's factor sets as factor indices.
type factorSets struct {
	field                                   int
	weakest, linked, addressed, unaddressed []int
}

func (s *scorer) init(d *Definition) {
	s.d = d
	s.fields = d.fields()
	s.fieldIdx = make(names, len(s.fields))
	for i, f := range s.fields {
		s.fieldIdx[i] = f.ID
	}
	s.vals = make([]value, len(s.fields))
}

func (s *scorer) problem(path, msg string) {
	s.problems = append(s.problems, Problem{Path: path, Msg: msg})
}

func (s *scorer) completeness(r *Result) {
	for i, f := range s.fields {
		v := &s.vals[i]
		miss := func(part, msg string) {
			r.Missing = append(r.Missing, Missing{Field: f.ID, Part: part, Message: msg})
		}
		switch f.Kind {
		case KindText, KindLongText:
			r.Total++
			if v.text != "" {
				r.Answered++
			} else if f.Required {
				miss("", s.d.msg(MsgFillIn, "label", f.Label))
			}
		case KindScale:
			r.Total++
			if v.hasNum {
				r.Answered++
			} else if f.Required {
				miss("", s.d.msg(MsgChooseValue, "label", f.Label))
			}
		case KindList:
			r.Total++
			n := len(v.items)
			switch {
			case n > 0 && n < f.Min:
				miss("", s.d.msg(MsgAddItemsSoFar, "label", f.Label, "min", strconv.Itoa(f.Min), "count", strconv.Itoa(n)))
			case n == 0 && f.Required:
				miss("", s.d.msg(MsgAddItems, "label", f.Label, "min", strconv.Itoa(max(f.Min, 1))))
			case f.Max > 0 && n > f.Max:
				miss("", s.d.msg(MsgKeepItems, "label", f.Label, "max", strconv.Itoa(f.Max), "count", strconv.Itoa(n)))
			default:
				if n > 0 {
					r.Answered++
				}
			}
		case KindRating:
			just := s.justification(f)
			for j := range f.Factors {
				fa := &f.Factors[j]
				r.Total++
				rated := j < len(v.choice) && v.choice[j] >= 0
				justified := j < len(v.just) && v.just[j] != ""
				switch {
				case !rated && f.Required && f.Justify == JustifyRequired:
					miss(fa.ID, s.d.msg(MsgRateJustify, "factor", fa.Label, "justification", just))
				case !rated && f.Required:
					miss(fa.ID, s.d.msg(MsgRate, "factor", fa.Label))
				case rated && !justified && f.Justify == JustifyRequired:
					miss(fa.ID, s.d.msg(MsgJustifyFactor, "factor", fa.Label, "justification", just))
				case rated:
					r.Answered++
				}
			}
		case KindChoice:
			r.Total++
			chosen := len(v.choice) > 0 && v.choice[0] >= 0
			justified := len(v.just) > 0 && v.just[0] != ""
			just := s.justification(f)
			switch {
			case !chosen && f.Required && f.Justify == JustifyRequired:
				miss("", s.d.msg(MsgChooseJustify, "label", f.Label, "justification", just))
			case !chosen && f.Required:
				miss("", s.d.msg(MsgChoose, "label", f.Label))
			case chosen && !justified && f.Justify == JustifyRequired:
				miss("", s.d.msg(MsgJustifyChoice, "label", f.Label, "justification", just))
			case chosen:
				r.Answered++
			}
		case KindItems:
			s.itemsCompleteness(r, f, v, miss)
		case KindGrid:
			per := max(len(f.Numbers), 1)
			for ri := range f.Rows {
				for ci := range f.Columns {
					r.Total++
					i, all := (ri*len(f.Columns)+ci)*per, true
					for k := i; k < i+per && k < len(v.has); k++ {
						all = all && v.has[k]
					}
					if all && i < len(v.has) {
						r.Answered++
					} else if f.Required {
						miss(f.Rows[ri].ID+"."+f.Columns[ci].ID, s.d.msg(MsgGridCell, "row", f.Rows[ri].Label, "column", f.Columns[ci].Label, "label", f.Label))
					}
				}
			}
		}
	}
	r.Complete = len(r.Missing) == 0
}

// itemsCompleteness counts an items field's answers, one per item and at
// least min, and lists what is missing: too few or too many items, then
// each item's missing parts, named by its place in the list.
func (s *scorer) itemsCompleteness(r *Result, f *Field, v *value, miss func(part, msg string)) {
	n, need := len(v.entries), max(f.Min, 1)
	r.Total += max(n, need)
	item := f.ItemLabel
	if item == "" {
		item = s.d.msg(MsgItem)
	}
	switch {
	case n > 0 && n < f.Min:
		miss("", s.d.msg(MsgAddItemsSoFar, "label", f.Label, "min", strconv.Itoa(f.Min), "count", strconv.Itoa(n)))
	case n == 0 && f.Required:
		miss("", s.d.msg(MsgAddItems, "label", f.Label, "min", strconv.Itoa(need)))
	case f.Max > 0 && n > f.Max:
		miss("", s.d.msg(MsgKeepItems, "label", f.Label, "max", strconv.Itoa(f.Max), "count", strconv.Itoa(n)))
	}
	just := s.justification(f)
	for k := range v.entries {
		e := &v.entries[k]
		if e.complete(f) {
			r.Answered++
			continue
		}
		var todo []string
		if e.text == "" {
			todo = append(todo, s.d.msg(MsgTodoName))
		}
		if len(f.Choices) > 0 && e.choice < 0 {
			todo = append(todo, s.d.msg(MsgTodoChoose))
		}
		if f.Justify == JustifyRequired && e.just == "" {
			todo = append(todo, s.d.msg(MsgTodoJustify, "justification", just))
		}
		msg := todo[0]
		if len(todo) > 1 {
			msg = strings.Join(todo[:len(todo)-1], s.d.msg(MsgListSep)) + s.d.msg(MsgListLast) + todo[len(todo)-1]
		}
		pos := strconv.Itoa(e.pos)
		miss(pos, upperFirst(s.d.msg(MsgItemTodo, "item", item, "n", pos, "label", f.Label, "todo", msg)))
	}
}

// justification names a field's justification box in messages: its
// label in lower case, or the definition's word for one.
func (s *scorer) justification(f *Field) string {
	if f.JustifyLabel == "" {
		return s.d.msg(MsgJustification)
	}
	return strings.ToLower(f.JustifyLabel)
}

// upperFirst capitalizes an ASCII first letter: an item label may be
// written in lower case ("area") and still start a message.
func upperFirst(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

func (s *scorer) computeFigures(r *Result) {
	figs := s.d.Scoring.Figures
	s.figs = make([]figureValue, len(figs))
	s.figIdx = make(names, 0, len(figs))
	for i := range figs {
		f := &figs[i]
		fv := &s.figs[i]
		fv.band = -1
		fr := FigureResult{ID: f.ID, Label: f.Label, Compare: f.Compare}
		switch {
		case f.Mean != "":
			fv.v, fv.known, fr.Partial = s.mean(f.Mean)
		case f.Value != "":
			fv.v, fv.known = s.number(f.Value)
		case len(f.Minus) == 2:
			a, okA := s.number(f.Minus[0])
			b, okB := s.number(f.Minus[1])
			fv.v, fv.known = a-b, okA && okB
		case f.Count != nil:
			fv.v, fv.known = s.count(f.Count), true
		case len(f.Sum) > 0:
			fv.v, fv.known = s.fold(f.Sum, func(a, b float64) float64 { return a + b })
		case len(f.Min) > 0:
			fv.v, fv.known = s.fold(f.Min, func(a, b float64) float64 { return min(a, b) })
		case len(f.Max) > 0:
			fv.v, fv.known = s.fold(f.Max, func(a, b float64) float64 { return max(a, b) })
		}
		if fv.known && (math.IsNaN(fv.v) || math.IsInf(fv.v, 0)) {
			fv.known = false
		}
		if fv.known {
			fr.Known, fr.Value = true, fv.v
			for b := range f.Bands {
				if b == 0 || f.Bands[b].Min <= fv.v {
					fv.band = b
				}
			}
			if fv.band >= 0 {
				b := &f.Bands[fv.band]
				fr.Band, fr.BandLabel, fr.BandText = b.ID, b.Label, b.Text
			}
		}
		if ci, ok := s.fieldIdx.get(f.Compare); ok && s.vals[ci].hasNum {
			cf := s.fields[ci]
			fr.CompareKnown, fr.CompareValue = true, s.vals[ci].num
			fr.CompareLabel = cf.Labels[int(s.vals[ci].num)]
		}
		// Later figures see this one only once it is computed, which is
		// what Validate's ordering rule promises authors.
		s.figIdx = append(s.figIdx, f.ID)
		r.Figures = append(r.Figures, fr)
	}
}

// mean is the weighted mean of a rating field's rated choice values.
func (s *scorer) mean(field string) (v float64, known, partial bool) {
	i, ok := s.fieldIdx.get(field)
	if !ok || s.fields[i].Kind != KindRating {
		return 0, false, false
	}
	f, val := s.fields[i], &s.vals[i]
	var sum, weights float64
	for j, c := range val.choice {
		if c < 0 || c >= len(f.Choices) || j >= len(f.Factors) {
			partial = true
			continue
		}
		w := f.Factors[j].weight()
		sum += w * f.Choices[c].Value
		weights += w
	}
	if weights == 0 {
		return 0, false, false
	}
	return sum / weights, true, partial
}

// fold combines the numbers refs name with op; it is known only when
// every one of them is.
func (s *scorer) fold(refs []string, op func(a, b float64) float64) (float64, bool) {
	var acc float64
	for k, ref := range refs {
		v, ok := s.number(ref)
		if !ok {
			return 0, false
		}
		if k == 0 {
			acc = v
		} else {
			acc = op(acc, v)
		}
	}
	return acc, true
}

func (s *scorer) count(c *Count) float64 {
	i, ok := s.fieldIdx.get(c.Field)
	if !ok {
		return 0
	}
	f, n := s.fields[i], 0
	in := func(ch int) bool { return ch >= 0 && ch < len(f.Choices) && contains(c.In, f.Choices[ch].ID) }
	for _, ch := range s.vals[i].choice {
		if in(ch) {
			n++
		}
	}
	for _, e := range s.vals[i].entries {
		if in(e.choice) {
			n++
		}
	}
	return float64(n)
}

func (s *scorer) computeWeakest(r *Result) {
	ws := s.d.Scoring.Weakest
	s.sets = make([]factorSets, len(ws))
	s.setIdx = make(names, len(ws))
	for i := range ws {
		w := &ws[i]
		fi, ok := s.fieldIdx.get(w.Field)
		if !ok || s.fields[fi].Kind != KindRating {
			continue
		}
		f, val := s.fields[fi], &s.vals[fi]
		fs := &s.sets[i]
		fs.field = fi
		s.setIdx[i] = w.Field

		best, low := math.Inf(-1), math.Inf(1)
		for _, c := range f.Choices {
			best = max(best, c.Value)
		}
		for j, c := range val.choice {
			if c >= 0 && c < len(f.Choices) && j < len(f.Factors) {
				low = min(low, f.Choices[c].Value)
			}
		}
		for j := range f.Factors {
			if s.mentionsAny(w.Linked, f.Factors[j].Keywords) {
				fs.linked = append(fs.linked, j)
			}
		}
		if low < best {
			// Linked factors first: the weakness the learner already
			// sees eroding the relationship is the one to work on first.
			for pass := 0; pass < 2; pass++ {
				for j, c := range val.choice {
					if c < 0 || c >= len(f.Choices) || j >= len(f.Factors) || f.Choices[c].Value != low {
						continue
					}
					if contains(fs.linked, j) == (pass == 0) {
						fs.weakest = append(fs.weakest, j)
					}
				}
			}
		}
		for _, j := range fs.weakest {
			if s.mentionsAny(w.AddressedBy, f.Factors[j].Keywords) {
				fs.addressed = append(fs.addressed, j)
			} else {
				fs.unaddressed = append(fs.unaddressed, j)
			}
		}
		for _, j := range fs.weakest {
			fa, c := &f.Factors[j], &f.Choices[val.choice[j]]
			r.Weakest = append(r.Weakest, WeakFactor{
				Field: f.ID, Factor: fa.ID, Label: fa.Label,
				Choice: c.ID, ChoiceLabel: c.Label, Advice: fa.Advice,
				Linked: contains(fs.linked, j), Addressed: contains(fs.addressed, j),
			})
		}
	}
}

func (s *scorer) computeOutcomes(r *Result) {
	outs := s.d.Scoring.Outcomes
	s.outs = make([]int, len(outs))
	s.outIdx = make(names, 0, len(outs))
	for i := range outs {
		o := &outs[i]
		s.outs[i] = -1
		ready := true
		for _, ref := range o.Requires {
			if !s.filled(ref) {
				ready = false
				break
			}
		}
		or := OutcomeResult{ID: o.ID, Label: o.Label}
		if ready {
			for k := range o.Options {
				if o.Options[k].When == nil || s.eval(o.Options[k].When, 0) {
					s.outs[i] = k
					opt := &o.Options[k]
					or.Option, or.OptionLabel, or.Text = opt.ID, opt.Label, opt.Text
					break
				}
			}
		}
		s.outIdx = append(s.outIdx, o.ID)
		r.Outcomes = append(r.Outcomes, or)
	}
}

func (s *scorer) computeRules(r *Result) {
	for i := range s.d.Scoring.Rules {
		ru := &s.d.Scoring.Rules[i]
		if ru.When == nil || !s.eval(ru.When, 0) {
			continue
		}
		fb := Feedback{ID: ru.ID, Severity: ru.Severity, Text: ru.Text}
		for _, ref := range ru.Factors {
			for _, fn := range s.factorNames(ref) {
				dup := false
				for _, have := range fb.Factors {
					dup = dup || have == fn
				}
				if !dup {
					fb.Factors = append(fb.Factors, fn)
				}
			}
		}
		r.Feedback = append(r.Feedback, fb)
	}
}

// factorNames resolves a factor reference or factor set reference.
func (s *scorer) factorNames(ref string) []FactorName {
	field, part, ok := strings.Cut(ref, ".")
	fi, found := s.fieldIdx.get(field)
	if !ok || !found {
		return nil
	}
	f := s.fields[fi]
	name := func(j int) FactorName {
		return FactorName{Field: f.ID, ID: f.Factors[j].ID, Label: f.Factors[j].Label}
	}
	if set, ok := s.set(field, part); ok {
		out := make([]FactorName, 0, len(set))
		for _, j := range set {
			out = append(out, name(j))
		}
		return out
	}
	for j := range f.Factors {
		if f.Factors[j].ID == part {
			return []FactorName{name(j)}
		}
	}
	return nil
}

// Set names, the second part of a factor set reference.
const (
	SetWeakest     = "weakest"
	SetLinked      = "linked"
	SetAddressed   = "addressed"
	SetUnaddressed = "unaddressed"
)

// set returns a factor set of the weakest analysis of a rating field.
func (s *scorer) set(field, name string) ([]int, bool) {
	i, ok := s.setIdx.get(field)
	if !ok {
		return nil, false
	}
	fs := &s.sets[i]
	switch name {
	case SetWeakest:
		return fs.weakest, true
	case SetLinked:
		return fs.linked, true
	case SetAddressed:
		return fs.addressed, true
	case SetUnaddressed:
		return fs.unaddressed, true
	}
	return nil, false
}

// maxDepth bounds how deeply conditions nest, so a hostile definition
// cannot exhaust the stack.
const maxDepth = 32

func (s *scorer) eval(c *Cond, depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch {
	case len(c.All) > 0:
		for i := range c.All {
			if !s.eval(&c.All[i], depth+1) {
				return false
			}
		}
		return true
	case len(c.Any) > 0:
		for i := range c.Any {
			if s.eval(&c.Any[i], depth+1) {
				return true
			}
		}
		return false
	case c.Not != nil:
		return !s.eval(c.Not, depth+1)
	case c.Filled != "":
		return s.filled(c.Filled)
	case c.Is != "":
		id, ok := s.current(c.Is)
		return ok && contains(c.In, id)
	case c.Value != "":
		v, ok := s.number(c.Value)
		return ok &&
			(c.Min == nil || v >= *c.Min) && (c.Max == nil || v <= *c.Max) &&
			(c.Above == nil || v > *c.Above) && (c.Below == nil || v < *c.Below)
	case c.Mentions != "":
		kws := c.Keywords
		if c.KeywordsOf != "" {
			field, factor, _ := strings.Cut(c.KeywordsOf, ".")
			if fi, ok := s.fieldIdx.get(field); ok {
				if fa := s.fields[fi].factor(factor); fa != nil {
					kws = append(kws[:len(kws):len(kws)], fa.Keywords...)
				}
			}
		}
		return s.mentionsAny([]string{c.Mentions}, kws)
	}
	return false
}

// filled reports whether a field or factor is answered.
func (s *scorer) filled(ref string) bool {
	field, factor, hasFactor := strings.Cut(ref, ".")
	i, ok := s.fieldIdx.get(field)
	if !ok {
		return false
	}
	f, v := s.fields[i], &s.vals[i]
	if hasFactor && f.Kind == KindGrid {
		c, n, ok := f.cell(factor)
		for k := c; ok && k < c+n; k++ {
			ok = k < len(v.has) && v.has[k]
		}
		return ok
	}
	if hasFactor {
		for j := range f.Factors {
			if f.Factors[j].ID == factor {
				return j < len(v.choice) && v.choice[j] >= 0
			}
		}
		return false
	}
	switch f.Kind {
	case KindText, KindLongText:
		return v.text != ""
	case KindScale:
		return v.hasNum
	case KindChoice:
		return len(v.choice) > 0 && v.choice[0] >= 0
	case KindList:
		return len(v.items) >= max(f.Min, 1)
	case KindRating:
		for _, c := range v.choice {
			if c < 0 {
				return false
			}
		}
		return len(v.choice) > 0
	case KindItems:
		for k := range v.entries {
			if !v.entries[k].complete(f) {
				return false
			}
		}
		return len(v.entries) >= max(f.Min, 1)
	case KindGrid:
		for _, h := range v.has {
			if !h {
				return false
			}
		}
		return len(v.has) > 0
	}
	return false
}

// current returns the id of a reference's current choice: a choice
// field's or a factor's choice, a figure's band or an outcome's option.
func (s *scorer) current(ref string) (string, bool) {
	if field, factor, ok := strings.Cut(ref, "."); ok {
		i, found := s.fieldIdx.get(field)
		if !found {
			return "", false
		}
		f, v := s.fields[i], &s.vals[i]
		for j := range f.Factors {
			if f.Factors[j].ID == factor && j < len(v.choice) && v.choice[j] >= 0 && v.choice[j] < len(f.Choices) {
				return f.Choices[v.choice[j]].ID, true
			}
		}
		return "", false
	}
	if i, ok := s.fieldIdx.get(ref); ok {
		if f, v := s.fields[i], &s.vals[i]; f.Kind == KindChoice && len(v.choice) > 0 && v.choice[0] >= 0 && v.choice[0] < len(f.Choices) {
			return f.Choices[v.choice[0]].ID, true
		}
		return "", false
	}
	if i, ok := s.figIdx.get(ref); ok {
		fv := &s.figs[i]
		bands := s.d.Scoring.Figures[i].Bands
		if fv.known && fv.band >= 0 && fv.band < len(bands) {
			return bands[fv.band].ID, true
		}
		return "", false
	}
	if i, ok := s.outIdx.get(ref); ok {
		opts := s.d.Scoring.Outcomes[i].Options
		if k := s.outs[i]; k >= 0 && k < len(opts) {
			return opts[k].ID, true
		}
	}
	return "", false
}

// number resolves a number reference.
func (s *scorer) number(ref string) (float64, bool) {
	if field, part, ok := strings.Cut(ref, "."); ok {
		if set, ok := s.set(field, part); ok {
			return float64(len(set)), true
		}
		i, found := s.fieldIdx.get(field)
		if !found {
			return 0, false
		}
		f, v := s.fields[i], &s.vals[i]
		if f.Kind == KindGrid {
			c, n, ok := f.cell(part)
			if !ok || n != 1 || c >= len(v.has) || !v.has[c] {
				return 0, false
			}
			return v.cells[c], true
		}
		for j := range f.Factors {
			if f.Factors[j].ID == part && j < len(v.choice) && v.choice[j] >= 0 && v.choice[j] < len(f.Choices) {
				return f.Choices[v.choice[j]].Value, true
			}
		}
		return 0, false
	}
	if i, ok := s.figIdx.get(ref); ok {
		return s.figs[i].v, s.figs[i].known
	}
	if i, ok := s.fieldIdx.get(ref); ok {
		switch s.fields[i].Kind {
		case KindScale:
			return s.vals[i].num, s.vals[i].hasNum
		case KindList:
			return float64(len(s.vals[i].items)), true
		case KindItems:
			return float64(len(s.vals[i].entries)), true
		case KindChoice:
			if f, v := s.fields[i], &s.vals[i]; len(v.choice) > 0 && v.choice[0] >= 0 && v.choice[0] < len(f.Choices) {
				return f.Choices[v.choice[0]].Value, true
			}
		}
	}
	return 0, false
}

// mentionsAny reports whether any of the text or list fields mentions any
// of the keywords.
func (s *scorer) mentionsAny(fields []string, keywords []string) bool {
	if len(keywords) == 0 {
		return false
	}
	for _, id := range fields {
		i, ok := s.fieldIdx.get(id)
		if !ok {
			continue
		}
		v := &s.vals[i]
		if v.words == nil {
			s := v.text
			if len(v.items) > 0 {
				s = strings.Join(v.items, "\n")
			}
			// An item's text and its justification are one answer: what
			// a failure cause is and the guard against it both count.
			var b strings.Builder
			for _, e := range v.entries {
				b.WriteString(e.text + "\n" + e.just + "\n")
			}
			if b.Len() > 0 {
				s = b.String()
			}
			t := newText(s)
			v.words = &t
		}
		for _, k := range keywords {
			if v.words.matches(k) {
				return true
			}
		}
	}
	return false
}
