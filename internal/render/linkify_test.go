package render

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// gfmSamples are texts around autolinks: what quickLinkify passes over
// and what it must not.
var gfmSamples = []string{
	"See https://example.org/a?b=c, www.example.org and http://x.y/z.",
	"Mail me: someone@example.org, or (a.b+c@d.example), or _x@y.io_ and ~q@r.st~.",
	"Not links: hello world, @someone, a@, @b.c, ftp; www, http, email at example dot org.",
	"*www.example.org* and **https://example.org**; (ftp://files.example.org/x)",
	"| a | b |\n|---|---|\n| www.example.org | x@y.org |\n\n- [ ] task www.a.b\n- [x] done ~~gone~~",
	"[label www.example.org](https://example.org) and <https://example.org>",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.org " +
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.org",
	"Ünïcode wörds and é@example.org, hé@example.org\tand\ttabs@example.org",
}

func checkSameAsGoldmark(t *testing.T, src []byte) {
	t.Helper()
	var want, got bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(src, &want); err != nil {
		t.Fatal(err)
	}
	if err := goldmark.New(goldmark.WithExtensions(GFM)).Convert(src, &got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("for %q\ngot  %s\nwant %s", src, got.String(), want.String())
	}
}

// TestGFMMatchesGoldmark checks that the quick test in front of the
// autolinks changes nothing, on the samples and on every page here.
func TestGFMMatchesGoldmark(t *testing.T) {
	for _, s := range gfmSamples {
		checkSameAsGoldmark(t, []byte(s))
	}
	pages, _ := filepath.Glob("../../content/docs/*/*/*.md")
	if len(pages) == 0 {
		t.Fatal("no pages found")
	}
	for _, p := range pages {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checkSameAsGoldmark(t, src)
	}
}

func FuzzGFM(f *testing.F) {
	for _, s := range gfmSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkSameAsGoldmark(t, []byte(s)) })
}
