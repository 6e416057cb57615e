package build

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/exercise/exercisefile"
)

// TestExercisesInBrowser opens the worksheets of the Trust Dynamics
// article's three siblings, each a different shape (items sorted into
// bins, pairs of texts, a payoff table), and checks in headless Chromium
// that "Fill in the example" shows exactly what the native scorer computes
// for the first example, that the form reads back the example's answers
// (export) and restores them after a reload, that the form is labelled
// without script, and that no request leaves the origin.
// TestWorksheetInBrowser covers what all worksheets share (import, clear,
// print, a missing module) on the Trust Dynamics page.
func TestExercisesInBrowser(t *testing.T) {
	srv := serveDefaultSite(t)

	for _, id := range []string{"circle-of-competence", "inversion", "game-theory"} {
		t.Run(id, func(t *testing.T) {
			src, err := os.ReadFile("../../exercises/" + id + ".yaml")
			if err != nil {
				t.Fatal(err)
			}
			var l diag.List
			def := exercisefile.Parse("exercises/"+id+".yaml", src, &l)
			if err := l.Err(); err != nil {
				t.Fatal(err)
			}
			example := generic(t, def.Examples[0].Answers)
			want := exercise.Score(def, def.Examples[0].Answers)
			if !want.Complete || len(want.Feedback) == 0 {
				t.Fatalf("the first example is not a complete worksheet with feedback: %+v", want)
			}
			w := worksheetPage{id: id, url: srv.URL + "/docs/thinking-toolkit/classic-mental-models/" + id + "/"}

			t.Run("without script", func(t *testing.T) {
				p := openTab(t, srv.URL, 1280, 900)
				if _, err := chromedp.Call(p.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
					t.Fatal(err)
				}
				p.do(chromedp.Navigate(w.url))
				got := p.eval(`(() => {
					const f = document.getElementById("ws-` + id + `-form");
					return {
						unlabelled: [...f.querySelectorAll("input, textarea, select")].filter(e => !e.closest("[hidden]") && e.labels.length === 0).map(e => e.name),
						legendless: [...f.querySelectorAll("fieldset")].filter(s => !(s.firstElementChild && s.firstElementChild.tagName === "LEGEND")).length,
						unscoped: [...f.querySelectorAll("table th")].filter(h => !h.getAttribute("scope")).length,
						sections: f.querySelectorAll("fieldset.ws-section").length,
					};
				})()`).(map[string]any)
				if len(got["unlabelled"].([]any)) != 0 || got["legendless"] != 0.0 || got["unscoped"] != 0.0 {
					t.Errorf("controls without a label: %v; %v fieldsets without a legend; %v table headings without a scope", got["unlabelled"], got["legendless"], got["unscoped"])
				}
				if got["sections"] != float64(len(def.Sections)) {
					t.Errorf("%v sections, want %d", got["sections"], len(def.Sections))
				}
				p.check()
			})

			t.Run("example", func(t *testing.T) {
				p := openTab(t, srv.URL, 1280, 900)
				downloads := t.TempDir()
				if _, err := chromedp.CallBrowser(p.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
					Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
				}); err != nil {
					t.Fatal(err)
				}
				// The worksheet's script loads as the worksheet nears.
				p.do(chromedp.Navigate(w.url), chromedp.ScrollIntoView(chromedp.CSS(w.sel("form"))), chromedp.WaitVisible(chromedp.CSS(".ws-actions")))
				p.poll(w.summary(`.startsWith("0 of ")`))
				p.do(chromedp.Click(chromedp.CSS(w.sel("form") + ` [data-action="example"]`)))
				p.poll(w.summary(`.includes("complete")`))
				w.checkResult(p, want)
				if got, wantState := w.state(p), controls(def, example); !reflect.DeepEqual(got, wantState) {
					t.Errorf("Fill in the example left the form holding\n%v\nwant\n%v", got, wantState)
				}
				w.shot(p, id+".png")

				// What the form reads back is the example, answer for
				// answer: the JSON export is the page's own reading.
				p.do(chromedp.Click(chromedp.CSS(w.sel("form") + ` [data-action="export-json"]`)))
				var doc struct {
					Exercise string
					Answers  map[string]any
				}
				exported := waitFile(t, filepath.Join(downloads, id+"-answers.json"))
				if err := json.Unmarshal(exported, &doc); err != nil {
					t.Fatalf("exported JSON: %v\n%s", err, exported)
				}
				if doc.Exercise != id || !reflect.DeepEqual(doc.Answers, example) {
					t.Errorf("exported %q answers\n%v\nwant\n%v", doc.Exercise, doc.Answers, example)
				}
				p.do(chromedp.Click(chromedp.CSS(w.sel("form") + ` [data-action="export-md"]`)))
				md := string(waitFile(t, filepath.Join(downloads, id+"-answers.md")))
				lines := markdownLines(def, example)
				for _, f := range want.Figures {
					if f.Label != "" && f.Compare == "" && f.BandText == "" {
						lines = append(lines, "- "+f.Label+": "+strconv.FormatFloat(f.Value, 'f', -1, 64))
					}
				}
				for _, s := range lines {
					if !strings.Contains(md, s) {
						t.Errorf("the Markdown export lacks %q:\n%s", s, md)
					}
				}

				// The answers come back after a reload, before the module
				// loads, and score the same.
				p.do(chromedp.Reload(), chromedp.ScrollIntoView(chromedp.CSS(w.sel("form"))), chromedp.WaitVisible(chromedp.CSS(".ws-actions")))
				if got, wantState := w.state(p), controls(def, example); !reflect.DeepEqual(got, wantState) {
					t.Errorf("after a reload the form holds\n%v\nwant\n%v", got, wantState)
				}
				p.do(chromedp.ScrollIntoView(chromedp.CSS(w.sel("results"))))
				p.poll(w.summary(`.includes("complete")`))
				w.checkResult(p, want)
				p.check()
			})

			t.Run("phone", func(t *testing.T) {
				p := openTab(t, srv.URL, 320, 640)
				p.do(chromedp.Navigate(w.url), chromedp.ScrollIntoView(chromedp.CSS(w.sel("form"))), chromedp.WaitVisible(chromedp.CSS(".ws-actions")))
				p.do(chromedp.Click(chromedp.CSS(w.sel("form") + ` [data-action="example"]`)))
				p.poll(w.summary(`.includes("complete")`))
				if got := p.eval(`document.documentElement.scrollWidth - window.innerWidth`); got.(float64) > 0 {
					t.Errorf("at 320px the page scrolls sideways by %vpx", got)
				}
				// A table may scroll inside its own box, but it should not
				// need to at the size of a phone.
				if got := p.eval(`[...document.querySelectorAll(".ws-table-wrap")].filter(w => w.scrollWidth > w.clientWidth).length`); got != 0.0 {
					t.Errorf("%v tables overflow their box at 320px", got)
				}
				w.shot(p, id+"-phone.png")
				p.check()
			})
		})
	}
}

