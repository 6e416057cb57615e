package build

import (
	"encoding/json"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/exercise/exercisefile"
)

// TestWorksheetAcrossLocalesInBrowser fills the Trust Dynamics worksheet on
// the English article of the repository's site with the definition's first
// example, then opens the Chinese article: the worksheet is in Chinese, the
// answers are back (one definition hash, one saved copy), the figures are
// the same numbers, the stage the same option and the feedback the same
// rules, in their Chinese words. An answer changed in Chinese is back on the
// English page, scored anew, and the progress page lists it.
func TestWorksheetAcrossLocalesInBrowser(t *testing.T) {
	srv := serveDefaultSite(t)
	const path = "/docs/thinking-toolkit/classic-mental-models/trust-dynamics/"

	// Both definitions as the build loads them; every expectation below
	// comes from them and the native scorer.
	site := os.DirFS("../..")
	var l diag.List
	defs, _ := exercisefile.LoadDir(site, "exercises", &l, false)
	tr := exercisefile.LoadTranslations(site, "exercises", defs, []string{"zh"}, &l)
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	var en *exercise.Definition
	for _, d := range defs {
		if d.ID == "trust-dynamics" {
			en = d
		}
	}
	zh := tr["zh"]["trust-dynamics"]
	if en == nil || zh == nil {
		t.Fatal("the site has no trust-dynamics worksheet in English and Chinese")
	}
	answers := generic(t, en.Examples[0].Answers)
	want := exercise.Score(en, exercise.Answers(answers))
	if !want.Complete || len(want.Feedback) == 0 || len(want.Outcomes) == 0 {
		t.Fatalf("the example no longer scores as a complete worksheet with feedback and a stage: %+v", want)
	}
	// The labels must differ, or finding the Chinese ones on the page
	// would prove nothing.
	if zh.Title == en.Title || zh.Sections[0].Fields[0].Label == en.Sections[0].Fields[0].Label {
		t.Fatal("the Chinese worksheet has the English labels")
	}

	p := openTab(t, srv.URL, 1280, 900)
	open := func(url string) {
		p.do(chromedp.Navigate(url), chromedp.ScrollIntoView(chromedp.CSS("#ws-trust-dynamics-form")), chromedp.WaitVisible(chromedp.CSS("#ws-trust-dynamics-form .ws-actions")))
		p.do(chromedp.ScrollIntoView(chromedp.CSS("#ws-trust-dynamics-results")))
	}

	// English: fill, score, and note what the page shows as ids and numbers.
	open(srv.URL + path)
	p.fill(en, answers)
	enShown := p.shown(en, want)
	t.Logf("the English page shows %+v", enShown)
	if wantShown := shownOf(en, want); !reflect.DeepEqual(enShown, wantShown) {
		t.Errorf("the English page shows %+v, the native scorer %+v", enShown, wantShown)
	}
	key := "latticework:worksheet:trust-dynamics:" + en.Hash()
	p.waitFor(`localStorage.getItem("` + key + `") !== null`)
	if got := p.eval(`Object.keys(localStorage).filter(k => k.startsWith("latticework:worksheet:"))`); !reflect.DeepEqual(got, []any{key}) {
		t.Errorf("saved under %v, want only %q", got, key)
	}

	// Chinese: the same form in Chinese words, the answers restored, the
	// same result.
	open(srv.URL + "/zh" + path)
	if got := p.eval(`document.getElementById("ws-trust-dynamics-form").dataset.hash`); got != en.Hash() {
		t.Errorf("the Chinese worksheet's hash is %v, the English one's %s", got, en.Hash())
	}
	labels := p.eval(`({
		lang: document.documentElement.lang,
		legends: [...document.querySelectorAll("#ws-trust-dynamics-form fieldset.ws-section > legend")].map(e => e.textContent),
		labels: Object.fromEntries([...document.querySelectorAll("#ws-trust-dynamics-form label[for]")].map(e => [e.htmlFor, e.textContent])),
	})`).(map[string]any)
	if lang, _ := labels["lang"].(string); !strings.HasPrefix(lang, "zh") {
		t.Errorf("the Chinese page's lang is %q", lang)
	}
	legends, _ := labels["legends"].([]any)
	if len(legends) != len(zh.Sections) {
		t.Errorf("%d sections on the Chinese page, want %d", len(legends), len(zh.Sections))
	}
	for i, s := range zh.Sections {
		if i < len(legends) && !strings.Contains(legends[i].(string), s.Title) {
			t.Errorf("section %d is titled %q, want the translation %q", i+1, legends[i], s.Title)
		}
		for _, f := range s.Fields {
			if f.Kind != exercise.KindText && f.Kind != exercise.KindLongText {
				continue
			}
			if got, _ := labels["labels"].(map[string]any)["ws-trust-dynamics-"+f.ID].(string); !strings.Contains(got, f.Label) {
				t.Errorf("field %s is labelled %q, want the translation %q", f.ID, got, f.Label)
			}
		}
	}
	if got := p.state(); !reflect.DeepEqual(got, formState(answers)) {
		t.Errorf("the Chinese page restored\n%v\nwant the answers given in English\n%v", got, formState(answers))
	}
	wantZh := exercise.Score(zh, exercise.Answers(answers))
	zhShown := p.shown(zh, wantZh)
	if !reflect.DeepEqual(zhShown, enShown) {
		t.Errorf("the Chinese page shows %+v, the English one showed %+v", zhShown, enShown)
	}
	if got := p.eval(`[...document.querySelectorAll("#ws-trust-dynamics-results .ws-feedback li")].map(e => e.textContent).join("\n")`).(string); strings.Contains(got, want.Feedback[0].Text) {
		t.Errorf("the Chinese page's feedback is in English:\n%s", got)
	}

	// Change answers in Chinese: one typed, one picked.
	changed := generic(t, en.Examples[0].Answers)
	changed["trustor"] = answers["trustor"].(string) + " 与团队"
	level := 1.0
	if answers["level"] == level {
		level = 5
	}
	changed["level"] = level
	p.do(chromedp.SendKeys(chromedp.CSS("#ws-trust-dynamics-trustor"), " 与团队"))
	p.do(chromedp.Click(chromedp.CSS(radio("level", strconv.FormatFloat(level, 'f', -1, 64)))))
	p.waitFor(`(JSON.parse(localStorage.getItem("` + key + `")) || {answers: {}}).answers.level === ` + strconv.FormatFloat(level, 'f', -1, 64) +
		` && JSON.parse(localStorage.getItem("` + key + `")).answers.trustor === ` + strconv.Quote(changed["trustor"].(string)))

	wantChanged := exercise.Score(en, exercise.Answers(changed))
	open(srv.URL + path)
	if got := p.state(); !reflect.DeepEqual(got, formState(changed)) {
		t.Errorf("the English page restored\n%v\nwant the answers changed in Chinese\n%v", got, formState(changed))
	}
	if got, want := p.shown(en, wantChanged), shownOf(en, wantChanged); !reflect.DeepEqual(got, want) {
		t.Errorf("after the change in Chinese the English page shows %+v, the native scorer %+v", got, want)
	}

	// The progress page lists the worksheet with the changed answers' result.
	p.do(chromedp.Navigate(srv.URL + ProgressURL))
	p.waitScored(1)
	state, result := progressOf(wantChanged)
	if got := p.progress()["trust-dynamics"]; got.State != state || got.Result != result || got.Link != path+"#ws-trust-dynamics" {
		t.Errorf("the progress page lists %+v, want state %q, result %q", got, state, result)
	}
	p.check()
}

