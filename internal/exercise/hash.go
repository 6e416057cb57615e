package exercise

import "strconv"

// Hash returns a stable 16-hex-digit hash of the shape of d's answers: its
// id and version, and each field's id, kind, range, factors, choices and
// a grid's rows, columns and numbers, in order. Pages key stored answers by
// it.
//
// Labels, help, scoring and examples are left out on purpose: fixing a
// typo or tuning a rule must not throw away what learners wrote, while
// renaming, adding or reordering answers must, because the stored answers
// would land in the wrong fields. An author who wants a reset anyway bumps
// Version.
func (d *Definition) Hash() string {
	// FNV-1a, 64 bit, over length-prefixed tokens so that no two different
	// token sequences serialize alike.
	h := uint64(14695981039346656037)
	put := func(tok string) {
		for _, c := range []byte(strconv.Itoa(len(tok)) + ":" + tok) {
			h ^= uint64(c)
			h *= 1099511628211
		}
	}
	put("latticework-exercise/1")
	put(d.ID)
	put(strconv.Itoa(d.Version))
	for _, f := range d.fields() {
		put("field")
		put(f.ID)
		put(string(f.Kind))
		switch f.Kind {
		case KindScale, KindList, KindItems, KindGrid:
			put(strconv.Itoa(f.Min))
			put(strconv.Itoa(f.Max))
		}
		switch f.Kind {
		case KindRating, KindItems, KindChoice:
			put(f.Justify)
			for _, fa := range f.Factors {
				put("factor")
				put(fa.ID)
			}
			for _, c := range f.Choices {
				put("choice")
				put(c.ID)
			}
		case KindGrid:
			// A tag per kind of heading, so that moving an id from the
			// rows to the columns changes the hash.
			for _, hs := range [...]struct {
				tag string
				hs  []Heading
			}{{"row", f.Rows}, {"column", f.Columns}, {"number", f.Numbers}} {
				for _, h := range hs.hs {
					put(hs.tag)
					put(h.ID)
				}
			}
		}
	}
	s := strconv.FormatUint(h, 16)
	for len(s) < 16 {
		s = "0" + s
	}
	return s
}
