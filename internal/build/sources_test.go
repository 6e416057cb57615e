package build

import (
	"context"
	"strings"
	"testing"
)

// TestRebuildKeepsLoadedPages checks that the dev server parses again
// only the pages the watcher names, and every time those with problems,
// whose warnings every rebuild reports.
func TestRebuildKeepsLoadedPages(t *testing.T) {
	dir := writeSite(t, `
-- content/a.md --
---
title: Ay
---
# A
-- content/b.md --
---
title: Bee
toc_min_heading_level: 4
---
# B
-- content/c.md --
---
title: Sea
---
# C
`)
	b, _ := buildIncremental(t, dir)
	kept := func() (names []string) {
		b.sources.mu.Lock()
		defer b.sources.mu.Unlock()
		for name := range b.sources.pages {
			names = append(names, name)
		}
		return names
	}
	for i, title := range []string{"See", "Si"} {
		editFile(t, dir, "content/c.md", "title: "+[]string{"Sea", "See"}[i], "title: "+title)
		res, err := b.Rebuild(context.Background(), []string{"content/c.md"})
		if err != nil {
			t.Fatal(err)
		}
		if w := problems(res); !strings.Contains(w, "content/b.md:3:") || !strings.Contains(w, "table of contents is empty") {
			t.Errorf("edit %d: warnings\n%s", i, w)
		}
		if got := strings.Join(kept(), " "); got != "content/a.md content/c.md" && got != "content/c.md content/a.md" {
			t.Errorf("edit %d: pages kept as loaded: %s", i, got)
		}
	}
}
