package search

import (
	"os"
	"testing"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/render"
)

// seedFile is the article the tests index, the one the site ships.
const seedFile = "../../content/docs/thinking-toolkit/classic-mental-models/trust-dynamics.md"

// seedURL is where the build publishes seedFile.
const seedURL = "/docs/thinking-toolkit/classic-mental-models/trust-dynamics/"

// seedSections renders the seed article as the build does and returns its
// sections, so ids match the anchors the real page has.
func seedSections(t testing.TB) []Section {
	t.Helper()
	src, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	// Skip the front matter: the renderer takes the body.
	body := src
	if i := indexAfterFrontMatter(src); i > 0 {
		body = src[i:]
	}
	var errs diag.List
	out := render.New(render.Options{}).Render(render.Input{File: "trust-dynamics.md", Src: src, Body: body}, &errs)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	secs := make([]Section, len(out.Sections))
	for i, s := range out.Sections {
		secs[i] = Section{ID: s.ID, Heading: s.Heading, Text: s.Text}
	}
	return secs
}

// indexAfterFrontMatter returns the offset just after a leading "---"
// block, or 0.
func indexAfterFrontMatter(src []byte) int {
	s := string(src)
	if len(s) < 4 || s[:4] != "---\n" {
		return 0
	}
	for i := 4; i+4 <= len(s); i++ {
		if s[i-1] == '\n' && s[i:i+4] == "---\n" {
			return i + 4
		}
	}
	return 0
}
