package render

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

func TestSlug(t *testing.T) {
	// Expectations are github-slugger's; several come from its fixtures.
	tests := []struct{ in, want string }{
		{"1. Introduction: The Ever-Shifting Sands of Trust", "1-introduction-the-ever-shifting-sands-of-trust"},
		{"7. Practical Guide: Applying Trust Dynamics in Your Life", "7-practical-guide-applying-trust-dynamics-in-your-life"},
		{"What's new?", "whats-new"},
		{"C++ & Go", "c--go"},
		{"Déjà vu", "déjà-vu"},
		{"bravoCharlieDelta", "bravocharliedelta"},
		{"snake_case and kebab-case", "snake_case-and-kebab-case"},
		{"Q&A", "qa"},
		{"<b>Tag</b>", "btagb"},
		{"v1.2.3 — Release", "v123--release"},

		// Spaces: each becomes '-', nothing is collapsed or trimmed.
		{"a  b", "a--b"},
		{"  Hello World  ", "--hello-world--"},
		{"   ", "---"},
		{"heading with a - dash", "heading-with-a---dash"},
		{"heading with an _ underscore", "heading-with-an-_-underscore"},
		{"tab\there", "tabhere"},                 // Cc
		{"non\u00a0breaking", "nonbreaking"},     // Zs other than ' '
		{"zero\u200bwidth", "zerowidth"},         // Cf
		{"line\u2028separator", "lineseparator"}, // Zl

		// Punctuation and symbols.
		{"exchange.bind_headers(exchange, routing [, bindCallback])", "exchangebind_headersexchange-routing--bindcallback"},
		{"apostrophe’s should be trimmed", "apostrophes-should-be-trimmed"},
		{"en–dash", "endash"},
		{"¿Qué tal?", "qué-tal"},
		{"I ♥ unicode", "i--unicode"},
		{"x² + y²", "x--y"}, // No
		{"Price: $5 / €4", "price-5--4"},

		// Emoji are symbols.
		{"😄 unicode emoji", "-unicode-emoji"},
		{"😄 - an emoji", "---an-emoji"},
		{":ok_hand: Single", "ok_hand-single"},
		{"🎉", ""},
		{"Launch 🚀 day", "launch--day"},

		// Letters, marks and numbers of any script are kept.
		{"Привет non-latin 你好", "привет-non-latin-你好"},
		{"日本語の見出し", "日本語の見出し"},
		{"١٢٣ Arabic digits", "١٢٣-arabic-digits"},
		{"nai\u0308ve", "nai\u0308ve"}, // Mn
		{"Ⅻ Roman", "ⅻ-roman"},         // Nl, lowercased
		{"Ⓐ circled", "ⓐ-circled"},     // So but Alphabetic
		{"🄺 squared", "🄺-squared"},     // So but Alphabetic, no lowercase
		{"Straße ẞ", "straße-ß"},

		// JavaScript's toLowerCase, not Go's simple mapping.
		{"İstanbul", "i\u0307stanbul"},
		{"ΟΔΗΓΟΣ ΧΡΗΣΗΣ", "οδηγος-χρησης"},
		{"Σ", "σ"},
		{"ΑΣ.", "ας"},
		{"ΑΣ'Α", "ασα"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIDs(t *testing.T) {
	type op struct {
		put  string // Put this id, or
		gen  string // Generate from this text
		kind ast.NodeKind
		want string
	}
	h := ast.KindHeading
	tests := []struct {
		name string
		ops  []op
	}{
		{"repeats", []op{
			{gen: "Intro", kind: h, want: "intro"},
			{gen: "Intro", kind: h, want: "intro-1"},
			{gen: "intro", kind: h, want: "intro-2"},
		}},
		{"suffix collides with a slug", []op{ // github-slugger's fixtures
			{gen: "echo", kind: h, want: "echo"},
			{gen: "echo", kind: h, want: "echo-1"},
			{gen: "echo 1", kind: h, want: "echo-1-1"},
			{gen: "echo-1", kind: h, want: "echo-1-2"},
			{gen: "echo", kind: h, want: "echo-2"},
		}},
		{"slug taken before its base", []op{
			{gen: "foxtrot-1", kind: h, want: "foxtrot-1"},
			{gen: "foxtrot", kind: h, want: "foxtrot"},
			{gen: "foxtrot", kind: h, want: "foxtrot-2"},
		}},
		{"explicit ids count as taken", []op{
			{put: "intro"},
			{gen: "Intro", kind: h, want: "intro-1"},
			{put: "intro-2"},
			{gen: "Intro", kind: h, want: "intro-3"},
		}},
		{"putting a taken id keeps its count", []op{
			{gen: "a", kind: h, want: "a"},
			{gen: "a", kind: h, want: "a-1"},
			{put: "a"},
			{gen: "a", kind: h, want: "a-2"},
		}},
		{"empty slugs", []op{
			{gen: "🎉", kind: h, want: "heading"},
			{gen: "", kind: h, want: "heading-1"},
			{gen: "Heading", kind: h, want: "heading-2"},
			{gen: "?", kind: ast.KindParagraph, want: "id"},
		}},
		{"dashes are kept", []op{
			{gen: "-a-", kind: h, want: "-a-"},
			{gen: " a ", kind: h, want: "-a--1"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := NewIDs()
			for _, o := range tt.ops {
				if o.gen == "" && o.want == "" {
					ids.Put([]byte(o.put))
					continue
				}
				if got := string(ids.Generate([]byte(o.gen), o.kind)); got != o.want {
					t.Errorf("Generate(%q) = %q, want %q", o.gen, got, o.want)
				}
			}
		})
	}
}

// slugTestTransformer assigns heading ids the way HeadingText's doc
// comment recommends.
type slugTestTransformer struct{}

func (slugTestTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if id, ok := h.AttributeString("id"); ok {
			pc.IDs().Put(id.([]byte))
		} else {
			text := HeadingText(h, reader.Source())
			h.SetAttributeString("id", pc.IDs().Generate([]byte(text), ast.KindHeading))
		}
		return ast.WalkSkipChildren, nil
	})
}

var slugIDAttr = regexp.MustCompile(`<h\d id="([^"]*)"`)

func TestHeadingIDs(t *testing.T) {
	md := goldmark.New(goldmark.WithParserOptions(
		parser.WithHeadingAttribute(),
		parser.WithASTTransformers(util.Prioritized(slugTestTransformer{}, 100)),
	))
	tests := []struct {
		src  string
		text []string // HeadingText of each heading
		ids  []string
	}{
		{"## The **Bold** way", []string{"The Bold way"}, []string{"the-bold-way"}},
		{"## Q&amp;A", []string{"Q&A"}, []string{"qa"}},
		{"## Caf&eacute; &#233; \\*escaped\\*", []string{"Café é *escaped*"}, []string{"café-é-escaped"}},
		{"## See [the guide](/guide)", []string{"See the guide"}, []string{"see-the-guide"}},
		{"## `a&amp;b` and `x`", []string{"a&amp;b and x"}, []string{"aampb-and-x"}},
		{"## ![alt text](x.png) image", []string{"alt text image"}, []string{"alt-text-image"}},
		{"## Hello <span>World</span>", []string{"Hello World"}, []string{"hello-world"}},
		{"## <https://example.com> link", []string{"https://example.com link"}, []string{"httpsexamplecom-link"}},
		{"## Closing hashes ##", []string{"Closing hashes"}, []string{"closing-hashes"}},
		{"Two\nlines\n===", []string{"Two\nlines"}, []string{"twolines"}},
		{"# 🎉", []string{"🎉"}, []string{"heading"}},
		{
			"## 1. Introduction: The Ever-Shifting Sands of Trust\n\n## 7. Practical Guide: Applying Trust Dynamics in Your Life",
			[]string{"1. Introduction: The Ever-Shifting Sands of Trust", "7. Practical Guide: Applying Trust Dynamics in Your Life"},
			[]string{"1-introduction-the-ever-shifting-sands-of-trust", "7-practical-guide-applying-trust-dynamics-in-your-life"},
		},
		{
			"## Intro\n\n## Intro\n\n> ## Intro",
			[]string{"Intro", "Intro", "Intro"},
			[]string{"intro", "intro-1", "intro-2"},
		},
		{
			"## Setup {#intro}\n\n## Intro\n\n## Custom {#my-id}",
			[]string{"Setup", "Intro", "Custom"},
			[]string{"intro", "intro-1", "my-id"},
		},
	}
	for _, tt := range tests {
		src := []byte(tt.src)
		pc := parser.NewContext(parser.WithIDs(NewIDs()))
		doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
		var texts []string
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if h, ok := n.(*ast.Heading); ok && entering {
				texts = append(texts, HeadingText(h, src))
			}
			return ast.WalkContinue, nil
		})
		var out bytes.Buffer
		if err := md.Renderer().Render(&out, src, doc); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range slugIDAttr.FindAllStringSubmatch(out.String(), -1) {
			ids = append(ids, m[1])
		}
		if strings.Join(texts, "|") != strings.Join(tt.text, "|") {
			t.Errorf("%q: HeadingText = %q, want %q", tt.src, texts, tt.text)
		}
		if strings.Join(ids, "|") != strings.Join(tt.ids, "|") {
			t.Errorf("%q: ids = %q, want %q\n%s", tt.src, ids, tt.ids, out.String())
		}
	}
}