// worksheetPage is one article's worksheet, found by its exercise id.
type worksheetPage struct{ id, url string }

// sel returns the selector of a part of the worksheet: "form", "results".
func (w worksheetPage) sel(part string) string { return "#ws-" + w.id + "-" + part }

// summary is a JavaScript condition on the feedback's summary line.
func (w worksheetPage) summary(test string) string {
	return `document.querySelector("` + w.sel("results") + ` .ws-summary")?.textContent` + test
}

// state returns the worksheet form's filled controls by name.
func (w worksheetPage) state(p *tab) map[string]string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[map[string]string](`(() => {
		const o = {};
		for (const e of document.querySelector("`+w.sel("form")+`").elements) {
			if (!e.name || e.type === "file" || (e.type === "radio" && !e.checked) || !e.value) continue;
			o[e.name] = e.value;
		}
		return o;
	})()`))
	if err != nil {
		p.t.Fatal(err)
	}
	return v
}

// shot saves a picture of the worksheet when LATTICEWORK_SCREENSHOTS is set.
func (w worksheetPage) shot(p *tab, name string) {
	p.t.Helper()
	dir := os.Getenv("LATTICEWORK_SCREENSHOTS")
	if dir == "" {
		return
	}
	// The sticky navigation bar would cover part of a picture taller than
	// the window.
	p.eval(`document.querySelector(".navbar").style.position = "static"`)
	defer p.eval(`document.querySelector(".navbar").style.position = ""`)
	png, err := chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.CSS("#ws-"+w.id)))
	if err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		p.t.Error(err)
	}
}

