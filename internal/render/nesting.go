package render

import (
	"reflect"
	"strconv"

	"github.com/latticework/latticework/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxNesting is how deep lists, block quotes, admonitions and footnote
// definitions may nest inside one another. goldmark's time on a page
// grows with the square of its nesting (each line is matched against
// every open block), so a hostile page of lists nested a few thousand
// deep would stall a build for minutes; md4c and cmark-based parsers cap
// nesting for the same reason. A marker deeper than this is read as
// text, and the page fails with an error at its line.
const MaxNesting = 32

// Limits is a goldmark extension that keeps rendering time linear in a
// page's size: it enforces MaxNesting on the container block parsers
// registered before it, so it must come last among the extensions, and
// MaxExpansion on links to reference definitions, and MaxTableCells
// on tables.
var Limits goldmark.Extender = limits{}

type limits struct{}

// tooDeepKey marks a page whose nesting was already reported.
var tooDeepKey = parser.NewContextKey()

// containers are the block parsers whose blocks hold other blocks.
var containers = map[reflect.Type]bool{
	reflect.TypeOf(parser.NewListParser()):             true,
	reflect.TypeOf(parser.NewBlockquoteParser()):       true,
	reflect.TypeOf(extension.NewFootnoteBlockParser()): true,
	reflect.TypeOf(&admonitionParser{}):                true,
}

func (limits) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(nestingOption{}, tableOption{},
		// Before the page's transformer (100), which copies every
		// destination.
		parser.WithASTTransformers(util.Prioritized(expansionLimit{}, 50)))
}

// MaxExpansion is how many bytes of link destinations and titles a page
// may have beyond its own size. Each use of a reference definition
// ("[x]" with "[x]: /long/url" elsewhere) repeats its destination, so a
// page of 100 KB could otherwise render to gigabytes; cmark limits this
// alike.
const MaxExpansion = 100 << 10

// expansionLimit reports the link where the page's links exceed
// MaxExpansion and empties the destinations from there on.
type expansionLimit struct{}

func (expansionLimit) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if len(pc.References()) == 0 {
		// Without references, each destination and title is a piece of
		// the page's text, none taken twice: together they cannot
		// exceed the page.
		return
	}
	budget := len(reader.Source()) + MaxExpansion
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest, title *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest, title = &n.Destination, &n.Title
		case *ast.Image:
			dest, title = &n.Destination, &n.Title
		default:
			return ast.WalkContinue, nil
		}
		if budget >= 0 {
			budget -= len(*dest) + len(*title)
			if budget < 0 {
				if st, _ := pc.Get(stateKey).(*state); st != nil {
					st.errs.Add(diag.At(st.pos(inlineStart(n)), st.in.Src, "the links up to here repeat more than "+
						strconv.Itoa(MaxExpansion>>10)+" KB of destinations from link reference definitions: use fewer or shorter references"))
				}
			}
		}
		if budget < 0 {
			*dest, *title = nil, nil
		}
		return ast.WalkContinue, nil
	})
}

// nestingOption wraps the container parsers in the parser's
// configuration: goldmark's options can add parsers but not replace them.
type nestingOption struct{}

func (nestingOption) SetParserOption(c *parser.Config) {
	for i, v := range c.BlockParsers {
		if bp, ok := v.Value.(parser.BlockParser); ok && containers[reflect.TypeOf(bp)] {
			c.BlockParsers[i].Value = limitedParser{bp}
		}
	}
}

// limitedParser is a container block parser that opens no block deeper
// than MaxNesting, so that the other parsers (in the end the paragraph's)
// read the line instead.
type limitedParser struct{ parser.BlockParser }

func (p limitedParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	// A list's level is its item: the list parser is also asked to open
	// a block right inside a list, where it declines.
	depth := 1 // the block this would open
	for n := parent; n != nil; n = n.Parent() {
		switch n.Kind() {
		case ast.KindDocument, ast.KindList:
		default:
			depth++
		}
	}
	if depth <= MaxNesting {
		return p.BlockParser.Open(parent, reader, pc)
	}
	if st, _ := pc.Get(stateKey).(*state); st != nil && pc.Get(tooDeepKey) == nil {
		pc.Set(tooDeepKey, true) // once a page: the lines after are as deep
		_, seg := reader.PeekLine()
		pos := st.pos(seg.Start)
		st.errs.Add(diag.At(pos, st.in.Src, "lists, block quotes and admonitions are nested more than "+
			strconv.Itoa(MaxNesting)+" deep here; the markers from this one on are shown as text: nest less deeply, or split the content"))
	}
	return nil, parser.NoChildren
}
