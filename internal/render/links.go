package render

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// linkRenderer renders links and images as goldmark's HTML renderer does
// when raw HTML is not passed through, but skips its check of the
// destination where the check cannot fail. goldmark leaves out
// destinations with a dangerous scheme (javascript:, vbscript:, file:,
// data: but for images), comparing lowercased copies of the
// destination's first bytes with each: up to ten allocations per link,
// a fifth of writing a page's HTML. Nearly every destination starts
// with none of those schemes' first letters ('/', '#', "https:") and goes
// to goldmark's renderer configured to pass destinations, which
// otherwise writes the same.
type linkRenderer struct {
	checked, unchecked registered
}

// newLinkRenderer returns a linkRenderer for goldmark's HTML renderer
// configured with opts.
func newLinkRenderer(opts ...gmhtml.Option) *linkRenderer {
	funcs := func(opts ...gmhtml.Option) registered {
		r := registered{}
		gmhtml.NewRenderer(opts...).RegisterFuncs(r)
		return r
	}
	return &linkRenderer{checked: funcs(opts...), unchecked: funcs(append(opts, gmhtml.WithUnsafe())...)}
}

// registered collects the functions a node renderer registers.
type registered map[ast.NodeKind]renderer.NodeRendererFunc

func (r registered) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { r[k] = f }

// RegisterFuncs implements renderer.NodeRenderer.
func (l *linkRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	for _, k := range []ast.NodeKind{ast.KindLink, ast.KindImage} {
		checked, unchecked := l.checked[k], l.unchecked[k]
		r.Register(k, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
			var dest []byte
			switch n := n.(type) {
			case *ast.Link:
				dest = n.Destination
			case *ast.Image:
				dest = n.Destination
			}
			if len(dest) > 0 && mayBeDangerous[dest[0]] {
				return checked(w, src, n, entering)
			}
			return unchecked(w, src, n, entering)
		})
	}
}

// mayBeDangerous marks the first bytes of the destinations that goldmark
// may leave out: the dangerous schemes' first letters, and the starts of
// what goldmark resolves before it looks ("&#106;", a character
// reference; a backslash escape). No other character lowercases to one of
// those letters.
var mayBeDangerous = [256]bool{'d': true, 'D': true, 'f': true, 'F': true, 'j': true, 'J': true, 'v': true, 'V': true, '&': true, '\\': true}
