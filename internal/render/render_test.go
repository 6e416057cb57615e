package render

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/latticework/latticework/internal/diag"
)

var update = flag.Bool("update", false, "rewrite golden files with the current output (read the diff before committing)")

const seed = "../../content/docs/thinking-toolkit/classic-mental-models/trust-dynamics.md"

// TestGoldenSeedArticle renders the seed article and compares the HTML
// with the reviewed golden file. Run with -update to accept a change.
func TestGoldenSeedArticle(t *testing.T) {
	src, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	body := src[bytes.Index(src, []byte("\n---\n"))+5:]
	var errs diag.List
	out := New(Options{}).Render(Input{File: "trust-dynamics.md", Src: src, Body: body, BodyLine: 4}, &errs)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/trust-dynamics.golden.html"
	if *update {
		if err := os.WriteFile(golden, []byte(out.HTML), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if out.HTML != string(want) {
		gotLines, wantLines := strings.Split(out.HTML, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gotLines), len(wantLines)) {
			if gotLines[i] != wantLines[i] {
				t.Fatalf("output differs from %s at line %d:\ngot:  %s\nwant: %s\n(run go test -update if the change is intended)", golden, i+1, gotLines[i], wantLines[i])
			}
		}
		t.Fatalf("output differs from %s in length: %d lines, want %d", golden, len(gotLines), len(wantLines))
	}
	if out.Title != "Mastering Trust Dynamics: A Mental Model for Navigating Relationships and Decisions" {
		t.Errorf("Title = %q", out.Title)
	}
	if len(out.FAQ) != 5 || out.FAQ[4].Question != "5. Can Trust Dynamics be applied to self-trust?" {
		t.Errorf("FAQ = %+v", out.FAQ)
	}
}

func render(t *testing.T, md string, in Input) (*Output, *diag.List) {
	t.Helper()
	var errs diag.List
	in.File, in.Src, in.Body = "page.md", []byte(md), []byte(md)
	return New(Options{}).Render(in, &errs), &errs
}

func TestLinkPositionsAndRewrites(t *testing.T) {
	md := "# T\n\nText [one](/a) and ![pic](img.png)\n\n- item [two](b.md#x)\n"
	var seen []string
	out, _ := render(t, md, Input{BodyLine: 3, Link: func(dest string, pos diag.Pos) string {
		seen = append(seen, pos.String()+" "+dest)
		return "/rewritten" + dest
	}})
	want := []string{"page.md:6:6 /a", "page.md:6:20 img.png", "page.md:8:8 b.md#x"}
	if strings.Join(seen, "|") != strings.Join(want, "|") {
		t.Errorf("links seen = %q, want %q", seen, want)
	}
	if !strings.Contains(out.HTML, `href="/rewritten/a"`) || !strings.Contains(out.HTML, `src="/rewrittenimg.png"`) {
		t.Errorf("destinations not rewritten:\n%s", out.HTML)
	}
}

func TestOneH1(t *testing.T) {
	out, errs := render(t, "# First\n\n# Second\n", Input{})
	if strings.Count(out.HTML, "<h1") != 1 || !strings.Contains(out.HTML, `<h2 id="second">`) {
		t.Errorf("second H1 not demoted:\n%s", out.HTML)
	}
	if w := errs.Warnings(); len(w) != 1 || w[0].Line != 3 {
		t.Errorf("warnings = %v, want one at line 3", w)
	}
	if out.Title != "First" {
		t.Errorf("Title = %q", out.Title)
	}
}

func TestFAQFromHeadings(t *testing.T) {
	md := "## FAQ\n\n### Why?\n\nBecause.\n\nMore answer.\n\n### How?\n\nLike this.\n\n## After\n\nNot part of it.\n"
	out, _ := render(t, md, Input{})
	if len(out.FAQ) != 2 {
		t.Fatalf("FAQ = %+v, want 2 questions", out.FAQ)
	}
	if out.FAQ[0].Answer != "Because. More answer." || out.FAQ[1].ID != "how" {
		t.Errorf("FAQ = %+v", out.FAQ)
	}
	if !strings.Contains(out.HTML, "</section>\n<h2 id=\"after\">") {
		t.Errorf("FAQ section did not end at the next h2:\n%s", out.HTML)
	}
}

func TestNoFAQWithoutIntro(t *testing.T) {
	out, _ := render(t, "**Is this a question?**\nYes.\n", Input{})
	if len(out.FAQ) != 0 || strings.Contains(out.HTML, "<h3") {
		t.Errorf("a bold question outside a FAQ section became a FAQ:\n%s", out.HTML)
	}
}

func TestExerciseBlock(t *testing.T) {
	md := "# T\n\n```exercise\ntrust-dynamics\n```\n"
	var gotID string
	var gotPos diag.Pos
	out, _ := render(t, md, Input{Exercise: func(id string, pos diag.Pos) []byte {
		gotID, gotPos = id, pos
		return []byte(`<form class="worksheet"></form>`)
	}})
	if gotID != "trust-dynamics" || gotPos.Line != 3 {
		t.Errorf("exercise hook got %q at %v, want trust-dynamics at line 3", gotID, gotPos)
	}
	if !strings.Contains(out.HTML, `<form class="worksheet"></form>`) || strings.Contains(out.HTML, "<pre") {
		t.Errorf("exercise block not replaced:\n%s", out.HTML)
	}
}

func TestNoTypographicRewriting(t *testing.T) {
	out, _ := render(t, `He said "it's -- fine..."`+"\n", Input{})
	if !strings.Contains(out.HTML, `He said &quot;it's -- fine...&quot;`) {
		t.Errorf("author's punctuation was rewritten:\n%s", out.HTML)
	}
}

func BenchmarkRenderSeed(b *testing.B) {
	src, err := os.ReadFile(seed)
	if err != nil {
		b.Fatal(err)
	}
	r := New(Options{})
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		var errs diag.List
		r.Render(Input{File: "seed.md", Src: src, Body: src, Link: func(d string, _ diag.Pos) string { return d }}, &errs)
	}
}