// shownResult is what a worksheet's results show, as ids and numbers: the
// same in every locale for the same answers.
type shownResult struct {
	Values   []string // every figure row's number, as shown
	Stages   []string // the option ids of the stages shown
	Feedback []string // the rule ids of the feedback shown, sorted
}

// shownOf is the shownResult for r, from the native scorer.
func shownOf(def *exercise.Definition, r exercise.Result) shownResult {
	round := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
	var s shownResult
	for _, f := range r.Figures {
		if f.Label != "" && f.Compare != "" {
			s.Values = append(s.Values, round(f.Value), round(f.CompareValue))
		}
	}
	for _, o := range r.Outcomes {
		s.Stages = append(s.Stages, o.Option)
	}
	for _, f := range r.Feedback {
		s.Feedback = append(s.Feedback, f.ID)
	}
	slices.Sort(s.Feedback)
	return s
}

// shown waits for the page to show as much feedback as r has, then reads
// the results back into ids: stage options by their labels in def, feedback
// by the texts r gives each rule (so a rule shown in another locale's words
// is "?").
func (p *tab) shown(def *exercise.Definition, r exercise.Result) shownResult {
	p.t.Helper()
	p.waitFor(`document.querySelectorAll("#ws-trust-dynamics-results .ws-feedback li").length === ` + strconv.Itoa(len(r.Feedback)) +
		` && document.querySelectorAll("#ws-trust-dynamics-results .ws-row-value").length > 0`)
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](`(() => {
		const all = s => [...document.querySelectorAll("#ws-trust-dynamics-results " + s)].map(e => e.textContent);
		return {values: all(".ws-figure .ws-row-value"), stages: all(".ws-outcome-option"), feedback: all(".ws-feedback li")};
	})()`))
	if err != nil {
		p.t.Fatal(err)
	}
	var page shownResult
	if err := json.Unmarshal(raw, &page); err != nil {
		p.t.Fatal(err)
	}
	s := shownResult{Values: page.Values}
	for _, label := range page.Stages {
		id := "?" + label
		for _, o := range def.Scoring.Outcomes {
			for _, opt := range o.Options {
				if opt.Label == label {
					id = opt.ID
				}
			}
		}
		s.Stages = append(s.Stages, id)
	}
	for _, text := range page.Feedback {
		id, best := "?"+text, 0
		for _, f := range r.Feedback {
			if strings.Contains(text, f.Text) && len(f.Text) > best {
				id, best = f.ID, len(f.Text)
			}
		}
		s.Feedback = append(s.Feedback, id)
	}
	slices.Sort(s.Feedback)
	return s
}
