package build

import (
	"context"
	"errors"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise/exercisefile"
)

// progressSite has two worksheets on listed pages, in navigation order
// (b's before a's, by sidebar_position), one of them on two pages; one
// only on an unlisted page; and one that no page embeds.
var progressSite = `
-- latticework.yaml --
title: Progress
baseURL: https://example.org/base/
-- content/a.md --
---
title: Ay
sidebar_position: 2
---
# A

` + "```exercise\nquiz\n```" + `
-- content/b.md --
---
title: Bee
sidebar_label: B label
sidebar_position: 1
---
# B

` + "```exercise\npoll\n```\n\n```exercise\nquiz\n```" + `
-- content/hidden.md --
---
title: Hidden
unlisted: true
---
` + "```exercise\nsecret\n```" + `
` + quizExercise + `
` + strings.NewReplacer("quiz", "poll", "title: Quiz", "title: Poll <&>").Replace(quizExercise) +
	strings.NewReplacer("quiz", "secret", "Quiz", "Secret").Replace(quizExercise) +
	strings.NewReplacer("quiz", "spare", "Quiz", "Spare").Replace(quizExercise)

// buildWithModule builds a txtar site with a stand-in scoring module.
func buildWithModule(t *testing.T, archive string) (string, error) {
	t.Helper()
	wasm := t.TempDir()
	fakeModule(t, wasm, []byte("\x00asm"))
	out := filepath.Join(t.TempDir(), "public")
	_, err := New(Options{Site: siteFS(t, archive), Defaults: latticework.Default, Out: out, WASMDir: wasm, CacheDir: t.TempDir()}).Build(context.Background())
	return out, err
}

var progressItem = regexp.MustCompile(`<li class="?progress-item"? data-exercise="?([^ ">]+)"? data-hash="?([^ ">]+)"? data-definition="?([^ ">]+)"?><h2 class="?progress-title"?><a href="?([^ ">]+)"?>([^<]*)</a></h2><p class="?progress-page"?>On <a href="?([^ ">]+)"?>([^<]*)</a>`)

// TestProgressPage checks the learner's progress page a build writes: the
// worksheets of listed pages, once each, in navigation order, each with
// its hash, its article and its definition; the module it scores with;
// and the link to it from every page.
func TestProgressPage(t *testing.T) {
	out, err := buildWithModule(t, progressSite)
	if err != nil {
		t.Fatal(err)
	}
	page := read(t, out, "worksheets/index.html")
	var got [][]string
	for _, m := range progressItem.FindAllStringSubmatch(page, -1) {
		got = append(got, m[1:])
	}
	if len(got) != 2 {
		t.Fatalf("the page lists %d worksheets, want poll and quiz:\n%s", len(got), page)
	}
	fsys := siteFS(t, progressSite)
	for i, want := range []struct{ id, title, page, label string }{
		{"poll", "Poll <&>", "/base/b/", "B label"},
		{"quiz", "Quiz", "/base/b/", "B label"},
	} {
		g := got[i]
		src, _ := fsys.ReadFile("exercises/" + want.id + ".yaml")
		var l diag.List
		def := exercisefile.Parse("exercises/"+want.id+".yaml", src, &l)
		if g[0] != want.id || g[1] != def.Hash() || g[3] != want.page+"#ws-"+want.id || html.UnescapeString(g[4]) != want.title || g[5] != want.page || g[6] != want.label {
			t.Errorf("worksheet %d: %q, want %s with hash %s on %s (%s)", i, g, want.id, def.Hash(), want.page, want.label)
		}
		// The definition is the one the worksheet's page carries.
		js, err := exercisefile.PageJSON(def)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(g[2], "/base/assets/worksheet-"+want.id+".") {
			t.Errorf("%s's definition is at %s", want.id, g[2])
		} else if data := read(t, out, strings.TrimPrefix(g[2], "/base/")); data != string(js) {
			t.Errorf("%s's definition file holds\n%s\nwant\n%s", want.id, data, js)
		}
	}
	if !moduleRef.MatchString(page) || !strings.Contains(page, `data-support="/base/assets/wasm_exec.`) {
		t.Errorf("the page does not name the scoring module and its support script:\n%s", page)
	}
	for _, s := range []string{"<noscript>", `<meta name="robots" content="noindex">`, "/base/assets/worksheet-store.", "/base/assets/progress."} {
		if !strings.Contains(page, s) {
			t.Errorf("the page lacks %s", s)
		}
	}
	if strings.Contains(page, "Secret") || strings.Contains(page, "Spare") {
		t.Error("the page lists a worksheet only an unlisted page has, or one no page has")
	}
	for _, p := range []string{"index.html", "a/index.html", "hidden/index.html", "404.html", "worksheets/index.html"} {
		if !strings.Contains(read(t, out, p), `<a href="/base/worksheets/">Your worksheets</a>`) {
			t.Errorf("%s does not link to the progress page", p)
		}
	}
	if strings.Contains(read(t, out, "sitemap.xml"), "worksheets") {
		t.Error("the sitemap lists the progress page")
	}
	// The worksheet's page loads the shared script, then its own.
	if !regexp.MustCompile(`data-worksheet-script="/base/assets/worksheet-store\.[0-9a-f]+\.js /base/assets/worksheet\.[0-9a-f]+\.js"`).MatchString(read(t, out, "a/index.html")) {
		t.Error("a worksheet's page does not name worksheet-store.js and worksheet.js, in that order")
	}
}

