package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func TestTableCellLimit(t *testing.T) {
	// 1,000 columns × 600 rows of one cell: 600,000 cells, past the
	// limit plus the page's 6 KB.
	cols := 1000
	wide := "intro\n\n" + strings.Repeat("h|", cols) + "\n" + strings.Repeat("-|", cols) + "\n" + strings.Repeat("d\n", 599)
	out, errs := render(t, wide, Input{BodyLine: 3})
	got := errs.Errors()
	if len(got) != 1 || got[0].Line != 3+4 || got[0].Col != 1 || !strings.Contains(got[0].Msg, "1000 columns and 600 rows") ||
		!strings.Contains(got[0].Msg, "split it across pages") {
		t.Fatalf("errors = %v, want one at page.md:7:1", got)
	}
	if strings.Contains(out.HTML, "<table") || !strings.Contains(out.HTML, "<p>h|h|") || len(out.HTML) > 2*len(wide) {
		t.Errorf("the table is not shown as text (%d bytes):\n%.300s", len(out.HTML), out.HTML)
	}

	// A short header and a wide delimiter row make a wide table too.
	_, errs = render(t, "h\n"+strings.Repeat("-|", cols)+"\n"+strings.Repeat("d\n", 599), Input{})
	if n := len(errs.Errors()); n != 1 {
		t.Errorf("wide delimiter row: %d errors, want 1", n)
	}

	// Once a page: the second table is over the limit too.
	_, errs = render(t, wide+"\n"+wide, Input{})
	if n := len(errs.Errors()); n != 1 {
		t.Errorf("two wide tables: %d errors, want 1", n)
	}

	// 100,000 cells, within the limit: a table.
	under := strings.Repeat("h|", 500) + "\n" + strings.Repeat("-|", 500) + "\n" + strings.Repeat("d\n", 199)
	if out, errs := render(t, under, Input{}); errs.Err() != nil || strings.Count(out.HTML, "<table>") != 1 {
		t.Errorf("100,000 cells: %v, %d tables", errs.Err(), strings.Count(out.HTML, "<table>"))
	}
	if testing.Short() {
		return
	}
	// The wide table with its rows written out: the page's size allows
	// its cells.
	full := strings.Replace(wide, strings.Repeat("d\n", 599), strings.Repeat(strings.Repeat("d|", cols)+"\n", 599), 1)
	if out, errs := render(t, full, Input{}); errs.Err() != nil || strings.Count(out.HTML, "<table>") != 1 {
		t.Errorf("full rows: %v, %d tables", errs.Err(), strings.Count(out.HTML, "<table>"))
	}
}

// TestTableLimitReadsAsGoldmark checks that the limit finds the tables
// goldmark's own extension finds, so that none escapes it.
func TestTableLimitReadsAsGoldmark(t *testing.T) {
	stock := goldmark.New(goldmark.WithExtensions(extension.Table))
	for _, md := range []string{
		"a|b\n-|-\nc|d\n",
		"| a | b |\n| :-- | --: |\n",
		"a|b\n:-:|---\n",
		"a\nb|c\n-|-\n",
		"a|b\n-|-|-\n",
		"a|b|c\n-|-\n",
		"a\\|b|c\n-|-\n",
		"`a\\|b`|c\n-|-\n",
		"a\n|\n",
		"a\n-\n",
		"a|b\n--\n",
		"a|b\n- | -\n",
		"a|b\n-|:\n",
		"a|b\n-||-\n",
		"a\n   -|\n",
		"a\n    -|\n",
		"|a|\n|-|\n",
		"a|\n-|\n",
		"|\n|-|\n",
		"a|b\n-|-\nc|d|e|f\n",
		"- a|b\n  -|-\n",
	} {
		var want bytes.Buffer
		if err := stock.Convert([]byte(md), &want); err != nil {
			t.Fatal(err)
		}
		out, _ := render(t, md, Input{})
		if w, g := strings.Count(want.String(), "<table>"), strings.Count(out.HTML, "<table>"); g != w {
			t.Errorf("%q: %d tables, goldmark makes %d", md, g, w)
		}
	}
}
