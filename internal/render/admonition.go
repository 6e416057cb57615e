package render

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindAdmonition is the node kind of an Admonition.
var KindAdmonition = ast.NewNodeKind("Admonition")

// Admonition is a Docusaurus admonition, a block of markdown set apart as
// a note, tip, info, warning, danger or caution:
//
//	:::tip[Optional title]
//	Any block **markdown**, even other admonitions.
//	:::
//
// Its children are the body.
type Admonition struct {
	ast.BaseBlock
	// Keyword is the type as written, in Docusaurus's words its keyword:
	// "note", "tip", "info", "warning", "danger" or "caution". Caution is
	// styled as a warning, as in Docusaurus. (Kind and Type are taken by
	// ast.Node's methods.)
	Keyword string
	// Title is the title as plain text (never markdown), or the capitalized
	// keyword ("Tip") if the author gave none.
	Title string
	// fence is the number of colons that opened the admonition.
	fence int
}

// Kind implements ast.Node.
func (n *Admonition) Kind() ast.NodeKind { return KindAdmonition }

// Dump implements ast.Node.
func (n *Admonition) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Keyword": n.Keyword, "Title": n.Title}, nil)
}

type admonitionStyle struct {
	name  string // default title and aria-label prefix
	class string // admonition-<class>
	icon  string
}

var admonitionStyles = map[string]admonitionStyle{
	"note":    {"Note", "note", "📝"},
	"tip":     {"Tip", "tip", "💡"},
	"info":    {"Info", "info", "ℹ️"},
	"warning": {"Warning", "warning", "⚠️"},
	"caution": {"Caution", "warning", "⚠️"},
	"danger":  {"Danger", "danger", "🔥"},
}

// admonitionParser parses admonitions. The syntax follows Docusaurus
// (remark-directive's container directives):
//
//   - The opening fence is three or more colons, indented at most three
//     spaces, then a known keyword in lower case with no space before it.
//     An unknown keyword (":::foo") or a ":::" with none is not an
//     admonition and stays paragraph text.
//   - A title follows either in brackets, ":::tip[Title]" (brackets may
//     nest; nothing but spaces may follow the "]"), or after a space,
//     ":::tip Title", Docusaurus's older form. It is plain text: backslash
//     escapes of punctuation are resolved, nothing else.
//   - The admonition ends at a line of at least as many colons as opened
//     it and nothing else, or at the end of the enclosing block or
//     document, like a fenced code block. The closing fence is looked for
//     before anything in the body, even inside a code block, so nest an
//     admonition by giving the outer one more colons:
//     "::::note" ... ":::tip" ... ":::" ... "::::".
//   - An admonition can interrupt a paragraph.
//
// Attributes (":::note{#id}") are not supported: such a line is not an
// admonition.
type admonitionParser struct{}

func (p *admonitionParser) Trigger() []byte { return []byte{':'} }

func (p *admonitionParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || line[pos] != ':' {
		return nil, parser.NoChildren
	}
	fence, keyword, title, ok := admonitionParseOpening(line[pos:])
	if !ok {
		return nil, parser.NoChildren
	}
	if title == "" {
		title = admonitionStyles[keyword].name
	}
	reader.AdvanceToEOL()
	return &Admonition{Keyword: keyword, Title: title, fence: fence}, parser.HasChildren
}

func (p *admonitionParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if w, pos := util.IndentWidth(line, reader.LineOffset()); w < 4 {
		n := admonitionColons(line[pos:])
		if n >= node.(*Admonition).fence && util.IsBlank(line[pos+n:]) {
			reader.AdvanceToEOL()
			return parser.Close
		}
	}
	return parser.Continue | parser.HasChildren
}

func (p *admonitionParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (p *admonitionParser) CanInterruptParagraph() bool { return true }

func (p *admonitionParser) CanAcceptIndentedLine() bool { return false }

func admonitionColons(b []byte) int {
	n := 0
	for n < len(b) && b[n] == ':' {
		n++
	}
	return n
}

// admonitionParseOpening parses an opening fence line (from its first
// colon, line ending included) into the fence length, the type and the
// title, "" if none is given.
func admonitionParseOpening(line []byte) (fence int, keyword, title string, ok bool) {
	fence = admonitionColons(line)
	if fence < 3 {
		return 0, "", "", false
	}
	i := fence
	for i < len(line) && (util.IsAlphaNumeric(line[i]) || line[i] == '-' || line[i] == '_') {
		i++
	}
	keyword = string(line[fence:i])
	if _, known := admonitionStyles[keyword]; !known {
		return 0, "", "", false
	}
	rest := line[i:]
	switch {
	case util.IsBlank(rest):
	case rest[0] == '[':
		label, after, found := admonitionLabel(rest)
		if !found || !util.IsBlank(after) {
			return 0, "", "", false
		}
		title = label
	case rest[0] == ' ' || rest[0] == '\t':
		title = string(rest)
	default:
		return 0, "", "", false
	}
	title = strings.TrimSpace(string(util.UnescapePunctuations([]byte(title))))
	return fence, keyword, title, true
}

// admonitionLabel splits s, which starts with '[', after its matching ']'.
// Brackets nest, and a backslash escapes the next character.
func admonitionLabel(s []byte) (label string, rest []byte, ok bool) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return string(s[1:i]), s[i+1:], true
			}
		case '\n', '\r':
			return "", nil, false
		}
	}
	return "", nil, false
}

// admonitionHTMLRenderer renders an Admonition as an aside labelled with
// its keyword and title, an icon hidden from screen readers, and its body:
//
//	<aside class="admonition admonition-tip" aria-label="Tip: Title"><p class="admonition-title"><span class="admonition-icon" aria-hidden="true">💡</span>Title</p>
//	...body...
//	</aside>
//
// With the default title the label is just "Tip". Pages style it through
// the classes; there are no inline styles or scripts.
type admonitionHTMLRenderer struct{}

func (r *admonitionHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAdmonition, r.renderAdmonition)
}

func (r *admonitionHTMLRenderer) renderAdmonition(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</aside>\n")
		return ast.WalkContinue, nil
	}
	n := node.(*Admonition)
	style, ok := admonitionStyles[n.Keyword]
	if !ok { // a node built by other code
		style = admonitionStyles["note"]
	}
	title := n.Title
	if title == "" {
		title = style.name
	}
	label := style.name
	if title != style.name {
		label += ": " + title
	}
	_, _ = w.WriteString(`<aside class="admonition admonition-`)
	_, _ = w.WriteString(style.class)
	_, _ = w.WriteString(`" aria-label="`)
	_, _ = w.Write(util.EscapeHTML([]byte(label)))
	_, _ = w.WriteString(`"><p class="admonition-title"><span class="admonition-icon" aria-hidden="true">`)
	_, _ = w.WriteString(style.icon)
	_, _ = w.WriteString(`</span>`)
	_, _ = w.Write(util.EscapeHTML([]byte(title)))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

type admonitions struct{}

// Admonitions is a goldmark extension for Docusaurus admonitions
// (":::note", ":::tip Title", ":::warning[Title]" … ":::"), parsed into
// Admonition nodes. An unknown keyword (":::foo") stays text. A line of at
// least as many colons closes an admonition, so an outer admonition needs
// more colons than the ones it contains; an unclosed one runs to the end
// of the document, like a fenced code block.
var Admonitions goldmark.Extender = &admonitions{}

// Extend implements goldmark.Extender.
func (e *admonitions) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(
		// Next to fenced code blocks, before paragraphs (1000).
		util.Prioritized(&admonitionParser{}, 750),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&admonitionHTMLRenderer{}, 500),
	))
}
