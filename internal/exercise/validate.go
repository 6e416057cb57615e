package exercise

import (
	"math"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a definition or an answer. Path locates
// it by the keys and list indices leading to it ("scoring.rules.3.when.is"),
// so the YAML loader can turn it into a file position.
type Problem struct {
	Path string
	Msg  string
}

// Problems is a list of problems; as an error it reads one per line.
type Problems []Problem

func (p Problems) Error() string {
	var b strings.Builder
	for i, pr := range p {
		if i > 0 {
			b.WriteString("; ")
		}
		if pr.Path != "" {
			b.WriteString(pr.Path)
			b.WriteString(": ")
		}
		b.WriteString(pr.Msg)
	}
	return b.String()
}

func formatNumber(n float64) string { return strconv.FormatFloat(n, 'g', -1, 64) }

// Validate checks what the YAML decoder cannot: that ids are present,
// well-formed and unique, that every field kind has what it needs and
// nothing it does not, and that every reference in the scoring model names
// something that exists and is computed before it is used. It returns nil
// or a Problems.
func (d *Definition) Validate() error {
	v := validator{d: d, ids: map[string]string{}}
	v.run()
	if len(v.problems) == 0 {
		return nil
	}
	return v.problems
}

type validator struct {
	d        *Definition
	problems Problems
	ids      map[string]string // fields, figures, outcomes: id -> what it is
	figures  map[string]*Figure
	outcomes map[string]*Outcome
	sets     map[string]bool // rating fields with a weakest analysis
	figure   string          // the figure being checked, which cannot use itself
}

func (v *validator) add(path, msg string) {
	v.problems = append(v.problems, Problem{Path: path, Msg: msg})
}

func at(path string, i int) string { return path + "." + strconv.Itoa(i) }

// entry checks one member of a list whose members have an id and a label
// (choices, factors, bands, options, a grid's headings): a valid id, not
// used before in the list (seen), and a label.
func (v *validator) entry(p, what, id, label string, seen map[string]bool) {
	v.checkID(p+".id", id, "")
	if seen[id] {
		v.add(p+".id", what+" "+quote(id)+" appears twice")
	}
	seen[id] = true
	if strings.TrimSpace(label) == "" {
		v.add(p+".label", "missing label for "+what+" "+quote(id))
	}
}

// checkID checks an id's form and, when what is not empty, its uniqueness
// among fields, figures and outcomes, which share one name space because
// conditions refer to all three by bare id.
func (v *validator) checkID(path, id, what string) {
	switch {
	case id == "":
		v.add(path, "missing id; give this "+what+" an id of lower-case letters, digits and dashes")
		return
	case !validID(id):
		v.add(path, "id "+quote(id)+" must be lower-case letters, digits, dashes and underscores, starting with a letter")
	}
	if what == "" {
		return
	}
	if prev, dup := v.ids[id]; dup {
		v.add(path, "id "+quote(id)+" is already used by a "+prev+"; ids of fields, figures and outcomes must be unique")
		return
	}
	v.ids[id] = what
}

func validID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '_'):
		default:
			return false
		}
	}
	return id != ""
}

func (v *validator) run() {
	d := v.d
	v.checkID("id", d.ID, "")
	if strings.TrimSpace(d.Title) == "" {
		v.add("title", "missing title; give the worksheet the title readers see")
	}
	if d.Version < 0 {
		v.add("version", "version must be 0 or more")
	}
	if len(d.Sections) == 0 {
		v.add("sections", "no sections; add at least one section with fields")
	}
	for i := range d.Sections {
		sec := &d.Sections[i]
		p := at("sections", i)
		if strings.TrimSpace(sec.Title) == "" {
			v.add(p+".title", "missing title; the section title is the fieldset's legend")
		}
		if len(sec.Fields) == 0 {
			v.add(p+".fields", "no fields; add at least one field to this section")
		}
		for j := range sec.Fields {
			v.field(at(p+".fields", j), &sec.Fields[j])
		}
	}
	v.scoring()
}

var kinds = []string{string(KindText), string(KindLongText), string(KindScale), string(KindChoice), string(KindRating), string(KindList), string(KindItems), string(KindGrid)}

// maxCells bounds a grid's numbers: the form shows a box for each, and a
// table wider or longer than this is not one a learner fills in.
const maxCells = 100

