package exercise_test

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/exercise/exercisefile"
)

// definitions loads every definition in the repository's exercises/.
func definitions(t testing.TB) []*exercise.Definition {
	t.Helper()
	var l diag.List
	defs, _ := exercisefile.LoadDir(os.DirFS("../.."), "exercises", &l, false)
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	if len(defs) == 0 {
		t.Fatal("no exercises in exercises/")
	}
	return defs
}

func trust(t testing.TB) *exercise.Definition {
	t.Helper()
	for _, d := range definitions(t) {
		if d.ID == "trust-dynamics" {
			return d
		}
	}
	t.Fatal("no trust-dynamics exercise")
	return nil
}

// TestExamples scores every example of every definition against what it
// expects. The build does the same; this keeps a broken example from
// reaching it.
func TestExamples(t *testing.T) {
	for _, d := range definitions(t) {
		for i := range d.Examples {
			ex := &d.Examples[i]
			t.Run(d.ID+"/"+ex.Name, func(t *testing.T) {
				for _, p := range exercise.CheckExample(d, ex) {
					t.Errorf("%s: %s", p.Path, p.Msg)
				}
				if r := exercise.Score(d, ex.Answers); r.Error != "" {
					t.Errorf("Error = %q", r.Error)
				}
			})
		}
	}
}

// TestSarah checks the article's example directly, so that the expectation
// in the YAML cannot drift from what the article says without a test
// noticing.
func TestSarah(t *testing.T) {
	d := trust(t)
	ex := d.Examples[0]
	if !strings.Contains(ex.Name, "Sarah") {
		t.Fatalf("first example is %q, want the article's Sarah example", ex.Name)
	}
	r := exercise.Score(d, ex.Answers)
	if !r.Complete || r.Error != "" {
		t.Fatalf("Complete = %v, Error = %q, Missing = %v", r.Complete, r.Error, r.Missing)
	}
	f := r.Figures[0]
	if math.Abs(f.Value-10.0/3) > 1e-9 || f.Band != "calculative" || f.CompareValue != 3 || !f.CompareKnown {
		t.Errorf("figure = %+v, want 3.33 calculative beside 3", f)
	}
	if got := r.Outcomes[0].Option; got != "build" {
		t.Errorf("stage = %q, want build", got)
	}
	var weak []string
	for _, w := range r.Weakest {
		weak = append(weak, w.Factor)
		if w.Advice == "" {
			t.Errorf("no advice for weak factor %s", w.Factor)
		}
	}
	if want := []string{"reliability", "integrity", "benevolence", "transparency", "communication"}; !slices.Equal(weak, want) {
		t.Errorf("weakest = %v, want %v", weak, want)
	}
	if !r.Weakest[0].Linked {
		t.Errorf("reliability not linked to the eroding factor")
	}
	ids := feedbackIDs(r)
	for _, want := range []string{"calibration-consistent", "pillars-tied-weakest", "strategies-address-some", "strategies-partial"} {
		if !slices.Contains(ids, want) {
			t.Errorf("feedback %v lacks %s", ids, want)
		}
	}
	for _, fb := range r.Feedback {
		if fb.ID == "strategies-address-some" {
			var names []string
			for _, f := range fb.Factors {
				names = append(names, f.ID)
			}
			for _, want := range []string{"communication", "benevolence"} {
				if !slices.Contains(names, want) {
					t.Errorf("strategies address %v, want %s among them", names, want)
				}
			}
		}
	}
}

func feedbackIDs(r exercise.Result) []string {
	var ids []string
	for _, f := range r.Feedback {
		ids = append(ids, f.ID)
	}
	return ids
}

