package build

import (
	"cmp"
	"encoding/json"
	"html/template"
	"time"

	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/render"
)

// The schema.org objects describing a page, for search engines. They are
// encoded here, from structs, rather than by the template: html/template
// would encode maps by reflection on every page. encoding/json escapes
// <, > and &, so the JSON is safe inside a script element.

type ldArticle struct {
	Context      string  `json:"@context"`
	Type         string  `json:"@type"`
	Headline     string  `json:"headline"`
	Name         string  `json:"name"`
	Description  string  `json:"description"`
	URL          string  `json:"url"`
	InLanguage   string  `json:"inLanguage"`
	DateModified *string `json:"dateModified"` // null when unknown
	Publisher    ldThing `json:"publisher"`
}

type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldBreadcrumbs struct {
	Context string   `json:"@context"`
	Type    string   `json:"@type"`
	Items   []ldItem `json:"itemListElement"`
}

type ldItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item"`
}

type ldFAQ struct {
	Context   string       `json:"@context"`
	Type      string       `json:"@type"`
	Questions []ldQuestion `json:"mainEntity"`
}

type ldQuestion struct {
	Type   string   `json:"@type"`
	Name   string   `json:"name"`
	Answer ldAnswer `json:"acceptedAnswer"`
}

type ldAnswer struct {
	Type string `json:"@type"`
	Text string `json:"text"`
}

// structuredData returns the JSON-LD objects describing the page: the
// article, its breadcrumbs, and its FAQ.
func structuredData(d *layout.Page, out *render.Output) []template.JS {
	objs := []any{ldArticle{
		Context: "https://schema.org", Type: "Article",
		Headline:     cmp.Or(out.Title, d.Title),
		Name:         d.Title,
		Description:  d.Description,
		URL:          d.Canonical,
		InLanguage:   d.ContentLang(),
		DateModified: dateModified(d.Updated),
		Publisher:    ldThing{Type: "Organization", Name: d.Site.Title},
	}}
	if len(d.Breadcrumbs) > 1 {
		list := ldBreadcrumbs{Context: "https://schema.org", Type: "BreadcrumbList"}
		for i, c := range d.Breadcrumbs {
			list.Items = append(list.Items, ldItem{Type: "ListItem", Position: i + 1, Name: c.Label, Item: d.Site.AbsURL(c.URL)})
		}
		objs = append(objs, list)
	}
	if len(out.FAQ) > 0 {
		faq := ldFAQ{Context: "https://schema.org", Type: "FAQPage"}
		for _, qa := range out.FAQ {
			faq.Questions = append(faq.Questions, ldQuestion{Type: "Question", Name: qa.Question, Answer: ldAnswer{Type: "Answer", Text: qa.Answer}})
		}
		objs = append(objs, faq)
	}
	js := make([]template.JS, 0, len(objs))
	for _, o := range objs {
		data, err := json.Marshal(o)
		if err != nil {
			panic(err) // strings and numbers only: cannot fail
		}
		js = append(js, template.JS(data))
	}
	return js
}

// dateModified formats t for structured data, nil when unknown.
func dateModified(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}
