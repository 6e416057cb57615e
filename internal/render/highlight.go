package render

import (
	"bytes"
	_ "embed"
	"strconv"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

//go:generate go test -run TestHighlightCSS -update .

// HighlightCSS is the stylesheet for highlighted code: code blocks carry
// CSS classes rather than inline styles, so one stylesheet themes them.
// It is generated from chroma's github and github-dark styles by
// highlight_test.go (go generate), so that the binaries do not link
// chroma's style registry, whose initialisation parses every style.
//
//go:embed highlight.css
var HighlightCSS string

// Highlighting highlights fenced code blocks that name a language chroma
// knows, as goldmark-highlighting does with chroma's WithClasses: the
// same markup, and the same info-string attributes (hl_lines, linenos,
// linenostart, nohl), but no style, since classes need none.
var Highlighting goldmark.Extender = highlightExtension{}

type highlightExtension struct{}

func (highlightExtension) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(highlighter{}, 200)))
}

type highlighter struct{}

func (highlighter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderFencedCode)
}

// noStyle is what chroma's formatter is given: with classes, its output
// does not depend on the style.
var noStyle = chroma.MustNewStyle("classes", chroma.StyleEntries{})

func renderFencedCode(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	language := n.Language(source)
	opts, nohl := codeOptions(n, source)
	var lexer chroma.Lexer
	if language != nil && !nohl {
		lexer = lexerFor(string(language))
	}
	var code bytes.Buffer
	for i := range n.Lines().Len() {
		line := n.Lines().At(i)
		code.Write(line.Value(source))
	}
	if lexer != nil {
		if it, err := chroma.Coalesce(lexer).Tokenise(nil, code.String()); err == nil {
			return ast.WalkContinue, chromahtml.New(opts...).Format(w, noStyle, it)
		}
	}
	_, _ = w.WriteString("<pre><code")
	if language != nil {
		_, _ = w.WriteString(` class="language-`)
		gmhtml.DefaultWriter.Write(w, language)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	gmhtml.DefaultWriter.RawWrite(w, code.Bytes())
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkContinue, nil
}

// lexerCache remembers chroma's lexer, or nil, for each fence language seen:
// for a name that is not a lexer's name or alias (an ```exercise block
// rendered as code, ```text), chroma tries it against every lexer's file
// patterns, which takes about 10 ms.
var lexerCache sync.Map // language → chroma.Lexer (nil when none)

func lexerFor(language string) chroma.Lexer {
	if l, ok := lexerCache.Load(language); ok {
		lexer, _ := l.(chroma.Lexer)
		return lexer
	}
	lexer := lexers.Get(language)
	lexerCache.Store(language, lexer)
	return lexer
}

// codeOptions returns the formatter's options for a block, from the
// attributes of its info string ("go {hl_lines=[2,\"4-5\"] linenos=table}"),
// and whether it asks for no highlighting.
func codeOptions(n *ast.FencedCodeBlock, source []byte) (opts []chromahtml.Option, nohl bool) {
	opts = []chromahtml.Option{chromahtml.WithClasses(true)}
	attrs := n.Attributes()
	if attrs == nil && n.Info != nil {
		info := n.Info.Segment.Value(source)
		if i := bytes.IndexByte(info, '{'); i > 0 {
			parsed, _ := parser.ParseAttributes(text.NewReader(info[i:]))
			for _, a := range parsed {
				attrs = append(attrs, ast.Attribute{Name: a.Name, Value: a.Value})
			}
		}
	}
	get := func(name string) (any, bool) {
		for _, a := range attrs {
			if string(a.Name) == name {
				return a.Value, true
			}
		}
		return nil, false
	}
	base := 1
	if v, ok := get("linenostart"); ok {
		if f, ok := v.(float64); ok {
			base = int(f)
			opts = append(opts, chromahtml.BaseLineNumber(base))
		}
	}
	if v, ok := get("hl_lines"); ok {
		if lines, ok := v.([]any); ok {
			var ranges [][2]int
			for _, l := range lines {
				switch l := l.(type) {
				case float64:
					ranges = append(ranges, [2]int{int(l) + base - 1, int(l) + base - 1})
				case []byte:
					from, to, hasTo := strings.Cut(string(l), "-")
					lo, err := strconv.Atoi(from)
					if err != nil {
						continue
					}
					hi := lo
					if hasTo {
						if hi, err = strconv.Atoi(to); err != nil {
							continue
						}
					}
					ranges = append(ranges, [2]int{lo + base - 1, hi + base - 1})
				}
			}
			opts = append(opts, chromahtml.HighlightLines(ranges))
		}
	}
	_, nohl = get("nohl")
	if v, ok := get("linenos"); ok {
		switch v := v.(type) {
		case bool:
			opts = append(opts, chromahtml.WithLineNumbers(v))
		case []byte:
			if v != nil {
				opts = append(opts, chromahtml.WithLineNumbers(true))
			}
			switch string(v) {
			case "table":
				opts = append(opts, chromahtml.LineNumbersInTable(true))
			case "inline":
				opts = append(opts, chromahtml.LineNumbersInTable(false))
			}
		}
	}
	return opts, nohl
}
