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
	n, inWord := 0, false // runes of the current term; inside a word
	flush := func() {
		if inWord && n >= minTermRunes && n <= maxTermRunes {
			t := stem(buf, n)
			h := uint64(14695981039346656037)
			for _, c := range t {
				h = (h ^ uint64(c)) * 1099511628211
			}
			fn(t, h)
		}
		buf, n, inWord = buf[:0], 0, false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				buf = append(buf, c)
			case 'A' <= c && c <= 'Z':
				buf = append(buf, c+'a'-'A')
			default:
				flush()
				continue
			}
			n, inWord = n+1, true
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsMark(r):
			inWord = true // part of the word, but dropped
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if r = unicode.ToLower(r); r == 'ς' {
				r = 'σ'
			}
			buf = utf8.AppendRune(buf, r)
			n, inWord = n+1, true
		default:
			flush()
		}
	}
	flush()
	return buf
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
