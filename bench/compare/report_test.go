package main

import (
	"strings"
	"testing"
)

// TestReportLargeSizes checks the report of a run with a size above
// largePages: Hugo skipped in the table, no warm rows for it, and the
// ratio to the 10,000-page build against the goals.
func TestReportLargeSizes(t *testing.T) {
	one := func(wall, rss float64) *series {
		return &series{Wall: stat{wall, wall, wall}, CPU: stat{wall, wall, wall}, RSS: stat{rss, rss, rss}}
	}
	b := &bench{o: options{runs: 5, warmRuns: 5, largeRuns: 1}, hugo: "hugo", hugoVersion: "hugo v0.165.0+extended linux/amd64"}
	results := []sizeResult{
		{pages: 10000, lw: one(10, 400), hugo: one(40, 2000), warm: one(1, 300), warmEdit: one(2, 300)},
		{pages: 100000, lw: one(120, 5000), hugoSkipped: "above -hugo-max-pages 10000"},
	}
	var out strings.Builder
	b.report(&out, "", results, nil, nil, 0)
	got := out.String()
	for _, want := range []string{
		"| 100000 | 0.0 MiB | Hugo v0.165.0 skipped: above -hugo-max-pages 10000 |",
		"Latticework at 100000 pages against 10000: wall 12.00× (goal ≤ 11×: **not met**), CPU 12.00×, peak RSS 4.88 GiB (goal ≤ 4 GiB: **not met**).",
		"Above 10000 pages: 1 timed run(s)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "| 100000 |"); n != 2 {
		t.Errorf("%d rows of 100000 pages, want 2 (Latticework, Hugo skipped):\n%s", n, got)
	}
}
