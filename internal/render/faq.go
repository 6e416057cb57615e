package render

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// A FAQ section is introduced by a heading, or a line in bold, reading
// "Frequently Asked Questions" or "FAQ". Its questions are bold lines
// ending in "?" (each followed by its answer) or headings one level below
// the section's. The section renders as headings a reader can scan and
// link to, and its questions feed the page's FAQPage structured data.

var faqTitle = regexp.MustCompile(`(?i)^(frequently asked questions|faqs?)\b`)

// KindFAQ is the node kind of a FAQ section.
var KindFAQ = ast.NewNodeKind("FAQ")

// KindFAQItem is the node kind of one question with its answer.
var KindFAQItem = ast.NewNodeKind("FAQItem")

// FAQ is a FAQ section: its title heading, then FAQItems.
type FAQ struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *FAQ) Kind() ast.NodeKind { return KindFAQ }

// Dump implements ast.Node.
func (n *FAQ) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// FAQItem is one question (its first child, a heading) and its answer.
type FAQItem struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *FAQItem) Kind() ast.NodeKind { return KindFAQItem }

// Dump implements ast.Node.
func (n *FAQItem) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// transformFAQ finds FAQ sections among the document's top-level blocks
// and restructures them into FAQ and FAQItem nodes.
func transformFAQ(doc *ast.Document, src []byte) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		intro, bold := faqIntro(n, src)
		if intro == nil {
			continue
		}
		faq := &FAQ{}
		doc.ReplaceChild(doc, n, faq)
		faq.AppendChild(faq, intro)
		var item *FAQItem
		for cur := faq.NextSibling(); cur != nil; {
			next := cur.NextSibling()
			if endsFAQ(cur, intro.Level, bold, src) {
				break
			}
			doc.RemoveChild(doc, cur)
			if q, rest := question(cur, intro.Level, src); q != nil {
				item = &FAQItem{}
				faq.AppendChild(faq, item)
				item.AppendChild(item, q)
				if rest != nil {
					item.AppendChild(item, rest)
				}
			} else if item != nil {
				item.AppendChild(item, cur)
			} else {
				faq.AppendChild(faq, cur)
			}
			cur = next
		}
		n = faq
	}
}

// faqIntro returns the heading that titles a FAQ section starting at n:
// n itself, or a level-2 heading made from a bold line. bold reports the
// latter.
func faqIntro(n ast.Node, src []byte) (*ast.Heading, bool) {
	switch n := n.(type) {
	case *ast.Heading:
		if faqTitle.MatchString(plainText(n, src)) {
			return n, false
		}
	case *ast.Paragraph:
		em, ok := n.FirstChild().(*ast.Emphasis)
		if ok && em.Level == 2 && em.NextSibling() == nil && faqTitle.MatchString(plainText(em, src)) {
			return headingFrom(n, em, 2), true
		}
	}
	return nil, false
}

// headingFrom makes a heading of the given level holding em's content, at
// the position of paragraph p.
func headingFrom(p *ast.Paragraph, em *ast.Emphasis, level int) *ast.Heading {
	h := ast.NewHeading(level)
	h.Lines().Append(p.Lines().At(0))
	for c := em.FirstChild(); c != nil; {
		next := c.NextSibling()
		if t, ok := c.(*ast.Text); ok && next == nil {
			t.SetSoftLineBreak(false)
		}
		h.AppendChild(h, c)
		c = next
	}
	return h
}

// endsFAQ reports whether block n closes the section: a thematic break, a
// heading at or above the section's level (any heading after a bold
// title), or a bold line that is not a question.
func endsFAQ(n ast.Node, level int, bold bool, src []byte) bool {
	switch n := n.(type) {
	case *ast.ThematicBreak:
		return true
	case *ast.Heading:
		return bold || n.Level <= level
	case *ast.Paragraph:
		em, ok := n.FirstChild().(*ast.Emphasis)
		return ok && em.Level == 2 && em.NextSibling() == nil && !strings.HasSuffix(plainText(em, src), "?")
	}
	return false
}

// question returns the question heading n stands for, and what is left of
// a bold question's paragraph: the start of its answer.
func question(n ast.Node, level int, src []byte) (*ast.Heading, ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		if n.Level == level+1 {
			return n, nil
		}
	case *ast.Paragraph:
		em, ok := n.FirstChild().(*ast.Emphasis)
		if !ok || em.Level != 2 || !strings.HasSuffix(plainText(em, src), "?") {
			return nil, nil
		}
		h := headingFrom(n, em, level+1)
		n.RemoveChild(n, em)
		// Drop the line break that separated the question from its answer.
		for t, ok := n.FirstChild().(*ast.Text); ok && len(strings.TrimSpace(string(t.Segment.Value(src)))) == 0; t, ok = n.FirstChild().(*ast.Text) {
			n.RemoveChild(n, t)
		}
		if n.FirstChild() == nil {
			return h, nil
		}
		return h, n
	}
	return nil, nil
}

// collectFAQ returns the questions and answers of every FAQ section, as
// plain text, once headings have their IDs.
func collectFAQ(doc *ast.Document, src []byte) []QA {
	var qas []QA
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() != KindFAQ {
			continue
		}
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			if item.Kind() != KindFAQItem {
				continue
			}
			q := item.FirstChild()
			id, _ := q.AttributeString("id")
			var answer []string
			for a := q.NextSibling(); a != nil; a = a.NextSibling() {
				answer = append(answer, plainText(a, src))
			}
			qas = append(qas, QA{ID: string(toBytes(id)), Question: plainText(q, src), Answer: strings.Join(answer, " ")})
		}
	}
	return qas
}
