package render

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// FAQ sections, as authors write them.
//
// A section starts at a heading of any level, or at a bold line (a line
// that is only bold text, with or without a colon after it), reading
// "Frequently Asked Questions", "FAQ" or "FAQs", maybe numbered ("## 7.
// FAQ") and followed by more words, "(FAQ)" or a colon. A bold intro line
// renders as an h2, as if the author had written "## FAQ".
//
// Its questions are:
//   - headings whose text is a question: it ends in "?" (before closing
//     quotes, brackets or a colon), starts with a label such as "Q:",
//     "Q1." or "Question 2:", starts with the number after the last
//     question's ("5. Pricing" after "4. Why?"), or starts with a question
//     word ("How to reset a password"). "### 1. Why?" and "#### Q1: Why?"
//     are questions one or more levels below the intro;
//   - under an intro heading, any heading one level below it too ("###
//     Pricing" under "## FAQ"), unless questions follow under it, which
//     makes it the title of a group of questions, or the question before
//     it is a bold line;
//   - bold lines: a paragraph, or a line of one, that starts with bold
//     question text ("**Why?**", "**1. Why?**", "**Q1: Why?**"; a question
//     word counts only if the bold text is alone on its line). It
//     renders as a heading one level below the intro (or group). The
//     text after it, on its line and below, is its answer: a line that
//     starts with the next bold question starts the next question, blank
//     line or not.
//
// A question's answer is every block up to the next question: paragraphs,
// lists, code, tables, admonitions. Sections and questions are found among
// the page's top-level blocks: bold text in a list or quote is never a
// question.
//
// The section ends, leaving the rest of the page outside it:
//   - after an intro heading, at the next heading at or above its level;
//   - after a bold intro line, as after "## FAQ", at the next heading of
//     level 1 or 2; at a heading that is not a question, unless it is
//     deeper than the question before it (a heading within the answer);
//     and at a bold line that is not a question ("**Resources:**") when
//     no question follows it;
//   - at a thematic break (---) followed by anything but a question (a
//     break between two questions stays in the section);
//   - at the end of the page.
//
// Every question renders as a linkable heading and goes, with its answer's
// text, into the page's FAQPage structured data. Question headings the
// author wrote keep the ids Docusaurus gives them; headings made from bold
// lines, which Docusaurus shows as paragraphs, get ids no other heading of
// the page has, so they never shift the ids of the others.

var (
	faqTitle = regexp.MustCompile(`(?i)^(?:\d+(?:\.\d+)*[.)]?\s+)?(?:frequently asked questions|faqs?)\b`)
	// questionLabel matches "Q:", "Q1.", "Q 2)", "Question 3:" and the like.
	questionLabel = regexp.MustCompile(`(?i)^q(?:uestion)?\s*\d*\s*[:.)]`)
	// questionWord matches the English words that start a question.
	questionWord = regexp.MustCompile(`(?i)^(?:how|what|why|when|where|who|which|whose|can|could|should|would|will|is|are|do|does|did|may|shall)\b`)
	// questionNumber matches the number of "1.", "2)", "Q3:", "Question 4.".
	questionNumber = regexp.MustCompile(`(?i)^(?:q(?:uestion)?\s*)?(\d{1,9})\s*[:.)]`)
)

// KindFAQ is the node kind of a FAQ section.
var KindFAQ = ast.NewNodeKind("FAQ")

// KindFAQItem is the node kind of one question with its answer.
var KindFAQItem = ast.NewNodeKind("FAQItem")

// FAQ is a FAQ section: its title heading, then FAQItems, with any blocks
// before the first question, group headings and breaks between them.
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

// isQuestion reports whether text reads as a question. Text that stands
// alone, a heading or a bold line alone on its line, is one too if it
// starts with a question word ("How to reset a password").
func isQuestion(text string, alone bool) bool {
	t := strings.TrimRight(text, " \t\"'”’»)]*_:.")
	return strings.HasSuffix(t, "?") || strings.HasSuffix(t, "？") || strings.HasSuffix(t, "؟") ||
		questionLabel.MatchString(text) || alone && questionWord.MatchString(text)
}

// faqSection holds what the blocks of one section are judged by.
type faqSection struct {
	src   []byte
	level int  // of the intro heading (2 for a bold line)
	bold  bool // the intro is a bold line
	num   int  // the number of the last question, 0 if it had none
	boldQ bool // the last question is a bold line
}

// isQuestion reports whether text is a question of the section: it reads
// as one, or its number follows the last question's ("**5. Pricing**"
// after "**4. …?**").
func (s *faqSection) isQuestion(text string, alone bool) bool {
	return isQuestion(text, alone) || s.num > 0 && numberOf(text) == s.num+1
}

