package build

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/latticework/latticework"
)

// i18nSite has two locales besides the default, one written right to left:
// the home page and doc a are translated into zh, b is not; a category
// label is translated; ar has no shipped UI strings and a code.json that
// translates one.
const i18nSite = `
-- latticework.yaml --
title: Test Site
baseURL: https://example.org/
editURL: https://git.example.org/edit/main/
i18n:
  defaultLocale: en
  locales: [en, zh, ar]
  localeConfigs:
    zh: {label: 简体中文, htmlLang: zh-CN}
-- content/index.md --
---
title: Home
---
# Welcome

Read [a](/docs/guide/a).
-- content/docs/guide/_category_.json --
{"label": "The Guide", "link": {"type": "generated-index"}}
-- content/docs/guide/a.md --
---
title: Page A
---
# Page A

See [b](./b.md#part-two) and [b again](/docs/guide/b).
-- content/docs/guide/b.md --
---
title: Page B
---
# Page B

## Part two

Text of b.
-- i18n/zh/docusaurus-plugin-content-pages/index.md --
---
title: 首页
---
# 欢迎

阅读 [a](/docs/guide/a)。
-- i18n/zh/docusaurus-plugin-content-docs/current/guide/a.md --
---
title: 页面 A
---
# 页面 A

参见 [b](./b.md#part-two) 与 [b](/docs/guide/b)。
-- i18n/zh/docusaurus-plugin-content-docs/current.json --
{
  "sidebar.tutorialSidebar.category.The Guide": {"message": "指南"}
}
-- i18n/ar/code.json --
{"theme.common.editThisPage": {"message": "عدّل هذه الصفحة"}}
`

