package layout_test

import (
	"html/template"
	"strings"
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
		{Label: "Fixed", URL: "/docs/fixed/f/", IsCategory: true, Fixed: true, Expanded: true, Children: []*layout.NavItem{
			{Label: "F", URL: "/docs/fixed/f/"},
		}},
	}}
	want := `<li class="nav-page"><a href="/handbook/docs/intro/">Intro</a></li>` +
		`<li class="nav-category nav-expanded"><a href="/handbook/docs/models/a/">Models &amp; &lt;Tools&gt;</a><details open><summary aria-label="Models &amp; &lt;Tools&gt;"></summary><ul>` +
		`<li class="nav-page"><a href="/handbook/docs/models/a/" aria-current="page">A</a></li>` +
		`<li class="nav-page"><a href="/handbook/docs/models/caf%C3%A9/">Café</a></li></ul></details></li>` +
		`<li class="nav-category"><a href="/handbook/docs/later/x/">Later <span class="nav-more" aria-hidden="true">›</span></a></li>` +
		`<li class="nav-category"><a href="/handbook/docs/fixed/f/">Fixed</a><ul><li class="nav-page"><a href="/handbook/docs/fixed/f/">F</a></li></ul></li>`
	if got := string(p.SidebarHTML()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestSidebarGap writes a long list's gap as a link to the full listing
// that names the JSON file of the whole list, and NavList writes each item
// of that file as the sidebar does.
func TestSidebarGap(t *testing.T) {
	var errs diag.List
	site := config.Load(fstest.MapFS{"latticework.yaml": {Data: []byte("title: T\nbaseURL: https://example.org/handbook/\n")}}, &errs)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	p := &layout.Page{Site: &site, Sidebar: []*layout.NavItem{
		{Label: "A", URL: "/docs/a/"},
		{Label: "… 240 more", URL: "/docs/category/library/", Skipped: 240, From: 1, List: "/assets/nav.0123456789.json"},
		{Label: "B", URL: "/docs/b/", Current: true},
		{Label: "… 3 more", URL: "/docs/category/library/", Skipped: 3},
	}}
	want := `<li class="nav-page"><a href="/handbook/docs/a/">A</a></li>` +
		`<li class="nav-gap"><a href="/handbook/docs/category/library/" data-nav-list="/handbook/assets/nav.0123456789.json" data-nav-from="1" data-nav-skip="240">… 240 more</a></li>` +
		`<li class="nav-page"><a href="/handbook/docs/b/" aria-current="page">B</a></li>` +
		`<li class="nav-gap"><a href="/handbook/docs/category/library/">… 3 more</a></li>`
	if got := string(p.SidebarHTML()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	list := layout.NavList([]*layout.NavItem{
		{Label: "Models & <Tools>", URL: "/docs/models/", IsCategory: true},
		{Label: "Café", URL: "/docs/café/"},
	}, site.RelURL)
	wantList := `["<li class=\"nav-category\"><a href=\"/handbook/docs/models/\">Models &amp; &lt;Tools&gt; <span class=\"nav-more\" aria-hidden=\"true\">›</span></a></li>",` +
		`"<li class=\"nav-page\"><a href=\"/handbook/docs/caf%C3%A9/\">Café</a></li>"]`
	if string(list) != wantList {
		t.Errorf("NavList:\ngot  %s\nwant %s", list, wantList)
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

// breadcrumbsRange is the markup the default layout printed the
// breadcrumbs with before BreadcrumbsHTML, which must print the same.
var breadcrumbsRange = template.Must(template.New("").Funcs(template.FuncMap{
	"add1": func(i int) int { return i + 1 },
}).Parse(`{{range $i, $c := .Breadcrumbs}}<li>{{if eq (len $.Breadcrumbs) (add1 $i)}}<span aria-current="page">{{$c.Label}}</span>{{else}}<a href="{{$.Site.RelURL $c.URL}}">{{$c.Label}}</a>{{end}}</li>{{end}}`))

// FuzzBreadcrumbsHTML checks that BreadcrumbsHTML prints what
// html/template prints, whatever the labels and links.
func FuzzBreadcrumbsHTML(f *testing.F) {
	var errs diag.List
	site := config.Load(fstest.MapFS{"latticework.yaml": {Data: []byte("title: T\nbaseURL: https://example.org/handbook/\n")}}, &errs)
	if err := errs.Err(); err != nil {
		f.Fatal(err)
	}
	f.Add("Models & <Tools>", "/docs/models/", "C++ \"quoted\" 'too'", "/docs/café/a b/%41%zz%4", "Page\x00", "/docs/p/")
	f.Add("A", "javascript:alert(1)", "B", "HTTP://x.org/?q=1&r=+2", "C", "mailto:a@b")
	f.Add("\xff\xfe", "/a/b:c/", "é", "data:text/html,x", "", "//host/x")
	f.Fuzz(func(t *testing.T, l1, u1, l2, u2, l3, u3 string) {
		for n := range 4 {
			links := []layout.Link{{Label: l1, URL: u1}, {Label: l2, URL: u2}, {Label: l3, URL: u3}}[:n]
			p := &layout.Page{Site: &site, Breadcrumbs: links}
			var want strings.Builder
			if err := breadcrumbsRange.Execute(&want, p); err != nil {
				t.Fatal(err)
			}
			if got := string(p.BreadcrumbsHTML()); got != want.String() {
				t.Errorf("BreadcrumbsHTML of %q:\n%s\nhtml/template:\n%s", links, got, want.String())
			}
		}
	})
}
