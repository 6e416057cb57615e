package i18n

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/diag"
)

// TestCatalogs holds the shipped catalogs to one another and to their
// users: Chinese has every English key, every key a layout asks for
// exists, and the English a script carries to work unbuilt is the
// catalog's.
func TestCatalogs(t *testing.T) {
	en := English()
	zh, err := readCatalog("zh")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := slices.Sorted(maps.Keys(en)), slices.Sorted(maps.Keys(zh)); !slices.Equal(a, b) {
		t.Errorf("zh.json and en.json have different keys:\n%q\n%q", a, b)
	}
	layouts, _ := filepath.Glob("../../layouts/*.html")
	used := regexp.MustCompile(`\bt "([^"]+)"`)
	n := 0
	for _, f := range layouts {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(data), -1) {
			n++
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s asks for %q, which en.json lacks", f, m[1])
			}
		}
	}
	if n < 30 {
		t.Errorf("found %d strings in the layouts: is the pattern stale?", n)
	}
	scripts, _ := filepath.Glob("../../layouts/assets/*.js")
	found := 0
	for _, f := range scripts {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := scriptUI.FindSubmatch(src)
		if m == nil {
			continue
		}
		found++
		prefix := string(m[1]) + "."
		s := &Strings{msgs: en}
		out, _ := s.Script(src)
		// The object written in the script is JavaScript, not JSON: read
		// its keys and strings.
		obj := regexp.MustCompile(`(\w+): ("(?:[^"\\]|\\.)*")`).FindAllSubmatch(scriptUI.Find(src), -1)
		for _, kv := range obj {
			var v string
			if err := json.Unmarshal(kv[2], &v); err != nil {
				t.Fatal(err)
			}
			if en[prefix+string(kv[1])] != v {
				t.Errorf("%s: %s is %q, en.json's %s %q", f, kv[1], v, prefix+string(kv[1]), en[prefix+string(kv[1])])
			}
		}
		for k := range en {
			if name, ok := strings.CutPrefix(k, prefix); ok && !regexp.MustCompile(`\b`+name+`: "`).Match(src) {
				t.Errorf("%s lacks %s, which the build fills in", f, name)
			}
		}
		if !strings.Contains(string(out), "UI = {\"") {
			t.Errorf("%s: the strings were not filled in", f)
		}
	}
	if found != 5 {
		t.Errorf("%d scripts with UI strings, want site.js, search.js, worksheet.js, worksheet-store.js and progress.js", found)
	}
}

func TestLoad(t *testing.T) {
	site := fstest.MapFS{
		"i18n/fr/code.json": {Data: []byte("{\n  \"theme.common.editThisPage\": {\"message\": \"Modifier cette page\"}\n}\n")},
		"i18n/de/code.json": {Data: []byte("{\n  \"x\": {\"message\": 3}\n}\n")},
	}
	var errs diag.List
	locales := []config.Locale{
		{Name: "en", HTMLLang: "en", Dir: "i18n/en"},
		{Name: "zh-Hans", HTMLLang: "zh-Hans", Dir: "i18n/zh-Hans"},
		{Name: "fr", HTMLLang: "fr", Label: "Français", Dir: "i18n/fr"},
		{Name: "de", HTMLLang: "de", Dir: "i18n/de"},
	}
	s := Load(site, locales, &errs)
	if got := s["fr"].T("theme.common.editThisPage"); got != "Modifier cette page" {
		t.Errorf("fr: %q", got)
	}
	if got := s["fr"].T("theme.docs.paginator.next"); got != "Next" {
		t.Errorf("fr falls back to %q, want English", got)
	}
	if got := s["zh-Hans"].T("theme.docs.paginator.next"); got != "下一篇" {
		t.Errorf("zh-Hans: %q, want the shipped zh", got)
	}
	if got := s["en"].T("latticework.search.count", "count", 1); got != "1 page matches" {
		t.Errorf("plural one: %q", got)
	}
	if got := s["en"].T("theme.docs.tagDocListPageTitle.nDocsTagged", "count", 3); got != "3 docs tagged" {
		t.Errorf("plural other: %q", got)
	}
	if got := s["zh-Hans"].Date(time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC)); got != "2024年3月9日" {
		t.Errorf("zh date: %q", got)
	}
	var fr, de []string
	for _, e := range errs.All() {
		switch e.File {
		case "i18n/fr/code.json":
			fr = append(fr, e.Error())
		case "i18n/de/code.json":
			de = append(de, e.Error())
		default:
			t.Errorf("unexpected: %v", e)
		}
	}
	if len(fr) != len(English())-1 || !strings.Contains(strings.Join(fr, "\n"), "i18n/fr/code.json: warning: no Français translation of the UI string `theme.docs.paginator.next` (English: \"Next\")") {
		t.Errorf("fr's warnings (%d): %q", len(fr), fr[:min(3, len(fr))])
	}
	if bad := de[len(de)-1]; !strings.HasPrefix(bad, "i18n/de/code.json:2:20: not a translation file") {
		t.Errorf("de's error: %q", bad)
	}
	s["en"].T("no.such.key")
	if got := s["en"].Unknown(); !slices.Equal(got, []string{"no.such.key"}) {
		t.Errorf("unknown keys: %q", got)
	}
}
