// Package corpus generates benchmark sites from the Trust Dynamics seed
// article: N pages with unique titles and URLs, spread over nested
// categories, linked to one another and to one another's headings, written
// both as a Latticework site and as the equivalent Hugo site.
//
// What a caller can rely on:
//   - The output depends only on Options and the seed site: no clock, no
//     random source, no map order. The same N gives byte-identical files on
//     every machine, so runs on different days measure the same work.
//   - Every link resolves, so the Latticework build, which fails on broken
//     links, succeeds on every corpus.
//   - Files are emitted one at a time, so a 10,000-page corpus (half a
//     gigabyte of markdown) never has to sit in memory.
//
// Layout of a corpus of N pages (PerFolder pages a folder, three levels):
//
//	content/index.md                                    home page
//	content/docs/_category_.json                        "Library"
//	content/docs/part-00/_category_.json                "Part 1"
//	content/docs/part-00/chapter-00/_category_.json     "Chapter 1.1"
//	content/docs/part-00/chapter-00/section-00/…        "Section 1.1.1", pages 0–9
//	content/docs/part-00/chapter-00/section-00/page-0000.md
//
// The seed's own links to other articles (Circle of Competence, Inversion,
// Game Theory) are rewritten to other corpus pages, so a corpus of N pages
// holds exactly N articles and the home page.
package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// SeedPath is the seed article's path in the seed site.
const SeedPath = "content/docs/thinking-toolkit/classic-mental-models/trust-dynamics.md"

// ExerciseID is the exercise that exercise blocks name, and
// ExerciseFile its definition in the seed site, copied into the corpus
// when Options.Exercises is set.
const (
	ExerciseID   = "trust-dynamics"
	ExerciseFile = "exercises/" + ExerciseID + ".yaml"
)

// PerFolder is the number of pages in each innermost folder, and of
// folders in each folder above it.
const PerFolder = 10

// ExerciseEvery says which pages get an exercise block: every page whose
// index is a multiple of it.
const ExerciseEvery = 10

// BaseURL is the corpus sites' base URL.
const BaseURL = "https://example.org/"

// Options say what corpus to generate.
type Options struct {
	// Pages is the number of articles, at least 1.
	Pages int
	// Exercises places an ```exercise block on every ExerciseEvery-th
	// page and copies the seed's ExerciseFile into the site.
	Exercises bool
	// Seed is the site holding SeedPath (and, for Exercises,
	// ExerciseFile), usually latticework.Default; its layouts/assets
	// site.css and site.js, if present, become the Hugo site's assets.
	Seed fs.FS
	// Flat puts every page in one folder, content/docs/ ("Library"),
	// instead of the three levels of PerFolder, titled and named as a
	// real category's pages are (see words): the largest sidebar a page
	// can carry, which the page-weight benchmark measures. Pages must be
	// fewer than 128³.
	Flat bool
}

// Emit receives one generated file: its slash-separated path from the
// site root and its contents, which it must not keep after returning.
type Emit func(name string, data []byte) error

// Corpus generates one corpus. Create it with New.
type Corpus struct {
	opts  Options
	title string // the seed's front matter title, "Trust Dynamics"
	// h1 is what follows the seed H1's first colon (": A Mental Model…"),
	// kept after each page's unique title; hasH1 says the seed has one.
	h1    string
	hasH1 bool
	// The seed body after its H1, cut at each site-absolute link target:
	// segs[k] is text, then comes a link to related page links[k].
	segs  []string
	links []int
	// exerciseSeg is the index in segs, and exerciseOff the offset
	// within it, where the exercise block goes: after the seed's
	// "Thinking Exercise" line (the worksheet it introduces), or, with
	// exerciseSeg -1, at the end of the article.
	exerciseSeg, exerciseOff int
	anchors                  []string // ids of the seed's ## headings
	assets                   map[string][]byte
	exercises                map[string][]byte
	width                    int // digits in a page number
}

