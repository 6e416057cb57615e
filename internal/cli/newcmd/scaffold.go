package newcmd

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/placeholder"
	"github.com/latticework/latticework/internal/resolve"
)

// defaultCategory is where the classic mental models live; most new
// articles belong beside them.
const defaultCategory = "docs/thinking-toolkit/classic-mental-models"

//go:embed templates
var templates embed.FS

// The templates write placeholder.Marker, as {{write}}, where the
// contributor's text goes: the build reports each one left.
var tmpl = template.Must(template.New("").Funcs(template.FuncMap{
	"write": func() string { return placeholder.Marker },
}).ParseFS(templates, "templates/*.tmpl"))

// options are what a contributor asks new for.
type options struct {
	// Root is the site folder, holding content/ and exercises/.
	Root string
	// Title is the article's title, as the sidebar shows it.
	Title string
	// Category is the folder under content/ that receives the article.
	Category string
	// Slug, when set, replaces the name derived from Title.
	Slug string
}

// result is what scaffold created. Paths are relative to the site folder
// and use forward slashes, as the build's messages do.
type result struct {
	Article, Exercise string
	// Categories are the _category_.json files of folders new created.
	Categories []string
	Position   int
	// URL is the article's path on the site, e.g. /docs/a/b/.
	URL string
	// Warnings are pages whose sidebar_position could not be read.
	Warnings []string
}

// usageError is a mistake in what was asked, as opposed to a failure
// while doing it; main exits 2 for it, as flag does.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// scaffold creates the article and its exercise. It checks everything
// before writing anything, and never overwrites a file: a contributor's
// half-written article must survive a mistyped command.
func scaffold(o options) (*result, error) {
	title := strings.TrimSpace(o.Title)
	if title == "" {
		return nil, usagef(`a title is needed: make new TITLE="Second-Order Thinking" [CATEGORY=%s]`, defaultCategory)
	}
	if strings.ContainsAny(title, "\r\n") {
		return nil, usagef("the title must be one line")
	}
	category, err := cleanCategory(o.Category)
	if err != nil {
		return nil, err
	}
	slug, err := chooseSlug(title, o.Slug)
	if err != nil {
		return nil, err
	}
	contentDir := filepath.Join(o.Root, "content")
	if st, err := os.Stat(contentDir); err != nil || !st.IsDir() {
		return nil, usagef("%s has no content/ folder: run new in a site's folder, or name one with -src", o.Root)
	}

	res := &result{
		Article:  path.Join("content", category, slug+".md"),
		Exercise: path.Join("exercises", slug+".yaml"),
		URL:      "/" + path.Join(category, slug) + "/",
	}
	newDirs, err := missingFolders(o.Root, category)
	if err != nil {
		return nil, err
	}
	if err := checkFree(o.Root, res, slug); err != nil {
		return nil, err
	}
	highest, found, warnings := highestPosition(o.Root, category)
	res.Warnings = warnings
	res.Position = 1
	if found {
		res.Position = int(math.Floor(highest)) + 1
	}

	article, err := renderArticle(title, slug, res.Position)
	if err != nil {
		return nil, err
	}
	exercise, err := renderExercise(title, slug, res.Article)
	if err != nil {
		return nil, err
	}

	for _, dir := range newDirs {
		file, err := createCategory(o.Root, dir)
		if err != nil {
			return nil, err
		}
		res.Categories = append(res.Categories, file)
	}
	if err := create(o.Root, res.Article, article); err != nil {
		return nil, err
	}
	if err := create(o.Root, res.Exercise, exercise); err != nil {
		// Without its exercise the article fails the build; take it back
		// so that running new again, once the cause is fixed, just works.
		_ = os.Remove(filepath.Join(o.Root, filepath.FromSlash(res.Article)))
		return nil, err
	}
	return res, nil
}

