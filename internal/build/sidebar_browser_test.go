package build

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/latticework/latticework/internal/browsertest"
)

// TestSidebarInBrowser opens a page in the middle of a category of 500
// pages in headless Chromium: its sidebar shows a window around it; a gap,
// activated from the keyboard, shows the whole category in place from
// one fetch, with the current page still marked and focus on the first
// entry the gap held; another page of the category expands from the
// cached list without fetching it again.
func TestSidebarInBrowser(t *testing.T) {
	if browsertest.ExecPath() == "" {
		t.Skip("Chromium not installed (apt-get install chromium): skipping browser test")
	}
	const n = 500
	c, out, page := buildFlatCorpus(t, n, typicalArticle)
	var fetches atomic.Int32
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/assets/") {
			// As a host should serve fingerprinted files.
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		if strings.HasPrefix(r.URL.Path, "/assets/nav.") {
			fetches.Add(1)
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	p := openTab(t, srv.URL, 1280, 900)
	current := "/" + strings.TrimSuffix(page, "index.html")
	p.do(chromedp.Navigate(srv.URL + current))
	links := func() float64 { return p.eval(`document.querySelectorAll("#sidebar .nav-page a").length`).(float64) }
	gaps := func() float64 { return p.eval(`document.querySelectorAll("#sidebar .nav-gap a").length`).(float64) }
	marked := func() string {
		return fmt.Sprint(p.eval(`[...document.querySelectorAll('#sidebar [aria-current="page"]')].map(a => a.getAttribute("href")).join(" ")`))
	}
	if got, most := links(), float64(navHead+2*navAround+1+navTail); got > most || got < most-1 {
		t.Errorf("the window shows %v pages, want %v", got, most)
	}
	if got := gaps(); got != 2 {
		t.Errorf("%v gaps, want 2", got)
	}
	if got := marked(); got != current {
		t.Errorf("aria-current on %q, want %s", got, current)
	}
	if fetches.Load() != 0 {
		t.Errorf("the list was fetched before a gap was used")
	}
	browsertest.Screenshot(t, p.ctx, "sidebar-window.png")
	if axe, err := os.ReadFile(axePath); err == nil {
		checkAxe(t, p.ctx, axe)
	}

	// The first gap, from the keyboard.
	p.do(chromedp.Focus(chromedp.CSS("#sidebar .nav-gap a")), chromedp.KeyEvent("\r"))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!document.querySelector("#sidebar .nav-gap")`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the gap did not expand: %v", err)
	}
	if got := links(); got != n {
		t.Errorf("after expanding, %v pages, want %d", got, n)
	}
	if got := marked(); got != current {
		t.Errorf("after expanding, aria-current on %q, want %s", got, current)
	}
	if got, want := p.eval(`document.activeElement.getAttribute("href")`), c.PageURL(navHead)+"/"; got != want {
		t.Errorf("focus on %v, want the gap's first page %s", got, want)
	}
	hrefs := strings.Fields(fmt.Sprint(p.eval(`[...document.querySelectorAll("#sidebar .nav-page a")].map(a => a.getAttribute("href")).join(" ")`)))
	for i := range n {
		if want := c.PageURL(i) + "/"; i >= len(hrefs) || hrefs[i] != want {
			t.Errorf("sidebar entry %d is %v, want %s", i, hrefs[min(i, len(hrefs)-1)], want)
			break
		}
	}
	if got := fetches.Load(); got != 1 {
		t.Errorf("the list was fetched %d times, want once", got)
	}
	browsertest.Screenshot(t, p.ctx, "sidebar-expanded.png")

	// Another page of the category: a click on its last gap expands from
	// the browser's cache.
	other := c.PageURL(100) + "/"
	p.do(chromedp.Navigate(srv.URL + other))
	if got := marked(); got != other {
		t.Errorf("aria-current on %q, want %s", got, other)
	}
	p.eval(`[...document.querySelectorAll("#sidebar .nav-gap a")].pop().click()`)
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!document.querySelector("#sidebar .nav-gap")`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the gap did not expand: %v", err)
	}
	if got := links(); got != n {
		t.Errorf("after expanding, %v pages, want %d", got, n)
	}
	if got := fetches.Load(); got != 1 {
		t.Errorf("the list was fetched %d times over two pages, want once", got)
	}

	// On a phone, a gap in the open drawer expands the list and leaves
	// the drawer open, as a link in it would not.
	p.do(chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL+c.PageURL(300)+"/"), chromedp.Click(chromedp.CSS(".menu-button")))
	p.do(chromedp.Click(chromedp.CSS("#sidebar .nav-gap a")))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!document.querySelector("#sidebar .nav-gap")`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the gap did not expand in the drawer: %v", err)
	}
	if got := p.eval(`document.documentElement.classList.contains("nav-open")`); got != true {
		t.Error("the drawer closed when a gap was opened")
	}
	browsertest.Screenshot(t, p.ctx, "sidebar-phone-expanded.png")
	p.check()
}