func TestI18nSite(t *testing.T) {
	out, res, err := buildSite(t, i18nSite)
	if err != nil {
		t.Fatal(err)
	}
	a := read(t, out, "zh/docs/guide/a/index.html")
	b := read(t, out, "zh/docs/guide/b/index.html")
	arB := read(t, out, "ar/docs/guide/b/index.html")
	for _, c := range []struct{ name, page, want string }{
		{"html lang", a, `<html lang="zh-CN" id="top">`},
		{"rtl", arB, `<html lang="ar" dir="rtl"`},
		{"translated title", a, `<title>页面 A | Test Site</title>`},
		{"UI string", a, `<a class="skip-link" href="#content">跳到正文</a>`},
		{"link within the locale", a, `href="/zh/docs/guide/b/"`},
		{"source link within the locale", a, `href="/zh/docs/guide/b/#part-two"`},
		{"translated category label", a, `>指南</a>`},
		{"untranslated notice", b, `<p class="untranslated-banner" role="note" lang="zh-CN" dir="ltr">本页尚未翻译成简体中文，以下是原文（English）。</p>`},
		{"untranslated text marked in its language", b, `<article class="article" lang="en" dir="ltr">`},
		{"untranslated canonical", b, `<link rel="canonical" href="https://example.org/docs/guide/b/">`},
		{"switcher", b, `<a href="/docs/guide/b/" lang="en">English</a></li><li><a href="/zh/docs/guide/b/" aria-current="page">简体中文</a></li><li><a href="/ar/docs/guide/b/" lang="ar">العربية</a>`},
		{"hreflang", a, `<link rel="alternate" hreflang="en" href="https://example.org/docs/guide/a/">` + "\n" + `<link rel="alternate" hreflang="zh-CN" href="https://example.org/zh/docs/guide/a/">` + "\n" + `<link rel="alternate" hreflang="x-default" href="https://example.org/docs/guide/a/">`},
		{"locale's search", a, `data-search="/zh/search/"`},
		{"locale's home", a, `<a class="brand" href="/zh/">`},
		{"code.json override", arB, `عدّل هذه الصفحة`},
		{"category page", read(t, out, "zh/docs/category/the-guide/index.html"), `<h1>指南</h1>`},
		{"translated home", read(t, out, "zh/index.html"), `<a href="/zh/docs/guide/a/">a</a>`},
		{"default locale unchanged", read(t, out, "docs/guide/a/index.html"), `<html lang="en" id="top">`},
		{"default locale's switcher", read(t, out, "docs/guide/a/index.html"), `<a href="/zh/docs/guide/a/" lang="zh-CN">简体中文</a>`},
		{"404 per locale", read(t, out, "zh/404.html"), `<h1>找不到页面</h1>`},
		{"404's home", read(t, out, "ar/404.html"), `<a href="/ar/">`},
	} {
		if !strings.Contains(c.page, c.want) {
			t.Errorf("%s: no %q in the page", c.name, c.want)
		}
	}
	// A page translated nowhere has no alternates of its own; each copy
	// published untranslated names the original, by hreflang and as
	// x-default, as its canonical link does.
	if strings.Contains(read(t, out, "docs/guide/b/index.html"), `rel="alternate"`) {
		t.Error("a page without translations has hreflang alternates")
	}
	if want := `<link rel="alternate" hreflang="en" href="https://example.org/docs/guide/b/">` + "\n" + `<link rel="alternate" hreflang="x-default" href="https://example.org/docs/guide/b/">` + "\n"; !strings.Contains(b, want) || strings.Count(b, `rel="alternate"`) != 2 {
		t.Errorf("an untranslated copy's alternates: want only\n%s", want)
	}
	// Each locale's search index is its own.
	for _, f := range []string{"search/manifest.json", "zh/search/manifest.json", "ar/search/manifest.json"} {
		read(t, out, f)
	}
	// Every locale's UI strings reach its scripts.
	if m := regexp.MustCompile(`data-search-script="([^"]+)"`).FindStringSubmatch(a); m == nil || !strings.Contains(read(t, out, m[1]), "搜索文档") {
		t.Errorf("zh page's search script is not in Chinese: %v", m)
	}

	// The missing UI strings of ar, which Latticework does not ship, are
	// warnings naming the key and the file to add it to; the one its
	// code.json has is not.
	var missing []string
	for _, w := range res.Warnings {
		if w.File == "i18n/ar/code.json" {
			missing = append(missing, w.Msg)
		}
	}
	if len(missing) == 0 || !strings.Contains(strings.Join(missing, "\n"), "`theme.docs.paginator.next`") {
		t.Errorf("no warning for ar's missing UI strings: %q", missing)
	}
	for _, m := range missing {
		if strings.Contains(m, "editThisPage") {
			t.Errorf("warned of a string code.json translates: %s", m)
		}
	}

	// Sitemaps: one per locale, listing its translated pages with their
	// alternates, and an index of them that robots.txt names.
	type sitemap struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				HrefLang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"url"`
	}
	var zh sitemap
	if err := xml.Unmarshal([]byte(read(t, out, "zh/sitemap.xml")), &zh); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, u := range zh.URLs {
		locs = append(locs, u.Loc)
		if u.Loc == "https://example.org/zh/docs/guide/a/" {
			var links []string
			for _, l := range u.Links {
				links = append(links, l.HrefLang+" "+l.Href)
			}
			want := []string{"en https://example.org/docs/guide/a/", "zh-CN https://example.org/zh/docs/guide/a/", "x-default https://example.org/docs/guide/a/"}
			if !slices.Equal(links, want) {
				t.Errorf("alternates of a in zh's sitemap: %q, want %q", links, want)
			}
		}
	}
	if !slices.Contains(locs, "https://example.org/zh/docs/guide/a/") || slices.Contains(locs, "https://example.org/zh/docs/guide/b/") {
		t.Errorf("zh's sitemap lists %q: want its translated pages only", locs)
	}
	if idx := read(t, out, "sitemap-index.xml"); !strings.Contains(idx, "<loc>https://example.org/zh/sitemap.xml</loc>") || !strings.Contains(idx, "<loc>https://example.org/sitemap.xml</loc>") {
		t.Errorf("sitemap index: %s", idx)
	}
	if robots := read(t, out, "robots.txt"); !strings.Contains(robots, "Sitemap: https://example.org/sitemap-index.xml") {
		t.Errorf("robots.txt: %s", robots)
	}
}

// TestI18nBrokenLink reports a broken link and anchor of a translation at
// the translation's own line, once; the same page's fallback copies in
// other locales repeat none of the original's problems.
func TestI18nBrokenLink(t *testing.T) {
	site := i18nSite + `-- i18n/zh/docusaurus-plugin-content-docs/current/guide/b.md --
---
title: 页面 B
---
# 页面 B

第一行。
[坏链接](/docs/guide/nowhere)
[坏锚点](./a.md#nothing)
-- content/docs/guide/c.md --
---
title: C
---
[broken](/docs/missing)
`
	_, _, err := buildSite(t, site)
	if err == nil {
		t.Fatal("built with broken links")
	}
	msg := err.Error()
	for _, want := range []string{
		"i18n/zh/docusaurus-plugin-content-docs/current/guide/b.md:7:1: link to `/docs/guide/nowhere`: no page is served at /zh/docs/guide/nowhere/",
		"i18n/zh/docusaurus-plugin-content-docs/current/guide/b.md:8:1: link to `./a.md#nothing`: i18n/zh/docusaurus-plugin-content-docs/current/guide/a.md has no heading with id `nothing`",
		"content/docs/guide/c.md:4:1: link to `/docs/missing`",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("no %q in:\n%s", want, msg)
		}
	}
	if n := strings.Count(msg, "content/docs/guide/c.md:4"); n != 1 {
		t.Errorf("c.md's broken link reported %d times, want once:\n%s", n, msg)
	}
}