// New reads the seed and prepares a corpus of opts.Pages pages.
func New(opts Options) (*Corpus, error) {
	if opts.Pages < 1 {
		return nil, fmt.Errorf("corpus: %d pages: want at least 1", opts.Pages)
	}
	if opts.Seed == nil {
		return nil, errors.New("corpus: no seed site")
	}
	src, err := fs.ReadFile(opts.Seed, SeedPath)
	if err != nil {
		return nil, fmt.Errorf("corpus: reading the seed article: %w", err)
	}
	c := &Corpus{opts: opts, width: max(4, len(strconv.Itoa(opts.Pages-1))), exerciseSeg: -1}
	body, err := c.readFront(src)
	if err != nil {
		return nil, err
	}
	body = stripExercises(body)
	body = c.cutH1(body)
	c.anchors = headingIDs(body)
	if len(c.anchors) == 0 {
		return nil, fmt.Errorf("corpus: %s has no ## headings to link to", SeedPath)
	}
	c.cutLinks(body)

	c.assets = map[string][]byte{}
	for _, name := range []string{"site.css", "site.js"} {
		if data, err := fs.ReadFile(opts.Seed, "layouts/assets/"+name); err == nil {
			c.assets[name] = data
		}
	}
	if opts.Exercises {
		if c.exercises, err = readExercises(opts.Seed); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// readFront takes the seed's title from its front matter and returns the
// body after it.
func (c *Corpus) readFront(src []byte) (string, error) {
	s := strings.ReplaceAll(string(src), "\r\n", "\n")
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return "", fmt.Errorf("corpus: %s has no front matter", SeedPath)
	}
	front, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return "", fmt.Errorf("corpus: %s: front matter is not closed", SeedPath)
	}
	var fm struct {
		Title string `yaml:"title"`
	}
	if err := yaml.Unmarshal([]byte(front), &fm); err != nil {
		return "", fmt.Errorf("corpus: %s: %w", SeedPath, err)
	}
	c.title = fm.Title
	if c.title == "" {
		c.title = "Seed"
	}
	return body, nil
}

// stripExercises removes ```exercise blocks the seed may already have, so
// that Options.Exercises alone decides which pages carry one.
func stripExercises(body string) string {
	var b strings.Builder
	skipping := false
	for line := range strings.Lines(body) {
		t := strings.TrimSpace(line)
		switch {
		case skipping:
			skipping = t != "```"
		case t == "```exercise":
			skipping = true
		default:
			b.WriteString(line)
		}
	}
	return b.String()
}

// cutH1 removes the seed's H1, if it is the first thing in the body, and
// keeps its subtitle for each page's own H1.
func (c *Corpus) cutH1(body string) string {
	trimmed := strings.TrimLeft(body, "\n")
	line, rest, _ := strings.Cut(trimmed, "\n")
	heading, ok := strings.CutPrefix(line, "# ")
	if !ok {
		return body
	}
	c.hasH1 = true
	if _, sub, ok := strings.Cut(heading, ":"); ok {
		c.h1 = ":" + sub
	}
	return rest
}

// headingIDs returns the ids of the ## headings, as GitHub and Docusaurus
// derive them, for headings whose id is certain: plain ASCII text, and no
// other heading with the same id.
func headingIDs(body string) []string {
	count := map[string]int{}
	var ids []string
	fenced := false
	for line := range strings.Lines(body) {
		line = strings.TrimRight(line, "\n")
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		text, ok := strings.CutPrefix(line, "## ")
		if fenced || !ok || !isPlain(text) {
			continue
		}
		id := slug(text)
		if count[id]++; count[id] == 1 {
			ids = append(ids, id)
		}
	}
	return slices.DeleteFunc(ids, func(id string) bool { return count[id] > 1 || id == "" })
}

// isPlain reports whether a heading's text is ASCII without inline
// markdown, whose id would depend on how the markup renders.
func isPlain(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || strings.ContainsRune("*_`[]<>\\&!", r) {
			return false
		}
	}
	return true
}

// slug is GitHub's heading id: lower case, spaces to hyphens, other
// punctuation dropped.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// seedLink matches a site-absolute markdown link target in the seed.
var seedLink = regexp.MustCompile(`\]\((/[^)\s#]*)(#[^)\s]*)?\)`)

// cutLinks splits the body at its site-absolute link targets. Each
// distinct target becomes a "related page" number, so that every page
// links its own set of other pages where the seed linked its articles.
// An anchor on such a link is dropped: the corpus page has other headings.
func (c *Corpus) cutLinks(body string) {
	exercise := strings.Index(body, "\n**Thinking Exercise")
	if exercise >= 0 {
		exercise += 1 + strings.IndexByte(body[exercise+1:]+"\n", '\n')
	}
	related := map[string]int{}
	last := 0
	for _, m := range seedLink.FindAllStringSubmatchIndex(body, -1) {
		target := body[m[2]:m[3]]
		k, ok := related[target]
		if !ok {
			k = len(related)
			related[target] = k
		}
		c.addSeg(body[last:m[2]], last, exercise)
		c.links = append(c.links, k)
		last = m[1] - 1 // keep the closing parenthesis
	}
	c.addSeg(body[last:], last, exercise)
}