// TestProgressPageWithout: a site without exercises has no progress page
// and no link to one; a site whose exercises no page embeds has the page,
// saying so, without the scoring module.
func TestProgressPageWithout(t *testing.T) {
	out, err := buildWithModule(t, "-- content/a.md --\n---\ntitle: A\n---\n# A\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "worksheets")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a site without worksheets has a progress page: %v", err)
	}
	if strings.Contains(read(t, out, "a/index.html"), "/worksheets/") {
		t.Error("a site without worksheets links to a progress page")
	}

	out, err = buildWithModule(t, "-- content/a.md --\n---\ntitle: A\n---\n# A\n"+quizExercise)
	if err != nil {
		t.Fatal(err)
	}
	html := read(t, out, "worksheets/index.html")
	if !strings.Contains(html, "No page of this site has a worksheet yet") || strings.Contains(html, "progress-item") {
		t.Errorf("the progress page of a site whose worksheets no page shows:\n%s", html)
	}
	if moduleRef.MatchString(html) {
		t.Error("the progress page of a site whose worksheets no page shows names the scoring module")
	}
	if m, _ := filepath.Glob(filepath.Join(out, "assets", "*.wasm")); len(m) > 0 {
		t.Errorf("published %v for a site whose worksheets no page shows", m)
	}
}

// TestProgressPageTaken: a page of the site's own at /worksheets/ is an
// error at its slug, in a site with worksheets only.
func TestProgressPageTaken(t *testing.T) {
	page := "-- content/mine.md --\n---\ntitle: Mine\nslug: /worksheets\n---\n# Mine\n"
	_, err := buildWithModule(t, quizSite+page)
	if err == nil || !strings.Contains(err.Error(), "content/mine.md:3:1: this page's URL, /worksheets/, is where Latticework puts the learner's progress page") {
		t.Errorf("a page at /worksheets/ in a site with worksheets: err = %v", err)
	}
	if _, err := buildWithModule(t, page); err != nil {
		t.Errorf("a page at /worksheets/ in a site without worksheets: %v", err)
	}
}

// TestProgressPageRebuild: an edit that adds a worksheet to a page's body
// lists it on the progress page, as the dev server rebuilds.
func TestProgressPageRebuild(t *testing.T) {
	dir := writeSite(t, quizSite+"-- content/b.md --\n---\ntitle: B\n---\n# B\n"+strings.Replace(quizExercise, "quiz", "more", -1))
	wasm := t.TempDir()
	fakeModule(t, wasm, []byte("\x00asm"))
	out := filepath.Join(t.TempDir(), "public")
	b := New(Options{Site: os.DirFS(dir), Defaults: latticework.Default, Out: out, Incremental: true, WASMDir: wasm, CacheDir: t.TempDir()})
	t.Cleanup(b.Wait)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := progressItem.FindAllStringSubmatch(read(t, out, "worksheets/index.html"), -1); len(got) != 1 {
		t.Fatalf("before the edit the page lists %d worksheets, want 1", len(got))
	}
	if err := os.WriteFile(filepath.Join(dir, "content/b.md"), []byte("---\ntitle: B\n---\n# B\n\n```exercise\nmore\n```\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := b.Rebuild(context.Background(), []string{"content/b.md"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Full {
		t.Error("the edit rebuilt the whole site")
	}
	got := progressItem.FindAllStringSubmatch(read(t, out, "worksheets/index.html"), -1)
	if len(got) != 2 || got[1][1] != "more" || got[1][6] != "/b/" {
		t.Fatalf("after the edit the page lists %q, want quiz and more (on /b/)", got)
	}
	if _, err := os.Stat(filepath.Join(out, got[1][3])); err != nil {
		t.Errorf("the definition of the worksheet the edit added: %v", err)
	}
}

// TestWorksheetScriptsWriteText: the scripts that handle learners' answers
// put text into the page only as text (the browser tests type and import
// markup too).
func TestWorksheetScriptsWriteText(t *testing.T) {
	for _, name := range []string{"worksheet-store.js", "worksheet.js", "progress.js"} {
		js, err := fs.ReadFile(latticework.Default, assetsDir+"/"+name)
		if err != nil {
			t.Fatal(err)
		}
		for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "createContextualFragment"} {
			if strings.Contains(string(js), sink) {
				t.Errorf("%s uses %s", name, sink)
			}
		}
	}
}

