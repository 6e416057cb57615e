package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/fnv"
	"io"
	"math"
)

// An index's state (AppendState) is what WriteFiles wrote it from, but
// for the pages' text: each page's URL, title, number, fragment checksum
// and section lengths, and each term's count and kept postings. A build
// keeps it, and after a few pages changed loads it (LoadState), removes
// what those pages added (Remove, from their encodings) and adds them
// again: the files are those an index of every page would write, while
// the unchanged pages are neither read nor indexed again. Their
// fragments are in the files the last build wrote (Fragment names them),
// but for the groups of the changed pages, whose files are written
// again: their other pages are removed and added again too.

// stateMagic starts a state; its number changes with the format.
const stateMagic = "latticework search state 2\n"

// errState reports a state AppendState did not write, or one that does
// not allow removing a page: the caller indexes every page instead.
var errState = errors.New("search: state does not apply")

// errRemoved reports a posting of a removed page left in the index, which
// an encoding that was not the page's would leave.
var errRemoved = errors.New("search: a removed page is still indexed")

// AppendState appends the index's state to b, as LoadState reads it. It
// must be called after WriteFiles, which numbered the pages.
func (ix *Index) AppendState(b []byte) []byte {
	buf := bytes.NewBuffer(b)
	_ = ix.WriteState(buf) // a bytes.Buffer does not fail
	return buf.Bytes()
}

// WriteState writes the index's state to w, as AppendState appends it, a
// chunk at a time: at 10,000 pages it is tens of megabytes, which a
// single buffer would take from new memory.
func (ix *Index) WriteState(w io.Writer) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	b := make([]byte, 0, 2*stateChunk)
	flush := func(force bool) error {
		if len(b) < stateChunk && !force {
			return nil
		}
		_, err := w.Write(b)
		b = b[:0]
		return err
	}
	b = append(b, stateMagic...)
	live := 0
	for _, p := range ix.pages {
		if !p.removed {
			live++
		}
	}
	b = binary.AppendUvarint(b, uint64(live))
	for _, p := range ix.pages {
		if p.removed {
			continue
		}
		b = binary.AppendUvarint(b, uint64(p.ord))
		b = appendString(b, p.url)
		b = appendString(b, p.title)
		b = binary.LittleEndian.AppendUint64(b, p.sum)
		b = binary.AppendUvarint(b, uint64(len(p.lens)))
		for _, n := range p.lens {
			b = binary.AppendUvarint(b, uint64(n))
		}
		if err := flush(false); err != nil {
			return err
		}
	}
	terms := 0
	for i := range ix.stripes {
		for _, l := range ix.stripes[i].terms {
			terms += min(l.n, 1)
		}
		for _, l := range ix.stripes[i].collided {
			terms += min(l.n, 1)
		}
	}
	b = binary.AppendUvarint(b, uint64(terms))
	appendList := func(l *postings) error {
		if l.n == 0 {
			return nil
		}
		b = appendString(b, l.term)
		b = binary.AppendUvarint(b, uint64(l.n))
		b = binary.AppendUvarint(b, uint64(len(l.best)))
		for _, p := range l.best {
			b = binary.AppendUvarint(b, uint64(ix.pages[p.page].ord))
			b = binary.AppendUvarint(b, uint64(p.sec))
			b = append(b, p.w)
		}
		return flush(false)
	}
	for i := range ix.stripes {
		for _, l := range ix.stripes[i].terms {
			if err := appendList(l); err != nil {
				return err
			}
		}
		for _, l := range ix.stripes[i].collided {
			if err := appendList(l); err != nil {
				return err
			}
		}
	}
	return flush(true)
}

// stateChunk is about how much of its state WriteState writes at a time.
const stateChunk = 64 << 10

