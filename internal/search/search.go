// Package search builds a site's full-text search index at build time, as
// static files that layouts/assets/search.js queries in the reader's
// browser: there is no search service, and nothing is downloaded until the
// reader opens search.
//
// The build calls Add once per page, from any goroutine, then Files (or
// WriteFiles) once, and publishes the files under the site root. An Index
// holds any set of pages: a site in several languages builds one per
// language, under its own root.
//
//	search/manifest.json  {"v": version, "s": [first term of each shard], "g": pages per group, "c": sections}
//	search/t/<i>.json     shard i: {"p": {term: postings}, "x": {truncated term: sections with it}}
//	search/p/<i>.json     pages g·i to g·i+g−1: [{"u": URL, "t": title, "s": [[id, heading], …]}, …]
//
// Shards hold the terms in sorted order (UTF-16 order, as JavaScript
// compares strings), cut into files of about shardBytes each, so a query
// fetches the manifest, one shard per word (two at most for the prefix
// being typed), and then the fragment of each page it shows, by its
// number in URL order, and the page itself for its snippets. Fragments
// come g to a file (groupPages; a page Stream listed but that was never
// added is null), as creating a file costs a build more than writing a
// few kilobytes. An index of more than dirShards shards lists them in
// directories, and the manifest lists the directories instead, with
// their size:
//
//	search/manifest.json  {"v": version, "s": [first term of each directory], "n": dirShards, "g": …, "c": sections}
//	search/d/<i>.json     directory i: {"s": [first term of shards i*n to i*n+n-1]}
//
// Postings are a flat array of triples [page delta, section, weight],
// sorted by page and section. The weight is 128 if the term is in the
// page's title and this is the page's first section, plus 64 if it is in
// the section's heading, plus 32 if it is in the page's title, plus
// BM25's term frequency part for its count in the section's text, from 0
// to 31 (see bm25). search.js weighs each by the word's rarity (BM25's
// inverse document frequency, sections being the documents), adds a
// bonus for the title and heading bits above anything the text can give,
// and ranks pages by their best section.
//
// The fragments name each section (its anchor and heading) but hold none
// of its text: search.js cuts a snippet around the words searched for
// from the page itself, whose HTML has the same text and which the reader
// who follows the result fetches anyway. Copying every page's text into
// the index again as JSON was a third of a build's output. A build that
// calls Stream first has each group's file written as soon as its last
// page is added; otherwise Files writes them. A term found in more than
// maxPostings sections keeps only the maxPostings with the highest
// weights (a hash of the page URL breaks ties) and is listed as
// truncated, with its real count: such a word is as common as "the",
// and the cap keeps every shard small. A query requires each of its words
// of a page only where the word's list is complete, and ranks pages
// matching more of its words first.
//
// Pages are numbered in URL order and every list is sorted, so the files
// are the same, byte for byte, whatever order pages were added in. They
// hold no absolute paths: search.js is told where search/ is.
package search

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/crc64"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Tuning. Changing any of them changes only the size and shape of the
// files, never the format search.js reads.
const (
	// maxPostings caps a term's list: at 10,000 pages of ten sections, a
	// word in every one would otherwise cost hundreds of kilobytes to
	// fetch, for a word too common to narrow a search.
	maxPostings = 1000
	// keptPostings is how many of a long list's best postings the index
	// keeps, more than it writes: what a build keeps of the index
	// (AppendState) can lose a changed page's postings (Remove) and still
	// know the best maxPostings.
	keptPostings = maxPostings + maxPostings/2
	// shardBytes is the size a shard grows to before the next one starts:
	// small, so that a query fetches little more than the lists it needs.
	shardBytes = 16 << 10
	// dirShards is how many shards the manifest lists at most. A larger
	// index lists them in directories of dirShards each, and the manifest
	// lists the directories: on a site of a few hundred thousand distinct
	// words the list of shards alone would weigh more than a query's
	// shards and pages together.
	dirShards = 1024
	// stripes spreads the term table over separately locked parts so that
	// pages added in parallel rarely wait for each other.
	stripes = 64
	// groupPages is how many pages' fragments share a file. The manifest
	// says it, so search.js follows a change, and the version changes
	// with it.
	groupPages = 8
)

// Weight bits of a posting. A count in the section's text fills the low
// five bits, so each bit outweighs any count, and a search for a page's
// title finds the page itself before its sections.
const (
	weightPage    = 128 // in the page's title, for its first section
	weightHeading = 64  // in the section's heading
	weightTitle   = 32  // in the page's title
	weightCount   = 31
)

// Section is one part of a page: the text under one heading.
type Section struct {
	// ID is the heading's anchor; "" is the text before the first
	// heading, and links to the page itself.
	ID      string
	Heading string
	// Text is the section's plain text. The index reads it for its
	// terms and their weights, and writes none of it.
	Text string
}