// cleanCategory turns a -category value into a clean slash path under
// content/. It accepts a leading "content/", which people type from the
// repository root.
func cleanCategory(c string) (string, error) {
	c = strings.TrimSpace(filepath.ToSlash(c))
	c = strings.TrimPrefix(strings.Trim(c, "/"), "content/")
	if c == "" || c == "content" || c == "." {
		return "", usagef("the category is empty: name a folder under content/, such as %s", defaultCategory)
	}
	c = path.Clean(c)
	for _, seg := range strings.Split(c, "/") {
		switch {
		case seg == "..":
			return "", usagef("category %q leaves content/: name a folder under content/, such as %s", c, defaultCategory)
		case strings.HasPrefix(seg, "_") || strings.HasPrefix(seg, "."):
			// The build skips these folders, so the article would never
			// be published.
			return "", usagef("category %q has a folder starting with %q, which the build skips: choose another name", c, seg[:1])
		}
	}
	return c, nil
}

// slugPattern is what a slug must be: it names the page's file, its URL
// and the exercise, and exercise ids must start with a letter.
var slugPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// chooseSlug returns the slug given, checked, or the one made from title.
func chooseSlug(title, given string) (string, error) {
	if given != "" {
		if !slugPattern.MatchString(given) {
			return "", usagef("slug %q must be lower-case ASCII letters and digits in words joined by single hyphens, starting with a letter (it is the file name, the URL and the exercise id)", given)
		}
		return given, nil
	}
	slug := slugify(title)
	switch {
	case slug == "":
		return "", usagef("cannot make a file name from %q: it has no ASCII letters or digits; give one with SLUG=... (or -slug)", title)
	case !slugPattern.MatchString(slug):
		return "", usagef("the title %q gives the name %q, but exercise ids must start with a letter: give a name with SLUG=... (or -slug)", title, slug)
	}
	return slug, nil
}

// slugify makes a file name from a title: lower-case ASCII letters and
// digits, with a hyphen for each run of anything else. Apostrophes vanish,
// so "Occam's Razor" gives "occams-razor" rather than "occam-s-razor", and
// common accented letters lose their accents.
func slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r == '\'' || r == '’' {
			continue
		}
		s := string(r)
		if f, ok := folded[r]; ok {
			s = f
		} else if r > unicode.MaxASCII || !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(s)
	}
	return b.String()
}

// folded maps accented Latin letters to their ASCII spelling.
var folded = func() map[rune]string {
	m := map[rune]string{}
	for letters, ascii := range map[string]string{
		"àáâãäåā": "a", "æ": "ae", "çćč": "c", "ď": "d", "èéêëēě": "e", "ìíîïī": "i",
		"ł": "l", "ñńň": "n", "òóôõöøō": "o", "œ": "oe", "řŕ": "r", "śšş": "s",
		"ß": "ss", "ťţ": "t", "ùúûüūů": "u", "ýÿ": "y", "źžż": "z",
	} {
		for _, r := range letters {
			m[r] = ascii
		}
	}
	return m
}()

