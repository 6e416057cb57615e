package render

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/diag"

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
	"Schemes without slashes: http:example.org, https:/example.org, ftp:x.y, (http:/a.b) *ftp:c.d*.",
	"Capitals: HTTP://EXAMPLE.ORG, Www.example.org, WWW.EXAMPLE.ORG.",
	"Only schemes: read https://example.org/a or ftp://files.example.org/b today.",
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
	for _, src := range sitePages(t) {
		checkSameAsGoldmark(t, src)
	}
}

// sitePages returns the text of every article of the default site.
func sitePages(t *testing.T) [][]byte {
	t.Helper()
	names, _ := filepath.Glob("../../content/docs/*/*/*.md")
	if len(names) == 0 {
		t.Fatal("no pages found")
	}
	pages := make([][]byte, len(names))
	for i, name := range names {
		var err error
		if pages[i], err = os.ReadFile(name); err != nil {
			t.Fatal(err)
		}
	}
	return pages
}

func FuzzGFM(f *testing.F) {
	for _, s := range gfmSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkSameAsGoldmark(t, []byte(s)) })
}

var spacesAtLineEnd = regexp.MustCompile("[ \t\r]+(<br>\n|\n)")

// checkNoAutolinksSame checks that, for a text in which mayAutolink finds
// nothing, parsing without autolinks renders exactly what parsing with
// them does: the page's HTML and everything else Render finds.
func checkNoAutolinksSame(t *testing.T, r *Renderer, src []byte) {
	t.Helper()
	if mayAutolink(src) {
		return
	}
	var wantErrs, gotErrs diag.List
	in := Input{File: "page.md", Src: src, Body: src}
	with, without := r.md, r.noAutolinks
	if r.isMDX(in.File) {
		with, without = r.mdx, r.mdxNoAutolinks
	}
	want := r.render(in, &wantErrs, with.Parser())
	got := r.render(in, &gotErrs, without.Parser())
	// goldmark's autolink parser, stopping at a space, leaves some of the
	// white space at the end of a line in the text; CommonMark drops it
	// all, as the parser without it does.
	for _, o := range []*Output{want, got} {
		o.HTML = spacesAtLineEnd.ReplaceAllString(o.HTML, "$1")
		o.Description = strings.Join(strings.Fields(o.Description), " ")
		for i := range o.Sections {
			o.Sections[i].Text = strings.Join(strings.Fields(o.Sections[i].Text), " ")
		}
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotErrs.All(), wantErrs.All()) {
		t.Errorf("for %q, without autolinks\ngot  %+v\nwant %+v", src, got, want)
	}
}

// TestNoAutolinksSame checks the parser without autolinks against the
// full one on every page here and on the samples, and that mayAutolink
// lets each sample with an autolink through.
func TestNoAutolinksSame(t *testing.T) {
	r := New(Options{})
	checked := 0
	for _, src := range sitePages(t) {
		if !mayAutolink(src) {
			checked++
		}
		checkNoAutolinksSame(t, r, src)
	}
	if checked == 0 {
		t.Error("every page may hold an autolink: nothing was compared")
	}
	for _, s := range gfmSamples {
		// Parsed with autolinks, as Render would not.
		if !mayAutolink([]byte(s)) && strings.Contains(r.render(Input{Body: []byte(s)}, &diag.List{}, r.md.Parser()).HTML, "<a ") {
			t.Errorf("mayAutolink(%q) = false, but it renders a link", s)
		}
		// The same texts with every possible link broken up.
		broken := strings.NewReplacer("@", " at ", "://", ":/ /", "www.", "www .").Replace(s)
		checkNoAutolinksSame(t, r, []byte(broken))
	}
}

func FuzzNoAutolinks(f *testing.F) {
	for _, s := range gfmSamples {
		f.Add(strings.NewReplacer("@", "", "://", ":", "www.", "ww.").Replace(s))
	}
	r := New(Options{})
	f.Fuzz(func(t *testing.T, s string) { checkNoAutolinksSame(t, r, []byte(s)) })
}