// TestProgressPageLocales checks that each locale has its own progress
// page under its prefix, in its language, with the worksheets as the
// locale shows them and links to its own pages, and that every page's
// footer leads to its locale's progress page.
func TestProgressPageLocales(t *testing.T) {
	fsys := worksheetI18nSite(t)
	wasm := t.TempDir()
	fakeModule(t, wasm, []byte("\x00asm"))
	out := filepath.Join(t.TempDir(), "public")
	if _, err := New(Options{Site: fsys, Defaults: latticework.Default, Out: out, WASMDir: wasm, CacheDir: t.TempDir()}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	hash := regexp.MustCompile(`data-hash="?([^ ">]+)`)
	script := regexp.MustCompile(`src="?(/assets/progress\.[^ ">]+)`)
	pages := map[string]struct{ prefix, lang, title, heading, working string }{
		"en": {"", `lang="en"`, "The Trust Dynamics Worksheet", "Your worksheets", "Working it out…"},
		"zh": {"/zh", `lang="zh-CN"`, "信任动态练习表", "你的练习", "正在计算…"},
		"ar": {"/ar", `lang="ar"`, "The Trust Dynamics Worksheet", "", "Working it out…"},
	}
	var hashes []string
	for name, want := range pages {
		page := read(t, out, strings.TrimPrefix(want.prefix+"/worksheets/index.html", "/"))
		if !strings.Contains(page, want.lang) {
			t.Errorf("%s: the progress page is not marked %s", name, want.lang)
		}
		if want.heading != "" && !strings.Contains(page, "<h1>"+want.heading+"</h1>") {
			t.Errorf("%s: the progress page's heading is not %q", name, want.heading)
		}
		if !strings.Contains(page, ">"+want.title+"</a>") {
			t.Errorf("%s: the progress page does not list the worksheet as %q", name, want.title)
		}
		article := want.prefix + "/docs/guide/w/"
		if !strings.Contains(page, `href=`+article+`#ws-trust-dynamics>`) && !strings.Contains(page, `href="`+article+`#ws-trust-dynamics"`) {
			t.Errorf("%s: the progress page does not link to %s", name, article)
		}
		if want.prefix != "/zh" && strings.Contains(page, "/zh/docs/") {
			t.Errorf("%s: the progress page links to the Chinese articles", name)
		}
		if m := script.FindStringSubmatch(page); m == nil {
			t.Errorf("%s: the progress page has no progress script", name)
		} else if js := read(t, out, m[1][1:]); !strings.Contains(js, want.working) {
			t.Errorf("%s: the progress script does not say %q", name, want.working)
		}
		if h := hash.FindStringSubmatch(page); h != nil {
			hashes = append(hashes, h[1])
		}
		for _, p := range []string{"/docs/guide/a/", "/docs/guide/w/", "/worksheets/"} {
			f := strings.TrimPrefix(want.prefix+p+"index.html", "/")
			link := want.prefix + ProgressURL
			if html := read(t, out, f); !strings.Contains(html, `href=`+link+`>`) && !strings.Contains(html, `href="`+link+`"`) {
				t.Errorf("%s: the footer does not link to %s", f, link)
			}
		}
	}
	if len(hashes) != 3 || hashes[0] != hashes[1] || hashes[1] != hashes[2] {
		t.Errorf("the locales' progress pages list different hashes (their answers would not be shared): %v", hashes)
	}
}
