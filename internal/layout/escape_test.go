package layout

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"github.com/yuin/goldmark/util"
)

// FuzzEscape checks that writeURL and writeText, which write most strings
// as they are, write what escaping every string would.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"/docs/models/a/", "why-it-works", "Café", `"Quotes" & more`, "a b", "/x?y=1&z", "%41", "<", "\x00", "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		writeURL(&b, s)
		if want := string(util.EscapeHTML(util.URLEscape([]byte(s), false))); b.String() != want {
			t.Errorf("writeURL(%q) = %q, want %q", s, b.String(), want)
		}
		b.Reset()
		writeText(&b, s)
		var want strings.Builder
		template.HTMLEscape(&want, []byte(s))
		if b.String() != want.String() {
			t.Errorf("writeText(%q) = %q, want %q", s, b.String(), want.String())
		}
	})
}
