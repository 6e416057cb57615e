// Package render turns one page's markdown into HTML with goldmark, and
// reports what the rest of the pipeline needs to know about the page: its
// title (the first H1), headings and anchors for the table of contents and
// link checks, the FAQ for structured data, and a description.
//
// Everything Latticework adds to markdown is a goldmark extension or AST
// transformer here: Docusaurus heading IDs, admonitions, FAQ sections,
// exercise blocks, link rewriting, checked raw HTML, and Docusaurus's MDX
// reading of markdown. Pages render independently, so the build renders
// them in parallel with one Renderer.
package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/latticework/latticework/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure a Renderer for a whole site.
type Options struct {
	// UnsafeHTML passes raw HTML through; by default only harmless tags
	// render and the rest is shown escaped, with a warning.
	UnsafeHTML bool
	// Format is the site's markdown.format: FormatMDX (the default, also
	// for ""), FormatMD or FormatDetect.
	Format string
}

// Input is one page to render.
type Input struct {
	// File names the page in errors, e.g. "content/docs/a.md"; under
	// FormatDetect its extension picks how the page is read.
	File string
	// Src is the whole file, Body the markdown, which starts on file line
	// BodyLine+1.
	Src      []byte
	Body     []byte
	BodyLine int
	// Link rewrites a link destination written in the page to the one to
	// publish. It reports broken links itself; nil keeps destinations.
	Link func(dest string, pos diag.Pos) string
	// Exercise returns the HTML that replaces an ```exercise block naming
	// id; nil renders such blocks as code.
	Exercise func(id string, pos diag.Pos) []byte
}

// Heading is a heading of the page.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// QA is one question of a FAQ section, as plain text for structured data.
type QA struct {
	ID       string
	Question string
	Answer   string
}

// Output is a rendered page.
type Output struct {
	HTML string
	// Title is the plain text of the first H1, "" if the page has none.
	Title string
	// Headings lists every heading in order, the H1 included.
	Headings []Heading
	// Description is the plain text of the first paragraph, shortened.
	Description string
	FAQ         []QA
	// Exercises names the exercise ids the page embeds.
	Exercises []string
	// Sections is the page's text split at its h2 and h3 headings, for
	// the search index. The first section (ID "") is the text before them.
	Sections []Section
}

// Section is the plain text under one heading.
type Section struct {
	ID      string
	Heading string
	// Text is the section's words, with white space as written between
	// them (runs of it, line breaks): what matters to the index is words.
	Text string
}

// TOC returns the table of contents: the headings from level lo to hi
// (Docusaurus's default is 2 to 3), but for a FAQ's questions, which are
// folded under the FAQ's heading: a dozen questions would otherwise run
// the table off the screen, and the FAQ itself lists them.
func (o *Output) TOC(lo, hi int) []Heading {
	question := make(map[string]bool, len(o.FAQ))
	for _, qa := range o.FAQ {
		question[qa.ID] = true
	}
	var toc []Heading
	for _, h := range o.Headings {
		if lo <= h.Level && h.Level <= hi && !question[h.ID] {
			toc = append(toc, h)
		}
	}
	return toc
}

// Anchors returns the set of fragment identifiers the page defines.
func (o *Output) Anchors() map[string]bool {
	a := make(map[string]bool, len(o.Headings))
	for _, h := range o.Headings {
		a[h.ID] = true
	}
	return a
}

// Renderer renders pages. It is safe for concurrent use.
type Renderer struct {
	opts Options
	// md parses CommonMark, mdx MDX; each of the noAutolinks ones parses
	// pages without autolinks (see mayAutolink). md's renderer renders
	// every parser's tree.
	md, noAutolinks, mdx, mdxNoAutolinks goldmark.Markdown
}

var stateKey = parser.NewContextKey()

// state carries one page's input and findings through goldmark's passes.
type state struct {
	in    *Input
	lines *diag.Lines
	errs  *diag.List
	out   *Output
	// mdx reads the page as Docusaurus reads MDX.
	mdx    bool
	unsafe bool
}

