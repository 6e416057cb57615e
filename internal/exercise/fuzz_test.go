package exercise_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/exercise/exercisefile"
)

// scoreFailed is the Result.Error Score gives when it recovered from a
// panic. Score must never need to on a valid definition, so the fuzz
// targets treat it as a failure even though nothing crashed.
const scoreFailed = "cannot be scored"

// FuzzScore scores arbitrary answers, given as JSON (the shape a page's
// JavaScript object converts to), against every definition in exercises/.
func FuzzScore(f *testing.F) {
	defs := definitions(f)
	for _, d := range defs {
		for _, ex := range d.Examples {
			b, err := json.Marshal(ex.Answers)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte(`{"level": "3", "pillars": {"competence": "high"}, "strategies": [null, 1, "x"]}`))
	f.Add([]byte(`{"pillars": {"competence": {"choice": 3, "justification": ["x"]}}, "level": 1e308}`))
	f.Add([]byte(`[1, 2]`))
	// Choice, items and grid answers of every wrong shape.
	f.Add([]byte(`{"too-hard": {"choice": ["x"]}, "areas": [null, "", {"text": 1}, {"choice": "inside"}, [1]], "causes": {"text": "x"}}`))
	f.Add([]byte(`{"payoffs": {"cooperate": {"cooperate": {"you": "7", "them": 1e308}, "compete": [1]}, "compete": null, "x": {}}, "move": {"choice": "compete", "justification": null}}`))
	f.Add([]byte(`{"payoffs": {"cooperate": {"cooperate": 3}}, "zero-sum": "maybe", "areas": [{"text": "a", "choice": "edge", "justification": "b", "extra": true}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		a, _ := v.(map[string]any)
		for _, d := range defs {
			r := exercise.Score(d, a)
			if strings.Contains(r.Error, scoreFailed) {
				t.Fatalf("Score recovered from a panic on %s", data)
			}
			if len(r.Figures) != len(d.Scoring.Figures) {
				t.Fatalf("%d figures, want %d", len(r.Figures), len(d.Scoring.Figures))
			}
			if b := r.AppendJSON(nil); !json.Valid(b) {
				t.Fatalf("invalid result JSON %s", b)
			}
		}
	})
}

// FuzzDefinition converts arbitrary page JSON with FromValue, as the
// WebAssembly module does, and scores the examples against whatever comes
// out. Nothing may panic; definitions that pass Validate must score
// without Score having to recover.
func FuzzDefinition(f *testing.F) {
	defs := definitions(f)
	var answers []exercise.Answers
	for _, d := range defs {
		page, err := exercisefile.PageJSON(d)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(page)
		for _, ex := range d.Examples {
			answers = append(answers, ex.Answers)
		}
	}
	f.Add([]byte(`{"id":"x","sections":[{"fields":[{"id":"r","kind":"rating","factors":[{"id":"a"}]}]}],"scoring":{"figures":[{"id":"m","mean":"r","bands":[]}],"weakest":[{"field":"r"}]}}`))
	// Grids with no rows, no columns or no numbers, and figures that reach
	// past them; items and choices without choices; figures folding
	// nothing.
	f.Add([]byte(`{"id":"x","sections":[{"fields":[{"id":"g","kind":"grid","rows":[],"columns":[{"id":"c"}],"min":0,"max":1},{"id":"i","kind":"items","choices":[]},{"id":"c","kind":"choice"}]}],"scoring":{"figures":[{"id":"s","sum":["g.r.c","g.r.c.n","i","c"]},{"id":"m","min":[]},{"id":"x","max":["g"]},{"id":"k","count":{"field":"i","in":["a"]}}],"outcomes":[{"id":"o","requires":["g.r","g.r.c"],"options":[{"id":"a","when":{"is":"c","in":["a"]}}]}]}}`))
	f.Add([]byte(`{"id":"x","sections":[{"fields":[{"id":"g","kind":"grid","rows":[{"id":"r"}],"columns":[{"id":"c"}],"numbers":[{"id":"n"},{"id":"n"}],"min":0,"max":1}]}],"scoring":{"figures":[{"id":"a","value":"g.r.c.n"},{"id":"b","minus":["g.r.c","g.r"]}],"rules":[{"id":"r","when":{"filled":"g.r.c.n.x"}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		d, err := exercise.FromValue(v)
		if err != nil {
			return
		}
		valid := d.Validate() == nil
		d.Hash()
		for _, a := range answers {
			r := exercise.Score(d, a)
			if valid && strings.Contains(r.Error, scoreFailed) {
				t.Fatalf("Score recovered from a panic on a valid definition: %s", data)
			}
		}
	})
}
