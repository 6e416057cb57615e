package render

import (
	"bytes"
	"html"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/latticework/latticework/internal/diag"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"
)

// Raw HTML written in a page is checked tag by tag against an allow-list:
// the harmless tags authors use in prose (<br>, <sub>, <kbd>, <details>,
// <img> with a safe src, …) render as HTML, and any other tag, a tag with
// an attribute the list does not allow (style, onclick, …) or a URL
// other than a relative or http(s)/mailto one, is shown as text and
// reported as a warning at its file:line:col. Comments render as nothing,
// as in Docusaurus. Tags are balanced: an inline tag left open at the end
// of its paragraph, or one in an HTML block left open at the end of the
// page, is shown as text rather than left to swallow the layout's markup,
// and so is a closing tag that closes nothing. unsafeHTML: true skips all
// of this and passes raw HTML through.

// htmlPolicy is the allow-list, built once: bluemonday checks each tag's
// element, attributes and URLs, so that Latticework never parses an
// attribute or a URL itself.
var htmlPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(
		"br", "wbr", "hr", "sub", "sup", "kbd", "abbr", "mark", "small", "ins", "del", "s", "u",
		"b", "i", "em", "strong", "code", "q", "cite", "dfn", "var", "samp", "time", "span",
		"div", "p", "center", "details", "summary", "pre", "blockquote", "figure", "figcaption",
		"ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr",
		"th", "td", "colgroup", "col", "h1", "h2", "h3", "h4", "h5", "h6", "img", "a",
	)
	p.AllowAttrs("class", "id", "title", "lang", "dir").Globally()
	p.AllowAttrs("align").OnElements("p", "div", "img", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6")
	p.AllowAttrs("src", "alt", "width", "height", "loading").OnElements("img")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("target").Matching(regexp.MustCompile(`^_(blank|self)$`)).OnElements("a")
	p.AllowAttrs("cite").OnElements("q", "blockquote", "del", "ins")
	p.AllowAttrs("datetime").OnElements("time", "del", "ins")
	p.AllowAttrs("colspan", "rowspan").OnElements("td", "th")
	p.AllowAttrs("start", "reversed", "type").OnElements("ol")
	p.AllowAttrs("open").OnElements("details")
	p.AllowAttrs("span").OnElements("col", "colgroup")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	// Elements bluemonday drops when they have no attributes left (a, img):
	// keep the check strict, never let it drop one silently.
	p.AllowNoAttrs().OnElements("span", "div", "p", "a")
	return p
})

// voidElements have no closing tag.
var voidElements = map[string]bool{"br": true, "wbr": true, "hr": true, "img": true, "col": true}

// KindSafeHTML and KindSafeHTMLBlock are the node kinds of checked raw
// HTML, inline and block.
var (
	KindSafeHTML      = ast.NewNodeKind("SafeHTML")
	KindSafeHTMLBlock = ast.NewNodeKind("SafeHTMLBlock")
)

// SafeHTML replaces an inline raw HTML node once its tag has been
// checked.
type SafeHTML struct {
	ast.BaseInline
	htmlParts
}

// SafeHTMLBlock replaces an HTML block once its tags have been checked.
type SafeHTMLBlock struct {
	ast.BaseBlock
	htmlParts
}

// htmlParts are the tags of a raw HTML node, and the text between them:
// each renders as the policy's form of it or, if refused, as text.
type htmlParts struct{ parts []*htmlPart }

// htmlPart is one tag, or the text between tags in an HTML block.
type htmlPart struct {
	raw  []byte // as written
	html string // what renders when allowed
	// escaped shows raw as text.
	escaped bool
}

// Kind implements ast.Node.
func (n *SafeHTML) Kind() ast.NodeKind { return KindSafeHTML }

// Kind implements ast.Node.
func (n *SafeHTMLBlock) Kind() ast.NodeKind { return KindSafeHTMLBlock }

