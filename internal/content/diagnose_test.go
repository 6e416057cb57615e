package content_test

import (
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
)

// Each mistake is reported once, at the line and column where it is, in
// the author's words; none is reported as a consequence of another.
func TestMistakePositions(t *testing.T) {
	for _, c := range []struct {
		name, file, src string
		want            []string
	}{
		{"byte-order mark", "content/a.md", "\uFEFF---\ntitle: A\n---\nText.\n", nil},
		{"byte-order mark in a category", "content/d/_category_.json", "\uFEFF{\"label\": \"D\"}\n", nil},
		{"tab-indented line", "content/a.md", "---\ntitle: A\ndescription: x\n\tsidebar_position: 2\n---\n",
			[]string{"content/a.md:4:1: a tab indents this line: YAML is indented with spaces only; replace the tab with spaces"}},
		{"unterminated quote", "content/a.md", "---\ntitle: \"A\ndescription: x\nsidebar_position: 2\n---\n",
			[]string{"content/a.md:2:8: this quote is never closed: end the text with a matching \""}},
		{"unterminated quote after a closed one", "content/a.md", "---\ntitle: \"A\n  B\"\ndescription: 'x\n---\n",
			[]string{"content/a.md:4:14: this quote is never closed: end the text with a matching '"}},
		{"unterminated single quote", "content/a.md", "---\ntitle: A\ndescription: 'x\n---\n",
			[]string{"content/a.md:3:14: this quote is never closed: end the text with a matching '"}},
		{"second colon on line 1", "content/a.md", "---\ntitle: A: B\n---\n",
			[]string{"content/a.md:2:9: unexpected `: `: put a value that holds `: ` in quotes (`title: \"Inversion: think backwards\"`), or line this key up with the keys above it"}},
		{"bad indentation", "content/a.md", "---\ntitle: A\nlast_update:\n  author: me\n date: 2024-01-01\n---\n",
			[]string{"content/a.md:5:2: this line is not indented like the lines around it: indent the keys of one mapping, or the items of one list, by the same number of spaces"}},
		{"unclosed list", "content/a.md", "---\ntitle: A\ntags: [a, b\n---\n",
			[]string{"content/a.md:3:7: this `[` is never closed: end the list or mapping with `]`"}},
		{"trailing comma in a category", "content/d/_category_.json", "{\n  \"label\": \"D\",\n  \"position\": 2,\n}\n",
			[]string{"content/d/_category_.json:3:16: warning: invalid JSON: a comma after the last item; remove it (read as YAML, as Docusaurus does)"}},
		{"bad JSON", "content/d/_category_.json", "{\n  \"label\": 'D'\n}\n",
			[]string{"content/d/_category_.json:2:12: warning: invalid JSON: invalid character '\\'' looking for beginning of value; check commas and quotes (read as YAML, as Docusaurus does)"}},
		{"unclosed JSON", "content/d/_category_.json", "{\n  \"label\": \"D\"\n",
			[]string{"content/d/_category_.json:2:15: invalid JSON: the file ends before every `{`, `[` and quote is closed"}},
		{"category type", "content/d/_category_.yml", "label: D\nposition: second\n",
			[]string{"content/d/_category_.yml:2:11: position needs a number, like 3"}},
		{"position as text", "content/a.md", "---\ntitle: A\nsidebar_position: third\n---\n",
			[]string{"content/a.md:3:19: sidebar_position needs a number, like 3"}},
		{"title as a list", "content/a.md", "---\ntitle: [A, B]\n---\n",
			[]string{"content/a.md:2:8: title needs text, like \"Inversion\""}},
		{"title misspelt", "content/a.md", "---\ntitel: A\n---\n",
			[]string{"content/a.md:2:1: unknown key `titel` (did you mean `title`?)"}},
		{"title as a mapping", "content/a.md", "---\ntitle:\n  en: A\n---\n",
			[]string{"content/a.md:3:3: title needs text, like \"Inversion\""}},
		{"tags as text", "content/a.md", "---\ntitle: A\ntags: a, b\n---\n",
			[]string{"content/a.md:3:7: tags needs a list, like [a, b]"}},
		{"keyword as a list", "content/a.md", "---\ntitle: A\nkeywords: [a, [b]]\n---\n",
			[]string{"content/a.md:3:15: an item of keywords needs text, like \"Inversion\""}},
		{"tag as a list", "content/a.md", "---\ntitle: A\ntags: [[a], b]\n---\n",
			[]string{"content/a.md:3:8: an item of tags needs text, or `key: value` lines"}},
		{"draft as text", "content/a.md", "---\ntitle: A\ndraft: maybe\n---\n",
			[]string{"content/a.md:3:8: draft needs true or false"}},
		{"props as text", "content/a.md", "---\ntitle: A\nsidebar_custom_props: big\n---\n",
			[]string{"content/a.md:3:23: sidebar_custom_props needs `key: value` lines, indented under it"}},
		{"key given twice", "content/a.md", "---\ntitle: A\ndescription: x\ntitle: B\n---\n",
			[]string{"content/a.md:4:1: `title` is given twice (first on line 2): keep one"}},
		{"invalid UTF-8", "content/a.md", "---\ntitle: A\n---\nCaf\xe9 au lait\n",
			[]string{"content/a.md:4:4: this file is not UTF-8 text (byte 0xE9 here): save it as UTF-8 in your editor"}},
		{"invalid UTF-8 in front matter", "content/a.md", "---\ntitle: Caf\xe9\n---\n",
			[]string{"content/a.md:2:11: this file is not UTF-8 text (byte 0xE9 here): save it as UTF-8 in your editor"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var errs diag.List
			site := content.Load(fstest.MapFS{
				c.file:           {Data: []byte(c.src)},
				"content/ok.md":  {Data: []byte("---\ntitle: OK\n---\n")},
				"content/d/b.md": {Data: []byte("---\ntitle: B\n---\n")},
			}, content.Options{}, &errs)
			var got []string
			for _, e := range errs.All() {
				got = append(got, e.Error())
			}
			if !equal(got, c.want) {
				t.Errorf("%q:\ngot  %q\nwant %q", c.src, got, c.want)
			}
			if c.name == "byte-order mark" && (len(site.Pages) < 1 || site.Pages[0].Front.Title != "A") {
				t.Errorf("page with a byte-order mark not loaded: %+v", site.Pages)
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
