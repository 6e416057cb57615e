// Package content loads a site's sources: every markdown page under
// content/ with its front matter, and every folder's _category_ file. It is
// the pipeline's first stage; it reads and checks, but does not interpret
// links or markdown.
//
// Front matter uses Docusaurus's keys, so an existing Docusaurus docs tree
// loads unchanged. Unknown keys are errors with a "did you mean" hint, so a
// typo never silently does nothing.
package content

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"hash/maphash"
	"io"
	"io/fs"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/latticework/latticework/internal/parallel"

	"github.com/adrg/frontmatter"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/strictyaml"
	"gopkg.in/yaml.v3"
)

// Dir is the folder, at the site root, that holds the pages.
const Dir = "content"

// FrontMatter holds a page's front matter: every key of Docusaurus's docs
// front matter schema, with its names and types.
type FrontMatter struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
	// HideTitle hides the title shown from front matter; an H1 written
	// in the markdown is still shown, as in Docusaurus.
	HideTitle   bool     `yaml:"hide_title"`
	HideTOC     bool     `yaml:"hide_table_of_contents"`
	Keywords    []string `yaml:"keywords"`
	Image       string   `yaml:"image"`
	Description string   `yaml:"description"`
	Slug        string   `yaml:"slug"`
	// SidebarKey is a translation key in Docusaurus; accepted, unused.
	SidebarKey      string   `yaml:"sidebar_key"`
	SidebarLabel    string   `yaml:"sidebar_label"`
	SidebarPosition *float64 `yaml:"sidebar_position"`
	// SidebarClassName is added to the page's sidebar item's classes.
	SidebarClassName string `yaml:"sidebar_class_name"`
	// SidebarCustomProps is passed, unused by the default layouts, to the
	// sidebar items a site's own layouts range over.
	SidebarCustomProps map[string]any `yaml:"sidebar_custom_props"`
	// DisplayedSidebar names a sidebar in Docusaurus; a Latticework site
	// has one, so it is accepted and has no effect.
	DisplayedSidebar *string `yaml:"displayed_sidebar"`
	Tags             []Tag   `yaml:"tags"`
	// PaginationLabel names the page in other pages' previous/next links.
	PaginationLabel string `yaml:"pagination_label"`
	// CustomEditURL replaces the page's edit link; set to "" or null, it
	// removes it.
	CustomEditURL string `yaml:"custom_edit_url"`
	// ParseNumberPrefixes false keeps the number prefixes of the page's
	// file and folder names in its URL and doc ID (see NumberPrefix).
	ParseNumberPrefixes *bool `yaml:"parse_number_prefixes"`
	// PaginationNext and PaginationPrev name another page by its doc ID
	// (see DocID); null turns the link off.
	PaginationNext *string `yaml:"pagination_next"`
	PaginationPrev *string `yaml:"pagination_prev"`
	// TOCMinHeadingLevel and TOCMaxHeadingLevel bound the heading levels
	// of the table of contents, 2 to 6 (default 2 and 3).
	TOCMinHeadingLevel *float64    `yaml:"toc_min_heading_level"`
	TOCMaxHeadingLevel *float64    `yaml:"toc_max_heading_level"`
	LastUpdate         *LastUpdate `yaml:"last_update"`
	Draft              bool        `yaml:"draft"`
	// Unlisted pages are published but left out of the sidebar,
	// pagination, sitemap and search, and ask search engines not to index
	// them.
	Unlisted bool `yaml:"unlisted"`
}

// Tag is a front matter tag: a string, or Docusaurus's object form with a
// label, a permalink and an optional description.
type Tag struct {
	Label       string `yaml:"label"`
	Permalink   string `yaml:"permalink"`
	Description string `yaml:"description"`
}

// UnmarshalYAML reads a tag written as a string or as an object.
func (t *Tag) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&t.Label)
	}
	type plain Tag
	return n.Decode((*plain)(t))
}

// LastUpdate overrides when, and by whom, the page was last changed.
type LastUpdate struct {
	Author string `yaml:"author"`
	Date   string `yaml:"date"`
	// Time is Date parsed; zero without a date.
	Time time.Time `yaml:"-"`
}