// IsRaw implements ast.Node.
func (n *SafeHTMLBlock) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *SafeHTML) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Dump implements ast.Node.
func (n *SafeHTMLBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

func renderSafeHTML(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var parts []*htmlPart
	block := false
	switch n := node.(type) {
	case *SafeHTML:
		parts = n.parts
	case *SafeHTMLBlock:
		parts, block = n.parts, true
	}
	// A block of which no tag renders, a <script> say, is shown as the
	// code it is; one of nothing but comments, as nothing.
	asCode := block && slices.ContainsFunc(parts, func(p *htmlPart) bool { return p.escaped }) &&
		!slices.ContainsFunc(parts, func(p *htmlPart) bool { return !p.escaped && strings.HasPrefix(p.html, "<") })
	if block && !slices.ContainsFunc(parts, func(p *htmlPart) bool { return p.escaped || strings.TrimSpace(p.html) != "" }) {
		return ast.WalkSkipChildren, nil
	}
	if asCode {
		_, _ = w.WriteString(`<pre class="raw-html"><code>`)
	}
	for _, p := range parts {
		if p.escaped || asCode {
			writeEscaped(w, p.raw)
		} else {
			_, _ = w.WriteString(p.html)
		}
	}
	if asCode {
		_, _ = w.WriteString("</code></pre>")
	}
	if block && len(parts) > 0 {
		_ = w.WriteByte('\n')
	}
	return ast.WalkSkipChildren, nil
}

// escapedRaw shows raw HTML nodes left in the tree as text: the page
// transformer replaces them all, so this is only a safety net should a
// future pass add one.
type escapedRaw struct{}

func (escapedRaw) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(escapedRaw{}, 500)))
}

func (escapedRaw) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindRawHTML, renderEscapedRaw)
	r.Register(ast.KindHTMLBlock, renderEscapedRaw)
}

func renderEscapedRaw(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		raw, _ := rawSource(node, src)
		writeEscaped(w, raw)
	}
	return ast.WalkSkipChildren, nil
}

// writeEscaped writes b as HTML text, with NUL replaced as CommonMark
// asks.
func writeEscaped(w util.BufWriter, b []byte) {
	if bytes.IndexByte(b, 0) >= 0 {
		b = bytes.ReplaceAll(b, []byte{0}, []byte("\uFFFD"))
	}
	_, _ = w.Write(util.EscapeHTML(b))
}

// rawSource returns the text of a raw HTML node, inline or block, and the
// source offset of each of its lines' starts, to turn an offset in the
// text back into one in the source.
func rawSource(n ast.Node, src []byte) ([]byte, []segStart) {
	var segs []segStart
	var raw []byte
	add := func(start, stop int) {
		segs = append(segs, segStart{len(raw), start})
		raw = append(raw, src[start:stop]...)
	}
	switch n := n.(type) {
	case *ast.RawHTML:
		if n.Segments.Len() == 1 { // a tag on one line: no copy
			s := n.Segments.At(0)
			return src[s.Start:s.Stop:s.Stop], []segStart{{0, s.Start}}
		}
		for i := 0; i < n.Segments.Len(); i++ {
			s := n.Segments.At(i)
			add(s.Start, s.Stop)
		}
	case *ast.HTMLBlock:
		for i := 0; i < n.Lines().Len(); i++ {
			s := n.Lines().At(i)
			add(s.Start, s.Stop)
		}
		if n.HasClosure() {
			add(n.ClosureLine.Start, n.ClosureLine.Stop)
		}
	}
	return raw, segs
}

type segStart struct{ raw, src int }

// srcOffset maps an offset in a node's raw text to the source.
func srcOffset(segs []segStart, off int) int {
	s := segStart{}
	for _, x := range segs {
		if x.raw > off {
			break
		}
		s = x
	}
	return s.src + off - s.raw
}

// openTag is a tag not yet closed.
type openTag struct {
	name string
	part *htmlPart
	off  int // in the source
	// refused is an element shown as text, already reported: its
	// closing tag is shown as text too, without a second warning.
	refused bool
}

// htmlChecker checks a page's raw HTML nodes in document order.
type htmlChecker struct {
	st *state
	// sanitize is false under unsafeHTML, where only MDX components are
	// looked for.
	sanitize bool
	// blocks are the tags HTML blocks and unravelled paragraphs left open;
	// inline those the current inline scope (a paragraph, a heading, a
	// link…) left open.
	blocks, inline []openTag
	scope          ast.Node
	// checked memoises the policy's verdict on each tag as written: a
	// page repeats its few tags (<sub>, <br/>) many times.
	checked map[string]verdict
}

// verdict is the policy's form of a tag, "" if refused, and the first
// attribute it dropped.
type verdict struct{ out, dropped string }

func (c *htmlChecker) check(raw []byte) verdict {
	if v, ok := c.checked[string(raw)]; ok {
		return v
	}
	v := verdict{out: htmlPolicy().Sanitize(string(raw))}
	if v.out != "" {
		v.dropped = droppedAttr(raw, v.out)
	}
	if c.checked == nil {
		c.checked = map[string]verdict{}
	}
	c.checked[string(raw)] = v
	return v
}

