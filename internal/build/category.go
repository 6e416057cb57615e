package build

import (
	"html/template"
	"strconv"

	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/render"
	"github.com/latticework/latticework/internal/resolve"
)

// listingData completes the page data of a page that lists a category's
// items: a generated category index, the generated home page, a tag's
// page (its docs), or the page of all tags.
func (r *run) listingData(d *layout.Page, p *resolve.Page, out *render.Output) {
	d.Kind = "category"
	d.Items = r.cards(p.Listing, p.Tag != nil)
	if p.Tag != nil || p == r.site.Tags {
		d.EditURL = ""
		if all := r.site.Tags; p.Tag != nil && all != nil {
			d.Content = template.HTML(`<p class="tags-all"><a href="` + template.HTMLEscapeString(r.cfg.RelURL(all.URL)) + `">` + template.HTMLEscapeString(r.ui.T("theme.tags.tagsPageLink")) + `</a></p>`)
		}
		d.JSONLD = structuredData(d, out)
		return
	}
	if p.URL == "/" {
		d.Kind = "home"
	}
	if p.Path == "" { // the generated home page
		d.Title = r.cfg.Title
		d.EditURL = ""
		d.Description = r.cfg.Tagline
		d.JSONLD = structuredData(d, out)
	}
}

// splitListings separates the pages Latticework writes to list others
// from the rest.
func splitListings(all []*resolve.Page) (pages, listings []*resolve.Page) {
	for _, p := range all {
		if p.Listing != nil {
			listings = append(listings, p)
		} else {
			pages = append(pages, p)
		}
	}
	return pages, listings
}

// cards lists the items of category n for its page, each with its
// description as Docusaurus shows them: a page's own (front matter, or
// its first paragraph), a category's from its _category_ file, or else
// how many items it has, a tag's how many docs have it. Unlisted items
// are left out, as in Docusaurus, unless the list is chosen already (a
// tag's, which lists unlisted docs when it has no others).
func (r *run) cards(n *resolve.Node, chosen bool) []layout.Card {
	var cards []layout.Card
	for _, c := range n.Children {
		if c.Unlisted() && !chosen {
			continue
		}
		card := layout.Card{Label: c.Label, URL: c.URL(), IsCategory: c.IsCategory()}
		switch {
		case c.IsCategory():
			card.Description = c.Category.Description
			if card.Description == "" {
				n := 0
				for _, cc := range c.Children {
					if !cc.Unlisted() {
						n++
					}
				}
				card.Description = strconv.Itoa(n) + " items"
				if n == 1 {
					card.Description = "1 item"
				}
			}
		case c.Page.Tag != nil:
			card.Description = strconv.Itoa(len(c.Page.Tag.Docs)) + " docs"
			if len(c.Page.Tag.Docs) == 1 {
				card.Description = "1 doc"
			}
		case r.pages[c.Page] != nil:
			card.Description = r.pages[c.Page].description
		default:
			card.Description = c.Page.Front.Description
		}
		cards = append(cards, card)
	}
	return cards
}
