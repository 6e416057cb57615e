package layout

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/util"
)

// The sidebar's tree, the table of contents and the breadcrumbs are the
// lists every page carries. The default layouts print them with
// SidebarHTML, TOCHTML and BreadcrumbsHTML, written here, rather than
// ranging over Sidebar, TOC and Breadcrumbs: a template spends about a
// microsecond on each action, and ranging over these lists was two thirds
// of laying out a page of a large site. A site's own layouts can still
// range over them for other markup.

// SidebarHTML returns Sidebar as nested list items: the current page
// marked with aria-current, the categories that contain it or that their
// _category_ file expands listing their items, the others with a "›".
func (p *Page) SidebarHTML() template.HTML {
	b := getBuffer()
	defer putBuffer(b)
	writeNav(b, p.Sidebar, p.Site.RelURL)
	return template.HTML(b.String())
}

// buffers hold the lists being written: written into a buffer grown for
// earlier pages, each list is copied once into its string, where a
// growing strings.Builder allocated and copied it some ten times.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 { // an outsized list's buffer is not kept
		buffers.Put(b)
	}
}

// writeNav writes items. A category whose items are listed holds them in
// an open <details>, whose summary, beside the category's link (a link
// inside a summary is one control nested in another), folds them without
// script; one that cannot be collapsed (collapsible: false) holds a plain
// list. The others' items are not in the page, which would grow with the
// whole site: their link leads to a page that lists them.
func writeNav(b *bytes.Buffer, items []*NavItem, relURL func(string) string) {
	for _, it := range items {
		if it.Skipped > 0 {
			writeGap(b, it, relURL)
			continue
		}
		folds := it.IsCategory && len(it.Children) > 0 && !it.Fixed
		switch {
		case !it.IsCategory:
			b.WriteString(`<li class="nav-page`)
		case it.Active:
			b.WriteString(`<li class="nav-category nav-expanded`)
		default:
			b.WriteString(`<li class="nav-category`)
		}
		if it.ClassName != "" {
			b.WriteString(" ")
			writeText(b, it.ClassName)
		}
		b.WriteString(`">`)
		b.WriteString(`<a href="`)
		writeURL(b, relURL(it.URL))
		b.WriteString(`"`)
		if it.Current {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteString(`>`)
		writeText(b, it.Label)
		if it.IsCategory && len(it.Children) == 0 {
			b.WriteString(` <span class="nav-more" aria-hidden="true">›</span>`)
		}
		b.WriteString(`</a>`)
		if folds {
			b.WriteString(`<details open><summary aria-label="`)
			writeText(b, it.Label)
			b.WriteString(`"></summary>`)
		}
		if len(it.Children) > 0 {
			b.WriteString(`<ul>`)
			writeNav(b, it.Children, relURL)
			b.WriteString(`</ul>`)
		}
		if folds {
			b.WriteString(`</details>`)
		}
		b.WriteString(`</li>`)
	}
}

// writeGap writes the entry that stands for the items a long list leaves
// out: a link to the list's full listing, which site.js turns into a
// button that shows them in place (data-nav-list, -from, -skip).
func writeGap(b *bytes.Buffer, it *NavItem, relURL func(string) string) {
	b.WriteString(`<li class="nav-gap"><a href="`)
	writeURL(b, relURL(it.URL))
	if it.List != "" {
		b.WriteString(`" data-nav-list="`)
		writeURL(b, relURL(it.List))
		b.WriteString(`" data-nav-from="`)
		b.WriteString(strconv.Itoa(it.From))
		b.WriteString(`" data-nav-skip="`)
		b.WriteString(strconv.Itoa(it.Skipped))
	}
	b.WriteString(`">`)
	writeText(b, it.Label)
	b.WriteString(`</a></li>`)
}

// NavList returns the JSON array of items, each as SidebarHTML writes it:
// the file from which site.js fills a long list's gaps. The items are
// HTML, escaped here once, so that the script inserts what a page would
// have shown and builds no markup of its own.
func NavList(items []*NavItem, relURL func(string) string) []byte {
	html := make([]string, len(items))
	var b bytes.Buffer
	for i, it := range items {
		b.Reset()
		writeNav(&b, []*NavItem{it}, relURL)
		html[i] = b.String()
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // a string of JSON, not HTML: < need not be \u003c
	_ = enc.Encode(html)     // strings always encode
	return bytes.TrimSuffix(out.Bytes(), []byte("\n"))
}

// TOCHTML returns TOC as list items linking to the headings' anchors,
// classed by level (toc-h2, toc-h3) and by depth below the list's top
// level (toc-depth-0, toc-depth-1), which the default style indents.
func (p *Page) TOCHTML() template.HTML {
	b := getBuffer()
	defer putBuffer(b)
	top := 6
	for _, h := range p.TOC {
		top = min(top, h.Level)
	}
	for _, h := range p.TOC {
		b.WriteString(`<li class="toc-h`)
		b.WriteString(strconv.Itoa(h.Level))
		b.WriteString(` toc-depth-`)
		b.WriteString(strconv.Itoa(h.Level - top))
		b.WriteString(`"><a href="#`)
		writeURL(b, h.ID)
		b.WriteString(`">`)
		writeText(b, h.Text)
		b.WriteString(`</a></li>`)
	}
	return template.HTML(b.String())
}

// writeURL writes u percent-encoded where a URL needs it and escaped for
// an attribute, as the rendered headings' own links are. Most site paths
// and anchors need neither, and are written as they are: every page
// writes dozens.
func writeURL(b *bytes.Buffer, u string) {
	for i := 0; i < len(u); i++ {
		if !plainURL[u[i]] {
			b.Write(util.EscapeHTML(util.URLEscape([]byte(u), false)))
			return
		}
	}
	b.WriteString(u)
}

// plainURL holds the bytes writeURL writes as they are: ASCII letters,
// digits and "-._~/". Any byte of a multi-byte character is not.
var plainURL = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/", byte(c)) >= 0
	}
	return t
}()