// checkHTML replaces the raw HTML nodes of a page, in document order,
// with SafeHTML nodes, reporting what it does not render.
func (st *state) checkHTML(nodes []ast.Node, src []byte, sanitize bool) {
	c := &htmlChecker{st: st, sanitize: sanitize}
	for _, n := range nodes {
		c.node(n, src)
	}
	c.closeScope(nil)
	for _, t := range c.blocks {
		c.unclosed(t, "the page")
	}
}

func (c *htmlChecker) report(off int, msg string, warning bool) {
	e := diag.At(c.st.pos(off), c.st.in.Src, msg)
	e.Warning = warning
	c.st.errs.Add(e)
}

// optIn ends the warnings about refused HTML.
const optIn = "; set `unsafeHTML: true` in latticework.yaml to pass raw HTML through"

// closeScope ends the inline scope, showing its unclosed tags as text.
func (c *htmlChecker) closeScope(next ast.Node) {
	if next == c.scope {
		return
	}
	for _, t := range c.inline {
		c.unclosed(t, "its paragraph")
	}
	c.inline, c.scope = c.inline[:0], next
}

func (c *htmlChecker) unclosed(t openTag, where string) {
	if t.refused {
		return
	}
	t.part.escaped = true
	c.report(t.off, "`<"+t.name+">` is not closed before the end of "+where+", so it is shown as text: add `</"+t.name+">`", true)
}

func (c *htmlChecker) node(n ast.Node, src []byte) {
	block := n.Type() == ast.TypeBlock
	_, unraveled := n.Parent().(*Unraveled)
	stack := &c.blocks
	if !block && !unraveled {
		c.closeScope(n.Parent())
		stack = &c.inline
	}
	raw, segs := rawSource(n, src)
	var out htmlParts
	if !block {
		// goldmark's inline raw HTML is one tag, comment, declaration or
		// processing instruction: no tokenizer needed.
		if part := c.token(inlineToken(raw), raw, srcOffset(segs, 0), stack); part != nil {
			out.parts = append(out.parts, part)
		}
	} else {
		z := xhtml.NewTokenizer(bytes.NewReader(raw))
		for off := 0; ; {
			tt := z.Next()
			if tt == xhtml.ErrorToken {
				break
			}
			tok := z.Raw()
			if part := c.token(tt, raw[off:off+len(tok)], srcOffset(segs, off), stack); part != nil {
				out.parts = append(out.parts, part)
			}
			off += len(tok)
		}
	}
	if !c.sanitize {
		return
	}
	var safe ast.Node = &SafeHTML{htmlParts: out}
	if block {
		safe = &SafeHTMLBlock{htmlParts: out}
	}
	n.Parent().ReplaceChild(n.Parent(), n, safe)
}

// inlineToken returns the kind of an inline raw HTML node's one token,
// as the tokenizer would name it.
func inlineToken(raw []byte) xhtml.TokenType {
	switch {
	case bytes.HasPrefix(raw, []byte("</")):
		return xhtml.EndTagToken
	case bytes.HasPrefix(raw, []byte("<!--")), bytes.HasPrefix(raw, []byte("<?")), bytes.HasPrefix(raw, []byte("<![")):
		return xhtml.CommentToken
	case bytes.HasPrefix(raw, []byte("<!")):
		return xhtml.DoctypeToken
	case bytes.HasSuffix(raw, []byte("/>")):
		return xhtml.SelfClosingTagToken
	}
	return xhtml.StartTagToken
}

// token decides how one token of raw HTML renders, at offset at in the
// source; nil drops it.
func (c *htmlChecker) token(tt xhtml.TokenType, raw []byte, at int, stack *[]openTag) *htmlPart {
	part := &htmlPart{raw: raw}
	switch tt {
	case xhtml.CommentToken:
		if bytes.HasPrefix(raw, []byte("<!--")) {
			return nil // invisible either way; Docusaurus drops them too
		}
		// <?php … ?> and <![CDATA[…]]>, which HTML reads as comments.
		part.escaped = true
		if c.sanitize {
			c.report(at, "`"+string(firstLine(raw))+"` is shown as text"+optIn, true)
		}
	case xhtml.TextToken:
		// Text the HTML holds, such as a <script>'s, as the reader
		// would see it as text.
		part.html = strings.ReplaceAll(html.EscapeString(html.UnescapeString(string(raw))), "\x00", "\uFFFD")
	case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
		name := tagName(raw)
		if c.startTag(part, tt == xhtml.SelfClosingTagToken, at) || part.escaped && tt == xhtml.StartTagToken && !voidElements[name] {
			*stack = append(*stack, openTag{name: name, part: part, off: at, refused: part.escaped})
		}
	case xhtml.EndTagToken:
		c.endTag(part, stack, at)
	default: // doctype
		part.escaped = true
		if c.sanitize {
			c.report(at, "`"+string(firstLine(raw))+"` is shown as text"+optIn, true)
		}
	}
	return part
}

