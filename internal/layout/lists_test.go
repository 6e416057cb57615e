package layout_test

import (
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/render"
)

func TestSidebarHTML(t *testing.T) {
	var errs diag.List
	site := config.Load(fstest.MapFS{"latticework.yaml": {Data: []byte("title: T\nbaseURL: https://example.org/handbook/\n")}}, &errs)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	p := &layout.Page{Site: &site, Sidebar: []*layout.NavItem{
		{Label: "Intro", URL: "/docs/intro/"},
		{Label: "Models & <Tools>", URL: "/docs/models/a/", IsCategory: true, Active: true, Children: []*layout.NavItem{
			{Label: "A", URL: "/docs/models/a/", Current: true},
			{Label: "Café", URL: "/docs/models/café/"},
		}},
		{Label: "Later", URL: "/docs/later/x/", IsCategory: true},
	}}
	want := `<li class="nav-page"><a href="/handbook/docs/intro/">Intro</a></li>` +
		`<li class="nav-category nav-expanded"><a href="/handbook/docs/models/a/">Models &amp; &lt;Tools&gt;</a><ul>` +
		`<li class="nav-page"><a href="/handbook/docs/models/a/" aria-current="page">A</a></li>` +
		`<li class="nav-page"><a href="/handbook/docs/models/caf%C3%A9/">Café</a></li></ul></li>` +
		`<li class="nav-category"><a href="/handbook/docs/later/x/">Later <span class="nav-more" aria-hidden="true">›</span></a></li>`
	if got := string(p.SidebarHTML()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestTOCHTML(t *testing.T) {
	p := &layout.Page{TOC: []render.Heading{{Level: 2, ID: "why-it-works", Text: "Why it works"}, {Level: 3, ID: "café", Text: `"Quotes" & more`}}}
	want := `<li class="toc-h2 toc-depth-0"><a href="#why-it-works">Why it works</a></li>` +
		`<li class="toc-h3 toc-depth-1"><a href="#caf%C3%A9">&#34;Quotes&#34; &amp; more</a></li>`
	if got := string(p.TOCHTML()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// A table of contents that starts below h2 (toc_min_heading_level) is
// indented from its own top level.
func TestTOCHTMLDepth(t *testing.T) {
	p := &layout.Page{TOC: []render.Heading{{Level: 4, ID: "a", Text: "A"}, {Level: 5, ID: "b", Text: "B"}, {Level: 4, ID: "c", Text: "C"}}}
	want := `<li class="toc-h4 toc-depth-0"><a href="#a">A</a></li>` +
		`<li class="toc-h5 toc-depth-1"><a href="#b">B</a></li>` +
		`<li class="toc-h4 toc-depth-0"><a href="#c">C</a></li>`
	if got := string(p.TOCHTML()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// sidebar_class_name is added, escaped, to the item's classes.
func TestSidebarHTMLClassName(t *testing.T) {
	var errs diag.List
	site := config.Load(fstest.MapFS{"latticework.yaml": {Data: []byte("title: T\nbaseURL: https://example.org/\n")}}, &errs)
	p := &layout.Page{Site: &site, Sidebar: []*layout.NavItem{
		{Label: "A", URL: "/a/", ClassName: "new \"x\""},
		{Label: "B", URL: "/b/x/", IsCategory: true, ClassName: "big"},
	}}
	want := `<li class="nav-page new &#34;x&#34;"><a href="/a/">A</a></li>` +
		`<li class="nav-category big"><a href="/b/x/">B <span class="nav-more" aria-hidden="true">›</span></a></li>`
	if got := string(p.SidebarHTML()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