// numberOf returns the number text starts with, 0 if none.
func numberOf(text string) int {
	m := questionNumber.FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// What a block is to the section it follows.
type faqRole int

const (
	faqEnd      faqRole = iota // the section ended before it
	faqContent                 // part of the answer, or of the section before its first question
	faqQuestion                // a question, starting an item
	faqBetween                 // a group title or a break between questions
)

// transformFAQ finds FAQ sections among the document's top-level blocks
// and restructures them into FAQ and FAQItem nodes. It returns the
// headings it made from bold lines, nil if none: Docusaurus shows those
// as paragraphs, so they must get ids no other heading of the page has,
// never shifting the ids of the others (see pageTransformer).
func transformFAQ(doc *ast.Document, src []byte) (made map[*ast.Heading]bool) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		intro, bold := faqIntro(n, src)
		if intro == nil {
			continue
		}
		if made == nil {
			made = map[*ast.Heading]bool{}
		}
		if bold {
			made[intro] = true
		}
		s := faqSection{src: src, level: intro.Level, bold: bold}
		faq := &FAQ{}
		doc.ReplaceChild(doc, n, faq)
		faq.AppendChild(faq, intro)
		var item *FAQItem
		qlevel := 0           // of the current question's heading, 0 before the first
		blevel := s.level + 1 // of headings made from bold questions
		for cur := faq.NextSibling(); cur != nil; cur = faq.NextSibling() {
			if p, ok := cur.(*ast.Paragraph); ok {
				// A line starting with a bold question starts a block of its own.
				s.splitAtQuestion(p)
			}
			role := s.role(cur, qlevel)
			if role == faqEnd {
				break
			}
			doc.RemoveChild(doc, cur)
			switch role {
			case faqQuestion:
				item = &FAQItem{}
				faq.AppendChild(faq, item)
				q, ok := cur.(*ast.Heading)
				if !ok {
					p := cur.(*ast.Paragraph)
					var rest ast.Node
					q, rest = boldQuestion(p, min(blevel, 6), src)
					made[q] = true
					item.AppendChild(item, q)
					if rest != nil {
						item.AppendChild(item, rest)
					}
				} else {
					item.AppendChild(item, q)
				}
				qlevel = q.Level
				s.num, s.boldQ = numberOf(plainText(q, src)), made[q]
			case faqBetween:
				faq.AppendChild(faq, cur)
				item, qlevel = nil, 0
				if h, ok := cur.(*ast.Heading); ok {
					blevel = h.Level + 1
				}
			default:
				if item != nil {
					item.AppendChild(item, cur)
				} else {
					faq.AppendChild(faq, cur)
				}
			}
		}
		n = faq
	}
	return made
}

// role returns what block n is to the section, qlevel being the level
// of the question it would follow (0 before the first).
func (s *faqSection) role(n ast.Node, qlevel int) faqRole {
	switch n := n.(type) {
	case nil:
		return faqEnd
	case *ast.Heading:
		switch {
		case n.Level <= s.level:
			return faqEnd
		case s.isQuestion(plainText(n, s.src), true):
			return faqQuestion
		case qlevel > 0 && n.Level > qlevel:
			return faqContent // a heading within an answer
		case s.bold:
			return faqEnd
		case !s.questionsUnder(n) && n.Level == s.level+1 && !s.boldQ:
			return faqQuestion
		}
		// A group title, or a heading such as "See also" after questions
		// in bold: part of the section, not of an answer.
		return faqBetween
	case *ast.Paragraph:
		if text, alone, ok := boldText(n.FirstChild(), s.src); ok && s.isQuestion(text, alone) {
			return faqQuestion
		}
		if s.bold && boldLine(n, s.src) && !s.questionFollows(n) {
			return faqEnd
		}
	case *ast.ThematicBreak:
		if r := s.role(n.NextSibling(), 0); r == faqQuestion || r == faqBetween {
			return faqBetween
		}
		return faqEnd
	}
	return faqContent
}

// questionsUnder reports whether questions follow heading h before the
// next heading at or above its level.
func (s *faqSection) questionsUnder(h *ast.Heading) bool {
	for n := h.NextSibling(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level <= h.Level {
				return false
			}
			if isQuestion(plainText(n, s.src), true) {
				return true
			}
		case *ast.Paragraph:
			if hasQuestionLine(n, s.src) {
				return true
			}
		}
	}
	return false
}

