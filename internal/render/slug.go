package render

import (
	"bufio"
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// Slug returns the id github-slugger (v2, used by Docusaurus) makes from
// text, without deduplication:
//
//   - text is lowercased as JavaScript's toLowerCase does (Unicode full
//     mapping: "İ" becomes "i̇" and a word-final "Σ" becomes "ς");
//   - punctuation other than '_' (Unicode Pc) and a plain '-', symbols
//     (emoji included), other numbers such as "²" or "①", control and
//     format characters, private-use and unassigned code points, and every
//     separator but the ASCII space are removed; letters, marks, decimal
//     and letter numbers are kept, as are symbols that are alphabetic such
//     as "Ⓐ";
//   - each ASCII space becomes '-'. Runs are not collapsed ("C++ & Go"
//     gives "c--go") and nothing is trimmed (" a " gives "-a-"), exactly
//     like github-slugger; heading text from goldmark is already trimmed.
//
// The result may be empty, e.g. for a heading that is only an emoji.
// Classification uses Go's Unicode tables, which are newer than the
// Unicode 13 tables github-slugger was generated from: only characters
// assigned after Unicode 13 can slug differently.
func Slug(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	// The runes, for a capital sigma to look at its neighbours: it is
	// rare, and the copy was a good part of slugging.
	var rs []rune
	if strings.ContainsRune(text, 'Σ') {
		rs = []rune(text)
	}
	i := -1 // r's index in rs
	for _, r := range text {
		i++
		switch {
		case r == 'İ':
			// JavaScript's only unconditional one-to-many lowercase mapping.
			b.WriteString("i\u0307")
			continue
		case r == 'Σ':
			if slugFinalSigma(rs, i) {
				r = 'ς'
			} else {
				r = 'σ'
			}
		default:
			r = unicode.ToLower(r)
		}
		switch {
		case r == ' ':
			b.WriteByte('-')
		case slugRemoved(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// slugRemoveTables are the general categories github-slugger strips.
var slugRemoveTables = []*unicode.RangeTable{
	unicode.No,
	unicode.Pd, unicode.Pe, unicode.Pf, unicode.Pi, unicode.Po, unicode.Ps,
	unicode.S,
	unicode.Cc, unicode.Cf, unicode.Co,
	unicode.Z,
}

// slugAssignedTables together cover every assigned code point.
var slugAssignedTables = []*unicode.RangeTable{
	unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.C,
}

func slugRemoved(r rune) bool {
	if r == '-' || r == ' ' {
		return false
	}
	if r < 0x80 {
		// Fast path, same answer as the tables.
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_')
	}
	if unicode.Is(unicode.Other_Alphabetic, r) {
		// github-slugger keeps Alphabetic code points even when they are
		// symbols (circled and squared letters).
		return false
	}
	return unicode.In(r, slugRemoveTables...) || !unicode.In(r, slugAssignedTables...)
}

// slugFinalSigma reports whether the capital sigma at rs[i] lowercases to
// the final form 'ς' under Unicode's Final_Sigma condition, which
// JavaScript's toLowerCase applies: preceded by a cased letter and not
// followed by one, ignoring case-ignorable characters in between.
func slugFinalSigma(rs []rune, i int) bool {
	before := false
	for j := i - 1; j >= 0; j-- {
		if slugCaseIgnorable(rs[j]) {
			continue
		}
		before = slugCased(rs[j])
		break
	}
	if !before {
		return false
	}
	for j := i + 1; j < len(rs); j++ {
		if slugCaseIgnorable(rs[j]) {
			continue
		}
		return !slugCased(rs[j])
	}
	return true
}

func slugCased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase)
}

func slugCaseIgnorable(r rune) bool {
	switch r {
	// Word_Break MidLetter, MidNumLet and Single_Quote, which Go's tables
	// do not provide.
	case '\'', '.', ':', '\u00B7', '\u0387', '\u055F', '\u05F4', '\u2018', '\u2019',
		'\u2024', '\u2027', '\uFE13', '\uFE52', '\uFE55', '\uFF07', '\uFF0E', '\uFF1A':
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// slugIDs is github-slugger's BananaSlug as a goldmark parser.IDs.
type slugIDs struct {
	// occurrences maps every id handed out or Put to how many times its
	// base slug has been suffixed.
	occurrences map[string]int
}

// NewIDs returns an empty parser.IDs that makes ids like github-slugger:
// Generate slugs the value with Slug and, if that id is taken, appends
// "-1", "-2", … (the second "Intro" is "intro-1"); ids passed to Put count
// as taken. Where github-slugger would hand out the empty id, Generate uses
// "heading" for ast.KindHeading (otherwise "id") and deduplicates that, as
// goldmark does, since id="" is not valid HTML and "#-1" style links are
// not worth keeping.
//
// The value is the plain text to slug (see HeadingText), not markdown.
// Use a fresh NewIDs for each page, via parser.WithIDs; it is not safe for
// concurrent use.
func NewIDs() parser.IDs {
	return &slugIDs{occurrences: map[string]int{}}
}

// Generate implements parser.IDs.
func (s *slugIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := Slug(string(value))
	if base == "" {
		base = "id"
		if kind == ast.KindHeading {
			base = "heading"
		}
	}
	id := base
	for {
		if _, taken := s.occurrences[id]; !taken {
			break
		}
		s.occurrences[base]++
		id = base + "-" + strconv.Itoa(s.occurrences[base])
	}
	s.occurrences[id] = 0
	return []byte(id)
}

// Put implements parser.IDs.
func (s *slugIDs) Put(value []byte) {
	if _, ok := s.occurrences[string(value)]; !ok {
		s.occurrences[string(value)] = 0
	}
}

// HeadingText returns the text content of heading n as Docusaurus slugs
// it: the text of its inline children with markup removed ("The **Bold**
// way" gives "The Bold way"), backslash escapes and entities resolved,
// code spans verbatim, image alt text and link text kept, and raw HTML
// tags dropped. A soft line break (in a setext heading) is kept as "\n",
// which Slug removes.
//
// Heading ids must be made from this text, not with
// parser.WithAutoHeadingID: goldmark then passes IDs.Generate the raw
// source line, markup and all: "## Q&amp;A" would give "qampa" and
// "## See [the guide](/guide)" "see-the-guideguide". Give each page a
// fresh NewIDs in its parse context, enable parser.WithHeadingAttribute
// for Docusaurus's explicit "## Title {#my-id}", and assign ids in
// document order from a parser.ASTTransformer:
//
//	pc := parser.NewContext(parser.WithIDs(render.NewIDs()))
//	...
//	// in Transform(doc, reader, pc), for each *ast.Heading h, in order:
//	if id, ok := h.AttributeString("id"); ok { // written as {#id}
//		pc.IDs().Put(id.([]byte))
//	} else {
//		text := render.HeadingText(h, reader.Source())
//		h.SetAttributeString("id", pc.IDs().Generate([]byte(text), ast.KindHeading))
//	}
//
// Putting explicit ids as they are met means a later heading that slugs
// to the same id gets a suffix, while earlier headings keep the ids
// Docusaurus gave them.
func HeadingText(n *ast.Heading, src []byte) string {
	var b bytes.Buffer
	slugWriteText(&b, n, src, false)
	return b.String()
}

// slugWriteText writes the text of n's inline children as HeadingText
// describes. hardBreaks writes hard line breaks as "\n" too; ids leave them
// out, as Docusaurus does, but text for readers needs them between words.
func slugWriteText(b *bytes.Buffer, n ast.Node, src []byte, hardBreaks bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				b.Write(c.Segment.Value(src))
			} else {
				b.WriteString(slugResolve(c.Segment.Value(src)))
			}
			if c.SoftLineBreak() || hardBreaks && c.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			switch {
			case c.IsCode():
				// HTML, e.g. "&rsquo;" from the typographer.
				b.WriteString(html.UnescapeString(string(c.Value)))
			case c.IsRaw():
				b.Write(c.Value)
			default:
				b.WriteString(slugResolve(c.Value))
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					v := t.Segment.Value(src)
					if l := len(v); l > 0 && v[l-1] == '\n' {
						v = append(v[:l-1:l-1], ' ')
					}
					b.Write(v)
				}
			}
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
		default:
			slugWriteText(b, c, src, hardBreaks)
		}
	}
}

// slugResolve returns markdown text with backslash escapes and entity and
// numeric character references resolved, as goldmark's HTML writer
// resolves them (then undoing its HTML escaping), so ids agree with what
// the page shows.
func slugResolve(v []byte) string {
	// Most heading text has neither escapes nor references: skip the
	// writer (and its 4 KB buffer) for it.
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, 0) < 0 {
		return string(v)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	gmhtml.DefaultWriter.Write(w, v)
	_ = w.Flush()
	return html.UnescapeString(buf.String())
}
