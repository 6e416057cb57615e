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
	"maps"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/render"
	"github.com/latticework/latticework/internal/siteurl"
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
	// dropped maps the path of a page left out for using another's URL
	// to that URL.
	dropped map[string]string
	// unsure is set when a page's front matter has an error, so that its
	// URL may not be the one links to it expect.
	unsure bool
	// Tags is the page listing every listed tag, nil if none is.
	Tags     *Page
	tagsBase string // the URL under which tags have their pages
	// DocsDir is the docs folder's path under content/ ("docs"), "" for
	// content/ itself: the folder Docusaurus's docs translations mirror.
	DocsDir string
	opts    Options
}

// Options resolve a locale's pages: those of a locale other than the
// default live under its Prefix, and its category labels are translated.
type Options struct {
	// Prefix starts every page's URL ("/zh"), "" for the default locale.
	// Links written site-absolute ("/docs/a") lead to the page in the
	// same locale, as Docusaurus builds each locale under its base URL.
	Prefix string
	// Labels translate category labels, by the label the category has
	// in its _category_ file, or else its folder's name (Docusaurus's
	// current.json keys `sidebar.<id>.category.<label>`); IndexTitles and
	// IndexDescriptions the title and description of its generated index.
	Labels, IndexTitles, IndexDescriptions map[string]string
	// T returns the UI string of key (see package i18n) for the pages
	// Latticework writes (tags), English if nil.
	T func(key string, args ...any) string
}

// Page is a page with its place in the site.
type Page struct {
	*content.Page
	URL        string // site path, "/docs/a/b/"
	Node       *Node
	Prev, Next *Page
	// Index is the page's position in Site.Pages.
	Index int
	// Listing is set on the pages Latticework writes itself, which list
	// its children: a category's generated index, and the home page of a
	// site without content/index.md. Such a page has no markdown; its
	// Path is its category file's, or "" for the home page.
	Listing *Node
	// Image and CustomEditURL are the front matter's image and
	// custom_edit_url resolved against URL: a site path or an http(s)
	// URL, "" when unset.
	Image, CustomEditURL string
	// Tag is set on a tag's page, whose Listing holds the tagged docs.
	Tag *Tag
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
	// key is a category's label before translation, which its generated
	// index's URL is made of, so that it is the same in every locale.
	key string
}

// Position is the node's sidebar position, as the sidebar orders it: a
// page's sidebar_position or number prefix, a folder's _category_
// position, its index page's, or its number prefix; nil for none.
func (n *Node) Position() *float64 { return n.position }

// URL is where the node links to: its page, or a category's own page (the
// page its _category_ file's link names, its index.md, or its generated
// index), or else its first listed page (its first page if all are
// unlisted).
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

// IsCategory reports whether the node is shown as a category: a folder
// with items. A folder whose one page is its own is shown as that page,
// as in Docusaurus.
func (n *Node) IsCategory() bool {
	return n.Category != nil && (n.Page == nil || len(n.Children) > 0)
}

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
	return ResolveLocale(in, staticFiles, Options{}, errs)
}

// ResolveLocale is Resolve for the pages of one locale.
func ResolveLocale(in *content.Site, staticFiles []string, opts Options, errs *diag.List) *Site {
	s := &Site{
		opts:    opts,
		byURL:   map[string]*Page{},
		bySrc:   map[string]*Page{},
		byDoc:   map[string]*Page{},
		dropped: map[string]string{},
		static:  map[string]bool{},
	}
	for _, f := range staticFiles {
		s.static[f] = true
	}
	var pages []*Page
	for _, cp := range in.Pages {
		p := &Page{Page: cp, URL: opts.Prefix + pageURL(cp)}
		s.unsure = s.unsure || cp.FrontFailed
		if other, dup := s.byURL[p.URL]; dup {
			// Blame the page whose slug or id asked for the URL.
			culprit, key := p, urlKey(p.Page)
			if key == "" && urlKey(other.Page) != "" {
				culprit, other, key = other, p, urlKey(other.Page)
			}
			errs.Add(diag.At(culprit.Pos(key), culprit.Src, "URL "+p.URL+" is already used by "+other.File()+": change this page's slug or id, or move one of the files"))
			// Links to the page left out still name a page: reporting
			// them would repeat this error.
			s.dropped[p.Path] = p.URL
			continue
		}
		s.byURL[p.URL] = p
		s.bySrc[p.Path] = p
		s.byDoc[p.DocID()] = p
		pages = append(pages, p)
	}
	s.Root = s.buildTree(in, pages, errs)
	checkPositions(s.Root, errs)
	s.Nav = s.Root
	for len(s.Nav.Children) == 1 {
		only := s.Nav.Children[0]
		if !only.IsCategory() || only.Page != nil || only.Category.File != "" {
			break
		}
		s.Nav = only
	}
	docsURL := s.generateIndexes(errs)
	s.walk(s.Root)
	s.generateTags(in, docsURL, errs)
	for i, p := range s.Pages {
		p.Index = i
	}
	s.paginate(errs)
	for _, p := range pages {
		p.Image = s.frontURL(p, "image", p.Front.Image, errs)
		p.CustomEditURL = s.frontURL(p, "custom_edit_url", p.Front.CustomEditURL, errs)
	}
	return s
}

