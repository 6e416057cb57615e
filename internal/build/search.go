package build

import (
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/render"
	"github.com/latticework/latticework/internal/search"
)

// searchDoc is what the search index keeps of a rendered page.
func searchDoc(url, title string, out *render.Output) search.Doc {
	secs := make([]search.Section, len(out.Sections))
	for i, s := range out.Sections {
		secs[i] = search.Section{ID: s.ID, Heading: s.Heading, Text: s.Text}
	}
	return search.Doc{URL: url, Title: title, Sections: secs}
}

// streamIndex numbers the pages the index will hold, so that each one's
// text is written as it is indexed instead of staying in memory until
// publishIndex.
func (r *run) streamIndex() {
	var urls []string
	for _, p := range r.site.Pages {
		if !p.Front.Unlisted {
			urls = append(urls, r.cfg.RelURL(p.URL))
		}
	}
	r.index.Stream(urls, func(name string, data []byte) error {
		r.write(name, data, true)
		return nil
	})
}

// publishIndex writes the search index under search/, streamed file by
// file from a few goroutines (r.write is safe for concurrent use). The
// files are compact JSON already.
func (r *run) publishIndex() {
	if r.index == nil {
		return
	}
	err := r.index.WriteFiles(func(name string, data []byte) error {
		r.write(name, data, true)
		return nil
	})
	if err != nil {
		r.errs.Addf(diag.Pos{File: "search"}, err.Error())
	}
}
