package build

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// articleBudget is the most the Trust Dynamics article may weigh, HTML,
// CSS and JS compressed as a host serves them: the bar the design sets.
// The scoring module and what the worksheet loads lazily are not counted.
const articleBudget = 30 << 10

// TestArticleWeight sums what the article page loads before any reader
// action (the HTML, its stylesheets and scripts), compressed with brotli
// at the level hosts use on the fly, and holds it to the budget.
func TestArticleWeight(t *testing.T) {
	out, _ := buildDefaultSite(t)
	page := "docs/thinking-toolkit/classic-mental-models/trust-dynamics/index.html"
	html, err := os.ReadFile(filepath.Join(out, page))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{page: html}
	for _, m := range regexp.MustCompile(`<(?:link rel="?stylesheet"? href|script src)="?([^" >]+)`).FindAllSubmatch(html, -1) {
		name := strings.TrimPrefix(string(m[1]), "/")
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatalf("the page loads %s, which was not published", name)
		}
		files[name] = data
	}
	if len(files) < 3 {
		t.Fatalf("found only %d files the page loads; the pattern no longer matches the layout", len(files))
	}
	var br, gz int
	for name, data := range files {
		b, g := brotliSize(t, data), gzipSize(t, data)
		t.Logf("%-70s %7d bytes, %6d brotli, %6d gzip", name, len(data), b, g)
		br, gz = br+b, gz+g
	}
	t.Logf("total: %d bytes brotli, %d gzip (budget %d)", br, gz, articleBudget)
	if br > articleBudget {
		t.Errorf("the article page weighs %d bytes brotli-compressed, over the budget of %d", br, articleBudget)
	}
}

func brotliSize(t *testing.T, data []byte) int {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, 5)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Len()
}

func gzipSize(t *testing.T, data []byte) int {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Len()
}
