package build

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// sidebarSite is a site whose category docs/ holds n pages (p-00, p-01, …)
// with the category small/ of three pages after the 30th and an unlisted
// page after the 46th, and whose category whole/ holds navListMax pages.
func sidebarSite(n int) string {
	var b strings.Builder
	b.WriteString("-- latticework.yaml --\ntitle: T\nbaseURL: https://example.org/\n")
	b.WriteString("-- content/index.md --\n---\ntitle: Home\n---\nWelcome.\n")
	b.WriteString("-- content/docs/_category_.json --\n{\"label\": \"Library\", \"position\": 1}\n")
	for i := range n {
		fmt.Fprintf(&b, "-- content/docs/p-%02d.md --\n---\ntitle: Page %02d\nsidebar_position: %d\n---\nText.\n", i, i, i+1)
	}
	b.WriteString("-- content/docs/hidden.md --\n---\ntitle: Hidden\nsidebar_position: 46.5\nunlisted: true\n---\nText.\n")
	b.WriteString("-- content/docs/small/_category_.json --\n{\"label\": \"Small\", \"position\": 30.5}\n")
	for i := range 3 {
		fmt.Fprintf(&b, "-- content/docs/small/s-%d.md --\n---\ntitle: Small %d\nsidebar_position: %d\n---\nText.\n", i, i, i+1)
	}
	b.WriteString("-- content/whole/_category_.json --\n{\"label\": \"Whole\", \"position\": 2}\n")
	for i := range navListMax {
		fmt.Fprintf(&b, "-- content/whole/w-%02d.md --\n---\ntitle: Whole %02d\nsidebar_position: %d\n---\nText.\n", i, i, i+1)
	}
	return b.String()
}

var (
	sidebarNav = regexp.MustCompile(`(?s)<nav id="?sidebar"?.*?</nav>`)
	// navEntry matches a sidebar link: its class, href, attributes, text.
	navEntry = regexp.MustCompile(`<li class="?([a-z -]+)"?><a href="?([^" >]+)"?([^>]*)>([^<]*)`)
)

// sidebarEntries lists the sidebar's links of a published page, as
// "label", "*label" for the current page, or "gap label" for a gap.
func sidebarEntries(t *testing.T, out, page string) ([]string, []string) {
	t.Helper()
	nav := sidebarNav.FindString(read(t, out, page))
	if nav == "" {
		t.Fatalf("%s has no sidebar", page)
	}
	var entries, gaps []string
	for _, m := range navEntry.FindAllStringSubmatch(nav, -1) {
		label := strings.TrimSpace(m[4])
		switch {
		case m[1] == "nav-gap":
			entries = append(entries, "gap "+label)
			gaps = append(gaps, m[0])
		case strings.Contains(m[3], `aria-current="page"`) || strings.Contains(m[3], "aria-current=page"):
			entries = append(entries, "*"+label)
		default:
			entries = append(entries, label)
		}
	}
	return entries, gaps
}

func pageRange(prefix string, lo, hi int) []string {
	var s []string
	for i := lo; i <= hi; i++ {
		s = append(s, fmt.Sprintf("%s %02d", prefix, i))
	}
	return s
}

