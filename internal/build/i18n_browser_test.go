package build

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/browsertest"
	"github.com/latticework/latticework/internal/serve"
)

// TestI18nBrowser serves the three-locale site as the dev server does and,
// in Chromium: switches language from the menu, a <details> of links, to
// the same page in the other locale; gets each locale's 404 page; and runs
// axe-core on a translated page, an untranslated one written right to
// left, and a 404 page.
func TestI18nBrowser(t *testing.T) {
	if browsertest.ExecPath() == "" {
		t.Skip("Chromium not installed (apt-get install chromium): skipping browser test")
	}
	axe, axeErr := os.ReadFile(axePath)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := New(Options{Site: siteFS(t, i18nSite), Defaults: latticework.Default, Out: out}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(serve.NewHandler(out, serve.Options{}))
	t.Cleanup(srv.Close)

	t.Run("switcher", func(t *testing.T) {
		ctx := browsertest.New(t, 1280, 900)
		// The menu is a <details> of links: what the reader clicks needs no
		// script (site.js does not touch it).
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/docs/guide/a/"),
			chromedp.Click(chromedp.CSS(".locale-menu summary")),
			chromedp.Click(chromedp.CSS(`.locale-menu a[lang="zh-CN"]`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for start := time.Now(); time.Since(start) < 20*time.Second && !(strings.HasPrefix(got, "/zh/") && strings.HasSuffix(got, "| Test Site")); time.Sleep(100 * time.Millisecond) {
			if got, err = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + " " + document.title`)); err != nil {
				t.Fatal(err)
			}
		}
		if got != "/zh/docs/guide/a/ 页面 A | Test Site" {
			t.Errorf("the switcher led to %q, want the zh version of a", got)
		}
	})
	t.Run("404 per locale", func(t *testing.T) {
		for path, want := range map[string]string{"/zh/nowhere/": "找不到页面", "/nowhere/": "Page not found"} {
			res, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 404 || !strings.Contains(string(body), want) {
				t.Errorf("%s: %d, want 404 with %q", path, res.StatusCode, want)
			}
		}
	})
	if axeErr != nil {
		t.Skip("axe-core not installed (run npm ci): skipping accessibility test")
	}
	for _, path := range []string{"/zh/docs/guide/a/", "/ar/docs/guide/b/", "/ar/404.html"} {
		t.Run("axe "+path, func(t *testing.T) {
			ctx := browsertest.New(t, 1280, 900)
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
				t.Fatal(err)
			}
			checkAxe(t, ctx, axe)
		})
	}
}
