// Package exercise scores worksheets declared in exercise definitions.
//
// A Definition is plain data: the worksheet's fields (short and long text,
// a 1..N scale, one choice, a rating per factor, a list, a list of items
// each with a choice or a second text, a table of numbers) and a scoring
// model made of
// named figures, weakest-factor analyses, outcomes and feedback rules. Nothing
// about any one mental model lives in Go: a new worksheet is a new YAML file
// (loaded by package exercisefile), not new code.
//
// The package is compiled into the browser's WebAssembly module as well as
// into the build, so the same code validates definitions, runs their examples
// and scores the learner's answers. For that reason it imports only small
// standard packages (no fmt, encoding/json, reflect or yaml): every kilobyte
// it pulls in is downloaded by every reader.
//
// What callers can rely on:
//   - Score never panics, whatever the answers hold; answers of the wrong
//     shape are reported in Result.Error and scored as unanswered.
//   - A Definition that passes Validate can be scored; Score also tolerates
//     definitions that do not, but their results are meaningless.
//   - Hash changes exactly when the shape of the answers changes (field ids,
//     kinds, factors, choices, ranges) or the author bumps Version, so a page
//     never restores stored answers into fields they were not written for,
//     while a wording fix keeps the learner's answers.
package exercise

import "strings"

// Kind names a field kind.
type Kind string

// The field kinds. A kind is a shape of answer, never a mental model: a new
// kind belongs here only when some worksheet's question cannot be asked with
// these, and then with its completeness, references and scoring defined for
// any worksheet.
const (
	// KindText is a one-line text answer.
	KindText Kind = "text"
	// KindLongText is a multi-line text answer.
	KindLongText Kind = "longtext"
	// KindScale is a whole number from Min to Max, each value labelled.
	KindScale Kind = "scale"
	// KindRating rates each of several factors with one of a set of choices
	// (such as High, Medium, Low), optionally with a justification each.
	KindRating Kind = "rating"
	// KindList is a list of Min to Max short texts.
	KindList Kind = "list"
	// KindChoice is one of several Choices (such as the move the learner
	// will make), optionally with a justification.
	KindChoice Kind = "choice"
	// KindItems is a list of Min to Max items the learner names, each
	// with one of Choices (sorting the items into bins, such as inside or
	// outside one's circle of competence), a second text (Justify: the
	// evidence for it, the guard against it), or both.
	KindItems Kind = "items"
	// KindGrid is a fixed table of whole numbers from Min to Max: one cell
	// per row and column, each holding one number or one per Numbers (such
	// as a payoff table with each player's payoff in every cell).
	KindGrid Kind = "grid"
)

// Justification requirements for rating fields.
const (
	JustifyNone     = ""
	JustifyOptional = "optional"
	JustifyRequired = "required"
)

// Feedback severities.
const (
	SeverityOK   = "ok"
	SeverityInfo = "info"
	SeverityWarn = "warn"
)

// Definition declares one exercise. The yaml tags name the keys of
// exercises/<id>.yaml; the json tags name the keys of the object the page
// receives and hands back to the WebAssembly module (see FromValue).
type Definition struct {
	// ID is the exercise's identifier, also its file name and the name a
	// page's ```exercise block uses.
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	// Version is bumped by the author to discard answers learners stored for
	// an earlier version even when the fields keep their ids.
	Version     int       `yaml:"version" json:"version,omitempty"`
	Description string    `yaml:"description" json:"description,omitempty"`
	Sections    []Section `yaml:"sections" json:"sections"`
	Scoring     Scoring   `yaml:"scoring" json:"scoring"`
	// Examples are filled answers with the result they must score. The
	// first one is offered to the learner as "fill in the example".
	Examples []Example `yaml:"examples" json:"examples,omitempty"`
	// Messages are the templates of what Score writes itself (see
	// DefaultMessages), by key; a key left out is said in English. The
	// build sets them for a definition translated into another language.
	Messages map[string]string `yaml:"-" json:"messages,omitempty"`
}

// Section groups fields under one question of the worksheet; the page
// renders it as a fieldset whose legend is Title.
type Section struct {
	Title string `yaml:"title" json:"title"`
	// Prompt is the question as the article asks it.
	Prompt string  `yaml:"prompt" json:"prompt,omitempty"`
	Fields []Field `yaml:"fields" json:"fields"`
}