// questionFollows reports whether a question follows block b in a section
// introduced by a bold line, before a heading or break that would end it.
func (s *faqSection) questionFollows(b ast.Node) bool {
	for n := b.NextSibling(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			return n.Level > s.level && isQuestion(plainText(n, s.src), true)
		case *ast.Paragraph:
			if hasQuestionLine(n, s.src) {
				return true
			}
		case *ast.ThematicBreak:
			return s.role(n, 0) == faqBetween
		}
	}
	return false
}

// faqIntro returns the heading that titles a FAQ section starting at n:
// n itself, or a level-2 heading made from a bold line. bold reports the
// latter. A bold line that has more lines after it in its paragraph is
// split from them.
func faqIntro(n ast.Node, src []byte) (*ast.Heading, bool) {
	switch n := n.(type) {
	case *ast.Heading:
		if isFAQTitle(plainText(n, src)) {
			return n, false
		}
	case *ast.Paragraph:
		outer, inner := bold(n.FirstChild())
		if outer == nil || !isFAQTitle(plainText(inner, src)) {
			return nil, false
		}
		alone, next := restOfLine(outer, src)
		if !alone {
			return nil, false
		}
		if next != nil {
			splitBefore(n, next)
		}
		h := headingFrom(n, inner, 2)
		// Keep a colon written after the bold text.
		for c := outer.NextSibling(); c != nil; {
			next := c.NextSibling()
			h.AppendChild(h, c)
			c = next
		}
		clearLineBreak(h.LastChild())
		return h, true
	}
	return nil, false
}

// isFAQTitle reports whether text titles a FAQ section. Every heading of
// every page is asked: the expression looks only at text whose first
// character after a number ("7. ") is an F.
func isFAQTitle(text string) bool {
	i := strings.IndexFunc(text, func(r rune) bool {
		return !('0' <= r && r <= '9' || r == '.' || r == ')' || r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r')
	})
	return i >= 0 && (text[i] == 'f' || text[i] == 'F') && faqTitle.MatchString(text)
}

// bold returns c if it is bold text (**text** or __text__) and the node
// holding its text: c itself, or the other emphasis of ***text***.
func bold(c ast.Node) (outer, inner ast.Node) {
	em, ok := c.(*ast.Emphasis)
	if !ok {
		return nil, nil
	}
	inner = em
	if only, ok := em.FirstChild().(*ast.Emphasis); ok && only.NextSibling() == nil && only.Level != em.Level {
		if em.Level == 1 {
			inner = only
		}
	} else if em.Level != 2 {
		return nil, nil
	}
	return em, inner
}

// questionAt returns c if it is a bold question, nil if not.
func questionAt(c ast.Node, src []byte) ast.Node {
	if text, alone, ok := boldText(c, src); ok && isQuestion(text, alone) {
		return c
	}
	return nil
}

// boldText returns the text of c if it is bold text, and whether it
// stands alone on its line.
func boldText(c ast.Node, src []byte) (text string, alone, ok bool) {
	outer, inner := bold(c)
	if outer == nil {
		return "", false, false
	}
	alone, _ = restOfLine(outer, src)
	return plainText(inner, src), alone, true
}

// hasQuestionLine reports whether a line of paragraph p starts with a
// bold question.
func hasQuestionLine(p *ast.Paragraph, src []byte) bool {
	if questionAt(p.FirstChild(), src) != nil {
		return true
	}
	return nextQuestionLine(p, src, isQuestion) != nil
}

// nextQuestionLine returns the bold text that starts a line of p after its
// first and is a question by isQ, nil if none is.
func nextQuestionLine(p *ast.Paragraph, src []byte, isQ func(text string, alone bool) bool) ast.Node {
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		next := c.NextSibling()
		if next == nil || !endsLine(c) {
			continue
		}
		if text, alone, ok := boldText(next, src); ok && isQ(text, alone) {
			return next
		}
	}
	return nil
}

// splitAtQuestion splits paragraph p before the first line after its first
// that starts with a bold question, numbered questions counting on from
// p's own.
func (s *faqSection) splitAtQuestion(p *ast.Paragraph) {
	num := s.num
	if text, alone, ok := boldText(p.FirstChild(), s.src); ok && s.isQuestion(text, alone) {
		num = numberOf(text)
	}
	isQ := func(text string, alone bool) bool {
		return isQuestion(text, alone) || num > 0 && numberOf(text) == num+1
	}
	if c := nextQuestionLine(p, s.src, isQ); c != nil {
		splitBefore(p, c)
	}
}

