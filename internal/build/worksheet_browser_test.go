package build

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/latticework/latticework/internal/browsertest"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/exercise/exercisefile"
)

// xss is typed into a field: it must come back as text everywhere.
const xss = `<img src=x onerror=alert(1)>`

// TestWorksheetInBrowser fills the Trust Dynamics worksheet in headless
// Chromium as a learner would, with the keyboard, and checks that the
// feedback the page shows is what the Go scorer computes natively, that
// answers survive a reload, export and import, and that nothing leaves the
// origin.
func TestWorksheetInBrowser(t *testing.T) {
	if browsertest.ExecPath() == "" {
		t.Skip("Chromium not installed (apt-get install chromium): skipping browser test")
	}
	out, _ := buildDefaultSite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	const path = "/docs/thinking-toolkit/classic-mental-models/trust-dynamics/"
	article := srv.URL + path

	// The expectations come from the definition and the native scorer, not
	// from numbers copied here.
	src, err := os.ReadFile("../../exercises/trust-dynamics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var l diag.List
	def := exercisefile.Parse("exercises/trust-dynamics.yaml", src, &l)
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	sarah := generic(t, def.Examples[0].Answers)
	// The learner's answers: Sarah's, with markup in one text field.
	answers := generic(t, def.Examples[0].Answers)
	answers["context"] = answers["context"].(string) + " " + xss
	want := exercise.Score(def, exercise.Answers(answers))
	if !want.Complete || len(want.Figures) == 0 || !want.Figures[0].Known {
		t.Fatalf("the example no longer scores as a complete worksheet: %+v", want)
	}

	t.Run("without script", func(t *testing.T) {
		p := openTab(t, srv.URL, 1280, 900)
		if _, err := chromedp.Call(p.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		p.do(chromedp.Navigate(article))
		// Every control has a label, every fieldset a legend, and the
		// script-only buttons stay hidden.
		unlabelled := p.eval(`[...document.querySelectorAll("#ws-trust-dynamics-form :is(input, textarea, select)")]
			.filter(e => !e.closest("[hidden]") && e.labels.length === 0).map(e => e.name)`)
		if len(unlabelled.([]any)) != 0 {
			t.Errorf("controls without a label: %v", unlabelled)
		}
		if got := p.eval(`[...document.querySelectorAll("#ws-trust-dynamics-form fieldset")].filter(f => !(f.firstElementChild && f.firstElementChild.tagName === "LEGEND")).length`); got != 0.0 {
			t.Errorf("%v fieldsets without a legend", got)
		}
		if got := p.eval(`document.querySelectorAll("#ws-trust-dynamics-form fieldset.ws-section").length`); got != float64(len(def.Sections)) {
			t.Errorf("%v sections, want %d", got, len(def.Sections))
		}
		if got := p.eval(`document.querySelector("#ws-trust-dynamics-form .ws-actions") !== null`); got != false {
			t.Errorf("the action buttons, which need the script, are on the page without it")
		}
		// The form is styled without the script: its stylesheet is the
		// page's, not one the script loads.
		if got := p.eval(`getComputedStyle(document.querySelector("#ws-trust-dynamics")).borderTopWidth`); got != "4px" {
			t.Errorf("the worksheet's top border is %v without script, want its stylesheet's 4px", got)
		}
		p.check()
	})

	t.Run("learner", func(t *testing.T) {
		p := openTab(t, srv.URL, 1280, 900)
		downloads := t.TempDir()
		if _, err := chromedp.CallBrowser(p.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
		}); err != nil {
			t.Fatal(err)
		}
		p.do(chromedp.Navigate(article))

		// The worksheet's script and module wait until the worksheet comes
		// near: give the page time to load them if it were going to, then
		// look at what it asked for.
		p.do(chromedp.Sleep(time.Second))
		p.mu.Lock()
		for _, u := range p.requests {
			if strings.HasSuffix(u, ".wasm") || strings.Contains(u, "wasm_exec") || strings.Contains(u, "/worksheet.") || strings.HasSuffix(u, ".json") {
				t.Errorf("the article's first screen requested %s; the worksheet must load lazily", u)
			}
		}
		p.mu.Unlock()
		p.do(chromedp.ScrollIntoView(chromedp.CSS("#ws-trust-dynamics-form")), chromedp.WaitVisible(chromedp.CSS(".ws-actions")))
		p.poll(`document.querySelector("#ws-trust-dynamics-results .ws-summary")?.textContent.startsWith("0 of ")`)
		p.shot("worksheet-empty.png")

		// A missing answer links to its field, and Enter on it moves focus there.
		p.do(chromedp.Focus(chromedp.CSS("#ws-trust-dynamics-results .ws-todo a")), chromedp.KeyEvent("\r"))
		if got := p.eval(`document.activeElement.id`); got != "ws-trust-dynamics-trustor" {
			t.Errorf("the first missing answer's link moved focus to %q", got)
		}

		p.fill(def, answers)
		p.poll(`document.querySelector("#ws-trust-dynamics-results .ws-summary").textContent.includes("complete")`)
		p.checkFeedback(want)
		if got := p.eval(`document.querySelectorAll("img[src='x']").length`); got != 0.0 {
			t.Errorf("markup typed into a field became %v img elements", got)
		}
		browsertest.Screenshot(t, p.ctx, "worksheet.png")
		p.shot("worksheet-desktop.png")

		// On paper: the answers in full and the feedback, without buttons.
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		printed := p.eval(`(() => {
			const shown = s => [...document.querySelectorAll(s)].filter(e => e.getClientRects().length > 0).length;
			return {
				controls: shown("#ws-trust-dynamics .ws-actions, #ws-trust-dynamics input[type=file]"),
				clipped: [...document.querySelectorAll("#ws-trust-dynamics textarea")].filter(t => t.scrollHeight > t.clientHeight + 1).map(t => t.name),
				feedback: shown("#ws-trust-dynamics .ws-feedback li"),
			};
		})()`).(map[string]any)
		if printed["controls"] != 0.0 || len(printed["clipped"].([]any)) != 0 || printed["feedback"] != float64(len(want.Feedback)) {
			t.Errorf("printed: %v buttons shown (want 0), textareas cut off: %v, %v feedback items (want %d)", printed["controls"], printed["clipped"], printed["feedback"], len(want.Feedback))
		}
		p.shot("worksheet-print.png")
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
			t.Fatal(err)
		}

		// The answers come back after a reload, before the module loads.
		p.do(chromedp.Reload(), chromedp.ScrollIntoView(chromedp.CSS(".worksheet-form")), chromedp.WaitVisible(chromedp.CSS(".ws-actions")))
		if got := p.state(); !reflect.DeepEqual(got, formState(answers)) {
			t.Errorf("after a reload the form holds\n%v\nwant\n%v", got, formState(answers))
		}
		p.do(chromedp.ScrollIntoView(chromedp.CSS("#ws-trust-dynamics-results")))
		p.poll(`document.querySelector("#ws-trust-dynamics-results .ws-summary")?.textContent.includes("complete")`)
		p.checkFeedback(want)

		// Export: the files a learner downloads.
		p.do(chromedp.Click(chromedp.CSS(`[data-action="export-json"]`)))
		exported := waitFile(t, filepath.Join(downloads, "trust-dynamics-answers.json"))
		var doc struct {
			Exercise, Hash, SavedAt string
			Answers                 map[string]any
		}
		if err := json.Unmarshal(exported, &doc); err != nil {
			t.Fatalf("exported JSON: %v\n%s", err, exported)
		}
		if doc.Exercise != def.ID || doc.Hash != def.Hash() || doc.SavedAt == "" {
			t.Errorf("exported exercise %q hash %q savedAt %q, want %q %q and a time", doc.Exercise, doc.Hash, doc.SavedAt, def.ID, def.Hash())
		}
		if !reflect.DeepEqual(doc.Answers, answers) {
			t.Errorf("exported answers\n%v\nwant\n%v", doc.Answers, answers)
		}
		p.do(chromedp.Click(chromedp.CSS(`[data-action="export-md"]`)))
		md := string(waitFile(t, filepath.Join(downloads, "trust-dynamics-answers.md")))
		for _, s := range []string{
			"# " + def.Title, "**Trustor:** Me", `\<img src=x onerror=alert(1)>`,
			"## Feedback", want.Figures[0].BandLabel, want.Outcomes[0].OptionLabel, want.Feedback[0].Text,
		} {
			if !strings.Contains(md, s) {
				t.Errorf("the Markdown export lacks %q:\n%s", s, md)
			}
		}

		// Clear asks first, then empties the form and the saved copy.
		p.eval(`window.confirm = m => (window.asked = m, true)`)
		p.do(chromedp.Click(chromedp.CSS(`[data-action="clear"]`)))
		if got := p.eval(`window.asked`); got == nil {
			t.Error("Clear answers did not ask before clearing")
		}
		p.poll(`document.querySelector("#ws-trust-dynamics-results .ws-summary").textContent.startsWith("0 of ")`)
		if got := p.state(); len(got) != 0 {
			t.Errorf("after Clear the form holds %v", got)
		}
		p.poll(`!Object.keys(localStorage).some(k => k.startsWith("latticework:worksheet:"))`)

		// Import: the exported file fills the form again. Each file has its
		// own name, so the message naming it is the one about it.
		imp := func(name string, data []byte) string {
			t.Helper()
			file := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			p.do(chromedp.SetUploadFiles(chromedp.CSS(`input[data-action="import"]`), []string{file}))
			p.poll(`document.querySelector("#ws-trust-dynamics-results .ws-note").textContent.includes("` + name + `")`)
			return p.eval(`document.querySelector("#ws-trust-dynamics-results .ws-note").textContent`).(string)
		}
		if note := imp("trust-dynamics-answers.json", exported); !strings.Contains(note, "Imported your answers") {
			t.Errorf("import said %q", note)
		}
		p.poll(`document.querySelector("#ws-trust-dynamics-results .ws-summary").textContent.includes("complete")`)
		if got := p.state(); !reflect.DeepEqual(got, formState(answers)) {
			t.Errorf("after import the form holds\n%v\nwant\n%v", got, formState(answers))
		}
		p.checkFeedback(want)
		if note := imp("notes.json", []byte("not JSON")); !strings.Contains(note, "not a JSON file") {
			t.Errorf("importing a bad file said %q", note)
		}
		if note := imp("other.json", []byte(`{"exercise":"inversion","answers":{"trustor":"X"}}`)); !strings.Contains(note, "another worksheet") {
			t.Errorf("importing another worksheet's answers said %q", note)
		}
		if got := p.eval(`document.getElementById("ws-trust-dynamics-trustor").value`); got != "Me" {
			t.Errorf("a refused import changed the form: trustor = %q", got)
		}
		// Answers from an older version: a warning, and only fields that
		// still exist are filled.
		old, _ := json.Marshal(map[string]any{"exercise": def.ID, "hash": "0000", "answers": map[string]any{"trustor": "Old me", "gone": "x"}})
		if note := imp("old.json", old); !strings.Contains(note, "Warning") || !strings.Contains(note, "another version") {
			t.Errorf("importing an older version's answers said %q", note)
		}
		if got := p.state(); !reflect.DeepEqual(got, map[string]string{"trustor": "Old me"}) {
			t.Errorf("after importing an older version the form holds %v", got)
		}

		// One click fills in the article's example.
		p.do(chromedp.Click(chromedp.CSS(`[data-action="example"]`)))
		p.poll(`document.querySelector("#ws-trust-dynamics-results .ws-summary").textContent.includes("complete")`)
		if got := p.state(); !reflect.DeepEqual(got, formState(sarah)) {
			t.Errorf("Fill in the example left the form holding\n%v\nwant\n%v", got, formState(sarah))
		}
		p.checkFeedback(exercise.Score(def, def.Examples[0].Answers))
		p.check()
	})

	// Static hosts differ: one sends the module with a generic content type
	// (no streaming compile), one lost it.
	host := func(missing bool) *httptest.Server {
		files := http.FileServer(http.Dir(out))
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, ".wasm") {
				if missing {
					http.NotFound(w, r)
					return
				}
				w.Header().Set("Content-Type", "application/octet-stream")
			}
			files.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	t.Run("generic content type", func(t *testing.T) {
		srv := host(false)
		p := openTab(t, srv.URL, 320, 640)
		p.do(chromedp.Navigate(srv.URL+path), chromedp.ScrollIntoView(chromedp.CSS(".worksheet-form")), chromedp.WaitVisible(chromedp.CSS(".ws-actions")))
		p.do(chromedp.ScrollIntoView(chromedp.CSS("#ws-trust-dynamics-form")), chromedp.Click(chromedp.CSS(`[data-action="example"]`)))
		p.poll(`document.querySelector("#ws-trust-dynamics-results .ws-summary")?.textContent.includes("complete")`)
		if got := p.eval(`document.documentElement.scrollWidth - window.innerWidth`); got.(float64) > 0 {
			t.Errorf("at 320px the page scrolls sideways by %vpx", got)
		}
		p.check()
	})
	t.Run("module missing", func(t *testing.T) {
		srv := host(true)
		p := openTab(t, srv.URL, 1280, 900)
		p.do(chromedp.Navigate(srv.URL+path), chromedp.ScrollIntoView(chromedp.CSS(".worksheet-form")), chromedp.WaitVisible(chromedp.CSS(".ws-actions")))
		p.do(chromedp.ScrollIntoView(chromedp.CSS("#ws-trust-dynamics-form")))
		p.poll(`document.querySelector("#ws-trust-dynamics-results .ws-note")?.textContent.includes("could not load")`)
		// The form still works: typing saves, and restoring needs no module.
		p.do(chromedp.SendKeys(chromedp.CSS("#ws-trust-dynamics-trustor"), "Me"))
		p.poll(`Object.keys(localStorage).some(k => k.startsWith("latticework:worksheet:trust-dynamics:"))`)
		p.do(chromedp.Reload(), chromedp.ScrollIntoView(chromedp.CSS(".worksheet-form")), chromedp.WaitVisible(chromedp.CSS(".ws-actions")))
		if got := p.state(); !reflect.DeepEqual(got, map[string]string{"trustor": "Me"}) {
			t.Errorf("without the module, a reload restored %v", got)
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, s := range p.problems {
			if !strings.Contains(s, "404") {
				t.Errorf("in the page: %s", s)
			}
		}
	})

	t.Run("phone", func(t *testing.T) {
		p := openTab(t, srv.URL, 390, 844)
		p.do(chromedp.Navigate(article), chromedp.ScrollIntoView(chromedp.CSS(".worksheet-form")), chromedp.WaitVisible(chromedp.CSS(".ws-actions")))
		p.do(chromedp.ScrollIntoView(chromedp.CSS("#ws-trust-dynamics-form")), chromedp.Click(chromedp.CSS(`[data-action="example"]`)))
		p.poll(`document.querySelector("#ws-trust-dynamics-results .ws-summary")?.textContent.includes("complete")`)
		p.checkFeedback(exercise.Score(def, def.Examples[0].Answers))
		if got := p.eval(`document.documentElement.scrollWidth - window.innerWidth`); got.(float64) > 0 {
			t.Errorf("the page scrolls sideways by %vpx", got)
		}
		p.shot("worksheet-phone.png")
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		}); err != nil {
			t.Fatal(err)
		}
		p.shot("worksheet-phone-dark.png")
		p.check()
	})
}