// Page is one markdown source file.
type Page struct {
	// Path is the file's path under content/, e.g. "docs/a/b.md".
	Path  string
	Front FrontMatter
	// Lines records where each front matter key is, for errors that
	// later stages find (a duplicate slug, a bad pagination target).
	Lines map[string]int
	// FrontFailed is set when the front matter could not be read, or a
	// key that sets the URL (id, slug) has an error: the page's URL may
	// not be the one its author meant.
	FrontFailed bool
	// values records where each front matter value starts.
	values map[string]diag.Pos
	// Src is the whole file; Body is the markdown after the front matter,
	// which starts on file line BodyLine+1. Loaded with
	// Options.DropBodies, Src is the front matter only and Body nil until
	// ReadBody.
	Src      []byte
	Body     []byte
	BodyLine int
	// Sum is the SHA-256 of the file as read.
	Sum [32]byte
	// readSum is quickSum of the file, for a page this process read; 0
	// for one from Sources, which ReadBody checks against Sum.
	readSum uint64
	// dropped is set while the body is dropped (see Options.DropBodies);
	// bodyStart is where ReadBody finds it in the file.
	dropped   bool
	bodyStart int
	// buf is the buffer of readBufs ReadBody read the file into, until
	// DropText.
	buf *[]byte
	// file is the source's path from the site root when it is not
	// content/<Path>: a translation's, under i18n/.
	file string
	// Untranslated marks, in a locale other than the default, a page
	// without a translation, published from the default locale's source.
	Untranslated bool
}

// IsPage reports whether a file under content/ is a page: markdown, as
// .md or, as Docusaurus also reads, .mdx.
func IsPage(name string) bool {
	return strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".mdx")
}

// File returns the page's path from the site root, as errors name it.
func (p *Page) File() string {
	if p.file != "" {
		return p.file
	}
	return Dir + "/" + p.Path
}

// DocID is the page's Docusaurus document ID: its path without extension
// and number prefixes, with the last segment replaced by the front matter
// id if set.
func (p *Page) DocID() string {
	dir, name := path.Split(strings.TrimSuffix(p.Path, path.Ext(p.Path)))
	if p.ParsesNumberPrefixes() {
		dir, name = StripNumberPrefixes(dir), StripNumberPrefix(name)
	}
	if p.Front.ID != "" {
		name = p.Front.ID
	}
	return dir + name
}

// ParsesNumberPrefixes reports whether number prefixes are dropped from
// the page's file and folder names: unless parse_number_prefixes is false.
func (p *Page) ParsesNumberPrefixes() bool {
	return p.Front.ParseNumberPrefixes == nil || *p.Front.ParseNumberPrefixes
}

// Position is the page's place among its siblings: sidebar_position, or
// its file name's number prefix; nil for neither.
func (p *Page) Position() *float64 {
	if p.Front.SidebarPosition != nil || !p.ParsesNumberPrefixes() {
		return p.Front.SidebarPosition
	}
	base := path.Base(p.Path)
	if _, n, ok := NumberPrefix(strings.TrimSuffix(base, path.Ext(base))); ok {
		return &n
	}
	return nil
}

// Pos returns the position of front matter key k, or the file's first line.
func (p *Page) Pos(k string) diag.Pos {
	return diag.Pos{File: p.File(), Line: max(p.Lines[k], 1), Col: 1}
}

// ValuePos returns the position of front matter key k's value, or the
// file's first line.
func (p *Page) ValuePos(k string) diag.Pos {
	if pos, ok := p.values[k]; ok {
		return pos
	}
	return p.Pos(k)
}

// Site is everything loaded from content/.
type Site struct {
	Pages      []*Page // sorted by Path
	Categories map[string]*Category
	// Assets are the other files under content/ (images beside their
	// pages), as paths under content/. They are published unchanged.
	Assets []string
	// Drafts are the doc IDs of the pages left out as drafts, which a
	// category's link may name.
	Drafts []string
}

