package render

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"

	"github.com/latticework/latticework/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"
)

// Docusaurus reads .md files as MDX by default (its markdown.format
// "mdx"), and MDX is not CommonMark. Under that format Latticework renders
// a page as Docusaurus does where it can, and where Docusaurus would fail
// the build on something whose meaning is plain, renders that meaning
// and warns. docs/markdown.md lists each difference.
//
//   - Text indented by four spaces is a paragraph, not a code block.
//   - {…} is a JavaScript expression: {/* … */} renders nothing and a
//     string literal ({'…'}, {"…"}) its text; any other expression is
//     shown as written, with a warning, as Latticework runs no JavaScript.
//   - import and export lines are JavaScript, and capitalised tags such as
//     <Tabs> are React components: both are errors, with what to write.
//   - <https://…> autolinks, and void tags without a slash (<br>), render
//     as in CommonMark, with a warning: Docusaurus fails on them.

// Formats are the values of the markdown.format site option.
const (
	FormatMDX    = "mdx"
	FormatMD     = "md"
	FormatDetect = "detect"
)

// mdxFlavor makes a parser read MDX: without indented code blocks, and
// with {…} expressions.
type mdxFlavor struct{}

func (mdxFlavor) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(expressionParser{}, 150)))
}

// mdxParser is goldmark's parser with its indented code block parser
// replaced: MDX has no indented code, so a line indented by four spaces
// or more that would start one starts a paragraph instead. Its HTML
// blocks are only those MDX keeps as written (<script>, <pre>, <style>,
// comments): a line such as <div>**x**</div> is a paragraph, whose
// markdown renders, and which is then unravelled (see unravel).
func mdxParser() parser.Parser {
	var blocks []util.PrioritizedValue
	// goldmark does not export the code block parser's type.
	code := fmt.Sprintf("%T", parser.NewCodeBlockParser())
	html := fmt.Sprintf("%T", parser.NewHTMLBlockParser())
	for _, b := range parser.DefaultBlockParsers() {
		switch fmt.Sprintf("%T", b.Value) {
		case code:
			b.Value = indentedParagraphParser{parser.NewParagraphParser()}
		case html:
			b.Value = mdxHTMLBlockParser{b.Value.(parser.BlockParser)}
		}
		blocks = append(blocks, b)
	}
	return parser.NewParser(
		parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
}

// indentedParagraphParser is goldmark's paragraph parser for the lines
// indented by four spaces or more that no other block parser takes (the
// paragraph parser itself refuses them, leaving them to the code block
// parser). A paragraph drops its lines' indentation.
type indentedParagraphParser struct{ parser.BlockParser }

func (indentedParagraphParser) CanAcceptIndentedLine() bool { return true }

func (p indentedParagraphParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if pc.BlockIndent() < 4 {
		return nil, parser.NoChildren
	}
	return p.BlockParser.Open(parent, reader, pc)
}

// mdxHTMLBlockParser is goldmark's HTML block parser without the blocks
// that start with any other tag (CommonMark's kinds 6 and 7).
type mdxHTMLBlockParser struct{ parser.BlockParser }

func (p mdxHTMLBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, pos := reader.Position()
	n, state := p.BlockParser.Open(parent, reader, pc)
	if b, ok := n.(*ast.HTMLBlock); ok && (b.HTMLBlockType == ast.HTMLBlockType6 || b.HTMLBlockType == ast.HTMLBlockType7) {
		reader.SetPosition(line, pos)
		return nil, parser.NoChildren
	}
	return n, state
}

// KindUnraveled is the node kind of an unravelled paragraph.
var KindUnraveled = ast.NewNodeKind("Unraveled")

// Unraveled is a paragraph of nothing but HTML elements (with what they
// hold) and white space, rendered without <p> as MDX renders tags on
// lines of their own. Its tags may open and close across blocks, as
// those of HTML blocks do.
type Unraveled struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *Unraveled) Kind() ast.NodeKind { return KindUnraveled }

// Dump implements ast.Node.
func (n *Unraveled) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// renderUnraveled renders the paragraph as one again if a tag of it is
// shown as text, which is then text at the paragraph's level.
func renderUnraveled(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	asText := false
	for c := n.FirstChild(); c != nil && !asText; c = c.NextSibling() {
		if h, ok := c.(*SafeHTML); ok {
			asText = slices.ContainsFunc(h.parts, func(p *htmlPart) bool { return p.escaped })
		}
	}
	switch {
	case entering && asText:
		_, _ = w.WriteString("<p>")
	case asText:
		_, _ = w.WriteString("</p>\n")
	case !entering:
		_ = w.WriteByte('\n')
	}
	return ast.WalkContinue, nil
}

// unravel replaces each paragraph holding the raw HTML nodes (in
// document order) that has nothing outside its tags but white space with
// an Unraveled node.
func unravel(raw []ast.Node, src []byte) {
	var last ast.Node
	for _, n := range raw {
		p, ok := n.Parent().(*ast.Paragraph)
		if !ok || p == last {
			continue
		}
		last = p
		if !onlyTags(p, src) {
			continue
		}
		u := &Unraveled{}
		u.SetLines(p.Lines())
		for c := p.FirstChild(); c != nil; c = p.FirstChild() {
			u.AppendChild(u, c)
		}
		p.Parent().ReplaceChild(p.Parent(), p, u)
	}
}

