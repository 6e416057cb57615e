package content_test

import (
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
)

// Whatever a page or category file holds, loading it does not panic, and
// every problem names a line and is reported once.
func FuzzContent(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\n---\nText\n",
		"\uFEFF---\ntitle: \"A\n---\n",
		"---\ntitle: A\n\tx: 1\n---\n",
		"---\ntitle: [a, b\ntags: a\nimage: ../../x\n---\n",
		"---\ntitle: A: b\ncustom_edit_url: javascript:x\n---\n\xff",
	} {
		f.Add(s, `{"label": "x",}`)
	}
	f.Fuzz(func(t *testing.T, page, category string) {
		var errs diag.List
		content.Load(fstest.MapFS{
			"content/a.md":             {Data: []byte(page)},
			"content/_category_.json":  {Data: []byte(category)},
			"content/b/_category_.yml": {Data: []byte(category)},
		}, content.Options{}, &errs)
		seen := map[string]bool{}
		for _, e := range errs.All() {
			if e.Line < 1 {
				t.Errorf("no line: %v", e)
			}
			if seen[e.Error()] {
				t.Errorf("reported twice: %v", e)
			}
			seen[e.Error()] = true
		}
	})
}
