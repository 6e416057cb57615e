package exercise_test

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/exercise/exercisefile"
)

// translations loads the repository's translated exercises: the
// Chinese trust-dynamics at least.
func translations(t testing.TB) (map[string]*exercise.Definition, map[string]map[string]*exercise.Definition) {
	t.Helper()
	site := os.DirFS("../..")
	var l diag.List
	defs, _ := exercisefile.LoadDir(site, "exercises", &l, false)
	tr := exercisefile.LoadTranslations(site, "exercises", defs, []string{"zh"}, &l)
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	if tr["zh"]["trust-dynamics"] == nil {
		t.Fatal("no Chinese translation of trust-dynamics")
	}
	byID := map[string]*exercise.Definition{}
	for _, d := range defs {
		byID[d.ID] = d
	}
	return byID, tr
}

// decided is what a result decides, by id and number, leaving out every
// text: what must be the same in every language.
func decided(r exercise.Result) string {
	var b strings.Builder
	b.WriteString(r.Error + "|" + strconv.FormatBool(r.Complete) + "|" + strconv.Itoa(r.Answered) + "/" + strconv.Itoa(r.Total) + "|")
	for _, m := range r.Missing {
		b.WriteString(m.Ref() + ",")
	}
	for _, f := range r.Figures {
		b.WriteString("|" + f.ID + "=" + strconv.FormatBool(f.Known) + ":" + strconv.FormatFloat(f.Value, 'g', -1, 64) + ":" + strconv.FormatBool(f.Partial) + ":" + f.Band)
		b.WriteString(":" + f.Compare + ":" + strconv.FormatBool(f.CompareKnown) + ":" + strconv.FormatFloat(f.CompareValue, 'g', -1, 64))
	}
	for _, w := range r.Weakest {
		b.WriteString("|" + w.Field + "." + w.Factor + "=" + w.Choice + ":" + strconv.FormatBool(w.Linked) + ":" + strconv.FormatBool(w.Addressed))
	}
	for _, o := range r.Outcomes {
		b.WriteString("|" + o.ID + "=" + o.Option)
	}
	for _, f := range r.Feedback {
		b.WriteString("|" + f.ID + ":" + f.Severity)
		for _, fa := range f.Factors {
			b.WriteString("," + fa.Field + "." + fa.ID)
		}
	}
	return b.String()
}

// TestTranslationsScoreAlike checks what lets answers move between
// languages: a translated worksheet has the original's hash, so the page
// restores the answers saved in the other language, and scores those
// answers exactly as the original does, whether they come from the
// original's examples or the translation's own. It runs natively and,
// under make test-wasm, inside WebAssembly, on the definition as the
// module receives it from the page.
func TestTranslationsScoreAlike(t *testing.T) {
	src, tr := translations(t)
	for locale, defs := range tr {
		for id, d := range defs {
			orig := src[id]
			t.Run(locale+"/"+id, func(t *testing.T) {
				if d.Hash() != orig.Hash() {
					t.Errorf("hash %s, the original's %s", d.Hash(), orig.Hash())
				}
				if len(d.Examples) != len(orig.Examples) {
					t.Fatalf("%d examples, the original has %d", len(d.Examples), len(orig.Examples))
				}
				page := fromPage(t, d)
				if page.Hash() != orig.Hash() {
					t.Errorf("hash on the page %s, the original's %s", page.Hash(), orig.Hash())
				}
				for i := range orig.Examples {
					want := decided(exercise.Score(orig, orig.Examples[i].Answers))
					for _, c := range []struct {
						what    string
						d       *exercise.Definition
						answers exercise.Answers
					}{
						{"the original's answers", d, orig.Examples[i].Answers},
						{"the original's answers, on the page", page, orig.Examples[i].Answers},
						{"the translated answers", d, d.Examples[i].Answers},
						{"the translated answers, on the page", page, d.Examples[i].Answers},
					} {
						if got := decided(exercise.Score(c.d, c.answers)); got != want {
							t.Errorf("%s: %s scores\n%s\nthe original\n%s", orig.Examples[i].Name, c.what, got, want)
						}
					}
					for _, p := range exercise.CheckExample(d, &d.Examples[i]) {
						t.Errorf("%s: %s: %s", d.Examples[i].Name, p.Path, p.Msg)
					}
				}
			})
		}
	}
}

// fromPage returns d as the WebAssembly module reads it from the page.
func fromPage(t *testing.T, d *exercise.Definition) *exercise.Definition {
	t.Helper()
	b, err := exercisefile.PageJSON(d)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	page, err := exercise.FromValue(v)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// TestTranslatedMessages checks that a worksheet in Chinese says in
// Chinese what is still missing, with no English left in it.
func TestTranslatedMessages(t *testing.T) {
	_, tr := translations(t)
	d := fromPage(t, tr["zh"]["trust-dynamics"])
	r := exercise.Score(d, exercise.Answers{
		"pillars":    map[string]any{"competence": map[string]any{"choice": "high"}},
		"strategies": []any{"多沟通。"},
	})
	if len(r.Missing) == 0 {
		t.Fatal("nothing missing")
	}
	for _, m := range r.Missing {
		han := false
		for _, c := range m.Message {
			if c < unicode.MaxASCII && unicode.IsLetter(c) {
				t.Errorf("%s: %q has Latin letters", m.Ref(), m.Message)
				break
			}
			han = han || unicode.Is(unicode.Han, c)
		}
		if !han {
			t.Errorf("%s: %q is not Chinese", m.Ref(), m.Message)
		}
	}
	if got, want := r.Missing[len(r.Missing)-1].Message, "请为“策略”至少填写 2 项（目前 1 项）。"; got != want {
		t.Errorf("strategies: %q, want %q", got, want)
	}
}

// TestUnspacedKeywords checks that keywords in scripts written without
// spaces match inside a run of characters, while keywords of spaced
// scripts still match whole words only.
func TestUnspacedKeywords(t *testing.T) {
	d := &exercise.Definition{
		ID: "k",
		Sections: []exercise.Section{{Title: "s", Fields: []exercise.Field{
			{ID: "note", Kind: exercise.KindText, Label: "Note"},
		}}},
		Scoring: exercise.Scoring{Rules: []exercise.Rule{
			{ID: "zh", Severity: "ok", Text: "t", When: &exercise.Cond{Mentions: "note", Keywords: []string{"沟通"}}},
			{ID: "ja", Severity: "ok", Text: "t", When: &exercise.Cond{Mentions: "note", Keywords: []string{"コミュニケーション"}}},
			{ID: "en", Severity: "ok", Text: "t", When: &exercise.Cond{Mentions: "note", Keywords: []string{"open"}}},
		}},
	}
	for note, want := range map[string]string{
		"我们很少沟通，彼此猜疑。":        "zh",
		"彼此猜疑。":               "",
		"もっとコミュニケーションを取る":     "ja",
		"They opened up":      "",
		"Be open with 沟通 her": "zh en",
	} {
		r := exercise.Score(d, exercise.Answers{"note": note})
		if got := strings.Join(feedbackIDs(r), " "); got != want {
			t.Errorf("%q: feedback %q, want %q", note, got, want)
		}
	}
}