func (v *validator) field(p string, f *Field) {
	v.checkID(p+".id", f.ID, "field")
	if strings.TrimSpace(f.Label) == "" {
		v.add(p+".label", "missing label; every field needs the label the form shows")
	}
	// only reports keys that do not apply to the field's kind, which
	// would otherwise be silently ignored.
	only := func(key string, set bool, kinds string) {
		if set {
			v.add(p+"."+key, key+" applies only to "+kinds+" fields, not to "+string(f.Kind)+" fields; remove it")
		}
	}
	scale, rating, list := f.Kind == KindScale, f.Kind == KindRating, f.Kind == KindList
	items, grid, choice := f.Kind == KindItems, f.Kind == KindGrid, f.Kind == KindChoice
	only("min", f.Min != 0 && !scale && !list && !items && !grid, "scale, list, items and grid")
	only("max", f.Max != 0 && !scale && !list && !items && !grid, "scale, list, items and grid")
	only("labels", len(f.Labels) > 0 && !scale, "scale")
	only("choices", len(f.Choices) > 0 && !rating && !items && !choice, "choice, rating and items")
	only("factors", len(f.Factors) > 0 && !rating, "rating")
	only("justify", f.Justify != "" && !rating && !items && !choice, "choice, rating and items")
	only("justify_label", f.JustifyLabel != "" && !rating && !items && !choice, "choice, rating and items")
	only("item_label", f.ItemLabel != "" && !list && !items, "list and items")
	only("rows", len(f.Rows) > 0 && !grid, "grid")
	only("columns", len(f.Columns) > 0 && !grid, "grid")
	only("numbers", len(f.Numbers) > 0 && !grid, "grid")

	switch f.Kind {
	case KindText, KindLongText:
	case KindScale:
		switch {
		case f.Max <= f.Min:
			v.add(p+".max", "a scale's max must be above its min ("+strconv.Itoa(f.Min)+")")
		case f.Max-f.Min > 100:
			v.add(p+".max", "a scale can have at most 101 values")
		default:
			for n := f.Min; n <= f.Max; n++ {
				if strings.TrimSpace(f.Labels[n]) == "" {
					v.add(p+".labels", "no label for value "+strconv.Itoa(n)+"; label every value from "+strconv.Itoa(f.Min)+" to "+strconv.Itoa(f.Max))
				}
			}
			for _, n := range sortedIntKeys(f.Labels) {
				if n < f.Min || n > f.Max {
					v.add(p+".labels."+strconv.Itoa(n), "label for "+strconv.Itoa(n)+", outside the scale's "+strconv.Itoa(f.Min)+" to "+strconv.Itoa(f.Max)+"; remove it or change min or max")
				}
			}
		}
	case KindRating:
		if len(f.Choices) < 2 {
			v.add(p+".choices", "a rating needs at least two choices, each with an id, a label and a value")
		}
		v.choices(p, f)
		if len(f.Factors) == 0 {
			v.add(p+".factors", "a rating needs at least one factor to rate")
		}
		seen := map[string]bool{}
		for i := range f.Factors {
			fa, fp := &f.Factors[i], at(p+".factors", i)
			v.entry(fp, "factor", fa.ID, fa.Label, seen)
			if isSetName(fa.ID) {
				v.add(fp+".id", "factor id "+quote(fa.ID)+" is reserved for factor sets; choose another id")
			}
			if fa.Weight < 0 || math.IsNaN(fa.Weight) || math.IsInf(fa.Weight, 0) {
				v.add(fp+".weight", "a weight must be a positive number (0 or no weight means 1)")
			}
			for k, kw := range fa.Keywords {
				if normalizeKeyword(kw) == "" {
					v.add(at(fp+".keywords", k), "keyword "+quote(kw)+" has no letters or digits and can never match")
				}
			}
		}
		v.justify(p, f)
	case KindChoice:
		if len(f.Choices) < 2 {
			v.add(p+".choices", "a choice field needs at least two choices, each with an id and a label (and a value, if figures use it)")
		}
		v.choices(p, f)
		v.justify(p, f)
	case KindList:
		v.itemCount(p, f)
	case KindItems:
		v.itemCount(p, f)
		if len(f.Choices) == 1 {
			v.add(p+".choices", "one choice is no choice: give the items at least two, or none")
		}
		v.choices(p, f)
		v.justify(p, f)
		if len(f.Choices) == 0 && f.Justify == JustifyNone {
			v.add(p, "items without choices or justify are a list of texts: use kind: list, or give each item choices or a justification")
		}
	case KindGrid:
		if len(f.Rows) == 0 {
			v.add(p+".rows", "a grid needs at least one row, each with an id and a label")
		}
		if len(f.Columns) == 0 {
			v.add(p+".columns", "a grid needs at least one column, each with an id and a label")
		}
		v.headings(p+".rows", "row", f.Rows)
		v.headings(p+".columns", "column", f.Columns)
		v.headings(p+".numbers", "number", f.Numbers)
		if f.Max <= f.Min {
			v.add(p+".max", "a grid's max must be above its min ("+strconv.Itoa(f.Min)+"); every number is a whole number from min to max")
		}
		if f.cells() > maxCells {
			v.add(p, "a grid can hold at most "+strconv.Itoa(maxCells)+" numbers (rows × columns × numbers); this one holds "+strconv.Itoa(f.cells()))
		}
	case "":
		v.add(p+".kind", "missing kind; choose one of "+strings.Join(kinds, ", "))
	default:
		v.add(p+".kind", "unknown kind "+quote(string(f.Kind))+Suggest(string(f.Kind), kinds)+"; choose one of "+strings.Join(kinds, ", "))
	}
}

