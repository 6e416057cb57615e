package build

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/latticework/latticework/internal/browsertest"
)

// TestScreenshotReview opens the pages a reader and a learner meet, at
// desktop and phone widths in the light and dark themes, checks what can
// be checked without eyes (nothing scrolls sideways, the navigation bar's
// controls do not overlap, the footer of a short page sits at the bottom,
// axe finds nothing in the filled worksheet and its feedback, no error or
// foreign request), and saves a
// screenshot of each for a person to look at:
//
//	go test ./internal/build/ -run TestScreenshotReview -artifacts -outputdir /tmp/shots
//
// writes them under /tmp/shots (the log names the folder); without
// -artifacts they go to a temporary folder removed after the test. A
// search results page and the progress page are shot where the build has
// them.
func TestScreenshotReview(t *testing.T) {
	if browsertest.ExecPath() == "" {
		t.Skip("Chromium not installed (apt-get install chromium): skipping browser test")
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Log("axe-core not installed (run npm ci): the worksheet's feedback is not checked for accessibility")
	}
	out, _ := buildDefaultSite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close) // after the parallel subtests
	dir := t.ArtifactDir()
	if f := flag.Lookup("test.artifacts"); f != nil && f.Value.String() == "true" {
		t.Logf("screenshots in %s", dir)
	} else {
		t.Logf("screenshots in %s, removed after the test: pass -artifacts -outputdir DIR to keep them", dir)
	}
	const article = "/docs/thinking-toolkit/classic-mental-models/trust-dynamics/"

	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		for _, theme := range []string{"light", "dark"} {
			t.Run(size.name+"-"+theme, func(t *testing.T) {
				t.Parallel()
				p := openTab(t, srv.URL, size.width, size.height)
				if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: theme}},
				}); err != nil {
					t.Fatal(err)
				}
				shot := func(page string) {
					t.Helper()
					p.review(filepath.Join(dir, fmt.Sprintf("%s-%d-%s.png", page, size.width, theme)))
				}

				p.do(chromedp.Navigate(srv.URL + "/"))
				// A page shorter than the window keeps its footer at the bottom.
				if got := p.eval(`document.querySelector(".footer").getBoundingClientRect().bottom - Math.max(innerHeight, document.documentElement.scrollHeight)`); got.(float64) < -1 {
					t.Errorf("the home page's footer ends %vpx above the bottom of the page", -got.(float64))
				}
				shot("home")

				p.do(chromedp.Navigate(srv.URL + article))
				shot("article")
				p.eval(`document.querySelector(".faq").scrollIntoView()`)
				shot("faq")
				if size.name == "phone" {
					p.do(chromedp.Click(chromedp.CSS(".menu-button")), chromedp.WaitVisible(chromedp.CSS("#sidebar [aria-current]")))
					shot("article-menu")
					p.do(chromedp.KeyEvent("\x1b"))
				}

				// The worksheet filled with the article's example, and its
				// feedback.
				p.do(chromedp.ScrollIntoView(chromedp.CSS("#ws-trust-dynamics-form")), chromedp.WaitVisible(chromedp.CSS(`[data-action="example"]`)))
				p.do(chromedp.Click(chromedp.CSS(`[data-action="example"]`)))
				p.poll(`document.querySelector("#ws-trust-dynamics-results .ws-summary")?.textContent.includes("complete")`)
				p.element("#ws-trust-dynamics-results", filepath.Join(dir, fmt.Sprintf("feedback-%d-%s.png", size.width, theme)))
				// The buttons and feedback the script adds are checked by
				// no other accessibility test.
				if axe != nil {
					checkAxe(t, p.ctx, axe)
				}
				p.eval(`document.getElementById("ws-trust-dynamics").scrollIntoView()`)
				shot("worksheet")

				// Search results for "trust", typed as a reader does.
				p.do(chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".search-button")))
				p.do(chromedp.Click(chromedp.CSS(".search-button")), chromedp.WaitVisible(chromedp.CSS(".search-input")))
				p.do(chromedp.SendKeys(chromedp.CSS(".search-input"), "trust"), chromedp.WaitVisible(chromedp.CSS(".search-results a")))
				shot("search")
				// A results page of its own, where the build has one.
				if _, err := os.Stat(filepath.Join(out, "search", "index.html")); err == nil {
					p.do(chromedp.Navigate(srv.URL + "/search/?q=trust"))
					p.do(chromedp.WaitVisible(chromedp.CSS("main a[href*='/docs/']")))
					shot("search-page")
				}

				if _, err := os.Stat(filepath.Join(out, "worksheets", "index.html")); err == nil {
					p.do(chromedp.Navigate(srv.URL + "/worksheets/"))
					shot("progress")
				} else {
					t.Log("the build has no /worksheets/ progress page: not shot")
				}
				p.check()
			})
		}
	}
}

// review checks the page as it is on screen, then saves a screenshot of
// the window to file.
func (p *tab) review(file string) {
	p.t.Helper()
	if got := p.eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`); got.(float64) > 0 {
		p.t.Errorf("%s: the page scrolls sideways by %vpx", filepath.Base(file), got)
	}
	// The navigation bar's visible controls, side by side, must not
	// overlap one another.
	overlap := p.eval(`(() => {
		const r = [...document.querySelectorAll(".navbar > *")].filter(e => e.getClientRects().length && getComputedStyle(e).position !== "absolute")
			.map(e => [e.className, e.getBoundingClientRect()]);
		const out = [];
		r.forEach(([a, ra], i) => r.slice(i + 1).forEach(([b, rb]) => {
			if (ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1) out.push(a + " / " + b);
		}));
		return out.join(", ");
	})()`)
	if overlap != "" {
		p.t.Errorf("%s: navigation bar controls overlap: %v", filepath.Base(file), overlap)
	}
	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", file, err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// element saves a screenshot of the element sel alone, without the sticky
// navigation bar over it.
func (p *tab) element(sel, file string) {
	p.t.Helper()
	p.eval(`document.querySelector(".navbar").style.position = "static"`)
	defer p.eval(`document.querySelector(".navbar").style.position = ""`)
	png, err := chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", file, err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}
