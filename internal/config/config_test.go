package config

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework/internal/diag"
)

func TestMarkdownFormat(t *testing.T) {
	for _, tc := range []struct{ yaml, want, err string }{
		{"", "mdx", ""},
		{"markdown:\n  format: md\n", "md", ""},
		{"markdown:\n  format: detect\n", "detect", ""},
		{"markdown:\n  format: commonmark\n", "commonmark", "markdown.format must be `mdx`, `md` or `detect`"},
		{"markdown:\n  fromat: md\n", "mdx", "did you mean `format`"},
	} {
		var errs diag.List
		cfg := Load(fstest.MapFS{File: {Data: []byte(tc.yaml)}}, &errs)
		if cfg.Markdown.Format != tc.want {
			t.Errorf("%q: format %q, want %q", tc.yaml, cfg.Markdown.Format, tc.want)
		}
		got := ""
		for _, e := range errs.All() {
			got += e.Error() + "\n"
		}
		if tc.err == "" && got != "" || !strings.Contains(got, tc.err) {
			t.Errorf("%q: errors %q, want one with %q", tc.yaml, got, tc.err)
		}
	}
}