// choices checks the choices of a rating or items field.
func (v *validator) choices(p string, f *Field) {
	seen := map[string]bool{}
	for i := range f.Choices {
		c, cp := &f.Choices[i], at(p+".choices", i)
		v.entry(cp, "choice", c.ID, c.Label, seen)
		if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) {
			v.add(cp+".value", "a choice's value must be a finite number")
		}
	}
}

func (v *validator) justify(p string, f *Field) {
	switch f.Justify {
	case JustifyNone, JustifyOptional, JustifyRequired:
	default:
		v.add(p+".justify", "justify must be required or optional (or left out)"+Suggest(f.Justify, []string{JustifyOptional, JustifyRequired}))
	}
}

// itemCount checks the bounds on a list's or items field's number of items.
func (v *validator) itemCount(p string, f *Field) {
	switch {
	case f.Min < 0:
		v.add(p+".min", "a list's min must be 0 or more")
	case f.Max < 0:
		v.add(p+".max", "a list's max must be 0 (no limit) or more")
	case f.Max > 0 && f.Max < f.Min:
		v.add(p+".max", "a list's max must be at least its min ("+strconv.Itoa(f.Min)+")")
	case f.Max > MaxItems || f.Min > MaxItems:
		v.add(p+".max", "a list can have at most "+strconv.Itoa(MaxItems)+" items")
	}
}

// headings checks a grid's rows, columns or numbers. Their ids are parts of
// references ("payoffs.defect.cooperate.you"), so they follow the rules of
// ids.
func (v *validator) headings(p, what string, hs []Heading) {
	seen := map[string]bool{}
	for i := range hs {
		h, hp := &hs[i], at(p, i)
		v.entry(hp, what, h.ID, h.Label, seen)
	}
}

func isSetName(s string) bool {
	switch s {
	case SetWeakest, SetLinked, SetAddressed, SetUnaddressed:
		return true
	}
	return false
}

// fieldOf resolves a field reference for a check, reporting what is wrong.
func (v *validator) fieldOf(path, ref, want string, kinds ...Kind) *Field {
	if ref == "" {
		v.add(path, "missing "+want)
		return nil
	}
	f := v.d.Field(ref)
	if f == nil {
		var ids []string
		for _, f := range v.d.fields() {
			if len(kinds) == 0 || containsKind(kinds, f.Kind) {
				ids = append(ids, f.ID)
			}
		}
		v.add(path, "no field "+quote(ref)+Suggest(ref, ids)+"; "+want+" must name a field of this exercise")
		return nil
	}
	if len(kinds) > 0 && !containsKind(kinds, f.Kind) {
		var ks []string
		for _, k := range kinds {
			ks = append(ks, string(k))
		}
		v.add(path, "field "+quote(ref)+" is a "+string(f.Kind)+" field; "+want+" must be a "+strings.Join(ks, " or ")+" field")
		return nil
	}
	return f
}

func containsKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func (v *validator) scoring() {
	sc := &v.d.Scoring
	v.figures = map[string]*Figure{}
	v.outcomes = map[string]*Outcome{}
	v.sets = map[string]bool{}
	for i := range sc.Figures {
		f, p := &sc.Figures[i], at("scoring.figures", i)
		v.checkID(p+".id", f.ID, "figure")
		v.figure = f.ID
		ops := 0
		if f.Mean != "" {
			ops++
			v.fieldOf(p+".mean", f.Mean, "mean", KindRating)
		}
		if f.Value != "" {
			ops++
			v.numberRef(p+".value", f.Value)
		}
		if f.Minus != nil {
			ops++
			if len(f.Minus) != 2 {
				v.add(p+".minus", "minus takes two numbers: [a, b] computes a less b")
			}
			for k, ref := range f.Minus {
				v.numberRef(at(p+".minus", k), ref)
			}
		}
		if f.Count != nil {
			ops++
			if rf := v.fieldOf(p+".count.field", f.Count.Field, "count's field", KindRating, KindItems); rf != nil {
				if len(rf.Choices) == 0 {
					v.add(p+".count.field", "field "+quote(rf.ID)+" has no choices to count; give its items choices")
				} else {
					v.choiceIDs(p+".count.in", f.Count.In, rf)
				}
			}
		}
		for _, op := range [...]struct {
			key  string
			refs []string
		}{{"sum", f.Sum}, {"min", f.Min}, {"max", f.Max}} {
			if op.refs == nil {
				continue
			}
			ops++
			if len(op.refs) < 2 {
				v.add(p+"."+op.key, op.key+" takes a list of at least two numbers; for one, use value")
			}
			for k, ref := range op.refs {
				v.numberRef(at(p+"."+op.key, k), ref)
			}
		}
		if ops != 1 {
			v.add(p, "a figure is computed by exactly one of mean, value, minus, count, sum, min and max; found "+strconv.Itoa(ops))
		}
		if f.Compare != "" {
			v.fieldOf(p+".compare", f.Compare, "compare", KindScale)
		}
		seen := map[string]bool{}
		for b := range f.Bands {
			band, bp := &f.Bands[b], at(p+".bands", b)
			v.entry(bp, "band", band.ID, band.Label, seen)
			if math.IsNaN(band.Min) || math.IsInf(band.Min, 0) {
				v.add(bp+".min", "a band's min must be a finite number")
			} else if b > 0 && band.Min <= f.Bands[b-1].Min {
				v.add(bp+".min", "bands go from low to high: this min must be above the previous band's ("+formatNumber(f.Bands[b-1].Min)+")")
			}
		}
		v.figures[f.ID] = f
	}
	v.figure = ""
	for i := range sc.Weakest {
		w, p := &sc.Weakest[i], at("scoring.weakest", i)
		if f := v.fieldOf(p+".field", w.Field, "field", KindRating); f != nil {
			if v.sets[f.ID] {
				v.add(p+".field", "field "+quote(f.ID)+" already has a weakest analysis")
			}
			v.sets[f.ID] = true
			if len(w.Linked) > 0 || len(w.AddressedBy) > 0 {
				for k := range f.Factors {
					if len(f.Factors[k].Keywords) == 0 {
						v.add(p+".field", "factor "+quote(f.Factors[k].ID)+" of "+quote(f.ID)+" has no keywords, so no text can be linked to it or address it; give it keywords")
					}
				}
			}
		}
		for k, ref := range w.Linked {
			v.fieldOf(at(p+".linked", k), ref, "linked", textKinds...)
		}
		for k, ref := range w.AddressedBy {
			v.fieldOf(at(p+".addressed_by", k), ref, "addressed_by", textKinds...)
		}
	}
	for i := range sc.Outcomes {
		o, p := &sc.Outcomes[i], at("scoring.outcomes", i)
		v.checkID(p+".id", o.ID, "outcome")
		if strings.TrimSpace(o.Label) == "" {
			v.add(p+".label", "missing label for outcome "+quote(o.ID))
		}
		for k, ref := range o.Requires {
			v.filledRef(at(p+".requires", k), ref)
		}
		if len(o.Options) == 0 {
			v.add(p+".options", "an outcome needs at least one option")
		}
		seen := map[string]bool{}
		for k := range o.Options {
			opt, op := &o.Options[k], at(p+".options", k)
			v.entry(op, "option", opt.ID, opt.Label, seen)
			if opt.When != nil {
				v.cond(op+".when", opt.When, 0)
			} else if k < len(o.Options)-1 {
				v.add(op+".when", "only the last option may leave out when; the options after this one could never be picked")
			}
		}
		// Registered after its options so that they cannot refer to it.
		v.outcomes[o.ID] = o
	}
	ruleIDs := map[string]bool{}
	for i := range sc.Rules {
		r, p := &sc.Rules[i], at("scoring.rules", i)
		v.checkID(p+".id", r.ID, "")
		if ruleIDs[r.ID] {
			v.add(p+".id", "rule id "+quote(r.ID)+" is already used; rule ids must be unique")
		}
		ruleIDs[r.ID] = true
		switch r.Severity {
		case SeverityOK, SeverityInfo, SeverityWarn:
		default:
			sev := []string{SeverityOK, SeverityInfo, SeverityWarn}
			v.add(p+".severity", "severity must be one of "+strings.Join(sev, ", ")+Suggest(r.Severity, sev))
		}
		if strings.TrimSpace(r.Text) == "" {
			v.add(p+".text", "missing text; say what the learner should know, in the article's words")
		}
		if r.When == nil {
			v.add(p+".when", "missing when; give the condition under which this feedback shows")
		} else {
			v.cond(p+".when", r.When, 0)
		}
		for k, ref := range r.Factors {
			v.factorRef(at(p+".factors", k), ref, true)
		}
	}
}

