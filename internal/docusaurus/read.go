package docusaurus

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Built is what a built site serves, page by page, as a reader sees it in
// the article body: the theme's own chrome (navbar, sidebar, table of
// contents, footer) is left out, so that two generators' pages compare.
type Built struct {
	// URLs lists every page the site serves (every index.html), sorted.
	URLs  []string         `json:"urls"`
	Pages map[string]*Page `json:"pages"` // the docs among them, by URL ("/docs/intro/")
}

// Page is one built page's body.
type Page struct {
	Title    string    `json:"title"` // the H1's text
	Headings []Heading `json:"headings,omitempty"`
	// FAQ holds the page's FAQ questions in order. For Docusaurus, which
	// has no notion of a FAQ, they are read from its HTML as an author
	// means them (see faqQuestions); for Latticework, from the page's
	// schema.org FAQPage data.
	FAQ []string `json:"faq,omitempty"`
	// Pre holds the first line of the text of each <pre> block.
	Pre []string `json:"pre,omitempty"`
	// Tags counts the elements of author-written inline HTML (ProseTags)
	// in the body, outside <pre>.
	Tags map[string]int `json:"tags,omitempty"`
	// Literal holds the HTML tags shown to the reader as text ("<br>").
	Literal []string `json:"literal,omitempty"`
	// Category is set on a category's generated index page.
	Category *Category `json:"category,omitempty"`
	// Links and Text are the body's links and its whole text, which a
	// Latticework category page is checked against.
	Links []Item `json:"-"`
	Text  string `json:"-"`
}

// Heading is a heading of the body below the H1.
type Heading struct {
	Level int    `json:"level"`
	ID    string `json:"id"`
	Text  string `json:"text"`
}

// Category is what a generated index page lists.
type Category struct {
	Description string `json:"description,omitempty"`
	Items       []Item `json:"items"`
}

