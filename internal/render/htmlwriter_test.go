package render

import (
	"bufio"
	"bytes"
	"testing"

	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// FuzzTextWriter checks that textWriter writes what goldmark's own
// writer does, for any text.
func FuzzTextWriter(f *testing.F) {
	for _, s := range []string{"plain <text> & \"quotes\"", `a \* b`, "&amp; &#x22; &#1234; &nosuch;", "nul\x00byte", "\\", "&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want bytes.Buffer
		gw, ww := bufio.NewWriter(&got), bufio.NewWriter(&want)
		textWriter{gmhtml.DefaultWriter}.Write(gw, []byte(s))
		gmhtml.DefaultWriter.Write(ww, []byte(s))
		gw.Flush()
		ww.Flush()
		if got.String() != want.String() {
			t.Errorf("for %q: got %q, want %q", s, got.String(), want.String())
		}
	})
}