// Options control loading.
type Options struct {
	// Drafts keeps pages marked draft: true (for the dev server).
	Drafts bool
	// DropBodies keeps of each page only its front matter, which is
	// what the stages before rendering read: the body is read again by
	// ReadBody when the page is rendered, so that a build never holds the
	// text of the whole site (half a gigabyte at 10,000 pages of the
	// benchmark's corpus).
	DropBodies bool
	// Sources, if set, is asked for each page before it is read; a page
	// it knows is loaded as DropBodies loads it.
	Sources Sources
}

// Load reads every page and category under content/ in fsys, reporting every
// problem to errs. Pages with problems are still returned when usable, so a
// single run reports everything wrong with a site.
func Load(fsys fs.FS, opts Options, errs *diag.List) *Site {
	site := &Site{Categories: map[string]*Category{}}
	var paths []string
	var entries []fs.DirEntry
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Addf(diag.Pos{File: p}, err.Error())
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != Dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return fs.SkipDir // hidden and partial folders are not pages
			}
			site.Categories[rel(p)] = &Category{Dir: rel(p)}
			return nil
		}
		switch {
		case name == "_category_.json" || name == "_category_.yml" || name == "_category_.yaml":
			loadCategory(fsys, p, site.Categories[rel(path.Dir(p))], errs)
		case strings.HasPrefix(name, "_") || strings.HasPrefix(name, "."):
		case IsPage(name):
			paths = append(paths, p)
			entries = append(entries, d)
		default:
			site.Assets = append(site.Assets, rel(p))
		}
		return nil
	})
	if err != nil {
		errs.Addf(diag.Pos{File: Dir}, err.Error())
	}

	// A few workers per core: more than the cores, so that a read waiting
	// on the disk leaves none idle, and far fewer than the pages, each
	// worker's stack grown once by the YAML parser rather than once per
	// page.
	pages := make([]*Page, len(paths))
	parallel.For(len(paths), 4*runtime.GOMAXPROCS(0), func(i int) {
		pages[i] = opts.load(fsys, paths[i], entries[i], errs)
	})
	for _, p := range pages {
		switch {
		case p == nil:
		case opts.Drafts || !p.Front.Draft:
			site.Pages = append(site.Pages, p)
		default:
			site.Drafts = append(site.Drafts, p.DocID())
		}
	}
	return site
}

// rel turns a path from the site root into one under content/.
func rel(p string) string {
	if p == Dir {
		return ""
	}
	return strings.TrimPrefix(p, Dir+"/")
}

// LoadPage reads one page; file is its path from the site root. It returns
// nil only when the file cannot be read at all.
func LoadPage(fsys fs.FS, file string, errs *diag.List) *Page {
	return loadFile(fsys, file, nil, errs)
}