// Item is one entry of a generated index page.
type Item struct {
	URL         string `json:"url"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// ProseTags are the HTML elements authors write in prose whose survival
// the comparison counts: the harmless ones a sanitizer should keep, and
// the dangerous ones it should drop.
var ProseTags = []string{
	"abbr", "br", "del", "details", "img", "ins", "kbd", "mark", "small", "sub", "summary", "sup",
	"iframe", "script", "style",
}

// ReadDocusaurus reads a Docusaurus build folder: every page's
// `.theme-doc-markdown` (the article body of the classic theme), and each
// generated index page's title, description and cards.
func ReadDocusaurus(dir string) (*Built, error) {
	return readBuilt(dir, func(doc *html.Node) (*Page, error) {
		if body := find(doc, hasClass("theme-doc-markdown")); body != nil {
			return readBody(body, false), nil
		}
		index := find(doc, classPrefix("generatedIndexPage"))
		if index == nil {
			return nil, nil // a React page, a tag list: not a doc
		}
		p := &Page{Category: &Category{Items: []Item{}}}
		if h1 := find(index, isAtom(atom.H1)); h1 != nil {
			p.Title = text(h1)
			if d := nextElement(h1); d != nil && d.DataAtom == atom.P {
				p.Category.Description = text(d)
			}
		}
		for _, card := range findAll(index, hasClass("card")) {
			it := Item{URL: normURL(attr(card, "href"))}
			if t := find(card, hasClass("theme-doc-card-title")); t != nil {
				it.Title = text(t)
			}
			if d := find(card, hasClass("theme-doc-card-description")); d != nil {
				it.Description = text(d)
			}
			p.Category.Items = append(p.Category.Items, it)
		}
		return p, nil
	})
}

// ReadLatticework reads a Latticework build folder: every page's
// article.article (layouts/page.html), or the main content of a page
// without one, and its FAQPage structured data.
func ReadLatticework(dir string) (*Built, error) {
	return readBuilt(dir, func(doc *html.Node) (*Page, error) {
		body := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Article && hasClass("article")(n) })
		if body == nil {
			body = find(doc, isAtom(atom.Main))
		}
		if body == nil {
			return nil, nil
		}
		p := readBody(body, true)
		for _, s := range findAll(doc, func(n *html.Node) bool {
			return n.DataAtom == atom.Script && attr(n, "type") == "application/ld+json"
		}) {
			var ld struct {
				Type       string `json:"@type"`
				MainEntity []struct {
					Name string `json:"name"`
				} `json:"mainEntity"`
			}
			if err := json.Unmarshal([]byte(text(s)), &ld); err != nil {
				return nil, fmt.Errorf("structured data does not parse: %v", err)
			}
			if ld.Type == "FAQPage" {
				for _, q := range ld.MainEntity {
					p.FAQ = append(p.FAQ, norm(q.Name))
				}
			}
		}
		return p, nil
	})
}

// readBuilt parses every index.html below dir with page.
func readBuilt(dir string, page func(*html.Node) (*Page, error)) (*Built, error) {
	b := &Built{Pages: map[string]*Page{}}
	fsys := os.DirFS(dir)
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(name) != "index.html" {
			return err
		}
		f, err := fsys.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := html.Parse(f)
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		p, err := page(doc)
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		u := normURL("/" + path.Dir(name))
		b.URLs = append(b.URLs, u)
		if p != nil {
			b.Pages[u] = p
		}
		return nil
	})
	slices.Sort(b.URLs)
	return b, err
}

// readBody reads an article body. Latticework's body holds its FAQ's
// questions as structured data, read by the caller; Docusaurus's are read
// from the body itself.
func readBody(body *html.Node, latticework bool) *Page {
	p := &Page{Tags: map[string]int{}, Text: text(body)}
	if h1 := find(body, isAtom(atom.H1)); h1 != nil {
		p.Title = text(h1)
	}
	var walk func(n *html.Node, inPre bool)
	walk = func(n *html.Node, inPre bool) {
		switch n.Type {
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Pre:
				p.Pre = append(p.Pre, firstLine(n))
				inPre = true
			case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				p.Headings = append(p.Headings, Heading{Level: int(n.Data[1] - '0'), ID: attr(n, "id"), Text: text(n)})
			case atom.A:
				if href := attr(n, "href"); href != "" && !strings.HasPrefix(href, "#") {
					p.Links = append(p.Links, Item{URL: href, Title: text(n)})
				}
			}
			if !inPre && slices.Contains(ProseTags, n.Data) {
				p.Tags[n.Data]++
			}
		case html.TextNode:
			if !inPre && !inCode(n) {
				p.Literal = append(p.Literal, literalTag.FindAllString(n.Data, -1)...)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inPre)
		}
	}
	walk(body, false)
	if len(p.Tags) == 0 {
		p.Tags = nil
	}
	if !latticework {
		p.FAQ = faqQuestions(body)
	}
	return p
}

// literalTag matches an HTML comment or opening tag shown as text.
var literalTag = regexp.MustCompile(`<!--|<[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>`)

// firstLine returns the first line of a <pre>'s text that is not blank,
// its spaces collapsed; a <br> (one per line in Docusaurus's code blocks)
// ends a line.
func firstLine(pre *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.DataAtom == atom.Br:
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(pre)
	for line := range strings.Lines(b.String()) {
		if line = norm(line); line != "" {
			return line
		}
	}
	return ""
}

func inCode(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n.DataAtom == atom.Code {
			return true
		}
	}
	return false
}

// faqIntro matches the text of a heading or bold line that opens a FAQ.
var faqIntro = regexp.MustCompile(`(?i)^(frequently asked questions|faqs?)\s*:?$`)

// faqQuestions reads the questions of the FAQ sections of a Docusaurus
// body, as an author means them: after a heading or a paragraph of bold
// text reading "Frequently Asked Questions", "FAQ" or "FAQs" (a colon
// allowed), every heading and every paragraph-opening bold text ending in
// "?" is a question, until a heading that is not a question and is no
// deeper than the intro (any heading, after a bold intro).
func faqQuestions(body *html.Node) []string {
	var qs []string
	in, level := false, 0
	for n := body.FirstChild; n != nil; n = n.NextSibling {
		if n.Type != html.ElementNode {
			continue
		}
		if l := headingLevel(n); l > 0 {
			t := text(n)
			switch {
			case faqIntro.MatchString(t):
				in, level = true, l
			case in && strings.HasSuffix(t, "?"):
				qs = append(qs, t)
			case in && (level == 0 || l <= level):
				in = false
			}
			continue
		}
		if n.DataAtom != atom.P {
			continue
		}
		strong := leadingStrong(n)
		if strong == nil {
			continue
		}
		t := text(strong)
		switch {
		case faqIntro.MatchString(t) && t == text(n):
			in, level = true, 0
		case in && strings.HasSuffix(strings.TrimSuffix(t, ":"), "?"):
			qs = append(qs, strings.TrimSuffix(t, ":"))
		}
	}
	return qs
}

// leadingStrong returns the <strong> a paragraph opens with, if any.
func leadingStrong(p *html.Node) *html.Node {
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
			continue
		}
		if c.DataAtom == atom.Strong || c.DataAtom == atom.B {
			return c
		}
		return nil
	}
	return nil
}

func headingLevel(n *html.Node) int {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return int(n.Data[1] - '0')
	}
	return 0
}

// normURL turns a page's path into the form both builds are compared in:
// a leading and a trailing slash ("/docs/intro/"), whatever the site's
// trailing-slash setting.
func normURL(u string) string {
	u, _, _ = strings.Cut(u, "#")
	u = strings.Trim(path.Clean("/"+u), "/")
	if u == "" || u == "." {
		return "/"
	}
	return "/" + u + "/"
}

// text is n's text with white space collapsed, without the links to
// headings both generators put in them ("#" in Latticework's, a
// zero-width space in Docusaurus's).
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if hasClass("hash-link")(n) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return norm(b.String())
}

func norm(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u200b", "")), " ")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func isAtom(a atom.Atom) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.DataAtom == a }
}

func hasClass(c string) func(*html.Node) bool {
	return func(n *html.Node) bool { return slices.Contains(strings.Fields(attr(n, "class")), c) }
}

// classPrefix matches CSS-module class names such as
// "generatedIndexPage_UZRk", whose suffix is a hash.
func classPrefix(c string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		for _, f := range strings.Fields(attr(n, "class")) {
			if strings.HasPrefix(f, c+"_") {
				return true
			}
		}
		return false
	}
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if all := findAll(n, match); len(all) > 0 {
		return all[0]
	}
	return nil
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func nextElement(n *html.Node) *html.Node {
	for n = n.NextSibling; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode {
			return n
		}
	}
	return nil
}
