package render

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// admonitionCase is one case of a case file in goldmark's
// extension/_test format:
//
//	12: optional description
//	//- - - - - - - - -//
//	markdown
//	//- - - - - - - - -//
//	expected HTML
//	//= = = = = = = = = = = = = = = = = = = = = = = =//
//
// The markdown has no final newline unless a blank line ends it; the HTML
// always ends with one.
type admonitionCase struct {
	No          int
	Description string
	Line        int // of the case number, for error messages
	Markdown    string
	HTML        string
}

const (
	admonitionPartSep = "//- - - - - - - - -//"
	admonitionCaseSep = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
)

// admonitionReadCases parses a case file, failing the test on a malformed
// file so a typo cannot silently drop cases.
func admonitionReadCases(t testing.TB, file string) []admonitionCase {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []admonitionCase
	seen := map[int]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	next := func() (string, bool) {
		if !sc.Scan() {
			return "", false
		}
		line++
		return sc.Text(), true
	}
	for {
		head, ok := next()
		if !ok {
			break
		}
		if strings.TrimSpace(head) == "" {
			continue
		}
		c := admonitionCase{Line: line}
		num, desc, _ := strings.Cut(head, ":")
		c.No, err = strconv.Atoi(strings.TrimSpace(num))
		if err != nil {
			t.Fatalf("%s:%d: want a case number, got %q", file, line, head)
		}
		if seen[c.No] {
			t.Fatalf("%s:%d: case %d appears twice", file, line, c.No)
		}
		seen[c.No] = true
		c.Description = strings.TrimSpace(desc)
		if l, _ := next(); l != admonitionPartSep {
			t.Fatalf("%s:%d: want %q after the case number", file, line, admonitionPartSep)
		}
		var md, html []string
		for closed := false; !closed; {
			l, ok := next()
			if !ok {
				t.Fatalf("%s:%d: case %d: markdown does not end with %q", file, line, c.No, admonitionPartSep)
			}
			if closed = l == admonitionPartSep; !closed {
				md = append(md, l)
			}
		}
		for closed := false; !closed; {
			l, ok := next()
			if !ok {
				t.Fatalf("%s:%d: case %d: HTML does not end with %q", file, line, c.No, admonitionCaseSep)
			}
			if closed = l == admonitionCaseSep; !closed {
				html = append(html, l)
			}
		}
		c.Markdown = strings.Join(md, "\n")
		c.HTML = strings.Join(html, "\n") + "\n"
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no cases", file)
	}
	return cases
}

// admonitionRunCases runs each case as a subtest named by its number, so
// one case runs with -run 'TestAdmonitionCases/^7$'.
func admonitionRunCases(t *testing.T, md goldmark.Markdown, file string) {
	for _, c := range admonitionReadCases(t, file) {
		t.Run(strconv.Itoa(c.No), func(t *testing.T) {
			var out bytes.Buffer
			if err := md.Convert([]byte(c.Markdown), &out); err != nil {
				t.Fatal(err)
			}
			if got := out.String(); got != c.HTML {
				t.Errorf("%s:%d: case %d: %s\nmarkdown:\n%s\ngot:\n%s\nwant:\n%s",
					file, c.Line, c.No, c.Description, c.Markdown, got, c.HTML)
			}
		})
	}
}

func TestAdmonitionCases(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(Admonitions))
	admonitionRunCases(t, md, "testdata/admonition.txt")
}

func TestAdmonitionNode(t *testing.T) {
	src := []byte("::::caution[Mind \\[this\\]]\n:::tip Two words  \nx\n:::\n::::\n")
	md := goldmark.New(goldmark.WithExtensions(Admonitions))
	doc := md.Parser().Parse(text.NewReader(src))
	var got []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if a, ok := n.(*Admonition); ok && entering {
			if a.Kind() != KindAdmonition {
				t.Errorf("Kind() = %v, want KindAdmonition", a.Kind())
			}
			got = append(got, fmt.Sprintf("%s|%s|%T", a.Keyword, a.Title, a.Parent()))
		}
		return ast.WalkContinue, nil
	})
	want := []string{"caution|Mind [this]|*ast.Document", "tip|Two words|*render.Admonition"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("admonitions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestAdmonitionTrailingWhitespace(t *testing.T) {
	// Case files cannot show trailing blanks or tabs.
	md := goldmark.New(goldmark.WithExtensions(Admonitions))
	var out bytes.Buffer
	if err := md.Convert([]byte(":::note[T] \t\nbody\n::: \t\nafter\n"), &out); err != nil {
		t.Fatal(err)
	}
	want := `<aside class="admonition admonition-note" aria-label="Note: T"><p class="admonition-title"><span class="admonition-icon" aria-hidden="true">📝</span>T</p>
<p>body</p>
</aside>
<p>after</p>
`
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}

// FuzzAdmonition checks that any input renders without error and with
// balanced asides.
func FuzzAdmonition(f *testing.F) {
	for _, c := range admonitionReadCases(f, "testdata/admonition.txt") {
		f.Add(c.Markdown)
	}
	md := goldmark.New(goldmark.WithExtensions(Admonitions))
	f.Fuzz(func(t *testing.T, src string) {
		var out bytes.Buffer
		if err := md.Convert([]byte(src), &out); err != nil {
			t.Fatal(err)
		}
		if o, c := strings.Count(out.String(), "<aside "), strings.Count(out.String(), "</aside>"); o != c {
			t.Errorf("%d <aside> but %d </aside> for %q:\n%s", o, c, src, out.String())
		}
	})
}
