// Package resolve is the pipeline's second stage: it gives every loaded
// page its URL, orders pages into the navigation tree, and resolves the
// link destinations that pages use.
//
// URLs follow Docusaurus, so an existing docs tree keeps its addresses:
// content/<path>.md (or .mdx) is served at /<path>/, index.md at its folder's URL,
// front matter `slug` replaces the URL (absolute, or relative to the
// folder) and `id` replaces its last segment.
package resolve

import (
	"cmp"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
)

// Site is the resolved site: pages by URL and source path, and the
// navigation tree.
type Site struct {
	Pages []*Page // in navigation order, home first
	// Root is the navigation tree.
	Root *Node
	// Nav is the node whose children are the sidebar's top level: the
	// root, or below it the folders without a page or _category_ file that
	// only wrap the rest (Docusaurus's docs/).
	Nav    *Node
	byURL  map[string]*Page
	bySrc  map[string]*Page // by path under content/
	byDoc  map[string]*Page // by Docusaurus doc ID
	static map[string]bool  // site paths of static files
}

// Page is a page with its place in the site.
type Page struct {
	*content.Page
	URL        string // site path, "/docs/a/b/"
	Node       *Node
	Prev, Next *Page
	// Index is the page's position in Site.Pages.
	Index int
}

// Node is an entry of the navigation tree: a page, or a category (a
// folder), which may have an index page of its own.
type Node struct {
	Label    string
	Page     *Page // the page, or the category's index page
	Category *content.Category
	Parent   *Node
	Children []*Node
	// ClassName and CustomProps are the page's sidebar_class_name and
	// sidebar_custom_props, for its sidebar item.
	ClassName   string
	CustomProps map[string]any
	position    *float64
	name        string // file or folder name, the order after position
}

// URL is where the node links to: its page, or a category's first listed
// page (its first page if all are unlisted).
func (n *Node) URL() string {
	if n.Page != nil {
		return n.Page.URL
	}
	for _, c := range n.Children {
		if u := c.URL(); u != "" && !c.Unlisted() {
			return u
		}
	}
	for _, c := range n.Children {
		if u := c.URL(); u != "" {
			return u
		}
	}
	return ""
}

// Unlisted reports whether the node is left out of the sidebar and of
// category listings: an unlisted page, or a category of unlisted pages
// only. (The page itself still shows its own entry, as in Docusaurus.)
func (n *Node) Unlisted() bool {
	if n.Page != nil && !n.Page.Front.Unlisted {
		return false
	}
	if !n.IsCategory() {
		return true
	}
	for _, c := range n.Children {
		if !c.Unlisted() {
			return false
		}
	}
	return true
}

// IsCategory reports whether the node is a folder.
func (n *Node) IsCategory() bool { return n.Category != nil }

// Contains reports whether p is n's page or below n.
func (n *Node) Contains(p *Page) bool {
	for m := p.Node; m != nil; m = m.Parent {
		if m == n {
			return true
		}
	}
	return false
}

// Resolve assigns URLs, builds the navigation tree and links pages in
// reading order. staticFiles lists the site paths ("/img/a.png") that
// links may point at besides pages.
func Resolve(in *content.Site, staticFiles []string, errs *diag.List) *Site {
	s := &Site{
		byURL:  map[string]*Page{},
		bySrc:  map[string]*Page{},
		byDoc:  map[string]*Page{},
		static: map[string]bool{},
	}
	for _, f := range staticFiles {
		s.static[f] = true
	}
	var pages []*Page
	for _, cp := range in.Pages {
		p := &Page{Page: cp, URL: pageURL(cp)}
		if other, dup := s.byURL[p.URL]; dup {
			// Blame the page whose slug or id asked for the URL.
			culprit, key := p, urlKey(p.Page)
			if key == "" && urlKey(other.Page) != "" {
				culprit, other, key = other, p, urlKey(other.Page)
			}
			errs.Add(diag.At(culprit.Pos(key), culprit.Src, "URL "+p.URL+" is already used by "+other.File()+": change this page's slug or id, or move one of the files"))
			continue
		}
		s.byURL[p.URL] = p
		s.bySrc[p.Path] = p
		s.byDoc[p.DocID()] = p
		pages = append(pages, p)
	}
	s.Root = buildTree(in, pages)
	checkPositions(s.Root, errs)
	s.Nav = s.Root
	for len(s.Nav.Children) == 1 {
		only := s.Nav.Children[0]
		if !only.IsCategory() || only.Page != nil || only.Category.File != "" {
			break
		}
		s.Nav = only
	}
	s.walk(s.Root)
	for i, p := range s.Pages {
		p.Index = i
	}
	s.paginate(errs)
	return s
}

// urlKey names the front matter key that set p's URL, "" if its path did.
func urlKey(p *content.Page) string {
	for _, k := range []string{"slug", "id"} {
		if _, ok := p.Lines[k]; ok {
			return k
		}
	}
	return ""
}

