package build

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	latticework "github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/render"
)

// TestNestingTooDeep checks that a page nesting lists deeper than
// render.MaxNesting fails once, at the line of the first marker too deep.
func TestNestingTooDeep(t *testing.T) {
	var page strings.Builder
	page.WriteString("---\ntitle: Deep\n---\n# Deep\n\n")
	for x := range render.MaxNesting + 20 {
		page.WriteString(strings.Repeat("  ", x) + "- item\n")
	}
	_, _, err := buildSite(t, "-- content/deep.md --\n"+page.String())
	if err == nil {
		t.Fatal("build succeeded, want an error")
	}
	// Line 6 holds the first level, so level MaxNesting+1 is on line
	// 6+MaxNesting, its marker after two spaces per level.
	want := "content/deep.md:38:65: lists, block quotes and admonitions are nested more than 32 deep"
	if !strings.HasPrefix(err.Error(), want) || strings.Count(err.Error(), "nested more than") != 1 {
		t.Errorf("error:\n%v\nwant one, starting %q", err, want)
	}
}

// TestTableTooLarge checks that a table with more filled-in cells than
// render.MaxTableCells fails the page once, at its delimiter row, and
// not at the page's small table before it.
func TestTableTooLarge(t *testing.T) {
	cols := 1000
	page := "---\ntitle: Wide\n---\n# Wide\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n" +
		strings.Repeat("h|", cols) + "\n" + strings.Repeat("-|", cols) + "\n" + strings.Repeat("d\n", render.MaxTableCells/cols+10)
	_, _, err := buildSite(t, "-- content/wide.md --\n"+page)
	want := "content/wide.md:11:1: this table has 1000 columns and 535 rows"
	if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Count(err.Error(), "this table") != 1 {
		t.Errorf("error:\n%v\nwant one, starting %q", err, want)
	}
}

// TestPageTimeout checks that a page slower to render than the timeout
// fails the build with its name, without waiting for it.
func TestPageTimeout(t *testing.T) {
	// Nested brackets: goldmark's link parser takes time quadratic in
	// their depth, about a second for these 40 KB.
	slow := strings.Repeat("[", 20000) + "a" + strings.Repeat("]", 20000)
	site := "-- content/index.md --\n---\ntitle: Home\n---\n# Home\n-- content/slow.md --\n---\ntitle: Slow\n---\n" + slow + "\n"
	out := filepath.Join(t.TempDir(), "public")
	start := time.Now()
	_, err := New(Options{Site: siteFS(t, site), Defaults: latticework.Default, Out: out, PageTimeout: 50 * time.Millisecond}).Build(context.Background())
	if err == nil || !strings.HasPrefix(err.Error(), "content/slow.md: rendering took longer than 50ms") {
		t.Fatalf("error = %v, want content/slow.md timed out", err)
	}
	if strings.Contains(err.Error(), "index.md") {
		t.Errorf("the fast page failed too: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the build took %v: it waited for the slow page", d)
	}
}