// Field is one answer the learner gives.
type Field struct {
	ID       string `yaml:"id" json:"id"`
	Kind     Kind   `yaml:"kind" json:"kind"`
	Label    string `yaml:"label" json:"label"`
	Help     string `yaml:"help" json:"help,omitempty"`
	Required bool   `yaml:"required" json:"required,omitempty"`

	// Min and Max bound a scale's or a grid's values, or the number of
	// items of a list or items field. A list's Max of 0 means no upper
	// bound.
	Min int `yaml:"min" json:"min,omitempty"`
	Max int `yaml:"max" json:"max,omitempty"`
	// Labels names each value of a scale.
	Labels map[int]string `yaml:"labels" json:"labels,omitempty"`

	// Choices and Factors describe a rating: each factor gets one choice.
	// A choice field is one of Choices; an items field may have Choices
	// too, and each item gets one.
	Choices []Choice `yaml:"choices" json:"choices,omitempty"`
	Factors []Factor `yaml:"factors" json:"factors,omitempty"`
	// Justify says whether each rated factor (each item, the choice) needs
	// a justification (JustifyRequired), may have one (JustifyOptional) or
	// has none.
	Justify string `yaml:"justify" json:"justify,omitempty"`
	// JustifyLabel labels the justification box, e.g. "Example".
	JustifyLabel string `yaml:"justify_label" json:"justifyLabel,omitempty"`

	// ItemLabel names one item of a list or items field, e.g. "strategy".
	ItemLabel string `yaml:"item_label" json:"itemLabel,omitempty"`

	// Rows and Columns head a grid; Numbers, when given, are the numbers
	// each of its cells holds (without them a cell holds one number).
	Rows    []Heading `yaml:"rows" json:"rows,omitempty"`
	Columns []Heading `yaml:"columns" json:"columns,omitempty"`
	Numbers []Heading `yaml:"numbers" json:"numbers,omitempty"`
}

// Heading names a row or column of a grid, or one of the numbers in each
// of its cells.
type Heading struct {
	ID    string `yaml:"id" json:"id"`
	Label string `yaml:"label" json:"label"`
}

// Choice is one answer a rating offers for each factor.
type Choice struct {
	ID    string  `yaml:"id" json:"id"`
	Label string  `yaml:"label" json:"label"`
	Value float64 `yaml:"value" json:"value"`
}

// Factor is one thing a rating field rates.
type Factor struct {
	ID    string `yaml:"id" json:"id"`
	Label string `yaml:"label" json:"label"`
	Help  string `yaml:"help" json:"help,omitempty"`
	// Weight counts the factor in a weighted mean; 0 means 1.
	Weight float64 `yaml:"weight" json:"weight,omitempty"`
	// Keywords are the words that show a text is about this factor. A
	// keyword matches whole words, case-insensitively; a trailing * makes it
	// match any word it begins ("communicat*").
	Keywords []string `yaml:"keywords" json:"keywords,omitempty"`
	// Advice is shown when the factor is among the weakest.
	Advice string `yaml:"advice" json:"advice,omitempty"`
}

// Scoring is what the worksheet computes from the answers, in order:
// figures, then weakest-factor analyses, then outcomes, then feedback rules.
// Each may refer to what comes before it.
type Scoring struct {
	Figures  []Figure  `yaml:"figures" json:"figures,omitempty"`
	Weakest  []Weakest `yaml:"weakest" json:"weakest,omitempty"`
	Outcomes []Outcome `yaml:"outcomes" json:"outcomes,omitempty"`
	Rules    []Rule    `yaml:"rules" json:"rules,omitempty"`
}

// Figure is a named number computed from the answers. Exactly one of Mean,
// Value, Minus, Count, Sum, Min and Max says how.
type Figure struct {
	ID string `yaml:"id" json:"id"`
	// Label is what the page calls the figure. Figures without one are
	// steps of the scoring model that the page does not show.
	Label string `yaml:"label" json:"label,omitempty"`
	// Mean is a rating field: the weighted mean of its rated factors'
	// choice values.
	Mean string `yaml:"mean" json:"mean,omitempty"`
	// Value is a number reference (see Cond.Value) copied as is.
	Value string `yaml:"value" json:"value,omitempty"`
	// Minus is two number references: the first less the second.
	Minus []string `yaml:"minus" json:"minus,omitempty"`
	// Count is the number of a rating's factors, or of an items field's
	// items, given one of some choices.
	Count *Count `yaml:"count" json:"count,omitempty"`
	// Sum, Min and Max are number references: their total, the smallest
	// and the largest. Comparing numbers the learner gives (is this cell a
	// player's best response?) is a Minus; Sum, Min and Max combine more
	// than two, such as the totals of a table's cells.
	Sum []string `yaml:"sum" json:"sum,omitempty"`
	Min []string `yaml:"min" json:"min,omitempty"`
	Max []string `yaml:"max" json:"max,omitempty"`
	// Compare is a scale field shown beside the figure, such as the
	// learner's own rating of what the figure estimates.
	Compare string `yaml:"compare" json:"compare,omitempty"`
	// Bands name ranges of the figure, in ascending order of Min.
	Bands []Band `yaml:"bands" json:"bands,omitempty"`
}