// pageURL derives a page's site path from its file path and front matter,
// without the number prefixes of its file and folder names.
func pageURL(p *content.Page) string {
	dir := path.Dir("/" + p.Path)
	base := path.Base(p.Path)
	name := strings.TrimSuffix(base, path.Ext(base))
	index := name == "index" && p.Front.ID == ""
	if p.ParsesNumberPrefixes() {
		dir, name = content.StripNumberPrefixes(dir), content.StripNumberPrefix(name)
	}
	if p.Front.ID != "" {
		name = p.Front.ID
	}
	u := path.Join(dir, name)
	if index {
		u = dir
	}
	switch slug := p.Front.Slug; {
	case strings.HasPrefix(slug, "/"):
		u = path.Clean(slug)
	case slug != "":
		u = path.Join(dir, slug)
	}
	if u != "/" {
		u += "/"
	}
	return u
}

func buildTree(in *content.Site, pages []*Page) *Node {
	nodes := map[string]*Node{}
	var folder func(dir string) *Node
	folder = func(dir string) *Node {
		if n, ok := nodes[dir]; ok {
			return n
		}
		cat := in.Categories[dir]
		if cat == nil {
			cat = &content.Category{Dir: dir, Label: content.StripNumberPrefix(path.Base(dir))}
		}
		n := &Node{Label: cat.Label, Category: cat, position: cat.Position, name: path.Base(dir)}
		nodes[dir] = n
		if dir != "" {
			parent := folder(parentDir(dir))
			n.Parent = parent
			parent.Children = append(parent.Children, n)
		}
		return n
	}
	root := folder("")
	for _, p := range pages {
		dir := parentDir(p.Path)
		f := folder(dir)
		if base := path.Base(p.Path); base == "index.md" || base == "index.mdx" {
			f.Page, p.Node = p, f
			if f.position == nil {
				f.position = p.Position()
			}
			f.ClassName = p.Front.SidebarClassName
			f.CustomProps = p.Front.SidebarCustomProps
			continue
		}
		label := cmp.Or(p.Front.SidebarLabel, p.Front.Title)
		n := &Node{Label: label, Page: p, Parent: f, position: p.Position(), name: path.Base(p.Path),
			ClassName: p.Front.SidebarClassName, CustomProps: p.Front.SidebarCustomProps}
		p.Node = n
		f.Children = append(f.Children, n)
	}
	for _, n := range nodes {
		if n.position == nil && n.Category.Dir != "" {
			// A folder's number prefix places it last, after its
			// _category_ position and its index page's.
			if _, pos, ok := content.NumberPrefix(n.name); ok {
				n.position = &pos
			}
		}
	}
	sortTree(root)
	return root
}

func parentDir(p string) string {
	d := path.Dir(p)
	if d == "." {
		return ""
	}
	return d
}

