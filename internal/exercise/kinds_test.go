package exercise_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/exercise"
)

// shapes is a small definition with one field of each kind that is not a
// rating: a choice, items with choices and a justification, and a grid
// with two numbers per cell; and figures and rules that use them.
func shapes() *exercise.Definition {
	return &exercise.Definition{
		ID: "shapes", Title: "Shapes",
		Sections: []exercise.Section{{Title: "All", Fields: []exercise.Field{
			{ID: "move", Kind: exercise.KindChoice, Label: "Move", Required: true, Justify: exercise.JustifyRequired, JustifyLabel: "Reason",
				Choices: []exercise.Choice{{ID: "a", Label: "A", Value: 1}, {ID: "b", Label: "B", Value: 2}}},
			{ID: "areas", Kind: exercise.KindItems, Label: "Areas", ItemLabel: "area", Required: true, Min: 2, Max: 3,
				Justify: exercise.JustifyRequired, JustifyLabel: "Evidence",
				Choices: []exercise.Choice{{ID: "in", Label: "In"}, {ID: "out", Label: "Out"}}},
			{ID: "causes", Kind: exercise.KindItems, Label: "Causes", Justify: exercise.JustifyOptional},
			{ID: "pay", Kind: exercise.KindGrid, Label: "Payoffs", Required: true, Min: 0, Max: 10,
				Rows:    []exercise.Heading{{ID: "c", Label: "You C"}, {ID: "d", Label: "You D"}},
				Columns: []exercise.Heading{{ID: "c", Label: "They C"}, {ID: "d", Label: "They D"}},
				Numbers: []exercise.Heading{{ID: "you", Label: "You"}, {ID: "them", Label: "Them"}}},
			{ID: "single", Kind: exercise.KindGrid, Label: "Single", Min: -5, Max: 5,
				Rows: []exercise.Heading{{ID: "r", Label: "R"}}, Columns: []exercise.Heading{{ID: "x", Label: "X"}, {ID: "y", Label: "Y"}}},
		}}},
		Scoring: exercise.Scoring{
			Figures: []exercise.Figure{
				{ID: "outs", Count: &exercise.Count{Field: "areas", In: []string{"out"}}},
				{ID: "n-areas", Value: "areas"},
				{ID: "move-value", Value: "move"},
				{ID: "total", Sum: []string{"pay.c.c.you", "pay.c.c.them", "single.r.x"}},
				{ID: "low", Min: []string{"pay.c.c.you", "pay.d.d.you", "single.r.y"}},
				{ID: "high", Max: []string{"pay.c.c.you", "pay.d.d.you"}},
				{ID: "gain", Minus: []string{"pay.c.c.you", "pay.d.c.you"}},
			},
			Outcomes: []exercise.Outcome{{ID: "row", Label: "Row", Requires: []string{"pay.c.c", "pay.c.d.them"},
				Options: []exercise.Option{{ID: "ok", Label: "OK"}}}},
			Rules: []exercise.Rule{
				{ID: "chose-b", Severity: "ok", Text: "B.", When: &exercise.Cond{Is: "move", In: []string{"b"}}},
				{ID: "all-areas", Severity: "ok", Text: "Areas.", When: &exercise.Cond{Filled: "areas"}},
				{ID: "grid-full", Severity: "ok", Text: "Grid.", When: &exercise.Cond{Filled: "pay"}},
				{ID: "cell", Severity: "ok", Text: "Cell.", When: &exercise.Cond{Filled: "pay.d.d.them"}},
				{ID: "mentions-guard", Severity: "info", Text: "Guard.", When: &exercise.Cond{Mentions: "causes", Keywords: []string{"fallback"}}},
			},
		},
	}
}

