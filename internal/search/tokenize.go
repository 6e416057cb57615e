package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Term rules. layouts/assets/search.js applies the same rules to what a
// reader types (its norm function); a change here must be made there too,
// and TestJS checks the two agree.
//
// A word is a maximal run of Unicode letters, numbers and combining marks.
// Its term is the word lowercased, with 'ς' folded to 'σ' and combining
// marks removed (so JavaScript's toLowerCase, which turns "İ" into "i" plus
// a dot above, agrees with Go's unicode.ToLower), and then a plural 's'
// removed. Words of one letter, and words over maxTermRunes, are not
// indexed.
const (
	minTermRunes = 2
	// maxTermRunes drops runs such as hashes or words glued by markup,
	// which nobody types and which would only bloat the shards.
	maxTermRunes = 40
)

// scanTerms calls fn with the term of each indexed word of s, in order,
// and the term's FNV-1a hash, building terms in buf, which it returns for
// reuse; fn must not keep the slice it is given. It splits and folds
// words in one pass without allocations, since indexing a site runs it
// over every word.
func scanTerms(s string, buf []byte, fn func(term []byte, hash uint64)) []byte {
	buf = buf[:0]
	n := 0 // runes in buf
	for i := 0; i < len(s); {
		// Most bytes are ASCII letters: a tight loop copies a run of them.
		j := i
		for ; j < len(s); j++ {
			c := asciiTerm[s[j]]
			if c == 0 {
				break
			}
			buf = append(buf, c)
		}
		n += j - i
		if i = j; i == len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if unicode.IsMark(r) {
				continue // part of the word, but dropped
			}
			if unicode.IsLetter(r) || unicode.IsNumber(r) {
				if r = unicode.ToLower(r); r == 'ς' {
					r = 'σ'
				}
				buf = utf8.AppendRune(buf, r)
				n++
				continue
			}
		}
		if n > 0 {
			emit(buf, n, fn)
			buf, n = buf[:0], 0
		}
	}
	emit(buf, n, fn)
	return buf
}

// asciiTerm maps an ASCII letter or digit to its byte in a term, and any
// other byte to 0: ASCII ones end words, and others start a rune that
// needs decoding.
var asciiTerm = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			t[c] = byte(c)
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		}
	}
	return t
}()

// emit calls fn with the term of word w, of n runes, folded, if it is
// indexed. It is not a closure in scanTerms, whose variables can then
// stay in registers.
func emit(w []byte, n int, fn func(term []byte, hash uint64)) {
	if n < minTermRunes || n > maxTermRunes {
		return
	}
	t := stem(w, n)
	h := uint64(14695981039346656037)
	for _, c := range t {
		h = (h ^ uint64(c)) * 1099511628211
	}
	fn(t, h)
}

// stem removes a plural 's' from the term of runes characters that ends
// t, so "effects" finds "effect". It is deliberately tiny: it must be repeated exactly in
// search.js, and prefix search on the last word typed already covers most
// other endings. Terms of three letters and terms ending in "ss", "us" or
// "is" ("less", "status", "analysis") are kept whole.
func stem(t []byte, runes int) []byte {
	if runes <= 3 || t[len(t)-1] != 's' {
		return t
	}
	switch t[len(t)-2] {
	case 's', 'u', 'i':
		return t
	}
	return t[:len(t)-1]
}

// term returns the term for word, or "" if the word is not indexed.
func term(word string) string {
	var t string
	scanTerms(word, nil, func(b []byte, _ uint64) { t = string(b) })
	return t
}

// Terms returns the terms of s in order, repeats included. It is how the
// index reads titles, headings and text, exported for tests and tools that
// need to predict what a query matches.
func allTerms(s string) []string {
	var out []string
	scanTerms(s, nil, func(t []byte, _ uint64) { out = append(out, string(t)) })
	return out
}

// truncate shortens s to at most max runes, at a word boundary where
// there is one, and marks the cut with '…'.
func truncate(s string, max int) string {
	n, cut := 0, len(s)
	for i := range s {
		if n == max {
			cut = i
			break
		}
		n++
	}
	if cut == len(s) {
		return s
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > 0 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}