// Doc is one page.
type Doc struct {
	// URL is the link to the page, as the reader's browser should follow
	// it (with the site's base path), without a fragment.
	URL   string
	Title string
	// Sections are the page's sections in order. A page whose first
	// section is not the one with ID "" gets an empty one, so that a match
	// on the title alone links to the page.
	Sections []Section
}

// Index collects pages for the search index. It is safe for concurrent
// use by Add; Files or WriteFiles must be called once all Adds have
// returned.
type Index struct {
	// shardBytes and dirShards are the constants of the same names, which
	// tests lower to see small sites shaped like large ones.
	shardBytes, dirShards int

	scratch sync.Pool // of *pageTerms
	// order numbers the pages Stream named, whose fragments stream
	// writes a group at a time, once the group's pages are added;
	// streamErr is its first error. groups holds the groups some of
	// whose pages are added and others not yet, by number.
	order     map[string]int
	stream    func(name string, data []byte) error
	streamErr error
	groups    map[int]*group
	// loaded numbers the pages of a loaded state, by URL (see LoadState);
	// dirty holds the groups of the pages Remove took out of it.
	loaded  map[string]uint32
	dirty   map[int]bool
	mu      sync.RWMutex
	pages   []*page
	ranks   []uint64 // page ranks by index in pages, read when cutting lists
	stripes [stripes]stripe
}

// stripe is one part of the term table. Terms are found by the 64-bit
// hash scanTerms computes, which looks up faster than the term itself
// (this runs for every term of every page); a term whose hash another
// term already has is in collided instead.
type stripe struct {
	mu       sync.Mutex
	terms    map[uint64]*postings
	collided map[string]*postings
	tmp      []ranked // working memory for keepBest
}

// list returns the postings of term t, whose hash is h, adding a list
// for a new term.
func (st *stripe) list(t []byte, h uint64) *postings {
	l := st.terms[h]
	switch {
	case l == nil:
		l = newPostings(t)
		st.terms[h] = l
	case !l.is(t):
		if l = st.collided[string(t)]; l == nil {
			l = newPostings(t)
			st.collided[l.term] = l
		}
	}
	return l
}

func newPostings(t []byte) *postings {
	return &postings{term: string(t), prefix: prefix(t)}
}

// is reports whether l is term t's list. A short term is told by its
// prefix and length, without reading the term's text, which every page
// would otherwise read from far apart in memory for each of its terms.
func (l *postings) is(t []byte) bool {
	return l.prefix == prefix(t) && len(l.term) == len(t) && (len(t) <= 8 || l.term == string(t))
}

// page is what the index keeps of a Doc: the length of each section's
// text, and its fragment until it is written.
type page struct {
	url, title string
	frag       []byte  // its entry in its group's file, nil once written
	sum        uint64  // the fragment's checksum, for the version
	lens       []int32 // terms in each section's text
	ord        int     // number in URL order: from Stream, or set by WriteFiles
	removed    bool    // by Remove
}

// postings is one term's list.
type postings struct {
	term   string
	prefix uint64 // prefix(term)
	n      int    // sections the term is found in
	// best holds the best postings seen, up to half as many again as
	// keptPostings; floor is the worst kept at the last cut, if any.
	best  []posting
	floor ranked
	cut   bool
}

// posting is one section a term is found in. A large site has tens of
// millions, so it is eight bytes, with no pointers for the garbage
// collector to scan.
type posting struct {
	page uint32 // index in Index.pages
	sec  uint16
	w    uint8
}

// ranked is a posting with its page's rank, a hash of the page's URL: a
// fixed, arbitrary order among pages that breaks ties between equal
// weights without reading URLs, which would cost a cache miss per
// comparison.
type ranked struct {
	rank uint64
	posting
}

// New returns an empty Index.
func New() *Index {
	ix := &Index{shardBytes: shardBytes, dirShards: dirShards}
	for i := range ix.stripes {
		ix.stripes[i].terms = map[uint64]*postings{}
		ix.stripes[i].collided = map[string]*postings{}
	}
	return ix
}

// Add indexes one page. It keeps the page's terms, the length of each of
// its sections and its fragment, not its text.
func (ix *Index) Add(d Doc) { ix.AddEncode(d, nil) }

// AddEncode indexes one page, as Add does, and appends to enc what the
// page adds to the index, in the form AddEncoded reads: a build keeps it
// to index the page again, while its text and URL are unchanged, without
// reading the text.
func (ix *Index) AddEncode(d Doc, enc []byte) []byte {
	secs := sectionsOf(d)
	pt := ix.pageTerms(d.Title, secs)
	frag := fragmentOf(d.URL, d.Title, secs)
	p := &page{url: d.URL, title: d.Title, frag: frag, sum: crc64.Checksum(frag, crcTable), lens: slices.Clone(pt.lens), ord: -1}
	if enc != nil {
		enc = pt.encode(enc, p)
	}
	ix.add(p, pt)
	return enc
}

