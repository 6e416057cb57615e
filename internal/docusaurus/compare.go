package docusaurus

import (
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Kind names one aspect of the comparison.
type Kind string

// The aspects compared, in report order.
const (
	URLs       Kind = "page URLs"
	Titles     Kind = "page titles"
	Categories Kind = "category pages"
	HeadingIDs Kind = "heading ids"
	FAQ        Kind = "FAQ questions"
	Pre        Kind = "<pre> blocks"
	HTMLTags   Kind = "inline HTML tags"
)

// Kinds lists every Kind in report order.
var Kinds = []Kind{URLs, Titles, Categories, HeadingIDs, FAQ, Pre, HTMLTags}

// Diff holds the differences between what Docusaurus served (want) and
// what Latticework served (got), by kind, each as the pages it was found
// on; Checked counts what was compared, by kind.
type Diff struct {
	Found   map[Kind]map[string][]string // kind → message → URLs
	Checked map[Kind]int
}

func (d *Diff) add(k Kind, url, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if d.Found[k] == nil {
		d.Found[k] = map[string][]string{}
	}
	if urls := d.Found[k][msg]; len(urls) == 0 || urls[len(urls)-1] != url {
		d.Found[k][msg] = append(urls, url)
	}
}

// Count returns the number of differences of kind k, one per message and
// page (a message repeated on a page counts once).
func (d *Diff) Count(k Kind) int {
	n := 0
	for _, urls := range d.Found[k] {
		n += len(urls)
	}
	return n
}

// Compare compares a Latticework build (got) with the Docusaurus build of
// the same tree (want).
func Compare(want, got *Built) *Diff {
	d := &Diff{Found: map[Kind]map[string][]string{}, Checked: map[Kind]int{}}
	for _, u := range want.URLs {
		d.Checked[URLs]++
		if !slices.Contains(got.URLs, u) {
			d.add(URLs, u, "served by Docusaurus, not by Latticework")
		}
	}
	for _, u := range got.URLs {
		if !slices.Contains(want.URLs, u) {
			d.add(URLs, u, "served by Latticework, not by Docusaurus")
		}
	}
	for _, u := range slices.Sorted(maps.Keys(want.Pages)) {
		w, g := want.Pages[u], got.Pages[u]
		if g == nil {
			continue // reported with the URLs
		}
		d.Checked[Titles]++
		if w.Title != g.Title {
			d.add(Titles, u, "title %q, Docusaurus has %q", g.Title, w.Title)
		}
		if w.Category != nil {
			d.category(u, w, g)
			continue
		}
		d.headings(u, w, g)
		d.faq(u, w, g)
		d.pre(u, w, g)
		d.tags(u, w, g)
	}
	return d
}

// category checks a Latticework page at a generated index's URL: its
// description and every item, in order, with its title and description.
func (d *Diff) category(u string, w, g *Page) {
	d.Checked[Categories]++
	if w.Category.Description != "" && !strings.Contains(g.Text, w.Category.Description) {
		d.add(Categories, u, "description %q not shown", w.Category.Description)
	}
	next := 0
	for _, it := range w.Category.Items {
		i := slices.IndexFunc(g.Links[next:], func(l Item) bool { return normURL(l.URL) == it.URL })
		if i < 0 {
			if slices.ContainsFunc(g.Links, func(l Item) bool { return normURL(l.URL) == it.URL }) {
				d.add(Categories, u, "item %s out of order", it.URL)
			} else {
				d.add(Categories, u, "item %s (%q) not listed", it.URL, it.Title)
			}
			continue
		}
		next += i
		if l := g.Links[next]; !strings.Contains(l.Title, it.Title) {
			d.add(Categories, u, "item %s reads %q, Docusaurus has %q", it.URL, l.Title, it.Title)
		}
		next++
		if it.Description != "" && !strings.Contains(g.Text, it.Description) {
			d.add(Categories, u, "item %s: description %q not shown", it.URL, it.Description)
		}
	}
}

// headings checks that Docusaurus's heading ids are all there, in order,
// and that Latticework adds none but its FAQs'.
func (d *Diff) headings(u string, w, g *Page) {
	ids := func(hs []Heading) []string {
		var out []string
		for _, h := range hs {
			out = append(out, h.ID)
		}
		return out
	}
	gotIDs := ids(g.Headings)
	next := 0
	for _, h := range w.Headings {
		d.Checked[HeadingIDs]++
		i := slices.Index(gotIDs[next:], h.ID)
		if i < 0 {
			if slices.Contains(gotIDs, h.ID) {
				d.add(HeadingIDs, u, "#%s out of order", h.ID)
			} else {
				d.add(HeadingIDs, u, "#%s (%q) missing", h.ID, h.Text)
			}
			continue
		}
		next += i + 1
	}
	// A FAQ's intro and questions may become headings, to link to.
	for _, h := range g.Headings {
		if !slices.Contains(ids(w.Headings), h.ID) && !faqIntro.MatchString(h.Text) && !slices.Contains(faqKeys(g.FAQ), faqKey(h.Text)) {
			d.add(HeadingIDs, u, "extra heading #%s (%q)", h.ID, h.Text)
		}
	}
}

// faq checks that every question Docusaurus shows is a question of the
// Latticework page's FAQ, in order, and that no other is.
func (d *Diff) faq(u string, w, g *Page) {
	want, got := faqKeys(w.FAQ), faqKeys(g.FAQ)
	next := 0
	for i, q := range want {
		d.Checked[FAQ]++
		j := slices.Index(got[next:], q)
		if j < 0 {
			if slices.Contains(got, q) {
				d.add(FAQ, u, "question %q out of order", w.FAQ[i])
			} else {
				d.add(FAQ, u, "question %q lost", w.FAQ[i])
			}
			continue
		}
		next += j + 1
	}
	for i, q := range got {
		if !slices.Contains(want, q) {
			d.add(FAQ, u, "%q is a question where Docusaurus shows none", g.FAQ[i])
		}
	}
}

// faqKey is what two builds must agree on for a question: its text, with
// any number in front ("1. ") dropped, which a FAQ may render apart.
func faqKey(q string) string { return numbered.ReplaceAllString(norm(q), "") }

var numbered = regexp.MustCompile(`^\d+[.)]\s*`)

func faqKeys(qs []string) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = faqKey(q)
	}
	return out
}

