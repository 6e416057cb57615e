package layout

import (
	"html/template"
	"time"

	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/render"
)

// Page is what every page template receives. The fields are the contract
// between Latticework and a site's own layouts.
type Page struct {
	Site *config.Config
	// Kind is "page", "category" (a category's generated page), "home",
	// "404" or "worksheets" (the learner's progress page).
	Kind string
	// URL is the page's site path ("/docs/a/"); Canonical its absolute URL.
	URL       string
	Canonical string
	// Title is the front matter title: the sidebar's and <title>'s name.
	Title string
	// HasH1 reports that Content starts with its own H1; otherwise the
	// layout shows Title as the H1.
	HasH1 bool
	// HideTitle hides Title's H1 (front matter hide_title); an H1 of
	// the page's own is still shown.
	HideTitle bool
	// Unlisted pages ask search engines not to index them and say so.
	Unlisted    bool
	Description string
	Keywords    []string
	// Tags are the page's tags, each linking to its tag's page.
	Tags    []Link
	Image   string
	Content template.HTML
	// Items are the entries a category's page lists (and a home page
	// Latticework generates), in sidebar order.
	Items       []Card
	TOC         []render.Heading
	Sidebar     []*NavItem
	Breadcrumbs []Link
	Prev, Next  *Link
	EditURL     string
	// Styles are the site paths of the stylesheets the page needs besides
	// site.css: code highlighting's on a page with highlighted code. Every
	// page does not carry what only some need.
	Styles []string
	// JSONLD holds the page's structured data objects, encoded, one
	// script each.
	JSONLD []template.JS
	// WorksheetScript is the worksheet's scripts, for pages with one,
	// separated by a space; site.js loads them, in order, as the worksheet
	// nears the viewport.
	WorksheetScript string
	// ProgressURL is the site path of the learner's progress page, on
	// every page of a site that has worksheets; "" in a site without.
	ProgressURL string
	// Progress is what the progress page (Kind "worksheets") lists.
	Progress *Progress
	// Updated is when the page's source was last committed; zero outside
	// a git checkout.
	Updated time.Time
	// UpdatedBy is who last changed the page, from front matter
	// last_update.author; "" if unknown.
	UpdatedBy string
	// ReadingMinutes estimates the time to read the page.
	ReadingMinutes int
	// Locale is the locale the page is published in: its <html lang>
	// (HTMLLang), direction and URL prefix.
	Locale config.Locale
	// Untranslated marks a page of Locale shown in Original's language,
	// as it has no translation; its content is marked lang Original.
	Untranslated bool
	Original     config.Locale
	// Translations lead to the page in each of the site's locales (the
	// page itself among them), for the language switcher and the
	// hreflang alternates: empty on a site of one locale.
	Translations []Translation
}

// Translation is a page's version in one locale: its own, a translation,
// or the untranslated page published there.
type Translation struct {
	Locale config.Locale
	// URL is the page in that locale, a site path; Canonical absolute.
	URL, Canonical string
	// Current marks the locale of the page it is listed on.
	Current bool
	// Translated is false for an untranslated page.
	Translated bool
}

// Link is a labelled site path.
type Link struct {
	Label string
	URL   string
}

// Card is an entry of a category's page: a page or a category, with its
// description.
type Card struct {
	Label       string
	URL         string
	Description string
	IsCategory  bool
}

// NavItem is one sidebar entry.
type NavItem struct {
	Label      string
	URL        string
	IsCategory bool
	// Current marks the page being shown; Active marks categories that
	// contain it, which are shown expanded.
	Current bool
	Active  bool
	// Fixed marks a category that cannot be collapsed (its _category_
	// file's collapsible: false), Expanded one shown open though not on
	// the current page's path (collapsed: false); both list Children.
	Fixed    bool
	Expanded bool
	// ClassName is added to the item's classes (sidebar_class_name).
	ClassName string
	// CustomProps are the page's sidebar_custom_props, for a site's own
	// layouts; the default ones do not show them.
	CustomProps map[string]any
	// Children are listed only for expanded categories, so a page's
	// sidebar does not grow with the whole site; a long list is cut to a
	// window around the current page, its gaps standing for the rest.
	Children []*NavItem
	// Skipped is set on an item that stands for that many entries of a
	// long list, left out of its window: Label says so, URL is the
	// list's full listing, and List is the site path of the JSON file of
	// all the list's items (see NavList), which site.js fetches to show
	// them in place; From is the index there of the first one.
	Skipped int
	From    int
	List    string
}

// Progress is the learner's progress page: the site's worksheets, whose
// state its script reads from the browser's storage.
type Progress struct {
	Worksheets []ProgressItem
	// Module and Support are the site paths of the scoring module and the
	// Go runtime's wasm_exec.js, loaded to work out results.
	Module, Support string
}

// ProgressItem is one worksheet on the progress page.
type ProgressItem struct {
	// ID is the exercise's id; Hash the hash of its definition's shape,
	// under which the worksheet saves its answers.
	ID, Hash, Title string
	// Page is the page the worksheet is on, the first if it is on several;
	// its anchor is URL + "#ws-" + ID.
	Page Link
	// Definition is the site path of the definition as the scoring module
	// reads it.
	Definition string
}

// Alternates are the versions of a page that hreflang links name: the
// translated ones (the default locale's page is), and x-default, the
// default locale's, listed as a Translation whose locale's HTMLLang is
// "x-default". A translated page gets them once two versions are
// translated; a page published without a translation (the original's
// text, as its canonical link says) always names the original, and the
// translations there are, as the versions a reader of that text wants.
func Alternates(ts []Translation) []Translation {
	var out []Translation
	fallback := false
	for _, t := range ts {
		if t.Translated {
			out = append(out, t)
		} else if t.Current {
			fallback = true
		}
	}
	if len(out) < 2 && !fallback {
		return nil
	}
	def := ts[0]
	def.Locale.HTMLLang = "x-default"
	return append(out, def)
}

// Alternates are the page's hreflang alternates (see Alternates).
func (p *Page) Alternates() []Translation { return Alternates(p.Translations) }

// ContentLang is the language of the page's text: its locale's, or the
// original's when it has no translation.
func (p *Page) ContentLang() string {
	if p.Untranslated {
		return p.Original.HTMLLang
	}
	return p.Locale.HTMLLang
}
