package resolve

import (
	"cmp"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
)

// Tag is what a tag's page lists: the docs whose front matter names it.
type Tag struct {
	Label       string
	Description string
	// Docs are the tagged pages the tag's page lists, by title: the
	// listed ones, or all of them when every one is unlisted (the tag's
	// page is then unlisted too, and left out of the page of all tags).
	Docs []*Page
}

// TagURL returns the URL of tag t's page, as Docusaurus gives it: the
// docs folder's URL, "tags/", then the tag's permalink, or its label in
// kebab case.
func (s *Site) TagURL(t content.Tag) string {
	p := t.Permalink
	if p == "" {
		p = kebabCase(t.Label)
	}
	return path.Join(s.tagsBase, p) + "/"
}

// generateTags gives every tag its page, listing the docs that have it,
// and, if any tag is listed, the docs folder's tags/ page listing the
// tags with their counts, as Docusaurus does. Neither is in the sidebar;
// their breadcrumbs lead from a tag to all tags.
func (s *Site) generateTags(in *content.Site, docsURL string, errs *diag.List) {
	s.tagsBase = path.Join(docsURL, "tags")
	byURL := map[string]*Page{}
	var order []*Page
	all := &Node{Label: s.t("theme.tags.tagsPageTitle"), Parent: s.Nav}
	for _, cp := range in.Pages {
		p := s.bySrc[cp.Path]
		if p == nil || p.Page != cp {
			continue // left out for a URL of another page's
		}
		for _, t := range cp.Front.Tags {
			u := s.TagURL(t)
			tp := byURL[u]
			if tp == nil {
				if other := s.byURL[u]; other != nil {
					errs.Add(diag.At(cp.Pos("tags"), cp.Src, "the page of tag `"+t.Label+"` would be at "+u+", which "+other.File()+" already uses: give the tag a `permalink` of its own, or move the page"))
					continue
				}
				// The first page to use a permalink names its tag.
				tp = &Page{Page: &content.Page{Lines: map[string]int{}}, URL: u, Tag: &Tag{Label: t.Label, Description: t.Description}}
				tp.Node = &Node{Label: t.Label, Page: tp, Parent: all}
				tp.Listing = tp.Node
				tp.Front.SidebarLabel = t.Label
				tp.Front.Description = t.Description
				byURL[u] = tp
				order = append(order, tp)
			}
			if !slices.Contains(tp.Tag.Docs, p) {
				tp.Tag.Docs = append(tp.Tag.Docs, p)
			}
		}
	}
	var listed []*Node
	for _, tp := range order {
		t := tp.Tag
		if slices.ContainsFunc(t.Docs, func(p *Page) bool { return !p.Front.Unlisted }) {
			t.Docs = slices.DeleteFunc(t.Docs, func(p *Page) bool { return p.Front.Unlisted })
			listed = append(listed, tp.Node)
		} else {
			tp.Front.Unlisted = true
		}
		slices.SortStableFunc(t.Docs, func(a, b *Page) int { return compareText(a.Front.Title, b.Front.Title) })
		for _, p := range t.Docs {
			tp.Node.Children = append(tp.Node.Children, &Node{Label: p.Front.Title, Page: p})
		}
		tp.Front.Title = s.t("theme.docs.tagDocListPageTitle", "nDocsTagged", s.t("theme.docs.tagDocListPageTitle.nDocsTagged", "count", len(t.Docs)), "tagName", t.Label)
		s.byURL[tp.URL] = tp
	}
	slices.SortStableFunc(order, func(a, b *Page) int { return compareText(a.Tag.Label, b.Tag.Label) })
	if len(listed) > 0 {
		u := s.tagsBase + "/"
		if other := s.byURL[u]; other != nil {
			errs.Add(diag.At(other.Pos("slug"), other.Src, "the page of all tags is at "+u+", which this page also uses: change its slug, or move it"))
		} else {
			slices.SortStableFunc(listed, func(a, b *Node) int { return compareText(a.Label, b.Label) })
			all.Children = listed
			s.Tags = &Page{Page: &content.Page{Lines: map[string]int{}}, URL: u, Node: all, Listing: all}
			s.Tags.Front.Title = all.Label
			all.Page = s.Tags
			s.byURL[u] = s.Tags
			s.Pages = append(s.Pages, s.Tags)
		}
	}
	s.Pages = append(s.Pages, order...)
}

// t returns a UI string: English, as Docusaurus's tag pages say it,
// unless Options.T translates it.
func (s *Site) t(key string, args ...any) string {
	if s.opts.T != nil {
		return s.opts.T(key, args...)
	}
	switch key {
	case "theme.tags.tagsPageTitle":
		return "Tags"
	case "theme.docs.tagDocListPageTitle.nDocsTagged":
		n := args[1].(int)
		if n == 1 {
			return "One doc tagged"
		}
		return strconv.Itoa(n) + " docs tagged"
	}
	return args[1].(string) + ` with "` + args[3].(string) + `"`
}

// compareText orders labels and titles about as JavaScript's
// localeCompare does: case aside, then lower case first.
func compareText(a, b string) int {
	return cmp.Or(strings.Compare(strings.ToLower(a), strings.ToLower(b)), -strings.Compare(a, b))
}

// kebabCase is lodash's kebabCase, which Docusaurus makes a tag's
// permalink with: the label's words, lower case, joined by "-". Words
// split at case changes ("fooBar", "XMLHttp") and between letters and
// digits ("v2"); apostrophes vanish; accents are dropped from Latin
// letters.
func kebabCase(s string) string {
	var words []string
	var word []rune
	flush := func() {
		if len(word) > 0 {
			words = append(words, strings.ToLower(string(word)))
			word = word[:0]
		}
	}
	rs := []rune(strings.NewReplacer("'", "", "\u2019", "").Replace(deburr(s)))
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(word) > 0 {
			prev := word[len(word)-1]
			switch {
			case unicode.IsDigit(prev) != unicode.IsDigit(r):
				flush()
			case unicode.IsLower(prev) && unicode.IsUpper(r):
				flush()
			case unicode.IsUpper(prev) && unicode.IsUpper(r) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
				flush()
			}
		}
		word = append(word, r)
	}
	flush()
	return strings.Join(words, "-")
}

// deburr drops the accents of Latin-1 letters, as lodash's deburr does.
func deburr(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0xc0 || r > 0xff {
			return r
		}
		if i := strings.IndexRune(latin1, r); i >= 0 {
			return rune(latin1Base[utf8Index(latin1, i)])
		}
		return r
	}, deburrPairs.Replace(s))
}

// The Latin-1 letters deburr maps to one ASCII letter, and that letter.
const (
	latin1     = "ÀÁÂÃÄÅàáâãäåÇçÐðÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ"
	latin1Base = "AAAAAAaaaaaaCcDdEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy"
)

// deburrPairs spells the Latin-1 letters that stand for two.
var deburrPairs = strings.NewReplacer("Æ", "Ae", "æ", "ae", "Þ", "Th", "þ", "th", "ß", "ss")

// utf8Index converts byte offset i of s to a rune index.
func utf8Index(s string, i int) int { return len([]rune(s[:i])) }
