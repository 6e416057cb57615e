package render

import (
	"bytes"

	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// textWriter is goldmark's HTML writer with a quicker Write for the
// common text: goldmark's looks at every byte for a backslash escape, an
// entity or character reference (&) and NUL before it escapes the text
// for HTML, and a text with none of those three comes out exactly as
// RawWrite writes it; RawWrite in turn looks at every byte for one to
// escape, and a text with none of <, > and " either (and no &) comes out
// as it is. Vectorised searches for each settle most texts faster than
// one look at every byte. Each piece of text of every page passes here.
type textWriter struct{ gmhtml.Writer }

func (t textWriter) Write(w util.BufWriter, source []byte) {
	if bytes.IndexByte(source, '&') >= 0 || bytes.IndexByte(source, '\\') >= 0 || bytes.IndexByte(source, 0) >= 0 {
		t.Writer.Write(w, source)
		return
	}
	if bytes.IndexByte(source, '<') >= 0 || bytes.IndexByte(source, '>') >= 0 || bytes.IndexByte(source, '"') >= 0 {
		t.RawWrite(w, source)
		return
	}
	_, _ = w.Write(source)
}