// tab is one browser tab and what it did that a test must fail on.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	requests []string // every request
	foreign  []string // requests to other origins
	problems []string // exceptions, console errors, dialogs
}

// openTab starts a browser and records, for the whole test, every request
// and every error of its tab.
func openTab(t *testing.T, origin string, width, height int) *tab {
	p := &tab{t: t, ctx: browsertest.New(t, width, height)}
	err := chromedp.Listen(p.ctx, func(ev any) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			u := ev.Request.URL
			p.requests = append(p.requests, u)
			if !strings.HasPrefix(u, origin+"/") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") {
				p.foreign = append(p.foreign, u)
			}
		case *runtime.EventExceptionThrown:
			p.problems = append(p.problems, "uncaught: "+ev.ExceptionDetails.Text+" "+exceptionDescription(ev))
		case *cdplog.EventEntryAdded:
			// Content Security Policy violations and failed loads.
			if ev.Entry.Level == cdplog.EntryLevelError {
				p.problems = append(p.problems, string(ev.Entry.Source)+": "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				p.problems = append(p.problems, "console.error")
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	// A dialog would block the page: note it and dismiss it. (The test
	// replaces confirm() where it means to answer one.)
	go func() {
		for ev, err := range chromedp.Events(p.ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.problems = append(p.problems, "dialog: "+ev.Message)
			p.mu.Unlock()
			chromedp.Call(p.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return p
}

func exceptionDescription(ev *runtime.EventExceptionThrown) string {
	if ex := ev.ExceptionDetails.Exception; ex != nil {
		return ex.Description
	}
	return ""
}

// check fails the test on any request to another origin, uncaught
// exception, console error or dialog so far.
func (p *tab) check() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.foreign {
		p.t.Errorf("request to another origin: %s", u)
	}
	for _, s := range p.problems {
		p.t.Errorf("in the page: %s", s)
	}
}

// do runs actions; a query that finds nothing fails the test in half a
// minute rather than waiting for the browser's own time limit.
func (p *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatal(err)
	}
}

func (p *tab) eval(js string) any {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[any](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// poll waits for a JavaScript condition; the module is 2.4 MB and the
// machine may be slow, so the wait is long.
func (p *tab) poll(js string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		note, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.getElementById("ws-trust-dynamics-results").innerText`))
		p.t.Fatalf("waiting for %s: %v\nthe results area says:\n%s", js, err, note)
	}
}

// shot saves a picture of the worksheet alone, beside the full-page
// screenshot, when LATTICEWORK_SCREENSHOTS is set.
func (p *tab) shot(name string) {
	p.t.Helper()
	dir := os.Getenv("LATTICEWORK_SCREENSHOTS")
	if dir == "" {
		return
	}
	// The sticky navigation bar would cover part of a picture taller than
	// the window.
	p.eval(`document.querySelector(".navbar").style.position = "static"`)
	defer p.eval(`document.querySelector(".navbar").style.position = ""`)
	png, err := chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.CSS("#ws-trust-dynamics")))
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

// fill answers the worksheet through its controls as a learner does:
// typing into text fields and pressing Space on radio buttons.
func (p *tab) fill(def *exercise.Definition, a map[string]any) {
	p.t.Helper()
	const id = "#ws-trust-dynamics-"
	for _, s := range def.Sections {
		for _, f := range s.Fields {
			v, ok := a[f.ID]
			if !ok {
				continue
			}
			switch f.Kind {
			case exercise.KindText, exercise.KindLongText:
				p.do(chromedp.SendKeys(chromedp.CSS(id+f.ID), v.(string)))
			case exercise.KindScale:
				p.do(chromedp.Click(chromedp.CSS(radio(f.ID, strconv.FormatFloat(v.(float64), 'f', -1, 64)))))
			case exercise.KindRating:
				for _, fa := range f.Factors {
					r, ok := v.(map[string]any)[fa.ID].(map[string]any)
					if !ok {
						continue
					}
					p.do(chromedp.Focus(chromedp.CSS(radio(f.ID+"."+fa.ID, r["choice"].(string)))), chromedp.KeyEvent(" "))
					p.do(chromedp.SendKeys(chromedp.CSS(id+f.ID+"-"+fa.ID+"-why"), r["justification"].(string)))
				}
			case exercise.KindList:
				for i, item := range v.([]any) {
					p.do(chromedp.SendKeys(chromedp.CSS(id+f.ID+"-"+strconv.Itoa(i+1)), item.(string)))
				}
			}
		}
	}
}

func radio(name, value string) string { return `input[name="` + name + `"][value="` + value + `"]` }

// state returns the form's filled controls by name, as formState does for
// answers.
func (p *tab) state() map[string]string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[map[string]string](`(() => {
		const o = {};
		for (const e of document.getElementById("ws-trust-dynamics-form").elements) {
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

// formState returns, by control name, the values the form holds once
// filled with answers a (what state reads back).
func formState(a map[string]any) map[string]string {
	o := map[string]string{}
	for k, v := range a {
		switch v := v.(type) {
		case string:
			o[k] = v
		case float64:
			o[k] = strconv.FormatFloat(v, 'f', -1, 64)
		case []any:
			for i, item := range v {
				o[k+"."+strconv.Itoa(i+1)] = item.(string)
			}
		case map[string]any:
			for factor, r := range v {
				r := r.(map[string]any)
				o[k+"."+factor] = r["choice"].(string)
				if j, _ := r["justification"].(string); j != "" {
					o[k+"."+factor+".why"] = j
				}
			}
		}
	}
	return o
}

// checkFeedback compares the feedback the page shows with the native
// scorer's result.
func (p *tab) checkFeedback(want exercise.Result) {
	p.t.Helper()
	var got struct {
		Summary  string
		Rows     [][]string
		Stage    []string
		Weakest  []string
		Feedback []string
		Live     []string
	}
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](`(() => {
		const r = document.getElementById("ws-trust-dynamics-results"), all = s => [...r.querySelectorAll(s)];
		return {
			summary: r.querySelector(".ws-summary").textContent,
			rows: all(".ws-figure .ws-row").map(p => [p.querySelector(".ws-row-value").textContent, p.querySelector(".ws-row-band").textContent]),
			stage: all(".ws-outcome-option").map(e => e.textContent),
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
	round := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
	if s := strconv.Itoa(want.Answered) + " of " + strconv.Itoa(want.Total) + " answers given: complete."; !strings.HasPrefix(got.Summary, s) {
		p.t.Errorf("summary %q, want it to start %q", got.Summary, s)
	}
	f := want.Figures[0]
	wantRows := [][]string{{round(f.Value), f.BandLabel}, {round(f.CompareValue), f.CompareLabel}}
	if !reflect.DeepEqual(got.Rows, wantRows) {
		p.t.Errorf("figure rows (value, label) = %q, want %q", got.Rows, wantRows)
	}
	if len(got.Stage) != 1 || got.Stage[0] != want.Outcomes[0].OptionLabel {
		p.t.Errorf("stage %q, want %q", got.Stage, want.Outcomes[0].OptionLabel)
	}
	var weakest []string
	for _, w := range want.Weakest {
		weakest = append(weakest, w.Label)
	}
	if !reflect.DeepEqual(got.Weakest, weakest) {
		p.t.Errorf("weakest %q, want %q", got.Weakest, weakest)
	}
	if len(got.Feedback) != len(want.Feedback) {
		p.t.Errorf("%d feedback items, want %d: %q", len(got.Feedback), len(want.Feedback), got.Feedback)
	}
	for _, fb := range want.Feedback {
		found := false
		for _, g := range got.Feedback {
			found = found || strings.Contains(g, fb.Text)
		}
		if !found {
			p.t.Errorf("feedback %s (%q) not shown", fb.ID, fb.Text)
		}
	}
	// Only the summary and messages are announced; details are not live.
	if !reflect.DeepEqual(got.Live, []string{"ws-summary", "ws-note"}) {
		p.t.Errorf("the live region holds %q, want the summary and the note only", got.Live)
	}
}

// generic returns answers as JSON decodes them, the shape the page's
// answers take too.
func generic(t *testing.T, a exercise.Answers) map[string]any {
	t.Helper()
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// waitFile waits for a download to finish.
func waitFile(t *testing.T, path string) []byte {
	t.Helper()
	for start := time.Now(); time.Since(start) < 30*time.Second; time.Sleep(50 * time.Millisecond) {
		if data, err := os.ReadFile(path); err == nil && len(data) > 0 {
			return data
		}
	}
	t.Fatalf("no download %s", filepath.Base(path))
	return nil
}