func (s *state) pos(offset int) diag.Pos {
	line, col := s.lines.Pos(offset)
	return diag.Pos{File: s.in.File, Line: line, Col: col}
}

// New returns a Renderer configured for a site.
func New(opts Options) *Renderer {
	writer := gmhtml.WithWriter(textWriter{gmhtml.DefaultWriter})
	var links *linkRenderer
	if !opts.UnsafeHTML {
		links = newLinkRenderer(writer)
	}
	markdown := func(mdx bool, flavor goldmark.Extender) goldmark.Markdown {
		exts := []goldmark.Extender{
			flavor,
			extension.Footnote,
			Admonitions,
			Highlighting,
			pageExtension{links: links},
			Limits, // last: it wraps the block parsers added before it
		}
		var gmOpts []goldmark.Option
		if mdx {
			exts = append(exts, mdxFlavor{})
			gmOpts = append(gmOpts, goldmark.WithParser(mdxParser()))
		}
		gmOpts = append(gmOpts, goldmark.WithParserOptions(parser.WithHeadingAttribute()))
		htmlOpts := []renderer.Option{writer}
		if opts.UnsafeHTML {
			htmlOpts = append(htmlOpts, gmhtml.WithUnsafe())
		} else {
			exts = append(exts, escapedRaw{})
		}
		return goldmark.New(append(gmOpts,
			goldmark.WithExtensions(exts...),
			goldmark.WithRendererOptions(htmlOpts...),
		)...)
	}
	return &Renderer{
		opts:           opts,
		md:             markdown(false, GFM),
		noAutolinks:    markdown(false, gfmNoAutolinks),
		mdx:            markdown(true, GFM),
		mdxNoAutolinks: markdown(true, gfmNoAutolinks),
	}
}

// isMDX reports whether a page is read as MDX, as Docusaurus would.
func (r *Renderer) isMDX(file string) bool {
	switch r.opts.Format {
	case FormatMD:
		return false
	case FormatDetect:
		return strings.HasSuffix(file, ".mdx")
	}
	return true
}

// Render renders one page, reporting problems (broken links, unknown
// exercises, refused HTML) to errs with their file:line:col.
func (r *Renderer) Render(in Input, errs *diag.List) *Output {
	mdx := r.isMDX(in.File)
	auto := mayAutolink(in.Body)
	var p parser.Parser
	switch {
	case mdx && auto:
		p = r.mdx.Parser()
	case mdx:
		p = r.mdxNoAutolinks.Parser()
	case auto:
		p = r.md.Parser()
	default:
		p = r.noAutolinks.Parser()
	}
	return r.render(in, errs, p)
}

// render renders one page with parser p, one of r's: MDX's for a page
// read as MDX.
func (r *Renderer) render(in Input, errs *diag.List, p parser.Parser) *Output {
	st := &state{in: &in, lines: diag.NewLines(in.Body, in.BodyLine), errs: errs, out: &Output{}, mdx: r.isMDX(in.File), unsafe: r.opts.UnsafeHTML}
	pc := parser.NewContext(parser.WithIDs(NewIDs()))
	pc.Set(stateKey, st)
	doc := p.Parse(text.NewReader(in.Body), parser.WithContext(pc))
	// A string from the start: the layout takes the article as one, and
	// converting 100 KB of bytes would copy them.
	var buf strings.Builder
	buf.Grow(len(in.Body) + len(in.Body)/2)
	if err := r.md.Renderer().Render(builderWriter{&buf}, in.Body, doc); err != nil {
		errs.Addf(diag.Pos{File: in.File}, "rendering failed: "+err.Error())
	}
	st.out.HTML = buf.String()
	return st.out
}

// builderWriter has goldmark write a page's HTML straight into the
// builder: given a plain io.Writer, goldmark writes through a bufio.Writer
// of its own, which copied the HTML once more.
type builderWriter struct{ *strings.Builder }

// Available implements util.BufWriter.
func (w builderWriter) Available() int { return w.Cap() - w.Len() }

// Buffered implements util.BufWriter: nothing waits to be written.
func (builderWriter) Buffered() int { return 0 }