// addSeg appends a text segment starting at body offset start, noting it
// if it holds the exercise insertion point.
func (c *Corpus) addSeg(s string, start, exercise int) {
	if c.exerciseSeg < 0 && exercise >= start && exercise <= start+len(s) {
		c.exerciseSeg, c.exerciseOff = len(c.segs), exercise-start
	}
	c.segs = append(c.segs, s)
}

// readExercises returns the exercise definition the blocks name. Other
// definitions in the seed are left out: each would add its own checks to
// every build of the corpus.
func readExercises(seed fs.FS) (map[string][]byte, error) {
	data, err := fs.ReadFile(seed, ExerciseFile)
	if err != nil {
		return nil, fmt.Errorf("corpus: exercise blocks need %s in the seed site: %w", ExerciseFile, err)
	}
	return map[string][]byte{ExerciseFile: data}, nil
}

// Pages returns the number of articles.
func (c *Corpus) Pages() int { return c.opts.Pages }

// Title returns page i's title, e.g. "Trust Dynamics 0042", or in a flat
// corpus three words, e.g. "Anchor Leverage Drift".
func (c *Corpus) Title(i int) string {
	if c.opts.Flat {
		return flatTitle(i)
	}
	return fmt.Sprintf("%s %0*d", c.title, c.width, i)
}

// folders returns the folders page i sits in, outermost first, below docs/.
func (c *Corpus) folders(i int) [3]string {
	f := i / PerFolder
	return [3]string{
		fmt.Sprintf("part-%02d", f/(PerFolder*PerFolder)),
		fmt.Sprintf("chapter-%02d", f/PerFolder%PerFolder),
		fmt.Sprintf("section-%02d", f%PerFolder),
	}
}

// position is page i's sidebar_position (Hugo's weight) in its folder.
func (c *Corpus) position(i int) int {
	if c.opts.Flat {
		return i + 1
	}
	return i%PerFolder + 1
}

// name returns page i's file name without ".md", which is also the last
// segment of its URL: "page-0042", or in a flat corpus its title's slug.
func (c *Corpus) name(i int) string {
	if c.opts.Flat {
		return slugOf(flatTitle(i))
	}
	return fmt.Sprintf("page-%0*d", c.width, i)
}

// PageURL returns page i's URL as articles link it: site-absolute,
// Docusaurus style, without a trailing slash.
func (c *Corpus) PageURL(i int) string {
	if c.opts.Flat {
		return "/docs/" + c.name(i)
	}
	f := c.folders(i)
	return "/docs/" + f[0] + "/" + f[1] + "/" + f[2] + "/" + c.name(i)
}

// PageFile returns page i's source file from the site root.
func (c *Corpus) PageFile(i int) string { return "content" + c.PageURL(i) + ".md" }

// related returns the page that page i links where the seed linked its
// k-th distinct article: the next page, then one in the next folder, the
// next chapter, the next part, so links cross every level of the tree.
func (c *Corpus) related(i, k int) int {
	steps := [...]int{1, PerFolder + 1, PerFolder*PerFolder + 1, PerFolder*PerFolder*PerFolder + 9}
	return (i + steps[k%len(steps)]*(k/len(steps)+1)) % c.opts.Pages
}

// exerciseBlock places the worksheet; it starts with the end of the line
// it follows and a blank line, and the text after it starts with one.
const exerciseBlock = "\n\n```exercise\n" + ExerciseID + "\n```\n"

// HasExercise reports whether page i carries an exercise block.
func (c *Corpus) HasExercise(i int) bool { return c.opts.Exercises && i%ExerciseEvery == 0 }

