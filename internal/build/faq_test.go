package build

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"
)

// TestFAQStructuredData builds a page whose FAQ mixes the forms authors
// write and checks the FAQPage data a search engine reads: every question,
// in order, with its whole answer, each matching a question heading of the
// page, and the author's own headings keeping their Docusaurus ids.
func TestFAQStructuredData(t *testing.T) {
	out, _, err := buildSite(t, `
-- latticework.yaml --
title: FAQ Site
baseURL: https://example.org/
-- content/a.md --
---
title: A
---
# A

**Frequently Asked Questions:**

**Why?** Because.
**1. How?**
Like this:

- first
- second

**2. Pricing**

Free, see `+"`plans.md`"+`.

### When?

Now.

---

**Resources:**

## Why?

An author's heading after the FAQ.
`)
	if err != nil {
		t.Fatal(err)
	}
	page := read(t, out, "a/index.html")
	var faq struct {
		MainEntity []struct {
			Name   string `json:"name"`
			Answer struct {
				Text string `json:"text"`
			} `json:"acceptedAnswer"`
		} `json:"mainEntity"`
	}
	for _, m := range regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindAllStringSubmatch(page, -1) {
		if strings.Contains(m[1], `"FAQPage"`) {
			if err := json.Unmarshal([]byte(m[1]), &faq); err != nil {
				t.Fatalf("FAQPage JSON-LD does not parse: %v", err)
			}
		}
	}
	var got []string
	for _, q := range faq.MainEntity {
		got = append(got, q.Name+" = "+q.Answer.Text)
	}
	want := []string{"Why? = Because.", "1. How? = Like this: first second", "2. Pricing = Free, see plans.md.", "When? = Now."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("FAQPage questions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var headings []string
	for _, m := range regexp.MustCompile(`<h3 id="([^"]+)">([^<]+)<`).FindAllStringSubmatch(page, -1) {
		headings = append(headings, html.UnescapeString(m[2]))
	}
	if strings.Join(headings, "|") != "Why?|1. How?|2. Pricing|When?" {
		t.Errorf("question headings = %q", headings)
	}
	if !strings.Contains(page, `<h2 id="why">Why?`) {
		t.Errorf("the author's heading lost its Docusaurus id #why to a bold question")
	}
}
