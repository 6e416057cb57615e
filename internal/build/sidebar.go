package build

import (
	"slices"

	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/publish"
	"github.com/latticework/latticework/internal/resolve"
)

// A sidebar shows the lists on the current page's path whole, unless one
// is long: every page of a category carries it, and 500 links of real
// titles weigh about 13 KB gzip, nearly half the page budget. A list of
// more than navListMax items shows a window instead: its first navHead
// items, navAround on either side of the one holding the current page,
// its last navTail, and between them gaps that link to the list's full
// listing. With script, a gap fetches the whole list, one JSON file per
// list that every page of the category shares, and shows it in place.
//
// navListMax is where a whole list would cost more than about 1.5 KB
// gzip, 5% of the budget, at some 27 bytes a link; a window costs at most
// about 500 bytes.
const (
	navListMax = resolve.LongCategory // whose categories get a listing to lead to
	navHead    = 3
	navAround  = 5
	navTail    = 3
)

// navChildren returns the sidebar items for n's children, as the page p
// shows them (p is nil on the 404 page): all of them, or a window around
// the child that holds p. Unlisted children are left out, but for the one
// on p's path. lists holds the site path of each long list's JSON file.
func navChildren(n *resolve.Node, p *resolve.Page, lists *navLists) []*layout.NavItem {
	path := childOnPath(n, p)
	kids := make([]*resolve.Node, 0, len(n.Children))
	for _, c := range n.Children {
		if c == path || !c.Unlisted() {
			kids = append(kids, c)
		}
	}
	items := make([]*layout.NavItem, 0, min(len(kids), navListMax))
	if len(kids) <= navListMax {
		for _, c := range kids {
			items = append(items, navItem(c, p, lists))
		}
		return items
	}
	listed := 0 // the index in the list's JSON, which holds the listed children, of the next
	for _, r := range navWindow(len(kids), max(0, slices.Index(kids, path))) {
		if r.gap {
			k := r.hi - r.lo
			items = append(items, &layout.NavItem{Label: lists.more(k), URL: n.URL(), Skipped: k, From: listed, List: lists.files[n]})
			listed += k
			continue
		}
		for _, c := range kids[r.lo:r.hi] {
			items = append(items, navItem(c, p, lists))
			if c != path || !c.Unlisted() {
				listed++
			}
		}
	}
	return items
}

// childOnPath returns the child of n that is p's node or holds it, found
// from p up: nil for none.
func childOnPath(n *resolve.Node, p *resolve.Page) *resolve.Node {
	if p == nil {
		return nil
	}
	for m := p.Node; m != nil; m = m.Parent {
		if m.Parent == n {
			return m
		}
	}
	return nil
}

// span is a run [lo, hi) of a long list's items, shown or left out.
type span struct {
	lo, hi int
	gap    bool
}

// navWindow cuts a list of n items into the runs a page whose item is at
// shows and leaves out. Near either end the window around at shifts
// inwards, so that every page shows as many neighbours. A run of one item
// left out is shown: its gap would take as much room.
func navWindow(n, at int) []span {
	lo, hi := at-navAround, at+navAround
	if lo < 0 {
		lo, hi = 0, hi-lo
	}
	if hi >= n {
		lo, hi = lo-(hi-n+1), n-1
	}
	show := func(i int) bool {
		return i < navHead || i >= n-navTail || lo <= i && i <= hi
	}
	var spans []span
	for i := 0; i < n; {
		j := i + 1
		for j < n && show(j) == show(i) {
			j++
		}
		gap := !show(i) && j-i > 1
		if k := len(spans) - 1; k >= 0 && !gap && !spans[k].gap {
			spans[k].hi = j // a one-item run joins its neighbours
		} else {
			spans = append(spans, span{i, j, gap})
		}
		i = j
	}
	return spans
}

// navLists are the JSON files of the lists too long for the sidebar to
// show whole, by node, and the label of a gap in one.
type navLists struct {
	files map[*resolve.Node]string
	more  func(skipped int) string
}

// publishNavLists writes the JSON file of every list long enough to be
// windowed, fingerprinted so that every page of the category shares one
// cached copy, and returns their site paths by node.
func (r *run) publishNavLists() *navLists {
	lists := &navLists{files: map[*resolve.Node]string{}, more: func(k int) string { return r.ui.T("latticework.sidebar.more", "count", k) }}
	var walk func(n *resolve.Node)
	walk = func(n *resolve.Node) {
		// A page's own unlisted entry can make a list of navListMax long.
		if len(n.Children) >= navListMax {
			var items []*layout.NavItem
			for _, c := range n.Children {
				if it := navItem(c, nil, lists); it != nil {
					items = append(items, it)
				}
			}
			data := layout.NavList(items, r.cfg.RelURL)
			name := "/assets/" + publish.Fingerprint("nav.json", data)
			lists.files[n] = name
			r.write(name, data, true)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(r.site.Nav)
	return lists
}