// body appends page i's markdown body (after the front matter) to b.
func (c *Corpus) body(b *bytes.Buffer, i int) {
	n := c.opts.Pages
	if c.hasH1 {
		b.WriteString("# ")
		b.WriteString(c.Title(i))
		b.WriteString(c.h1)
		b.WriteString("\n")
	}
	for k, s := range c.segs {
		if k == c.exerciseSeg && c.HasExercise(i) {
			b.WriteString(s[:c.exerciseOff])
			b.WriteString(exerciseBlock)
			b.WriteString(s[c.exerciseOff:])
		} else {
			b.WriteString(s)
		}
		if k < len(c.links) {
			b.WriteString(c.PageURL(c.related(i, c.links[k])))
		}
	}
	if c.exerciseSeg < 0 && c.HasExercise(i) {
		b.WriteString(exerciseBlock)
	}
	// Links a reader would add by hand: far pages, a heading of another
	// page, and a heading of this one.
	far, guide := (i+n/2)%n, (i*7+3)%n
	anchor := c.anchors[i%len(c.anchors)]
	if !bytes.HasSuffix(b.Bytes(), []byte("\n")) {
		b.WriteByte('\n')
	}
	b.WriteString("\n## See also\n\n")
	fmt.Fprintf(b, "- [%s](%s), from another part of the library.\n", c.Title(far), c.PageURL(far))
	fmt.Fprintf(b, "- [%s, one section](%s#%s).\n", c.Title(guide), c.PageURL(guide), anchor)
	fmt.Fprintf(b, "- [The last section of %s](%s#%s).\n", c.Title((i+n-1)%n), c.PageURL((i+n-1)%n), c.anchors[len(c.anchors)-1])
	fmt.Fprintf(b, "- [Back to this page's first section](#%s).\n", c.anchors[0])
}

// category describes one folder of the tree.
type category struct {
	dir      string // from the site root, "content/docs/part-00"
	label    string
	position int
}

// categories returns the folders that page i opens, outermost first: the
// ones page i is the first page of.
func (c *Corpus) categories(i int) []category {
	var cats []category
	if i == 0 {
		cats = append(cats, category{"content/docs", "Library", 1})
	}
	if c.opts.Flat {
		return cats
	}
	f := i / PerFolder
	part, chapter, section := f/(PerFolder*PerFolder), f/PerFolder%PerFolder, f%PerFolder
	dirs := c.folders(i)
	dir := "content/docs/" + dirs[0]
	if i%(PerFolder*PerFolder*PerFolder) == 0 {
		cats = append(cats, category{dir, fmt.Sprintf("Part %d", part+1), part + 1})
	}
	dir += "/" + dirs[1]
	if i%(PerFolder*PerFolder) == 0 {
		cats = append(cats, category{dir, fmt.Sprintf("Chapter %d.%d", part+1, chapter+1), chapter + 1})
	}
	dir += "/" + dirs[2]
	if i%PerFolder == 0 {
		cats = append(cats, category{dir, fmt.Sprintf("Section %d.%d.%d", part+1, chapter+1, section+1), section + 1})
	}
	return cats
}

// home returns the home page's markdown body.
func (c *Corpus) home() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Latticework benchmark corpus\n\n%d articles generated from %s.\n\n", c.opts.Pages, c.title)
	for i := range min(c.opts.Pages, PerFolder) {
		fmt.Fprintf(&b, "- [%s](%s)\n", c.Title(i), c.PageURL(i))
	}
	return b.String()
}

// Latticework emits the Latticework site, in a fixed order.
func (c *Corpus) Latticework(emit Emit) error {
	files := []struct{ name, data string }{
		{"latticework.yaml", "title: Latticework corpus\nbaseURL: " + BaseURL + "\nlanguage: en\n"},
		{"content/index.md", "---\ntitle: Latticework corpus\n---\n" + c.home()},
	}
	for _, f := range files {
		if err := emit(f.name, []byte(f.data)); err != nil {
			return err
		}
	}
	for _, name := range sortedKeys(c.exercises) {
		if err := emit(name, c.exercises[name]); err != nil {
			return err
		}
	}
	var b bytes.Buffer
	for i := range c.opts.Pages {
		for _, cat := range c.categories(i) {
			data := fmt.Sprintf("{\n  \"label\": %q,\n  \"position\": %d\n}\n", cat.label, cat.position)
			if err := emit(cat.dir+"/_category_.json", []byte(data)); err != nil {
				return err
			}
		}
		b.Reset()
		fmt.Fprintf(&b, "---\ntitle: %s\nsidebar_position: %d\n---\n", c.Title(i), c.position(i))
		c.body(&b, i)
		if err := emit(c.PageFile(i), b.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// WriteSite makes the corpus of opts and writes it as a Latticework site
// into dir.
func WriteSite(opts Options, dir string) (*Corpus, error) {
	c, err := New(opts)
	if err != nil {
		return nil, err
	}
	return c, c.Latticework(WriteDir(dir))
}

// WriteDir returns an Emit that writes files under dir, creating folders
// as needed.
func WriteDir(dir string) Emit {
	made := map[string]bool{}
	return func(name string, data []byte) error {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		return os.WriteFile(p, data, 0o644)
	}
}