// onlyTags reports whether p holds, outside its tags, only white space
// and MDX comments.
func onlyTags(p *ast.Paragraph, src []byte) bool {
	depth := 0
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.RawHTML:
			raw, _ := rawSource(c, src)
			switch inlineToken(raw) {
			case xhtml.StartTagToken:
				if !voidElements[tagName(raw)] {
					depth++
				}
			case xhtml.EndTagToken:
				depth = max(depth-1, 0)
			}
			continue
		case *ast.Text:
			if depth > 0 || len(bytes.TrimSpace(c.Segment.Value(src))) == 0 {
				continue
			}
		case *Expression:
			if depth > 0 || c.Shown == nil {
				continue
			}
		default:
			if depth > 0 {
				continue
			}
		}
		return false
	}
	return true
}

// KindExpression is the node kind of an MDX {…} expression.
var KindExpression = ast.NewNodeKind("Expression")

// Expression is an MDX expression: Shown is what it shows, nil for a
// comment.
type Expression struct {
	ast.BaseInline
	Shown []byte
}

// Kind implements ast.Node.
func (n *Expression) Kind() ast.NodeKind { return KindExpression }

// Dump implements ast.Node.
func (n *Expression) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Shown": string(n.Shown)}, nil)
}

func renderExpression(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		writeEscaped(w, n.(*Expression).Shown)
	}
	return ast.WalkSkipChildren, nil
}

type expressionParser struct{}

func (expressionParser) Trigger() []byte { return []byte{'{'} }

var (
	mdxComment = regexp.MustCompile(`^\s*/\*[\s\S]*?\*/\s*$`)
	// A string literal, which may hold braces: {'{'} is how MDX writes one.
	mdxString = regexp.MustCompile(`^\{\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")\s*\}`)
)

func (expressionParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	start := seg.Start
	if len(line) == 0 || line[0] != '{' {
		return nil
	}
	if m := mdxString.FindSubmatch(line); m != nil {
		block.Advance(len(m[0]))
		return &Expression{Shown: unescapeJS(append(m[1], m[2]...))}
	}
	block.Advance(1)
	// Without nesting, each search stops at the next brace, so that a
	// paragraph of braces takes linear time.
	segs, ok := block.FindClosure('{', '}', text.FindClosureOptions{Newline: true, Advance: true})
	st, _ := pc.Get(stateKey).(*state)
	if !ok {
		if st != nil {
			st.warn(start, "`{` starts a JavaScript expression in MDX, and this one is not closed before the next brace, so it is shown as text: write `\\{` for a brace")
		}
		return nil
	}
	var expr []byte
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		expr = append(expr, seg.Value(block.Source())...)
	}
	if mdxComment.Match(expr) {
		return &Expression{}
	}
	if st != nil {
		st.warn(start, "`{"+string(firstLine(expr))+"}` is a JavaScript expression in MDX, which Latticework does not evaluate, so it is shown as written: write `\\{` for a brace")
	}
	return &Expression{Shown: append(append([]byte{'{'}, expr...), '}')}
}

// unescapeJS undoes a JavaScript string literal's backslash escapes.
func unescapeJS(s []byte) []byte {
	if bytes.IndexByte(s, '\\') < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				out = append(out, '\n')
				continue
			case 't':
				out = append(out, '\t')
				continue
			}
		}
		out = append(out, s[i])
	}
	return out
}

// firstLine returns b up to its first line break.
func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return append(b[:i:i], "…"...)
	}
	return b
}

// esmLine matches the start of an MDX import or export.
var esmLine = regexp.MustCompile(`^(import|export)[\s{*]`)

// checkESM reports the import and export lines of a top-level paragraph,
// which MDX reads as JavaScript.
func (st *state) checkESM(n *ast.Paragraph, src []byte) {
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		line := seg.Value(src)
		if !bytes.HasPrefix(line, []byte("import")) && !bytes.HasPrefix(line, []byte("export")) {
			continue // most lines: the expression need not look
		}
		m := esmLine.FindSubmatch(line)
		if m == nil {
			continue
		}
		msg := "`import` lines bring in MDX components, which Latticework does not render: delete the line and write what the components showed as markdown"
		if string(m[1]) == "export" {
			msg = "`export` lines define JavaScript for MDX, which Latticework does not run: delete the line and write its values into the text"
		}
		st.errs.Add(diag.At(st.pos(seg.Start), st.in.Src, msg))
	}
}

// checkAutolink warns about a <https://…> autolink, which MDX reads as a
// tag.
func (st *state) checkAutolink(n *ast.AutoLink, src []byte) {
	start := n.Pos()
	if start < 0 || start >= len(src) || src[start] != '<' {
		return // a bare URL, as GFM links it
	}
	st.warn(start, "Docusaurus's MDX fails on `<"+string(n.URL(src))+">`: write the bare address or `[text](address)`")
}

// warn reports a warning at a byte offset of the page's body.
func (st *state) warn(off int, msg string) {
	e := diag.At(st.pos(off), st.in.Src, msg)
	e.Warning = true
	st.errs.Add(e)
}

// dropEmptyParagraphs removes the paragraphs that hold nothing but MDX
// comments, which Docusaurus renders as nothing.
func dropEmptyParagraphs(doc *ast.Document) {
	var empty []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		p, ok := n.(*ast.Paragraph)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		seen := false
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			e, ok := c.(*Expression)
			if !ok || e.Shown != nil {
				return ast.WalkSkipChildren, nil
			}
			seen = true
		}
		if seen {
			empty = append(empty, p)
		}
		return ast.WalkSkipChildren, nil
	})
	for _, p := range empty {
		p.Parent().RemoveChild(p.Parent(), p)
	}
}