// loadFile is LoadPage, reading the file into *buf's memory when buf is
// not nil and fsys can (see readBufs).
func loadFile(fsys fs.FS, file string, buf *[]byte, errs *diag.List) *Page {
	src, err := readFile(fsys, file, buf)
	if err != nil {
		errs.Addf(diag.Pos{File: file}, err.Error())
		return nil
	}
	sum, readSum := sha256.Sum256(src), quickSum(src)
	src, bad := diag.Text(file, src)
	if bad != nil {
		errs.Add(bad)
	}
	page := &Page{Path: rel(file), Src: src, Sum: sum, readSum: readSum, Lines: map[string]int{}}
	if !strings.HasPrefix(file, Dir+"/") {
		page.file = file // a translation: its caller sets Path
	}
	// The parser copies everything it reads, body included, and returns
	// the body after the front matter: the reader ends soon after the
	// front matter has been read, so that little of the body is copied,
	// and the body is a slice of the file, where that copy starts.
	r := &headReader{src: src}
	var fmText []byte
	format := frontmatter.NewFormat("---", "---", func(data []byte, _ any) error {
		fmText, r.done = data, true
		return nil
	})
	body, err := frontmatter.Parse(r, nil, format)
	start := r.read - len(body)
	if err != nil || start < 0 || !bytes.HasPrefix(src[start:], body) {
		errs.Add(diag.At(diag.Pos{File: file, Line: 1}, src, "front matter is not closed: end it with a line `---`"))
		page.FrontFailed = setsURL(src)
		return page
	}
	page.Body = src[start:]
	page.BodyLine = bytes.Count(src[:start], []byte("\n"))

	// Problems go to a list of the page's own, so that whether its front
	// matter parsed is not confused with other pages' errors.
	var local diag.List
	defer errs.Merge(&local)
	switch {
	case fmText == nil && bytes.HasPrefix(src, []byte("---")):
		// The parser reads an opening line with no closing one as no
		// front matter at all.
		local.Add(diag.At(diag.Pos{File: file, Line: 1}, src, "front matter is not closed: end it with a line `---`"))
		page.FrontFailed = setsURL(src)
		return page
	case fmText == nil:
		local.Add(diag.At(diag.Pos{File: file, Line: 1, Col: 1}, src, "missing front matter: start the file with a line `---`, then `title: Your Title`, then `---`"))
		return page
	}
	ysrc := strictyaml.Source{File: file, Text: src, LineOffset: 1}
	node := strictyaml.Parse(ysrc, fmText, &local)
	if len(local.All()) > 0 {
		page.FrontFailed = setsURL(fmText)
		return page
	}
	if node != nil && node.Kind != yaml.MappingNode {
		local.Add(diag.At(diag.Pos{File: file, Line: node.Line + 1, Col: node.Column}, src, "front matter must be `key: value` lines"))
		page.FrontFailed = setsURL(fmText)
		return page
	}
	if node != nil {
		for i := 0; i+1 < len(node.Content); i += 2 {
			k, v := node.Content[i], node.Content[i+1]
			page.Lines[k.Value] = k.Line + 1
			if page.values == nil {
				page.values = map[string]diag.Pos{}
			}
			page.values[k.Value] = diag.Pos{File: file, Line: v.Line + 1, Col: v.Column}
		}
	}
	decoded := strictyaml.Decode(ysrc, node, &page.Front, &local)
	if decoded {
		checkFront(ysrc, node, &page.Front, &local)
	}
	page.FrontFailed = !decoded && page.misread(local.Errors(), "id", "slug", "parse_number_prefixes")
	// A title of the wrong type, or misspelt, was reported by Decode; it
	// is not also missing.
	if !page.misread(local.Errors(), "title") && strings.TrimSpace(page.Front.Title) == "" {
		l := page.Lines["title"]
		pos := diag.Pos{File: file, Line: max(l, 2), Col: 1}
		local.Add(diag.At(pos, src, "front matter needs a `title:` (it names the page in the sidebar and the browser tab)"))
	}
	return page
}

// load loads the page at file as o says. With DropBodies, the file is read
// into a buffer of readBufs, given back once the page's body is dropped.
func (o Options) load(fsys fs.FS, file string, d fs.DirEntry, errs *diag.List) *Page {
	if !o.DropBodies {
		return loadPage(fsys, file, d, o.Sources, nil, errs)
	}
	buf := readBufs.Get().(*[]byte)
	p := loadPage(fsys, file, d, o.Sources, buf, errs)
	p.dropBody()
	// A page whose body is not dropped (its front matter failed) keeps
	// the file it was read into.
	if p == nil || p.dropped {
		readBufs.Put(buf)
	}
	return p
}

// readBufs holds the buffers pages are read into when their bodies are
// dropped as soon as they are loaded, and read again when they are
// rendered (ReadBody, DropText). Reusing them spares the first touch of
// new memory, a page fault every 4 KB, which costs more than copying the
// file on machines whose page faults are slow (a fifth of the loading in
// a 1,000-page build here).
var readBufs = sync.Pool{New: func() any { return new([]byte) }}

// intoReader is a file system that can read a file into the caller's
// memory (sitefs.FS).
type intoReader interface {
	ReadFileInto(name string, buf []byte) ([]byte, error)
}

// readFile reads the named file, into *buf's memory if buf is not nil and
// fsys can, and keeps in *buf the memory it used.
func readFile(fsys fs.FS, name string, buf *[]byte) ([]byte, error) {
	r, ok := fsys.(intoReader)
	if !ok || buf == nil {
		return fs.ReadFile(fsys, name)
	}
	data, err := r.ReadFileInto(name, *buf)
	if err == nil {
		*buf = data[:0]
	}
	return data, err
}

