package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// Links and images render as goldmark renders them, dangerous
// destinations left out, whether or not linkRenderer lets goldmark check
// them, and with raw HTML passed through, where nothing is left out.
func TestLinkDestinations(t *testing.T) {
	dests := []string{
		"/docs/a", "#top", "https://example.org/?q=1&r=2", "Docs/a.md", "données.md", "mailto:a@b.org", "",
		"javascript:alert(1)", "JaVaScRiPt:x", "vbscript:x", "VBScript:x", "file:///etc/passwd", "FILE:x",
		"data:text/html,x", "DATA:text/html,x", "data:image/png;base64,AA", "data:image/svg+xml,x",
		"&#106;avascript:x", "&#x4A;avascript:x", "&#74;avascript:x", "&Jopf;x", "\\&#106;avascript:x",
		"<javascript:x>", "<  javascript:x>", "%6Aavascript:x", "\u212Aavascript:x", "j", "\\javascript:x",
	}
	var md strings.Builder
	for _, d := range dests {
		md.WriteString("[a](" + d + ` "t") ![b](` + d + ")\n\n")
	}
	for _, unsafe := range []bool{false, true} {
		opts := []renderer.Option{gmhtml.WithWriter(textWriter{gmhtml.DefaultWriter})}
		if unsafe {
			opts = append(opts, gmhtml.WithUnsafe())
		}
		var want bytes.Buffer
		if err := goldmark.New(goldmark.WithRendererOptions(opts...)).Convert([]byte(md.String()), &want); err != nil {
			t.Fatal(err)
		}
		if !unsafe && !strings.Contains(want.String(), `<a href="" title="t">`) {
			t.Fatal("goldmark left out no destination")
		}
		var errs diag.List
		got := New(Options{Format: FormatMD, UnsafeHTML: unsafe}).Render(Input{File: "page.md", Src: []byte(md.String()), Body: []byte(md.String())}, &errs)
		if got.HTML != want.String() {
			t.Errorf("unsafe %v: rendered\n%s\nwant, as goldmark renders it,\n%s", unsafe, got.HTML, want.String())
		}
	}
}