// sectionsOf returns d's sections as the index numbers them: the first
// one the text before any heading, empty if need be.
func sectionsOf(d Doc) []Section {
	secs := d.Sections
	if len(secs) == 0 || secs[0].ID != "" {
		secs = append([]Section{{}}, secs...)
	}
	return secs[:min(len(secs), math.MaxUint16)]
}

// Encode returns what AddEncode would append to enc, without indexing the
// page: the encoding of a page that an index LoadState loaded holds.
func (ix *Index) Encode(d Doc, enc []byte) []byte {
	secs := sectionsOf(d)
	pt := ix.pageTerms(d.Title, secs)
	p := &page{url: d.URL, title: d.Title, frag: fragmentOf(d.URL, d.Title, secs), lens: pt.lens}
	enc = pt.encode(enc, p)
	ix.scratch.Put(pt)
	return enc
}

// add adds page p, whose terms are pt, writing its group's file if
// Stream numbered it and it completes the group, and returns pt to the
// pool.
func (ix *Index) add(p *page, pt *pageTerms) {
	if ord, ok := ix.order[p.url]; ok {
		p.ord = ord
		ix.streamPage(p)
	}
	h := fnv.New64a()
	h.Write([]byte(p.url))
	rank := h.Sum64()
	ix.mu.Lock()
	num := uint32(len(ix.pages))
	ix.pages = append(ix.pages, p)
	ix.ranks = append(ix.ranks, rank)
	ix.mu.Unlock()

	// Each stripe is locked once per page. A first pass skips the stripes
	// other pages hold, so pages added together do not queue up behind
	// each other stripe after stripe; a second waits for them.
	var later []int
	for s := range pt.byStripe {
		if len(pt.byStripe[s]) == 0 {
			continue
		}
		if !ix.stripes[s].mu.TryLock() {
			later = append(later, s)
			continue
		}
		ix.addPostings(s, pt, rank, num)
	}
	for _, s := range later {
		ix.stripes[s].mu.Lock()
		ix.addPostings(s, pt, rank, num)
	}
	ix.scratch.Put(pt)
}

// addPostings adds the page's terms that belong to stripe s, which the
// caller has locked, and unlocks it.
func (ix *Index) addPostings(s int, pt *pageTerms, rank uint64, num uint32) {
	st := &ix.stripes[s]
	for _, id := range pt.byStripe[s] {
		l := st.list(pt.term(id), pt.hashes[id])
		for _, sw := range pt.postings[pt.first[id]:pt.first[id+1]] {
			l.add(ranked{rank, posting{num, sw.sec, sw.w}}, ix, &st.tmp)
		}
	}
	st.mu.Unlock()
}

// pageTerms is one page's postings, before they join the index, and the
// working memory that collects them, reused from page to page so that
// collecting a page's terms costs no allocations once the pool is warm.
type pageTerms struct {
	// Term id's text is text[starts[id]:starts[id+1]]: one buffer, rather
	// than a string per term, which would cost an allocation per term and
	// page.
	text   []byte
	starts []int32
	// hashes holds each term's hash, by id; slots is an open-addressing
	// table of ids by hash, which costs less than a Go map keyed by the
	// hash: this lookup runs for every word of the site.
	hashes []uint64
	slots  []slot
	shift  uint // 64 - log2(len(slots))
	// postings[first[id]:first[id+1]] are term id's sections and weights.
	postings []secWeight
	first    []int
	byStripe [stripes][]int // term ids by the stripe they belong to

	word     word
	lens     []int32 // terms in each section's text
	titleIDs []int
	weight   []uint8 // by id, in the current section
	touched  []int   // ids with a weight in the current section
	all      []idSecWeight
	next     []int
}

// slot is an entry of pageTerms.slots: a term's first eight bytes (all
// of a short term, followed by zeros), its length, and its id plus one,
// so that the zero slot is empty. Most terms are short, and found without
// reading their text.
type slot struct {
	prefix uint64
	len    uint32
	id     int32
}

type secWeight struct {
	sec uint16
	w   uint8
}

type idSecWeight struct {
	id int
	secWeight
}

// pageTerms.slots starts with 1<<minSlotsLog slots, enough for the terms
// of a long page.
const minSlotsLog = 12

// reset empties pt for another page.
func (pt *pageTerms) reset() {
	pt.text = pt.text[:0]
	pt.starts = append(pt.starts[:0], 0)
	pt.hashes = pt.hashes[:0]
	// Zero already (endSection clears what it used): only its length,
	// one byte per term id, would otherwise grow with every page.
	pt.weight = pt.weight[:0]
	pt.all = pt.all[:0]
	pt.titleIDs = pt.titleIDs[:0]
	pt.lens = pt.lens[:0]
	for i := range pt.byStripe {
		pt.byStripe[i] = pt.byStripe[i][:0]
	}
	if pt.slots == nil {
		pt.slots = make([]slot, 1<<minSlotsLog)
		pt.shift = 64 - minSlotsLog
	}
	clear(pt.slots)
}