// TestBadAnswers checks that answers of any shape score without a panic,
// with the problem named in Result.Error and the rest still scored.
func TestBadAnswers(t *testing.T) {
	d := trust(t)
	sarah := d.Examples[0].Answers
	with := func(key string, v any) exercise.Answers {
		a := exercise.Answers{}
		for k, x := range sarah {
			a[k] = x
		}
		a[key] = v
		return a
	}
	huge := strings.Repeat("deadline ", 2<<20)
	for _, tc := range []struct {
		name    string
		answers exercise.Answers
		err     string // substring of Result.Error; "" for none
	}{
		{"nil", nil, ""},
		{"unknown field", with("levle", 3), `levle: no field "levle" in this exercise (did you mean "level"?)`},
		{"text as number", with("trustor", 3.0), "trustor: expected text, got a number"},
		{"scale out of range", with("level", 7), "level: expected a whole number from 1 to 5"},
		{"scale not whole", with("level", 2.5), "level: expected a whole number from 1 to 5"},
		{"scale as text", with("level", "three"), "level: expected a whole number from 1 to 5, got text"},
		{"scale as numeric text", with("level", " 3 "), ""},
		{"scale cleared", with("level", ""), ""},
		{"scale NaN", with("level", math.NaN()), "level: expected a whole number"},
		{"list as text", with("strategies", "talk"), "strategies: expected a list of texts, got text"},
		{"list item number", with("strategies", []any{"talk", 4.0}), "strategies.1: expected text, got a number"},
		{"too many items", with("strategies", make([]any, exercise.MaxItems+5)), "more than 100 items"},
		{"rating as list", with("pillars", []any{"high"}), "pillars: expected a rating per factor, got a list"},
		{"unknown factor", with("pillars", map[string]any{"competense": "high"}), `pillars.competense: no factor "competense" in "pillars" (did you mean "competence"?)`},
		{"unknown choice", with("pillars", map[string]any{"competence": map[string]any{"choice": "huge"}}), `pillars.competence.choice: no choice "huge"; choose one of high, medium, low`},
		{"rating typed", with("pillars", map[string]exercise.Rating{"competence": {Choice: "high", Justification: "x"}}), ""},
		{"rating bad key", with("pillars", map[string]any{"competence": map[string]any{"choise": "high"}}), `pillars.competence.choise: unknown key "choise"`},
		{"rating number", with("pillars", map[string]any{"competence": 5.0}), "pillars.competence: expected a choice and justification, got a number"},
		{"huge text", with("eroding", huge), ""},
		{"odd types", exercise.Answers{"trustor": []int{1}, "level": struct{}{}, "pillars": map[int]string{}}, "an unsupported value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := exercise.Score(d, tc.answers)
			if tc.err == "" && r.Error != "" {
				t.Errorf("Error = %q, want none", r.Error)
			}
			if tc.err != "" && !strings.Contains(r.Error, tc.err) {
				t.Errorf("Error = %q, want it to contain %q", r.Error, tc.err)
			}
			if len(r.Figures) != len(d.Scoring.Figures) || len(r.Outcomes) != len(d.Scoring.Outcomes) {
				t.Errorf("scoring stopped: %d figures, %d outcomes", len(r.Figures), len(r.Outcomes))
			}
		})
	}
}

func TestScoreWithoutDefinition(t *testing.T) {
	if r := exercise.Score(nil, exercise.Answers{"a": 1}); r.Error == "" {
		t.Error("Score(nil) gave no error")
	}
	// An empty, invalid definition must still not panic.
	exercise.Score(&exercise.Definition{}, exercise.Answers{"a": 1})
}

// TestHash checks that the hash follows the shape of the answers and
// nothing else.
func TestHash(t *testing.T) {
	d := trust(t)
	h := d.Hash()
	if len(h) != 16 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Fatalf("Hash = %q, want 16 hex digits", h)
	}
	same := map[string]func(*exercise.Definition){
		"label":      func(c *exercise.Definition) { c.Sections[0].Fields[0].Label = "Who trusts" },
		"rule text":  func(c *exercise.Definition) { c.Scoring.Rules[0].Text = "changed" },
		"choice val": func(c *exercise.Definition) { c.Sections[2].Fields[0].Choices[0].Value = 4 },
		"examples":   func(c *exercise.Definition) { c.Examples = nil },
	}
	differ := map[string]func(*exercise.Definition){
		"version":      func(c *exercise.Definition) { c.Version++ },
		"field id":     func(c *exercise.Definition) { c.Sections[0].Fields[0].ID = "truster" },
		"scale max":    func(c *exercise.Definition) { c.Sections[1].Fields[0].Max = 7 },
		"factor order": func(c *exercise.Definition) { f := c.Sections[2].Fields[0].Factors; f[0], f[1] = f[1], f[0] },
		"field kind":   func(c *exercise.Definition) { c.Sections[3].Fields[0].Kind = exercise.KindText },
	}
	for name, edit := range same {
		c := fromPage(t, d)
		edit(c)
		if c.Hash() != h {
			t.Errorf("changing the %s changed the hash", name)
		}
	}
	for name, edit := range differ {
		c := fromPage(t, d)
		edit(c)
		if c.Hash() == h {
			t.Errorf("changing the %s kept the hash", name)
		}
	}
}

// TestPartialMean checks that the figure follows the answers as they are
// typed, and says it is partial.
func TestPartialMean(t *testing.T) {
	d := trust(t)
	r := exercise.Score(d, exercise.Answers{"pillars": map[string]any{"competence": "low"}})
	f := r.Figures[0]
	if !f.Known || !f.Partial || f.Value != 1 || f.Band != "zero" {
		t.Errorf("figure = %+v, want a partial 1 (zero)", f)
	}
	r = exercise.Score(d, nil)
	if r.Figures[0].Known || r.Outcomes[0].Option != "" || len(r.Feedback) != 0 {
		t.Errorf("empty worksheet scored %+v", r)
	}
	if r.Complete || r.Total != 13 || r.Answered != 0 {
		t.Errorf("empty worksheet: Complete %v, %d of %d", r.Complete, r.Answered, r.Total)
	}
}

func BenchmarkScore(b *testing.B) {
	d := trust(b)
	a := d.Examples[0].Answers
	b.ReportAllocs()
	for b.Loop() {
		exercise.Score(d, a)
	}
}

// BenchmarkScoreAndConvert measures what one keystroke costs the page,
// short of the JavaScript conversions: scoring and building the result
// object.
func BenchmarkScoreAndConvert(b *testing.B) {
	d := trust(b)
	a := d.Examples[0].Answers
	b.ReportAllocs()
	for b.Loop() {
		r := exercise.Score(d, a)
		r.AppendJSON(nil)
	}
}