// checkResult compares what the results area shows with the native
// scorer's result: the summary, every labelled figure (value and band),
// every outcome's option, the weakest factors and the feedback, in the
// order the page gives them (warnings, then suggestions, then what was
// done well).
func (w worksheetPage) checkResult(p *tab, want exercise.Result) {
	p.t.Helper()
	var got struct {
		Summary  string
		Figures  [][]string
		Outcomes [][]string
		Weakest  []string
		Feedback []string
		Live     []string
	}
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](`(() => {
		const r = document.querySelector("`+w.sel("results")+`"), all = (s, root) => [...(root || r).querySelectorAll(s)];
		return {
			summary: r.querySelector(".ws-summary").textContent,
			figures: all(".ws-figure, .ws-stat").map(b => [b.querySelector("h5, dt").textContent].concat(all(".ws-row-value, .ws-row-band", b).map(e => e.textContent))),
			outcomes: all(".ws-outcome").map(b => [b.querySelector("h5").textContent, b.querySelector(".ws-outcome-option")?.textContent || ""]),
			weakest: all(".ws-weakest li strong").map(e => e.textContent),
			feedback: all(".ws-feedback li").map(e => e.textContent),
			live: [...r.querySelector("[aria-live]").children].map(e => e.classList[0]),
		};
	})()`))
	if err != nil {
		p.t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		p.t.Fatal(err)
	}
	// As the page rounds (to one decimal; +0 turns -0 into 0 as
	// JavaScript's String does).
	round := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10+0, 'f', -1, 64) }
	if s := strconv.Itoa(want.Answered) + " of " + strconv.Itoa(want.Total) + " answers given: complete."; !strings.HasPrefix(got.Summary, s) {
		p.t.Errorf("summary %q, want it to start %q", got.Summary, s)
	}
	var figures, outcomes [][]string
	for _, f := range want.Figures {
		if f.Label == "" {
			continue
		}
		row := []string{f.Label, round(f.Value), f.BandLabel}
		if f.Compare != "" {
			row = append(row, round(f.CompareValue), f.CompareLabel)
		}
		figures = append(figures, row)
	}
	for _, o := range want.Outcomes {
		outcomes = append(outcomes, []string{o.Label, o.OptionLabel})
	}
	// Plain numbers share a row of tiles where the first of them is, so
	// figures are compared in order of label.
	byLabel := func(rows [][]string) {
		sort.SliceStable(rows, func(i, j int) bool { return rows[i][0] < rows[j][0] })
	}
	byLabel(got.Figures)
	byLabel(figures)
	if !reflect.DeepEqual(got.Figures, figures) {
		p.t.Errorf("figures (label, value, band) = %q, want %q", got.Figures, figures)
	}
	if !reflect.DeepEqual(got.Outcomes, outcomes) {
		p.t.Errorf("outcomes (label, option) = %q, want %q", got.Outcomes, outcomes)
	}
	var weakest []string
	for _, f := range want.Weakest {
		weakest = append(weakest, f.Label)
	}
	if len(got.Weakest) != 0 || len(weakest) != 0 {
		if !reflect.DeepEqual(got.Weakest, weakest) {
			p.t.Errorf("weakest %q, want %q", got.Weakest, weakest)
		}
	}
	feedback := append([]exercise.Feedback(nil), want.Feedback...)
	order := map[string]int{exercise.SeverityWarn: 0, exercise.SeverityInfo: 1, exercise.SeverityOK: 2}
	sort.SliceStable(feedback, func(i, j int) bool { return order[feedback[i].Severity] < order[feedback[j].Severity] })
	if len(got.Feedback) != len(feedback) {
		p.t.Errorf("%d feedback items, want %d: %q", len(got.Feedback), len(feedback), got.Feedback)
	}
	for i, fb := range feedback {
		if i < len(got.Feedback) && !strings.Contains(got.Feedback[i], fb.Text) {
			p.t.Errorf("feedback item %d is %q, want %s: %q", i+1, got.Feedback[i], fb.ID, fb.Text)
		}
	}
	if !reflect.DeepEqual(got.Live, []string{"ws-summary", "ws-note"}) {
		p.t.Errorf("the live region holds %q, want the summary and the note only", got.Live)
	}
}

