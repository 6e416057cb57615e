package build

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/latticework/latticework/internal/parallel"
	"github.com/latticework/latticework/internal/publish"
	"github.com/latticework/latticework/internal/search"
)

// The dev server rewrites the search index in the background after each
// rebuild (see reindex): indexing a large site takes longer than the
// rebuild, and the edited page should not wait for it. A rewrite competes
// with the writer's next save for the CPU, so it does as little as it
// can:
//
//   - none at all when no page's text changed (a sidebar position, a
//     category's label, a layout);
//   - a page whose text is unchanged is indexed from its encoding
//     (search.Index.AddEncoded), which skips reading its text;
//   - only the index's files whose bytes changed are written, each
//     locale's manifest last, so that a reader who finds the new manifest
//     finds every file it names;
//   - a rewrite under way when the next Build or Rebuild starts gives
//     way to it, and starts again once it is done.

// searchState is what the Builder knows of the search index in its
// output.
type searchState struct {
	// docs is the text of the pages the index holds, or will once the
	// rewrite queued is done, by locale prefix; nil if unknown. Guarded
	// by Builder.indexing.
	docs map[string][]search.Doc
	// encoded holds each page's encoding (search.Index.AddEncode), by
	// locale prefix and URL (see encodedName). Guarded by
	// Builder.indexing; never changed in place.
	encoded map[string]encodedDoc
	// files are the keys of the index's files in the output, by site
	// path, as the last build or rewrite published them, and urls the
	// URLs of its pages in order, by locale prefix; nil if unknown.
	// Guarded by Builder.publishing.
	files map[string][16]byte
	urls  map[string][]string
}

// encodedDoc is a page's text and its encoding.
type encodedDoc struct {
	doc search.Doc
	enc []byte
}

func encodedName(prefix, url string) string { return prefix + "\x00" + url }

// sameDoc reports whether two pages' texts are the same. The kept
// renderings of unchanged pages share their strings, which compare at
// once.
func sameDoc(a, b search.Doc) bool {
	return a.URL == b.URL && a.Title == b.Title && slices.Equal(a.Sections, b.Sections)
}

func sameDocs(a, b map[string][]search.Doc) bool {
	return a != nil && maps.EqualFunc(a, b, func(x, y []search.Doc) bool { return slices.EqualFunc(x, y, sameDoc) })
}

// docs returns the text of r's pages that the search index holds, by
// locale prefix in URL order, and, by encodedName, the encodings of those r indexed
// itself.
func (r *run) docs() (map[string][]search.Doc, map[string]encodedDoc) {
	docs, encoded := map[string][]search.Doc{}, map[string]encodedDoc{}
	for _, lr := range r.locales {
		ds := make([]search.Doc, 0, len(lr.site.Pages))
		for _, p := range lr.site.Pages {
			d := lr.pages[p]
			if d == nil || p.Front.Unlisted {
				continue
			}
			ds = append(ds, d.doc)
			if d.enc != nil {
				encoded[encodedName(lr.loc.Prefix, d.doc.URL)] = encodedDoc{d.doc, d.enc}
			}
		}
		// In URL order, as the index numbers them: a page moved in the
		// sidebar leaves the index as it was.
		slices.SortFunc(ds, func(a, b search.Doc) int { return strings.Compare(a.URL, b.URL) })
		docs[lr.loc.Prefix] = ds
	}
	return docs, encoded
}

// indexed notes that the build r, which published the files of keys,
// wrote its search index itself.
func (b *Builder) indexed(r *run, keys map[string][16]byte) {
	docs, encoded := r.docs()
	dirs := r.searchDirs()
	files := map[string][16]byte{}
	for name, key := range keys {
		if isSearchFile(name, dirs) {
			files[name] = key
		}
	}
	b.indexing.Lock()
	b.search.docs, b.search.encoded = docs, encoded
	b.indexing.Unlock()
	b.publishing.Lock()
	b.search.files, b.search.urls = files, urlsOf(docs)
	b.publishing.Unlock()
}

// urlsOf returns the URLs of docs, by locale prefix.
func urlsOf(docs map[string][]search.Doc) map[string][]string {
	urls := map[string][]string{}
	for prefix, ds := range docs {
		for _, d := range ds {
			urls[prefix] = append(urls[prefix], d.URL)
		}
	}
	return urls
}

// reindex has the search index rewritten from the text of r's pages, in
// the background, unless it holds that text already. One rewrite runs at
// a time; a burst of rebuilds collapses into one rewrite of the latest
// text, and a full build in the meantime makes a pending rewrite moot.
func (b *Builder) reindex(r *run) {
	docs, _ := r.docs()
	b.indexing.Lock()
	defer b.indexing.Unlock()
	if sameDocs(b.search.docs, docs) {
		return
	}
	b.search.docs = docs
	b.nextIndex, b.indexGen = docs, b.gen
	if b.indexRunning {
		return
	}
	b.indexRunning = true
	b.background.Go(func() {
		for {
			b.indexing.Lock()
			docs, gen, encoded := b.nextIndex, b.indexGen, b.search.encoded
			b.nextIndex = nil
			if docs == nil {
				b.indexRunning = false
				b.indexing.Unlock()
				return
			}
			b.indexing.Unlock()
			b.publishing.Lock()
			files, urls, current := b.search.files, b.search.urls, gen == b.gen
			b.publishing.Unlock()
			if !current {
				continue
			}
			err := b.rewriteIndex(docs, gen, encoded, files, urls)
			b.indexing.Lock()
			switch {
			case errors.Is(err, errGaveWay):
				// Again once the run is done, unless it queued newer text.
				if b.nextIndex == nil {
					b.nextIndex, b.indexGen = docs, gen
				}
				for b.running.Load() > 0 {
					b.idle.Wait()
				}
			case err != nil:
				// The output's index is not the text it was to hold: the
				// next rebuild rewrites it, whatever its text.
				b.search.docs = nil
			}
			b.indexing.Unlock()
		}
	})
}

