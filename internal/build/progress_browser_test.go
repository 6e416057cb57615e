package build

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/latticework/latticework/internal/browsertest"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/exercise/exercisefile"
)

// TestProgressInBrowser fills two worksheets of the default site, one in
// full (its example) and one in part, then on the progress page sees both
// with their state, when they were last edited and the result the native
// scorer computes for the answers; exports all answers, clears them all
// (confirmed), sees both gone, imports the exported file and finds both
// again, and their answers back on their pages. Nothing leaves the origin.
func TestProgressInBrowser(t *testing.T) {
	if browsertest.ExecPath() == "" {
		t.Skip("Chromium not installed (apt-get install chromium): skipping browser test")
	}
	out, _ := buildDefaultSite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	const dir = "/docs/thinking-toolkit/classic-mental-models/"
	defs := map[string]*exercise.Definition{}
	for _, id := range []string{"trust-dynamics", "inversion", "circle-of-competence", "game-theory"} {
		src, err := os.ReadFile("../../exercises/" + id + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		var l diag.List
		defs[id] = exercisefile.Parse("exercises/"+id+".yaml", src, &l)
		if err := l.Err(); err != nil {
			t.Fatal(err)
		}
	}
	// The learner's answers: Trust Dynamics's example, and a goal alone
	// for Inversion, with markup that must stay text.
	full := generic(t, defs["trust-dynamics"].Examples[0].Answers)
	part := map[string]any{"goal": "Ship " + xss}
	wantResult := map[string]exercise.Result{
		"trust-dynamics": exercise.Score(defs["trust-dynamics"], exercise.Answers(full)),
		"inversion":      exercise.Score(defs["inversion"], exercise.Answers(part)),
	}
	if !wantResult["trust-dynamics"].Complete || wantResult["inversion"].Complete {
		t.Fatal("the answers no longer make one worksheet complete and one not")
	}

	p := openTab(t, srv.URL, 1280, 900)
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(p.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
	}); err != nil {
		t.Fatal(err)
	}

	// Before any answer: every worksheet, none started, and neither the
	// module nor a definition is fetched.
	p.do(chromedp.Navigate(srv.URL + ProgressURL))
	p.waitFor(`document.querySelector(".progress-actions") && !document.querySelector(".progress-actions").hidden`)
	if got := p.progress(); !reflect.DeepEqual(got, map[string]progressRow{
		"trust-dynamics":       {State: "Not started", Edited: "–", Result: "–", Link: dir + "trust-dynamics/#ws-trust-dynamics"},
		"inversion":            {State: "Not started", Edited: "–", Result: "–", Link: dir + "inversion/#ws-inversion"},
		"circle-of-competence": {State: "Not started", Edited: "–", Result: "–", Link: dir + "circle-of-competence/#ws-circle-of-competence"},
		"game-theory":          {State: "Not started", Edited: "–", Result: "–", Link: dir + "game-theory/#ws-game-theory"},
	}) {
		t.Errorf("with no answers the page shows %+v", got)
	}
	p.do(chromedp.Sleep(500 * time.Millisecond))
	p.noRequest(".wasm", "wasm_exec", ".json")

	// Fill two worksheets on their pages.
	start := time.Now()
	p.do(chromedp.Navigate(srv.URL+dir+"trust-dynamics/"), chromedp.ScrollIntoView(chromedp.CSS("#ws-trust-dynamics-form")), chromedp.WaitVisible(chromedp.CSS("#ws-trust-dynamics-form .ws-actions")))
	p.do(chromedp.Click(chromedp.CSS(`#ws-trust-dynamics-form [data-action="example"]`)))
	p.waitFor(`Object.keys(localStorage).some(k => k.startsWith("latticework:worksheet:trust-dynamics:"))`)
	p.do(chromedp.Navigate(srv.URL+dir+"inversion/"), chromedp.ScrollIntoView(chromedp.CSS("#ws-inversion-form")), chromedp.WaitVisible(chromedp.CSS("#ws-inversion-form .ws-actions")))
	p.do(chromedp.SendKeys(chromedp.CSS("#ws-inversion-goal"), part["goal"].(string)))
	p.waitFor(`Object.keys(localStorage).some(k => k.startsWith("latticework:worksheet:inversion:"))`)

	// The progress page shows both, with results right for the answers.
	row := func(r exercise.Result, link string) progressRow {
		state, result := progressOf(r)
		return progressRow{State: state, Edited: "recent", Result: result, Link: link}
	}
	want := func() map[string]progressRow {
		return map[string]progressRow{
			"trust-dynamics":       row(wantResult["trust-dynamics"], dir+"trust-dynamics/#ws-trust-dynamics"),
			"inversion":            row(wantResult["inversion"], dir+"inversion/#ws-inversion"),
			"circle-of-competence": {State: "Not started", Edited: "–", Result: "–", Link: dir + "circle-of-competence/#ws-circle-of-competence"},
			"game-theory":          {State: "Not started", Edited: "–", Result: "–", Link: dir + "game-theory/#ws-game-theory"},
		}
	}
	opened := time.Now()
	p.do(chromedp.Navigate(srv.URL + ProgressURL))
	p.waitScored(2)
	t.Logf("the progress page showed both results %v after it was opened, the scoring module loaded", time.Since(opened).Round(time.Millisecond))
	p.checkProgress(want(), start)
	if got := p.eval(`document.querySelector(".progress-summary").textContent`); got != "2 of 4 worksheets started, 1 of them complete." {
		t.Errorf("the page sums up %q", got)
	}
	p.shotPage("progress.png")

	// Export: one file, every answer set with its definition's hash.
	p.do(chromedp.Click(chromedp.CSS(`[data-action="export"]`)))
	exported := waitFile(t, filepath.Join(downloads, "worksheet-answers-"+time.Now().UTC().Format("2006-01-02")+".json"))
	var file struct {
		Format     string
		Version    int
		Site       string
		ExportedAt string
		Worksheets []struct {
			Exercise, Hash, SavedAt string
			Answers                 map[string]any
		}
	}
	if err := json.Unmarshal(exported, &file); err != nil {
		t.Fatalf("exported file: %v\n%s", err, exported)
	}
	if file.Format != "latticework-answers" || file.Version != 1 || file.Site != "https://latticework.github.io/" || file.ExportedAt == "" {
		t.Errorf("exported file: format %q version %d site %q exportedAt %q", file.Format, file.Version, file.Site, file.ExportedAt)
	}
	got := map[string]map[string]any{}
	for _, w := range file.Worksheets {
		if w.Hash != defs[w.Exercise].Hash() || w.SavedAt == "" {
			t.Errorf("exported %s with hash %q (want %q) saved at %q", w.Exercise, w.Hash, defs[w.Exercise].Hash(), w.SavedAt)
		}
		got[w.Exercise] = w.Answers
	}
	if !reflect.DeepEqual(got, map[string]map[string]any{"trust-dynamics": full, "inversion": part}) {
		t.Errorf("exported answers\n%v\nwant those filled in", got)
	}

	// Clear all asks first; then nothing is saved and nothing started.
	p.eval(`window.confirm = m => (window.asked = m, true)`)
	p.do(chromedp.Click(chromedp.CSS(`[data-action="clear"]`)))
	if asked, _ := p.eval(`window.asked`).(string); !strings.Contains(asked, "cannot be undone") {
		t.Errorf("Clear all asked %q", asked)
	}
	p.waitFor(`!Object.keys(localStorage).some(k => k.startsWith("latticework:worksheet:"))`)
	for _, r := range p.progress() {
		if r.State != "Not started" || r.Edited != "–" || r.Result != "–" {
			t.Errorf("after Clear all a worksheet shows %+v", r)
		}
	}
	if got := p.eval(`document.querySelector(".progress-summary").textContent`); got != "0 of 4 worksheets started." {
		t.Errorf("after Clear all the page sums up %q", got)
	}

	// Import the exported file: both are back.
	p.importFile("answers.json", exported)
	p.waitFor(`document.querySelector(".progress-status").textContent.includes("Imported your answers to 2 worksheets from answers.json")`)
	p.waitScored(2)
	p.checkProgress(want(), start)

	// Files it must refuse or only report.
	p.importFile("notes.json", []byte("not JSON"))
	p.waitFor(`document.querySelector(".progress-status").textContent.includes("Could not import notes.json: it is not a JSON file")`)
	other, _ := json.Marshal(map[string]any{"format": "latticework-answers", "version": 1, "worksheets": []any{
		map[string]any{"exercise": "inversion", "hash": "0000000000000000", "savedAt": "2020-01-02T03:04:05Z", "answers": map[string]any{"goal": "Old goal"}},
		map[string]any{"exercise": xss, "hash": "1", "answers": map[string]any{}},
		"junk",
	}})
	p.importFile("other.json", other)
	p.waitFor(`document.querySelector(".progress-status").textContent.includes("Nothing was imported from other.json")`)
	status := p.eval(`document.querySelector(".progress-status").textContent`).(string)
	for _, s := range []string{"Not loaded: your answers to " + defs["inversion"].Title, "another version", "worksheets this site does not have (" + xss + ")", "Skipped 1 entry"} {
		if !strings.Contains(status, s) {
			t.Errorf("importing other.json said %q, want %q in it", status, s)
		}
	}
	if got := p.eval(`document.querySelectorAll("img[src='x']").length`); got != 0.0 {
		t.Errorf("markup in a file became %v img elements", got)
	}
	p.shotPage("progress-import.png")
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	}); err != nil {
		t.Fatal(err)
	}
	p.shotPage("progress-import-dark.png")
	if got := p.eval(`JSON.parse(localStorage.getItem("latticework:worksheet:inversion:` + defs["inversion"].Hash() + `")).answers.goal`); got != part["goal"] {
		t.Errorf("a file from another version replaced the answers: goal = %v", got)
	}
	if _, err := os.ReadFile(axePath); err == nil {
		checkAxe(t, p.ctx, mustRead(t, axePath))
	}

	// Each answer set is back on its page.
	p.do(chromedp.Navigate(srv.URL+dir+"trust-dynamics/"), chromedp.ScrollIntoView(chromedp.CSS("#ws-trust-dynamics-form")), chromedp.WaitVisible(chromedp.CSS("#ws-trust-dynamics-form .ws-actions")))
	if got := p.state(); !reflect.DeepEqual(got, formState(full)) {
		t.Errorf("after import the Trust Dynamics form holds\n%v\nwant\n%v", got, formState(full))
	}
	p.do(chromedp.Navigate(srv.URL+dir+"inversion/"), chromedp.ScrollIntoView(chromedp.CSS("#ws-inversion-form")), chromedp.WaitVisible(chromedp.CSS("#ws-inversion-form .ws-actions")))
	if got := p.eval(`document.getElementById("ws-inversion-goal").value`); got != part["goal"] {
		t.Errorf("after import the Inversion goal is %q", got)
	}
	// A worksheet's own Import takes its answers from the file of all.
	p.eval(`window.confirm = () => true`)
	p.do(chromedp.Click(chromedp.CSS(`#ws-inversion-form [data-action="clear"]`)))
	p.waitFor(`document.getElementById("ws-inversion-goal").value === ""`)
	all := filepath.Join(t.TempDir(), "all.json")
	if err := os.WriteFile(all, exported, 0o644); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`#ws-inversion-form input[data-action="import"]`), []string{all}))
	p.waitFor(`document.querySelector("#ws-inversion-results .ws-note")?.textContent.includes("Imported your answers from all.json")`)
	if got := p.eval(`document.getElementById("ws-inversion-goal").value`); got != part["goal"] {
		t.Errorf("importing the file of all answers on the Inversion page left the goal %q", got)
	}

	// A file of another version's answers, once the learner chooses to use
	// them, fills what its page still asks.
	p.do(chromedp.Navigate(srv.URL + ProgressURL))
	p.waitScored(2)
	p.eval(`localStorage.removeItem("latticework:worksheet:inversion:` + defs["inversion"].Hash() + `")`)
	p.importFile("old.json", other)
	p.waitFor(`!!document.querySelector(".progress-status button")`)
	p.do(chromedp.Click(chromedp.CSS(".progress-status button")))
	p.waitFor(`document.querySelector(".progress-status").textContent.includes("now this version's")`)
	if got := p.eval(`JSON.parse(localStorage.getItem("latticework:worksheet:inversion:` + defs["inversion"].Hash() + `")).answers.goal`); got != "Old goal" {
		t.Errorf("Use them anyway saved goal %v", got)
	}
	p.check()

	// Another browser, a phone's: the file brings both back, and answers
	// saved under an earlier definition are offered, not lost.
	t.Run("another browser", func(t *testing.T) {
		p := openTab(t, srv.URL, 390, 844)
		p.do(chromedp.Navigate(srv.URL + ProgressURL))
		coc := defs["circle-of-competence"]
		old, _ := json.Marshal(map[string]any{"exercise": coc.ID, "hash": "0123456789abcdef", "savedAt": "2024-05-06T07:08:09Z", "answers": generic(t, coc.Examples[0].Answers)})
		p.eval(`localStorage.setItem("latticework:worksheet:` + coc.ID + `:0123456789abcdef", ` + strconv.Quote(string(old)) + `)`)
		p.do(chromedp.Reload())
		p.importFile("answers.json", exported)
		p.waitScored(2)
		p.checkProgress(want(), start)
		p.shotPage("progress-phone.png")
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		}); err != nil {
			t.Fatal(err)
		}
		p.shotPage("progress-phone-dark.png")
		older := `document.querySelector('[data-exercise="` + coc.ID + `"] .progress-older')`
		if got, _ := p.eval(older + `?.textContent`).(string); !strings.Contains(got, "another version") || !strings.Contains(got, "2024") {
			t.Fatalf("answers to another version are shown as %q", got)
		}
		p.do(chromedp.Click(chromedp.CSS(`[data-exercise="` + coc.ID + `"] .progress-older button`)))
		p.waitScored(3)
		if got := p.progress()[coc.ID].State; got != "Complete" {
			t.Errorf("after using an earlier version's answers the worksheet is %q", got)
		}
		if got := p.eval(`[localStorage.getItem("latticework:worksheet:` + coc.ID + `:0123456789abcdef"), !!localStorage.getItem("latticework:worksheet:` + coc.ID + `:` + coc.Hash() + `"), !!` + older + `]`); !reflect.DeepEqual(got, []any{nil, true, false}) {
			t.Errorf("after Use them: old copy, new copy, note = %v, want the answers moved", got)
		}
		p.check()
	})

	// Without the module, the page still shows what storage says, and
	// says why there is no result.
	t.Run("module missing", func(t *testing.T) {
		files := http.FileServer(http.Dir(out))
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, ".wasm") {
				http.NotFound(w, r)
				return
			}
			files.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		p := openTab(t, srv.URL, 1280, 900)
		p.do(chromedp.Navigate(srv.URL + ProgressURL))
		p.importFile("answers.json", exported)
		p.waitFor(`document.querySelectorAll(".progress-result").length > 0 && [...document.querySelectorAll(".progress-item[data-state=started] .progress-result")].filter(e => e.textContent.startsWith("Could not be worked out")).length === 2`)
		for id, r := range p.progress() {
			started := id == "trust-dynamics" || id == "inversion"
			if started != (r.State == "Started") || started == (r.Edited == "–") {
				t.Errorf("without the module %s shows %+v", id, r)
			}
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, s := range p.problems {
			if !strings.Contains(s, "404") {
				t.Errorf("in the page: %s", s)
			}
		}
	})

	t.Run("without script", func(t *testing.T) {
		p := openTab(t, srv.URL, 390, 844)
		if _, err := chromedp.Call(p.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		p.do(chromedp.Navigate(srv.URL + ProgressURL))
		got := p.eval(`({
			items: document.querySelectorAll(".progress-item h2 a").length,
			actions: document.querySelector(".progress-actions").getClientRects().length + [...document.querySelectorAll(".progress-facts")].filter(d => d.getClientRects().length).length,
			note: document.querySelector("noscript").textContent.includes("needs JavaScript"),
			footer: !!document.querySelector('footer a[href="/worksheets/"]'),
		})`).(map[string]any)
		if got["items"] != 4.0 || got["actions"] != 0.0 || got["note"] != true || got["footer"] != true {
			t.Errorf("without script: %v (want 4 worksheets, no buttons or empty states shown, the note, the footer link)", got)
		}
		p.shotPage("progress-noscript-phone.png")
		p.check()
	})
}