// choiceIDs checks that ids are choices of rating field f.
func (v *validator) choiceIDs(path string, ids []string, f *Field) {
	if len(ids) == 0 {
		v.add(path, "list the choices of "+quote(f.ID)+" to look for")
	}
	var all []string
	for _, c := range f.Choices {
		all = append(all, c.ID)
	}
	for k, id := range ids {
		if f.choice(id) < 0 {
			v.add(at(path, k), "no choice "+quote(id)+" in "+quote(f.ID)+Suggest(id, all)+"; choose from "+strings.Join(all, ", "))
		}
	}
}

// factorRef checks "<field>.<factor>" (and, when sets is true,
// "<field>.<set>").
func (v *validator) factorRef(path, ref string, sets bool) (*Field, *Factor) {
	field, factor, ok := strings.Cut(ref, ".")
	if !ok {
		v.add(path, quote(ref)+" is not a factor; write <rating field>.<factor>, such as pillars.competence")
		return nil, nil
	}
	f := v.d.Field(field)
	if f == nil || f.Kind != KindRating {
		var ids []string
		for _, f := range v.d.fields() {
			if f.Kind == KindRating {
				ids = append(ids, f.ID)
			}
		}
		v.add(path, "no rating field "+quote(field)+Suggest(field, ids)+" in "+quote(ref)+"; a factor is written <rating field>.<factor>")
		return nil, nil
	}
	if isSetName(factor) {
		if !sets {
			v.add(path, quote(ref)+" is a factor set; name a single factor here")
		} else if !v.sets[field] {
			msg := quote(ref) + " needs a weakest analysis of " + quote(field) + " under scoring.weakest"
			for _, w := range v.d.Scoring.Weakest {
				if w.Field == field {
					msg = "factor sets are computed after figures, so a figure cannot use " + quote(ref)
				}
			}
			v.add(path, msg)
		}
		return f, nil
	}
	fa := f.factor(factor)
	if fa == nil {
		var ids []string
		for _, x := range f.Factors {
			ids = append(ids, x.ID)
		}
		v.add(path, "no factor "+quote(factor)+" in "+quote(field)+Suggest(factor, ids))
	}
	return f, fa
}

// textKinds are the kinds of field keywords are looked for in.
var textKinds = []Kind{KindText, KindLongText, KindList, KindItems}

func (v *validator) filledRef(path, ref string) {
	if v.gridRef(path, ref, false) {
		return
	}
	if strings.Contains(ref, ".") {
		v.factorRef(path, ref, false)
		return
	}
	v.fieldOf(path, ref, "filled")
}