// term returns the text of term id.
func (pt *pageTerms) term(id int) []byte {
	return pt.text[pt.starts[id]:pt.starts[id+1]]
}

// id returns the page-local id of term t, whose hash is h.
func (pt *pageTerms) id(t []byte, h uint64) int {
	mask := len(pt.slots) - 1
	i := pt.slot(h)
	p := prefix(t)
	for ; pt.slots[i].id != 0; i = (i + 1) & mask {
		if s := pt.slots[i]; s.prefix == p && s.len == uint32(len(t)) && (len(t) <= 8 || string(pt.term(int(s.id-1))) == string(t)) {
			return int(s.id - 1)
		}
	}
	id := len(pt.hashes)
	pt.slots[i] = slot{p, uint32(len(t)), int32(id + 1)}
	pt.text = append(pt.text, t...)
	pt.starts = append(pt.starts, int32(len(pt.text)))
	pt.hashes = append(pt.hashes, h)
	pt.weight = append(pt.weight, 0)
	if 2*len(pt.hashes) > len(pt.slots) {
		pt.grow()
	}
	return id
}

// slot returns where the search for hash h starts: its top bits.
func (pt *pageTerms) slot(h uint64) int {
	return int(h >> pt.shift)
}

// grow doubles the table, keeping it at most half full so that probes
// stay short.
func (pt *pageTerms) grow() {
	pt.slots = make([]slot, 2*len(pt.slots))
	pt.shift--
	mask := len(pt.slots) - 1
	for id, h := range pt.hashes {
		i := pt.slot(h)
		for pt.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		t := pt.term(id)
		pt.slots[i] = slot{prefix(t), uint32(len(t)), int32(id + 1)}
	}
}

// set adds bits to term i's weight in the current section, or, with no
// bits, counts it once more.
func (pt *pageTerms) set(i int, bits uint8) {
	w := pt.weight[i]
	if w == 0 {
		pt.touched = append(pt.touched, i)
	}
	switch {
	case bits != 0:
		w |= bits
	case w&weightCount < weightCount:
		w++
	}
	pt.weight[i] = w
}

// endSection records the current section's weights as section sec.
func (pt *pageTerms) endSection(sec int) {
	for _, i := range pt.touched {
		pt.all = append(pt.all, idSecWeight{i, secWeight{uint16(sec), pt.weight[i]}})
		pt.weight[i] = 0
	}
	pt.touched = pt.touched[:0]
}

// pageTerms tokenizes a page and weighs each term in each section.
func (ix *Index) pageTerms(title string, secs []Section) *pageTerms {
	pt, _ := ix.scratch.Get().(*pageTerms)
	if pt == nil {
		pt = &pageTerms{}
	}
	pt.reset()
	scanTerms(title, &pt.word, func(t []byte, h uint64) { pt.titleIDs = append(pt.titleIDs, pt.id(t, h)) })
	for sec, s := range secs {
		for _, i := range pt.titleIDs {
			pt.set(i, weightTitle)
			if sec == 0 {
				pt.set(i, weightPage)
			}
		}
		scanTerms(s.Heading, &pt.word, func(t []byte, h uint64) { pt.set(pt.id(t, h), weightHeading) })
		n := int32(0)
		scanTerms(s.Text, &pt.word, func(t []byte, h uint64) { pt.set(pt.id(t, h), 0); n++ })
		pt.lens = append(pt.lens, n)
		pt.endSection(sec)
	}

	// Group the postings by term, keeping section order (a counting sort).
	n := len(pt.hashes)
	pt.first = slices.Grow(pt.first[:0], n+1)[:n+1]
	clear(pt.first)
	for _, a := range pt.all {
		pt.first[a.id+1]++
	}
	for i := range n {
		pt.first[i+1] += pt.first[i]
	}
	pt.next = append(pt.next[:0], pt.first...)
	pt.postings = slices.Grow(pt.postings[:0], len(pt.all))[:len(pt.all)]
	for _, a := range pt.all {
		pt.postings[pt.next[a.id]] = a.secWeight
		pt.next[a.id]++
	}
	for i, h := range pt.hashes {
		s := h >> 32 % stripes
		pt.byStripe[s] = append(pt.byStripe[s], i)
	}
	return pt
}

// worse orders postings from worst to best: lower weight, then higher
// rank, then later section. For pages with distinct URLs (and hashes) it
// is a total order, so which postings a truncated list keeps does not
// depend on the order pages were added in.
func worse(a, b ranked) bool {
	if a.w != b.w {
		return a.w < b.w
	}
	if a.rank != b.rank {
		return a.rank > b.rank
	}
	return a.sec > b.sec
}

