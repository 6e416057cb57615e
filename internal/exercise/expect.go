package exercise

import (
	"math"
	"strconv"
	"strings"
)

// CheckExample scores an example and compares the result with what it
// expects. Each Problem's Path is relative to the example
// ("expect.figures.evidence", "answers.level") and its message says what
// was scored and what was expected.
func CheckExample(d *Definition, ex *Example) Problems {
	var ps Problems
	add := func(path, msg string) { ps = append(ps, Problem{Path: path, Msg: msg}) }
	for _, p := range CheckAnswers(d, ex.Answers) {
		add("answers."+p.Path, p.Msg)
	}
	var s scorer
	r := s.score(d, ex.Answers)
	e := &ex.Expect

	if e.Complete != nil && *e.Complete != r.Complete {
		if r.Complete {
			add("expect.complete", "the answers are complete, expected missing answers")
		} else {
			add("expect.complete", "answers are missing ("+strings.Join(missingRefs(r), ", ")+"), expected none")
		}
	}
	if e.Missing != nil {
		if got := missingRefs(r); !equalStrings(got, e.Missing) {
			add("expect.missing", "missing answers are "+list(got)+", expected "+list(e.Missing))
		}
	}
	for _, id := range sortedKeys(e.Figures) {
		want, fr := e.Figures[id], figureResult(r, id)
		switch {
		case fr == nil:
			add("expect.figures."+id, "no figure "+quote(id)+" in this exercise")
		case !fr.Known:
			add("expect.figures."+id, "figure "+quote(id)+" could not be computed, expected "+twoDecimals(want))
		case math.Abs(fr.Value-want) > 0.005:
			add("expect.figures."+id, "figure "+quote(id)+" is "+twoDecimals(fr.Value)+", expected "+twoDecimals(want))
		}
	}
	for _, id := range sortedKeys(e.Bands) {
		want, fr := e.Bands[id], figureResult(r, id)
		switch {
		case fr == nil:
			add("expect.bands."+id, "no figure "+quote(id)+" in this exercise")
		case fr.Band != want:
			add("expect.bands."+id, "figure "+quote(id)+" is in band "+quote(fr.Band)+", expected "+quote(want))
		}
	}
	for _, id := range sortedKeys(e.Outcomes) {
		want, found := e.Outcomes[id], false
		for _, o := range r.Outcomes {
			if o.ID == id {
				found = true
				if o.Option != want {
					add("expect.outcomes."+id, "outcome "+quote(id)+" is "+quote(o.Option)+", expected "+quote(want))
				}
			}
		}
		if !found {
			add("expect.outcomes."+id, "no outcome "+quote(id)+" in this exercise")
		}
	}
	shown := make([]string, len(r.Feedback))
	for i, f := range r.Feedback {
		shown[i] = f.ID
	}
	rules := make([]string, len(d.Scoring.Rules))
	for i, ru := range d.Scoring.Rules {
		rules[i] = ru.ID
	}
	for i, id := range e.Feedback {
		switch {
		case !contains(rules, id):
			add(at("expect.feedback", i), "no rule "+quote(id)+Suggest(id, rules))
		case !contains(shown, id):
			add(at("expect.feedback", i), "feedback "+quote(id)+" did not show; shown: "+list(shown))
		}
	}
	for i, id := range e.Absent {
		switch {
		case !contains(rules, id):
			add(at("expect.absent", i), "no rule "+quote(id)+Suggest(id, rules))
		case contains(shown, id):
			add(at("expect.absent", i), "feedback "+quote(id)+" showed, expected it not to")
		}
	}
	for _, ref := range sortedKeys(e.Sets) {
		field, name, _ := strings.Cut(ref, ".")
		set, ok := s.set(field, name)
		if !ok {
			add("expect.sets."+ref, "no factor set "+quote(ref)+"; write <rating field>.weakest, .linked, .addressed or .unaddressed for a field with a weakest analysis")
			continue
		}
		si, _ := s.setIdx.get(field)
		rating := s.fields[s.sets[si].field]
		got := make([]string, len(set))
		for i, j := range set {
			got[i] = rating.Factors[j].ID
		}
		if !equalStrings(got, e.Sets[ref]) {
			add("expect.sets."+ref, quote(ref)+" is "+list(got)+", expected "+list(e.Sets[ref]))
		}
	}
	return ps
}

func missingRefs(r Result) []string {
	out := make([]string, len(r.Missing))
	for i, m := range r.Missing {
		out[i] = m.Ref()
	}
	return out
}

func figureResult(r Result, id string) *FigureResult {
	for i := range r.Figures {
		if r.Figures[i].ID == id {
			return &r.Figures[i]
		}
	}
	return nil
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func list(s []string) string { return "[" + strings.Join(s, ", ") + "]" }

func twoDecimals(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
