package diag

import (
	"strings"
	"testing"
)

func TestLinesPos(t *testing.T) {
	src := []byte("ab\ncdé f\n\nx")
	l := NewLines(src, 4)
	for _, tc := range []struct{ off, line, col int }{
		{0, 5, 1}, {1, 5, 2}, {3, 6, 1}, {7, 6, 4}, // é is two bytes, one column
		{10, 7, 1}, {11, 8, 1}, {999, 8, 2},
	} {
		line, col := l.Pos(tc.off)
		if line != tc.line || col != tc.col {
			t.Errorf("Pos(%d) = %d:%d, want %d:%d", tc.off, line, col, tc.line, tc.col)
		}
	}
}

func TestListSortedAndFormatted(t *testing.T) {
	var l List
	l.Add(At(Pos{File: "b.md", Line: 2, Col: 1}, []byte("one\ntwo\n"), "second"))
	l.Addf(Pos{File: "a.md", Line: 10, Col: 3}, "first")
	l.Add(&Error{Pos: Pos{File: "a.md", Line: 1}, Msg: "only a warning", Warning: true})
	err := l.Err()
	if err == nil {
		t.Fatal("Err() = nil with two errors")
	}
	want := "a.md:1: warning: only a warning\na.md:10:3: first\nb.md:2:1: second"
	if err.Error() != want {
		t.Errorf("Err() =\n%s\nwant\n%s", err, want)
	}
	if got := l.Errors()[1].Source; got != "two" {
		t.Errorf("Source = %q, want the offending line %q", got, "two")
	}
	if w := l.Warnings(); len(w) != 1 || !strings.HasPrefix(w[0].Error(), "a.md:1: warning: ") {
		t.Errorf("Warnings() = %v", w)
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"title", "sidebar_position", "sidebar_label", "description"}
	for word, want := range map[string]string{
		"sidbar_position": "sidebar_position",
		"titel":           "title",
		"Title":           "title",
		"colour":          "",
		"descripton":      "description",
	} {
		if got := Suggest(word, keys); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", word, got, want)
		}
	}
}

// TestLinesPosOrder checks that lookups give the same columns in any
// order: Pos counts on from the previous lookup when it can.
func TestLinesPosOrder(t *testing.T) {
	src := []byte("héllo wörld\nab€cd ef\n\nlast line")
	fresh := func(off int) (int, int) { return NewLines(src, 2).Pos(off) }
	l := NewLines(src, 2)
	for _, off := range []int{0, 3, 7, 13, 5, 14, 16, 16, 12, 20, 25, 30, 2, len(src)} {
		line, col := l.Pos(off)
		wl, wc := fresh(off)
		if line != wl || col != wc {
			t.Errorf("Pos(%d) = %d:%d, want %d:%d", off, line, col, wl, wc)
		}
	}
}

func TestText(t *testing.T) {
	text, err := Text("a.md", []byte("\uFEFFé\nab\xffc\xfe\n"))
	if string(text) != "é\nab\uFFFDc\uFFFD\n" {
		t.Errorf("text = %q", text)
	}
	want := "a.md:2:3: this file is not UTF-8 text (byte 0xFF here): save it as UTF-8 in your editor"
	if err == nil || err.Error() != want || err.Source != "ab\uFFFDc\uFFFD" {
		t.Fatalf("err = %v, want %s", err, want)
	}
	if text, err := Text("a.md", []byte("\uFEFFok")); string(text) != "ok" || err != nil {
		t.Errorf("Text with a byte-order mark = %q, %v", text, err)
	}
}
