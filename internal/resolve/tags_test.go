package resolve

import "testing"

// The permalinks lodash's kebabCase gives, as measured with lodash 4.
func TestKebabCase(t *testing.T) {
	for in, want := range map[string]string{
		"intro":           "intro",
		"Getting Started": "getting-started",
		"C++":             "c",
		"fooBar":          "foo-bar",
		"v2Beta":          "v-2-beta",
		"XMLHttp request": "xml-http-request",
		"Hanlon's Razor":  "hanlons-razor",
		"café au lait":    "cafe-au-lait",
		"  spaced  out ":  "spaced-out",
		"under_score":     "under-score",
		"ÜberTag":         "uber-tag",
		"2024 plans":      "2024-plans",
		"a.b/c":           "a-b-c",
	} {
		if got := kebabCase(in); got != want {
			t.Errorf("kebabCase(%q) = %q, want %q", in, got, want)
		}
	}
}
