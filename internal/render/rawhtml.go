package render

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

type escapedHTML struct{}

// EscapedHTML is a goldmark extension that shows raw HTML written in
// markdown as text instead of dropping it, as goldmark does without
// html.WithUnsafe, so an author sees what they wrote and no markup or
// script from a page ever reaches the browser:
//
//   - an HTML block becomes <pre class="raw-html"><code>…</code></pre>,
//     which keeps its lines and indentation;
//   - inline HTML such as <span> becomes escaped text in place.
//
// The source is escaped verbatim: "&amp;" inside a tag shows as "&amp;".
// Sites that trust their authors render with html.WithUnsafe instead and
// must not add EscapedHTML, which would take precedence.
var EscapedHTML goldmark.Extender = &escapedHTML{}

// Extend implements goldmark.Extender.
func (e *escapedHTML) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		// Ahead of goldmark's HTML renderer (1000), which also registers
		// these kinds.
		util.Prioritized(&rawHTMLRenderer{}, 500),
	))
}

type rawHTMLRenderer struct{}

func (r *rawHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
}

func (r *rawHTMLRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	_, _ = w.WriteString(`<pre class="raw-html"><code>`)
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		rawWriteEscaped(w, seg.Value(src))
	}
	if n.HasClosure() {
		rawWriteEscaped(w, n.ClosureLine.Value(src))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

func (r *rawHTMLRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segs := node.(*ast.RawHTML).Segments
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		rawWriteEscaped(w, seg.Value(src))
	}
	return ast.WalkSkipChildren, nil
}

// rawWriteEscaped writes b as HTML text, with NUL replaced as CommonMark
// asks.
func rawWriteEscaped(w util.BufWriter, b []byte) {
	if bytes.IndexByte(b, 0) >= 0 {
		b = bytes.ReplaceAll(b, []byte{0}, []byte("\uFFFD"))
	}
	_, _ = w.Write(util.EscapeHTML(b))
}