// frontURL resolves the URL front matter key k gives against the page's
// URL, reporting a path that climbs out of the site. A URL of the wrong
// form was reported with the front matter and is left out.
func (s *Site) frontURL(p *Page, k, ref string, errs *diag.List) string {
	if ref == "" || siteurl.Check(ref) != "" {
		return ""
	}
	// Against the URL without the locale: the files it names are the
	// default locale's, published once.
	u, ok := siteurl.Resolve(s.unprefixed(p.URL), ref)
	if !ok {
		errs.Add(diag.At(p.ValuePos(k), p.Src, k+" `"+ref+"` climbs above the site's root from this page's URL "+p.URL+": name a file inside the site, such as /img/a.png"))
	}
	return u
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
	index := content.IsCategoryIndex(p.Path)
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

func (s *Site) buildTree(in *content.Site, pages []*Page, errs *diag.List) *Node {
	nodes := map[string]*Node{}
	var folder func(dir string) *Node
	folder = func(dir string) *Node {
		if n, ok := nodes[dir]; ok {
			return n
		}
		cat := in.Categories[dir]
		if cat == nil {
			cat = &content.Category{Dir: dir}
		}
		n := &Node{Category: cat, position: cat.Position, name: path.Base(dir)}
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
		label := cmp.Or(p.Front.SidebarLabel, p.Front.Title)
		n := &Node{Label: label, Page: p, Parent: f, position: p.Position(), name: path.Base(p.Path),
			ClassName: p.Front.SidebarClassName, CustomProps: p.Front.SidebarCustomProps}
		p.Node = n
		f.Children = append(f.Children, n)
	}
	for _, dir := range slices.Sorted(maps.Keys(nodes)) {
		s.linkCategory(in, nodes[dir], errs)
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

// linkCategory gives category n its own page, as Docusaurus does: the page
// its _category_ file's `link: {type: doc, id}` names, or else, unless
// the file says `link: null` or asks for a generated index, the folder's
// index.md, README.md or <folder>.md (see content.IsCategoryIndex). The
// page leaves the category's items: the category's entry stands for it.
// It also sets the category's label: the file's, else the page's sidebar
// label or title, else the folder's name.
func (s *Site) linkCategory(in *content.Site, n *Node, errs *diag.List) {
	cat := n.Category
	var linked *Node
	switch {
	case cat.Link != nil && cat.Link.Type == content.LinkDoc:
		id := strings.Trim(cat.Link.ID, "/")
		for _, c := range n.Children {
			if c.Page != nil && path.Base(c.Page.DocID()) == id {
				linked = c
				break
			}
		}
		if linked == nil {
			p := s.docBySuffix(id)
			if p == nil && slices.ContainsFunc(in.Drafts, func(d string) bool { return d == id || strings.HasSuffix(d, "/"+id) }) {
				break // a draft: no link, as in Docusaurus
			}
			if p == nil {
				errs.Add(cat.At("link.id", "link id `"+cat.Link.ID+"` names no page: give the doc ID of a page in this folder (its file name without .md) or under content/"+diag.DidYouMean(id, s.docIDs())))
				break
			}
			// A page elsewhere: the category links to it, and it stays
			// where it is.
			n.Page = p
		}
	case cat.Link == nil && !cat.NoIndex:
		for _, c := range n.Children {
			if c.Page != nil && content.IsCategoryIndex(c.Page.Path) {
				linked = c
				break
			}
		}
	}
	if linked != nil {
		p := linked.Page
		n.Page, p.Node = p, n
		n.Children = slices.DeleteFunc(n.Children, func(c *Node) bool { return c == linked })
		if n.position == nil {
			n.position = p.Position()
		}
	}
	n.ClassName, n.CustomProps = cat.ClassName, cat.CustomProps
	if n.Page != nil && n.ClassName == "" {
		n.ClassName = n.Page.Front.SidebarClassName
	}
	if n.Page != nil && n.CustomProps == nil {
		n.CustomProps = n.Page.Front.SidebarCustomProps
	}
	n.Label = cat.Label
	n.key = cmp.Or(cat.Label, content.StripNumberPrefix(n.name))
	if t, ok := s.opts.Labels[n.key]; ok && t != "" {
		n.Label = t
	}
	if n.Label == "" && n.Page != nil {
		n.Label = cmp.Or(n.Page.Front.SidebarLabel, n.Page.Front.Title)
	}
	if n.Label == "" {
		n.Label = content.StripNumberPrefix(n.name)
	}
}

// generateIndexes gives each category whose link is a generated index its
// page, at the URL Docusaurus gives it: the docs folder's URL,
// then link.slug or "category/" and the label slugged as github-slugger
// does, numbered when two labels slug alike ("same", "same-1"), in
// sidebar order. Without content/index.md, the home page lists Nav's items.
// It returns the docs folder's URL.
func (s *Site) generateIndexes(errs *diag.List) string {
	// The docs folder: as Nav, but it may have an index page of its own
	// (Docusaurus's docs/index.md, served at /docs/).
	docs := s.Root
	for len(docs.Children) == 1 && docs.Children[0].IsCategory() && docs.Children[0].Category.File == "" {
		docs = docs.Children[0]
	}
	s.DocsDir = docs.Category.Dir
	base := path.Join("/", s.opts.Prefix, docs.Category.Dir)
	slugger := render.NewIDs()
	var visit func(n *Node)
	visit = func(n *Node) {
		if cat := n.Category; cat != nil && n.Page == nil && len(n.Children) > 0 && (generated(cat) || n != docs && long(n)) {
			link := cmp.Or(cat.Link, &content.CategoryLink{})
			slug := link.Slug
			if slug == "" {
				slug = "category/" + string(slugger.Generate([]byte(cmp.Or(n.key, n.Label)), 0))
			}
			cp := &content.Page{Path: strings.TrimPrefix(cat.File, content.Dir+"/"), Lines: map[string]int{}}
			cp.Front.Title = cmp.Or(s.opts.IndexTitles[n.key], link.Title, n.Label)
			cp.Front.Description = cmp.Or(s.opts.IndexDescriptions[n.key], link.Description)
			cp.Front.Keywords = link.Keywords
			cp.Front.Image = link.Image
			p := &Page{Page: cp, URL: path.Join(base, slug) + "/", Node: n, Listing: n}
			if other := s.byURL[p.URL]; other != nil {
				key := "link.slug"
				if cat.Link.Slug == "" {
					key = "label"
				}
				errs.Add(cat.At(key, "the category page's URL "+p.URL+" is already used by "+other.File()+": give the category a `link.slug` of its own"))
			} else {
				s.byURL[p.URL] = p
				n.Page = p
			}
		}
		for _, c := range n.Children {
			visit(c)
		}
	}
	visit(s.Root)
	if home := s.opts.Prefix + "/"; s.byURL[home] == nil {
		home := &Page{Page: &content.Page{Lines: map[string]int{}}, URL: home, Node: s.Root, Listing: s.Nav}
		s.byURL[home.URL] = home
		s.Root.Page = home
	}
	return base
}

// LongCategory is the number of items past which a category's sidebar
// list shows a window around the current page rather than every item
// (see internal/build's sidebar). Such a category gets a generated index
// even when its _category_ file asks for none, so that the window's gaps
// lead to the full list without JavaScript; `link: null` still means no
// page.
const LongCategory = 50

func generated(cat *content.Category) bool {
	return cat.Link != nil && cat.Link.Type == content.LinkGeneratedIndex
}

func long(n *Node) bool {
	return n.Category.Link == nil && !n.Category.NoIndex && len(n.Children) > LongCategory
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

// walk lists pages in reading order: a category's own page, then its
// children, as Docusaurus orders them. A page a category links to from
// elsewhere is listed where it is.
func (s *Site) walk(n *Node) {
	if n.Page != nil && n.Page.Node == n {
		s.Pages = append(s.Pages, n.Page)
	}
	for _, c := range n.Children {
		s.walk(c)
	}
}

// paginate sets previous/next links in reading order, honouring
// pagination_prev/pagination_next. The home page, tag pages and unlisted
// pages stand outside the order.
func (s *Site) paginate(errs *diag.List) {
	var order []*Page
	for _, p := range s.Pages {
		if p.URL != s.opts.Prefix+"/" && !p.Front.Unlisted && p.Tag == nil && p != s.Tags {
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
	if t := s.docBySuffix(strings.Trim(*v, "/")); t != nil {
		if t.Front.Unlisted {
			return nil // as Docusaurus does in production
		}
		return t
	}
	errs.Add(diag.At(p.Pos(key), p.Src, key+" names `"+*v+"`, which is no page's doc ID (its path under content/ or under the docs folder, without .md and number prefixes)"+diag.DidYouMean(*v, s.docIDs())))
	return def
}

// docBySuffix finds the page with doc ID id, or else id taken relative
// to the docs folder (Nav), or else the one page whose ID ends in "/"+id:
// Docusaurus's IDs are relative to its docs folder, which a migrated site
// has under content/.
func (s *Site) docBySuffix(id string) *Page {
	if p := s.byDoc[id]; p != nil {
		return p
	}
	if s.Nav != nil && s.Nav.Category != nil && s.Nav.Category.Dir != "" {
		if p := s.byDoc[s.Nav.Category.Dir+"/"+id]; p != nil {
			return p
		}
	}
	var found *Page
	for d, p := range s.byDoc {
		if strings.HasSuffix(d, "/"+id) {
			if found != nil {
				return nil
			}
			found = p
		}
	}
	return found
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
		if at, ok := s.dropped[src]; ok {
			return Target{Href: at + suffix(u)}, ""
		}
		target = s.bySrc[src]
		if target == nil && strings.TrimSuffix(path.Base(src), path.Ext(src)) == "index" {
			// A folder's index.md stands for the folder's page, even
			// one Latticework writes (the home page, a category's).
			target = s.byURL[strings.TrimSuffix(path.Join("/", path.Dir(src)), "/")+"/"]
		}
		if target == nil {
			return Target{Href: dest}, "link to `" + dest + "`: no page content/" + src + " exists" + diag.DidYouMean(src, s.sources())
		}
	default:
		if !strings.HasPrefix(p, "/") {
			// Relative to the page's URL without its trailing slash, as a
			// Docusaurus site serves it, so migrated links keep their targets.
			p = path.Join(path.Dir(strings.TrimSuffix(from.URL, "/")), p)
		} else if pre := s.opts.Prefix; pre != "" && p != pre && !strings.HasPrefix(p, pre+"/") {
			p = pre + p // within the locale, as Docusaurus prefixes its base URL
		}
		clean := path.Clean(p)
		// Static files are published once, at the default locale's paths.
		if file := s.unprefixed(clean); s.static[file] {
			return Target{Href: file + suffix(u)}, ""
		}
		if ext := path.Ext(clean); ext != "" && ext != ".html" {
			return Target{Href: dest}, "`" + dest + "`: no file is published at " + clean + ": put it in static" + clean + ", or beside the page under content/"
		}
		site := clean
		if site != "/" {
			site += "/"
		}
		target = s.byURL[site]
		if b := path.Base(clean); target == nil && (b == "index" || b == "index.html") {
			// A static host serves a folder's index.html at these too.
			site = strings.TrimSuffix(path.Dir(clean), "/") + "/"
			target = s.byURL[site]
		}
		if target == nil {
			if s.unsure {
				// Likely a consequence of the front matter error
				// reported: the build fails on that one.
				return Target{Href: dest}, ""
			}
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

// unprefixed returns the site path u without the locale's prefix.
func (s *Site) unprefixed(u string) string {
	if s.opts.Prefix == "" {
		return u
	}
	rest, ok := strings.CutPrefix(u, s.opts.Prefix)
	if !ok || rest != "" && rest[0] != '/' {
		return u
	}
	if rest == "" {
		return "/"
	}
	return rest
}

// Prefix is the start of the locale's URLs, "" for the default locale.
func (s *Site) Prefix() string { return s.opts.Prefix }

// Home is the locale's home page.
func (s *Site) Home() *Page { return s.byURL[s.opts.Prefix+"/"] }