// dropBody forgets the page's body, keeping the front matter for the
// errors the stages before rendering quote (see Options.DropBodies). A
// page whose front matter could not be read keeps its whole file: it has
// no body to read again, and the build fails anyway.
func (p *Page) dropBody() {
	if p == nil || p.Body == nil {
		return
	}
	p.dropped, p.bodyStart = true, len(p.Src)-len(p.Body)
	p.Src, p.Body = slices.Clone(p.Src[:p.bodyStart]), nil
}

// ReadBody reads the file of a page loaded with Options.DropBodies again,
// setting Src and Body as LoadPage did; it does nothing for a page that
// has its body. It fails if the file is no longer the one loaded, whose
// front matter the site was resolved with.
//
// The file is read into a buffer of readBufs, which DropText gives back.
func (p *Page) ReadBody(fsys fs.FS) error {
	if !p.dropped {
		return nil
	}
	buf := readBufs.Get().(*[]byte)
	src, err := readFile(fsys, p.File(), buf)
	if err != nil {
		readBufs.Put(buf)
		return err
	}
	var same bool
	if p.readSum != 0 {
		same = quickSum(src) == p.readSum
	} else {
		same = sha256.Sum256(src) == p.Sum
	}
	if !same {
		readBufs.Put(buf)
		return errors.New("the file changed while the site was being built: build again")
	}
	src, _ = diag.Text(p.File(), src)
	p.Src, p.Body, p.dropped, p.buf = src, src[p.bodyStart:], false, buf
	return nil
}

// DropText forgets the page's text for good, once it is rendered and laid
// out, and gives the buffer ReadBody read it into back for another page:
// nothing may keep a slice of Src or Body after it.
func (p *Page) DropText() {
	p.Src, p.Body = nil, nil
	if p.buf != nil {
		readBufs.Put(p.buf)
		p.buf = nil
	}
}

// quickSeed seeds quickSum.
var quickSeed = maphash.MakeSeed()

// quickSum hashes a page file for ReadBody to tell whether the file it
// reads again is the one this process loaded, at a sixth of the cost of
// a second SHA-256 of every page. A change goes unnoticed with a chance
// of 2⁻⁶³ (no one forges a collision against a seed they cannot see).
// Its values are never 0, which marks a page that was not read.
func quickSum(src []byte) uint64 {
	return maphash.Bytes(quickSeed, src) | 1
}

// setsURL reports whether front matter text that could not be parsed
// seems to set the page's URL: a line starting with id, slug or
// parse_number_prefixes and a colon.
func setsURL(fm []byte) bool {
	for line := range bytes.Lines(fm) {
		k, _, ok := bytes.Cut(bytes.TrimLeft(line, " \t"), []byte(":"))
		if ok && slices.Contains([]string{"id", "slug", "parse_number_prefixes"}, string(bytes.TrimSpace(k))) {
			return true
		}
	}
	return false
}

// misread reports whether one of the front matter keys may have been lost
// to an error reported in errs: its value has an error, or an unknown key
// looks like a misspelling of it.
func (p *Page) misread(errs []*diag.Error, keys ...string) bool {
	known := frontKeys()
	for k := range p.Lines {
		if _, ok := known[k]; !ok && diag.DidYouMean(k, keys) != "" {
			return true
		}
	}
	for _, k := range keys {
		if pos, ok := p.values[k]; ok {
			for _, e := range errs {
				if e.Line == pos.Line {
					return true
				}
			}
		}
	}
	return false
}

// frontKeys are the front matter's keys, computed once rather than for
// every page.
var frontKeys = sync.OnceValue(func() map[string]reflect.StructField {
	return strictyaml.Fields(reflect.TypeFor[FrontMatter]())
})

// headReader reads src until done is set, then ends. It hands src out a
// line at a time: the parser buffers what it reads, and would otherwise
// copy kilobytes of the body past the front matter.
type headReader struct {
	src  []byte
	read int // bytes read so far
	done bool
}

func (r *headReader) Read(p []byte) (int, error) {
	if r.done || r.read == len(r.src) {
		return 0, io.EOF
	}
	rest := r.src[r.read:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i+1]
	}
	n := copy(p, rest)
	r.read += n
	return n, nil
}