// Count counts a rating field's factors, or an items field's items, whose
// choice is one of In.
type Count struct {
	Field string   `yaml:"field" json:"field"`
	In    []string `yaml:"in" json:"in"`
}

// Band names the figures from Min up to the next band's Min. Values below
// the first band's Min fall in the first band.
type Band struct {
	ID    string  `yaml:"id" json:"id"`
	Label string  `yaml:"label" json:"label"`
	Min   float64 `yaml:"min" json:"min"`
	Text  string  `yaml:"text" json:"text,omitempty"`
}

// Weakest declares the weakest-factor analysis of a rating field. Its
// results are factor sets that conditions and rules refer to as
// "<field>.weakest", "<field>.linked", "<field>.addressed" and
// "<field>.unaddressed":
//   - weakest: the rated factors with the lowest value, when that value is
//     below the best choice, those named in Linked texts first;
//   - linked: every factor whose keywords the Linked fields mention;
//   - addressed: the weakest factors whose keywords AddressedBy mentions;
//   - unaddressed: the weakest factors it does not.
type Weakest struct {
	Field string `yaml:"field" json:"field"`
	// Linked are text or list fields (such as "what erodes trust") that tie
	// a weakness to a factor.
	Linked []string `yaml:"linked" json:"linked,omitempty"`
	// AddressedBy are text or list fields (such as strategies) expected to
	// work on the weakest factors.
	AddressedBy []string `yaml:"addressed_by" json:"addressedBy,omitempty"`
}

// Outcome picks one of its options: the first whose condition holds. An
// option without a condition always holds. Until every reference in
// Requires is filled, no option is picked.
type Outcome struct {
	ID       string   `yaml:"id" json:"id"`
	Label    string   `yaml:"label" json:"label"`
	Requires []string `yaml:"requires" json:"requires,omitempty"`
	Options  []Option `yaml:"options" json:"options"`
}

// Option is one possible outcome.
type Option struct {
	ID    string `yaml:"id" json:"id"`
	Label string `yaml:"label" json:"label"`
	When  *Cond  `yaml:"when" json:"when,omitempty"`
	Text  string `yaml:"text" json:"text,omitempty"`
}

// Rule gives a feedback item when its condition holds.
type Rule struct {
	ID       string `yaml:"id" json:"id"`
	Severity string `yaml:"severity" json:"severity"`
	When     *Cond  `yaml:"when" json:"when"`
	Text     string `yaml:"text" json:"text"`
	// Factors are named with the feedback: factor references
	// ("pillars.competence") or factor sets ("pillars.unaddressed").
	Factors []string `yaml:"factors" json:"factors,omitempty"`
}

// Cond is a condition over the answers and what was computed from them.
// Exactly one of All, Any, Not, Filled, Is, Value and Mentions is set; the
// other fields qualify it.
//
// References name what a condition looks at:
//   - a field id ("level", "strategies");
//   - a rating factor, "<field>.<factor>" ("pillars.competence");
//   - a grid's cell, "<field>.<row>.<column>", and one of its numbers,
//     "<field>.<row>.<column>.<number>" ("payoffs.defect.cooperate.you");
//   - a factor set of a weakest analysis, "<field>.weakest" and so on;
//   - a figure id, an outcome id.
//
// A condition on something not yet answered or computed is false.
type Cond struct {
	All []Cond `yaml:"all" json:"all,omitempty"`
	Any []Cond `yaml:"any" json:"any,omitempty"`
	Not *Cond  `yaml:"not" json:"not,omitempty"`

	// Filled holds when the referenced field (every factor, for a rating;
	// Min items, for a list) or factor is answered.
	Filled string `yaml:"filled" json:"filled,omitempty"`

	// Is holds when the reference's current choice is one of In: a choice
	// field's or a factor's choice, a figure's band, an outcome's option.
	Is string   `yaml:"is" json:"is,omitempty"`
	In []string `yaml:"in" json:"in,omitempty"`

	// Value holds when the referenced number is within the bounds given:
	// a figure, a scale field, a choice field's or a factor's choice value,
	// a list's or items field's number of items, a grid's number, a factor
	// set's size.
	Value string   `yaml:"value" json:"value,omitempty"`
	Min   *float64 `yaml:"min" json:"min,omitempty"`
	Max   *float64 `yaml:"max" json:"max,omitempty"`
	Above *float64 `yaml:"above" json:"above,omitempty"`
	Below *float64 `yaml:"below" json:"below,omitempty"`

	// Mentions holds when the referenced text, list or items field contains one of
	// Keywords or one of the keywords of the factor KeywordsOf.
	Mentions   string   `yaml:"mentions" json:"mentions,omitempty"`
	Keywords   []string `yaml:"keywords" json:"keywords,omitempty"`
	KeywordsOf string   `yaml:"keywords_of" json:"keywordsOf,omitempty"`
}