// add offers p to the list. Postings no better than the worst one kept
// at the last cut are turned away with one comparison; the others are
// appended, and cut back to the best keptPostings when there are half as
// many again. That costs a few comparisons per posting kept, where a heap
// would cost twenty. tmp is working memory for the cut.
func (l *postings) add(p ranked, ix *Index, tmp *[]ranked) {
	l.n++
	if l.cut && !worse(l.floor, p) {
		return
	}
	if len(l.best) == cap(l.best) && len(l.best) >= maxPostings {
		// A list this long is a common word's, which fills up: it takes
		// all the room it can need at once, rather than being copied and
		// cleared a few more times as append grows it.
		l.best = slices.Grow(l.best, cutPostings-len(l.best))
	}
	l.best = append(l.best, p.posting)
	if len(l.best) >= cutPostings {
		l.keepBest(ix, tmp, keptPostings)
	}
}

// cutPostings is the length at which add cuts a list back to
// keptPostings.
const cutPostings = keptPostings + keptPostings/2

// keepBest cuts the list to its best k postings, in no particular order.
func (l *postings) keepBest(ix *Index, tmp *[]ranked, k int) {
	if len(l.best) <= k {
		return
	}
	rs := (*tmp)[:0]
	ix.mu.RLock()
	for _, p := range l.best {
		rs = append(rs, ranked{ix.ranks[p.page], p})
	}
	ix.mu.RUnlock()
	selectBest(rs, k)
	for i := range k {
		l.best[i] = rs[i].posting
	}
	l.best = l.best[:k]
	l.floor, l.cut = rs[k-1], true
	*tmp = rs
}

// written returns the postings of the list the index's files hold: the
// best maxPostings. out and tmp are working memory.
func (l *postings) written(ix *Index, out *[]posting, tmp *[]ranked) []posting {
	if len(l.best) <= maxPostings {
		return l.best
	}
	rs := (*tmp)[:0]
	for _, p := range l.best {
		rs = append(rs, ranked{ix.ranks[p.page], p})
	}
	selectBest(rs, maxPostings)
	ps := (*out)[:0]
	for _, r := range rs[:maxPostings] {
		ps = append(ps, r.posting)
	}
	*out, *tmp = ps, rs
	return ps
}

