package docusaurus

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writePage(t *testing.T, dir, url, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(strings.Trim(url, "/")), "index.html")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCompare reads a page as each generator writes it and checks that
// each kind of difference is found, and nothing else.
func TestCompare(t *testing.T) {
	docu, lw := t.TempDir(), t.TempDir()
	writePage(t, docu, "/docs/a/", `<nav class="menu"><h2>Sidebar</h2></nav><article><div class="theme-doc-markdown markdown"><header><h1>A</h1></header>
<h2 class="anchor" id="faq">FAQ<a href="#faq" class="hash-link">`+"\u200b"+`</a></h2>
<p><strong>Why?</strong> Because.</p>
<p><strong>1. How?</strong></p><p>So.</p>
<h3 id="when">When?</h3><p>Now.</p>
<h2 id="code">Code</h2>
<pre><code><div class="token-line">line one<br></div><div class="token-line">line two<br></div></code></pre>
<p>H<sub>2</sub>O<br></p></div></article>`)
	writePage(t, docu, "/docs/category/x/", `<div class="generatedIndexPage_UZRk"><header><h1>X</h1><p>About X.</p></header>
<article><a class="card" href="/docs/a"><h2><span class="theme-doc-card-title">A</span></h2><p class="theme-doc-card-description">The A page.</p></a></article></div>`)
	writePage(t, docu, "/docs/tags/", `<main>tags</main>`)
	writePage(t, lw, "/docs/a/", `<main><article class="article"><h1>A</h1>
<h2 id="faq">FAQ<a class="hash-link" href="#faq">#</a></h2>
<h3 id="why">Why?</h3><p>Because.</p><h3 id="when">When?</h3><p>Now.</p>
<h2 id="code">Code</h2>
<pre><code>line one
line two</code></pre>
<pre><code>indented text</code></pre>
<p>H&lt;sub&gt;2&lt;/sub&gt;O</p></article></main>
<script type="application/ld+json">{"@type":"FAQPage","mainEntity":[{"name":"Why?"},{"name":"When?"}]}</script>`)
	writePage(t, lw, "/docs/category/x/", `<main><article class="article"><h1>X</h1><p>About X.</p><ul><li><a href="/docs/a/">A</a> The A page.</li></ul></article></main>`)

	want, err := ReadDocusaurus(docu)
	if err != nil {
		t.Fatal(err)
	}
	if got := want.Pages["/docs/a/"].FAQ; !slices.Equal(got, []string{"Why?", "1. How?", "When?"}) {
		t.Errorf("Docusaurus FAQ = %q", got)
	}
	if got := want.Pages["/docs/a/"].Pre; !slices.Equal(got, []string{"line one"}) {
		t.Errorf("Docusaurus <pre> = %q", got)
	}
	got, err := ReadLatticework(lw)
	if err != nil {
		t.Fatal(err)
	}
	d := Compare(want, got)
	var b strings.Builder
	d.Write(&b)
	for _, k := range []struct {
		kind Kind
		n    int
		msg  string
	}{
		{URLs, 1, "/docs/tags/"},
		{Titles, 0, ""},
		{Categories, 0, ""},
		{HeadingIDs, 0, ""}, // #why is the FAQ's
		{FAQ, 1, `question "1. How?" lost`},
		{Pre, 1, `<pre> where Docusaurus has none: "indented text"`},
		{HTMLTags, 3, "<sub> shown as text"},
	} {
		if d.Count(k.kind) != k.n || !strings.Contains(b.String(), k.msg) {
			t.Errorf("%s: %d differences, want %d with %q", k.kind, d.Count(k.kind), k.n, k.msg)
		}
	}
	if t.Failed() {
		t.Log(b.String())
	}
}

// TestFiles checks both layouts of the fixture.
func TestFiles(t *testing.T) {
	docu, err := Files(Docusaurus)
	if err != nil {
		t.Fatal(err)
	}
	lw, err := Files(Latticework)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"docusaurus.config.js", "sidebars.js", "src/pages/index.js", "docs/02-basics/_category_.json", "docs/models/model-0499.md", "static/img/diagram.svg"} {
		if docu[name] == nil {
			t.Errorf("the Docusaurus site lacks %s", name)
		}
	}
	for _, name := range []string{"latticework.yaml", "content/docs/guides/_category_.yml", "content/docs/models/model-0000.md", "static/files/checklist.txt"} {
		if lw[name] == nil {
			t.Errorf("the Latticework site lacks %s", name)
		}
	}
	var models int
	for name := range lw {
		if strings.HasPrefix(name, "content/"+ModelsDir+"/model-") {
			models++
		}
		if strings.HasPrefix(name, "src/") || strings.HasSuffix(name, ".js") {
			t.Errorf("the Latticework site holds %s", name)
		}
	}
	if models != GeneratedPages {
		t.Errorf("%d generated pages, want %d", models, GeneratedPages)
	}
}
