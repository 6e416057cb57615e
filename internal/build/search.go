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
// fragment is written as it is indexed instead of staying in memory until
// publishIndex.
func (r *run) streamIndex() {
	var urls []string
	for _, p := range r.site.Pages {
		if !p.Front.Unlisted {
			urls = append(urls, r.cfg.RelURL(p.URL))
		}
	}
	r.index.Stream(urls, r.writeIndexFile)
}

// writeIndexFile publishes a file of the search index, and notes it for
// the next build's cache (see pageCache.keepIndex). It is safe for
// concurrent use.
func (r *run) writeIndexFile(name string, data []byte) error {
	name = r.indexFileName(name)
	r.write(name, data, true)
	if c := r.cache; c != nil {
		c.mu.Lock()
		c.indexFiles = append(c.indexFiles, name)
		c.mu.Unlock()
	}
	return nil
}

// indexFileName is the path of the search index's file name in the
// output: under the locale's prefix.
func (r *run) indexFileName(name string) string {
	if r.loc.Prefix != "" {
		return r.loc.Prefix + "/" + name
	}
	return name
}

// publishIndex writes the search index under search/, streamed file by
// file from a few goroutines (r.write is safe for concurrent use). The
// files are compact JSON already.
func (r *run) publishIndex() {
	if r.index == nil {
		return
	}
	if err := r.index.WriteFiles(r.writeIndexFile); err != nil {
		r.errs.Addf(diag.Pos{File: "search"}, err.Error())
	} else if r.cache != nil {
		r.cache.noteIndex(r)
		r.cache.saveIndex(r)
	}
}