// busy marks a Build or Rebuild (or the pages it left to lay out) as
// running, and returns what marks it done.
func (b *Builder) busy() func() {
	b.running.Add(1)
	return func() {
		b.indexing.Lock()
		if b.running.Add(-1) == 0 {
			b.idle.Broadcast()
		}
		b.indexing.Unlock()
	}
}

// errGaveWay stops a rewrite of the search index for a Build or Rebuild.
var errGaveWay = errors.New("the search index gave way to a build")

// rewriteIndex indexes docs, taking the encodings of unchanged pages from
// encoded, and writes the files that differ from files (the output's,
// nil if unknown, its pages' URLs urls) if no full build published the
// output since gen. It fails if the output's index may not hold docs, or
// a newer one; with errGaveWay if a Build or Rebuild started, before
// writing anything.
func (b *Builder) rewriteIndex(docs map[string][]search.Doc, gen int, encoded map[string]encodedDoc, files map[string][16]byte, urls map[string][]string) error {
	next := make(map[string]encodedDoc, len(encoded))
	out := &delta{prev: files, now: map[string][16]byte{}, changed: map[string][]byte{}}
	now := urlsOf(docs)
	for prefix, ds := range docs {
		write := func(name string, data []byte) error {
			if b.running.Load() > 0 {
				return errGaveWay
			}
			return out.WriteRaw(prefix+"/"+name, data)
		}
		// Pages' fragments are in files of a few pages each, by their
		// numbers in URL order. Pages are added here one at a time in
		// URL order, so a file is streamed as the last of its pages is
		// added, and holds the pages added since the last one: if all
		// are unchanged, among the same URLs, the output holds it.
		renumbered := !slices.Equal(now[prefix], urls[prefix])
		unchanged := true
		ix := search.New()
		ix.Stream(now[prefix], func(name string, data []byte) error {
			same := unchanged
			unchanged = true
			if same && !renumbered && out.stands(prefix+"/"+name) {
				return nil
			}
			return write(name, data)
		})
		for _, d := range ds {
			if b.running.Load() > 0 {
				return errGaveWay
			}
			name := encodedName(prefix, d.URL)
			e, ok := encoded[name]
			// Noted before adding the page, which may stream its file.
			if ok && sameDoc(e.doc, d) && ix.AddEncoded(d.URL, e.enc) == nil {
				next[name] = e
				continue
			}
			unchanged = false
			next[name] = encodedDoc{d, ix.AddEncode(d, []byte{})}
		}
		if err := ix.WriteFiles(write); err != nil {
			return err
		}
	}
	b.indexing.Lock()
	b.search.encoded = next
	b.indexing.Unlock()

	b.publishing.Lock()
	defer b.publishing.Unlock()
	if gen != b.gen {
		return nil // a full build wrote a newer index
	}
	published, err := out.flushIndex(b.opts.Out, slices.Collect(maps.Keys(docs)))
	b.search.files, b.search.urls = published, now
	return err
}

// flushIndex writes the changed files of a rewrite of the search indexes
// of the locales of prefixes into the output dest, every manifest last,
// then removes the files of the indexes the rewrite did not publish (the
// shards and fragments of pages since removed). It returns the keys of
// the indexes' files.
func (d *delta) flushIndex(dest string, prefixes []string) (map[string][16]byte, error) {
	var names, manifests []string
	for name := range d.changed {
		if path.Base(name) == "manifest.json" {
			manifests = append(manifests, name)
		} else {
			names = append(names, name)
		}
	}
	for _, batch := range [][]string{names, manifests} {
		errs := make([]error, len(batch))
		parallel.For(len(batch), runtime.GOMAXPROCS(0), func(i int) {
			errs[i] = publish.ReplaceFile(filepath.Join(dest, filepath.FromSlash(batch[i])), d.changed[batch[i]])
		})
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
	}
	if d.prev == nil {
		// What the output held is unknown: whatever the rewrite did not
		// write goes.
		pruneIndex(dest, prefixes, d.now)
		return d.now, nil
	}
	for name := range d.prev {
		if _, ok := d.now[name]; ok {
			continue
		}
		p := filepath.Join(dest, filepath.FromSlash(name))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return d.now, nil
}

// pruneIndex removes from the output dest the files of the search
// indexes of the locales of prefixes that are not in written (by site
// path, as "/fr/search/p/3.json").
func pruneIndex(dest string, prefixes []string, written map[string][16]byte) {
	for _, prefix := range prefixes {
		root := filepath.Join(dest, filepath.FromSlash(prefix), "search")
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel, err := filepath.Rel(dest, p)
			if _, ok := written["/"+filepath.ToSlash(rel)]; err == nil && !ok && !strings.HasPrefix(d.Name(), ".tmp-") {
				_ = os.Remove(p)
			}
			return nil
		})
	}
}