// gridRef checks ref when it is "<grid>.<row>.<column>[.<number>]" and
// reports whether it was one; number says it must name a single number.
func (v *validator) gridRef(path, ref string, number bool) bool {
	field, part, ok := strings.Cut(ref, ".")
	f := v.d.Field(field)
	if !ok || f == nil || f.Kind != KindGrid {
		return false
	}
	if _, n, ok := f.cell(part); ok && (!number || n == 1) {
		return true
	}
	form := "<grid>.<row>.<column>"
	switch {
	case len(f.Numbers) > 0 && number:
		form += ".<number>"
	case len(f.Numbers) > 0:
		form += "[.<number>]" // a whole cell, or one of its numbers
	}
	row, rest, _ := strings.Cut(part, ".")
	col, num, _ := strings.Cut(rest, ".")
	among := func(what string, hs []Heading) string {
		if len(hs) == 0 {
			return ""
		}
		return "; " + what + " are " + strings.Join(headingIDs(hs), ", ")
	}
	var msg string
	switch {
	case heading(f.Rows, row) < 0:
		msg = "no row " + quote(row) + " in " + quote(field) + Suggest(row, headingIDs(f.Rows)) + among("rows", f.Rows)
	case col == "":
		msg = quote(ref) + " is a whole row; name a cell"
	case heading(f.Columns, col) < 0:
		msg = "no column " + quote(col) + " in " + quote(field) + Suggest(col, headingIDs(f.Columns)) + among("columns", f.Columns)
	case len(f.Numbers) == 0:
		msg = "a cell of " + quote(field) + " holds one number, named " + form
	case num == "":
		msg = quote(ref) + " is a cell of two or more numbers; name one of " + strings.Join(headingIDs(f.Numbers), ", ")
	default:
		msg = "no number " + quote(num) + " in a cell of " + quote(field) + Suggest(num, headingIDs(f.Numbers)) + "; numbers are " + strings.Join(headingIDs(f.Numbers), ", ")
	}
	v.add(path, msg+" (write "+form+")")
	return true
}

// numberRef checks a reference to a number: a figure defined earlier, a
// scale, choice, list or items field, a grid's number, a factor, or a
// factor set.
func (v *validator) numberRef(path, ref string) {
	if ref == "" {
		v.add(path, "missing number reference")
		return
	}
	if v.gridRef(path, ref, true) {
		return
	}
	if strings.Contains(ref, ".") {
		v.factorRef(path, ref, true)
		return
	}
	if _, ok := v.figures[ref]; ok {
		return
	}
	if f := v.d.Field(ref); f != nil {
		switch f.Kind {
		case KindScale, KindChoice, KindList, KindItems:
		case KindGrid:
			v.add(path, "grid "+quote(ref)+" has many numbers; name one as "+quote(ref+".<row>.<column>")+", or combine several with sum, min or max")
		default:
			v.add(path, "field "+quote(ref)+" is a "+string(f.Kind)+" field, which has no number; use a scale, choice, list or items field, a grid's number, a figure or a factor")
		}
		return
	}
	if ref == v.figure {
		v.add(path, "figure "+quote(ref)+" cannot be computed from itself")
		return
	}
	if v.figureLater(ref) {
		v.add(path, "figure "+quote(ref)+" is computed later; move it above the figure that uses it")
		return
	}
	v.add(path, "no figure or field "+quote(ref)+Suggest(ref, v.names())+"; name a figure, a scale or list field, or a factor")
}

func (v *validator) figureLater(id string) bool {
	for _, f := range v.d.Scoring.Figures {
		if f.ID == id {
			return true
		}
	}
	return false
}

// names lists every id a condition can refer to, for suggestions.
func (v *validator) names() []string {
	var out []string
	for id := range v.ids {
		out = append(out, id)
	}
	sortStrings(out)
	return out
}

var condOps = []string{"all", "any", "not", "filled", "is", "value", "mentions"}