// LoadState returns the index whose state AppendState wrote into b, its
// pages' fragments written already, or errState if b is not one.
func LoadState(b []byte) (*Index, error) {
	ix := New()
	ix.loaded, ix.dirty = map[string]uint32{}, map[int]bool{}
	d := &decoder{b: b}
	if string(d.bytes(uint64(len(stateMagic)))) != stateMagic {
		return nil, errState
	}
	pages := d.uvarint()
	if pages > uint64(len(d.b)) {
		return nil, errState
	}
	byOrd := map[uint64]uint32{}
	for range pages {
		ord := d.uvarint()
		p := &page{url: d.string(), title: d.string()}
		sum := d.bytes(8)
		n := d.uvarint()
		if d.err != nil || n == 0 || n > math.MaxUint16 || n > uint64(len(d.b)) || ord > math.MaxInt32 {
			return nil, errState
		}
		p.ord, p.sum = int(ord), binary.LittleEndian.Uint64(sum)
		p.lens = make([]int32, n)
		for i := range p.lens {
			p.lens[i] = int32(min(d.uvarint(), math.MaxInt32))
		}
		num := uint32(len(ix.pages))
		if _, dup := byOrd[ord]; dup {
			return nil, errState
		}
		if _, dup := ix.loaded[p.url]; dup {
			return nil, errState
		}
		byOrd[ord], ix.loaded[p.url] = num, num
		h := fnv.New64a()
		h.Write([]byte(p.url))
		ix.pages = append(ix.pages, p)
		ix.ranks = append(ix.ranks, h.Sum64())
	}
	terms := d.uvarint()
	if terms > uint64(len(d.b)) {
		return nil, errState
	}
	var slab []posting
	for range terms {
		t := d.bytes(d.uvarint())
		n, kept := d.uvarint(), d.uvarint()
		if d.err != nil || len(t) == 0 || kept > n || kept > 2*keptPostings || n > math.MaxInt32 || kept == 0 {
			return nil, errState
		}
		h := termHash(t)
		st := &ix.stripes[h>>32%stripes]
		l := st.list(t, h)
		if l.n != 0 {
			return nil, errState // twice
		}
		l.n = int(n)
		if uint64(len(slab)) < kept {
			slab = make([]posting, max(kept, 1<<16))
		}
		// Full capacity: adding to the list copies it out of the slab.
		l.best, slab = slab[:kept:kept], slab[kept:]
		for i := range l.best {
			num, ok := byOrd[d.uvarint()]
			sec, w := d.uvarint(), d.bytes(1)
			if !ok || d.err != nil || sec >= uint64(len(ix.pages[num].lens)) {
				return nil, errState
			}
			l.best[i] = posting{num, uint16(sec), w[0]}
		}
		if l.n > len(l.best) {
			l.setFloor(ix)
		}
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, errState
	}
	return ix, nil
}

// setFloor marks the list as cut at its worst posting.
func (l *postings) setFloor(ix *Index) {
	l.cut = true
	for i, p := range l.best {
		r := ranked{ix.ranks[p.page], p}
		if i == 0 || worse(r, l.floor) {
			l.floor = r
		}
	}
}

// Fragment returns the name of the file that holds the fragment of the
// page at url, of those LoadState loaded and Remove did not remove, if
// that file stands: if Remove took out none of its group's pages. If it
// took out one, the file is written again, with every page of the
// group: the caller must remove the page and add it again too.
func (ix *Index) Fragment(url string) (string, bool) {
	num, ok := ix.loaded[url]
	if !ok {
		return "", false
	}
	gi := ix.pages[num].ord / groupPages
	return fragmentName(gi), !ix.dirty[gi]
}

// Remove takes out of an index LoadState loaded the page at url, whose
// encoding (AddEncode) is enc, so that it can be added again. It fails
// if enc is not what the page added, or if a list it shortens no longer
// holds the best postings it must write; the index must then be given
// up.
func (ix *Index) Remove(url string, enc []byte) error {
	num, ok := ix.loaded[url]
	if !ok {
		return errState
	}
	d := &decoder{b: enc}
	if d.string() != url {
		return errEncoding
	}
	d.string() // title
	d.bytes(d.uvarint())
	for range min(d.uvarint(), uint64(len(d.b))) {
		d.uvarint()
	}
	terms := d.uvarint()
	if terms > uint64(len(d.b)) {
		return errEncoding
	}
	for range terms {
		t := d.bytes(d.uvarint())
		k := d.uvarint()
		for range min(k, uint64(len(d.b))) {
			d.uvarint()
			d.bytes(1)
		}
		if d.err != nil {
			return errEncoding
		}
		h := termHash(t)
		st := &ix.stripes[h>>32%stripes]
		l := st.terms[h]
		if l == nil || l.term != string(t) {
			l = st.collided[string(t)]
		}
		if l == nil || k == 0 || k > uint64(l.n) {
			return errState
		}
		before := len(l.best)
		l.best = deletePage(l.best, num)
		gone := uint64(before - len(l.best))
		if gone > k || !l.cut && gone != k {
			return errState
		}
		l.n -= int(k)
		// A list left empty stays, unwritten, for the page's terms to
		// find again.
		switch {
		case l.n == len(l.best):
			l.cut = false
		case len(l.best) < min(l.n, maxPostings) || len(l.best) > l.n:
			return errState
		}
	}
	if len(d.b) != 0 {
		return errEncoding
	}
	ix.pages[num].removed = true
	ix.dirty[ix.pages[num].ord/groupPages] = true
	delete(ix.loaded, url)
	return nil
}

// deletePage deletes page num's postings from ps.
func deletePage(ps []posting, num uint32) []posting {
	out := ps[:0]
	for _, p := range ps {
		if p.page != num {
			out = append(out, p)
		}
	}
	return out
}