func TestShapesValid(t *testing.T) {
	if err := shapes().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestShapesScore(t *testing.T) {
	d := shapes()
	full := exercise.Answers{
		"move": map[string]any{"choice": "b", "justification": "Because."},
		"areas": []any{
			map[string]any{"text": "Medicine", "choice": "in", "justification": "Practice."},
			nil, // an empty slot keeps the places of the items after it
			map[string]any{"text": "Pricing", "choice": "out", "justification": "None."},
		},
		"causes": []any{"Billing fails", map[string]any{"text": "Support", "justification": "Fallback: hire temps."}},
		"pay": map[string]any{
			"c": map[string]any{"c": map[string]any{"you": 3, "them": 3.0}, "d": map[string]any{"you": "0", "them": 5}},
			"d": map[string]any{"c": map[string]any{"you": 5, "them": 0}, "d": map[string]any{"you": 1, "them": 1}},
		},
		"single": map[string]any{"r": map[string]any{"x": -2, "y": 4}},
	}
	for _, tc := range []struct {
		name     string
		answers  exercise.Answers
		missing  []string
		figures  map[string]float64 // known figures; all others must be unknown
		feedback []string
		outcome  string
		answered int
	}{
		{
			name: "empty", answers: nil,
			missing: []string{"move", "areas", "pay.c.c", "pay.c.d", "pay.d.c", "pay.d.d"},
			figures: map[string]float64{"outs": 0, "n-areas": 0},
		},
		{
			name: "full", answers: full,
			figures:  map[string]float64{"outs": 1, "n-areas": 2, "move-value": 2, "total": 4, "low": 1, "high": 3, "gain": -2},
			feedback: []string{"chose-b", "all-areas", "grid-full", "cell", "mentions-guard"},
			outcome:  "ok", answered: 1 + 2 + 2 + 4 + 2,
		},
		{
			name: "parts missing",
			answers: exercise.Answers{
				"move":  "a",
				"areas": []any{map[string]any{"text": "Medicine"}, map[string]any{"choice": "in", "justification": "x"}, "Law", "Tax"},
				"pay":   map[string]any{"c": map[string]any{"c": map[string]any{"you": 3, "them": ""}, "d": map[string]any{"you": 1, "them": 2}}},
			},
			missing:  []string{"move", "areas", "areas.1", "areas.2", "areas.3", "areas.4", "pay.c.c", "pay.d.c", "pay.d.d"},
			figures:  map[string]float64{"outs": 0, "n-areas": 4, "move-value": 1},
			answered: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := exercise.Score(d, tc.answers)
			if r.Error != "" {
				t.Errorf("Error = %q", r.Error)
			}
			var missing []string
			for _, m := range r.Missing {
				missing = append(missing, m.Ref())
				if m.Message == "" {
					t.Errorf("no message for missing %s", m.Ref())
				}
			}
			if !slices.Equal(missing, tc.missing) {
				t.Errorf("missing = %v, want %v", missing, tc.missing)
			}
			for _, f := range r.Figures {
				want, known := tc.figures[f.ID]
				if f.Known != known || known && f.Value != want {
					t.Errorf("figure %s = %v (known %v), want %v (known %v)", f.ID, f.Value, f.Known, want, known)
				}
			}
			if got := feedbackIDs(r); !slices.Equal(got, tc.feedback) {
				t.Errorf("feedback = %v, want %v", got, tc.feedback)
			}
			if r.Outcomes[0].Option != tc.outcome {
				t.Errorf("outcome = %q, want %q", r.Outcomes[0].Option, tc.outcome)
			}
			if tc.answered != 0 && r.Answered != tc.answered {
				t.Errorf("answered %d of %d, want %d", r.Answered, r.Total, tc.answered)
			}
		})
	}
}

// TestShapesMessages checks that a missing part of an item is named by
// its place and what it lacks.
func TestShapesMessages(t *testing.T) {
	r := exercise.Score(shapes(), exercise.Answers{
		"move":  "a",
		"areas": []any{map[string]any{"text": "Medicine", "choice": "in", "justification": "Practice."}, map[string]any{"justification": "x"}},
		"pay":   map[string]any{"c": map[string]any{"c": map[string]any{"you": 1, "them": 1}}},
	})
	want := map[string]string{
		"move":    "Fill in the reason for “Move”.",
		"areas.2": "Area 2 in “Areas”: name it and choose an option.",
		"pay.c.d": "Fill in “You C / They D” in “Payoffs”.",
	}
	for _, m := range r.Missing {
		if w, ok := want[m.Ref()]; ok && m.Message != w {
			t.Errorf("%s: %q, want %q", m.Ref(), m.Message, w)
		}
		delete(want, m.Ref())
	}
	if len(want) > 0 {
		t.Errorf("not missing: %v", want)
	}
}