// checkFree refuses names that are taken: the article, an index page
// serving the same URL, and the exercise under either YAML extension.
func checkFree(root string, res *result, slug string) error {
	taken := []struct{ file, msg string }{
		{res.Article, "new never overwrites a page: edit it, or choose another title (or SLUG=...)"},
		{path.Join(path.Dir(res.Article), slug), "that folder already serves " + res.URL + ": choose another title (or SLUG=...)"},
		{res.Exercise, "another article's worksheet uses the id " + strconv.Quote(slug) + ": choose another title (or SLUG=...)"},
		{path.Join("exercises", slug+".yml"), "another article's worksheet uses the id " + strconv.Quote(slug) + ": choose another title (or SLUG=...)"},
	}
	for _, t := range taken {
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(t.file))); err == nil {
			return fmt.Errorf("%s already exists; %s", t.file, t.msg)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// missingFolders returns the folders of category, outermost first, that do
// not exist yet, as paths under content/.
func missingFolders(root, category string) ([]string, error) {
	var missing []string
	dir := ""
	for _, seg := range strings.Split(category, "/") {
		dir = path.Join(dir, seg)
		st, err := os.Stat(filepath.Join(root, "content", filepath.FromSlash(dir)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, dir)
		case err != nil:
			return nil, err
		case !st.IsDir():
			return nil, fmt.Errorf("content/%s is a file, not a folder: choose another category", dir)
		}
	}
	return missing, nil
}

// highestPosition returns the highest sidebar position among the entries
// directly in category (a folder under content/), as the build orders
// them: pages by sidebar_position or number prefix, subfolders by their
// _category_ position, index page or number prefix. It reports whether
// any has one. A problem in a file of the folder is returned as a warning
// rather than stopping new: the build will report it in full anyway.
func highestPosition(root, category string) (highest float64, found bool, warnings []string) {
	var errs diag.List
	site := resolve.Resolve(content.Load(os.DirFS(root), content.Options{Drafts: true}, &errs), nil, &errs)
	dir := path.Join(content.Dir, category)
	for _, e := range errs.Errors() {
		if path.Dir(e.File) == dir {
			warnings = append(warnings, e.Error()+"; the new page's position may ignore this file")
		}
	}
	folder := site.Root
	for _, seg := range strings.Split(category, "/") {
		i := slices.IndexFunc(folder.Children, func(n *resolve.Node) bool {
			return n.IsCategory() && path.Base(n.Category.Dir) == seg
		})
		if i < 0 {
			return 0, false, warnings // a folder new is about to create, or one without pages
		}
		folder = folder.Children[i]
	}
	for _, n := range folder.Children {
		if pos := n.Position(); pos != nil && (!found || *pos > highest) {
			highest, found = *pos, true
		}
	}
	return highest, found, warnings
}

// renderArticle fills the article template. The front matter goes through
// the YAML encoder so that any title, colons and quotes included, stays
// valid YAML.
func renderArticle(title, slug string, position int) ([]byte, error) {
	fm, err := yaml.Marshal(struct {
		Title           string `yaml:"title"`
		SidebarPosition int    `yaml:"sidebar_position"`
		Description     string `yaml:"description"`
	}{
		Title:           title,
		SidebarPosition: position,
		Description:     placeholder.Marker + " one sentence for search results and link previews: what " + title + " is and when it helps.",
	})
	if err != nil {
		return nil, err
	}
	return execute("article.md.tmpl", map[string]string{
		"FrontMatter": string(fm),
		"Heading":     markdownText(title),
		"Slug":        slug,
	})
}

// renderExercise fills the exercise template.
func renderExercise(title, slug, article string) ([]byte, error) {
	worksheet, err := yamlScalar("The " + title + " Worksheet")
	if err != nil {
		return nil, err
	}
	return execute("exercise.yaml.tmpl", map[string]string{
		"Title":          title,
		"WorksheetTitle": worksheet,
		"Slug":           slug,
		"Article":        article,
	})
}

func execute(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// yamlScalar writes s as a YAML value, quoted only when it must be.
func yamlScalar(s string) (string, error) {
	out, err := yaml.Marshal(s)
	return strings.TrimSuffix(string(out), "\n"), err
}

// markdownText escapes the characters that would turn a title into
// emphasis, a link, code or HTML inside a heading.
var markdownText = strings.NewReplacer(
	`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "`", "\\`", "<", `\<`,
).Replace

// createCategory makes folder dir (under content/) and its _category_.json,
// labelled from the folder's name as the existing folders are.
func createCategory(root, dir string) (string, error) {
	if err := os.Mkdir(filepath.Join(root, "content", filepath.FromSlash(dir)), 0o755); err != nil {
		return "", err
	}
	data, err := json.MarshalIndent(struct {
		Label string `json:"label"`
	}{labelFor(path.Base(dir))}, "", "  ")
	if err != nil {
		return "", err
	}
	file := path.Join("content", dir, "_category_.json")
	return file, create(root, file, append(data, '\n'))
}

// labelFor turns a folder name such as "decision-making" into the label
// "Decision Making".
func labelFor(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// create writes a new file, failing if it exists: O_EXCL closes the gap
// between checkFree and the write.
func create(root, file string, data []byte) error {
	name := filepath.Join(root, filepath.FromSlash(file))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; new never overwrites a file", file)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