// selectBest reorders rs so that rs[:k] are its k best postings and
// rs[k-1] the worst of them (Hoare's quickselect).
func selectBest(rs []ranked, k int) {
	lo, hi := 0, len(rs)-1
	for lo < hi {
		pivot := rs[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for worse(pivot, rs[i]) {
				i++
			}
			for worse(rs[j], pivot) {
				j--
			}
			if i <= j {
				rs[i], rs[j] = rs[j], rs[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}

// fragmentOf returns a page's fragment file: its URL, title and each
// section's id and heading, in the order postings number them. It holds
// no text: search.js takes a section's text, for its snippet, from the
// page's HTML, between the section's heading and the next one listed.
func fragmentOf(url, title string, secs []Section) []byte {
	s := make([][2]string, len(secs))
	for i, sec := range secs {
		s[i] = [2]string{sec.ID, sec.Heading}
	}
	data, _ := marshal(fragment{U: url, T: title, S: s}) // strings only: cannot fail
	return data
}

// group is a group of pages Stream numbered, until its last one is
// added: its pages by number within the group, and how many are to come.
type group struct {
	pages [groupPages]*page
	left  int
}

// streamPage adds page p, which Stream numbered, to its group, and
// writes the group's file if p completes it.
func (ix *Index) streamPage(p *page) {
	gi := p.ord / groupPages
	ix.mu.Lock()
	g := ix.groups[gi]
	if g == nil {
		// Every URL Stream listed in the group is to come: a page of a
		// loaded state among them has no fragment, and leaves the group
		// for WriteFiles, which fails on it (see Fragment).
		g = &group{left: min(groupPages, len(ix.order)-gi*groupPages)}
		ix.groups[gi] = g
	}
	g.pages[p.ord%groupPages] = p
	if g.left--; g.left > 0 {
		ix.mu.Unlock()
		return
	}
	delete(ix.groups, gi)
	ix.mu.Unlock()
	data := groupFile(g.pages[:])
	for _, q := range g.pages {
		if q != nil {
			q.frag = nil
		}
	}
	if err := ix.stream(fragmentName(gi), data); err != nil {
		ix.mu.Lock()
		ix.streamErr = cmp.Or(ix.streamErr, err)
		ix.mu.Unlock()
	}
}

// groupFile returns the file of a group's pages, by number within the
// group (nil: none has it): a JSON array of their fragments.
func groupFile(pages []*page) []byte {
	n := 2
	for _, p := range pages {
		n += len(p.fragOrNull()) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	last := len(pages)
	for last > 0 && pages[last-1] == nil {
		last--
	}
	for i, p := range pages[:last] {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, p.fragOrNull()...)
	}
	return append(b, ']')
}

// fragOrNull returns p's fragment, or JSON's null for no page.
func (p *page) fragOrNull() []byte {
	if p == nil {
		return []byte("null")
	}
	return p.frag
}

// fragmentName is the path of the file of fragment group gi.
func fragmentName(gi int) string {
	return "search/p/" + strconv.Itoa(gi) + ".json"
}

// crcTable is the table of the index's checksums.
var crcTable = crc64.MakeTable(crc64.ECMA)

// Stream numbers the pages of urls in URL order before they are added,
// and has Add write each group's file with write, which must be safe for
// concurrent use, as soon as the last of its pages is added, instead of
// keeping the fragments until WriteFiles. A build calls it with every
// page it will add, so that the index holds only the fragments of groups
// still incomplete (pages are rendered in about URL order, so few are).
// Pages added that urls does not list are numbered after them, from the
// next group on, and written by WriteFiles, as are the groups some of
// whose pages were never added. WriteFiles returns the first error write
// returned. Of an index LoadState loaded, the pages of urls it holds are
// not to be added, and the files of their groups stand (see Fragment).
func (ix *Index) Stream(urls []string, write func(name string, data []byte) error) {
	urls = slices.Clone(urls)
	slices.Sort(urls)
	urls = slices.Compact(urls)
	ix.order = make(map[string]int, len(urls))
	for i, u := range urls {
		ix.order[u] = i
	}
	ix.groups = map[int]*group{}
	ix.stream = write
}

// Files returns the index's files, by path under the site root. The same
// pages give the same files, whatever order they were added in.
func (ix *Index) Files() (map[string][]byte, error) {
	var mu sync.Mutex
	files := map[string][]byte{}
	err := ix.WriteFiles(func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[name] = data
		return nil
	})
	return files, err
}

// WriteFiles calls write with each of the index's files, by path under
// the site root, as Files would return them, and stops at the first error.
// It does not hold them all at once: on a large site they are tens of
// megabytes. It calls write from several goroutines at once, as writing
// a file mostly waits on the file system; the manifest comes last, once
// every other write has returned, so a reader that finds it finds every
// file it names.
func (ix *Index) WriteFiles(write func(name string, data []byte) error) error {
	q := newWriteQueue(write)
	manifest, err := ix.writeParts(q.put)
	if err := cmp.Or(err, q.wait()); err != nil {
		return err
	}
	return write("search/manifest.json", manifest)
}

// writeParts calls write with every file but the manifest, and returns
// the manifest.
func (ix *Index) writeParts(write func(name string, data []byte) error) ([]byte, error) {
	ix.mu.RLock()
	pages := slices.DeleteFunc(slices.Clone(ix.pages), func(p *page) bool { return p.removed })
	err := ix.streamErr
	ix.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	// Pages Stream did not number follow those it did, in URL order.
	slices.SortFunc(pages, func(a, b *page) int {
		return cmp.Or(cmp.Compare(unnumbered(a), unnumbered(b)), cmp.Compare(a.ord, b.ord),
			cmp.Compare(a.url, b.url), cmp.Compare(a.title, b.title))
	})
	// The version names this exact index, so search.js can ask for
	// shards and pages with ?v= and let browsers cache them for good. It
	// guards against staleness, not tampering, so a checksum does: CRC-64
	// reads the 56 MB of a 10,000-page index in 0.04 s, where SHA-256
	// took 0.17 to 0.37 s (without SHA instructions), on one core after
	// the last page. Fragments count by their checksums, taken as they
	// were made.
	version := crc64.New(crcTable)
	put := func(name string, data []byte) error {
		version.Write([]byte(name + "\x00" + strconv.Itoa(len(data)) + "\x00"))
		version.Write(data)
		return write(name, data)
	}
	var sections, terms int
	next := (len(ix.order) + groupPages - 1) / groupPages * groupPages
	version.Write([]byte("g" + strconv.Itoa(groupPages) + "\x00"))
	for _, p := range pages {
		if p.ord < 0 {
			p.ord = next
			next++
		}
		version.Write(binary.LittleEndian.AppendUint64([]byte(strconv.Itoa(p.ord)+"\x00"), p.sum))
		sections += len(p.lens)
		for _, n := range p.lens {
			terms += int(n)
		}
	}
	if err := writeGroups(pages, write); err != nil {
		return nil, err
	}
	avgLen := float64(terms) / float64(max(sections, 1))

	type entry struct {
		term string
		l    *postings
	}
	var entries []entry
	for i := range ix.stripes {
		st := &ix.stripes[i]
		st.mu.Lock()
		for _, l := range st.terms {
			if l.n > 0 { // Remove can leave a list empty
				l.keepBest(ix, &st.tmp, keptPostings)
				entries = append(entries, entry{l.term, l})
			}
		}
		for _, l := range st.collided {
			if l.n > 0 {
				l.keepBest(ix, &st.tmp, keptPostings)
				entries = append(entries, entry{l.term, l})
			}
		}
		st.mu.Unlock()
	}
	slices.SortFunc(entries, func(a, b entry) int { return compareUTF16(a.term, b.term) })

	bounds := []string{}
	var shard, truncated bytes.Buffer
	var last string
	finish := func() error {
		if shard.Len() == 0 {
			return nil
		}
		var b bytes.Buffer
		b.WriteString(`{"p":{`)
		b.Write(shard.Bytes())
		b.WriteString(`},"x":{`)
		b.Write(truncated.Bytes())
		b.WriteString(`}}`)
		shard.Reset()
		truncated.Reset()
		return put("search/t/"+strconv.Itoa(len(bounds)-1)+".json", b.Bytes())
	}
	var list []byte
	var keys []uint64
	var best []posting
	var tmp []ranked
	for _, e := range entries {
		ps := e.l.written(ix, &best, &tmp)
		for _, p := range ps {
			if ix.pages[p.page].removed {
				return nil, errRemoved
			}
		}
		list = appendPostings(list[:0], ps, ix.pages, avgLen, &keys)
		if shard.Len() > 0 && shard.Len()+len(e.term)+len(list)+4 > ix.shardBytes {
			if err := finish(); err != nil {
				return nil, err
			}
		}
		switch {
		case len(bounds) == 0:
			// The first shard also holds whatever sorts before its
			// first term, so a lookup never falls off the start.
			bounds = append(bounds, "")
		case shard.Len() == 0:
			bounds = append(bounds, separator(last, e.term))
		default:
			shard.WriteByte(',')
		}
		// Terms are letters, numbers and marks only: none needs escaping
		// in a JSON string.
		shard.WriteByte('"')
		shard.WriteString(e.term)
		shard.WriteString(`":`)
		shard.Write(list)
		if e.l.n > len(ps) {
			if truncated.Len() > 0 {
				truncated.WriteByte(',')
			}
			truncated.WriteString(`"` + e.term + `":` + strconv.Itoa(e.l.n))
		}
		last = e.term
	}
	if err := finish(); err != nil {
		return nil, err
	}
	m := manifest{S: bounds, G: groupPages, C: sections}
	if len(bounds) > ix.dirShards {
		m.S, m.N = nil, ix.dirShards
		for i := 0; i < len(bounds); i += ix.dirShards {
			dir := bounds[i:min(i+ix.dirShards, len(bounds))]
			data, err := marshal(directory{S: dir})
			if err != nil {
				return nil, err
			}
			if err := put("search/d/"+strconv.Itoa(len(m.S))+".json", data); err != nil {
				return nil, err
			}
			m.S = append(m.S, dir[0])
		}
	}
	m.V = hex.EncodeToString(version.Sum(nil)[:5])
	return marshal(m)
}

// writeGroups writes the files of the groups of pages, which are in
// number order, that Stream did not: those with a fragment. A group's
// file is written whole, so a group of which some pages have their
// fragment and others not (written, or loaded) is an error.
func writeGroups(pages []*page, write func(name string, data []byte) error) error {
	var g [groupPages]*page
	for i := 0; i < len(pages); {
		gi, j, held := pages[i].ord/groupPages, i, 0
		g = [groupPages]*page{}
		for ; j < len(pages) && pages[j].ord/groupPages == gi; j++ {
			g[pages[j].ord%groupPages] = pages[j]
			if pages[j].frag != nil {
				held++
			}
		}
		switch {
		case held == 0:
		case held < j-i:
			return errGroup
		default:
			if err := write(fragmentName(gi), groupFile(g[:])); err != nil {
				return err
			}
		}
		i = j
	}
	return nil
}

// errGroup reports a group of pages of which some were added again and
// others not, whose file cannot be written.
var errGroup = errors.New("search: a group's file needs the fragments of pages not added")

// unnumbered is 1 for a page Stream did not number, else 0.
func unnumbered(p *page) int {
	if p.ord < 0 {
		return 1
	}
	return 0
}

// writeQueue calls a write function from one goroutine for each folder
// under search/ (the page fragments, the term shards), and keeps the first
// error it returns. Building the files is CPU work and writing them mostly
// waits on the file system, so the writers let the two overlap. A folder
// gets one writer only: systems create a folder's files one at a time, and
// a second writer in the same folder spins on its lock, taking CPU from
// the pages still being rendered.
type writeQueue struct {
	write func(name string, data []byte) error
	lanes map[string]chan namedFile // by folder under search/
	wg    sync.WaitGroup
	mu    sync.Mutex
	err   error
}

// namedFile is a file waiting in a writeQueue.
type namedFile struct {
	name string
	data []byte
}

func newWriteQueue(write func(name string, data []byte) error) *writeQueue {
	return &writeQueue{write: write, lanes: map[string]chan namedFile{}}
}

// lane returns the channel of the writer for name's folder, starting it
// on first use. Only put calls it, from one goroutine.
func (q *writeQueue) lane(name string) chan namedFile {
	folder, _, _ := strings.Cut(strings.TrimPrefix(name, "search/"), "/")
	files, ok := q.lanes[folder]
	if ok {
		return files
	}
	files = make(chan namedFile, 4)
	q.lanes[folder] = files
	q.wg.Go(func() {
		for f := range files {
			if q.failed() != nil {
				continue // after an error, only drain
			}
			if err := q.write(f.name, f.data); err != nil {
				q.mu.Lock()
				q.err = cmp.Or(q.err, err)
				q.mu.Unlock()
			}
		}
	})
	return files
}

// failed returns the first error a write returned, if any.
func (q *writeQueue) failed() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

// put queues a file to write, or returns the error a write returned.
func (q *writeQueue) put(name string, data []byte) error {
	if err := q.failed(); err != nil {
		return err
	}
	q.lane(name) <- namedFile{name, data}
	return nil
}

// wait returns once every queued file is written, or skipped after an
// error, with the first error.
func (q *writeQueue) wait() error {
	for _, files := range q.lanes {
		close(files)
	}
	q.wg.Wait()
	return q.err
}

// manifest is search/manifest.json. S lists the first term of each shard,
// or, when N is set, of each directory of N shards; C is how many
// sections the index holds, which weighs a word by how rare it is.
type manifest struct {
	V string   `json:"v"`
	S []string `json:"s"`
	N int      `json:"n,omitempty"`
	G int      `json:"g"`
	C int      `json:"c"`
}

// directory is search/d/<i>.json: the first terms of shards i*N to
// i*N+N-1.
type directory struct {
	S []string `json:"s"`
}

type fragment struct {
	U string      `json:"u"`
	T string      `json:"t"`
	S [][2]string `json:"s"`
}

// marshal encodes v as compact JSON, without escaping <, > and & (the
// files are fetched, never inlined in HTML).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// appendPostings appends a term's postings as a JSON array of triples
// [page delta, section, weight] in page and section order. Deltas keep
// the numbers, and so the shards, short. keys is working memory.
//
// The weight keeps its bits for the title and heading, and its count in
// the section's text becomes BM25's term frequency part, from 0 to 31:
// count·(k1+1) / (count + k1·(1 − b + b·length/avgLen)), scaled to its
// limit k1+1. A word's tenth mention adds little to its ninth, and a
// mention counts for more in a short section than in a long one.
func appendPostings(dst []byte, ps []posting, pages []*page, avgLen float64, keys *[]uint64) []byte {
	// Each posting packed in an integer that sorts in page and section
	// order: sorting integers is several times faster than sorting with a
	// comparison function, and a large site has millions of postings.
	ks := (*keys)[:0]
	for _, p := range ps {
		pg := pages[p.page]
		ks = append(ks, uint64(pg.ord)<<24|uint64(p.sec)<<8|uint64(bm25(p.w, pg.lens[p.sec], avgLen)))
	}
	slices.Sort(ks)
	*keys = ks
	dst = append(dst, '[')
	prev := uint64(0)
	for i, k := range ks {
		if i > 0 {
			dst = append(dst, ',')
		}
		ord := k >> 24
		dst = strconv.AppendUint(dst, ord-prev, 10)
		dst = append(dst, ',')
		dst = strconv.AppendUint(dst, k>>8&math.MaxUint16, 10)
		dst = append(dst, ',')
		dst = strconv.AppendUint(dst, k&math.MaxUint8, 10)
		prev = ord
	}
	return append(dst, ']')
}

// BM25's parameters, the usual ones.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// bm25 returns weight w with its count replaced by BM25's term frequency
// part for a section of length terms, scaled to 0–31 (1 at least for a
// word in the text).
func bm25(w uint8, length int32, avgLen float64) uint8 {
	tf := float64(w & weightCount)
	if tf == 0 {
		return w
	}
	norm := 1 - bm25B + bm25B*float64(length)/avgLen
	q := math.Round(tf / (tf + bm25K1*norm) * weightCount)
	return w&^weightCount | uint8(max(q, 1))
}

// separator returns the shortest prefix of next that sorts after prev, a
// shorter but equally good bound between two shards.
func separator(prev, next string) string {
	for i := range next {
		if i > 0 && compareUTF16(next[:i], prev) > 0 {
			return next[:i]
		}
	}
	return next
}

// compareUTF16 compares strings as JavaScript does, by UTF-16 code units.
// That differs from Go's byte order only where a character above U+FFFF
// meets one from U+E000 to U+FFFF.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return cmp.Compare(utf16Key(ra, rb), utf16Key(rb, ra))
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// utf16Key returns r, or its high surrogate when r is above U+FFFF and
// other is not, which is the code unit JavaScript compares first.
func utf16Key(r, other rune) rune {
	if r > 0xFFFF && other <= 0xFFFF {
		return 0xD800 + (r-0x10000)>>10
	}
	return r
}