// boldLine reports whether paragraph p's first line is only bold text,
// maybe with a colon or full stop after it.
func boldLine(p *ast.Paragraph, src []byte) bool {
	outer, _ := bold(p.FirstChild())
	if outer == nil {
		return false
	}
	alone, _ := restOfLine(outer, src)
	return alone
}

// restOfLine reports whether the inlines after c on its line are at most
// punctuation, and returns the first inline of the next line, if any.
func restOfLine(c ast.Node, src []byte) (alone bool, next ast.Node) {
	alone = true
	for x := c; x != nil; x = x.NextSibling() {
		if x != c {
			t, ok := x.(*ast.Text)
			if !ok || strings.Trim(string(t.Segment.Value(src)), " \t:.") != "" {
				alone = false
			}
		}
		if endsLine(x) {
			return alone, x.NextSibling()
		}
	}
	return alone, nil
}

// endsLine reports whether inline n ends its line: its last text does.
func endsLine(n ast.Node) bool {
	for n.LastChild() != nil {
		n = n.LastChild()
	}
	t, ok := n.(*ast.Text)
	return ok && (t.SoftLineBreak() || t.HardLineBreak())
}

// splitBefore moves inline c, which starts a line of paragraph p, and the
// inlines after it into a new paragraph after p.
func splitBefore(p *ast.Paragraph, c ast.Node) {
	np := ast.NewParagraph()
	off := blockStart(c) // c's first text, on the line c starts
	lines := p.Lines()
	keep, moved := text.NewSegments(), text.NewSegments()
	for i := range lines.Len() {
		if seg := lines.At(i); seg.Stop <= off {
			keep.Append(seg)
		} else {
			moved.Append(seg)
		}
	}
	p.SetLines(keep)
	np.SetLines(moved)
	for c != nil {
		next := c.NextSibling()
		np.AppendChild(np, c)
		c = next
	}
	clearLineBreak(p.LastChild())
	p.Parent().InsertAfter(p.Parent(), p, np)
}

// clearLineBreak removes the line break at the end of inline n, now the
// end of its paragraph or heading.
func clearLineBreak(n ast.Node) {
	for ; n != nil && n.LastChild() != nil; n = n.LastChild() {
	}
	if t, ok := n.(*ast.Text); ok {
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
	}
}

// headingFrom makes a heading of the given level holding inner's content,
// at the position of paragraph p.
func headingFrom(p *ast.Paragraph, inner ast.Node, level int) *ast.Heading {
	h := ast.NewHeading(level)
	if p.Lines().Len() > 0 {
		h.Lines().Append(p.Lines().At(0))
	}
	for c := inner.FirstChild(); c != nil; {
		next := c.NextSibling()
		h.AppendChild(h, c)
		c = next
	}
	clearLineBreak(h.LastChild())
	return h
}

// boldQuestion turns paragraph p, which starts with a bold question, into
// the question's heading and what is left of p, the start of its answer
// (nil if nothing is).
func boldQuestion(p *ast.Paragraph, level int, src []byte) (*ast.Heading, ast.Node) {
	outer, inner := bold(p.FirstChild())
	h := headingFrom(p, inner, level)
	p.RemoveChild(p, outer)
	// Drop the white space and line break between the question and its
	// answer.
	for t, ok := p.FirstChild().(*ast.Text); ok; t, ok = p.FirstChild().(*ast.Text) {
		t.Segment = t.Segment.TrimLeftSpace(src)
		if !t.Segment.IsEmpty() {
			break
		}
		p.RemoveChild(p, t)
	}
	if p.FirstChild() == nil {
		return h, nil
	}
	return h, p
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
			var answer plainWriter
			for a := q.NextSibling(); a != nil; a = a.NextSibling() {
				answerText(&answer, a, src)
			}
			// The question as the page's list of headings has it.
			question := singleSpaced(HeadingText(q.(*ast.Heading), src))
			qas = append(qas, QA{ID: string(toBytes(id)), Question: question, Answer: answer.b.String()})
		}
	}
	return qas
}

// answerText writes the text a reader sees in block n of an answer, code
// and admonition titles included, escapes and character references
// resolved as in the HTML.
func answerText(w *plainWriter, n ast.Node, src []byte) {
	w.space = true
	switch n := n.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			w.write(seg.Value(src))
			w.space = true
		}
		return
	case *Admonition:
		w.write([]byte(n.Title))
	case *Exercise:
		return
	}
	if c := n.FirstChild(); c == nil || c.Type() != ast.TypeBlock {
		var b bytes.Buffer
		slugWriteText(&b, n, src, true)
		w.write(b.Bytes())
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		answerText(w, c, src)
	}
}
