package render

import (
	"strings"
	"testing"
)

func TestNestingLimit(t *testing.T) {
	var b strings.Builder
	for x := range MaxNesting + 8 {
		b.WriteString(strings.Repeat("  ", x) + "* a\n")
	}
	for _, c := range []struct {
		name, md  string
		tag       string
		line, col int
	}{
		{"lists", b.String(), "<ul>", 3 + MaxNesting + 1, 2*MaxNesting + 1},
		{"block quotes", "text\n\n" + strings.Repeat("> ", MaxNesting+5) + "a\n", "<blockquote>", 6, 2*MaxNesting + 1},
		{"lists on one line", strings.Repeat("- ", MaxNesting+5) + "a\n", "<ul>", 4, 2*MaxNesting + 1},
		{"mixed", strings.Repeat("> - ", MaxNesting) + "a\n", "<", 4, 2*MaxNesting + 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errs := render(t, c.md, Input{BodyLine: 3})
			got := errs.Errors()
			if len(got) != 1 || got[0].Line != c.line || got[0].Col != c.col || !strings.Contains(got[0].Msg, "nested more than 32 deep") {
				t.Fatalf("errors = %v, want one at page.md:%d:%d", got, c.line, c.col)
			}
			if c.tag != "<" && strings.Count(out.HTML, c.tag) != MaxNesting {
				t.Errorf("%d %s, want %d", strings.Count(out.HTML, c.tag), c.tag, MaxNesting)
			}
			if strings.Count(out.HTML, "<ul>")+strings.Count(out.HTML, "<blockquote>") != MaxNesting {
				t.Errorf("nesting in HTML is not %d:\n%s", MaxNesting, out.HTML)
			}
		})
	}
	// At the limit: no error.
	if _, errs := render(t, strings.Repeat("> ", MaxNesting)+"a\n", Input{}); errs.Err() != nil {
		t.Errorf("%d levels: %v", MaxNesting, errs.Err())
	}
}

func TestExpansionLimit(t *testing.T) {
	md := "[x]: /" + strings.Repeat("x", 10<<10) + "\n\n" + strings.Repeat("[x]\n", 20) + "\n" + strings.Repeat("[x] ", 20)
	out, errs := render(t, md, Input{BodyLine: 3})
	got := errs.Errors()
	// 10 KB a use, 100 KB plus the page's 10.2 KB allowed: the 12th use,
	// on the page's line 14, is one too many.
	if len(got) != 1 || got[0].Line != 3+14 || got[0].Col != 1 || !strings.Contains(got[0].Msg, "use fewer or shorter references") {
		t.Fatalf("errors = %v, want one at page.md:17:1", got)
	}
	if len(out.HTML) > 200<<10 {
		t.Errorf("HTML is %d bytes", len(out.HTML))
	}
	if _, errs := render(t, "[x]: /y\n\n"+strings.Repeat("[x] ", 20<<10), Input{}); errs.Err() != nil {
		t.Errorf("20,000 short references: %v", errs.Err())
	}
}