// Flush implements util.BufWriter.
func (builderWriter) Flush() error { return nil }

// pageExtension registers the transformer and the renderers for what it
// produces, and links, if set, for links and images.
type pageExtension struct{ links *linkRenderer }

func (e pageExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(pageTransformer{}, 100)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(pageRenderer{}, 100)))
	if e.links != nil {
		m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(e.links, 100)))
	}
}

type pageTransformer struct{}

// Transform runs once per page after parsing. The order matters: FAQ
// sections turn bold lines into headings before headings get their IDs.
// Headings get ids in document order, as Docusaurus gives them, but for
// those made from bold lines, which get theirs after all the others.
func (pageTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		return
	}
	src := reader.Source()
	made := transformFAQ(doc, src)
	var exercises []*ast.FencedCodeBlock
	var raw []ast.Node // HTML, in document order
	var h1Seen, hidden bool
	// The headings made from bold lines, with their text and their
	// place in st.out.Headings.
	type later struct {
		h   *ast.Heading
		txt string
		i   int
	}
	var madeIDs []later
	eachNode(doc, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 1 {
				if h1Seen {
					// A page shows one H1, its title; later ones become sections.
					n.Level = 2
					st.errs.Add(&diag.Error{Pos: st.pos(blockStart(n)), Msg: "a page has one `# ` title; this second H1 is shown as `## `", Warning: true})
				}
				h1Seen = true
			}
			txt := HeadingText(n, src)
			var id string
			if v, ok := n.AttributeString("id"); ok {
				id = string(toBytes(v))
				pc.IDs().Put(toBytes(v))
			} else if made[n] {
				madeIDs = append(madeIDs, later{n, txt, len(st.out.Headings)})
			} else {
				idb := pc.IDs().Generate([]byte(txt), ast.KindHeading)
				n.SetAttributeString("id", idb)
				id = string(idb)
			}
			short := singleSpaced(txt)
			if n.Level == 1 && st.out.Title == "" {
				st.out.Title = short
			}
			st.out.Headings = append(st.out.Headings, Heading{Level: n.Level, ID: id, Text: short})
		case *ast.Paragraph:
			if st.mdx && n.Parent() == doc {
				st.checkESM(n, src)
			}
			if st.out.Description == "" && n.Parent() == doc {
				st.out.Description = shorten(plainText(n, src), 160)
			}
		case *ast.RawHTML, *ast.HTMLBlock:
			raw = append(raw, n)
		case *ast.AutoLink:
			if st.mdx {
				st.checkAutolink(n, src)
			}
		case *ast.Link:
			if st.in.Link != nil {
				n.Destination = []byte(st.in.Link(string(n.Destination), st.pos(inlineStart(n))))
			}
		case *ast.Image:
			if st.in.Link != nil {
				n.Destination = []byte(st.in.Link(string(n.Destination), st.pos(inlineStart(n))))
			}
		case *ast.FencedCodeBlock:
			if string(n.Language(src)) == "exercise" && st.in.Exercise != nil {
				exercises = append(exercises, n)
			}
		case *Expression:
			// An MDX comment: dropEmptyParagraphs has work.
			hidden = hidden || n.Shown == nil
		}
	})
	for _, m := range madeIDs {
		id := pc.IDs().Generate([]byte(m.txt), ast.KindHeading)
		m.h.SetAttributeString("id", id)
		st.out.Headings[m.i].ID = string(id)
	}
	if len(raw) > 0 && st.mdx {
		unravel(raw, src)
	}
	if len(raw) > 0 && (st.mdx || !st.unsafe) {
		st.checkHTML(raw, src, !st.unsafe)
	}
	if hidden {
		dropEmptyParagraphs(doc)
	}
	for _, n := range exercises {
		id := strings.TrimSpace(string(n.Lines().Value(src)))
		st.out.Exercises = append(st.out.Exercises, id)
		pos := st.pos(blockStart(n))
		pos.Line-- // the block starts at its opening fence
		ex := &Exercise{ID: id, HTML: st.in.Exercise(id, pos)}
		n.Parent().ReplaceChild(n.Parent(), n, ex)
	}
	st.out.FAQ = collectFAQ(doc, src)
	st.out.Sections = sections(doc, src)
}

