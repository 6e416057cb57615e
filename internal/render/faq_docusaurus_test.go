package render

import (
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/diag"
)

// TestFAQAgainstDocusaurus builds every case of testdata/faq.txt, and the
// seed article, with Docusaurus, which has no FAQ feature, and checks that
// Latticework loses and reorders nothing: each question it reports is
// text Docusaurus shows, in the same order; each heading Docusaurus makes
// is a heading of ours with the same id and text; and the text a reader
// sees is the same. It takes minutes, so it runs only when
// LATTICEWORK_DOCUSAURUS names a node_modules folder holding
// @docusaurus/core and @docusaurus/preset-classic (3.x), e.g. after
// `npm install @docusaurus/core @docusaurus/preset-classic react react-dom`.
func TestFAQAgainstDocusaurus(t *testing.T) {
	modules := os.Getenv("LATTICEWORK_DOCUSAURUS")
	if modules == "" {
		t.Skip("set LATTICEWORK_DOCUSAURUS to a node_modules folder with Docusaurus to compare with it")
	}
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("package.json", `{"name": "faq-check", "private": true}`)
	write("docusaurus.config.js", `module.exports = {
  title: 'FAQ check', url: 'https://example.org', baseUrl: '/', onBrokenLinks: 'warn',
  presets: [['classic', {docs: {routeBasePath: '/docs'}, blog: false, pages: false}]],
};`)
	if err := os.Symlink(modules, filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{}
	for _, c := range admonitionReadCases(t, faqCases) {
		pages[fmt.Sprintf("case-%02d", c.No)] = c.Markdown + "\n"
	}
	seedSrc, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	pages["seed"] = string(seedSrc[strings.Index(string(seedSrc), "\n---\n")+5:])
	for id, md := range pages {
		write("docs/"+id+".md", "---\nid: "+id+"\ntitle: Page "+id+"\n---\n\n"+md)
	}
	cmd := exec.Command("node", filepath.Join(modules, "@docusaurus/core/bin/docusaurus.mjs"), "build")
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("docusaurus build: %v\n%s", err, msg)
	}

	article := regexp.MustCompile(`(?s)<div class="theme-doc-markdown markdown">(.*?)</article>`)
	theirHeading := regexp.MustCompile(`(?s)<h([1-6])[^>]*? id="([^"]*)"[^>]*>(.*?)</h[1-6]>`)
	questions := 0
	for id, md := range pages {
		built, err := os.ReadFile(filepath.Join(dir, "build/docs", id, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		m := article.FindSubmatch(built)
		if m == nil {
			t.Fatalf("%s: no article in Docusaurus's page:\n%.2000s", id, built)
		}
		theirs := regexp.MustCompile(`<header><h1>Page `+id+`</h1></header>`).ReplaceAllString(string(m[1]), "")
		var errs diag.List
		out := faqRenderer.Render(Input{File: id + ".md", Src: []byte(md), Body: []byte(md)}, &errs)
		seen := readerText(theirs)
		at := 0
		for _, qa := range out.FAQ {
			questions++
			i := strings.Index(seen[at:], qa.Question)
			if i < 0 {
				t.Errorf("%s: question %q is not shown by Docusaurus after offset %d:\n%s", id, qa.Question, at, seen)
				continue
			}
			at += i
		}
		ours := map[string]string{}
		for _, h := range out.Headings {
			ours[h.ID] = h.Text
		}
		for _, h := range theirHeading.FindAllStringSubmatch(theirs, -1) {
			if text := readerText(h[3]); ours[h[2]] != text {
				t.Errorf("%s: Docusaurus's h%s #%s %q is not a heading of ours (#%s is %q)", id, h[1], h[2], text, h[2], ours[h[2]])
			}
		}
		if a, b := strings.ReplaceAll(seen, " ", ""), strings.ReplaceAll(readerText(out.HTML), " ", ""); a != b {
			t.Errorf("%s: the text shown differs:\nDocusaurus:  %s\nLatticework: %s", id, seen, readerText(out.HTML))
		}
	}
	t.Logf("%d pages, %d questions compared with Docusaurus", len(pages), questions)
}

// readerText returns the text of an HTML fragment, without the headings'
// "#" links and admonition icons, which differ between the two, and with
// runs of white space as one space.
func readerText(h string) string {
	for _, re := range readerNoise {
		h = re.ReplaceAllString(h, " ")
	}
	return strings.Join(strings.Fields(html.UnescapeString(h)), " ")
}

var readerNoise = []*regexp.Regexp{
	regexp.MustCompile(`<a [^>]*class="hash-link"[^>]*>.*?</a>`),
	regexp.MustCompile(`<span class="admonition-icon".*?</span>`),
	regexp.MustCompile(`(?s)<svg.*?</svg>`),
	regexp.MustCompile(`<[^>]+>`),
}
