package placeholder

import (
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/diag"
)

func TestReport(t *testing.T) {
	for _, tc := range []struct {
		file, src string
		want      []string
	}{
		{"content/a.md", "---\ndescription: \"Write: one sentence.\"\n---\n\nWrite: the intro.\n\n1.  **Situation:** Write: the first question.\n**1. Write: a question?**\n- Write: each book.\n",
			[]string{
				"content/a.md:2:15: placeholder left by `make new`: replace this Write: text with one sentence.",
				"content/a.md:5:1: placeholder left by `make new`: replace this Write: text with the intro.",
				"content/a.md:7:20: placeholder left by `make new`: replace this Write: text with the first question.",
				"content/a.md:8:6: placeholder left by `make new`: replace this Write: text with a question?",
				"content/a.md:9:3: placeholder left by `make new`: replace this Write: text with each book.",
			}},
		// An article's own words are not placeholders.
		{"content/b.md", "Read/Write: both.\nOverwrite: never.\nWrites: many.\nwrite: lower case.\n", nil},
		{"exercises/x.yaml", "# Replace every \"Write:\" text.\nname: \"Write: the example\"\n  # Write: a comment\n",
			[]string{"exercises/x.yaml:2:8: placeholder left by `make new`: replace this Write: text with the example"}},
		// In a page, a line starting with # is a heading, and published.
		{"content/c.md", "# Write: a heading\n", []string{"content/c.md:1:3: placeholder left by `make new`: replace this Write: text with a heading"}},
	} {
		var l diag.List
		Report(&l, tc.file, []byte(tc.src), false)
		var got []string
		for _, e := range l.All() {
			if e.Warning {
				t.Errorf("%s: an error reported as a warning", e)
			}
			got = append(got, e.Error())
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tc.file, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
	var l diag.List
	Report(&l, "content/a.md", []byte("Write: x\n"), true)
	if w := l.Warnings(); len(w) != 1 {
		t.Errorf("draft: got %d warnings, want 1", len(w))
	}
}