// eachNode calls f for n and every node under it, in document order,
// once each: unlike ast.Walk, not again on leaving it. f must leave the
// tree's structure as it is.
func eachNode(n ast.Node, f func(ast.Node)) {
	f(n)
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		eachNode(c, f)
	}
}

// sections splits the document's text at its h2 and h3 headings, looking
// inside FAQ sections, whose questions are headings too. Every page's
// whole text goes through here, so it is collected in one pass into one
// buffer, about as long as the source, and the sections share it. The
// white space inside text is left as written.
func sections(doc *ast.Document, src []byte) []Section {
	out := []Section{{}}
	text := plainWriter{asWritten: true}
	text.b.Grow(len(src))
	var ends []int // of each section's text in text.b
	var visit func(n ast.Node)
	visit = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Heading:
				if c.Level == 2 || c.Level == 3 {
					ends = append(ends, text.cut())
					id, _ := c.AttributeString("id")
					out = append(out, Section{ID: string(toBytes(id)), Heading: plainText(c, src)})
				} else {
					// The H1 (which may differ from the front
					// matter's title) and h4 to h6 are the
					// text of the section they sit in: their
					// words must be found too.
					text.space = true
					text.node(c, src)
				}
			case *FAQ, *FAQItem:
				visit(c)
			case *Exercise:
			default:
				text.space = true
				text.node(c, src)
			}
		}
	}
	visit(doc)
	ends = append(ends, text.cut())
	all, start := text.b.String(), 0
	for i, end := range ends {
		out[i].Text, start = all[start:end], end
	}
	return out
}

func toBytes(v any) []byte {
	switch v := v.(type) {
	case []byte:
		return v
	case string:
		return []byte(v)
	}
	return nil
}

// blockStart returns the byte offset where a block's text starts.
func blockStart(n ast.Node) int {
	for ; n != nil; n = n.FirstChild() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
		if t, ok := n.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return 0
}

// inlineStart returns the byte offset of an inline node such as a link:
// the '[' before its first text, or its block's start.
func inlineStart(n ast.Node) int {
	var off = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start - 1
			if _, img := n.(*ast.Image); img {
				off-- // "![": the image starts one byte earlier
			}
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock {
			return blockStart(p)
		}
	}
	return 0
}

// plainText returns the text a reader sees in n, with markup removed and
// line breaks as spaces.
func plainText(n ast.Node, src []byte) string {
	var w plainWriter
	w.node(n, src)
	return w.b.String()
}

// plainWriter collects plain text with each run of white space as one
// space, and none at either end: what strings.Join(strings.Fields(s), " ")
// returns, without first building s and then the fields.
type plainWriter struct {
	b     strings.Builder
	start int  // of the piece of text being written, in b
	space bool // white space is due before the next text
	// asWritten keeps the white space inside text as it is, where only
	// the words matter: collapsing it was most of collecting the search
	// text, whose tokeniser and excerpts split words themselves.
	asWritten bool
}

// node writes the text a reader sees in n: markup removed, line breaks and
// the starts of blocks within n as spaces.
func (w *plainWriter) node(n ast.Node, src []byte) {
	switch n := n.(type) {
	case *ast.Text:
		w.write(n.Segment.Value(src))
		if n.SoftLineBreak() || n.HardLineBreak() {
			w.space = true
		}
	case *ast.String:
		w.write(n.Value)
	case *ast.CodeSpan:
		for t := n.FirstChild(); t != nil; t = t.NextSibling() {
			if s, ok := t.(*ast.Text); ok {
				w.write(s.Segment.Value(src))
			}
		}
		return
	case *ast.RawHTML:
		return
	case *Expression:
		w.write(n.Shown)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock {
			w.space = true
		}
		w.node(c, src)
	}
}

