package render

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/diag"
)

const faqCases = "testdata/faq.txt"

var faqRenderer = New(Options{})

// hashLink is the "#" link after each heading's text, left out of the
// case file to keep it readable (TestGoldenSeedArticle shows it).
var hashLink = regexp.MustCompile(`<a class="hash-link" href="[^"]*" aria-label="[^"]*">#</a>`)

// faqCaseOutput renders markdown as a page and returns what a case of
// testdata/faq.txt expects: the HTML, then a line "FAQ #id question =
// answer" for each question the page reports for its FAQPage data.
func faqCaseOutput(t testing.TB, md string) string {
	var errs diag.List
	out := faqRenderer.Render(Input{File: "page.md", Src: []byte(md), Body: []byte(md)}, &errs)
	if err := errs.Err(); err != nil {
		t.Errorf("errors: %v", err)
	}
	var b strings.Builder
	b.WriteString(hashLink.ReplaceAllString(out.HTML, ""))
	for _, qa := range out.FAQ {
		fmt.Fprintf(&b, "FAQ #%s %s =%s\n", qa.ID, qa.Question, strings.TrimRight(" "+qa.Answer, " "))
	}
	return b.String()
}

// TestFAQCases runs the cases of testdata/faq.txt, one with
// -run 'TestFAQCases/^7$'. With -update it rewrites the expected outputs
// (read the diff before committing).
func TestFAQCases(t *testing.T) {
	cases := admonitionReadCases(t, faqCases)
	if *update {
		var b strings.Builder
		for _, c := range cases {
			fmt.Fprintf(&b, "%d: %s\n%s\n%s\n%s\n%s%s\n\n", c.No, c.Description, admonitionPartSep, c.Markdown,
				admonitionPartSep, faqCaseOutput(t, c.Markdown), admonitionCaseSep)
		}
		if err := os.WriteFile(faqCases, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, c := range cases {
		t.Run(strconv.Itoa(c.No), func(t *testing.T) {
			if got := faqCaseOutput(t, c.Markdown); got != c.HTML {
				t.Errorf("%s:%d: case %d: %s\nmarkdown:\n%s\ngot:\n%s\nwant:\n%s",
					faqCases, c.Line, c.No, c.Description, c.Markdown, got, c.HTML)
			}
		})
	}
}

// faqCheck checks what must hold for any page: the HTML has as many FAQ
// sections and items opened as closed, no two headings share an id, and
// each question reported is a heading of the page with its text.
func faqCheck(t *testing.T, md string) *Output {
	t.Helper()
	var errs diag.List
	out := faqRenderer.Render(Input{File: "page.md", Src: []byte(md), Body: []byte(md)}, &errs)
	for _, tag := range []string{"section", "div"} {
		if o, c := strings.Count(out.HTML, "<"+tag+" class=\"faq"), strings.Count(out.HTML, "</"+tag+">"); o != c {
			t.Errorf("%d <%s class=faq…> but %d </%s> for %q:\n%s", o, tag, c, tag, md, out.HTML)
		}
	}
	ids := map[string]string{}
	for _, h := range out.Headings {
		if _, dup := ids[h.ID]; dup {
			t.Errorf("two headings with id %q for %q:\n%s", h.ID, md, out.HTML)
		}
		ids[h.ID] = h.Text
	}
	for _, qa := range out.FAQ {
		if text, ok := ids[qa.ID]; !ok || text != qa.Question {
			t.Errorf("question %q (#%s) is not a heading of the page %q:\n%s", qa.Question, qa.ID, md, out.HTML)
		}
	}
	return out
}

func TestFAQInvariantsOnCases(t *testing.T) {
	for _, c := range admonitionReadCases(t, faqCases) {
		faqCheck(t, c.Markdown)
	}
}

// faqOddInputs are pages at the edges of what the transform handles.
var faqOddInputs = []string{
	"", "**FAQ**", "## FAQ", "**FAQ**\n**", "**FAQ**\n** **\n**?**", "**FAQ**\n****?**",
	"**FAQ**\n---\n---\n---\n", "---\n**FAQ**\n---\n**Why?**\n---",
	"###### FAQ\n###### Why?\n**How?** x", "# FAQ\n# Why?\n## How?",
	"FAQ\n===\nWhy?\n---\nBecause.", "**FAQ**\n**Why?**\n**How?**\n**When?**",
	"**FAQ**\n***Why?*** ***How?***\n_**When?**_", "**FAQ:**\n> **Why?**\n**How?**\\\n",
	"## FAQ\n### A\n#### B\n##### C?\n### D\n**E?**\n### F", "**FAQ**\n**1. A?**\n**2. B**\n**4. C**",
	"**FAQ**\n**Q99999999999999999999: A**", "**FAQ** {#x}\n**Why? {#why}**", "<b>FAQ</b>\n**Why?**",
	"**FAQ**\n\n```\n**Why?**\n```\n\n    **How?**\n",
}

func TestFAQOddInputs(t *testing.T) {
	for _, md := range faqOddInputs {
		faqCheck(t, md)
	}
}

// FuzzFAQ checks that no input makes the FAQ transform panic or break the
// invariants of faqCheck.
func FuzzFAQ(f *testing.F) {
	for _, c := range admonitionReadCases(f, faqCases) {
		f.Add(c.Markdown)
	}
	for _, md := range faqOddInputs {
		f.Add(md)
	}
	f.Fuzz(func(t *testing.T, md string) {
		faqCheck(t, md)
	})
}

// FuzzFAQTitle checks that isFAQTitle's quick look turns away no text
// the title's expression matches.
func FuzzFAQTitle(f *testing.F) {
	for _, s := range []string{"FAQ", "faqs", "7. FAQ", "1.2) Frequently Asked Questions", "\t3 faq:", "Of FAQ", "ＦAQ", "FAQuestions", "12.x FAQ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isFAQTitle(s), faqTitle.MatchString(s); got != want {
			t.Errorf("isFAQTitle(%q) = %v, the expression says %v", s, got, want)
		}
	})
}