func TestSidebarWindow(t *testing.T) {
	const n = 60
	out, _, err := buildSite(t, sidebarSite(n))
	if err != nil {
		t.Fatal(err)
	}
	join := func(parts ...[]string) []string { return slices.Concat(parts...) }
	// The Library's items: Page 00–29 (0–29), Small (30), Page 30–59 (31–60).
	for _, tc := range []struct {
		page string
		want []string
	}{
		{"docs/p-45/index.html", join([]string{"Library"}, pageRange("Page", 0, 2), []string{"gap … 38 more"},
			pageRange("Page", 40, 44), []string{"*Page 45"}, pageRange("Page", 46, 50), []string{"gap … 6 more"},
			pageRange("Page", 57, 59), []string{"Whole"})},
		{"docs/small/s-1/index.html", join([]string{"Library"}, pageRange("Page", 0, 2), []string{"gap … 22 more"},
			pageRange("Page", 25, 29), []string{"Small", "Small 0", "*Small 1", "Small 2"}, pageRange("Page", 30, 34),
			[]string{"gap … 22 more"}, pageRange("Page", 57, 59), []string{"Whole"})},
		// An unlisted page is listed on its own page only.
		{"docs/hidden/index.html", join([]string{"Library"}, pageRange("Page", 0, 2), []string{"gap … 39 more"},
			pageRange("Page", 41, 45), []string{"*Hidden"}, pageRange("Page", 46, 50), []string{"gap … 6 more"},
			pageRange("Page", 57, 59), []string{"Whole"})},
		// Near either end, the window shifts inwards.
		{"docs/p-00/index.html", join([]string{"Library", "*Page 00"}, pageRange("Page", 1, 10), []string{"gap … 47 more"},
			pageRange("Page", 57, 59), []string{"Whole"})},
		{"docs/p-59/index.html", join([]string{"Library"}, pageRange("Page", 0, 2), []string{"gap … 47 more"},
			pageRange("Page", 49, 58), []string{"*Page 59", "Whole"})},
		// A page next to a gap of one: the item is shown instead.
		{"docs/p-09/index.html", join([]string{"Library"}, pageRange("Page", 0, 8), []string{"*Page 09"},
			pageRange("Page", 10, 14), []string{"gap … 43 more"}, pageRange("Page", 57, 59), []string{"Whole"})},
		{"whole/w-20/index.html", join([]string{"Library", "Whole"}, pageRange("Whole", 0, 19), []string{"*Whole 20"},
			pageRange("Whole", 21, navListMax-1))},
	} {
		got, _ := sidebarEntries(t, out, tc.page)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: sidebar\n%q\nwant\n%q", tc.page, got, tc.want)
		}
	}

	// The gaps link to the category's listing and name one JSON file,
	// which lists every listed item of the category, as the sidebar shows
	// them, and where in it the gap's items start.
	var list string
	for _, g := range [][3]string{
		{"docs/p-45/index.html", "3", "52"},
		{"docs/hidden/index.html", "3", "52"},
	} {
		_, gaps := sidebarEntries(t, out, g[0])
		if len(gaps) != 2 {
			t.Fatalf("%s: %d gaps, want 2", g[0], len(gaps))
		}
		var from []string
		for _, g := range gaps {
			m := regexp.MustCompile(`href="?([^" >]+)"? data-nav-list="?([^" >]+)"? data-nav-from="?(\d+)"? data-nav-skip="?(\d+)`).FindStringSubmatch(g)
			if m == nil {
				t.Fatalf("gap without its list: %s", g)
			}
			if m[1] != "/category/library/" {
				t.Errorf("gap links %s, want the Library's listing, /category/library/", m[1])
			}
			if list != "" && m[2] != list {
				t.Errorf("two gaps of one list name %s and %s", list, m[2])
			}
			list = m[2]
			from = append(from, m[3])
		}
		if !slices.Equal(from, g[1:]) {
			t.Errorf("%s: gaps start at %v in the list, want %v", g[0], from, g[1:])
		}
	}
	if !regexp.MustCompile(`^/assets/nav\.[0-9a-f]{10}\.json$`).MatchString(list) {
		t.Errorf("list file %s is not fingerprinted", list)
	}
	data, err := os.ReadFile(filepath.Join(out, list))
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	if err := json.Unmarshal(data, &items); err != nil {
		t.Fatalf("%s: %v", list, err)
	}
	if len(items) != n+1 {
		t.Fatalf("%s lists %d items, want %d", list, len(items), n+1)
	}
	for i, item := range items {
		want := fmt.Sprintf(`<li class="nav-page"><a href="/docs/p-%02d/">Page %02d</a></li>`, i, i)
		switch {
		case i == 30:
			want = `<li class="nav-category"><a href="/docs/small/s-0/">Small <span class="nav-more" aria-hidden="true">›</span></a></li>`
		case i > 30:
			want = fmt.Sprintf(`<li class="nav-page"><a href="/docs/p-%02d/">Page %02d</a></li>`, i-1, i-1)
		}
		if item != want {
			t.Errorf("%s item %d = %s, want %s", list, i, item, want)
		}
	}
	// Without script, the gaps lead to the Library's listing, generated
	// although its _category_ file asks for none, since its list is long:
	// it links every listed item.
	listing := read(t, out, "category/library/index.html")
	for i := range n {
		if href := fmt.Sprintf(`href="/docs/p-%02d/"`, i); !strings.Contains(listing, href) {
			t.Errorf("the Library's listing lacks %s", href)
		}
	}
	if strings.Contains(listing, `href="/docs/hidden/"`) {
		t.Error("the Library's listing links the unlisted page")
	}
	// A list short enough to show whole gets no listing of its own.
	if _, err := os.Stat(filepath.Join(out, "category/whole/index.html")); err == nil {
		t.Error("the Whole category, shown whole, has a generated listing")
	}

	// The 404 page, on no page's path, shows the top level, which is short.
	if got, _ := sidebarEntries(t, out, "404.html"); !slices.Equal(got, []string{"Library", "Whole"}) {
		t.Errorf("404 sidebar = %q", got)
	}
}