// controls returns, by control name (see layouts/worksheet.html), the
// values the form holds once filled with answers a, as generic returns
// them.
func controls(def *exercise.Definition, a map[string]any) map[string]string {
	o := map[string]string{}
	str := func(name string, v any) {
		switch v := v.(type) {
		case string:
			if v != "" {
				o[name] = v
			}
		case float64:
			o[name] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	// choice sets a radio's name and the box beside it from a choice id
	// or {choice, justification}.
	choice := func(name string, v any) {
		if m, ok := v.(map[string]any); ok {
			str(name, m["choice"])
			str(name+".why", m["justification"])
			return
		}
		str(name, v)
	}
	for _, s := range def.Sections {
		for _, f := range s.Fields {
			v := a[f.ID]
			switch f.Kind {
			case exercise.KindChoice:
				choice(f.ID, v)
			case exercise.KindRating:
				m, _ := v.(map[string]any)
				for factor, r := range m {
					choice(f.ID+"."+factor, r)
				}
			case exercise.KindList:
				l, _ := v.([]any)
				for i, item := range l {
					str(f.ID+"."+strconv.Itoa(i+1), item)
				}
			case exercise.KindItems:
				l, _ := v.([]any)
				for i, item := range l {
					n := f.ID + "." + strconv.Itoa(i+1)
					if m, ok := item.(map[string]any); ok {
						str(n, m["text"])
						str(n+".choice", m["choice"])
						str(n+".why", m["justification"])
					} else {
						str(n, item)
					}
				}
			case exercise.KindGrid:
				rows, _ := v.(map[string]any)
				for r, cols := range rows {
					cols, _ := cols.(map[string]any)
					for c, cell := range cols {
						n := f.ID + "." + r + "." + c
						if nums, ok := cell.(map[string]any); ok {
							for k, x := range nums {
								str(n+"."+k, x)
							}
						} else {
							str(n, cell)
						}
					}
				}
			default:
				str(f.ID, v)
			}
		}
	}
	return o
}

// markdownLines returns lines the Markdown export of answers a must hold
// for the kinds this test brings: a choice's label, an items field's first
// item with its choice, and a grid's first row as a table row.
func markdownLines(def *exercise.Definition, a map[string]any) []string {
	var out []string
	for _, s := range def.Sections {
		for _, f := range s.Fields {
			switch v := a[f.ID]; f.Kind {
			case exercise.KindChoice:
				id, _ := v.(string)
				if m, ok := v.(map[string]any); ok {
					id, _ = m["choice"].(string)
				}
				for _, c := range f.Choices {
					if c.ID == id {
						out = append(out, "**"+f.Label+":** "+c.Label)
					}
				}
			case exercise.KindItems:
				first, _ := v.([]any)[0].(map[string]any)
				line := "1. " + first["text"].(string)
				for _, c := range f.Choices {
					if c.ID == first["choice"] {
						line += " (" + c.Label + ")"
					}
				}
				out = append(out, line)
			case exercise.KindGrid:
				out = append(out, "| "+f.Rows[0].Label+" | ")
			}
		}
	}
	return out
}