func (v *validator) cond(p string, c *Cond, depth int) {
	if depth > maxDepth {
		v.add(p, "conditions nest more than "+strconv.Itoa(maxDepth)+" deep; simplify them")
		return
	}
	var ops []string
	if c.All != nil {
		ops = append(ops, "all")
	}
	if c.Any != nil {
		ops = append(ops, "any")
	}
	if c.Not != nil {
		ops = append(ops, "not")
	}
	if c.Filled != "" {
		ops = append(ops, "filled")
	}
	if c.Is != "" {
		ops = append(ops, "is")
	}
	if c.Value != "" {
		ops = append(ops, "value")
	}
	if c.Mentions != "" {
		ops = append(ops, "mentions")
	}
	switch len(ops) {
	case 0:
		v.add(p, "empty condition; use one of "+strings.Join(condOps, ", "))
		return
	case 1:
	default:
		v.add(p, "a condition tests one thing, found "+strings.Join(ops, " and ")+"; put them in a list under all: or any:")
		return
	}
	op := ops[0]
	stray := func(key string, set bool, owner string) {
		if set && op != owner {
			v.add(p+"."+key, key+" goes with "+owner+", not with "+op+"; remove it")
		}
	}
	stray("in", c.In != nil, "is")
	stray("min", c.Min != nil, "value")
	stray("max", c.Max != nil, "value")
	stray("above", c.Above != nil, "value")
	stray("below", c.Below != nil, "value")
	stray("keywords", c.Keywords != nil, "mentions")
	stray("keywords_of", c.KeywordsOf != "", "mentions")

	switch op {
	case "all", "any":
		list := c.All
		if op == "any" {
			list = c.Any
		}
		if len(list) == 0 {
			v.add(p+"."+op, op+" needs a list of at least one condition")
		}
		for i := range list {
			v.cond(at(p+"."+op, i), &list[i], depth+1)
		}
	case "not":
		v.cond(p+".not", c.Not, depth+1)
	case "filled":
		v.filledRef(p+".filled", c.Filled)
	case "is":
		v.isRef(p, c)
	case "value":
		if c.Min == nil && c.Max == nil && c.Above == nil && c.Below == nil {
			v.add(p, "value needs a bound: min, max, above or below")
		}
		v.numberRef(p+".value", c.Value)
	case "mentions":
		v.fieldOf(p+".mentions", c.Mentions, "mentions", textKinds...)
		if len(c.Keywords) == 0 && c.KeywordsOf == "" {
			v.add(p, "mentions needs keywords or keywords_of (a factor whose keywords to look for)")
		}
		for k, kw := range c.Keywords {
			if normalizeKeyword(kw) == "" {
				v.add(at(p+".keywords", k), "keyword "+quote(kw)+" has no letters or digits and can never match")
			}
		}
		if c.KeywordsOf != "" {
			v.factorRef(p+".keywords_of", c.KeywordsOf, false)
		}
	}
}

// isRef checks an "is" condition: its reference must have choices and In
// must name some of them.
func (v *validator) isRef(p string, c *Cond) {
	if len(c.In) == 0 {
		v.add(p, "is needs in: the list of choices, bands or options to look for")
	}
	if f := v.d.Field(strings.Split(c.Is, ".")[0]); f != nil && f.Kind == KindGrid {
		v.add(p+".is", quote(c.Is)+" is a number of a grid, which has no choices; test it with value")
		return
	}
	if strings.Contains(c.Is, ".") {
		if f, fa := v.factorRef(p+".is", c.Is, false); f != nil && fa != nil {
			v.choiceIDs(p+".in", c.In, f)
		}
		return
	}
	var ids []string
	switch f := v.d.Field(c.Is); {
	case f != nil && f.Kind == KindChoice:
		v.choiceIDs(p+".in", c.In, f)
		return
	case v.figures[c.Is] != nil:
		f := v.figures[c.Is]
		if len(f.Bands) == 0 {
			v.add(p+".is", "figure "+quote(c.Is)+" has no bands to test; give it bands or use value")
			return
		}
		for _, b := range f.Bands {
			ids = append(ids, b.ID)
		}
	case v.outcomes[c.Is] != nil:
		for _, o := range v.outcomes[c.Is].Options {
			ids = append(ids, o.ID)
		}
	default:
		v.add(p+".is", "no choice field, factor, figure or earlier outcome "+quote(c.Is)+Suggest(c.Is, v.names())+"; is tests a choice field's or a factor's choice (field.factor), a figure's band or an outcome's option")
		return
	}
	for k, id := range c.In {
		if !contains(ids, id) {
			v.add(at(p+".in", k), quote(id)+" is not one of "+quote(c.Is)+"'s "+strings.Join(ids, ", ")+Suggest(id, ids))
		}
	}
}

// Suggest returns " (did you mean "x"?)" naming the option closest to
// name, or "" when none is close enough to be a likely typo.
func Suggest(name string, options []string) string {
	best, bestD := "", len(name)/3+2
	for _, o := range options {
		if d := distance(name, o); d < bestD && o != name {
			best, bestD = o, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + quote(best) + "?)"
}

// distance is the Levenshtein distance between a and b, with swapping two
// neighbouring letters counted as one edit, the commonest typo.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 30
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
