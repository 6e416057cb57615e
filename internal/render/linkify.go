package render

import (
	"bytes"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// GFM is goldmark's GitHub Flavored Markdown (tables, strikethrough,
// task lists, and bare URLs and email addresses as links), with a quick
// first test in front of the autolinks.
var GFM goldmark.Extender = gfm{autolinks: true}

// gfmNoAutolinks is GFM without bare URLs and email addresses as links:
// the same parser for a text in which mayAutolink finds none.
var gfmNoAutolinks goldmark.Extender = gfm{}

type gfm struct{ autolinks bool }

func (g gfm) Extend(m goldmark.Markdown) {
	if g.autolinks {
		m.Parser().AddOptions(parser.WithInlineParsers(
			// The priority goldmark's own Linkify extension uses.
			util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999),
		))
	}
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// mayAutolink reports whether src holds anything GFM could turn into a
// link by itself: a URL has "://" after its scheme (http, https or ftp)
// or starts with "www.", and an email address has an @. goldmark stops at
// every space to try its autolink parser, and those stops were a third of
// the time to render a page with none, which most articles are. For
// those, Renderer parses without it. It looks for "://" rather than for
// the schemes, whose first letters are common: that is three times
// faster.
func mayAutolink(src []byte) bool {
	return bytes.IndexByte(src, '@') >= 0 || bytes.Contains(src, []byte("://")) ||
		bytes.Contains(src, []byte("www."))
}

// quickLinkify turns away, before goldmark's autolink parser looks, the
// words that cannot start an autolink. goldmark tries that parser at
// every space, so on every word of a page, and its checks were a tenth
// of parsing one. A URL starts with "http", "ftp:" or "www.", and an
// email address has an @ after at most 64 characters of its local part,
// without spaces; every other word is passed over. Whatever it lets
// through, goldmark decides as before, so pages render the same.
type quickLinkify struct{ parser.InlineParser }

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) > 0 {
		switch line[0] {
		case ' ', '*', '_', '~', '(':
			line = line[1:] // the trigger, as goldmark's parser skips it
		}
	}
	if len(line) == 0 {
		return nil
	}
	switch line[0] {
	case 'h', 'f', 'w':
		if bytes.HasPrefix(line, []byte("http")) || bytes.HasPrefix(line, []byte("ftp:")) || bytes.HasPrefix(line, []byte("www.")) {
			return q.InlineParser.Parse(parent, block, pc)
		}
	}
	// Most words have no @ near them: one vectorised search settles it.
	at := bytes.IndexByte(line[:min(len(line), 65)], '@')
	if at <= 0 || bytes.ContainsFunc(line[:at], func(r rune) bool { return r < utf8.RuneSelf && util.IsSpace(byte(r)) }) {
		return nil
	}
	return q.InlineParser.Parse(parent, block, pc)
}

// CloseBlock is goldmark's, if its parser has one.
func (q quickLinkify) CloseBlock(parent ast.Node, pc parser.Context) {
	if c, ok := q.InlineParser.(interface {
		CloseBlock(ast.Node, parser.Context)
	}); ok {
		c.CloseBlock(parent, pc)
	}
}
