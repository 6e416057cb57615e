package search

import (
	"encoding/binary"
	"errors"
	"hash/crc64"
	"math"
	"slices"
)

// A page's encoding (AddEncode) is its URL and title, its fragment (the
// page's entry in search/p/<i>.json), its sections' lengths in terms, and each
// of its terms with its postings, as uvarint-prefixed strings and
// uvarints; a term's hash is computed again.

func appendString[S string | []byte](b []byte, s S) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// encode appends p and pt's terms to b.
func (pt *pageTerms) encode(b []byte, p *page) []byte {
	// Room for all of it at once: a long page's terms and postings are
	// tens of kilobytes, which growing by doubling would copy and
	// allocate again several times per page. A uvarint takes at most binary.MaxVarintLen64
	// bytes; a section number, at most 3.
	n := len(p.url) + len(p.title) + len(p.frag) + len(pt.text) + 4*binary.MaxVarintLen64 +
		len(p.lens)*binary.MaxVarintLen32 + len(pt.hashes)*2*binary.MaxVarintLen32 + len(pt.postings)*4
	b = slices.Grow(b, n)
	b = appendString(b, p.url)
	b = appendString(b, p.title)
	b = appendString(b, p.frag)
	b = binary.AppendUvarint(b, uint64(len(p.lens)))
	for _, n := range p.lens {
		b = binary.AppendUvarint(b, uint64(n))
	}
	b = binary.AppendUvarint(b, uint64(len(pt.hashes)))
	for id := range pt.hashes {
		b = binary.AppendUvarint(b, uint64(pt.starts[id+1]-pt.starts[id]))
		b = append(b, pt.term(id)...)
		ps := pt.postings[pt.first[id]:pt.first[id+1]]
		b = binary.AppendUvarint(b, uint64(len(ps)))
		for _, sw := range ps {
			b = binary.AppendUvarint(b, uint64(sw.sec))
			b = append(b, sw.w)
		}
	}
	return b
}

// errEncoding reports an encoding AddEncode did not write, or one written
// for another URL.
var errEncoding = errors.New("search: malformed page encoding")

// decoder reads an encoding, remembering the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err, d.b = errEncoding, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes(n uint64) []byte {
	if n > uint64(len(d.b)) {
		d.err, d.b = errEncoding, nil
		return nil
	}
	s := d.b[:n:n]
	d.b = d.b[n:]
	return s
}

func (d *decoder) string() string { return string(d.bytes(d.uvarint())) }

// AddEncoded indexes the page at url from its encoding, as AddEncode
// wrote it, and fails, adding nothing, on anything else, or if the page
// was at another URL then (its fragment names it). The index keeps the
// page's fragment in enc until it is written: enc must not change.
func (ix *Index) AddEncoded(url string, enc []byte) error {
	d := &decoder{b: enc}
	if d.string() != url {
		return errEncoding
	}
	p := &page{url: url, title: d.string(), ord: -1}
	p.frag = d.bytes(d.uvarint())
	p.sum = crc64.Checksum(p.frag, crcTable)
	n := d.uvarint()
	if n == 0 || n > math.MaxUint16 || n > uint64(len(d.b)) {
		return errEncoding
	}
	p.lens = make([]int32, n)
	for i := range p.lens {
		p.lens[i] = int32(d.uvarint())
	}
	pt, _ := ix.scratch.Get().(*pageTerms)
	if pt == nil {
		pt = &pageTerms{}
	}
	pt.reset()
	terms := d.uvarint()
	if terms > uint64(len(d.b)) {
		d.err = errEncoding
	}
	pt.first = append(pt.first[:0], 0)
	pt.postings = pt.postings[:0]
	for id := 0; uint64(id) < terms && d.err == nil; id++ {
		t := d.bytes(d.uvarint())
		pt.text = append(pt.text, t...)
		pt.starts = append(pt.starts, int32(len(pt.text)))
		h := termHash(t)
		pt.hashes = append(pt.hashes, h)
		for range d.uvarint() {
			sec := d.uvarint()
			w := d.bytes(1)
			if d.err != nil || sec >= n {
				d.err = errEncoding
				break
			}
			pt.postings = append(pt.postings, secWeight{uint16(sec), w[0]})
		}
		pt.first = append(pt.first, len(pt.postings))
		s := h >> 32 % stripes
		pt.byStripe[s] = append(pt.byStripe[s], id)
	}
	if d.err != nil || len(d.b) != 0 {
		ix.scratch.Put(pt)
		return errEncoding
	}
	ix.add(p, pt)
	return nil
}