// progressRow is what the progress page shows of a worksheet; Edited is
// "recent" for a date shown as the reader's and within the test's run.
type progressRow struct{ State, Edited, Result, Link string }

// progress reads the progress page's worksheets, by exercise id.
func (p *tab) progress() map[string]progressRow {
	p.t.Helper()
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](`Object.fromEntries([...document.querySelectorAll(".progress-item")].map(li => {
		const t = li.querySelector(".progress-edited time");
		return [li.dataset.exercise, {
			state: li.querySelector(".progress-state").textContent,
			edited: t ? (t.textContent === new Intl.DateTimeFormat(undefined, {dateStyle: "medium", timeStyle: "short"}).format(new Date(t.dateTime)) ? t.dateTime : "wrong format: " + t.textContent) : li.querySelector(".progress-edited").textContent,
			result: li.querySelector(".progress-result").textContent,
			link: li.querySelector("h2 a").getAttribute("href"),
		}];
	}))`))
	if err != nil {
		p.t.Fatal(err)
	}
	var rows map[string]progressRow
	if err := json.Unmarshal(raw, &rows); err != nil {
		p.t.Fatal(err)
	}
	return rows
}

// checkProgress compares the page with want; a date edited since start
// counts as "recent".
func (p *tab) checkProgress(want map[string]progressRow, start time.Time) {
	p.t.Helper()
	got := p.progress()
	for id, r := range got {
		if d, err := time.Parse(time.RFC3339, r.Edited); err == nil && !d.Before(start.Add(-time.Second)) && d.Before(time.Now().Add(time.Second)) {
			r.Edited = "recent"
			got[id] = r
		}
	}
	if !reflect.DeepEqual(got, want) {
		p.t.Errorf("the progress page shows\n%+v\nwant\n%+v", got, want)
	}
}

