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

func TestLoadErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"\uFEFFtitle: Handbook\nbaseURL: https://example.org/\n", ""},
		{"title: [a]\n", "latticework.yaml:1:8: title needs text, like \"Inversion\""},
		{"title: A\neditURL: javascript:alert(1)\n", "latticework.yaml:2:10: editURL must be an http(s) URL such as https://github.com/you/site/edit/main, not `javascript:alert(1)`"},
		{"baseURL: example.org\n", "latticework.yaml:1:10: baseURL must be an http(s) URL such as https://example.org/, not `example.org`"},
		{"markdown:\n  format: commonmark\n", "latticework.yaml:2:11: markdown.format must be `mdx`, `md` or `detect` (as in Docusaurus), not `commonmark`"},
		{"onBrokenLinks: ignore\n", "latticework.yaml:1:16: onBrokenLinks must be `error` or `warn`, not `ignore`"},
		{"title: A\n\tlanguage: fr\n", "latticework.yaml:2:1: a tab indents this line: YAML is indented with spaces only; replace the tab with spaces"},
	} {
		var errs diag.List
		cfg := Load(fstest.MapFS{File: {Data: []byte(c.src)}}, &errs)
		var got string
		for i, e := range errs.All() {
			if i > 0 {
				got += "\n"
			}
			got += e.Error()
		}
		if got != c.want {
			t.Errorf("%q:\ngot  %s\nwant %s", c.src, got, c.want)
		}
		if c.want == "" && cfg.Title != "Handbook" {
			t.Errorf("%q: title %q", c.src, cfg.Title)
		}
	}
}

func TestAbsURL(t *testing.T) {
	c := Config{BaseURL: "https://example.org/project/", EditURL: "https://git.example.org/edit/main/"}
	for p, want := range map[string]string{
		"/docs/a/":             "https://example.org/project/docs/a/",
		"/docs/a b/#x":         "https://example.org/project/docs/a%20b/#x",
		"https://cdn.ex/a.png": "https://cdn.ex/a.png",
	} {
		if got := c.AbsURL(p); got != want {
			t.Errorf("AbsURL(%q) = %q, want %q", p, got, want)
		}
	}
	if got, want := c.EditLink("content/a b.md"), "https://git.example.org/edit/main/content/a%20b.md"; got != want {
		t.Errorf("EditLink = %q, want %q", got, want)
	}
}

func TestLocales(t *testing.T) {
	var errs diag.List
	cfg := Load(fstest.MapFS{File: {Data: []byte("i18n:\n  defaultLocale: en\n  locales: [en, zh, ar]\n  localeConfigs:\n    zh: {label: 简体中文, htmlLang: zh-CN}\n")}}, &errs)
	if len(errs.All()) > 0 {
		t.Fatal(errs.Err())
	}
	got := ""
	for _, l := range cfg.Locales {
		got += l.Name + " " + l.Label + " " + l.HTMLLang + " " + l.Direction + " " + l.Dir + " " + l.Prefix + "\n"
	}
	want := "en English en ltr i18n/en \nzh 简体中文 zh-CN ltr i18n/zh /zh\nar العربية ar rtl i18n/ar /ar\n"
	if got != want {
		t.Errorf("locales:\n%s\nwant:\n%s", got, want)
	}
	if cfg.Language != "en" {
		t.Errorf("language %q, want the default locale's htmlLang", cfg.Language)
	}
	for _, c := range []struct{ src, want string }{
		{"i18n:\n  locales: [zh]\n", "latticework.yaml:2:12: i18n.locales must include the default locale `en`"},
		{"i18n:\n  locales: [en, zh]\n  localeConfigs:\n    fr: {label: Français}\n", "latticework.yaml:4:9: localeConfigs names `fr`, which is not in i18n.locales"},
		{"i18n:\n  locales: [en, zh]\n  localeConfigs:\n    zh: {direction: up}\n", "latticework.yaml:4:21: direction must be `ltr` or `rtl`, not `up`"},
		{"i18n:\n  locales: [en, ../x]\n", "locale `../x` must be a language tag"},
	} {
		var errs diag.List
		Load(fstest.MapFS{File: {Data: []byte(c.src)}}, &errs)
		if err := errs.Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.src, err, c.want)
		}
	}
}
