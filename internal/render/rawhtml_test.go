package render

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/diag"
	xhtml "golang.org/x/net/html"
)

// caseRenderer renders a case file's markdown as a page named page.md,
// its warnings after the HTML as "<!-- line:col: message -->" lines, so
// a case shows what the author sees and what the build says.
func runPageCases(t *testing.T, opts Options, file string) {
	r := New(opts)
	for _, c := range admonitionReadCases(t, file) {
		t.Run(strconv.Itoa(c.No), func(t *testing.T) {
			got := renderCase(r, c.Markdown)
			if got != c.HTML {
				t.Errorf("%s:%d: case %d: %s\nmarkdown:\n%s\ngot:\n%s\nwant:\n%s",
					file, c.Line, c.No, c.Description, c.Markdown, got, c.HTML)
			}
		})
	}
}

func renderCase(r *Renderer, md string) string {
	var errs diag.List
	src := []byte(md)
	out := r.Render(Input{File: "page.md", Src: src, Body: src}, &errs)
	var b strings.Builder
	b.WriteString(out.HTML)
	for _, e := range errs.All() {
		kind := "error"
		if e.Warning {
			kind = "warning"
		}
		b.WriteString("<!-- " + kind + " " + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg + " -->\n")
	}
	return b.String()
}

func TestRawHTMLCases(t *testing.T) { runPageCases(t, Options{}, "testdata/rawhtml.txt") }

func TestMDXCases(t *testing.T) { runPageCases(t, Options{Format: FormatMDX}, "testdata/mdx.txt") }

func TestCommonMarkCases(t *testing.T) {
	runPageCases(t, Options{Format: FormatMD}, "testdata/commonmark.txt")
}

// TestRawHTMLNeverUnescaped renders refused HTML in every way it can be
// written and checks that none of it reaches the page as markup.
func TestRawHTMLNeverUnescaped(t *testing.T) {
	srcs := []string{
		"<script>alert(1)</script>\n",
		"x <script>alert(1)</script> y",
		"<img src=x onerror=alert(1)>",
		"a <img src=\"x.png\" onerror=\"alert(1)\"> b",
		"<a href=\"javascript:alert(1)\">x</a>",
		"a <a href=\"javascript:alert(1)\">x</a>",
		"<a href=\"JaVaScRiPt:alert(1)\">x</a>",
		"<iframe src=\"https://example.com\"></iframe>",
		"<div style=\"background:url(x)\">x</div>",
		"<span onmouseover=\"x()\">x</span>",
		"<style>p{}</style>",
		"<form action=\"/x\"><input name=\"a\"></form>",
		"<object data=\"x\"></object>",
		"<svg onload=\"x()\"></svg>",
		"<div>\n<script>alert(1)</script>\n</div>\n",
	}
	for _, format := range []string{FormatMDX, FormatMD} {
		r := New(Options{Format: format})
		for _, src := range srcs {
			var errs diag.List
			out := r.Render(Input{File: "page.md", Src: []byte(src), Body: []byte(src)}, &errs)
			z := xhtml.NewTokenizer(strings.NewReader(out.HTML))
			for tt := z.Next(); tt != xhtml.ErrorToken; tt = z.Next() {
				tok := z.Token()
				if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
					continue
				}
				if tok.Data != "p" && tok.Data != "pre" && tok.Data != "code" && tok.Data != "div" {
					t.Errorf("%s: %q renders <%s>:\n%s", format, src, tok.Data, out.HTML)
				}
				if len(tok.Attr) > 0 && tok.Data != "pre" {
					t.Errorf("%s: %q renders attributes %v:\n%s", format, src, tok.Attr, out.HTML)
				}
			}
			if len(errs.Warnings()) == 0 {
				t.Errorf("%s: %q is refused without a warning:\n%s", format, src, out.HTML)
			}
		}
	}
}

// TestUnsafeHTMLPassesThrough checks the opt-in: everything as written,
// no warning.
func TestUnsafeHTMLPassesThrough(t *testing.T) {
	src := "<script>alert(\"x\")</script>\n\nx <span style=\"color:red\">y</span> <!-- c -->"
	got := renderCase(New(Options{UnsafeHTML: true}), src)
	want := "<script>alert(\"x\")</script>\n<p>x <span style=\"color:red\">y</span> <!-- c --></p>\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func BenchmarkRenderRawHTML(b *testing.B) {
	src := bytes.Repeat([]byte("Water is H<sub>2</sub>O, press <kbd>Ctrl</kbd>+<kbd>C</kbd>.<br/>\n<span class=\"x\">y</span> and text.\n\n"), 50)
	r := New(Options{})
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		var errs diag.List
		r.Render(Input{File: "page.md", Src: src, Body: src}, &errs)
	}
}

// FuzzRawHTML renders any text, in both formats, and checks that no
// script, frame, style or event handler comes out as markup.
func FuzzRawHTML(f *testing.F) {
	for _, s := range []string{"<script>x</script>", "a <img src=x onerror=y>", "<div>\n<b>x\n\n</div>", "<a href=\"java\nscript:x\">", "{x} <sub>", "<details><summary>s</summary>"} {
		f.Add(s)
	}
	renderers := []*Renderer{New(Options{}), New(Options{Format: FormatMD})}
	f.Fuzz(func(t *testing.T, src string) {
		for _, r := range renderers {
			var errs diag.List
			out := r.Render(Input{File: "page.md", Src: []byte(src), Body: []byte(src)}, &errs)
			z := xhtml.NewTokenizer(strings.NewReader(out.HTML))
			for tt := z.Next(); tt != xhtml.ErrorToken; tt = z.Next() {
				if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
					continue
				}
				tok := z.Token()
				switch tok.Data {
				case "script", "style", "iframe", "object", "embed", "form", "svg", "math", "base", "meta", "link":
					t.Fatalf("%q renders <%s>:\n%s", src, tok.Data, out.HTML)
				}
				for _, a := range tok.Attr {
					v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
					if strings.HasPrefix(a.Key, "on") || a.Key == "style" || strings.Contains(v, "javascript:") {
						t.Fatalf("%q renders %s=%q:\n%s", src, a.Key, a.Val, out.HTML)
					}
				}
			}
		}
	})
}