func TestShapesBadAnswers(t *testing.T) {
	d := shapes()
	for _, tc := range []struct {
		name    string
		answers exercise.Answers
		err     string
	}{
		{"choice unknown", exercise.Answers{"move": "c"}, `move.choice: no choice "c"; choose one of a, b`},
		{"choice number", exercise.Answers{"move": 1.0}, "move: expected a choice and justification, got a number"},
		{"items not a list", exercise.Answers{"areas": "Medicine"}, "areas: expected a list of items, got text"},
		{"item number", exercise.Answers{"areas": []any{"ok", 4.0}}, "areas.1: expected an item, got a number"},
		{"item unknown key", exercise.Answers{"areas": []any{map[string]any{"txt": "x"}}}, `areas.0.txt: unknown key "txt"; an item of "areas" has text, choice, justification`},
		{"item choice without choices", exercise.Answers{"causes": []any{map[string]any{"text": "x", "choice": "in"}}}, `causes.0.choice: unknown key "choice"; an item of "causes" has text, justification`},
		{"item bad choice", exercise.Answers{"areas": []any{map[string]any{"text": "x", "choice": "maybe"}}}, `areas.0.choice: no choice "maybe"`},
		{"item text number", exercise.Answers{"areas": []any{map[string]any{"text": 3.0}}}, "areas.0.text: expected text, got a number"},
		{"too many items", exercise.Answers{"causes": make([]any, exercise.MaxItems+1)}, "more than 100 items"},
		{"grid not a table", exercise.Answers{"pay": []any{1.0}}, "pay: expected a table of rows, got a list"},
		{"grid unknown row", exercise.Answers{"pay": map[string]any{"e": map[string]any{}}}, `pay.e: no row "e" in "pay"`},
		{"grid row not a map", exercise.Answers{"pay": map[string]any{"c": 3.0}}, "pay.c: expected the row's cells by column, got a number"},
		{"grid unknown column", exercise.Answers{"pay": map[string]any{"c": map[string]any{"x": 1.0}}}, `pay.c.x: no column "x" in "pay"`},
		{"grid cell not a map", exercise.Answers{"pay": map[string]any{"c": map[string]any{"c": 1.0}}}, "pay.c.c: expected the cell's numbers by id (you, them), got a number"},
		{"grid unknown number", exercise.Answers{"pay": map[string]any{"c": map[string]any{"c": map[string]any{"me": 1.0}}}}, `pay.c.c.me: no number "me" in a cell of "pay"`},
		{"grid out of range", exercise.Answers{"pay": map[string]any{"c": map[string]any{"c": map[string]any{"you": 11.0}}}}, "pay.c.c.you: expected a whole number from 0 to 10"},
		{"grid not whole", exercise.Answers{"single": map[string]any{"r": map[string]any{"x": 1.5}}}, "single.r.x: expected a whole number from -5 to 5"},
		{"grid text", exercise.Answers{"single": map[string]any{"r": map[string]any{"x": "one"}}}, "single.r.x: expected a whole number from -5 to 5, got text"},
		{"grid cleared", exercise.Answers{"single": map[string]any{"r": map[string]any{"x": "", "y": nil}}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := exercise.Score(d, tc.answers)
			if tc.err == "" && r.Error != "" || !strings.Contains(r.Error, tc.err) {
				t.Errorf("Error = %q, want it to contain %q", r.Error, tc.err)
			}
			if len(r.Figures) != len(d.Scoring.Figures) {
				t.Errorf("scoring stopped: %d figures", len(r.Figures))
			}
		})
	}
}

// TestShapesHash checks that the hash follows the shape of choice, items
// and grid answers, and not their wording.
func TestShapesHash(t *testing.T) {
	h := shapes().Hash()
	field := func(d *exercise.Definition, id string) *exercise.Field { return d.Field(id) }
	for name, tc := range map[string]struct {
		edit func(*exercise.Definition)
		same bool
	}{
		"row label":       {func(d *exercise.Definition) { field(d, "pay").Rows[0].Label = "Cooperate" }, true},
		"item label":      {func(d *exercise.Definition) { field(d, "areas").ItemLabel = "domain" }, true},
		"row id":          {func(d *exercise.Definition) { field(d, "pay").Rows[0].ID = "coop" }, false},
		"row to column":   {func(d *exercise.Definition) { f := field(d, "single"); f.Rows, f.Columns = f.Columns, f.Rows }, false},
		"numbers":         {func(d *exercise.Definition) { field(d, "pay").Numbers = nil }, false},
		"grid range":      {func(d *exercise.Definition) { field(d, "pay").Max = 5 }, false},
		"item choices":    {func(d *exercise.Definition) { field(d, "areas").Choices[1].ID = "outside" }, false},
		"item justify":    {func(d *exercise.Definition) { field(d, "causes").Justify = exercise.JustifyRequired }, false},
		"items max":       {func(d *exercise.Definition) { field(d, "areas").Max = 5 }, false},
		"choice choices":  {func(d *exercise.Definition) { field(d, "move").Choices = field(d, "move").Choices[:1] }, false},
		"choice to scale": {func(d *exercise.Definition) { field(d, "move").Kind = exercise.KindScale }, false},
	} {
		d := shapes()
		tc.edit(d)
		if (d.Hash() == h) != tc.same {
			t.Errorf("changing the %s: same hash %v, want %v", name, d.Hash() == h, tc.same)
		}
	}
}