// writeText writes s escaped as HTML text, as it is when it has nothing to
// escape.
func writeText(b *bytes.Buffer, s string) {
	if !strings.ContainsAny(s, "<>&'\"\x00") {
		b.WriteString(s)
		return
	}
	template.HTMLEscape(b, []byte(s))
}

// BreadcrumbsHTML returns Breadcrumbs as list items: links to the
// categories above the page, then the page itself, marked aria-current.
// Labels and links are escaped as html/template escapes them in the
// {{range}} the default layout had, so the page is the same byte for
// byte, from two calls where the {{range}} made about eight per entry.
func (p *Page) BreadcrumbsHTML() template.HTML {
	b := getBuffer()
	defer putBuffer(b)
	for i, c := range p.Breadcrumbs {
		if i == len(p.Breadcrumbs)-1 {
			b.WriteString(`<li><span aria-current="page">`)
			escapeText(b, c.Label)
			b.WriteString(`</span></li>`)
			break
		}
		b.WriteString(`<li><a href="`)
		escapeURL(b, p.Site.RelURL(c.URL))
		b.WriteString(`">`)
		escapeText(b, c.Label)
		b.WriteString(`</a></li>`)
	}
	return template.HTML(b.String())
}

// escapeText writes s as html/template writes a string in text or in a
// quoted attribute: NUL as U+FFFD, and " & ' + < > as references. They
// are all ASCII, which no byte of a multi-byte character is.
func escapeText(b *bytes.Buffer, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[written:i])
		b.WriteString(r)
		written = i + 1
	}
	b.WriteString(s[written:])
}

// escapeURL writes u as html/template writes a string as a quoted
// attribute's URL: "#ZgotmplZ" for a scheme other than http, https and
// mailto; then percent-encoded but for letters, digits, "-._~", the
// reserved characters and escapes already there; then "&" and "+" as
// references.
func escapeURL(b *bytes.Buffer, u string) {
	if scheme, _, ok := strings.Cut(u, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		u = "#ZgotmplZ"
	}
	const hex = "0123456789abcdef"
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c == '&':
			b.WriteString("&amp;")
		case c == '+':
			b.WriteString("&#43;")
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~!#$*,/:;=?@[]", c) >= 0:
			b.WriteByte(c)
		case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
