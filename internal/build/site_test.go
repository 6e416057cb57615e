package build

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/gitdates"
)

// TestDefaultSite builds the site that ships with Latticework, from the
// repository's folders, and checks the Trust Dynamics article as a reader
// meets it.
func TestDefaultSite(t *testing.T) {
	out, res := buildDefaultSite(t)
	if len(res.Warnings) > 0 {
		t.Errorf("the default site has warnings: %v", res.Warnings)
	}
	page := read(t, out, "docs/thinking-toolkit/classic-mental-models/trust-dynamics/index.html")

	// All eight numbered sections, in order.
	sections := regexp.MustCompile(`<h2 id="(\d)-`).FindAllStringSubmatch(page, -1)
	var nums []string
	for _, m := range sections {
		nums = append(nums, m[1])
	}
	if strings.Join(nums, "") != "12345678" {
		t.Errorf("numbered sections = %v, want 1 to 8 in order", nums)
	}
	if n := strings.Count(page, "<h1"); n != 1 {
		t.Errorf("%d H1s, want 1", n)
	}
	// In a git checkout, the page says when its source last changed.
	if dates := gitdates.Load(context.Background(), "../..", "content"); len(dates) > 0 {
		when := dates["content/docs/thinking-toolkit/classic-mental-models/trust-dynamics.md"].UTC()
		if want := `Last updated <time datetime="` + when.Format("2006-01-02") + `">`; !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if !strings.Contains(page, `<title>Trust Dynamics | Latticework</title>`) {
		t.Error("<title> does not use the front matter title")
	}

	// The sidebar lists the four articles in sidebar_position order.
	nav := page[strings.Index(page, `<nav id="sidebar"`):]
	var order []string
	for _, m := range regexp.MustCompile(`nav-page"><a href="[^"]+"[^>]*>([^<]+)</a>`).FindAllStringSubmatch(nav, -1) {
		order = append(order, m[1])
	}
	if got := strings.Join(order, ", "); got != "Circle of Competence, Inversion, Trust Dynamics, Game Theory" {
		t.Errorf("sidebar = %s", got)
	}

	// Links to the sibling articles resolve to pages that exist.
	for _, sib := range []string{"circle-of-competence", "inversion", "game-theory"} {
		href := `href="/docs/thinking-toolkit/classic-mental-models/` + sib + `/"`
		if !strings.Contains(page, href) {
			t.Errorf("no link %s", href)
		}
		if _, err := os.Stat(filepath.Join(out, "docs/thinking-toolkit/classic-mental-models", sib, "index.html")); err != nil {
			t.Errorf("sibling page %s not built", sib)
		}
	}

	// The FAQ: five questions as headings, and the same five in FAQPage
	// structured data with their answers.
	questions := regexp.MustCompile(`<h3 id="(\d-[^"]+)">([^<]+)<`).FindAllStringSubmatch(page, -1)
	if len(questions) != 5 {
		t.Fatalf("found %d FAQ question headings, want 5", len(questions))
	}
	ld := regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`).FindAllStringSubmatch(page, -1)
	var faq struct {
		Type       string `json:"@type"`
		MainEntity []struct {
			Name   string `json:"name"`
			Answer struct {
				Text string `json:"text"`
			} `json:"acceptedAnswer"`
		} `json:"mainEntity"`
	}
	for _, m := range ld {
		if strings.Contains(m[1], `"FAQPage"`) {
			if err := json.Unmarshal([]byte(m[1]), &faq); err != nil {
				t.Fatalf("FAQPage JSON-LD does not parse: %v", err)
			}
		}
	}
	if len(faq.MainEntity) != 5 {
		t.Fatalf("FAQPage has %d questions, want 5", len(faq.MainEntity))
	}
	for i, q := range faq.MainEntity {
		if q.Name != questions[i][2] {
			t.Errorf("FAQPage question %d = %q, heading says %q", i, q.Name, questions[i][2])
		}
		if len(q.Answer.Text) < 100 {
			t.Errorf("FAQPage answer %d is too short: %q", i, q.Answer.Text)
		}
	}
	if !strings.HasPrefix(faq.MainEntity[1].Answer.Text, "While trust repair is possible, it is not guaranteed") {
		t.Errorf("answer 2 = %q", faq.MainEntity[1].Answer.Text)
	}
}