// TestSidebarWindowTopLevel windows a long top level too, on the 404
// page, which is on no page's path, from the start.
func TestSidebarWindowTopLevel(t *testing.T) {
	var b strings.Builder
	b.WriteString("-- latticework.yaml --\ntitle: T\nbaseURL: https://example.org/\n")
	for i := range navListMax + 5 {
		fmt.Fprintf(&b, "-- content/docs/p-%02d.md --\n---\ntitle: Page %02d\nsidebar_position: %d\n---\nText.\n", i, i, i+1)
	}
	out, _, err := buildSite(t, b.String())
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Concat(pageRange("Page", 0, 2*navAround), []string{fmt.Sprintf("gap … %d more", navListMax+5-2*navAround-1-navTail)},
		pageRange("Page", navListMax+5-navTail, navListMax+4))
	if got, _ := sidebarEntries(t, out, "404.html"); !slices.Equal(got, want) {
		t.Errorf("404 sidebar\n%q\nwant\n%q", got, want)
	}
	want = slices.Concat(pageRange("Page", 0, 2), []string{"gap … 12 more"}, pageRange("Page", 15, 19), []string{"*Page 20"},
		pageRange("Page", 21, 25), []string{"gap … 26 more"}, pageRange("Page", 52, 54))
	if got, _ := sidebarEntries(t, out, "docs/p-20/index.html"); !slices.Equal(got, want) {
		t.Errorf("sidebar of p-20\n%q\nwant\n%q", got, want)
	}
}

// TestSidebarWindowRebuild keeps a rebuilt page's gaps pointing at the
// list the full build published.
func TestSidebarWindowRebuild(t *testing.T) {
	dir := writeSite(t, sidebarSite(60))
	b, out := buildIncremental(t, dir)
	ctx := context.Background()
	page := filepath.Join(dir, "content", "docs", "p-45.md")
	src, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, append(src, "\nMore text.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := b.Rebuild(ctx, []string{"content/docs/p-45.md"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Full || res.Rendered != 1 {
		t.Fatalf("the edit rebuilt %d pages (full: %v), want the one", res.Rendered, res.Full)
	}
	html := read(t, out, "docs/p-45/index.html")
	if !strings.Contains(html, "More text.") {
		t.Fatal("the page was not rebuilt")
	}
	m := regexp.MustCompile(`data-nav-list="?([^" >]+)`).FindStringSubmatch(html)
	if m == nil {
		t.Fatal("the rebuilt page's gaps name no list")
	}
	if _, err := os.Stat(filepath.Join(out, m[1])); err != nil {
		t.Errorf("the rebuilt page's list: %v", err)
	}
}

// TestSidebarFolding: a category holding the current page folds by an
// open <details> beside its link; one its _category_ file expands
// (collapsed: false) lists its items on every page; one that cannot be
// collapsed (collapsible: false) lists them with no fold; the default
// (collapsed) one elsewhere is only a link to its page.
func TestSidebarFolding(t *testing.T) {
	out, _, err := buildSite(t, `
-- latticework.yaml --
title: T
-- content/docs/a/_category_.yml --
label: Shut
position: 1
-- content/docs/a/one.md --
---
title: One
---
Text.
-- content/docs/b/_category_.yml --
label: Open
position: 2
collapsed: false
-- content/docs/b/two.md --
---
title: Two
---
Text.
-- content/docs/c/_category_.yml --
label: Fixed
position: 3
collapsible: false
-- content/docs/c/three.md --
---
title: Three
---
Text.
`)
	if err != nil {
		t.Fatal(err)
	}
	nav := sidebarNav.FindString(read(t, out, "docs/a/one/index.html"))
	for _, want := range []string{
		`<li class="nav-category nav-expanded"><a href="/docs/a/one/">Shut</a><details open><summary aria-label="Shut"></summary><ul><li class="nav-page"><a href="/docs/a/one/" aria-current="page">One</a></li></ul></details></li>`,
		`<li class="nav-category"><a href="/docs/b/two/">Open</a><details open><summary aria-label="Open"></summary><ul><li class="nav-page"><a href="/docs/b/two/">Two</a></li></ul></details></li>`,
		`<li class="nav-category"><a href="/docs/c/three/">Fixed</a><ul><li class="nav-page"><a href="/docs/c/three/">Three</a></li></ul></li>`,
	} {
		if !strings.Contains(nav, want) {
			t.Errorf("sidebar of docs/a/one lacks\n%s\nin\n%s", want, nav)
		}
	}
	nav = sidebarNav.FindString(read(t, out, "docs/b/two/index.html"))
	if want := `<li class="nav-category"><a href="/docs/a/one/">Shut <span class="nav-more" aria-hidden="true">›</span></a></li>`; !strings.Contains(nav, want) {
		t.Errorf("sidebar of docs/b/two lacks the collapsed category as a link %s:\n%s", want, nav)
	}
}