// sortTree orders siblings: positioned items first by position, then the
// rest by file name, as Docusaurus does.
func sortTree(n *Node) {
	slices.SortStableFunc(n.Children, func(a, b *Node) int {
		switch {
		case a.position != nil && b.position != nil:
			return cmp.Or(cmp.Compare(*a.position, *b.position), strings.Compare(a.name, b.name))
		case a.position != nil:
			return -1
		case b.position != nil:
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	// Drop folders that hold no page at all (e.g. only images).
	n.Children = slices.DeleteFunc(n.Children, func(c *Node) bool { return c.URL() == "" })
	for _, c := range n.Children {
		sortTree(c)
	}
}

// checkPositions warns where two entries of one folder share a position,
// which leaves their order to file names.
func checkPositions(n *Node, errs *diag.List) {
	seen := map[float64]*Node{}
	for _, c := range n.Children {
		checkPositions(c, errs)
		if c.position == nil {
			continue
		}
		if prev, dup := seen[*c.position]; dup {
			pos, src, key := c.where()
			e := diag.At(pos, src, key+" "+strconv.FormatFloat(*c.position, 'g', -1, 64)+" is also used by "+prev.file()+" in this folder: give each its own position so the order is certain")
			e.Warning = true
			errs.Add(e)
			continue
		}
		seen[*c.position] = c
	}
}

// where locates the node's position setting, for messages.
func (n *Node) where() (diag.Pos, []byte, string) {
	if n.Category != nil && n.Category.File != "" {
		return diag.Pos{File: n.Category.File}, nil, "position"
	}
	if n.Page != nil {
		return n.Page.Pos("sidebar_position"), n.Page.Src, "sidebar_position"
	}
	return diag.Pos{File: content.Dir + "/" + n.Category.Dir}, nil, "position"
}

func (n *Node) file() string {
	if n.Category != nil && n.Category.File != "" {
		return n.Category.File
	}
	if n.Page != nil {
		return n.Page.File()
	}
	return content.Dir + "/" + n.Category.Dir
}

// walk lists pages in reading order: a category's index page, then its children.
func (s *Site) walk(n *Node) {
	if n.Page != nil {
		s.Pages = append(s.Pages, n.Page)
	}
	for _, c := range n.Children {
		s.walk(c)
	}
}

// paginate sets previous/next links in reading order, honouring
// pagination_prev/pagination_next. The home page and unlisted pages stand
// outside the order.
func (s *Site) paginate(errs *diag.List) {
	var order []*Page
	for _, p := range s.Pages {
		if p.URL != "/" && !p.Front.Unlisted {
			order = append(order, p)
		}
	}
	for i, p := range order {
		if i > 0 {
			p.Prev = order[i-1]
		}
		if i+1 < len(order) {
			p.Next = order[i+1]
		}
	}
	for _, p := range s.Pages {
		p.Prev = s.override(p, "pagination_prev", p.Front.PaginationPrev, p.Prev, errs)
		p.Next = s.override(p, "pagination_next", p.Front.PaginationNext, p.Next, errs)
	}
}

func (s *Site) override(p *Page, key string, v *string, def *Page, errs *diag.List) *Page {
	if _, set := p.Lines[key]; !set {
		return def
	}
	if v == nil || *v == "" || *v == "null" {
		return nil
	}
	if t := s.byDoc[strings.Trim(*v, "/")]; t != nil {
		if t.Front.Unlisted {
			return nil // as Docusaurus does in production
		}
		return t
	}
	errs.Add(diag.At(p.Pos(key), p.Src, key+" names `"+*v+"`, which is no page's doc ID (its path under content/ without .md and number prefixes)"+diag.DidYouMean(*v, s.docIDs())))
	return def
}

func (s *Site) docIDs() []string {
	ids := make([]string, 0, len(s.byDoc))
	for id := range s.byDoc {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// ByURL returns the page served at site path u, or nil.
func (s *Site) ByURL(u string) *Page { return s.byURL[u] }

// BySource returns the page whose file is content/<p>, or nil.
func (s *Site) BySource(p string) *Page { return s.bySrc[p] }

// Target is what a link points at.
type Target struct {
	// Href is the destination to write into the page.
	Href string
	// Page is the linked page, nil for external and static links.
	Page *Page
	// Anchor is the fragment without '#', to be checked against Page's
	// headings once every page has been rendered.
	Anchor string
}

// Link resolves a link destination written in page from. External links
// (with a scheme or host) pass through unchecked. It returns a message
// saying what is wrong when the destination names nothing in the site.
func (s *Site) Link(from *Page, dest string) (Target, string) {
	u, err := url.Parse(dest)
	if err != nil {
		return Target{Href: dest}, "link `" + dest + "` is not a valid URL"
	}
	if u.Scheme != "" || u.Host != "" || dest == "" {
		return Target{Href: dest}, ""
	}
	if u.Path == "" { // "#anchor" on the same page
		return Target{Href: dest, Page: from, Anchor: u.Fragment}, ""
	}
	var target *Page
	p := u.Path
	switch {
	case content.IsPage(p):
		src := path.Clean(path.Join(path.Dir(from.Path), p))
		if strings.HasPrefix(p, "/") {
			src = strings.TrimPrefix(path.Clean(p), "/")
		}
		if target = s.bySrc[src]; target == nil {
			return Target{Href: dest}, "link to `" + dest + "`: no page content/" + src + " exists" + diag.DidYouMean(src, s.sources())
		}
	default:
		if !strings.HasPrefix(p, "/") {
			// Relative to the page's URL without its trailing slash, as a
			// Docusaurus site serves it, so migrated links keep their targets.
			p = path.Join(path.Dir(strings.TrimSuffix(from.URL, "/")), p)
		}
		clean := path.Clean(p)
		if s.static[clean] {
			return Target{Href: clean + suffix(u)}, ""
		}
		if ext := path.Ext(clean); ext != "" && ext != ".html" {
			return Target{Href: dest}, "`" + dest + "`: no file is published at " + clean + ": put it in static" + clean + ", or beside the page under content/"
		}
		site := clean
		if site != "/" {
			site += "/"
		}
		if target = s.byURL[site]; target == nil {
			return Target{Href: dest}, "link to `" + dest + "`: no page is served at " + site + diag.DidYouMean(site, s.urls())
		}
	}
	t := Target{Href: target.URL, Page: target, Anchor: u.Fragment}
	if u.Fragment != "" {
		t.Href += "#" + u.EscapedFragment()
	}
	return t, ""
}

func suffix(u *url.URL) string {
	s := ""
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		s += "#" + u.EscapedFragment()
	}
	return s
}

func (s *Site) urls() []string {
	out := make([]string, 0, len(s.byURL))
	for u := range s.byURL {
		out = append(out, u)
	}
	slices.Sort(out)
	return out
}

func (s *Site) sources() []string {
	out := make([]string, 0, len(s.bySrc))
	for p := range s.bySrc {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