func TestSections(t *testing.T) {
	md := "# Title\n\nIntro text.\n\n## One\n\nFirst *body*.\n\n### One point one\n\n- a\n- b\n\n#### Detail\n\nMore.\n\n## FAQ\n\n### Why?\n\nBecause.\n"
	out, _ := render(t, md, Input{})
	var got []string
	for _, s := range out.Sections {
		got = append(got, s.ID+"|"+s.Heading+"|"+s.Text)
	}
	want := []string{"||Title Intro text.", "one|One|First body.", "one-point-one|One point one|a b Detail More.", "faq|FAQ|", "why|Why?|Because."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sections:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzPlainWriter checks that plainWriter collapses white space as
// strings.Fields does, wherever the text is split between writes (at a
// rune's start: markup never splits a character).
func FuzzPlainWriter(f *testing.F) {
	for _, s := range []string{"", " a  b\tc\n", "one two three", "x\u00a0y\u0085z\u3000", "\xff \xfe\u2003", "a \u00e9 b  "} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, cut int) {
		cut = min(max(cut, 0), len(s))
		for cut > 0 && cut < len(s) && !utf8.RuneStart(s[cut]) {
			cut--
		}
		var w plainWriter
		w.write([]byte(s[:cut]))
		w.write([]byte(s[cut:]))
		if got, want := w.b.String(), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("%q cut at %d: %q, want %q", s, cut, got, want)
		}
	})
}

// A description is cut at a character boundary, and text that is not
// UTF-8 at all is cut without a crash.
func TestShorten(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{strings.Repeat("é", 100), strings.Repeat("é", 80) + "…"},
		{strings.Repeat("word ", 40), strings.TrimSpace(strings.Repeat("word ", 32)) + "…"},
		{strings.Repeat("\xa5", 200), "…"},
	} {
		if got := shorten(tc.in, 160); got != tc.want {
			t.Errorf("shorten(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTOCFoldsFAQQuestions: the table of contents lists a FAQ's heading
// but not its questions, while other h3s stay, inside or after it.
func TestTOCFoldsFAQQuestions(t *testing.T) {
	out, errs := render(t, "## Intro\n\n### Detail\n\ntext\n\n## FAQ\n\n### Is it hard?\n\nNo.\n\n### Is it slow?\n\nNo.\n\n## After\n\n### More\n\ntext\n", Input{})
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out.FAQ) != 2 {
		t.Fatalf("FAQ = %+v, want two questions", out.FAQ)
	}
	var got []string
	for _, h := range out.TOC(2, 3) {
		got = append(got, h.Text)
	}
	if want := "Intro|Detail|FAQ|After|More"; strings.Join(got, "|") != want {
		t.Errorf("TOC = %q, want %q", strings.Join(got, "|"), want)
	}
}

// FuzzSingleSpaced checks singleSpaced against what it stands for.
func FuzzSingleSpaced(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "é b", "\xff b", "a \u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := singleSpaced(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("singleSpaced(%q) = %q, want %q", s, got, want)
		}
	})
}