// Example is a filled worksheet and the result it must score.
type Example struct {
	Name    string  `yaml:"name" json:"name"`
	Answers Answers `yaml:"answers" json:"answers"`
	// Expect is checked at build time only, so the page never receives it.
	Expect Expect `yaml:"expect" json:"-"`
}

// Expect is what an example must score. Only what is given is checked.
type Expect struct {
	Complete *bool `yaml:"complete"`
	// Missing lists the references of every missing answer, in order
	// ("trustor", "pillars.integrity", "causes.2", "payoffs.defect.defect");
	// an empty list asserts none.
	Missing []string `yaml:"missing"`
	// Figures maps figure ids to their value, checked to two decimals.
	Figures map[string]float64 `yaml:"figures"`
	// Bands maps figure ids to the id of their band.
	Bands map[string]string `yaml:"bands"`
	// Outcomes maps outcome ids to the id of the option picked ("" for
	// none).
	Outcomes map[string]string `yaml:"outcomes"`
	// Feedback lists rule ids that must fire; Absent, ids that must not.
	Feedback []string `yaml:"feedback"`
	Absent   []string `yaml:"absent"`
	// Sets maps factor set references ("pillars.weakest") to their factor
	// ids, in order.
	Sets map[string][]string `yaml:"sets"`
}

// fields returns every field of d in worksheet order.
func (d *Definition) fields() []*Field {
	var out []*Field
	for i := range d.Sections {
		for j := range d.Sections[i].Fields {
			out = append(out, &d.Sections[i].Fields[j])
		}
	}
	return out
}

// Field returns the field with the given id, or nil.
func (d *Definition) Field(id string) *Field {
	for i := range d.Sections {
		for j := range d.Sections[i].Fields {
			if f := &d.Sections[i].Fields[j]; f.ID == id {
				return f
			}
		}
	}
	return nil
}

// factor returns the factor with the given id, or nil.
func (f *Field) factor(id string) *Factor {
	for i := range f.Factors {
		if f.Factors[i].ID == id {
			return &f.Factors[i]
		}
	}
	return nil
}

// choice returns the index of the choice with the given id, or -1.
func (f *Field) choice(id string) int {
	for i := range f.Choices {
		if f.Choices[i].ID == id {
			return i
		}
	}
	return -1
}

// cell resolves part, "<row>.<column>" or "<row>.<column>.<number>", of
// a grid reference to the index of its first number in the grid's answer
// and how many numbers it covers (all of the cell's, or one). ok is false
// when part names no cell or number of f.
func (f *Field) cell(part string) (i, n int, ok bool) {
	row, rest, _ := strings.Cut(part, ".")
	col, num, hasNum := strings.Cut(rest, ".")
	r, c := heading(f.Rows, row), heading(f.Columns, col)
	per := max(len(f.Numbers), 1)
	if r < 0 || c < 0 {
		return 0, 0, false
	}
	i = (r*len(f.Columns) + c) * per
	if !hasNum {
		return i, per, true
	}
	k := heading(f.Numbers, num)
	if k < 0 {
		return 0, 0, false
	}
	return i + k, 1, true
}

// cells is the number of numbers a grid's answer holds.
func (f *Field) cells() int { return len(f.Rows) * len(f.Columns) * max(len(f.Numbers), 1) }

// heading returns the index of the heading with the given id, or -1.
func heading(hs []Heading, id string) int {
	for i := range hs {
		if hs[i].ID == id {
			return i
		}
	}
	return -1
}

func (f *Factor) weight() float64 {
	if f.Weight == 0 {
		return 1
	}
	return f.Weight
}