// TestI18nRebuild edits a translation and an original in the dev server:
// each re-renders alone, the original in the locales without a
// translation of it too.
func TestI18nRebuild(t *testing.T) {
	dir := writeSite(t, i18nSite)
	b, out := buildIncremental(t, dir)
	edit := func(name, text string) *Result {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := b.Rebuild(context.Background(), []string{name})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := edit("i18n/zh/docusaurus-plugin-content-docs/current/guide/a.md", "---\ntitle: 页面 A\n---\n# 页面 A\n\n新的文字。\n")
	// The page, and the category page that lists it with its description.
	if res.Full || res.Rendered != 1 || res.LaidOut != 2 {
		t.Errorf("editing a translation: full %v, %d pages rendered, %d laid out, want 1 and 2", res.Full, res.Rendered, res.LaidOut)
	}
	if a := read(t, out, "zh/docs/guide/a/index.html"); !strings.Contains(a, "新的文字") {
		t.Error("the translation's edit is not published")
	}
	if a := read(t, out, "docs/guide/a/index.html"); strings.Contains(a, "新的文字") {
		t.Error("the translation's edit reached the original")
	}
	res = edit("content/docs/guide/b.md", "---\ntitle: Page B\n---\n# Page B\n\n## Part two\n\nNew text of b.\n")
	if res.Full || res.Rendered != 3 || res.LaidOut != 6 {
		t.Errorf("editing an untranslated page: full %v, %d pages rendered, %d laid out, want 3 and 6 (b, and its category's page, in en, zh, ar)", res.Full, res.Rendered, res.LaidOut)
	}
	for _, f := range []string{"docs/guide/b/index.html", "zh/docs/guide/b/index.html", "ar/docs/guide/b/index.html"} {
		if !strings.Contains(read(t, out, f), "New text of b.") {
			t.Errorf("%s: the edit is not published", f)
		}
	}
	if !strings.Contains(read(t, out, "zh/docs/guide/b/index.html"), "untranslated-banner") {
		t.Error("the rebuilt fallback lost its notice")
	}
	// A new translation changes the locale's pages.
	if err := os.WriteFile(filepath.Join(dir, "i18n/zh/docusaurus-plugin-content-docs/current/guide/b.md"), []byte("---\ntitle: 页面 B\n---\n# 页面 B\n\n## Part two\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	res, err := b.Rebuild(context.Background(), []string{"i18n/zh/docusaurus-plugin-content-docs/current/guide/b.md"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rendered != 1 || strings.Contains(read(t, out, "zh/docs/guide/b/index.html"), "untranslated-banner") {
		t.Errorf("a new translation: %d pages rendered; want it alone rendered and published", res.Rendered)
	}
}

// TestI18nOneLocale keeps a site of one locale as it was: no switcher,
// no alternates, one sitemap.
func TestI18nOneLocale(t *testing.T) {
	out, _, err := buildSite(t, site)
	if err != nil {
		t.Fatal(err)
	}
	home := read(t, out, "index.html")
	for _, unwanted := range []string{"locale-menu", `rel="alternate"`, "untranslated"} {
		if strings.Contains(home, unwanted) {
			t.Errorf("a site of one locale has %q", unwanted)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "sitemap-index.xml")); err == nil {
		t.Error("a site of one locale has a sitemap index")
	}
}

// worksheetI18nSite is i18nSite with a page embedding the repository's
// Trust Dynamics worksheet, and the worksheet's Chinese translation.
func worksheetI18nSite(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := siteFS(t, i18nSite+"-- content/docs/guide/w.md --\n---\ntitle: W\n---\n```exercise\ntrust-dynamics\n```\n")
	for _, f := range []string{"trust-dynamics.yaml", "trust-dynamics.zh.yaml"} {
		data, err := os.ReadFile(filepath.Join("../../exercises", f))
		if err != nil {
			t.Fatal(err)
		}
		fsys["exercises/"+f] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// TestI18nWorksheet shows an exercise's translation in its locale, with
// the original's hash, so that answers saved in one language restore in
// the other; a locale without a translation shows the original.
func TestI18nWorksheet(t *testing.T) {
	fsys := worksheetI18nSite(t)
	out := filepath.Join(t.TempDir(), "public")
	opts := withScorer(t, Options{Site: fsys, Defaults: latticework.Default, Out: out})
	if _, err := New(opts).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	hash := regexp.MustCompile(`data-hash="([^"]+)"`)
	en, zh, ar := read(t, out, "docs/guide/w/index.html"), read(t, out, "zh/docs/guide/w/index.html"), read(t, out, "ar/docs/guide/w/index.html")
	if !strings.Contains(zh, `lang="zh-CN">`) || !strings.Contains(zh, ">信任动态练习表<") || !strings.Contains(zh, "被信任者") || !strings.Contains(zh, "（必填）") {
		t.Error("zh's worksheet is not its translation, marked as Chinese, with Chinese buttons")
	}
	if !strings.Contains(ar, ">The Trust Dynamics Worksheet<") {
		t.Error("ar, without a translation, does not show the original worksheet")
	}
	if h1, h2 := hash.FindStringSubmatch(en), hash.FindStringSubmatch(zh); h1 == nil || h2 == nil || h1[1] != h2[1] {
		t.Errorf("hashes differ between locales: %v %v", h1, h2)
	}
}