// waitScored waits until n worksheets show a result worked out.
func (p *tab) waitScored(n int) {
	p.t.Helper()
	p.waitFor(`[...document.querySelectorAll(".progress-item")].filter(li => li.dataset.state === "complete" || li.dataset.state === "progress").length === ` + strconv.Itoa(n))
}

func (p *tab) waitFor(js string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		text, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
		p.t.Fatalf("waiting for %s: %v\nthe page says:\n%s", js, err, text)
	}
}

// importFile imports a file through the progress page's Import button.
func (p *tab) importFile(name string, data []byte) {
	p.t.Helper()
	file := filepath.Join(p.t.TempDir(), name)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`.progress input[data-action="import"]`), []string{file}))
}

// noRequest fails on a request so far whose URL contains any of parts.
func (p *tab) noRequest(parts ...string) {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.requests {
		for _, s := range parts {
			if strings.Contains(u, s) {
				p.t.Errorf("the page requested %s with no answers to score", u)
			}
		}
	}
}

// shotPage saves a full-page screenshot when LATTICEWORK_SCREENSHOTS is set.
func (p *tab) shotPage(name string) {
	p.t.Helper()
	browsertest.Screenshot(p.t, p.ctx, name)
}

// progressOf is what the progress page says of a result: its state, and
// its headline, each labelled figure that is known with its band, as the
// worksheet's summary says them.
func progressOf(r exercise.Result) (state, result string) {
	state = "Complete"
	if !r.Complete {
		state = "In progress: " + strconv.Itoa(r.Answered) + " of " + strconv.Itoa(r.Total) + " answers given"
	}
	var h []string
	for _, f := range r.Figures {
		if f.Label != "" && f.Known {
			s := f.Label + " " + strconv.FormatFloat(math.Round(f.Value*10)/10, 'f', -1, 64)
			if f.BandLabel != "" {
				s += ", " + f.BandLabel
			}
			h = append(h, s+".")
		}
	}
	if len(h) == 0 {
		return state, "None yet: answer more of the worksheet to see it."
	}
	return state, strings.Join(h, " ")
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