// pre checks which blocks are <pre>, by their first line.
func (d *Diff) pre(u string, w, g *Page) {
	d.Checked[Pre] += len(w.Pre)
	for _, line := range multisetMinus(g.Pre, w.Pre) {
		d.add(Pre, u, "<pre> where Docusaurus has none: %q", line)
	}
	for _, line := range multisetMinus(w.Pre, g.Pre) {
		d.add(Pre, u, "no <pre> where Docusaurus has one: %q", line)
	}
}

// tags checks the author's inline HTML: the same elements, and none shown
// as text.
func (d *Diff) tags(u string, w, g *Page) {
	for _, t := range ProseTags {
		d.Checked[HTMLTags] += w.Tags[t]
		if w.Tags[t] != g.Tags[t] {
			d.add(HTMLTags, u, "%d <%s>, Docusaurus has %d", g.Tags[t], t, w.Tags[t])
		}
	}
	for _, lit := range multisetMinus(g.Literal, w.Literal) {
		d.add(HTMLTags, u, "%s shown as text", lit)
	}
}

// multisetMinus returns the elements of a not matched by one of b.
func multisetMinus(a, b []string) []string {
	left := slices.Clone(b)
	var out []string
	for _, x := range a {
		if i := slices.Index(left, x); i >= 0 {
			left = slices.Delete(left, i, i+1)
		} else {
			out = append(out, x)
		}
	}
	return out
}

// Total returns the number of differences of every kind.
func (d *Diff) Total() int {
	n := 0
	for _, k := range Kinds {
		n += d.Count(k)
	}
	return n
}

// Write prints the report: per kind, what was compared, and each
// difference with the pages it was found on (the first few of many).
func (d *Diff) Write(w io.Writer) {
	for _, k := range Kinds {
		fmt.Fprintf(w, "\n== %s: %d compared, %d differences\n", k, d.Checked[k], d.Count(k))
		msgs := d.Found[k]
		for _, msg := range slices.Sorted(maps.Keys(msgs)) {
			urls := msgs[msg]
			if len(urls) == 1 {
				fmt.Fprintf(w, "  %s: %s\n", urls[0], msg)
				continue
			}
			shown := urls[:min(3, len(urls))]
			more := ""
			if len(urls) > len(shown) {
				more = fmt.Sprintf(" and %d more", len(urls)-len(shown))
			}
			fmt.Fprintf(w, "  %s (on %d pages: %s%s)\n", msg, len(urls), strings.Join(shown, ", "), more)
		}
	}
	fmt.Fprintf(w, "\n%d differences\n", d.Total())
}
