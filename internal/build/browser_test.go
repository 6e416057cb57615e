package build

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/latticework/latticework/internal/browsertest"
)

// TestArticleInBrowser opens the built Trust Dynamics article in headless
// Chromium at desktop and phone widths and checks what a reader sees.
func TestArticleInBrowser(t *testing.T) {
	srv := serveDefaultSite(t)
	article := srv.URL + "/docs/thinking-toolkit/classic-mental-models/trust-dynamics/"

	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := browsertest.New(t, size.width, size.height)
			if err := chromedp.Do(ctx, chromedp.Navigate(article)); err != nil {
				t.Fatal(err)
			}
			eval := func(js string) any {
				t.Helper()
				v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
				if err != nil {
					t.Fatalf("%s: %v", js, err)
				}
				return v
			}
			if got := eval(`document.title`); got != "Trust Dynamics | Latticework" {
				t.Errorf("title = %v", got)
			}
			if got := eval(`document.querySelectorAll("h1").length`); got != float64(1) {
				t.Errorf("%v H1 elements, want 1", got)
			}
			if got := eval(`document.documentElement.scrollWidth - window.innerWidth`); got.(float64) > 0 {
				t.Errorf("page scrolls sideways by %vpx", got)
			}
			sections := eval(`[...document.querySelectorAll("article h2")].map(h => h.textContent.slice(0, 2)).join("")`)
			if !strings.HasPrefix(sections.(string), "1.2.3.4.5.6.7.8.") {
				t.Errorf("sections in order: %v", sections)
			}
			// One rule, not two: the thematic break before the FAQ stands
			// for its heading's, and the last question draws none of its own.
			if got := eval(`getComputedStyle(document.querySelector(".faq h2")).borderTopStyle + " " + getComputedStyle(document.querySelector(".faq-item:last-child")).borderBottomStyle`); got != "none none" {
				t.Errorf("FAQ heading's top and last question's bottom borders = %v, want none: the page's rules draw them", got)
			}
			// The rule beside the sidebar runs the page's full height.
			if size.name == "desktop" {
				if got := eval(`(m => getComputedStyle(m).borderLeftStyle + " " + (m.offsetHeight === m.parentElement.offsetHeight))(document.querySelector(".main"))`); got != "solid true" {
					t.Errorf("the article's left rule and full height = %v, want solid true", got)
				}
			}
			// The TOC lists the FAQ's heading, not its questions.
			if got := eval(`[...document.querySelectorAll(".toc a")].filter(a => a.textContent.endsWith("?")).length`); got != float64(0) {
				t.Errorf("%v FAQ questions in the table of contents, want them folded under the FAQ heading", got)
			}
			nav := eval(`[...document.querySelectorAll("#sidebar .nav-page a")].map(a => a.textContent.trim()).join(", ")`)
			if nav != "Circle of Competence, Inversion, Trust Dynamics, Game Theory" {
				t.Errorf("sidebar = %v", nav)
			}
			if size.name == "phone" {
				if got := eval(`getComputedStyle(document.getElementById("sidebar")).visibility`); got != "hidden" {
					t.Errorf("sidebar drawer visibility before opening = %v, want hidden", got)
				}
				if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".menu-button"))); err != nil {
					t.Fatal(err)
				}
				if got := eval(`document.querySelector(".menu-button").getAttribute("aria-expanded")`); got != "true" {
					t.Errorf("menu button aria-expanded = %v after a click", got)
				}
				if got := eval(`getComputedStyle(document.getElementById("sidebar")).visibility`); got != "visible" {
					t.Errorf("sidebar drawer visibility after opening = %v", got)
				}
				if got := eval(`innerHeight - document.getElementById("sidebar").getBoundingClientRect().bottom`); got != 0.0 {
					t.Errorf("the open drawer ends %vpx above the window's bottom", got)
				}
				browsertest.Screenshot(t, ctx, "article-"+size.name+"-menu.png")
				// A click on the dimmed page beside the drawer closes it.
				if err := chromedp.Do(ctx, chromedp.MouseClickXY(float64(size.width)-10, float64(size.height)/2)); err != nil {
					t.Fatal(err)
				}
				if got := eval(`document.querySelector(".menu-button").getAttribute("aria-expanded")`); got != "false" {
					t.Errorf("menu button aria-expanded = %v after a click beside the drawer", got)
				}
			}
			browsertest.Screenshot(t, ctx, "article-"+size.name+".png")

			// The theme toggle switches to dark, and the choice outlives a
			// reload: applied before first paint by the inline script, whose
			// hash the CSP allows.
			if got := eval(`document.querySelector(".theme-toggle").textContent.trim() + " / " + document.querySelector(".theme-toggle").title`); got != "☀ Switch to dark theme / Light theme is on" {
				t.Errorf("theme toggle in the light theme = %q, want it to offer the dark theme", got)
			}
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".theme-toggle"))); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector(".theme-toggle").textContent.trim() + " / " + document.querySelector(".theme-toggle").title`); got != "☾ Switch to light theme / Dark theme is on" {
				t.Errorf("theme toggle after choosing dark = %q, want it to offer the light theme", got)
			}
			if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.documentElement.dataset.theme + " " + getComputedStyle(document.body).backgroundColor`); got != "dark rgb(27, 27, 29)" {
				t.Errorf("after reload: theme and background = %v, want the dark theme", got)
			}
			eval(`localStorage.removeItem("latticework:theme")`)

			// Search: "/" opens it, and the first result for "halo effect"
			// lands on the section that discusses it.
			if err := chromedp.Do(ctx, chromedp.KeyEvent("/"), chromedp.WaitVisible(chromedp.CSS(".search-input"))); err != nil {
				t.Fatal(err)
			}
			// Results follow each key, the last word as a prefix: wait
			// for the first result to mark the whole query's last word,
			// not a result of "halo e".
			if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(".search-input"), "halo effect")); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`[...document.querySelectorAll(".search-results li:first-child mark")].some(m => /effect/i.test(m.textContent))`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".search-results a"))); err != nil {
				t.Fatal(err)
			}
			for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
				if h := eval(`location.hash`); h == "#6-critical-thinking-navigating-the-limitations-and-potential-pitfalls-of-trust-dynamics" {
					break
				} else if time.Since(start) > 10*time.Second {
					t.Fatalf("search for halo effect landed on %v", h)
				}
			}

			// A sibling link leads to its page.
			if err := chromedp.Do(ctx, chromedp.Navigate(article+"#5-comparison-with-related-mental-models-navigating-the-mental-model-landscape")); err != nil {
				t.Fatal(err)
			}
			eval(`document.querySelector('article a[href="/docs/thinking-toolkit/classic-mental-models/inversion/"]').click()`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("h1#inversion-solving-problems-by-thinking-backward"))); err != nil {
				t.Fatalf("the Inversion link did not lead to its page: %v", err)
			}
		})
	}
}