// write writes p, collapsing its white space (as unicode.IsSpace has it,
// like strings.Fields).
func (w *plainWriter) write(p []byte) {
	if w.asWritten {
		w.text(p)
		return
	}
	start := 0 // of the text not yet written
	for i := 0; i < len(p); {
		size := 1
		if c := p[i]; c < utf8.RuneSelf {
			if !asciiSpace[c] {
				i++
				continue
			}
			// Copy text with single spaces between words, most of it,
			// in one piece.
			if c == ' ' && i > start && i+1 < len(p) && p[i+1] < utf8.RuneSelf && !asciiSpace[p[i+1]] {
				i += 2
				continue
			}
		} else {
			var r rune
			if r, size = utf8.DecodeRune(p[i:]); !unicode.IsSpace(r) {
				i += size
				continue
			}
		}
		w.text(p[start:i])
		w.space = true
		i += size
		start = i
	}
	w.text(p[start:])
}

// singleSpaced returns strings.Join(strings.Fields(s), " "): s itself,
// without a copy, when its words are one ASCII space apart already, as a
// heading's text nearly always is.
func singleSpaced(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return strings.Join(strings.Fields(s), " ")
			}
			i += size - 1
		} else if asciiSpace[c] && (c != ' ' || i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// asciiSpace marks the ASCII white space characters.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// text writes t, after a space if one is due. Unless asWritten, t
// neither starts nor ends with white space and holds none but single
// spaces.
func (w *plainWriter) text(t []byte) {
	if len(t) == 0 {
		return
	}
	if w.space && w.b.Len() > w.start {
		w.b.WriteByte(' ')
	}
	w.space = false
	w.b.Write(t)
}

// cut ends a piece of text, and returns its end in w.b, where the next
// one starts.
func (w *plainWriter) cut() int {
	w.start, w.space = w.b.Len(), false
	return w.start
}

// shorten cuts s to at most n bytes at a word boundary, adding an ellipsis.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
		// Back to the start of a character, if the text has any.
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:.") + "…"
}

// KindExercise is the node kind of an exercise block.
var KindExercise = ast.NewNodeKind("Exercise")

// Exercise is an ```exercise block, replaced by its worksheet.
type Exercise struct {
	ast.BaseBlock
	ID   string
	HTML []byte
}

// Kind implements ast.Node.
func (n *Exercise) Kind() ast.NodeKind { return KindExercise }

// Dump implements ast.Node.
func (n *Exercise) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID}, nil)
}

// pageRenderer renders headings with their anchor links, and exercises.
type pageRenderer struct{}

func (pageRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindHeading, renderHeading)
	r.Register(KindSafeHTML, renderSafeHTML)
	r.Register(KindSafeHTMLBlock, renderSafeHTML)
	r.Register(KindExpression, renderExpression)
	r.Register(KindUnraveled, renderUnraveled)
	r.Register(KindExercise, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(n.(*Exercise).HTML)
		}
		return ast.WalkSkipChildren, nil
	})
	r.Register(KindFAQ, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<section class="faq">` + "\n")
		} else {
			_, _ = w.WriteString("</section>\n")
		}
		return ast.WalkContinue, nil
	})
	r.Register(KindFAQItem, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<div class="faq-item">` + "\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}

// renderHeading writes a heading with a link to itself after its text, as
// Docusaurus does, so readers can copy a section's address.
func renderHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	lvl := string(rune('0' + n.Level))
	if entering {
		_, _ = w.WriteString("<h" + lvl)
		if n.Attributes() != nil {
			gmhtml.RenderAttributes(w, n, gmhtml.HeadingAttributeFilter)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := n.AttributeString("id"); ok && n.Level > 1 {
		idb := toBytes(id)
		_, _ = w.WriteString(`<a class="hash-link" href="#`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape(idb, false)))
		_, _ = w.WriteString(`" aria-label="Direct link to `)
		_, _ = w.Write(util.EscapeHTML([]byte(singleSpaced(HeadingText(n, src)))))
		_, _ = w.WriteString(`">#</a>`)
	}
	_, _ = w.WriteString("</h" + lvl + ">\n")
	return ast.WalkContinue, nil
}