// tagName returns the lower-case name of the tag raw starts with.
func tagName(raw []byte) string {
	raw = bytes.TrimLeft(raw, "</")
	end := bytes.IndexFunc(raw, func(r rune) bool {
		return !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	})
	if end < 0 {
		end = len(raw)
	}
	return strings.ToLower(string(raw[:end]))
}

// startTag decides how an opening tag renders, and reports whether it
// opened an element that must be closed.
func (c *htmlChecker) startTag(part *htmlPart, selfClosing bool, at int) bool {
	name := tagName(part.raw)
	written := string(part.raw[1 : 1+len(name)])
	policy := htmlPolicy()
	if c.st.mdx && part.raw[1] >= 'A' && part.raw[1] <= 'Z' {
		if policy.Sanitize("<"+name+">") == "" {
			part.escaped = true
			c.report(at, "`<"+written+">` is a React component (MDX), which Latticework does not render: "+componentAdvice(written), false)
			return false
		}
		c.report(at, "Docusaurus's MDX reads `<"+written+">` as a React component and fails: write `<"+name+">`", true)
	}
	if !c.sanitize {
		part.html = string(part.raw)
		return false
	}
	v := c.check(part.raw)
	out := v.out
	if out == "" {
		part.escaped = true
		c.report(at, "`<"+written+">` is shown as text: it is not among the tags pages may hold"+optIn, true)
		return false
	}
	if dropped := v.dropped; dropped != "" {
		part.escaped = true
		why := "its `" + dropped + "` attribute is not allowed (no style, event handlers or scripts)"
		if dropped == "href" || dropped == "src" || dropped == "cite" {
			why = "its `" + dropped + "` is not a relative, http(s) or mailto URL"
		}
		c.report(at, "`<"+name+">` is shown as text: "+why+optIn, true)
		return false
	}
	void := voidElements[name]
	if c.st.mdx && void && !selfClosing {
		c.report(at, "Docusaurus's MDX fails on `<"+name+">` without a closing slash: write `<"+name+" />`", true)
	}
	if selfClosing && !void {
		// HTML ignores the slash of <div/>, which would stay open; MDX
		// closes it.
		out = strings.TrimSuffix(strings.TrimSuffix(out, "/>"), " ") + "></" + name + ">"
	}
	part.html = out
	return !void && !selfClosing
}

// droppedAttr returns the first attribute of the tag as written that the
// policy's form of it lacks.
func droppedAttr(raw []byte, out string) string {
	kept := map[string]bool{}
	z := xhtml.NewTokenizer(strings.NewReader(out))
	z.Next()
	for {
		k, _, more := z.TagAttr()
		kept[string(k)] = true
		if !more {
			break
		}
	}
	z = xhtml.NewTokenizer(bytes.NewReader(raw))
	z.Next()
	for {
		k, _, more := z.TagAttr()
		if k != nil && !kept[string(k)] {
			return string(k)
		}
		if !more {
			return ""
		}
	}
}

// endTag closes the innermost open element of its name, if any.
func (c *htmlChecker) endTag(part *htmlPart, stack *[]openTag, at int) {
	name := tagName(part.raw)
	if !c.sanitize {
		part.html = string(part.raw)
		return
	}
	for i := len(*stack) - 1; i >= 0; i-- {
		if (*stack)[i].name != name {
			continue
		}
		for _, t := range (*stack)[i+1:] {
			c.unclosed(t, "`<"+name+">`")
		}
		part.html = "</" + name + ">"
		part.escaped = (*stack)[i].refused
		*stack = (*stack)[:i]
		return
	}
	part.escaped = true
	if htmlPolicy().Sanitize("<"+name+">") != "" {
		// A refused element's closing tag, such as </script>, says
		// nothing more than its opening one.
		c.report(at, "`</"+name+">` closes no open `<"+name+">`, so it is shown as text", true)
	}
}

// componentAdvice says what to write instead of an MDX component.
func componentAdvice(name string) string {
	switch name {
	case "Tabs", "TabItem":
		return "write each tab's content under its own heading"
	case "Admonition":
		return "write an admonition, `:::note` … `:::`"
	case "Details":
		return "write `<details>` and `<summary>`"
	case "CodeBlock":
		return "write a fenced code block"
	case "DocCardList":
		return "link the pages in a list"
	}
	return "write its content as markdown or plain HTML"
}
